// SPDX-License-Identifier: Apache-2.0
/* The container's user namespace in the plan. An unprivileged user can join the namespaces of a
 * container of its own rootless engine only after joining the user namespace that owns them, which
 * it created (the kernel grants it every capability there, and nothing outside). Root joins that
 * user namespace too whenever the container's own code runs, so that the code never runs with host
 * root's identity. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "macros.h"
#include "plan-userns.h"
#include "plan.h"
#include "target.h"
#include "userns.h"

/* The container's user namespace, when it is not ours: its creator in *ret_owner. 0 when it is ours
 * or absent (a pin without one), 1 when it is another. */
static int foreign_userns(const struct target *t, uid_t *ret_owner)
{
	_cleanup_close_ int fd = openat(t->nsfd, "user", O_RDONLY | O_CLOEXEC);
	struct ns_id theirs, ours;

	if (fd < 0)
		return errno == ENOENT ? 0 : negative_errno();
	if (ns_id_of(fd, NULL, &theirs) < 0 || ns_id_of(AT_FDCWD, "/proc/self/ns/user", &ours) < 0)
		return negative_errno();
	if (ns_id_equal(&theirs, &ours))
		return 0;
	return userns_owner_uid(fd, ret_owner) < 0 ? negative_errno() : 1;
}

int plan_userns_caller(const struct target *t, const struct nsenter_request *req, struct plan *p,
		       char **reterr)
{
	uid_t owner = (uid_t)-1;
	int r;

	if (userns_privileged())
		return 0;
	r = foreign_userns(t, &owner);
	if (r < 0 && r != -EACCES &&
	    r != -EPERM) /* a namespace we may not even look at is not ours */
		return error_set(reterr, r, "cannot inspect the container's user namespace: %s",
				 strerror(-r));
	if (r <= 0 || owner != geteuid())
		return error_set(reterr, -EPERM,
				 "joining a container's namespaces needs root (CAP_SYS_ADMIN and "
				 "CAP_SYS_PTRACE), or a "
				 "container of your own rootless engine; membership in the docker "
				 "group is not enough");
	if (req->host_root)
		return error_set(reterr, -EPERM,
				 "--host-root needs root: it keeps the host's user and mount "
				 "namespaces, and without "
				 "root the container's other namespaces can be entered only from "
				 "inside its user "
				 "namespace, where the host's files belong to nobody; "
				 "docker-nsenter refuses it rather "
				 "than give that half view. Use host tools with --net, --pid, "
				 "--uts or --ipc, or the "
				 "container's own (-a)");
	p->unprivileged = true;
	return 0;
}

int plan_userns_join(const struct target *t, const struct nsenter_request *req, struct plan *p,
		     char **reterr)
{
	bool own_ids = req->preserve_creds && !req->as_user && !req->exec_like &&
		       req->uid_mode == ID_KEEP && req->gid_mode == ID_KEEP;
	unsigned join = p->join; /* p's, once nothing can be refused */
	uid_t owner;
	int r;

	if (p->user_parent && !(join & NS_BIT(NS_USER))) {
		if (p->container_program)
			return error_set(
			    reterr, -EPERM,
			    "--user-parent: the parent of the container's user namespace "
			    "is the host's, where a program from the container would run "
			    "with host root's identity; leave out --user-parent, or run a "
			    "host tool (without --mount and --root)");
		if (p->unprivileged && join)
			return error_set(
			    reterr, -EPERM,
			    "--user-parent: the parent of the container's user namespace "
			    "is yours, and without a user namespace of the container you "
			    "cannot join its other namespaces; leave out --user-parent");
	} else if (!p->user_parent && (p->container_program || (p->unprivileged && join))) {
		r = foreign_userns(t, &owner);
		if (r < 0)
			return error_set(reterr, r,
					 "cannot inspect the container's user namespace: %s",
					 strerror(-r));
		if (r > 0)
			join |= NS_BIT(NS_USER);
	}
	/* Host root's IDs are not mapped there: the container's root, who has CAP_SYS_PTRACE in it,
	 * could trace the process and act as host root through it. */
	if (!p->unprivileged && (join & NS_BIT(NS_USER)) && own_ids)
		return error_set(
		    reterr, -EPERM,
		    "--preserve-credentials would keep host root's IDs inside the container's user "
		    "namespace, where the container's root could take over the process; leave it "
		    "out (the "
		    "program is then root of that namespace)");
	p->join = join;
	return 0;
}

int plan_userns_cgroups(const struct nsenter_request *req, struct plan *p, char **reterr)
{
	if (!p->unprivileged || p->cg.n == 0)
		return 0;
	return cgroup_procs_keep_joinable(&p->cg, !req->join_cgroup, reterr);
}
