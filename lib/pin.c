// SPDX-License-Identifier: Apache-2.0
/* Pins: bind mounts (through libmount) of a container's /proc/PID/ns/<type> files. The source is a namespace fd opened
 * through the proven process's /proc directory, so the pin is of the container's namespace even if the PID is reused.
 * A pin directory carries a marker file naming the container; a pinned network namespace has its marker under
 * /run/docker-nsenter/netns, since ip netns takes every file of /run/netns for a namespace. Nothing is removed that
 * has no marker of ours. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>

#include "error.h"
#include "fdutil.h"
#include "macros.h"
#include "mountlib.h"
#include "nsenter.h"
#include "pin.h"

#define MARKER_MAX 4096

static void mnt_context_freep(struct libmnt_context **c)
{
	if (*c)
		sym_mnt_free_context(*c);
}

static struct libmnt_context *new_context(const char *target)
{
	struct libmnt_context *c;

	if (mountlib_load(NULL) < 0)
		return NULL;
	c = sym_mnt_new_context();
	if (!c)
		return NULL;
	if (sym_mnt_context_disable_canonicalize(c, 1) < 0 || sym_mnt_context_disable_helpers(c, 1) < 0 ||
	    sym_mnt_context_disable_mtab(c, 1) < 0 || sym_mnt_context_set_target(c, target) < 0) {
		sym_mnt_free_context(c);
		return NULL;
	}
	return c;
}

/* Bind the namespace file TYPE of the process at procfd onto target, which must exist. */
static int bind_ns(int procfd, enum ns_type type, const char *target, char **reterr)
{
	_cleanup_(mnt_context_freep) struct libmnt_context *c = new_context(target);
	_cleanup_close_ int fd = -EBADF;
	char path[32], src[64];
	int r;

	snprintf(path, sizeof(path), "ns/%s", ns_name(type));
	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return error_set(reterr, negative_errno(), "cannot open the container's %s namespace: %m",
				 ns_name(type));
	snprintf(src, sizeof(src), "/proc/self/fd/%d", fd);
	if (!c || sym_mnt_context_set_source(c, src) < 0 || sym_mnt_context_set_mflags(c, MS_BIND) < 0)
		return error_set(reterr, -ENOMEM, "cannot set up libmount");
	r = sym_mnt_context_mount(c);
	if (r != 0 || sym_mnt_context_get_status(c) != 1) {
		int err = r < 0 ? r : -sym_mnt_context_get_syscall_errno(c);

		return error_set(reterr, err < 0 ? err : -EIO, "cannot bind-mount the %s namespace on %s: %s",
				 ns_name(type), target, strerror(err < 0 ? -err : EIO));
	}
	return 0;
}

static bool is_ns_mount(const char *path)
{
	struct statfs sf;

	return statfs(path, &sf) == 0 && sf.f_type == NSFS_MAGIC;
}

static int unmount_ns(const char *target, char **reterr)
{
	_cleanup_(mnt_context_freep) struct libmnt_context *c = new_context(target);
	int r;

	if (!c)
		return error_set(reterr, -ENOMEM, "cannot set up libmount");
	r = sym_mnt_context_umount(c);
	if (r != 0 || sym_mnt_context_get_status(c) != 1) {
		int err = r < 0 ? r : -sym_mnt_context_get_syscall_errno(c);

		return error_set(reterr, err < 0 ? err : -EIO, "cannot unmount %s: %s", target,
				 strerror(err < 0 ? -err : EIO));
	}
	return 0;
}

/* Unmount and remove path when it is a namespace pin; a plain leftover file is removed too. */
static int remove_pin_file(const char *path, char **reterr)
{
	int err;

	while (is_ns_mount(path)) {
		err = unmount_ns(path, reterr);
		if (err < 0)
			return err;
	}
	if (unlink(path) < 0 && errno != ENOENT)
		return error_set(reterr, negative_errno(), "cannot remove %s: %m", path);
	return 0;
}

static int write_marker(const char *path, const struct target *t, bool created, char **reterr)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
	char buf[512];
	int n;

	if (fd < 0)
		return error_set(reterr, negative_errno(), "cannot create %s: %m", path);
	n = snprintf(buf, sizeof(buf), "docker-nsenter pin\nid=%s\nname=%s\npid=%d\ncreated=%s\n", t->info.id,
		     t->info.name ? t->info.name : "", (int)t->pid, created ? "yes" : "no");
	if (n < 0 || (size_t)n >= sizeof(buf) || write(fd, buf, (size_t)n) != n)
		return error_set(reterr, -EIO, "cannot write %s", path);
	return 0;
}

/* Read a marker of ours: 0, *ret_created and (when ret_text) its text, or -ENOENT when path is no marker of
 * docker-nsenter. */
static int read_marker_text(const char *path, bool *ret_created, char **ret_text)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	_cleanup_free_ char *buf = NULL;
	size_t len;
	int err;

	if (fd < 0)
		return errno == ELOOP ? -ENOENT : negative_errno();
	err = fd_read_file(fd, NULL, MARKER_MAX, &buf, &len);
	if (err < 0)
		return err;
	if (strncmp(buf, "docker-nsenter pin\n", 19) != 0)
		return -ENOENT;
	*ret_created = strstr(buf, "\ncreated=yes\n") != NULL;
	if (ret_text)
		*ret_text = TAKE_PTR(buf);
	return 0;
}

static int read_marker(const char *path, bool *ret_created)
{
	return read_marker_text(path, ret_created, NULL);
}

/* 1 when dir holds nothing, 0 when it holds something, -errno when it cannot be read. */
static int dir_is_empty(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
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

static int path_join(char *buf, size_t size, const char *dir, const char *name, char **reterr)
{
	int n = snprintf(buf, size, "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= size)
		return error_set(reterr, -ENAMETOOLONG, "%s: path too long", dir);
	return 0;
}

/* Remove the namespace files of a pin directory, its marker, and the directory when we created it. */
static int unpin_dir_contents(const char *dir, bool created, char **reterr)
{
	char path[PATH_MAX];
	int err;

	for (int i = 0; i < _NS_MAX; i++) {
		err = path_join(path, sizeof(path), dir, ns_name(i), reterr);
		if (err >= 0)
			err = remove_pin_file(path, reterr);
		if (err < 0)
			return err;
	}
	err = path_join(path, sizeof(path), dir, PIN_MARKER, reterr);
	if (err < 0)
		return err;
	if (unlink(path) < 0 && errno != ENOENT)
		return error_set(reterr, negative_errno(), "cannot remove %s: %m", path);
	if (created && rmdir(dir) < 0)
		return error_set(reterr, negative_errno(), "cannot remove %s: %m", dir);
	return 0;
}

static int check_pin_target(const char *dir, bool *ret_created, char **reterr)
{
	char marker[PATH_MAX];
	bool created;
	int err;

	err = path_join(marker, sizeof(marker), dir, PIN_MARKER, reterr);
	if (err < 0)
		return err;
	if (read_marker(marker, &created) == 0)
		return error_set(reterr, -EEXIST, "%s is already a pin; --unpin it first", dir);
	if (mkdir(dir, 0755) == 0) {
		*ret_created = true;
		return 0;
	}
	if (errno != EEXIST)
		return error_set(reterr, negative_errno(), "cannot create %s: %m", dir);
	err = dir_is_empty(dir);
	if (err < 0)
		return error_set(reterr, err, "cannot read %s: %s", dir, strerror(-err));
	if (err == 0)
		return error_set(reterr, -ENOTEMPTY, "%s is not empty and not a pin of docker-nsenter", dir);
	*ret_created = false;
	return 0;
}

static int pin_dir_files(const struct target *t, const char *dir, char **reterr)
{
	char path[PATH_MAX], ns[32];
	int err;

	for (int i = 0; i < _NS_MAX; i++) {
		_cleanup_close_ int fd = -EBADF;

		snprintf(ns, sizeof(ns), "ns/%s", ns_name(i));
		if (faccessat(t->procfd, ns, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
			continue; /* the kernel lacks this type */
		err = path_join(path, sizeof(path), dir, ns_name(i), reterr);
		if (err < 0)
			return err;
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0444);
		if (fd < 0)
			return error_set(reterr, negative_errno(), "cannot create %s: %m", path);
		err = bind_ns(t->procfd, i, path, reterr);
		if (err < 0)
			return err;
	}
	return 0;
}

int pin_dir(const struct target *t, const char *dir, char **reterr)
{
	char marker[PATH_MAX];
	bool created = false;
	int err;

	err = check_pin_target(dir, &created, reterr);
	if (err < 0)
		return err;
	err = path_join(marker, sizeof(marker), dir, PIN_MARKER, reterr);
	if (err >= 0)
		err = write_marker(marker, t, created, reterr);
	if (err >= 0)
		err = pin_dir_files(t, dir, reterr);
	if (err < 0)
		unpin_dir_contents(dir, created, NULL);
	return err;
}

int unpin_dir(const char *dir, char **reterr)
{
	char marker[PATH_MAX];
	bool created;
	int err;

	err = path_join(marker, sizeof(marker), dir, PIN_MARKER, reterr);
	if (err < 0)
		return err;
	if (read_marker(marker, &created) < 0)
		return error_set(reterr, -ENOENT, "%s is not a pin of docker-nsenter", dir);
	return unpin_dir_contents(dir, created, reterr);
}

int pin_netns_name_validate(const char *name, char **reterr)
{
	size_t len = strlen(name);

	if (len == 0 || len > 255 || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    name[0] == '.')
		return error_set(reterr, -EINVAL, "invalid network namespace name '%s'", name);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)name[i] <= ' ' || name[i] == 0x7f)
			return error_set(reterr, -EINVAL, "invalid network namespace name '%s'", name);
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

/* The /run/netns entry of a valid name and the marker that says it is ours; both buffers are PATH_MAX long. */
static int netns_paths(const char *name, char *path, char *marker, char **reterr)
{
	int err = pin_netns_name_validate(name, reterr);

	if (err < 0)
		return err;
	snprintf(path, PATH_MAX, "%s/%s", PIN_NETNS_DIR, name);
	snprintf(marker, PATH_MAX, "%s/%s", PIN_NETNS_MARKERS, name);
	return 0;
}

int pin_netns(const struct target *t, const char *name, char **reterr)
{
	char path[PATH_MAX], marker[PATH_MAX];
	_cleanup_close_ int fd = -EBADF;
	bool created_dir;
	int err;

	err = netns_paths(name, path, marker, reterr);
	if (err < 0)
		return err;
	created_dir = access(PIN_NETNS_DIR, F_OK) < 0;
	if (mkdir_p(PIN_NETNS_DIR, 0755) < 0 || mkdir_p(PIN_NETNS_MARKERS, 0755) < 0)
		return error_set(reterr, negative_errno(), "cannot create %s or %s: %m", PIN_NETNS_DIR,
				 PIN_NETNS_MARKERS);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0444);
	if (fd < 0 && errno == EEXIST)
		return error_set(reterr, -EEXIST, "network namespace '%s' already exists (%s)", name, path);
	if (fd < 0)
		return error_set(reterr, negative_errno(), "cannot create %s: %m", path);
	err = write_marker(marker, t, created_dir, reterr);
	if (err >= 0)
		err = bind_ns(t->procfd, NS_NET, path, reterr);
	if (err < 0) {
		remove_pin_file(path, NULL);
		unlink(marker);
	}
	return err;
}

int unpin_netns(const char *name, char **reterr)
{
	char path[PATH_MAX], marker[PATH_MAX];
	bool created;
	int err;

	err = netns_paths(name, path, marker, reterr);
	if (err < 0)
		return err;
	if (read_marker(marker, &created) < 0)
		return error_set(reterr, -ENOENT, "network namespace '%s' is not a pin of docker-nsenter", name);
	err = remove_pin_file(path, reterr);
	if (err < 0)
		return err;
	if (unlink(marker) < 0)
		return error_set(reterr, negative_errno(), "cannot remove %s: %m", marker);
	/* the marker directories are ours; /run/netns is ip netns's and stays unless we made it and it is empty */
	(void)rmdir(PIN_NETNS_MARKERS);
	(void)rmdir("/run/docker-nsenter");
	if (created)
		(void)rmdir(PIN_NETNS_DIR);
	return 0;
}

/* The value of "key=" in a marker's text, copied; "" when absent. */
static char *marker_value(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (p && *p) {
		if (strncmp(p, key, klen) == 0 && p[klen] == '=')
			return strndup(p + klen + 1, strcspn(p + klen + 1, "\n"));
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return strdup("");
}

int pin_open_target(const char *dir, struct target *t, char **reterr)
{
	_cleanup_free_ char *text = NULL;
	_cleanup_close_ int fd = -EBADF;
	char path[PATH_MAX];
	bool created;
	int err;

	err = path_join(path, sizeof(path), dir, PIN_MARKER, reterr);
	if (err < 0)
		return err;
	if (read_marker_text(path, &created, &text) < 0)
		return error_set(reterr, -ENOENT, "%s is not a pin of docker-nsenter", dir);
	for (int i = 0; i < _NS_MAX; i++) {
		err = path_join(path, sizeof(path), dir, ns_name(i), reterr);
		if (err < 0)
			return err;
		if (access(path, F_OK) == 0 && !is_ns_mount(path))
			return error_set(reterr, -EINVAL, "%s is not a pinned namespace", path);
	}
	fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return error_set(reterr, negative_errno(), "cannot open %s: %m", dir);
	t->info.id = marker_value(text, "id");
	t->info.name = marker_value(text, "name");
	if (!t->info.id || !t->info.name)
		return error_set(reterr, -ENOMEM, "out of memory");
	t->nsfd = TAKE_FD(fd);
	return 0;
}
