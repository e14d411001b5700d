// SPDX-License-Identifier: Apache-2.0
/* Mounts inside a running container: attach a host directory or a block device, list, detach
 * (docker-nsmount). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct target;

struct nsmount_request {
	const char *source;  /* host path, block device, UUID=..., LABEL=... */
	const char *fstype;  /* -t, or NULL to ask libblkid */
	const char *options; /* -o, parsed by libmount */
	bool read_only;	     /* -r */
	bool mkdir;	     /* --mkdir */
	const char *target;  /* inside the container */
};

struct nsmount_entry {
	char *target;
	char *source; /* for binds, the host path they come from when it can be found */
	char *fstype;
	char *options;
};

/* Attach req->source at req->target inside the container. The source is resolved on the host before
 * anything enters the container; the target inside the container's root (no symlink or ".." leaves
 * it). On failure nothing is left behind: no mount, no directory that --mkdir made. */
int nsmount_attach(const struct target *t, const struct nsmount_request *req, char **reterr);

/* Detach the mount at target inside the container (lazily with MNT_DETACH when lazy). */
int nsmount_detach(const struct target *t, const char *target, bool lazy, char **reterr);

/* The container's mount table, read with libmount from its mountinfo. */
int nsmount_list(const struct target *t, struct nsmount_entry **ret, size_t *ret_n, char **reterr);
void nsmount_list_free(struct nsmount_entry *l, size_t n);
