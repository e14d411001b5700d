// SPDX-License-Identifier: Apache-2.0
/* The front ends of finding containers and of opening stopped ones: the container a command line
 * means (name, ID, compose reference, --filter), --which, and --stopped (given, or chosen for a
 * container that does not run). */
#pragma once

#include <stdbool.h>

#include "engine.h"
#include "options.h"

/* The reference to resolve: the container as given, or the full ID of the one a compose reference
 * or --filter means (in buf). */
int front_reference(struct engine *e, const struct cli *cli, char buf[65], const char **ret_ref,
		    char **reterr);

/* --which PID [--json]: 0 when the process belongs to a container, 1 when to none, 125 on failure.
 * e NULL: no daemon answers; the cgroup alone names it. */
int action_which(struct engine *e, const struct cli *cli);

/* Whether a command line that meant a running container may be given the stopped container's files
 * instead: no option needs its process, and the program keeps its meaning (a shell, --host-root's
 * host tools, or --privileged's program from its files). */
bool front_stopped_fits(const struct cli *cli);

/* Open the stopped container ref and run the program; closes the engine. automatic: say so, since
 * --stopped was not given. Returns the exit status. */
int front_run_stopped(struct engine *e, struct cli *cli, const char *ref, bool automatic);
