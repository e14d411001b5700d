// SPDX-License-Identifier: Apache-2.0
/* A stopped container's files assembled as it would see them at its next start: its layers as an
 * overlay, its volumes, bind mounts and tmpfs mounts, docker's hosts files, a /dev of its own; in a
 * private mount namespace. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "rootfs.h"

/* What is not shown, and why; for the front end to print. */
struct tree_notes {
	char **v;
	size_t n;
};

/* Everything the tree is made of, opened in the private mount namespace it is mounted in (overlay
 * takes no layer of another mount namespace), before anything is mounted: each through safepath
 * (the layers below the daemon's data root, no link followed), -EBADF where a mount is left out. */
struct tree_sources {
	int data_root;
	int *lower;
	size_t n_lower;
	int upper, work; /* work only for a read-write tree */
	int *mount_src;	 /* one per rootfs mount; -EBADF for tmpfs and for those left out */
	size_t n_mounts;
	int etc[_ROOTFS_ETC_MAX];
};

void tree_sources_init(struct tree_sources *s);
void tree_sources_done(struct tree_sources *s);
void tree_notes_done(struct tree_notes *n);

/* Open the layers (a failure is an error) and the mount sources (a failure leaves that mount out,
 * with a note): volumes of the local driver and docker's hosts files only below the data root, bind
 * sources from "/" through no link that anybody but root could have made. */
int tree_open(const struct rootfs *fs, const char *data_root, bool rw, struct tree_sources *ret,
	      struct tree_notes *notes, char **reterr);

/* In the caller's private mount namespace, mount the tree on the directory path: an overlay of the
 * layers (read-only, the container's layer as the topmost lower one, so nothing is written
 * anywhere; or read-write with its upper and work directories), then its mounts in order, each on
 * its mount point resolved inside the tree, a /dev of its own, and with own_programs a /proc for
 * the container's programs. Every mount is nosuid and nodev (a device node the container made
 * cannot be opened; no cgroup stops it here), noexec unless own_programs (the host's tools never
 * run the container's programs as host root by accident); read-only unless rw (and the mount was).
 * */
int tree_mount(const struct rootfs *fs, const struct tree_sources *src, const char *path, bool rw,
	       bool own_programs, struct tree_notes *notes, char **reterr);
