// SPDX-License-Identifier: Apache-2.0
/* --tools. On the host: the directory cloned (open_tree), or the image's layers checked below the
 * data root and mounted as a read-only overlay (fsmount), both detached. After the join: unshare
 * the mount namespace, put a tmpfs over the copy's root, give it one entry per top-level entry of
 * the container's root (a recursive bind of it, or the same link), the tools beside them, and make
 * it read-only. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine.h"
#include "error.h"
#include "fdutil.h"
#include "macros.h"
#include "mountns.h"
#include "plan.h"
#include "safepath.h"
#include "target.h"
#include "tools.h"

#define IMAGE_REF_MAX 255
#define MIRROR_MAX    4096

extern char **environ;

static const char *const tool_dirs[] = { "usr/local/sbin", "usr/local/bin", "usr/sbin",
					 "usr/bin",	   "sbin",	    "bin" };

void tools_source_init(struct tools_source *s)
{
	*s = (struct tools_source){ 0 };
}

void tools_source_done(struct tools_source *s)
{
	free(s->dir);
	free(s->image);
	rootfs_done(&s->layers);
	free(s->data_root);
	tools_source_init(s);
}

static bool image_char(unsigned char c)
{
	return isascii(c) && (isalnum(c) || strchr("._-/:@", c));
}

static bool image_char_plain(char c)
{
	return isalnum((unsigned char)c) || strchr("._-", c);
}

/* An image reference as docker writes them (name[:tag], name@digest, an ID), percent-encoded for a
 * path; buf is written only when the whole path fits. */
static int image_path(const char *ref, char *buf, size_t size, char **reterr)
{
	size_t n = strlen(ref), len = strlen("/images/") + strlen("/json");

	if (n == 0 || n > IMAGE_REF_MAX || !isalnum((unsigned char)ref[0]))
		return error_set(
		    reterr, -EINVAL,
		    "invalid image name (1 to %d characters, starting with a letter or digit)",
		    IMAGE_REF_MAX);
	for (const char *p = ref; *p; p++) {
		if (!image_char((unsigned char)*p))
			return error_set(reterr, -EINVAL,
					 "invalid image name: only [a-zA-Z0-9._-/:@] are allowed");
		len += image_char_plain(*p) ? 1 : 3;
	}
	if (len >= size)
		return -ENAMETOOLONG;
	len = (size_t)snprintf(buf, size, "/images/");
	for (const char *p = ref; *p; p++)
		len += (size_t)snprintf(buf + len, size - len,
					image_char_plain(*p) ? "%c" : "%%%02X", (unsigned char)*p);
	snprintf(buf + len, size - len, "/json");
	return 0;
}

static int resolve_image(struct engine *e, const char *ref, struct tools_source *s, char **reterr)
{
	struct http_response r;
	char path[1024];
	int err = image_path(ref, path, sizeof(path), reterr);

	if (err >= 0)
		err = engine_get(e, path, &r, reterr);
	if (err < 0)
		return err;
	if (r.status == 404)
		err = error_set(
		    reterr, -ENOENT,
		    "--tools: no such image or directory: %s (a directory starts with / or ./)",
		    ref);
	else if (r.status != 200) {
		_cleanup_free_ char *msg = engine_error_message(&r);

		err = error_set(reterr, -EPROTO, "the daemon answered %d: %s", r.status,
				msg ? msg : "no message");
	} else
		err = rootfs_parse_image(r.body, r.body_len, &s->layers, reterr);
	http_response_done(&r);
	if (err >= 0)
		err = rootfs_fetch_data_root(e, &s->data_root, reterr);
	return err;
}

int tools_resolve(struct engine *e, const char *arg, struct tools_source *ret, char **reterr)
{
	struct tools_source s;
	int err = 0;

	tools_source_init(&s);
	if (arg[0] == '/' || arg[0] == '.')
		err = (s.dir = strdup(arg)) ? 0 : -ENOMEM;
	else if (!e)
		err = error_set(reterr, -EOPNOTSUPP,
				"--tools %s: an image is found through the Docker daemon; give a "
				"directory (/... or ./...)",
				arg);
	else if (!(s.image = strdup(arg)))
		err = -ENOMEM;
	else
		err = resolve_image(e, arg, &s, reterr);
	if (err < 0) {
		tools_source_done(&s);
		return err;
	}
	*ret = s;
	return 0;
}

static int clone_tree(int fd, int flags)
{
	int r = (int)syscall(SYS_open_tree, fd, "",
			     OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH | flags);

	return r < 0 ? negative_errno() : r;
}

/* An image of several layers: a read-only overlay of them, detached. */
static int image_overlay(const int *fds, size_t n, char **reterr)
{
	_cleanup_close_ int fs = (int)syscall(SYS_fsopen, "overlay", FSOPEN_CLOEXEC);
	char data[4096];
	size_t len = 0;
	int m;

	if (fs < 0)
		return negative_errno();
	for (size_t i = 0; i < n; i++) {
		int k = snprintf(data + len, sizeof(data) - len, "%s/proc/self/fd/%d", i ? ":" : "",
				 fds[i]);

		if (k < 0 || (size_t)k >= sizeof(data) - len)
			return error_set(reterr, -E2BIG, "the image has too many layers");
		len += (size_t)k;
	}
	if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "lowerdir", data, 0) < 0 ||
	    syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return error_set(reterr, negative_errno(), "cannot mount the image's layers: %m");
	m = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC,
			 MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
	return m < 0 ? negative_errno() : m;
}

static int open_image(const struct tools_source *s, char **reterr)
{
	_cleanup_close_ int root = -EBADF;
	int fds[ROOTFS_MAX_LAYERS], err, m = -EINVAL;
	size_t n = 0;

	err = safepath_open_data_root(s->data_root, &root, reterr);
	for (; err >= 0 && n < s->layers.n_lower; n++) {
		fds[n] = -EBADF;
		err = safepath_open_below(root, s->data_root, s->layers.lower[n], SAFEPATH_DIR,
					  &fds[n], reterr);
	}
	if (err >= 0)
		m = n == 1 ? clone_tree(fds[0], 0) : image_overlay(fds, n, reterr);
	for (size_t i = 0; i < n; i++)
		closep(&fds[i]);
	return err < 0 ? err : m;
}

static int tools_open(const struct tools_source *s, char **reterr)
{
	_cleanup_close_ int dir = -EBADF;
	int m;

	if (s->dir) {
		dir = open(s->dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (dir < 0)
			return error_set(reterr, negative_errno(), "--tools %s: %m", s->dir);
		m = clone_tree(dir, 0);
	} else {
		m = open_image(s, reterr);
	}
	if (m == -ENOSYS)
		return error_set(
		    reterr, m,
		    "--tools needs the new mount API (open_tree, fsmount, move_mount: Linux 5.2 "
		    "or later), which this kernel lacks");
	if (m < 0 && reterr && !*reterr)
		return error_set(reterr, m, "cannot mount the tools: %s", strerror(-m));
	return m;
}

static int append(char *buf, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s);

	if (*len + n + 2 > size)
		return -E2BIG;
	if (*len)
		buf[(*len)++] = ':';
	memcpy(buf + *len, s, n + 1);
	*len += n;
	return 0;
}

/* The tools' directories that exist, in PATH's order, then the tools' top directory. */
static int tools_path(int tools, char *buf, size_t size)
{
	char dir[PATH_MAX];
	size_t len = 0;
	int err = 0;

	buf[0] = '\0';
	for (size_t i = 0; err >= 0 && i < ARRAY_SIZE(tool_dirs); i++) {
		_cleanup_close_ int fd =
		    openat(tools, tool_dirs[i], O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		snprintf(dir, sizeof(dir), "%s/%s", TOOLS_PATH, tool_dirs[i]);
		if (fd >= 0)
			err = append(buf, size, &len, dir);
	}
	return err < 0 ? err : append(buf, size, &len, TOOLS_PATH);
}

static char **copy_environ(void)
{
	size_t n = 0;
	char **v;

	while (environ[n])
		n++;
	v = calloc(n + 2, sizeof(char *));
	for (size_t i = 0; v && i < n; i++)
		if (!(v[i] = strdup(environ[i]))) {
			while (i > 0)
				free(v[--i]);
			free(v);
			return NULL;
		}
	return v;
}

/* PATH=<its own>:<the tools'>, in the program's environment (ours when it has none of its own yet).
 * */
static int extend_path(struct plan *p, const char *tools)
{
	const char *old = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	size_t n = 0, at = SIZE_MAX;
	char *kv, **v;

	if (!p->env && !(p->env = copy_environ()))
		return -ENOMEM;
	for (; p->env[n]; n++)
		if (strncmp(p->env[n], "PATH=", 5) == 0) {
			at = n;
			old = p->env[n] + 5;
		}
	if (asprintf(&kv, "PATH=%s%s%s", old, *old ? ":" : "", tools) < 0)
		return -ENOMEM;
	if (at != SIZE_MAX) {
		free(p->env[at]);
		p->env[at] = kv;
		return 0;
	}
	v = realloc(p->env, (n + 2) * sizeof(char *));
	if (!v) {
		free(kv);
		return -ENOMEM;
	}
	v[n] = kv;
	v[n + 1] = NULL;
	p->env = v;
	return 0;
}

/* No program, no /bin/sh in the container: the tools' sh, first of their directories. */
static int tools_shell(const struct plan *p, int tools, char ***ret)
{
	_cleanup_close_ int own = fd_open_in_root(p->rootfd, "/bin/sh", O_PATH);
	char path[PATH_MAX];

	if (own >= 0)
		return 0;
	for (size_t i = 0; i <= ARRAY_SIZE(tool_dirs); i++) {
		const char *d = i < ARRAY_SIZE(tool_dirs) ? tool_dirs[i] : ".";
		struct stat st;

		snprintf(path, sizeof(path), "%s/sh", d);
		if (fstatat(tools, path, &st, 0) < 0 || !S_ISREG(st.st_mode))
			continue;
		snprintf(path, sizeof(path), i < ARRAY_SIZE(tool_dirs) ? "%s/%s/sh" : "%s/sh",
			 TOOLS_PATH, d);
		*ret = calloc(2, sizeof(char *));
		if (!*ret || !((*ret)[0] = strdup(path)))
			return -ENOMEM;
		return 0;
	}
	return 0;
}

int tools_plan(const struct nsenter_request *req, struct plan *p, char **reterr)
{
	char path[4096];
	int err;

	if (!(p->join & NS_BIT(NS_MNT)) || p->rootfd < 0)
		return error_set(reterr, -EINVAL,
				 "--tools works in the container's own mount namespace, which this "
				 "one shares with us");
	p->tools_fd = tools_open(req->tools, reterr);
	if (p->tools_fd < 0)
		return p->tools_fd;
	err = tools_path(p->tools_fd, path, sizeof(path));
	if (err >= 0)
		err = extend_path(p, path);
	if (err >= 0 && !(req->argv && req->argv[0]))
		err = tools_shell(p, p->tools_fd, &p->argv);
	return err == -E2BIG ? error_set(reterr, err, "the tools' PATH is too long") : err;
}

/* One top-level entry of the container's root (old) in the mirror (mirror): the same link, or a
 * recursive bind. */
static int mirror_entry(int old, int mirror, const char *name)
{
	_cleanup_close_ int clone = -EBADF;
	struct stat st;
	int fd;

	if (fstatat(old, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? 0 : negative_errno();
	if (S_ISLNK(st.st_mode)) {
		char target[PATH_MAX];
		ssize_t n = readlinkat(old, name, target, sizeof(target) - 1);

		if (n < 0)
			return negative_errno();
		target[n] = '\0';
		if (symlinkat(target, mirror, name) < 0)
			return negative_errno();
		return fchownat(mirror, name, st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) < 0
			   ? negative_errno()
			   : 0;
	}
	if (S_ISDIR(st.st_mode)
		? mkdirat(mirror, name, 0755) < 0
		: (fd = openat(mirror, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644)) < 0 ||
		      close(fd) < 0)
		return negative_errno();
	clone =
	    (int)syscall(SYS_open_tree, old, name,
			 OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_SYMLINK_NOFOLLOW);
	if (clone < 0 ||
	    syscall(SYS_move_mount, clone, "", mirror, name, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return negative_errno();
	return 0;
}

static int mirror_root(int old, int mirror, char **reterr)
{
	DIR *d;
	struct dirent *de;
	int fd = openat(old, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC), err = 0, n = 0;

	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return error_set(reterr, negative_errno(),
				 "cannot read the container's root directory: %m");
	}
	while (err >= 0 && (de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (strcmp(de->d_name, TOOLS_PATH + 1) == 0)
			err = error_set(reterr, -EEXIST, "the container has a %s of its own",
					TOOLS_PATH);
		else if (++n > MIRROR_MAX)
			err = error_set(reterr, -E2BIG,
					"the container's root directory has too many entries");
		else if ((err = mirror_entry(old, mirror, de->d_name)) < 0)
			err = error_set(reterr, err, "cannot show the container's /%s: %s",
					de->d_name, strerror(-err));
	}
	closedir(d);
	return err;
}

/* Our tmpfs with the root directory's owner and mode, detached. */
static int mirror_fs(int old)
{
	_cleanup_close_ int fs = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
	char mode[16], uid[16], gid[16];
	struct stat st;
	int m;

	if (fs < 0 || fstat(old, &st) < 0)
		return negative_errno();
	snprintf(mode, sizeof(mode), "%04o", (unsigned)(st.st_mode & 07777));
	snprintf(uid, sizeof(uid), "%u", (unsigned)st.st_uid);
	snprintf(gid, sizeof(gid), "%u", (unsigned)st.st_gid);
	if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "mode", mode, 0) < 0 ||
	    syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "uid", uid, 0) < 0 ||
	    syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "gid", gid, 0) < 0 ||
	    syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "size", "1m", 0) < 0 ||
	    syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return negative_errno();
	m = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
	return m < 0 ? negative_errno() : m;
}

/* Make the mount whose root is at name below dirfd ("" for dirfd itself) read-only, nosuid, nodev
 * and private (a clone of a shared host mount would otherwise pass mounts on to its peers): with
 * mount_setattr (Linux 5.12), else with a remount through our /proc/self/fd, reached from the
 * host's /proc by way of procfd (the container's /proc, where we are not, has no "self" for us). */
static int seal(int dirfd, const char *name, int procfd)
{
	struct mount_attr attr = { .attr_set =
				       MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV,
				   .propagation = MS_PRIVATE };
	_cleanup_close_ int fd =
	    *name ? openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC) : -EBADF;
	char proc[64];

	if (*name && fd < 0)
		return negative_errno();
	if (syscall(SYS_mount_setattr, *name ? fd : dirfd, "", AT_EMPTY_PATH, &attr,
		    sizeof(attr)) == 0)
		return 0;
	if (errno != ENOSYS)
		return negative_errno();
	snprintf(proc, sizeof(proc), "../self/fd/%d", *name ? fd : dirfd);
	if (fchdir(procfd) < 0 || mount(NULL, proc, NULL, MS_PRIVATE, NULL) < 0 ||
	    mount(NULL, proc, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) <
		0)
		return negative_errno();
	return 0;
}

int tools_attach(struct plan *p, const struct target *t, char **reterr)
{
	_cleanup_close_ int old = -EBADF, mirror = -EBADF;
	int err = mountns_unshare_private(0, reterr);

	if (err < 0)
		return err;
	old = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	mirror = old < 0 ? negative_errno() : mirror_fs(old);
	if (mirror < 0)
		return error_set(reterr, mirror, "cannot make the root directory for the tools: %s",
				 strerror(-mirror));
	/* on top of the copy's root: lookups from our root still start below it, in the container's
	 * root */
	if (syscall(SYS_move_mount, mirror, "", AT_FDCWD, "/", MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return error_set(reterr, negative_errno(),
				 "cannot attach the root directory for the tools: %m");
	err = mirror_root(old, mirror, reterr);
	if (err < 0)
		return err;
	if (mkdirat(mirror, TOOLS_PATH + 1, 0755) < 0 ||
	    syscall(SYS_move_mount, p->tools_fd, "", mirror, TOOLS_PATH + 1,
		    MOVE_MOUNT_F_EMPTY_PATH) < 0)
		err = negative_errno();
	if (err >= 0)
		err = seal(mirror, TOOLS_PATH + 1, t->procfd);
	if (err >= 0)
		err = seal(mirror, "", t->procfd);
	if (err >= 0 && fchdir(mirror) < 0)
		err = negative_errno();
	if (err < 0)
		return error_set(reterr, err, "cannot mount the tools at %s: %s", TOOLS_PATH,
				 strerror(-err));
	closep(&p->tools_fd);
	p->tools_fd = -EBADF;
	closep(&p->rootfd);
	p->rootfd = TAKE_FD(mirror);
	return 0;
}
