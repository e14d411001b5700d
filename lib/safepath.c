// SPDX-License-Identifier: Apache-2.0
/* One walk for every path a daemon reports: component by component with O_PATH | O_NOFOLLOW, each
 * checked before the next is opened, so that nothing is ever reached through a link or a directory
 * that somebody else controls. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "fdutil.h"
#include "macros.h"
#include "safepath.h"

#define MAX_LINKS 40
#define MAX_DEPTH 64

struct walk_rules {
	bool trusted_dirs; /* every directory passed through must be root's and closed to writes by
			      others */
	bool follow_links; /* follow a link that root made in such a directory; else refuse every
			      link */
	bool trusted_last; /* the last component must be root's and closed to others too */
	unsigned allow;	   /* what the last component may be */
};

bool safepath_is_normal(const char *path)
{
	size_t len = strlen(path);

	if (path[0] != '/' || len >= PATH_MAX || (len > 1 && path[len - 1] == '/'))
		return false;
	for (const char *p = path; *p;) {
		size_t n;

		p++; /* the '/' */
		n = strcspn(p, "/");
		if (len > 1 &&
		    (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')))
			return false;
		p += n;
	}
	return true;
}

bool safepath_is_below(const char *root, const char *path)
{
	size_t n = strlen(root);

	if (strcmp(root, "/") == 0)
		return path[0] == '/' && path[1] != '\0';
	return strncmp(path, root, n) == 0 && path[n] == '/' && path[n + 1] != '\0';
}

static bool trusted(const struct stat *st)
{
	return st->st_uid == 0 && !(st->st_mode & (S_IWGRP | S_IWOTH));
}

static bool allowed(mode_t mode, unsigned allow)
{
	return (S_ISDIR(mode) && (allow & SAFEPATH_DIR)) ||
	       (S_ISREG(mode) && (allow & SAFEPATH_FILE)) ||
	       (S_ISSOCK(mode) && (allow & SAFEPATH_SOCKET));
}

static const char *type_words(unsigned allow)
{
	if (allow == SAFEPATH_DIR)
		return "a directory";
	return allow & SAFEPATH_SOCKET ? "a directory, a regular file or a socket"
				       : "a directory or a regular file";
}

static bool at_end(const char *rest)
{
	return rest[strspn(rest, "/")] == '\0';
}

/* A link in the directory dirfd: allowed when root made it there and nobody else may write the
 * directory. Its text is spliced in front of what is left of the path in buf. */
static int follow_link(int dirfd, int fd, const struct stat *st, char *buf, size_t size,
		       const char **rest, const char *path, const char *name, char **reterr)
{
	struct stat dir;
	char target[PATH_MAX];
	size_t tn, rn = strlen(*rest);
	ssize_t n;

	if (fstat(dirfd, &dir) < 0)
		return negative_errno();
	if (st->st_uid != 0 || !trusted(&dir))
		return error_set(
		    reterr, -EPERM,
		    "%s: %s is a symbolic link that somebody other than root could have made", path,
		    name);
	n = readlinkat(fd, "", target, sizeof(target) - 1);
	if (n <= 0)
		return n < 0 ? negative_errno() : -ENOENT;
	target[n] = '\0';
	tn = (size_t)n;
	if (tn + rn + 1 > size)
		return -ENAMETOOLONG;
	memmove(buf + tn, *rest, rn + 1);
	memcpy(buf, target, tn);
	*rest = buf;
	return 0;
}

static int refuse_component(int err, const char *path, const char *name, const struct stat *st,
			    char **reterr)
{
	if (err == -ELOOP)
		return error_set(reterr, err, "%s: %s is a symbolic link", path, name);
	if (err == -ENOTDIR)
		return error_set(reterr, err, "%s: %s is not a directory", path, name);
	return error_set(reterr, -EPERM,
			 "%s: %s belongs to uid %u, mode %04o: somebody other than root could have "
			 "changed it",
			 path, name, (unsigned)st->st_uid, (unsigned)(st->st_mode & 07777));
}

static void close_stack(int *stack, int *depth, int to)
{
	while (*depth > to)
		close(stack[(*depth)--]);
}

/* The walk itself; stack[0] is the start, which stays. */
static int walk(int start, const char *path, const char *rel, const struct walk_rules *r,
		int *ret_fd, char **reterr)
{
	int stack[MAX_DEPTH], depth = 0, links = 0, err = 0, out = -EBADF;
	char buf[PATH_MAX * 2], name[NAME_MAX + 1] = "/";
	const char *rest = buf;
	struct stat st;

	if (strlen(rel) >= sizeof(buf))
		return error_set(reterr, -ENAMETOOLONG, "%s: path too long", path);
	strcpy(buf, rel);
	stack[0] = start;
	if (fstat(start, &st) < 0)
		return negative_errno();
	while ((err = fd_next_component(&rest, name, sizeof(name))) > 0) {
		int fd;

		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") ==
		    0) { /* only link texts hold "..": input paths are normal */
			close_stack(stack, &depth, depth > 0 ? depth - 1 : 0);
			continue;
		}
		fd = openat(stack[depth], name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0) {
			err = error_set(reterr, negative_errno(), "%s: %s: %m", path, name);
			if (fd >= 0)
				close(fd);
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			err = !r->follow_links ? refuse_component(-ELOOP, path, name, &st, reterr)
			      : ++links > MAX_LINKS
				  ? error_set(reterr, -ELOOP, "%s: too many symbolic links", path)
				  : follow_link(stack[depth], fd, &st, buf, sizeof(buf), &rest,
						path, name, reterr);
			close(fd);
			if (err < 0)
				break;
			if (rest[0] == '/')
				close_stack(stack, &depth, 0);
			continue;
		}
		if (!at_end(rest) && (!S_ISDIR(st.st_mode) || (r->trusted_dirs && !trusted(&st)))) {
			err = refuse_component(S_ISDIR(st.st_mode) ? -EPERM : -ENOTDIR, path, name,
					       &st, reterr);
			close(fd);
			break;
		}
		if (depth + 1 >= MAX_DEPTH) {
			close(fd);
			err = error_set(reterr, -ELOOP, "%s: too deep", path);
			break;
		}
		stack[++depth] = fd;
	}
	if (err >= 0 && fstat(stack[depth], &st) < 0) /* ".." of a link may have ended the walk */
		err = negative_errno();
	if (err >= 0 && !allowed(st.st_mode, r->allow))
		err = error_set(reterr, -EINVAL, "%s is not %s", path, type_words(r->allow));
	else if (err >= 0 && r->trusted_last && !trusted(&st))
		err = refuse_component(-EPERM, path, name, &st, reterr);
	if (err >= 0 && depth == 0 && (out = fcntl(start, F_DUPFD_CLOEXEC, 3)) < 0)
		err = negative_errno();
	else if (err >= 0 && depth > 0)
		out = stack[depth--]; /* out of the stack, so not closed below */
	close_stack(stack, &depth, 0);
	if (err < 0)
		return err;
	*ret_fd = out;
	return 0;
}

static int walk_from_root(const char *path, const struct walk_rules *r, int *ret_fd, char **reterr)
{
	_cleanup_close_ int root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (!safepath_is_normal(path))
		return error_set(reterr, -EINVAL, "%.256s: not an absolute, normal path", path);
	if (root < 0)
		return negative_errno();
	return walk(root, path, path, r, ret_fd, reterr);
}

int safepath_open_data_root(const char *path, int *ret_fd, char **reterr)
{
	static const struct walk_rules r = { .trusted_dirs = true,
					     .follow_links = true,
					     .trusted_last = true,
					     .allow = SAFEPATH_DIR };

	return walk_from_root(path, &r, ret_fd, reterr);
}

int safepath_open_below(int rootfd, const char *root, const char *path, unsigned allow, int *ret_fd,
			char **reterr)
{
	const struct walk_rules r = { .trusted_dirs = true, .allow = allow };

	if (!safepath_is_normal(path))
		return error_set(reterr, -EINVAL, "%.256s: not an absolute, normal path", path);
	if (!safepath_is_below(root, path))
		return error_set(reterr, -EPERM, "%s is not below the daemon's data root %s", path,
				 root);
	return walk(rootfd, path, path + strlen(root), &r, ret_fd, reterr);
}

int safepath_open_host(const char *path, unsigned allow, int *ret_fd, char **reterr)
{
	const struct walk_rules r = { .follow_links = true, .allow = allow };

	return walk_from_root(path, &r, ret_fd, reterr);
}
