// SPDX-License-Identifier: Apache-2.0
/* --which PID: the container a host process belongs to (its cgroup names it, the proof target_pin
 * uses), which of the container's namespaces it is in, and its PID there; or, for a process of no
 * container, which containers' namespaces it is in all the same. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "inventory.h"

struct engine;

#define WHICH_MAX_IDS 8

struct which_result {
	pid_t pid;
	bool found; /* its cgroup names a container */
	char id[65];
	char *name;   /* the container's name; NULL when the daemon does not know the ID */
	char *engine; /* "docker", "podman": who answered; else the cgroup's form ("cri-o",
			 "containerd", ...) */
	bool running; /* the daemon says the container runs (its main process could be compared) */
	pid_t pid_inside;     /* its PID in the container's PID namespace; 0 when it is not in it or
				 below it */
	unsigned shared;      /* NS_BIT()s: the container's main process's namespaces it is in */
	unsigned types;	      /* NS_BIT()s: the namespace types compared */
	struct inventory inv; /* !found: who else is in each of its namespaces */
};

void which_result_done(struct which_result *r);

/* The candidate container IDs a /proc/PID/cgroup text names, in the engines' forms
 * (target_cgroup_names), and for each the engine the form shows ("docker", "podman", "cri-o",
 * "containerd"; "docker" for a bare ID below /docker, dockerd's cgroupfs parent; "" for another
 * bare ID). Pure. */
size_t which_cgroup_ids(const char *cgroup, size_t len, char ids[][65], const char *engines[],
			size_t max);

/* Which container process pid belongs to, asking the daemon about the IDs its cgroup names. e NULL:
 * no daemon to ask (a node without dockerd): the cgroup alone names the ID and the engine its form
 * shows, and a process of no container is compared with no container. -ESRCH when there is no such
 * process (or it ended meanwhile). */
int which_pid(struct engine *e, pid_t pid, struct which_result *ret, char **reterr);
