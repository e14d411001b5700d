// SPDX-License-Identifier: Apache-2.0
/* Pins: bind mounts of a container's namespace files that outlive its processes. The source is a
 * namespace fd opened through the proven process's /proc directory, so the pin is of the
 * container's namespace even if the PID is reused.
 *  A pin is trusted only as far as nobody but root (or the caller) could have made it: its
 * directory and marker must belong to root or the caller and be closed to writes by anybody else,
 * everything is done from one directory fd without following links, and a namespace file counts as
 * ours only when it is an nsfs mount point, the mount table shows that mount with the namespace the
 * marker recorded. A pinned network namespace lives in /run/netns (ip netns takes every file there
 * for a namespace), its marker under /run/docker-nsenter/netns. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "error.h"
#include "fdutil.h"
#include "macros.h"
#include "namespaces.h"
#include "pin.h"
#include "containerd-proto.h"
#include "userns.h"
#include "reference.h"
#include "target.h"

#define MARKER_MAGIC  "docker-nsenter pin 2\n"
#define MARKER_MAX    4096
#define MOUNTINFO_MAX (8u << 20)

struct marker {
	char *id, *name;
	bool created;
	unsigned long long ino[_NS_MAX]; /* 0: not pinned */
};

static void marker_done(struct marker *m)
{
	free(m->id);
	free(m->name);
	*m = (struct marker){ .created = false };
}

/* Root's or the caller's, and nobody else may write it. */
static int check_owner(int fd, const char *what, char **reterr)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return error_set(reterr, negative_errno(), "cannot inspect %s: %m", what);
	if ((st.st_uid != 0 && st.st_uid != getuid()) || (st.st_mode & (S_IWGRP | S_IWOTH)))
		return error_set(reterr, -EPERM,
				 "%s belongs to uid %u with mode %04o: a pin must belong to root "
				 "(or you) and be "
				 "writable by nobody else",
				 what, (unsigned)st.st_uid, (unsigned)(st.st_mode & 07777));
	return 0;
}

/* Open dir (creating it when create is set) as the trusted directory of a pin. */
static int open_pin_dir(const char *dir, bool create, bool *ret_created, char **reterr)
{
	_cleanup_close_ int fd = -EBADF;
	bool created = false;
	int err;

	if (create) {
		if (mkdir(dir, 0755) == 0)
			created = true;
		else if (errno != EEXIST)
			return error_set(reterr, negative_errno(), "cannot create %s: %m", dir);
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		err = negative_errno();
		if (created)
			rmdir(dir);
		return error_set(reterr, err, "cannot open %s: %s", dir,
				 err == -ELOOP ? "it is a symbolic link" : strerror(-err));
	}
	err = check_owner(fd, dir, reterr);
	if (err < 0)
		return err;
	if (ret_created)
		*ret_created = created;
	return TAKE_FD(fd);
}

static int parse_marker(const char *text, struct marker *m)
{
	const char *p = text + strlen(MARKER_MAGIC);

	if (strncmp(text, MARKER_MAGIC, strlen(MARKER_MAGIC)) != 0)
		return -ENOENT;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		unsigned long long ino;
		char type[16];
		int used = 0;

		if (!nl)
			return -EBADMSG;
		if (n > 3 && strncmp(p, "id=", 3) == 0 && !m->id)
			m->id = strndup(p + 3, n - 3);
		else if (n >= 5 && strncmp(p, "name=", 5) == 0 && !m->name)
			m->name = strndup(p + 5, n - 5);
		else if (n == 11 && strncmp(p, "created=yes", 11) == 0)
			m->created = true;
		else if (n == 10 && strncmp(p, "created=no", 10) == 0)
			m->created = false;
		else if (sscanf(p, "ns=%15[a-z]:%llu%n", type, &ino, &used) == 2 &&
			 (size_t)used == n && ino > 0) {
			int i = ns_from_name(type);

			if (i < 0 || m->ino[i])
				return -EBADMSG;
			m->ino[i] = ino;
		} else if (strncmp(p, "pid=", 4) != 0) {
			return -EBADMSG;
		}
		p += n + 1;
	}
	/* a Docker ID, or a containerd or CRI-O one (a containerd identifier includes Docker's and
	 * CRI-O's IDs) */
	if (!m->id || !m->name || !containerd_valid_id(m->id, false) ||
	    (m->name[0] && (m->name[0] == '/' || reference_validate(m->name, NULL) < 0)))
		return -EBADMSG;
	return 0;
}

/* Read the marker name below dirfd; -ENOENT when there is none, or it is no marker of ours. */
static int read_marker(int dirfd, const char *name, struct marker *ret, char **reterr)
{
	_cleanup_close_ int pfd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC), fd = -EBADF;
	_cleanup_free_ char *text = NULL;
	struct marker m = { .created = false };
	struct stat st;
	int err;

	if (pfd < 0)
		return errno == ENOENT ? -ENOENT
				       : error_set(reterr, negative_errno(),
						   "cannot open the pin's marker: %m");
	if (fstat(pfd, &st) < 0 || !S_ISREG(st.st_mode))
		return -ENOENT;
	err = check_owner(pfd, "the pin's marker", reterr);
	if (err < 0)
		return err;
	fd = fd_reopen(pfd, O_RDONLY | O_NONBLOCK);
	err = fd < 0 ? fd : fd_read_file(fd, NULL, MARKER_MAX, &text, NULL);
	if (err < 0)
		return error_set(reterr, err, "cannot read the pin's marker: %s", strerror(-err));
	err = parse_marker(text, &m);
	if (err < 0) {
		marker_done(&m);
		return err;
	}
	*ret = m;
	return 0;
}

static int write_marker(int dirfd, const char *name, const struct target *t, bool created,
			const unsigned long long ino[], char **reterr)
{
	_cleanup_close_ int fd =
	    openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	char buf[1024];
	int n, k;

	if (fd < 0)
		return error_set(reterr, negative_errno(), "cannot create the pin's marker: %m");
	n = snprintf(buf, sizeof(buf), MARKER_MAGIC "id=%s\nname=%s\npid=%d\ncreated=%s\n",
		     t->info.id, t->info.name ? t->info.name : "", (int)t->pid,
		     created ? "yes" : "no");
	for (int i = 0; i < _NS_MAX && n > 0 && (size_t)n < sizeof(buf); i++)
		if (ino[i] && (k = snprintf(buf + n, sizeof(buf) - (size_t)n, "ns=%s:%llu\n",
					    ns_name(i), ino[i])) > 0)
			n += k;
	if (n < 0 || (size_t)n >= sizeof(buf) || write(fd, buf, (size_t)n) != n)
		return error_set(reterr, -EIO, "cannot write the pin's marker");
	return 0;
}

/* The mount ID of the file at fd (statx, Linux 5.8), 0 when the kernel cannot say. */
static uint64_t mount_id(int fd)
{
	struct statx stx;

	if (statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &stx) < 0 ||
	    !(stx.stx_mask & STATX_MNT_ID))
		return 0;
	return stx.stx_mnt_id;
}

/* Whether our mount table has mount id as an nsfs mount of namespace "TYPE:[INO]". */
static bool mount_table_shows(uint64_t id, enum ns_type type, unsigned long long ino)
{
	_cleanup_free_ char *mi = NULL;
	char want[64];

	if (fd_read_file(AT_FDCWD, "/proc/self/mountinfo", MOUNTINFO_MAX, &mi, NULL) < 0)
		return false;
	snprintf(want, sizeof(want), "%s:[%llu]", ns_proc_file(type), ino);
	for (char *line = strtok(mi, "\n"); line; line = strtok(NULL, "\n")) {
		char root[64];
		uint64_t mid;
		const char *dash;

		if (sscanf(line, "%" SCNu64 " %*u %*u:%*u %63s", &mid, root) != 2 || mid != id)
			continue;
		dash = strstr(line, " - ");
		return strcmp(root, want) == 0 && dash && strncmp(dash + 3, "nsfs ", 5) == 0;
	}
	return false;
}

/* 1 when the entry name below dirfd is the pinned namespace type with inode ino: an nsfs mount
 * point that the mount table shows as that namespace; 0 when it is anything else; -errno when it
 * cannot be told. */
static int entry_is_pin(int dirfd, const char *name, enum ns_type type, unsigned long long ino)
{
	_cleanup_close_ int fd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	struct statfs sf;
	struct stat st;
	uint64_t id;

	if (fd < 0)
		return errno == ENOENT ? 0 : negative_errno();
	if (fstatfs(fd, &sf) < 0 || fstat(fd, &st) < 0)
		return negative_errno();
	if (sf.f_type != NSFS_MAGIC || st.st_ino != ino)
		return 0;
	id = mount_id(fd);
	/* before Linux 5.8 an nsfs file in a directory can only be a mount point: the inode proves
	 * it */
	return id == 0 || mount_table_shows(id, type, ino);
}

/* /proc/self/fd/DIRFD/NAME: a path to an entry that resolves through our open directory, not its
 * path. */
static void fd_path(char *buf, size_t size, int dirfd, const char *name)
{
	snprintf(buf, size, "/proc/self/fd/%d/%s", dirfd, name);
}

/* Bind the namespace file type of the process at procfd onto the new empty file name below dirfd.
 * */
static int bind_ns(int procfd, enum ns_type type, int dirfd, const char *name,
		   unsigned long long *ret_ino, char **reterr)
{
	_cleanup_close_ int nsfd = -EBADF, fd = -EBADF;
	char src[64], dst[PATH_MAX], rel[32];
	struct stat st;

	snprintf(rel, sizeof(rel), "ns/%s", ns_proc_file(type));
	nsfd = openat(procfd, rel, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0 || fstat(nsfd, &st) < 0)
		return error_set(reterr, negative_errno(),
				 "cannot open the container's %s namespace: %m", ns_name(type));
	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0444);
	if (fd < 0)
		return error_set(reterr, negative_errno(), "cannot create the pin file %s: %m",
				 name);
	snprintf(src, sizeof(src), "/proc/self/fd/%d", nsfd);
	fd_path(dst, sizeof(dst), dirfd, name);
	if (mount(src, dst, NULL, MS_BIND, NULL) < 0)
		return error_set(reterr, negative_errno(), "cannot bind-mount the %s namespace: %m",
				 ns_name(type));
	*ret_ino = st.st_ino;
	return 0;
}

/* Unmount and remove the entry name below dirfd when it is a pin of type with inode ino; an empty
 * file that is no longer mounted (our placeholder) is removed too; anything else is left and
 * refused. */
static int remove_entry(int dirfd, const char *name, enum ns_type type, unsigned long long ino,
			char **reterr)
{
	char path[PATH_MAX];
	struct stat st;
	int r;

	fd_path(path, sizeof(path), dirfd, name);
	while ((r = entry_is_pin(dirfd, name, type, ino)) > 0)
		if (umount2(path, UMOUNT_NOFOLLOW) < 0)
			return error_set(reterr, negative_errno(),
					 "cannot unmount the pinned %s namespace: %m", name);
	if (r < 0)
		return error_set(reterr, r, "cannot inspect the pin file %s: %s", name,
				 strerror(-r));
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT
			   ? 0
			   : error_set(reterr, negative_errno(), "cannot inspect %s: %m", name);
	if (!S_ISREG(st.st_mode) || st.st_size != 0)
		return error_set(reterr, -EPERM,
				 "%s is not a pin of docker-nsenter (left as it is)", name);
	if (unlinkat(dirfd, name, 0) < 0)
		return error_set(reterr, negative_errno(), "cannot remove %s: %m", name);
	return 0;
}

/* 1 when the directory holds nothing, 0 when it holds something, -errno when it cannot be read. */
static int dir_is_empty(int dirfd)
{
	int fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 3);
	struct dirent *de;
	int empty = 1;
	DIR *d;

	if (fd < 0)
		return negative_errno();
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

/* Remove the namespace files the marker lists, the marker, and the directory when we created it. */
static int unpin_dir_contents(int dirfd, const char *dir, const struct marker *m, char **reterr)
{
	int err;

	for (int i = 0; i < _NS_MAX; i++)
		if (m->ino[i] &&
		    (err = remove_entry(dirfd, ns_proc_file(i), i, m->ino[i], reterr)) < 0)
			return err;
	if (unlinkat(dirfd, PIN_MARKER, 0) < 0 && errno != ENOENT)
		return error_set(reterr, negative_errno(), "cannot remove the pin's marker: %m");
	if (m->created && rmdir(dir) < 0)
		return error_set(reterr, negative_errno(), "cannot remove %s: %m", dir);
	return 0;
}

/* The namespaces of t's process, each bound below dirfd; what was bound is recorded in ino. */
static int pin_dir_files(const struct target *t, int dirfd, unsigned long long ino[], char **reterr)
{
	char rel[32];
	int err;

	for (int i = 0; i < _NS_MAX; i++) {
		snprintf(rel, sizeof(rel), "ns/%s", ns_proc_file(i));
		if (faccessat(t->procfd, rel, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
			continue; /* the kernel lacks this type */
		err = bind_ns(t->procfd, i, dirfd, ns_proc_file(i), &ino[i], reterr);
		if (err < 0)
			return err;
	}
	return 0;
}

/* A pin is a bind mount in the host's mount namespace: root's alone, whatever the container. */
static int need_root(char **reterr)
{
	if (userns_privileged())
		return 0;
	return error_set(reterr, -EPERM,
			 "pinning needs root: a pin is a bind mount in the host's mount namespace");
}

int pin_dir(const struct target *t, const char *dir, char **reterr)
{
	_cleanup_close_ int dirfd = -EBADF;
	struct marker m = { .created = false };
	unsigned long long ino[_NS_MAX] = { 0 };
	bool created;
	int err = need_root(reterr);

	if (err < 0)
		return err;
	dirfd = open_pin_dir(dir, true, &created, reterr);
	if (dirfd < 0)
		return dirfd;
	err = read_marker(dirfd, PIN_MARKER, &m, NULL);
	marker_done(&m);
	if (err == 0)
		return error_set(reterr, -EEXIST, "%s is already a pin; --unpin it first", dir);
	err = dir_is_empty(dirfd);
	if (err <= 0)
		return err < 0 ? error_set(reterr, err, "cannot read %s: %s", dir, strerror(-err))
			       : error_set(reterr, -ENOTEMPTY,
					   "%s is not empty and not a pin of docker-nsenter", dir);
	err = pin_dir_files(t, dirfd, ino, reterr);
	if (err >= 0)
		err = write_marker(dirfd, PIN_MARKER, t, created, ino, reterr);
	if (err < 0) {
		/* undo exactly what was made */
		struct marker undo = { .created = created };

		memcpy(undo.ino, ino, sizeof(ino));
		for (int i = 0; i < _NS_MAX; i++)
			if (!undo.ino[i] &&
			    faccessat(dirfd, ns_proc_file(i), F_OK, AT_SYMLINK_NOFOLLOW) == 0)
				unlinkat(dirfd, ns_proc_file(i), 0);
		unpin_dir_contents(dirfd, dir, &undo, NULL);
	}
	return err;
}

/* Open the existing pin dir and read its marker: the directory's fd, or -ENOENT when dir is not a
 * pin of ours. */
static int open_pin(const char *dir, struct marker *ret, char **reterr)
{
	_cleanup_close_ int dirfd = open_pin_dir(dir, false, NULL, reterr);
	int err;

	if (dirfd == -ENOENT)
		return error_set(reterr, -ENOENT, "%s is not a pin of docker-nsenter", dir);
	if (dirfd < 0)
		return dirfd;
	err = read_marker(dirfd, PIN_MARKER, ret, reterr);
	if (err == -ENOENT || err == -EBADMSG)
		return error_set(reterr, -ENOENT, "%s is not a pin of docker-nsenter", dir);
	return err < 0 ? err : TAKE_FD(dirfd);
}

int unpin_dir(const char *dir, char **reterr)
{
	struct marker m = { .created = false };
	_cleanup_close_ int dirfd = open_pin(dir, &m, reterr);
	int err;

	if (dirfd < 0)
		return dirfd;
	err = unpin_dir_contents(dirfd, dir, &m, reterr);
	marker_done(&m);
	return err;
}

int pin_netns_name_validate(const char *name, char **reterr)
{
	size_t len = strlen(name);

	if (len == 0 || len > 255 || strchr(name, '/') || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0 || name[0] == '.')
		return error_set(reterr, -EINVAL, "invalid network namespace name '%s'", name);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)name[i] <= ' ' || name[i] == 0x7f)
			return error_set(reterr, -EINVAL, "invalid network namespace name '%s'",
					 name);
	return 0;
}

static int mkdir_p(const char *path, mode_t mode)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, mode) < 0 && errno != EEXIST)
				return negative_errno();
			*p = '/';
		}
	return mkdir(buf, mode) < 0 && errno != EEXIST ? negative_errno() : 0;
}

/* /run/netns and our marker directory, both opened as trusted pin directories. */
static int open_netns_dirs(bool create, int *ret_netns, int *ret_markers, bool *ret_created_netns,
			   char **reterr)
{
	_cleanup_close_ int netns = -EBADF, markers = -EBADF;
	bool created = create && access(PIN_NETNS_DIR, F_OK) < 0;

	if (create && (mkdir_p(PIN_NETNS_DIR, 0755) < 0 || mkdir_p(PIN_NETNS_MARKERS, 0755) < 0))
		return error_set(reterr, negative_errno(), "cannot create %s or %s: %m",
				 PIN_NETNS_DIR, PIN_NETNS_MARKERS);
	netns = open_pin_dir(PIN_NETNS_DIR, false, NULL, reterr);
	if (netns < 0)
		return netns;
	markers = open_pin_dir(PIN_NETNS_MARKERS, false, NULL, reterr);
	if (markers < 0)
		return markers;
	*ret_netns = TAKE_FD(netns);
	*ret_markers = TAKE_FD(markers);
	*ret_created_netns = created;
	return 0;
}

int pin_netns(const struct target *t, const char *name, char **reterr)
{
	_cleanup_close_ int netns = -EBADF, markers = -EBADF;
	unsigned long long ino[_NS_MAX] = { 0 };
	bool created_dir;
	int err;

	err = pin_netns_name_validate(name, reterr);
	if (err >= 0)
		err = need_root(reterr);
	if (err >= 0)
		err = open_netns_dirs(true, &netns, &markers, &created_dir, reterr);
	if (err < 0)
		return err;
	if (faccessat(netns, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
		return error_set(reterr, -EEXIST, "network namespace '%s' already exists (%s/%s)",
				 name, PIN_NETNS_DIR, name);
	err = bind_ns(t->procfd, NS_NET, netns, name, &ino[NS_NET], reterr);
	if (err >= 0)
		err = write_marker(markers, name, t, created_dir, ino, reterr);
	if (err < 0) {
		if (ino[NS_NET])
			remove_entry(netns, name, NS_NET, ino[NS_NET], NULL);
		else
			unlinkat(netns, name, 0);
	}
	return err;
}

int unpin_netns(const char *name, char **reterr)
{
	_cleanup_close_ int netns = -EBADF, markers = -EBADF;
	struct marker m = { .created = false };
	bool unused;
	int err;

	err = pin_netns_name_validate(name, reterr);
	if (err >= 0)
		err = open_netns_dirs(false, &netns, &markers, &unused, reterr);
	if (err < 0)
		return err == -ENOENT
			   ? error_set(reterr, err,
				       "network namespace '%s' is not a pin of docker-nsenter",
				       name)
			   : err;
	err = read_marker(markers, name, &m, reterr);
	if (err == -ENOENT || err == -EBADMSG || (err >= 0 && !m.ino[NS_NET])) {
		marker_done(&m);
		return error_set(reterr, -ENOENT,
				 "network namespace '%s' is not a pin of docker-nsenter", name);
	}
	if (err < 0)
		return err;
	err = remove_entry(netns, name, NS_NET, m.ino[NS_NET], reterr);
	if (err >= 0 && unlinkat(markers, name, 0) < 0)
		err = error_set(reterr, negative_errno(), "cannot remove the marker of '%s': %m",
				name);
	if (err >= 0) {
		/* the marker directories are ours; /run/netns is ip netns's and stays unless we
		 * made it and it is empty */
		(void)rmdir(PIN_NETNS_MARKERS);
		(void)rmdir("/run/docker-nsenter");
		if (m.created)
			(void)rmdir(PIN_NETNS_DIR);
	}
	marker_done(&m);
	return err;
}

int pin_open_target(const char *dir, struct target *t, char **reterr)
{
	struct marker m = { .created = false };
	_cleanup_close_ int dirfd = open_pin(dir, &m, reterr);
	int err = dirfd < 0 ? dirfd : 0;

	for (int i = 0; err >= 0 && i < _NS_MAX; i++) {
		const char *file = ns_proc_file(i);
		int r = faccessat(dirfd, file, F_OK, AT_SYMLINK_NOFOLLOW) < 0 ? -ENOENT
			: m.ino[i] ? entry_is_pin(dirfd, file, i, m.ino[i])
				   : 0;

		if (r == 0)
			err = error_set(reterr, -EINVAL, "%s/%s is not a pinned namespace", dir,
					file);
		else if (r < 0 && r != -ENOENT)
			err = error_set(reterr, r, "cannot inspect %s/%s: %s", dir, file,
					strerror(-r));
	}
	if (err < 0) {
		marker_done(&m);
		return err;
	}
	t->info.id = TAKE_PTR(m.id);
	t->info.name = TAKE_PTR(m.name);
	t->nsfd = TAKE_FD(dirfd);
	marker_done(&m);
	return 0;
}
