// SPDX-License-Identifier: Apache-2.0
/* Paths a daemon reports (its data root, the layer and volume directories under it, bind sources):
 * opened one component at a time, never through a link anybody but root could have made, and
 * checked for who could have made the directories on the way. */
#pragma once

#include <stdbool.h>

/* What the last component may be. */
enum {
	SAFEPATH_DIR = 1,
	SAFEPATH_FILE = 2,
	SAFEPATH_SOCKET = 4,
};

/* Whether path is absolute and normal: no empty, "." or ".." component, no trailing '/', shorter
 * than PATH_MAX. */
bool safepath_is_normal(const char *path);

/* Whether path (normal) lies strictly below root (normal): "/var/lib/docker/x" is below
 * "/var/lib/docker". */
bool safepath_is_below(const char *root, const char *path);

/* The daemon's data root: every directory from "/" to it, and it, must be root's and closed to
 * writes by group and others; a link on the way is followed only when root made it in such a
 * directory. An O_PATH fd. */
int safepath_open_data_root(const char *path, int *ret_fd, char **reterr);

/* A path below the data root (rootfd, whose path is root): no link at all, every directory between
 * them root's and closed to writes by others; the last component one of allow, of any owner (a
 * container's root directory is the container's to give away). An O_PATH fd. */
int safepath_open_below(int rootfd, const char *root, const char *path, unsigned allow, int *ret_fd,
			char **reterr);

/* A host path from "/" (a bind source): a link on the way is followed only when root made it in a
 * directory of root's closed to others (/var/run -> /run); the last component one of allow. An
 * O_PATH fd. */
int safepath_open_host(const char *path, unsigned allow, int *ret_fd, char **reterr);
