// SPDX-License-Identifier: Apache-2.0
/* Joining a process's cgroups: cgroup v2 and every mounted v1 hierarchy. */
#pragma once

#include <stddef.h>

#define CGROUP_MAX_HIERARCHIES 32

struct cgroup_dirs {
	int fds[CGROUP_MAX_HIERARCHIES]; /* O_PATH fds of the target's cgroup directories */
	size_t n;
};

/* Open the cgroup directories of the process behind procfd (/proc/PID), as seen through our own mounts. */
int cgroup_open_dirs(int procfd, struct cgroup_dirs *ret, char **reterr);
void cgroup_dirs_done(struct cgroup_dirs *d);

/* Move the calling process into every directory of d. */
int cgroup_join(const struct cgroup_dirs *d, char **reterr);

/* Pure helper: find, in mountinfo text, the mount of the hierarchy named by controllers ("" for v2, "memory",
 * "cpu,cpuacct", "name=systemd"), and build the directory for cgpath below it into buf. -ENOENT when not mounted. */
int cgroup_resolve_path(const char *mountinfo, size_t len, const char *controllers, const char *cgpath, char *buf,
			size_t size);
