// SPDX-License-Identifier: Apache-2.0
/* nsenter_run(): prepare, join, then exec here or fork and supervise. A forked child reports a failure before exec
 * through a close-on-exec pipe, so the parent can tell "the command ran" from "we could not start it". */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "macros.h"
#include "plan.h"
#include "supervise.h"

struct child_report {
	int status;
	char msg[1020];
};

static _Noreturn void child_main(struct plan *p, pid_t expected_ppid)
{
	struct child_report rep = { 0 };
	char *err = NULL;

	supervise_child_reset();
	plan_exec(p, expected_ppid, &rep.status, &err);
	snprintf(rep.msg, sizeof(rep.msg), "%s", err ? err : "cannot run the command");
	if (write(p->errfd, &rep, sizeof(rep)) < 0)
		_exit(rep.status);
	_exit(rep.status);
}

/* Read the child's report: 0 when the pipe closed empty (the command was executed). */
static int read_report(int fd, struct child_report *rep)
{
	size_t have = 0;

	while (have < sizeof(*rep)) {
		ssize_t n = read(fd, (char *)rep + have, sizeof(*rep) - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	return have == sizeof(*rep) ? 1 : 0;
}

static int run_forked(struct plan *p, const struct nsenter_request *req, int *ret_status, char **reterr)
{
	_cleanup_close_ int rfd = -EBADF;
	pid_t expected_ppid = (p->join & NS_BIT(NS_PID)) ? 0 : getpid();
	struct child_report rep;
	int fds[2], err, st;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return error_set(reterr, negative_errno(), "pipe failed: %m");
	rfd = fds[0];
	p->errfd = fds[1];
	err = supervise_prepare(p->new_session);
	if (err < 0)
		return error_set(reterr, err, "cannot set up signal handling: %s", strerror(-err));
	pid = fork();
	if (pid < 0)
		return error_set(reterr, negative_errno(), "fork failed: %m");
	if (pid == 0)
		child_main(p, expected_ppid);
	closep(&p->errfd);
	p->errfd = -EBADF;
	if (read_report(rfd, &rep)) {
		waitpid(pid, &st, 0);
		*ret_status = rep.status;
		rep.msg[sizeof(rep.msg) - 1] = '\0';
		return error_set(reterr, -ECHILD, "%s", rep.msg);
	}
	err = supervise_wait(pid, req->stop_fd, &p->pty);
	if (err < 0)
		return error_set(reterr, err, "waiting for the command failed: %s", strerror(-err));
	*ret_status = err;
	return 0;
}

int plan_run(struct plan *p, const struct nsenter_request *req, bool must_fork, int *ret_status, char **reterr)
{
	/* a PID or time namespace applies to children only; a session of its own needs a process that leads none */
	bool fork_needed = !req->no_fork && (must_fork || (p->join & (NS_BIT(NS_PID) | NS_BIT(NS_TIME))) ||
					     req->stop_fd >= 0 || p->new_session);

	*ret_status = NSENTER_FAILED;
	if (fork_needed)
		return run_forked(p, req, ret_status, reterr);
	return plan_exec(p, -1, ret_status, reterr);
}

int nsenter_run(const struct target *t, const struct nsenter_request *req, int *ret_status, char **reterr)
{
	struct plan p;
	int err;

	plan_init(&p);
	err = plan_prepare(t, req, &p, ret_status, reterr);
	if (err >= 0) {
		*ret_status = NSENTER_FAILED;
		err = plan_join(&p, t, reterr);
	}
	if (err >= 0)
		err = plan_run(&p, req, false, ret_status, reterr);
	plan_done(&p);
	return err;
}
