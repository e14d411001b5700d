// SPDX-License-Identifier: Apache-2.0
/* The OCI runtime config (config.json) a container's process was started from, found through its
 * runtime's shim. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct target;

/* Read the config.json of the bundle of t's process from its parent, the runtime's shim:
 * containerd's shim runs in the bundle directory, conmon names it after -b (both seen through the
 * shim's own cwd and root). Trusted only when the shim belongs to owner, the directory and the file
 * to owner (for a rootless engine's owner, or to a uid the shim's user namespace maps) with no
 * write access for anybody else, and the bundle's path names the container's ID; -EPERM otherwise,
 * -ENOENT when the parent is no shim we know. */
int bundle_read_config(const struct target *t, uid_t owner, char **ret, size_t *ret_len,
		       char **reterr);

/* Whether dir can be the bundle of the container: for containerd's (t's namespace known) its last
 * two components are NAMESPACE/ID, as containerd-shim-runc-v2's working directory is; for the
 * others a component is the ID (Docker's .../moby/ID, conmon's .../ID/userdata). Pure, for the unit
 * tests. */
bool bundle_path_names(const char *dir, const char *ns, const char *id);
