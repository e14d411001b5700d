// SPDX-License-Identifier: Apache-2.0
/* The join sequence, in order:
 *   1. everything from the host is already open (plan.c);
 *   2. setns(pidfd, all flags): one atomic step that the kernel orders itself (Linux 5.8+);
 *   3. else open every /proc/PID/ns/<type> first, then setns each in two passes, as util-linux does: every
 *      namespace but the user namespace first, a refusal (EPERM) deferred; then the user namespace, then what was
 *      deferred. So a caller that is privileged on the host (root, dropping privileges) joins the user namespace
 *      last, with its host capabilities intact for the others, and a caller that gains privileges from the user
 *      namespace joins it before the namespaces that only it opens; the mount namespace comes late and time last;
 *   4. the caller forks when a PID or time namespace was joined, since only children enter those;
 *   then, for --tools, a private copy of the joined mount namespace with the tools in it (tools.c).
 * An unprivileged caller (its own rootless container) joins the user namespace first, on its own, as a step before
 * 2: nothing else is open to it before (join_user_first). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "macros.h"
#include "mountns.h"
#include "plan.h"
#include "tools.h"

static const int ns_flags[_NS_MAX] = {
	[NS_USER] = CLONE_NEWUSER, [NS_CGROUP] = CLONE_NEWCGROUP, [NS_IPC] = CLONE_NEWIPC,
	[NS_UTS] = CLONE_NEWUTS,   [NS_NET] = CLONE_NEWNET,	  [NS_PID] = CLONE_NEWPID,
	[NS_MNT] = CLONE_NEWNS,	   [NS_TIME] = 0x00000080 /* CLONE_NEWTIME */,
};

static int open_ns_fds(struct plan *p, const struct target *t, char **reterr)
{
	for (int i = 0; i < _NS_MAX; i++) {
		if (!(p->join & NS_BIT(i)))
			continue;
		p->ns_fds[i] = openat(t->nsfd, ns_name(i), O_RDONLY | O_CLOEXEC);
		if (p->ns_fds[i] < 0)
			return error_set(reterr, errno == ESRCH ? -ESRCH : negative_errno(),
					 "cannot open the container's %s namespace: %m", ns_name(i));
	}
	return 0;
}

/* setns one namespace; EPERM is deferred (added to *pending) unless this is the last chance. */
static int join_one(struct plan *p, int i, bool last_chance, unsigned *pending, char **reterr)
{
	if (setns(p->ns_fds[i], ns_flags[i]) == 0) {
		*pending &= ~NS_BIT(i);
		closep(&p->ns_fds[i]);
		p->ns_fds[i] = -EBADF;
		return 0;
	}
	if (!last_chance && errno == EPERM) {
		*pending |= NS_BIT(i);
		return 0;
	}
	return error_set(reterr, negative_errno(), "cannot join the container's %s namespace: %m", ns_name(i));
}

/* The enum is already util-linux's order with the user namespace first; pass 0 skips it. */
static int join_by_fds(struct plan *p, const struct target *t, char **reterr)
{
	unsigned pending = 0;
	int err = open_ns_fds(p, t, reterr);

	for (int i = NS_USER + 1; err >= 0 && i < _NS_MAX; i++)
		if (p->join & NS_BIT(i))
			err = join_one(p, i, false, &pending, reterr);
	if (err >= 0 && (p->join & NS_BIT(NS_USER)))
		err = join_one(p, NS_USER, true, &pending, reterr);
	for (int i = NS_USER + 1; err >= 0 && i < _NS_MAX; i++)
		if (pending & NS_BIT(i))
			err = join_one(p, i, true, &pending, reterr);
	return err;
}

static int privilege_error(const struct plan *p, int err, char **reterr)
{
	if (p->unprivileged)
		return error_set(reterr, err, "cannot join the container's namespaces from its user namespace: %s",
				 strerror(-err));
	return error_set(reterr, err,
			 "permission denied joining the container's namespaces: docker-nsenter must run as root "
			 "(CAP_SYS_ADMIN and CAP_SYS_PTRACE); membership in the docker group is not enough");
}

/* An unprivileged caller's first step: the user namespace it created, which gives it the right to join the rest. */
static int join_user_first(struct plan *p, const struct target *t, char **reterr)
{
	_cleanup_close_ int fd = -EBADF;

	if (!p->unprivileged || !(p->join & NS_BIT(NS_USER)))
		return 0;
	if (t->pidfd < 0 || setns(t->pidfd, CLONE_NEWUSER) < 0) {
		fd = openat(t->nsfd, ns_name(NS_USER), O_RDONLY | O_CLOEXEC);
		if (fd < 0 || setns(fd, CLONE_NEWUSER) < 0)
			return error_set(reterr, negative_errno(), "cannot join the container's user namespace: %m");
	}
	p->join &= ~NS_BIT(NS_USER); /* joined */
	return 0;
}

static int join_namespaces(struct plan *p, const struct target *t, char **reterr)
{
	int flags = 0, err;

	if (!p->join)
		return 0;
	for (int i = 0; i < _NS_MAX; i++)
		if (p->join & NS_BIT(i))
			flags |= ns_flags[i];
	if (t->pidfd >= 0) {
		if (setns(t->pidfd, flags) == 0)
			return 0;
		/* Before 5.8 a pidfd is not a namespace fd: EINVAL, and nothing was joined. */
		if (errno == EPERM || errno == EACCES)
			return privilege_error(p, negative_errno(), reterr);
		if (errno != EINVAL && errno != ENOSYS)
			return error_set(reterr, negative_errno(), "cannot join the container's namespaces: %m");
	}
	err = join_by_fds(p, t, reterr);
	if (err == -EPERM || err == -EACCES)
		return privilege_error(p, err, reterr);
	return err;
}

int plan_join(struct plan *p, const struct target *t, char **reterr)
{
	int err = join_user_first(p, t, reterr);

	if (err >= 0)
		err = join_namespaces(p, t, reterr);

	if (err >= 0 && p->tools_fd >= 0)
		return tools_attach(p, t, reterr);
	if (err < 0 || p->treefd < 0)
		return err;
	err = mountns_attach_private(p->treefd, p->tree_name, &p->tree_path, reterr);
	closep(&p->treefd);
	p->treefd = -EBADF;
	return err;
}
