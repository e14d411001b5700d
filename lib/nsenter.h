// SPDX-License-Identifier: Apache-2.0
/* The public request of the library: which namespaces to join and how to run the command there. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "namespaces.h"

struct target;
struct tools_source;

enum root_mode { ROOT_DEFAULT, ROOT_TARGET, ROOT_PATH, _ROOT_MODE_MAX };
enum wd_mode { WD_DEFAULT, WD_TARGET, WD_HOST_PATH, WD_NS_PATH, _WD_MODE_MAX };
enum id_mode { ID_KEEP, ID_VALUE, ID_FOLLOW, _ID_MODE_MAX };
enum tty_mode { TTY_AUTO, TTY_ALWAYS, TTY_NEVER, _TTY_MODE_MAX };

struct nsenter_request {
	unsigned ns_mask; /* NS_BIT()s; 0 means every namespace */
	bool no_fork;	  /* -F */
	bool join_cgroup; /* -c */
	bool keep_caps;	  /* --keep-caps */
	/* --user-parent: the parent of the target's user namespace in its place */
	bool user_parent;
	bool preserve_creds; /* --preserve-credentials */
	bool copy_env;	     /* -e: the target process's environment */
	bool exec_like; /* --exec: Config.User, docker exec's environment, Config.WorkingDir, cgroup
			 */
	const char *as_user; /* --as USER[:GROUP], resolved in the container's files */
	bool host_root; /* --host-root: the host's mounts, the container's tree attached beside them
			 */
	bool privileged; /* --privileged: a program from the container keeps all of our powers */
	bool stopped;	 /* --stopped: a container that does not run, its files assembled from its
			    layers */
	bool rw;	 /* --rw: ...read-write, and its start refused meanwhile */
	const struct tools_source
	    *tools;	   /* --tools: a directory or an image's files beside the container's */
	enum tty_mode tty; /* --tty / --no-tty; by default a program from the container gets a pty
			      of its own when one of our fds 0-2 is a terminal */
	enum id_mode uid_mode; /* -S */
	uid_t uid;
	enum id_mode gid_mode; /* -G */
	gid_t gid;
	enum root_mode root; /* -r */
	const char *root_path;
	enum wd_mode wd; /* -w / -W */
	const char *wd_path;
	char *const *argv; /* NULL or empty: a shell */
	int stop_fd;	   /* readable/hung up when we are asked to stop; -EBADF when none */
};

/* Where a failure happened decides the exit status the front end uses. */
enum nsenter_status {
	NSENTER_FAILED = 125,	   /* docker-nsenter itself failed */
	NSENTER_CANNOT_EXEC = 126, /* the command exists but cannot be executed */
	NSENTER_NOT_FOUND = 127,   /* the command (or the shell) was not found */
};

/* Join the target's namespaces as requested and run the command. Returns 0 when the command ran,
 * with *ret_status its exit status (128+N for death by signal N); when it returns at all in the
 * no-fork case, it failed. On failure returns a negative errno, *ret_status one of enum
 * nsenter_status and *reterr a message. */
int nsenter_run(const struct target *t, const struct nsenter_request *req, int *ret_status,
		char **reterr);
