// SPDX-License-Identifier: Apache-2.0
/* File-descriptor utilities. The in-root walk resolves symlinks itself so a container's files can
 * be read from the host without ever following a link out of the container's root. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "fdutil.h"
#include "macros.h"

#define MAX_SYMLINKS 40

int fd_read_file(int dirfd, const char *path, size_t max, char **ret, size_t *ret_len)
{
	_cleanup_close_ int owned = -EBADF;
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 4096;
	int fd = dirfd;

	if (path && *path) {
		fd = owned = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0)
			return negative_errno();
	}
	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (len + 1 >= cap) {
			char *p;

			if (cap > max + 1)
				return -EFBIG;
			cap *= 2;
			p = realloc(buf, cap);
			if (!p)
				return -ENOMEM;
			buf = p;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return negative_errno();
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > max)
			return -EFBIG;
	}
	buf[len] = '\0';
	*ret = TAKE_PTR(buf);
	if (ret_len)
		*ret_len = len;
	return 0;
}

static int openat2_state = -1; /* -1 unknown, 0 absent, 1 present */

bool fd_have_openat2(void)
{
	if (openat2_state < 0) {
		struct open_how how = { .flags = O_PATH | O_CLOEXEC };
		long fd = syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how));

		openat2_state = fd >= 0 || errno != ENOSYS;
		if (fd >= 0)
			close((int)fd);
	}
	return openat2_state == 1;
}

int fd_next_component(const char **rest, char *name, size_t size)
{
	const char *s = *rest;
	size_t n;

	while (*s == '/')
		s++;
	if (!*s)
		return 0;
	n = strcspn(s, "/");
	if (n >= size)
		return -ENAMETOOLONG;
	memcpy(name, s, n);
	name[n] = '\0';
	*rest = s + n;
	return 1;
}

/* Walk path below rootfd. Keeps a stack of directory fds so ".." never climbs above the root. */
static int walk_in_root(int rootfd, const char *path, int flags)
{
	int stack[256], depth = 0, links = 0, result = -ENOENT;
	char pathbuf[PATH_MAX * 2], name[NAME_MAX + 1];
	const char *rest;

	if (strlen(path) >= PATH_MAX)
		return -ENAMETOOLONG;
	strcpy(pathbuf, path);
	rest = pathbuf;
	stack[0] = fcntl(rootfd, F_DUPFD_CLOEXEC, 3);
	if (stack[0] < 0)
		return negative_errno();
	while ((result = fd_next_component(&rest, name, sizeof(name))) > 0) {
		struct stat st;
		int fd;

		if (strcmp(name, ".") == 0)
			goto next;
		if (strcmp(name, "..") == 0) {
			if (depth > 0)
				close(stack[depth--]);
			goto next;
		}
		fd = openat(stack[depth], name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			result = negative_errno();
			goto out;
		}
		if (fstat(fd, &st) < 0) {
			result = negative_errno();
			close(fd);
			goto out;
		}
		if (S_ISLNK(st.st_mode) && (flags & O_NOFOLLOW) && !*rest) {
			/* a last component not to be followed: no caller wants the link itself */
			close(fd);
			result = -ELOOP;
			goto out;
		}
		if (S_ISLNK(st.st_mode)) {
			char target[PATH_MAX];
			ssize_t n = readlinkat(fd, "", target, sizeof(target) - 1);

			close(fd);
			if (n < 0 || ++links > MAX_SYMLINKS) {
				result = n < 0 ? negative_errno() : -ELOOP;
				goto out;
			}
			target[n] = '\0';
			if (target[0] == '/')
				while (depth > 0)
					close(stack[depth--]);
			if (strlen(target) + strlen(rest) + 1 > sizeof(pathbuf)) {
				result = -ENAMETOOLONG;
				goto out;
			}
			/* Splice the link's text in front of what is left ("" or "/more"). */
			memmove(pathbuf + strlen(target), rest, strlen(rest) + 1);
			memcpy(pathbuf, target, strlen(target));
			rest = pathbuf;
			continue;
		}
		/* a component followed by '/' must be a directory, the last one too ("file/" is
		 * ENOTDIR) */
		if (rest[0] == '/' && !S_ISDIR(st.st_mode)) {
			close(fd);
			result = -ENOTDIR;
			goto out;
		}
		if (depth + 1 >= (int)ARRAY_SIZE(stack)) {
			close(fd);
			result = -ELOOP;
			goto out;
		}
		stack[++depth] = fd;
	next:;
	}
	if (result < 0)
		goto out;
	/* Reopen the final component with the caller's flags through its O_PATH fd: it is resolved
	 * already, and O_NOFOLLOW would open the /proc/self/fd magic link itself */
	result = fd_reopen(stack[depth], flags & ~O_NOFOLLOW);
out:
	while (depth >= 0)
		close(stack[depth--]);
	return result;
}

int fd_open_in_root(int rootfd, const char *path, int flags)
{
	if (fd_have_openat2()) {
		struct open_how how = {
			.flags = (unsigned long long)(flags | O_CLOEXEC),
			.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
		};
		long fd;

		while (*path == '/')
			path++;
		fd = syscall(SYS_openat2, rootfd, *path ? path : ".", &how, sizeof(how));
		if (fd >= 0)
			return (int)fd;
		if (errno != ENOSYS)
			return negative_errno();
	}
	return walk_in_root(rootfd, path, flags);
}

int fd_reopen(int fd, int flags)
{
	char proc[64];
	int r;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	r = open(proc, flags | O_CLOEXEC);
	return r < 0 ? negative_errno() : r;
}

int fd_open_regular_in_root(int rootfd, const char *path)
{
	_cleanup_close_ int fd = fd_open_in_root(rootfd, path, O_PATH);
	struct stat st;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0)
		return negative_errno();
	if (!S_ISREG(st.st_mode))
		return -EINVAL;
	return fd_reopen(fd, O_RDONLY | O_NOCTTY | O_NONBLOCK);
}

int fd_pidfd_alive(int pidfd)
{
	if (pidfd >= 0 && syscall(SYS_pidfd_send_signal, pidfd, 0, NULL, 0) < 0 && errno != EPERM)
		return negative_errno();
	return 0;
}

void fd_close_from(int from, int keep)
{
	int max = (int)sysconf(_SC_OPEN_MAX);

	if (keep < from) {
		if (syscall(SYS_close_range, from, ~0U, 0) == 0)
			return;
	} else {
		if ((keep == from || syscall(SYS_close_range, from, keep - 1, 0) == 0) &&
		    syscall(SYS_close_range, keep + 1, ~0U, 0) == 0)
			return;
	}
	if (max < 0 || max > 65536)
		max = 65536;
	for (int fd = from; fd < max; fd++)
		if (fd != keep)
			close(fd);
}
