// SPDX-License-Identifier: Apache-2.0
/* File-descriptor utilities: bounded reads, opening paths confined to a root, closing everything we
 * hold. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Read the file at path relative to dirfd (path NULL or "" reads the open file dirfd itself) into a
 * NUL-terminated buffer, refusing files larger than max with -EFBIG. */
int fd_read_file(int dirfd, const char *path, size_t max, char **ret, size_t *ret_len);

/* Open path inside the directory tree of rootfd as if rootfd were "/": absolute symlinks and ".."
 * stay inside it. Uses openat2(RESOLVE_IN_ROOT) where available, else a component-by-component walk
 * with the same rules. */
int fd_open_in_root(int rootfd, const char *path, int flags);

/* Open the file that the O_PATH fd refers to anew, with flags (through /proc/self/fd: the same
 * inode, whatever its path now leads to). */
int fd_reopen(int fd, int flags);

/* Open path inside rootfd's tree for reading, as fd_open_in_root() does, but only when it is a
 * regular file: it is opened with O_PATH first and its type checked, so that no device or FIFO the
 * tree's owner put there is ever opened. -EINVAL for anything but a regular file. */
int fd_open_regular_in_root(int rootfd, const char *path);

/* One step of a walk along a path: the next component of *rest into name (size bytes), *rest moved
 * past it; 1, 0 at the end, -ENAMETOOLONG for a component that does not fit (longer than NAME_MAX:
 * as openat2 says). */
int fd_next_component(const char **rest, char *name, size_t size);

/* 0 while the process of pidfd lives (or when pidfd is -EBADF: nothing to tell); -ESRCH once it is
 * gone. Signal 0 through the pidfd: EPERM (not ours to signal) still means alive. */
int fd_pidfd_alive(int pidfd);

/* Close every fd >= from except keep (which may be negative). */
void fd_close_from(int from, int keep);

/* Whether openat2 is available (cached). Exposed for the tests of the fallback. */
bool fd_have_openat2(void);
