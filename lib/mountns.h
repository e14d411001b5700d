// SPDX-License-Identifier: Apache-2.0
/* Mount-namespace operations: the container's mount tree cloned for the host's tools (--host-root).
 * */
#pragma once

struct target;

#define MOUNTNS_RUN_DIR "/run/docker-nsenter"

/* Clone the container's whole mount tree (root filesystem, volumes, its /proc), detached: a helper
 * process joins the container's mount namespace and sends back an open_tree(OPEN_TREE_CLONE |
 * AT_RECURSIVE) fd of its root; the container's mount table does not change. -ENOSYS with a message
 * on kernels without the new mount API. */
int mountns_clone_root(const struct target *t, int *ret_fd, char **reterr);

/* Move the calling process into a private copy of its mount namespace (nothing propagates back to
 * the host) and attach tree at MOUNTNS_RUN_DIR/<name>, on a tmpfs of its own there. Returns the
 * path. */
int mountns_attach_private(int treefd, const char *name, char **ret_path, char **reterr);

/* Move the calling process into a private copy of its mount namespace (and the namespaces of
 * extra_flags, CLONE_*): nothing mounted there propagates anywhere. */
int mountns_unshare_private(int extra_flags, char **reterr);

/* In a private mount namespace: a tmpfs of our own on MOUNTNS_RUN_DIR (the directory created on the
 * host once) and an empty directory <name> in it. Returns its path. */
int mountns_run_dir(const char *name, char **ret_path, char **reterr);

/* A fresh procfs on /proc, showing the PID namespace the caller is in. */
int mountns_mount_proc(char **reterr);
