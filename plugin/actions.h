// SPDX-License-Identifier: Apache-2.0
/* The front ends of --list, --pin and --unpin: call the library, print, choose the exit status. */
#pragma once

#include <stdbool.h>

struct cli;
struct engine;
struct resolve_options;
struct target;

/* --list [--json]: needs the engine (one listing request) for a Docker target; e NULL: the target's
 * runtime is asked for its containers through o. */
int action_list(struct engine *e, const struct resolve_options *o, const struct target *t,
		bool json);

/* --pin DIR and/or --pin-netns NAME. */
int action_pin(const struct cli *cli, const struct target *t);

/* --unpin DIR and/or --unpin-netns NAME: no daemon, no container. */
int action_unpin(const struct cli *cli);
