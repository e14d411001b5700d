// SPDX-License-Identifier: Apache-2.0
/* The proof that a process belongs to a container: its cgroup path must be one the container's
 * runtime makes for that container, in that runtime's own forms, and no other path that merely has
 * the ID in it. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum proof_runtime {
	PROOF_DOCKER,	  /* Docker's inspect: a full 64-hex ID */
	PROOF_CONTAINERD, /* containerd's API: a free-string ID in a namespace */
	PROOF_CRIO,	  /* CRI-O's inspect endpoint */
	_PROOF_RUNTIME_MAX,
};

/* Who the runtime says the process is. */
struct proof_claim {
	enum proof_runtime runtime;
	const char *id;
	const char *ns;	     /* containerd's namespace; NULL for the others */
	const char *pod_uid; /* the kubelet's io.kubernetes.pod.uid label, NULL when the container
				has none */
};

/* Whether the text of a /proc/PID/cgroup file names the claimed container in one of its runtime's
 * forms:
 *  - Docker: a path component "ID", "docker-ID.scope", "libpod-ID[.scope]", "crio-ID[.scope]" or
 *    "cri-containerd-ID.scope" (target_cgroup_names);
 *  - containerd: the whole path "/NS/ID" (ctr's and containerd's default); with a pod UID, the
 *    kubelet's paths "/kubepods[/QOS]/pod<UID>/ID" and
 *    "/kubepods.slice[/kubepods-QOS.slice]/kubepods[-QOS]-pod<UID_>.slice/cri-containerd-ID.scope";
 *    without one, and only for a 64-hex ID, Docker's forms (dockerd's namespace moby);
 *  - CRI-O: the kubelet's paths with "crio-ID" and "crio-ID.scope" in place of the ID with a pod
 *    UID; without one, a component "crio-ID.scope" or "crio-ID" of a 64-hex ID.
 * Pure, for unit tests and fuzzing. */
bool proof_cgroup_names(const char *cgroup, size_t len, const struct proof_claim *c);

/* Whether s is 64 lower-case hex digits, the IDs Docker, containerd's CRI plugin and CRI-O make. */
bool proof_is_hex64(const char *s);
