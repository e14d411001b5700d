// SPDX-License-Identifier: Apache-2.0
/* Steps of nsenter.c's sequence for the other ways of preparing a plan (stopped.c), and the join's
 * seam, so that tests can watch the order of setns() calls. */
#pragma once

#include <stdbool.h>

struct nsenter_request;
struct plan;
struct target;

/* The join's one syscall: setns(), unless a test puts a recorder in its place. */
extern int (*nsenter_setns)(int fd, int nstype);

/* Step 4 of the sequence: join p->join of t's namespaces (and, for --host-root, move into a private
 * copy of our mount namespace with the container's tree attached). */
int nsenter_join(struct plan *p, const struct target *t, char **reterr);

/* Steps 5 to 7: run the prepared and joined plan here, or forked and supervised when something
 * needs a child (must_fork, a PID or time namespace, a stop socket, a session of its own). Returns
 * as nsenter_run() does. */
int nsenter_run_plan(struct plan *p, const struct nsenter_request *req, bool must_fork,
		     int *ret_status, char **reterr);
