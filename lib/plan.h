// SPDX-License-Identifier: Apache-2.0
/* The plan: everything opened and decided on the host side before the first setns() (step 3 of the
 * join sequence, nsenter.c). */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"
#include "creds.h"
#include "nsenter.h"
#include "powers.h"
#include "pty.h"

struct container_info;
struct target;

enum plan_groups { PLAN_GROUPS_KEEP, PLAN_GROUPS_DROP, PLAN_GROUPS_SET, _PLAN_GROUPS_MAX };

struct plan {
	unsigned join;	     /* namespaces to join: requested and different from ours */
	bool unprivileged;   /* the caller lacks CAP_SYS_ADMIN: it enters its own rootless container
				through the    container's user namespace, joined first
				(plan-userns.c) */
	int ns_fds[_NS_MAX]; /* fds of /proc/PID/ns/TYPE, opened only when setns(pidfd) cannot be
				used */
	bool user_parent;    /* ns_fds[NS_USER] is the parent of the container's user namespace
				(--user-parent), opened by the plan and joined by its fd */
	int rootfd;	     /* new root, or -EBADF */
	int wdfd;	     /* new cwd by fd, or -EBADF */
	char *wd_path;	     /* new cwd by path inside the new root, or NULL */
	bool chdir_root;     /* cwd "/" of the new root when nothing else is set */
	struct cgroup_procs cg; /* cgroups to join, n == 0 for none */
	bool set_uid, set_gid;	/* change the uid, the gid (to creds.uid, creds.gid) */
	enum plan_groups
	    groups; /* the supplementary groups: ours kept, dropped, or replaced by creds.groups */
	bool drop_groups_early; /* drop ours before the user namespace is joined, while privileged
				   on the host */
	bool groups_dropped;	/* ...which succeeded */
	struct creds creds;
	bool keep_caps;
	char **env;		/* the command's environment, NULL to keep ours */
	char **argv;		/* the command, never empty */
	bool container_program; /* the command comes from the container's files (its root or mount
				   namespace) */
	bool apply_powers;    /* ...and runs with the container's restrictions (not --privileged) */
	struct powers powers; /* those restrictions */
	bool new_session;     /* the command gets a session of its own */
	struct pty pty;	      /* and a pty of its own, when master >= 0 */
	char *exec_path; /* where the command is looked up: our PATH for a host program, its own for
			    the container's */
	int errfd;	 /* where the child reports failures to the parent, or -EBADF */
	int treefd;	 /* --host-root: the container's detached mount tree, or -EBADF */
	char *tree_name; /* --host-root: the name to attach it under */
	char *tree_path; /* --host-root: where it is attached, once it is */
	int tools_fd;	 /* --tools: the tools' detached mount, or -EBADF */
};

void plan_init(struct plan *p);
void plan_done(struct plan *p);

/* Open and decide everything. Returns -errno with a message; *ret_status says which exit status
 * fits. */
int plan_prepare(const struct target *t, const struct nsenter_request *req, struct plan *p,
		 int *ret_status, char **reterr);

/* Decide the command's uid, gid and groups (part of plan_prepare(), after p->join is known): --as
 * and --exec resolve a user of the container in its own files, -S/-G take a number or follow the
 * process, and entering a user namespace makes us its root unless credentials are preserved.
 * Exposed for tests. */
int plan_identity(const struct target *t, const struct nsenter_request *req, struct plan *p,
		  char **reterr);

/* The session and pty of the program, decided from container_program and rootfd (the devpts it
 * takes its pty from). Exposed for other ways of preparing a plan (a stopped container's). */
int plan_terminal(const struct nsenter_request *req, struct plan *p, char **reterr);

/* Build docker exec's environment: its defaults, then the container's Config.Env, then HOME.
 * Exposed for tests. */
char **plan_exec_env(const struct container_info *c, const char *home, bool tty);
