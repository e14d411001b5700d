// SPDX-License-Identifier: Apache-2.0
/* Joining a process's cgroups: cgroup v2 and every mounted v1 hierarchy. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define CGROUP_MAX_HIERARCHIES 32

struct cgroup_dirs {
	int fds[CGROUP_MAX_HIERARCHIES]; /* O_PATH fds of the target's cgroup directories */
	char *names[CGROUP_MAX_HIERARCHIES]; /* each as /proc/PID/cgroup names it: "pids:/docker/ID", "0::/x" */
	size_t n;
};

/* Open the cgroup directories of the process behind procfd (/proc/PID), as seen through our own mounts. */
int cgroup_open_dirs(int procfd, struct cgroup_dirs *ret, char **reterr);
void cgroup_dirs_done(struct cgroup_dirs *d);

/* Move the calling process into every directory of d. */
int cgroup_join(const struct cgroup_dirs *d, char **reterr);

/* For a caller that is not root: leave out the cgroups it is in already; then, of those whose cgroup.procs it may not
 * write, leave them out too when drop is set (as a rootless runtime does), else fail with -EACCES and a message
 * naming the first one and its owner. */
int cgroup_dirs_keep_joinable(struct cgroup_dirs *d, bool drop, char **reterr);

/* Pure helper: find, in mountinfo text, the mount of the hierarchy named by controllers ("" for v2, "memory",
 * "cpu,cpuacct", "name=systemd"), and build the directory for cgpath below it into buf. -ENOENT when not mounted. */
int cgroup_resolve_path(const char *mountinfo, size_t len, const char *controllers, const char *cgpath, char *buf,
			size_t size);
