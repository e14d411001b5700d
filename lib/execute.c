// SPDX-License-Identifier: Apache-2.0
/* The last steps in the process that becomes the command: cgroup, root, cwd, identity, closing our fds, exec.
 * Directory changes by fd come first (they are fds we opened on the container's own directories); every fd of ours
 * is closed before a path is resolved as a working directory, so no /proc/self/fd/N can lead out of the container. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "error.h"
#include "fdutil.h"
#include "macros.h"
#include "mountns.h"
#include "plan.h"
#include "pty.h"

extern char **environ;

static int enter_root_and_fd_wd(struct plan *p, char **reterr)
{
	if (p->rootfd >= 0 && (fchdir(p->rootfd) < 0 || chroot(".") < 0))
		return error_set(reterr, negative_errno(), "cannot change the root directory: %m");
	if (p->wdfd >= 0 && fchdir(p->wdfd) < 0)
		return error_set(reterr, negative_errno(), "cannot change the working directory: %m");
	if (p->chdir_root && chdir("/") < 0)
		return error_set(reterr, negative_errno(), "cannot change directory to /: %m");
	return 0;
}

/* Keep the capabilities we have in the (user) namespace across the uid change, as util-linux --keep-caps. */
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

	if (!p->set_ids)
		return 0;
	if (p->keep_caps && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return error_set(reterr, negative_errno(), "cannot keep capabilities: %m");
	if (setgroups(p->set_groups ? c->n_groups : 0, c->groups) < 0 && (errno != EPERM || p->strict_groups))
		return error_set(reterr, negative_errno(), "setgroups failed: %m");
	if (setgid(c->gid) < 0)
		return error_set(reterr, negative_errno(), "setgid(%u) failed: %m", (unsigned)c->gid);
	if (setuid(c->uid) < 0)
		return error_set(reterr, negative_errno(), "setuid(%u) failed: %m", (unsigned)c->uid);
	/* a program from the container gets its capabilities from powers_finish() */
	if (p->keep_caps && !p->apply_powers && raise_ambient() < 0)
		return error_set(reterr, negative_errno(), "cannot keep capabilities: %m");
	return 0;
}

/* A session of its own (and a pty of its own) for a program from the container. Without a fork (-F) we may lead our
 * process group already; then only a process without a controlling terminal may go on. */
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
		return error_set(reterr, err, "with --no-fork a program from the container would share this "
					      "terminal's session; leave out --no-fork");
	}
	return err < 0 ? error_set(reterr, err, "cannot give the program a session of its own: %s", strerror(-err)) : 0;
}

/* Die with the parent, set after the identity change (which clears it), then check the parent did not die first: a
 * dead parent's child is re-parented, so getppid() changes (it is 0 while the parent lives outside our PID namespace). */
static int tie_to_parent(pid_t expected_ppid, char **reterr)
{
	if (expected_ppid < 0)
		return 0;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return error_set(reterr, negative_errno(), "prctl(PR_SET_PDEATHSIG) failed: %m");
	if (getppid() != expected_ppid)
		return error_set(reterr, -ESRCH, "docker-nsenter was killed before the command started");
	return 0;
}

static int enter_wd_path(struct plan *p, char **reterr)
{
	char cwd[PATH_MAX];

	if (p->wd_path && chdir(p->wd_path) < 0)
		return error_set(reterr, negative_errno(), "cannot change directory to %s: %m", p->wd_path);
	if (p->rootfd < 0 && !p->wd_path && p->wdfd < 0)
		return 0;
	/* A cwd outside our root shows as "(unreachable)/..." or fails: never run the command there. */
	if (!getcwd(cwd, sizeof(cwd)) || cwd[0] != '/')
		return error_set(reterr, -EPERM, "the working directory is outside the container's root");
	return 0;
}

/* Where the command is looked up: a host program in our PATH, never the container's; a program from the container in
 * the PATH of its own environment. */
static const char *command_path(const struct plan *p)
{
	if (!p->container_program || !p->env)
		return p->host_path;
	for (size_t i = 0; p->env[i]; i++)
		if (strncmp(p->env[i], "PATH=", 5) == 0)
			return p->env[i] + 5;
	return "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}

/* execvpe() with the PATH command_path() chose; 127 when nothing was found, 126 when found but refused. */
static int exec_command(char **argv, char **env, const char *path, int *ret_status, char **reterr)
{
	const char *cmd = argv[0];
	bool found = false;
	int last = ENOENT;

	if (env)
		environ = env;
	if (strchr(cmd, '/')) {
		execv(cmd, argv);
		last = errno;
		found = errno != ENOENT && errno != ENOTDIR;
	} else {
		while (*path) {
			size_t n = strcspn(path, ":");
			char full[PATH_MAX];

			if ((size_t)snprintf(full, sizeof(full), "%.*s%s%s", (int)n, path, n ? "/" : "", cmd) <
			    sizeof(full)) {
				execv(full, argv);
				if (errno != ENOENT && errno != ENOTDIR) {
					found = true;
					last = errno;
				}
			}
			path += n;
			if (*path == ':')
				path++;
		}
	}
	*ret_status = found ? NSENTER_CANNOT_EXEC : NSENTER_NOT_FOUND;
	return error_set(reterr, -last, "%s: %s", cmd, found ? strerror(last) : "command not found");
}

/* --host-root: our own /proc for the PID namespace we are now in, and the tree's path for the command. */
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

int plan_exec(struct plan *p, pid_t expected_ppid, int *ret_status, char **reterr)
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
	/* the uid change made us dumpable again where fs.suid_dumpable allows: nobody in the container may open our
	 * /proc/PID/exe or fds before the exec */
	if (err >= 0 && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		err = error_set(reterr, negative_errno(), "cannot make the process non-dumpable: %m");
	if (err >= 0)
		err = tie_to_parent(expected_ppid, reterr);
	if (err < 0)
		return err;
	fd_close_from(3, p->errfd);
	err = enter_wd_path(p, reterr);
	if (err < 0)
		return err;
	return exec_command(p->argv, p->env, command_path(p), ret_status, reterr);
}
