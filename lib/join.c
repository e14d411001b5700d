// SPDX-License-Identifier: Apache-2.0
/* The join sequence, in order:
 *   1. everything from the host is already open (plan.c);
 *   2. setns(pidfd, all flags): one atomic step that the kernel orders itself (Linux 5.8+);
 *   3. else open every /proc/PID/ns/<type> first, then setns each: the user namespace first (it grants the
 *      capabilities the other joins need), the mount namespace last but one and time last, as util-linux does;
 *      a join refused with EPERM is retried once after the others, for namespaces owned by the user namespace
 *      we only reach later;
 *   4. the caller forks when a PID or time namespace was joined, since only children enter those. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "macros.h"
#include "mountns.h"
#include "plan.h"

static const int ns_flags[_NS_MAX] = {
	[NS_USER] = CLONE_NEWUSER, [NS_CGROUP] = CLONE_NEWCGROUP, [NS_IPC] = CLONE_NEWIPC,
	[NS_UTS] = CLONE_NEWUTS,   [NS_NET] = CLONE_NEWNET,	  [NS_PID] = CLONE_NEWPID,
	[NS_MNT] = CLONE_NEWNS,	   [NS_TIME] = 0x00000080 /* CLONE_NEWTIME */,
};

/* The order of the fallback path; the enum already is it. */
static int join_by_fds(struct plan *p, const struct target *t, char **reterr)
{
	unsigned pending = 0;

	for (int i = 0; i < _NS_MAX; i++) {
		char path[32];

		if (!(p->join & NS_BIT(i)))
			continue;
		snprintf(path, sizeof(path), "ns/%s", ns_name(i));
		p->ns_fds[i] = openat(t->procfd, path, O_RDONLY | O_CLOEXEC);
		if (p->ns_fds[i] < 0)
			return error_set(reterr, errno == ESRCH ? -ESRCH : negative_errno(),
					 "cannot open the container's %s namespace: %m", ns_name(i));
	}
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < _NS_MAX; i++) {
			if (!(p->join & NS_BIT(i)) || (pass == 1 && !(pending & NS_BIT(i))))
				continue;
			if (setns(p->ns_fds[i], ns_flags[i]) == 0) {
				pending &= ~NS_BIT(i);
				continue;
			}
			if (pass == 0 && errno == EPERM) {
				pending |= NS_BIT(i);
				continue;
			}
			return error_set(reterr, negative_errno(), "cannot join the container's %s namespace: %m",
					 ns_name(i));
		}
	for (int i = 0; i < _NS_MAX; i++)
		closep(&p->ns_fds[i]);
	return 0;
}

static int privilege_error(int err, char **reterr)
{
	return error_set(reterr, err,
			 "permission denied joining the container's namespaces: docker-nsenter must run as root "
			 "(CAP_SYS_ADMIN and CAP_SYS_PTRACE); membership in the docker group is not enough");
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
			return privilege_error(negative_errno(), reterr);
		if (errno != EINVAL && errno != ENOSYS)
			return error_set(reterr, negative_errno(), "cannot join the container's namespaces: %m");
	}
	err = join_by_fds(p, t, reterr);
	if (err == -EPERM || err == -EACCES)
		return privilege_error(err, reterr);
	return err;
}

int plan_join(struct plan *p, const struct target *t, char **reterr)
{
	int err = join_namespaces(p, t, reterr);

	if (err < 0 || p->treefd < 0)
		return err;
	err = mountns_attach_private(p->treefd, p->tree_name, &p->tree_path, reterr);
	closep(&p->treefd);
	p->treefd = -EBADF;
	return err;
}
