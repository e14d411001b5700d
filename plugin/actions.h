// SPDX-License-Identifier: Apache-2.0
/* The front ends of --list, --pin and --unpin: call the library, print, choose the exit status. */
#pragma once

#include <stdbool.h>

struct cli;
struct engine;
struct target;

/* --list [--json]: needs the engine (one listing request) and the resolved target. */
int action_list(struct engine *e, const struct target *t, bool json);

/* --pin DIR and/or --pin-netns NAME. */
int action_pin(const struct cli *cli, const struct target *t);

/* --unpin DIR and/or --unpin-netns NAME: no daemon, no container. */
int action_unpin(const struct cli *cli);
