// SPDX-License-Identifier: Apache-2.0
/* Rootless engines (RootlessKit's dockerd, podman's rootless service): the proof that a process is
 * a container of theirs where the container has no cgroup of its own (cgroup v1), and what the
 * daemon says of itself. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct unixsock_peer;

#define ROOTLESS_ID_MAX 64

/* Prove that the process pid (procfd: its /proc directory, pinned by the caller) is container id's,
 * for the daemon d, which a user other than root runs:
 *   1. the process lives in the daemon's user namespace or one nested in it, each created by the
 *      daemon's uid;
 *   2. its uids and gids are mapped there: the user's own, or the user's subordinate IDs, never
 *      root's or another user's;
 *   3. each of its namespaces is owned by one of those user namespaces, or is the caller's own;
 *   4. its parent, run by the same uid in the same user namespaces, is the engine's process for
 *      that container and names its full ID: containerd-shim's -id, conmon's -c.
 * 1-3 are the kernel's facts, which the user cannot forge: whatever a lying daemon names, it can
 * only be the user's own. 4 is the user's (argv), and holds against a stale or reused PID, not
 * against the user. -EPERM with a message saying which step failed; -ESRCH when the process is
 * gone. */
int rootless_prove(const struct unixsock_peer *d, int procfd, pid_t pid, const char *id,
		   char **reterr);

/* The host PID of the process that the daemon d calls pid. RootlessKit does not unshare the PID
 * namespace by default, and then the two are the same; with its --pidns the daemon runs in a PID
 * namespace of its own and names processes by their PIDs there: the one host process whose NSpid
 * has pid at the daemon's level, in the daemon's PID namespace or one below it. Only a number: the
 * process it finds must still pass rootless_prove. -ESRCH when none has it. */
int rootless_host_pid(const struct unixsock_peer *d, pid_t pid, pid_t *ret, char **reterr);

/* The container a process belongs to, for d's containers: the full ID that its nearest runtime shim
 * among its ancestors names (at most 16 up), when the process and the shim pass steps 1 and 4
 * above. -ENOENT otherwise. */
int rootless_container_of(const struct unixsock_peer *d, int procfd,
			  char ret[static ROOTLESS_ID_MAX + 1]);

/* The container ID a runtime shim's command line (NUL-separated, as /proc/PID/cmdline) names:
 * containerd-shim*'s -id ID (--id ID, -id=ID, --id=ID), conmon's -c ID (--cid ID, --cid=ID); 64 hex
 * digits, into ret. -ENOENT when it is no such command line. Pure, for unit tests and fuzzing. */
int rootless_cmdline_id(const char *cmdline, size_t len, char ret[static ROOTLESS_ID_MAX + 1]);

/* Whether GET /info's answer says the daemon is rootless: Docker lists "name=rootless" among its
 * SecurityOptions, podman's Docker API sets "Rootless": true. -EBADMSG when it is no JSON object.
 * Pure. */
int rootless_info_parse(const char *json, size_t len, bool *ret);
