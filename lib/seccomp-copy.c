// SPDX-License-Identifier: Apache-2.0
/* The container process's own seccomp filters, copied with PTRACE_SECCOMP_GET_FILTER: exactly what
 * the kernel enforces on it, whatever the engine and however the runtime built them.
 *  The ptrace work happens in a helper, so that a stop that never comes (a process in
 * uninterruptible sleep, or frozen) is ended by killing the helper (the kernel then detaches it)
 * and no ptrace state or wait status reaches the caller. The helper shares our memory (clone with
 * CLONE_VM, on a stack of its own): a fork copies our page tables, which costs more than the rest
 * of an enter on some virtual machines. It writes only into the job below, and we touch nothing of
 * it, nor errno, until it is gone. */
#include <errno.h>
#include <fcntl.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "fdutil.h"
#include "macros.h"
#include "seccomp-filters.h"

#define COPY_TIMEOUT_MS 5000
#define HELPER_STACK	(64 * 1024)
/* the kernel's own bound on the instructions of all the filters of a task (MAX_INSNS_PER_PATH) */
#define TOTAL_INSNS_MAX 32768

struct copy_job {
	pid_t pid;
	int err;     /* the helper's result: 0, or the -errno of the step that failed */
	size_t n;    /* filters copied, the newest first */
	size_t used; /* instructions copied, all filters together */
	unsigned flags[SECCOMP_MAX_FILTERS];
	unsigned short len[SECCOMP_MAX_FILTERS];
	struct sock_filter *insns; /* TOTAL_INSNS_MAX of them */
};

void seccomp_filters_done(struct seccomp_filters *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->f[i].insns);
	*s = (struct seccomp_filters){ .n = 0 };
}

/* Copy filter i (0: the newest) into the job: 1 when there was one, 0 past the oldest, -errno on
 * failure. */
static int copy_one(struct copy_job *j, long i)
{
	struct __ptrace_seccomp_metadata md = { .filter_off = (unsigned long long)i };
	long n = ptrace(PTRACE_SECCOMP_GET_FILTER, j->pid, (void *)i, NULL);

	if (n < 0)
		return errno == ENOENT ? 0 : negative_errno();
	if (n == 0 || n > SECCOMP_MAX_INSNS || (size_t)n > TOTAL_INSNS_MAX - j->used)
		return -E2BIG;
	if (ptrace(PTRACE_SECCOMP_GET_FILTER, j->pid, (void *)i, j->insns + j->used) != n ||
	    ptrace(PTRACE_SECCOMP_GET_METADATA, j->pid, (void *)sizeof(md), &md) < 0)
		return negative_errno();
	j->flags[j->n] = (unsigned)md.flags;
	j->len[j->n] = (unsigned short)n;
	j->n++;
	j->used += (size_t)n;
	return 1;
}

/* The helper: attach without stopping (PTRACE_SEIZE), stop it for the copy, copy, let it go. */
static int copy_helper(void *arg)
{
	struct copy_job *j = arg;
	int st, r = 1;

	if (ptrace(PTRACE_SEIZE, j->pid, 0, 0) < 0 || ptrace(PTRACE_INTERRUPT, j->pid, 0, 0) < 0) {
		j->err = negative_errno();
		return 0;
	}
	while (waitpid(j->pid, &st, __WALL) < 0)
		if (errno != EINTR) {
			j->err = negative_errno();
			return 0;
		}
	for (long i = 0; r > 0 && i < SECCOMP_MAX_FILTERS; i++)
		r = copy_one(j, i);
	if (r < 0)
		j->err = r;
	ptrace(PTRACE_DETACH, j->pid, 0, 0);
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait until the helper is gone: its end of the pipe closes with it. Nothing here may look at
 * errno, which the helper shares. -ETIMEDOUT when it did not finish in time. */
static int wait_helper(int rfd)
{
	long long deadline = now_ms() + COPY_TIMEOUT_MS;
	struct pollfd pfd = { .fd = rfd, .events = POLLIN };

	for (;;) {
		long long left = deadline - now_ms();

		if (left <= 0)
			return -ETIMEDOUT;
		if (poll(&pfd, 1, (int)left) > 0 && (pfd.revents & (POLLHUP | POLLIN)))
			return 0;
	}
}

/* The job's filters, newest first, into s oldest first. */
static int take_filters(const struct copy_job *j, struct seccomp_filters *s)
{
	size_t off = 0;

	for (size_t k = 0; k < j->n; k++) {
		struct seccomp_filter_copy *f = &s->f[j->n - 1 - k];

		f->len = j->len[k];
		f->flags = j->flags[k];
		f->insns = malloc(j->len[k] * sizeof(struct sock_filter));
		if (!f->insns)
			return -ENOMEM;
		memcpy(f->insns, j->insns + off, j->len[k] * sizeof(struct sock_filter));
		off += j->len[k];
		s->n++;
	}
	return 0;
}

static int run_helper(struct copy_job *j)
{
	static char stack[HELPER_STACK] __attribute__((aligned(16)));
	_cleanup_close_ int rfd = -EBADF;
	int fds[2], err, st;
	pid_t helper;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return negative_errno();
	rfd = fds[0];
	/* the helper keeps a copy of our fd table, with fds[1] in it, until it exits */
	helper = clone(copy_helper, stack + sizeof(stack), CLONE_VM | SIGCHLD, j);
	err = helper < 0 ? negative_errno() : 0;
	close(fds[1]);
	if (err < 0)
		return err;
	err = wait_helper(rfd);
	if (err == -ETIMEDOUT)
		kill(helper, SIGKILL);
	while (waitpid(helper, &st, 0) < 0 && errno == EINTR)
		;
	return err < 0 ? err : j->err;
}

int seccomp_copy_from_process(pid_t pid, int pidfd, struct seccomp_filters *ret, char **reterr)
{
	struct copy_job j = { .pid = pid };
	struct seccomp_filters s = { .n = 0 };
	int err;

	j.insns = mmap(NULL, TOTAL_INSNS_MAX * sizeof(struct sock_filter), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (j.insns == MAP_FAILED)
		return error_set(reterr, -ENOMEM, "out of memory");
	err = run_helper(&j);
	if (err >= 0)
		err = take_filters(&j, &s);
	munmap(j.insns, TOTAL_INSNS_MAX * sizeof(struct sock_filter));
	if (err >= 0 && fd_pidfd_alive(pidfd) < 0)
		err = -ESRCH;
	if (err < 0) {
		seccomp_filters_done(&s);
		return error_set(
		    reterr, err, "cannot copy the seccomp filter of process %d: %s", (int)pid,
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
