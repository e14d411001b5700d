// SPDX-License-Identifier: Apache-2.0
/* User namespaces as the kernel names them (nsfs ioctls): which one owns a namespace, which one is
 * a user namespace's parent, and which uid created it. Facts nobody but the kernel can forge. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

/* A namespace's identity: the device and inode of its nsfs file. */
struct ns_id {
	dev_t dev;
	ino_t ino;
};

/* The identity of the namespace file fd, or of the file name below dirfd (name NULL: fd itself). */
int ns_id_of(int dirfd, const char *name, struct ns_id *ret);
bool ns_id_equal(const struct ns_id *a, const struct ns_id *b);

/* The uid that created the user namespace fd (NS_GET_OWNER_UID), as our user namespace sees it. */
int userns_owner_uid(int fd, uid_t *ret);

/* A new fd for the parent of the user or PID namespace fd (NS_GET_PARENT); -EPERM at the top of
 * what we may see. */
int ns_parent(int fd);

/* A new fd for the user namespace that owns the namespace fd (NS_GET_USERNS). */
int ns_owner(int fd);

/* The chain of user namespaces from one up to an ancestor, each created by one uid: what a rootless
 * engine's containers live in (RootlessKit's or podman's pause process's user namespace, or one
 * nested in it). */
#define USERNS_MAX_DEPTH 33 /* the kernel nests 32 below the initial one */
struct userns_chain {
	struct ns_id ids[USERNS_MAX_DEPTH];
	size_t n;
};

/* Walk up from the user namespace fd to top: every user namespace on the way, top included, must
 * have been created by uid. -ENOENT when top is not an ancestor (or the namespace itself), -EPERM
 * when a namespace on the way was created by another uid (the initial one included: root created
 * it). */
int userns_chain_to(int fd, const struct ns_id *top, uid_t uid, struct userns_chain *ret);
bool userns_chain_has(const struct userns_chain *c, const struct ns_id *id);

/* Whether the calling process has CAP_SYS_ADMIN in its own user namespace: root, as opposed to a
 * user who can enter only the namespaces of a user namespace of its own. */
bool userns_privileged(void);
