// SPDX-License-Identifier: Apache-2.0
/* The namespace inventory of a container: each namespace's inode and who else is in it (the host,
 * other containers). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "namespaces.h"

struct engine;
struct resolve_member;
struct target;

enum inventory_share {
	INVENTORY_PRIVATE,
	INVENTORY_HOST,
	INVENTORY_CONTAINERS,
	_INVENTORY_SHARE_MAX
};

struct inventory_entry {
	enum ns_type type;
	uint64_t inode;
	enum inventory_share share;
	char **sharers; /* names of the other running containers in it (INVENTORY_CONTAINERS),
			   sorted; else NULL */
	size_t n_sharers;
};

struct inventory {
	struct inventory_entry
	    entries[_NS_MAX]; /* the types the container has, in enum ns_type order */
	size_t n;
	uid_t daemon_uid;     /* who runs the daemon (SO_PEERCRED) */
	bool daemon_rootless; /* the daemon says it is rootless (GET /info) */
};

/* Collect t's namespaces. A namespace equal to that of the host's PID 1 (ours when PID 1's cannot
 * be read) is INVENTORY_HOST. For the others, one GET /containers/json names the running
 * containers, and a scan of /proc finds the processes in the same namespace; a process counts for a
 * container when its /proc/PID/cgroup names that container's full ID (the proof of target_pin), or
 * for a rootless daemon's container when its runtime shim names it (rootless_container_of), so no
 * inspect per container is needed. GET /info says whether the daemon calls itself rootless. */
int inventory_collect(struct engine *e, const struct target *t, struct inventory *ret,
		      char **reterr);

/* The same with the other containers given, each proven by its own runtime's cgroup forms
 * (containerd's, CRI-O's). */
int inventory_collect_members(const struct target *t, const struct resolve_member *m, size_t n,
			      struct inventory *ret, char **reterr);
void inventory_done(struct inventory *inv);

const char *inventory_share_name(enum inventory_share s);
