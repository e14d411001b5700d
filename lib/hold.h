// SPDX-License-Identifier: Apache-2.0
/* While a stopped container's own layer is mounted read-write by us, the engine must not mount it a
 * second time: two overlays on one upper directory are undefined behaviour, and the second mount
 * empties the first one's work directory. The hold makes the engine's start fail instead, for
 * exactly as long as we live. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

struct hold {
	pid_t pid;    /* the helper that keeps the hold, or 0 */
	int lifeline; /* our end of its pipe: the hold ends when it closes, even if we are killed */
};

void hold_init(struct hold *h);

/* In the mount namespace of daemon_pid (the process serving the daemon's socket), bind the overlay
 * work directory `work` (below data_root) onto itself: the engine's overlay mount of that container
 * then fails ("workdir and upperdir must reside under the same mount", EINVAL) and so does its
 * start, and nothing else changes. A helper in its own session keeps the bind and removes it when
 * our end of the lifeline closes, on exit or death, once every process of the caller's mount
 * namespace (where the tree is) is gone. Then checks that the engine has not mounted the
 * container's files already (a start or a docker cp under way): -EBUSY if it has. */
int hold_take(pid_t daemon_pid, const char *data_root, const char *upper, const char *work,
	      struct hold *ret, char **reterr);

/* SIGKILL every process but spare in the mount namespace ns (its nsfs inode), until none is left
 * (bounded): what they hold of a tree must not outlive the hold. The helper does it again when the
 * lifeline closes, so that a docker-nsenter killed with SIGKILL leaves nothing behind either. */
void hold_kill_namespace(const struct stat *ns, pid_t spare);

/* End the hold and wait (bounded) until the bind is gone. */
void hold_release(struct hold *h);

/* Whether a mount table (mountinfo text) shows the engine's mount of the container whose layer is
 * upper: an overlay with that upperdir, or anything mounted on the "merged" directory beside it.
 * Pure, for tests. */
bool hold_mountinfo_uses(const char *text, size_t len, const char *upper);
