// SPDX-License-Identifier: Apache-2.0
/* The container's powers: what a program from the container's files runs with, as docker exec gives
 * it. */
#pragma once

#include <stdbool.h>

#include "caps.h"
#include "seccomp-filters.h"

struct target;

struct powers {
	struct caps caps; /* the container process's sets, no_new_privs and seccomp mode */
	int last_cap;
	struct seccomp_filters seccomp; /* its filters, oldest first */
	char *lsm_attr;			/* what to write to lsm_file, or NULL */
	const char *lsm_file;
	int host_proc; /* the host's /proc, for the LSM label */
};

void powers_init(struct powers *p);
void powers_done(struct powers *p);

/* Take the restrictions of t's process, on the host before any setns(): its capability sets,
 * no_new_privs, its seccomp filters (copied from the process; from its runtime's config.json when
 * the copy is refused) and its LSM label. On failure nothing is half-read and *reterr says what
 * could not be taken. */
int powers_read(const struct target *t, struct powers *ret, char **reterr);

/* In the process that becomes the program, while still privileged: the LSM label for the exec, the
 * bounding set, and the seccomp filters when they do not rely on no_new_privs (installing those
 * needs CAP_SYS_ADMIN). */
int powers_enter(const struct powers *p, char **reterr);

/* After the identity change: the process's other capability sets (a user other than root keeps only
 * its ambient ones; keep_caps makes every permitted one ambient), no_new_privs, and the filters
 * that rely on it. */
int powers_finish(const struct powers *p, bool keep_caps, char **reterr);
