// SPDX-License-Identifier: Apache-2.0
/* The join sequence, written once (util-linux's nsenter.c and crun's libcrun_join_process are the
 * references):
 *   1. resolve   the reference names a container and its init's PID: target_resolve(), called by
 *                the front end, which closes the daemon's socket before step 3;
 *   2. prove     that PID is pinned by a pidfd and its cgroup names the container (target_pin()),
 *                or the directory is a pin of ours (pin_open_target());
 *   3. prepare   everything from the host is opened and decided before the first setns(), when host
 *                paths still mean what they say (plan.c): namespaces, root, cwd, cgroups, the
 *                container's passwd and group, environment, command, powers, pty;
 *   4. join      an unprivileged caller (its own rootless engine's container) the user namespace
 *                first, alone; then setns(pidfd, every flag), or each namespace file in
 *                util-linux's two passes; with --host-root, then a private copy of our mount
 *                namespace with the container's tree attached; with --tools, a private copy of the
 *                joined mount namespace with the tools beside the container's files (tools.c);
 *   5. fork      when a PID or time namespace was joined (only children enter them), when we
 *                supervise or the command gets a session of its own; the parent waits
 *                (supervise.c);
 *   6. identity  in the process that becomes the command: cgroups, session and pty, root and cwd by
 *                fd, the container's bounding set and LSM label, groups, gid and uid, the rest of
 *                its powers, non-dumpable, tied to the parent, every fd of ours closed, cwd by
 *                path;
 *   7. exec      the command (command.c).
 * A forked child reports a failure before exec through a close-on-exec pipe, so the parent can tell
 * "the command ran" from "we could not start it". */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "command.h"
#include "error.h"
#include "fdutil.h"
#include "macros.h"
#include "mountns.h"
#include "nsenter-internal.h"
#include "nsenter.h"
#include "plan.h"
#include "pty.h"
#include "supervise.h"
#include "target.h"
#include "tools.h"

/* Step 4: join. */

int (*nsenter_setns)(int fd, int nstype) = setns;

static int open_ns_fds(struct plan *p, const struct target *t, char **reterr)
{
	for (int i = 0; i < _NS_MAX; i++) {
		if (!(p->join & NS_BIT(i)) || p->ns_fds[i] >= 0) /* --user-parent's is open */
			continue;
		p->ns_fds[i] = openat(t->nsfd, ns_proc_file(i), O_RDONLY | O_CLOEXEC);
		if (p->ns_fds[i] < 0)
			return error_set(reterr, errno == ESRCH ? -ESRCH : negative_errno(),
					 "cannot open the container's %s namespace: %m",
					 ns_name(i));
	}
	return 0;
}

/* setns one namespace; EPERM is deferred (added to *pending) unless this is the last chance. */
static int join_one(struct plan *p, int i, bool last_chance, unsigned *pending, char **reterr)
{
	if (nsenter_setns(p->ns_fds[i], ns_clone_flag(i)) == 0) {
		*pending &= ~NS_BIT(i);
		closep(&p->ns_fds[i]);
		p->ns_fds[i] = -EBADF;
		return 0;
	}
	if (!last_chance && errno == EPERM) {
		*pending |= NS_BIT(i);
		return 0;
	}
	if (i == NS_USER && p->user_parent)
		return error_set(reterr, negative_errno(),
				 "cannot join the parent of the container's user namespace: %m");
	return error_set(reterr, negative_errno(), "cannot join the container's %s namespace: %m",
			 ns_name(i));
}

/* Every namespace but the user namespace first, a refusal (EPERM) deferred; then the user
 * namespace, then what was deferred. So a caller privileged on the host joins the user namespace
 * last, with its host capabilities intact for the others, and a caller that gains privileges from
 * the user namespace joins it before the namespaces that only it opens; the enum is util-linux's
 * order, the mount namespace late and time last. */
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

/* A refusal keeps the words of the join that was refused (which namespace) and adds the likely
 * cause. */
static int privilege_error(const struct plan *p, int err, char **reterr)
{
	_cleanup_free_ char *why = reterr ? TAKE_PTR(*reterr) : NULL;

	if (p->unprivileged)
		return error_set(reterr, err, "%s, from the container's user namespace",
				 why ? why : "cannot join the container's namespaces");
	return error_set(reterr, err,
			 "%s: docker-nsenter must run as root (CAP_SYS_ADMIN and CAP_SYS_PTRACE); "
			 "membership in the "
			 "docker group is not enough",
			 why ? why : "permission denied joining the container's namespaces");
}

/* setns(pidfd) joins every namespace in one step that the kernel orders itself (Linux 5.8); before,
 * a pidfd is not a namespace fd (EINVAL, nothing joined) and the namespace files are joined one by
 * one. A refused setns(pidfd) joined nothing either and cannot say which namespace it refused: the
 * files are tried too, so the error names it. The parent of the container's user namespace
 * (--user-parent) is none of the process's: then every namespace is joined by its file. */
static int join_namespaces(struct plan *p, const struct target *t, char **reterr)
{
	int flags = 0, err;

	if (!p->join)
		return 0;
	for (int i = 0; i < _NS_MAX; i++)
		if (p->join & NS_BIT(i))
			flags |= ns_clone_flag(i);
	if (t->pidfd >= 0 && !p->user_parent) {
		if (nsenter_setns(t->pidfd, flags) == 0)
			return 0;
		if (errno != EINVAL && errno != ENOSYS && errno != EPERM && errno != EACCES)
			return error_set(reterr, negative_errno(),
					 "cannot join the container's namespaces: %m");
	}
	err = join_by_fds(p, t, reterr);
	if (err == -EPERM || err == -EACCES)
		return privilege_error(p, err, reterr);
	return err;
}

/* An unprivileged caller (the user of a rootless engine) first joins the user namespace it created,
 * which gives it the right to join the others: the container's, or its parent (--user-parent). */
static int join_user_first(struct plan *p, const struct target *t, char **reterr)
{
	_cleanup_close_ int fd = -EBADF;

	if (!p->unprivileged || !(p->join & NS_BIT(NS_USER)))
		return 0;
	if (p->user_parent) {
		unsigned pending = 0;
		int err = join_one(p, NS_USER, true, &pending, reterr);

		if (err < 0)
			return err;
	} else if (t->pidfd < 0 || nsenter_setns(t->pidfd, CLONE_NEWUSER) < 0) {
		fd = openat(t->nsfd, ns_proc_file(NS_USER), O_RDONLY | O_CLOEXEC);
		if (fd < 0 || nsenter_setns(fd, CLONE_NEWUSER) < 0)
			return error_set(reterr, negative_errno(),
					 "cannot join the container's user namespace: %m");
	}
	p->join &= ~NS_BIT(NS_USER); /* joined */
	return 0;
}

int nsenter_join(struct plan *p, const struct target *t, char **reterr)
{
	int err;

	/* our supplementary groups go while we are privileged on the host: in the user namespace
	 * setgroups() may be denied (/proc/PID/setgroups), and then none of them may survive into
	 * it */
	if (p->drop_groups_early)
		p->groups_dropped = setgroups(0, NULL) == 0;
	err = join_user_first(p, t, reterr);
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

/* Step 6: identity, in the process that becomes the command. */

static int enter_root_and_fd_wd(struct plan *p, char **reterr)
{
	if (p->rootfd >= 0 && (fchdir(p->rootfd) < 0 || chroot(".") < 0))
		return error_set(reterr, negative_errno(), "cannot change the root directory: %m");
	if (p->wdfd >= 0 && fchdir(p->wdfd) < 0)
		return error_set(reterr, negative_errno(),
				 "cannot change the working directory: %m");
	if (p->chdir_root && chdir("/") < 0)
		return error_set(reterr, negative_errno(), "cannot change directory to /: %m");
	return 0;
}

/* Keep the capabilities we have in the (user) namespace across the uid change, as util-linux
 * --keep-caps. */
static int raise_ambient(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data) < 0)
		return negative_errno();
	for (int i = 0; i < 2; i++) {
		data[i].effective = data[i].permitted;
		data[i].inheritable = data[i].permitted;
	}
	if (syscall(SYS_capset, &hdr, data) < 0)
		return negative_errno();
	for (int cap = 0; cap < 64; cap++)
		if (data[cap / 32].permitted & (1u << (cap % 32)))
			prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0);
	return 0;
}

static int set_identity(struct plan *p, char **reterr)
{
	const struct creds *c = &p->creds;

	if (!p->set_uid && !p->set_gid)
		return 0;
	if (p->keep_caps && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return error_set(reterr, negative_errno(), "cannot keep capabilities: %m");
	/* a user namespace may deny setgroups(): enough when ours were dropped before it was joined
	 * */
	if (p->groups != PLAN_GROUPS_KEEP &&
	    setgroups(p->groups == PLAN_GROUPS_SET ? c->n_groups : 0, c->groups) < 0 &&
	    !(errno == EPERM && p->groups_dropped))
		return error_set(reterr, negative_errno(), "setgroups failed: %m");
	if (p->set_gid && setgid(c->gid) < 0)
		return error_set(reterr, negative_errno(), "setgid(%u) failed: %m",
				 (unsigned)c->gid);
	if (p->set_uid && setuid(c->uid) < 0)
		return error_set(reterr, negative_errno(), "setuid(%u) failed: %m",
				 (unsigned)c->uid);
	/* a program from the container gets its capabilities from powers_finish() */
	if (p->keep_caps && !p->apply_powers && raise_ambient() < 0)
		return error_set(reterr, negative_errno(), "cannot keep capabilities: %m");
	return 0;
}

/* A session of its own (and a pty of its own) for a program from the container. Without a fork (-F)
 * we may lead our process group already; then only a process without a controlling terminal may go
 * on. */
static int enter_session(struct plan *p, char **reterr)
{
	int err;

	if (!p->new_session)
		return 0;
	err = pty_child(&p->pty);
	if (err == -EPERM && p->pty.master < 0) {
		_cleanup_close_ int tty = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);

		if (tty < 0)
			return 0;
		return error_set(reterr, err,
				 "with --no-fork a program from the container would share this "
				 "terminal's session; leave out --no-fork");
	}
	return err < 0 ? error_set(reterr, err, "cannot give the program a session of its own: %s",
				   strerror(-err))
		       : 0;
}

/* Die with the parent, set after the identity change (which clears it), then check the parent did
 * not die first: a dead parent's child is re-parented, so getppid() changes (it is 0 while the
 * parent lives outside our PID namespace). */
static int tie_to_parent(pid_t expected_ppid, char **reterr)
{
	if (expected_ppid < 0)
		return 0;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return error_set(reterr, negative_errno(), "prctl(PR_SET_PDEATHSIG) failed: %m");
	if (getppid() != expected_ppid)
		return error_set(reterr, -ESRCH,
				 "docker-nsenter was killed before the command started");
	return 0;
}

static int enter_wd_path(struct plan *p, char **reterr)
{
	char cwd[PATH_MAX];

	if (p->wd_path && chdir(p->wd_path) < 0)
		return error_set(reterr, negative_errno(), "cannot change directory to %s: %m",
				 p->wd_path);
	if (p->rootfd < 0 && !p->wd_path && p->wdfd < 0)
		return 0;
	/* A cwd outside our root shows as "(unreachable)/..." or fails: never run the command
	 * there. */
	if (!getcwd(cwd, sizeof(cwd)) || cwd[0] != '/')
		return error_set(reterr, -EPERM,
				 "the working directory is outside the container's root");
	return 0;
}

/* --host-root: our own /proc for the PID namespace we are now in, and the tree's path for the
 * command. */
static int host_root_finish(struct plan *p, char **reterr)
{
	_cleanup_free_ char *kv = NULL;
	size_t n = 0;
	char **env;
	int err;

	if (!p->tree_path)
		return 0;
	err = mountns_mount_proc(reterr);
	if (err < 0)
		return err;
	if (!p->env)
		return setenv("NSENTER_CONTAINER_ROOT", p->tree_path, 1) < 0 ? negative_errno() : 0;
	if (asprintf(&kv, "NSENTER_CONTAINER_ROOT=%s", p->tree_path) < 0)
		return -ENOMEM;
	while (p->env[n])
		n++;
	env = realloc(p->env, (n + 2) * sizeof(char *));
	if (!env)
		return -ENOMEM;
	env[n] = TAKE_PTR(kv);
	env[n + 1] = NULL;
	p->env = env;
	return 0;
}

/* Steps 6 and 7. A forked child passes the getppid() it must see while its parent lives (it then
 * dies with the parent), others -1. Returns only on failure, with *ret_status 125, 126 or 127. */
static int become_command(struct plan *p, pid_t expected_ppid, int *ret_status, char **reterr)
{
	int err;

	*ret_status = NSENTER_FAILED;
	err = host_root_finish(p, reterr);
	if (err >= 0)
		err = cgroup_join(&p->cg, reterr);
	if (err >= 0)
		err = enter_session(p, reterr);
	if (err >= 0)
		err = enter_root_and_fd_wd(p, reterr);
	if (err >= 0 && p->apply_powers)
		err = powers_enter(&p->powers, reterr);
	if (err >= 0)
		err = set_identity(p, reterr);
	if (err >= 0 && p->apply_powers)
		err = powers_finish(&p->powers, p->keep_caps, reterr);
	/* the uid change made us dumpable again where fs.suid_dumpable allows: nobody in the
	 * container may open our /proc/PID/exe or fds before the exec */
	if (err >= 0 && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		err =
		    error_set(reterr, negative_errno(), "cannot make the process non-dumpable: %m");
	if (err >= 0)
		err = tie_to_parent(expected_ppid, reterr);
	if (err < 0)
		return err;
	fd_close_from(3, p->errfd);
	err = enter_wd_path(p, reterr);
	if (err < 0)
		return err;
	return command_exec(p->argv, p->env, p->exec_path, ret_status, reterr);
}

/* Step 5: fork and supervise. */

struct child_report {
	int status;
	char msg[1020];
};

static _Noreturn void child_main(struct plan *p, pid_t expected_ppid)
{
	struct child_report rep = { 0 };
	char *err = NULL;

	supervise_child_reset();
	become_command(p, expected_ppid, &rep.status, &err);
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

static int run_forked(struct plan *p, const struct nsenter_request *req, int *ret_status,
		      char **reterr)
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

int nsenter_run_plan(struct plan *p, const struct nsenter_request *req, bool must_fork,
		     int *ret_status, char **reterr)
{
	/* a PID or time namespace applies to children only; a session of its own needs a process
	 * that leads none */
	bool fork_needed =
	    !req->no_fork && (must_fork || (p->join & (NS_BIT(NS_PID) | NS_BIT(NS_TIME))) ||
			      req->stop_fd >= 0 || p->new_session);

	*ret_status = NSENTER_FAILED;
	if (fork_needed)
		return run_forked(p, req, ret_status, reterr);
	return become_command(p, -1, ret_status, reterr);
}

int nsenter_run(const struct target *t, const struct nsenter_request *req, int *ret_status,
		char **reterr)
{
	struct plan p;
	int err;

	plan_init(&p);
	err = plan_prepare(t, req, &p, ret_status, reterr);
	if (err >= 0) {
		*ret_status = NSENTER_FAILED;
		err = nsenter_join(&p, t, reterr);
	}
	if (err >= 0)
		err = nsenter_run_plan(&p, req, false, ret_status, reterr);
	plan_done(&p);
	return err;
}
