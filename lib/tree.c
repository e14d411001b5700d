// SPDX-License-Identifier: Apache-2.0
/* The stopped container's tree. Every path the daemon named is opened first (safepath.c), every
 * mount point is resolved inside the tree (fd_open_in_root: the container's links stay in its
 * tree), and every mount is made on /proc/self/fd/N of those fds, so no name is looked up twice and
 * no link of the container can move a mount. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "fdutil.h"
#include "macros.h"
#include "safepath.h"
#include "tree.h"

#define OVERLAY_DATA_MAX 4096 /* one page: what mount(2) passes */

static const char *const etc_dest[_ROOTFS_ETC_MAX] = {
	[ROOTFS_HOSTS] = "/etc/hosts",
	[ROOTFS_HOSTNAME] = "/etc/hostname",
	[ROOTFS_RESOLV_CONF] = "/etc/resolv.conf",
};

void tree_sources_init(struct tree_sources *s)
{
	*s = (struct tree_sources){ .data_root = -EBADF, .upper = -EBADF, .work = -EBADF };
	for (int i = 0; i < _ROOTFS_ETC_MAX; i++)
		s->etc[i] = -EBADF;
}

static void close_all(int *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		closep(&v[i]);
	free(v);
}

void tree_sources_done(struct tree_sources *s)
{
	closep(&s->data_root);
	close_all(s->lower, s->n_lower);
	closep(&s->upper);
	closep(&s->work);
	close_all(s->mount_src, s->n_mounts);
	for (int i = 0; i < _ROOTFS_ETC_MAX; i++)
		closep(&s->etc[i]);
	tree_sources_init(s);
}

void tree_notes_done(struct tree_notes *n)
{
	for (size_t i = 0; i < n->n; i++)
		free(n->v[i]);
	free(n->v);
	*n = (struct tree_notes){ 0 };
}

static void __attribute__((format(printf, 2, 3))) note(struct tree_notes *n, const char *fmt, ...)
{
	char **v = realloc(n->v, (n->n + 1) * sizeof(char *));
	va_list ap;

	if (!v)
		return;
	n->v = v;
	va_start(ap, fmt);
	if (vasprintf(&v[n->n], fmt, ap) >= 0)
		n->n++;
	va_end(ap);
}

static int *fd_array(size_t n)
{
	int *v = calloc(n ? n : 1, sizeof(int));

	for (size_t i = 0; v && i < n; i++)
		v[i] = -EBADF;
	return v;
}

static int open_layers(const struct rootfs *fs, const char *data_root, bool rw,
		       struct tree_sources *s, char **reterr)
{
	int err = 0;

	if (!(s->lower = fd_array(fs->n_lower)))
		return -ENOMEM;
	s->n_lower = fs->n_lower;
	for (size_t i = 0; err >= 0 && i < fs->n_lower; i++)
		err = safepath_open_below(s->data_root, data_root, fs->lower[i], SAFEPATH_DIR,
					  &s->lower[i], reterr);
	if (err >= 0 && fs->upper)
		err = safepath_open_below(s->data_root, data_root, fs->upper, SAFEPATH_DIR,
					  &s->upper, reterr);
	if (err >= 0 && rw)
		err = safepath_open_below(s->data_root, data_root, fs->work, SAFEPATH_DIR, &s->work,
					  reterr);
	return err;
}

static void open_mount_source(const struct rootfs_mount *m, const char *data_root,
			      const struct tree_sources *s, int *ret_fd, struct tree_notes *notes)
{
	_cleanup_free_ char *why = NULL;
	int err = 0;

	switch (m->type) {
	case ROOTFS_TMPFS: return;
	case ROOTFS_VOLUME:
		if (m->driver && *m->driver && strcmp(m->driver, "local") != 0) {
			_cleanup_free_ char *d = error_sanitize(m->driver, strlen(m->driver));

			note(notes,
			     "%s: not shown: a volume of driver '%s' keeps its files where only "
			     "the driver knows",
			     m->dest, d ? d : "?");
			return;
		}
		err = safepath_open_below(s->data_root, data_root, m->source,
					  SAFEPATH_DIR | SAFEPATH_FILE, ret_fd, &why);
		break;
	case ROOTFS_BIND:
		err = safepath_open_host(m->source, SAFEPATH_DIR | SAFEPATH_FILE | SAFEPATH_SOCKET,
					 ret_fd, &why);
		break;
	default:
		note(notes, "%s: not shown: a %s mount", m->dest, rootfs_mount_type_name(m->type));
		return;
	}
	if (err < 0)
		note(notes, "%s: not shown: %s", m->dest, why ? why : strerror(-err));
}

int tree_open(const struct rootfs *fs, const char *data_root, bool rw, struct tree_sources *ret,
	      struct tree_notes *notes, char **reterr)
{
	struct tree_sources s;
	int err;

	tree_sources_init(&s);
	err = safepath_open_data_root(data_root, &s.data_root, reterr);
	if (err >= 0)
		err = open_layers(fs, data_root, rw, &s, reterr);
	if (err >= 0 && !(s.mount_src = fd_array(fs->n_mounts)))
		err = -ENOMEM;
	if (err >= 0)
		s.n_mounts = fs->n_mounts;
	for (size_t i = 0; err >= 0 && i < fs->n_mounts; i++)
		open_mount_source(&fs->mounts[i], data_root, &s, &s.mount_src[i], notes);
	/* docker's own files of the container; podman keeps its own elsewhere, not to be trusted by
	 * this rule */
	for (int i = 0; err >= 0 && i < _ROOTFS_ETC_MAX; i++)
		if (fs->etc[i] && safepath_is_below(data_root, fs->etc[i]) &&
		    safepath_open_below(s.data_root, data_root, fs->etc[i], SAFEPATH_FILE,
					&s.etc[i], NULL) < 0)
			note(notes, "%s: not shown: %s is not a plain file of the daemon's",
			     etc_dest[i], fs->etc[i]);
	if (err < 0) {
		tree_sources_done(&s);
		return err == -ENOMEM ? error_set(reterr, err, "out of memory") : err;
	}
	*ret = s;
	return 0;
}

static int append(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + *len, size - *len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - *len)
		return -E2BIG;
	*len += (size_t)n;
	return 0;
}

/* The overlay's options, every layer named by its fd. */
static int overlay_data(const struct tree_sources *s, bool rw, char *buf, size_t size)
{
	size_t len = 0;
	int err = append(buf, size, &len, "lowerdir=");

	if (err >= 0 && !rw)
		err = append(buf, size, &len, "/proc/self/fd/%d:", s->upper);
	for (size_t i = 0; err >= 0 && i < s->n_lower; i++)
		err = append(buf, size, &len, "%s/proc/self/fd/%d", i ? ":" : "", s->lower[i]);
	if (err >= 0 && rw)
		err = append(buf, size, &len, ",upperdir=/proc/self/fd/%d,workdir=/proc/self/fd/%d",
			     s->upper, s->work);
	/* as the engines mount it: no index, whose inode numbers another mount would not share */
	if (err >= 0 && rw && access("/sys/module/overlay/parameters/index", F_OK) == 0)
		err = append(buf, size, &len, ",index=off");
	return err;
}

static int mount_overlay(const struct tree_sources *s, const char *path, bool rw,
			 unsigned long extra, char **reterr)
{
	char data[OVERLAY_DATA_MAX];
	unsigned long flags = MS_NOSUID | MS_NODEV | extra | (rw ? 0 : MS_RDONLY);

	if (overlay_data(s, rw, data, sizeof(data)) < 0)
		return error_set(reterr, -E2BIG,
				 "the container has too many layers for one overlay mount");
	if (mount("overlay", path, "overlay", flags, data) < 0)
		return error_set(reterr, negative_errno(),
				 "cannot mount the container's layers: %m");
	return 0;
}

static void proc_path(char *buf, size_t size, int fd)
{
	snprintf(buf, size, "/proc/self/fd/%d", fd);
}

/* Bind src on the mount point dest of the tree, then make the bind nosuid, nodev and, unless
 * writable, read-only. */
static int bind_into(int treefd, int src, const char *dest, bool writable, unsigned long extra)
{
	_cleanup_close_ int dst = fd_open_in_root(treefd, dest, O_PATH), top = -EBADF;
	char from[64], to[64];
	struct stat a, b;

	if (dst < 0)
		return dst;
	if (fstat(src, &a) < 0 || fstat(dst, &b) < 0)
		return negative_errno();
	if (S_ISDIR(a.st_mode) != S_ISDIR(b.st_mode))
		return S_ISDIR(a.st_mode) ? -ENOTDIR : -EISDIR;
	proc_path(from, sizeof(from), src);
	proc_path(to, sizeof(to), dst);
	if (mount(from, to, NULL, MS_BIND, NULL) < 0)
		return negative_errno();
	top = fd_open_in_root(treefd, dest, O_PATH);
	if (top < 0)
		return top;
	proc_path(to, sizeof(to), top);
	if (mount(NULL, to, NULL,
		  MS_REMOUNT | MS_BIND | MS_NOSUID | MS_NODEV | extra | (writable ? 0 : MS_RDONLY),
		  NULL) < 0)
		return negative_errno();
	return 0;
}

static int tmpfs_into(int treefd, const char *dest, unsigned long flags, const char *data)
{
	_cleanup_close_ int dst = fd_open_in_root(treefd, dest, O_PATH | O_DIRECTORY);
	char to[64];

	if (dst < 0)
		return dst;
	proc_path(to, sizeof(to), dst);
	return mount("tmpfs", to, "tmpfs", MS_NOSUID | MS_NODEV | flags, data) < 0
		   ? negative_errno()
		   : 0;
}

static bool covered(const struct rootfs *fs, const char *dest)
{
	for (size_t i = 0; i < fs->n_mounts; i++)
		if (strcmp(fs->mounts[i].dest, dest) == 0)
			return true;
	return false;
}

static void mount_all(const struct rootfs *fs, const struct tree_sources *s, int treefd, bool rw,
		      unsigned long extra, struct tree_notes *notes)
{
	for (size_t i = 0; i < fs->n_mounts; i++) {
		const struct rootfs_mount *m = &fs->mounts[i];
		int err;

		if (m->type == ROOTFS_TMPFS)
			err =
			    tmpfs_into(treefd, m->dest, extra | (rw ? 0 : MS_RDONLY), "mode=1777");
		else if (s->mount_src[i] >= 0)
			err = bind_into(treefd, s->mount_src[i], m->dest, rw && m->rw, extra);
		else
			continue; /* left out when opened, with a note */
		if (err == -ENOENT)
			note(notes,
			     "%s: not shown: its mount point is missing from the container's files "
			     "(never started?)",
			     m->dest);
		else if (err < 0)
			note(notes, "%s: not shown: %s", m->dest, strerror(-err));
	}
	for (int i = 0; i < _ROOTFS_ETC_MAX; i++)
		if (s->etc[i] >= 0 && !covered(fs, etc_dest[i]) &&
		    bind_into(treefd, s->etc[i], etc_dest[i], false, extra) < 0)
			note(notes, "%s: not shown: the container has no such file to mount it on",
			     etc_dest[i]);
}

/* The host's device node at /dev/<name>, bound on an empty file of the tree's /dev (dirfd). */
static int bind_device(int dirfd, const char *name)
{
	_cleanup_close_ int host = -EBADF, dst = -EBADF;
	char hostpath[64], from[64], to[64];
	struct stat st;
	int fd;

	snprintf(hostpath, sizeof(hostpath), "/dev/%s", name);
	host = open(hostpath, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (host < 0 || fstat(host, &st) < 0 || !S_ISCHR(st.st_mode))
		return -ENODEV;
	fd = openat(dirfd, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0666);
	if (fd < 0)
		return negative_errno();
	close(fd);
	dst = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (dst < 0)
		return negative_errno();
	proc_path(from, sizeof(from), host);
	proc_path(to, sizeof(to), dst);
	return mount(from, to, NULL, MS_BIND, NULL) < 0 ? negative_errno() : 0;
}

/* A /dev as a container gets one: a tmpfs with the usual device nodes (bound from the host's), its
 * links, a devpts instance of its own and a /dev/shm. */
static int make_dev(int treefd, char **reterr)
{
	static const char *const devices[] = { "null", "zero", "full", "random", "urandom", "tty" };
	static const char *const links[][2] = {
		{ "fd", "/proc/self/fd" },	 { "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
		{ "ptmx", "pts/ptmx" },
	};
	_cleanup_close_ int dev = -EBADF, pts = -EBADF;
	int err = tmpfs_into(treefd, "/dev", MS_NOEXEC, "mode=0755,size=64k");
	char to[64];

	if (err == -ENOENT)
		return 0; /* no /dev in its files: a container without one */
	if (err >= 0)
		dev = fd_open_in_root(treefd, "/dev", O_RDONLY | O_DIRECTORY);
	if (err >= 0 && dev < 0)
		err = dev;
	for (size_t i = 0; err >= 0 && i < ARRAY_SIZE(devices); i++)
		err = bind_device(dev, devices[i]);
	for (size_t i = 0; err >= 0 && i < ARRAY_SIZE(links); i++)
		err = symlinkat(links[i][1], dev, links[i][0]) < 0 ? negative_errno() : 0;
	if (err >= 0 && (mkdirat(dev, "pts", 0755) < 0 || mkdirat(dev, "shm", 01777) < 0))
		err = negative_errno();
	if (err >= 0 &&
	    (pts = openat(dev, "pts", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		err = negative_errno();
	if (err >= 0) {
		proc_path(to, sizeof(to), pts);
		if (mount("devpts", to, "devpts", MS_NOSUID | MS_NOEXEC,
			  "newinstance,ptmxmode=0666,mode=0620") < 0)
			err = negative_errno();
	}
	if (err >= 0)
		err = tmpfs_into(treefd, "/dev/shm", MS_NOEXEC, "mode=1777,size=65536k");
	return err < 0
		   ? error_set(reterr, err, "cannot make the container's /dev: %s", strerror(-err))
		   : 0;
}

static int mount_proc(int treefd, char **reterr)
{
	_cleanup_close_ int dst = fd_open_in_root(treefd, "/proc", O_PATH | O_DIRECTORY);
	char to[64];

	if (dst == -ENOENT)
		return 0;
	if (dst < 0)
		return error_set(reterr, dst, "cannot find the container's /proc: %s",
				 strerror(-dst));
	proc_path(to, sizeof(to), dst);
	if (mount("proc", to, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return error_set(reterr, negative_errno(),
				 "cannot mount /proc in the container's files: %m");
	return 0;
}

int tree_mount(const struct rootfs *fs, const struct tree_sources *src, const char *path, bool rw,
	       bool own_programs, struct tree_notes *notes, char **reterr)
{
	/* for the host's tools, none of its programs can be run by accident as host root: that
	 * takes --privileged */
	unsigned long extra = own_programs ? 0 : MS_NOEXEC;
	_cleanup_close_ int treefd = -EBADF;
	int err = mount_overlay(src, path, rw, extra, reterr);

	if (err < 0)
		return err;
	treefd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (treefd < 0)
		return error_set(reterr, negative_errno(), "cannot open %s: %m", path);
	mount_all(fs, src, treefd, rw, extra, notes);
	err = make_dev(treefd, reterr);
	if (err >= 0 && own_programs)
		err = mount_proc(treefd, reterr);
	return err;
}
