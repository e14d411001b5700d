// SPDX-License-Identifier: Apache-2.0
/* The container process's own seccomp filters, copied with PTRACE_SECCOMP_GET_FILTER: exactly what the kernel
 * enforces on it, whatever the engine and however the runtime built them. The ptrace work happens in a helper
 * process, so that a stop that never comes is ended by killing the helper (the kernel then detaches it), and no
 * ptrace state or wait status reaches the caller. */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "fdutil.h"
#include "macros.h"
#include "seccomp-filters.h"

#define COPY_TIMEOUT_MS 5000

void seccomp_filters_done(struct seccomp_filters *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->f[i].insns);
	*s = (struct seccomp_filters){ .n = 0 };
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* In the helper: the newest filter has index 0; send them newest first as (errno, count) then (flags, len, insns). */
static _Noreturn void copy_helper(pid_t pid, int out)
{
	static struct sock_filter insns[SECCOMP_MAX_INSNS];
	int st, err = 0;
	long n;

	if (ptrace(PTRACE_SEIZE, pid, 0, 0) < 0 || ptrace(PTRACE_INTERRUPT, pid, 0, 0) < 0)
		err = negative_errno();
	while (err == 0 && waitpid(pid, &st, __WALL) < 0)
		if (errno != EINTR)
			err = negative_errno();
	for (long i = 0; err == 0 && i < SECCOMP_MAX_FILTERS; i++) {
		struct __ptrace_seccomp_metadata md = { .filter_off = (unsigned long long)i };
		unsigned hdr[2];

		n = ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)i, NULL);
		if (n < 0 && errno == ENOENT) /* past the oldest */
			break;
		if (n < 0 || n > SECCOMP_MAX_INSNS ||
		    ptrace(PTRACE_SECCOMP_GET_FILTER, pid, (void *)i, insns) != n ||
		    ptrace(PTRACE_SECCOMP_GET_METADATA, pid, (void *)sizeof(md), &md) < 0) {
			err = n > SECCOMP_MAX_INSNS ? -E2BIG : negative_errno();
			break;
		}
		hdr[0] = (unsigned)md.flags;
		hdr[1] = (unsigned)n;
		if (write_all(out, hdr, sizeof(hdr)) < 0 || write_all(out, insns, (size_t)n * sizeof(insns[0])) < 0)
			_exit(1);
	}
	ptrace(PTRACE_DETACH, pid, 0, 0);
	/* the end: a zero-length record carrying the errno */
	unsigned end[2] = { (unsigned)-err, 0 };
	_exit(write_all(out, end, sizeof(end)) < 0);
}

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, COPY_TIMEOUT_MS) <= 0)
			return -ETIMEDOUT;
		n = read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read the helper's records into s, oldest first. Returns the helper's errno or a transport error. */
static int read_filters(int fd, struct seccomp_filters *s)
{
	struct seccomp_filter_copy newest_first[SECCOMP_MAX_FILTERS];
	size_t n = 0;
	int err;

	for (;;) {
		unsigned hdr[2];

		err = read_all(fd, hdr, sizeof(hdr));
		if (err < 0)
			break;
		if (hdr[1] == 0) {
			err = -(int)hdr[0];
			break;
		}
		if (n >= SECCOMP_MAX_FILTERS || hdr[1] > SECCOMP_MAX_INSNS) {
			err = -E2BIG;
			break;
		}
		newest_first[n] = (struct seccomp_filter_copy){ .len = (unsigned short)hdr[1], .flags = hdr[0] };
		newest_first[n].insns = calloc(hdr[1], sizeof(struct sock_filter));
		if (!newest_first[n].insns) {
			err = -ENOMEM;
			break;
		}
		n++;
		err = read_all(fd, newest_first[n - 1].insns, hdr[1] * sizeof(struct sock_filter));
		if (err < 0)
			break;
	}
	for (size_t i = 0; i < n; i++)
		s->f[i] = newest_first[n - 1 - i];
	s->n = n;
	return err;
}

int seccomp_copy_from_process(pid_t pid, int pidfd, struct seccomp_filters *ret, char **reterr)
{
	_cleanup_close_ int rfd = -EBADF;
	struct seccomp_filters s = { .n = 0 };
	int fds[2], err, st;
	pid_t helper;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return error_set(reterr, negative_errno(), "pipe failed: %m");
	rfd = fds[0];
	helper = fork();
	if (helper < 0) {
		close(fds[1]);
		return error_set(reterr, negative_errno(), "fork failed: %m");
	}
	if (helper == 0) {
		close(fds[0]);
		copy_helper(pid, fds[1]);
	}
	close(fds[1]);
	err = read_filters(rfd, &s);
	if (err == -ETIMEDOUT)
		kill(helper, SIGKILL);
	while (waitpid(helper, &st, 0) < 0 && errno == EINTR)
		;
	if (err >= 0 && fd_pidfd_alive(pidfd) < 0)
		err = -ESRCH;
	if (err < 0) {
		seccomp_filters_done(&s);
		return error_set(reterr, err, "cannot copy the seccomp filter of process %d: %s", (int)pid,
				 err == -ETIMEDOUT ? "it did not stop for the copy" : strerror(-err));
	}
	*ret = s;
	return 0;
}

int seccomp_install(const struct seccomp_filters *s)
{
	for (size_t i = 0; i < s->n; i++) {
		struct sock_fprog prog = { .len = s->f[i].len, .filter = s->f[i].insns };

		if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, s->f[i].flags, &prog) < 0)
			return negative_errno();
	}
	return 0;
}
