// SPDX-License-Identifier: Apache-2.0
/* The target: a container reference resolved to a pinned process that is proven to belong to the
 * container. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "container.h"
#include "proof.h"

struct engine;
struct http_response;

struct target {
	struct container_info info;
	pid_t pid;
	int pidfd;  /* pidfd of the container's init, or -EBADF when the kernel has no pidfd_open */
	int procfd; /* /proc/PID of that same process, or -EBADF for a pin (no process) */
	int nsfd;   /* the directory of its namespace files: /proc/PID/ns, or a pin directory */
	uid_t
	    owner; /* whose engine runs it: 0, or the user of a rootless engine, whose files (its
		    * runtime's config) are then trusted as far as that user's own user namespace */
	bool rootless; /* proven by rootless_prove: it lives in that user's user namespaces */
	enum proof_runtime runtime; /* whose container it is */
	char *ns;		    /* containerd's namespace, NULL for the others */
};

void target_init(struct target *t);
void target_done(struct target *t);

/* Ask the daemon about ref, check the container can be entered, pin its init process and prove the
 * process is the container's: for root's daemon its cgroup names the container's full ID; for a
 * rootless daemon of another user (or of the caller) rootless_prove's steps hold. -ENOENT: no such
 * container; -ENOTUNIQ: ambiguous prefix; -ESRCH/-EBUSY/-EAGAIN: not running/paused/restarting;
 * -EPERM: the process is not the container's. */
int target_resolve(struct engine *e, const char *ref, struct target *ret, char **reterr);

/* GET the inspect answer of ref (validated first) into ret: a 200 answer, or -ENOENT (no such
 * container), -ENOTUNIQ (ambiguous prefix), -EPROTO with the daemon's words. */
int target_inspect(struct engine *e, const char *ref, struct http_response *ret, char **reterr);

/* Pin pid and prove its cgroup names Docker's container id. Used by target_resolve; exposed for
 * tests. */
int target_pin(pid_t pid, const char *id, struct target *t, char **reterr);

/* Pin pid and prove its cgroup names the claimed container in its runtime's forms
 * (proof_cgroup_names); the other runtimes' resolvers end here. Sets t->runtime and t->ns from the
 * claim. */
int target_pin_claim(pid_t pid, const struct proof_claim *claim, struct target *t, char **reterr);

/* Whether the text of a /proc/PID/cgroup file names the container id in a path component of one of
 * the engines' forms: "ID" (/docker/ID, /kubepods/.../ID), "docker-ID.scope", "libpod-ID.scope",
 * "libpod-ID", "crio-ID.scope", "crio-ID", "cri-containerd-ID.scope". Pure, for unit tests and
 * fuzzing. */
bool target_cgroup_names(const char *cgroup, size_t len, const char *id);
