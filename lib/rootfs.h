// SPDX-License-Identifier: Apache-2.0
/* A container's (or an image's) files as the daemon describes them: the overlay layers from
 * GraphDriver, the volumes, bind mounts and tmpfs mounts from Mounts and HostConfig.Tmpfs, docker's
 * hosts files. Decoded and checked, pure. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct engine;

/* ROOTFS_OTHER: a type docker-nsenter does not know (npipe, cluster); kept to be reported, never
 * mounted. */
enum rootfs_mount_type {
	ROOTFS_BIND,
	ROOTFS_VOLUME,
	ROOTFS_TMPFS,
	ROOTFS_OTHER,
	_ROOTFS_MOUNT_TYPE_MAX
};

struct rootfs_mount {
	enum rootfs_mount_type type;
	char *source; /* a host path; NULL for tmpfs */
	char *dest;   /* where the container sees it */
	char *driver; /* a volume's driver ("local"), else NULL */
	bool rw;
};

enum rootfs_etc { ROOTFS_HOSTS, ROOTFS_HOSTNAME, ROOTFS_RESOLV_CONF, _ROOTFS_ETC_MAX };

struct rootfs {
	char **lower; /* the read-only layers, topmost first */
	size_t n_lower;
	char *upper; /* the container's own layer (for an image: NULL, its top layer is lower[0]) */
	char *work;  /* the overlay work directory beside upper */
	struct rootfs_mount *mounts; /* sorted so that a mount comes after those it lies below */
	size_t n_mounts;
	char *etc[_ROOTFS_ETC_MAX]; /* docker's /etc/hosts, /etc/hostname, /etc/resolv.conf files,
				       or NULL */
};

#define ROOTFS_MAX_LAYERS 500
#define ROOTFS_MAX_MOUNTS 256

/* Decode a container's inspect answer. The graph driver must be overlay ("overlay2", podman's
 * "overlay"): -EOPNOTSUPP otherwise; every path must be absolute and normal; -EBADMSG with a
 * message for anything else out of shape. */
int rootfs_parse_container(const char *json, size_t len, struct rootfs *ret, char **reterr);

/* Decode an image's inspect answer: its layers only (UpperDir is its top layer). */
int rootfs_parse_image(const char *json, size_t len, struct rootfs *ret, char **reterr);

void rootfs_done(struct rootfs *r);

/* The daemon's data root (DockerRootDir of GET /info; podman answers with its graph root). */
int rootfs_fetch_data_root(struct engine *e, char **ret, char **reterr);

/* Where mount_type's name is printed. */
const char *rootfs_mount_type_name(enum rootfs_mount_type t);
