// SPDX-License-Identifier: Apache-2.0
/* A container that does not run (exited, created, restarting between crashes): its files as it
 * would see them, in a private mount namespace, read-only unless asked; the host's tools run with
 * them, or (--privileged) its own. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "container.h"
#include "hold.h"
#include "nsenter.h"
#include "plan.h"
#include "rootfs.h"
#include "tree.h"

struct engine;

struct stopped_target {
	struct container_info info;
	struct rootfs fs;
	char *data_root;  /* the daemon's, where every layer and volume must lie */
	pid_t daemon_pid; /* the process serving the daemon's socket: the --rw hold goes in its
			     mount namespace */
};

struct stopped_session {
	struct plan plan;
	struct tree_notes notes;
	struct hold hold;
	char *tree_path; /* where the tree is mounted, once it is */
	bool private_ns; /* we moved into a private mount namespace */
	int origin_ns; /* the mount namespace we came from, to leave the private one before the hold
			  ends */
};

void stopped_target_init(struct stopped_target *t);
void stopped_target_done(struct stopped_target *t);
void stopped_session_init(struct stopped_session *s);

/* Ask the daemon about ref: a container that is not running (-EBUSY if it runs or is paused), on
 * overlay, with its data root and the process behind the socket. */
int stopped_fetch(struct engine *e, const char *ref, struct stopped_target *ret, char **reterr);

/* Move into private mount and UTS namespaces (its hostname), open everything there, take the --rw
 * hold and ask the daemon again whether the container is still stopped, mount the tree, and plan
 * the program: the host's (default) with the tree at $NSENTER_CONTAINER_ROOT as its working
 * directory, or with --privileged the container's, with the tree as its root. Notes on what is not
 * shown land in s->notes. */
int stopped_prepare(struct engine *e, const struct stopped_target *t,
		    const struct nsenter_request *req, struct stopped_session *s, int *ret_status,
		    char **reterr);

/* Run the program, as nsenter_run() does. */
int stopped_run(struct stopped_session *s, const struct nsenter_request *req, int *ret_status,
		char **reterr);

/* Kill whatever the program left running in our mount namespace, unmount the tree, then end the
 * hold: only then can the container start again. */
void stopped_session_done(struct stopped_session *s);
