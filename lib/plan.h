// SPDX-License-Identifier: Apache-2.0
/* The plan: everything opened and decided on the host side before the first setns(). */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"
#include "creds.h"
#include "nsenter.h"
#include "powers.h"
#include "pty.h"

struct plan {
	unsigned join;		 /* namespaces to join: requested and different from ours */
	bool unprivileged;	 /* the caller lacks CAP_SYS_ADMIN: it enters its own rootless container through the
				    container's user namespace, joined first (plan-userns.c) */
	bool strict_groups;	 /* root joins another user namespace: its supplementary groups must go */
	int ns_fds[_NS_MAX];	 /* fds of /proc/PID/ns/TYPE, opened only when setns(pidfd) cannot be used */
	int rootfd;		 /* new root, or -EBADF */
	int wdfd;		 /* new cwd by fd, or -EBADF */
	char *wd_path;		 /* new cwd by path inside the new root, or NULL */
	bool chdir_root;	 /* cwd "/" of the new root when nothing else is set */
	struct cgroup_dirs cg;	 /* cgroups to join, n == 0 for none */
	bool set_ids;		 /* change uid/gid/groups */
	bool set_groups;	 /* replace supplementary groups (else clear them) */
	struct creds creds;
	bool keep_caps;
	char **env;		 /* the command's environment, NULL to keep ours */
	char **argv;		 /* the command, never empty */
	bool container_program;	 /* the command comes from the container's files (its root or mount namespace) */
	bool apply_powers;	 /* ...and runs with the container's restrictions (not --privileged) */
	struct powers powers;	 /* those restrictions */
	bool new_session;	 /* the command gets a session of its own */
	struct pty pty;		 /* and a pty of its own, when master >= 0 */
	char *host_path;	 /* our PATH: a host program is looked up there, never in the container's */
	int errfd;		 /* where the child reports failures to the parent, or -EBADF */
	int treefd;		 /* --host-root: the container's detached mount tree, or -EBADF */
	char *tree_name;	 /* --host-root: the name to attach it under */
	char *tree_path;	 /* --host-root: where it is attached, once it is */
	int tools_fd;		 /* --tools: the tools' detached mount, or -EBADF */
};

void plan_init(struct plan *p);
void plan_done(struct plan *p);

/* Open and decide everything. Returns -errno with a message; *ret_status says which exit status fits. */
int plan_prepare(const struct target *t, const struct nsenter_request *req, struct plan *p, int *ret_status,
		 char **reterr);

/* Join the planned namespaces (setns through the pidfd where possible, else one fd at a time in a safe order); for
 * --host-root, then move into a private copy of our mount namespace with the container's tree attached. */
int plan_join(struct plan *p, const struct target *t, char **reterr);

/* In the process that becomes the command: cgroup, root, cwd, identity, fds, environment, exec. A forked child passes
 * the getppid() it must see while its parent lives (it then dies with the parent), others -1. Returns only on failure,
 * with *ret_status 125, 126 or 127. */
int plan_exec(struct plan *p, pid_t expected_ppid, int *ret_status, char **reterr);

/* Run the prepared and joined plan: here, or forked and supervised when something needs a child (must_fork, a PID or
 * time namespace, a stop socket, a session of its own). Returns as nsenter_run() does. */
int plan_run(struct plan *p, const struct nsenter_request *req, bool must_fork, int *ret_status, char **reterr);

/* The session and pty of the program, decided from container_program and rootfd (the devpts it takes its pty from).
 * Exposed for other ways of preparing a plan (a stopped container's). */
int plan_terminal(const struct nsenter_request *req, struct plan *p, char **reterr);

/* Build docker exec's environment: its defaults, then the container's Config.Env, then HOME. Exposed for tests. */
char **plan_exec_env(const struct container_info *c, const char *home, bool tty);
