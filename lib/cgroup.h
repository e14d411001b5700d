// SPDX-License-Identifier: Apache-2.0
/* Joining a process's cgroups: cgroup v2 and every mounted v1 hierarchy. */
#pragma once

#include <stddef.h>

#define CGROUP_MAX_HIERARCHIES 32

struct cgroup_procs {
	int fds[CGROUP_MAX_HIERARCHIES]; /* the target's cgroup.procs files, open for writing */
	size_t n;
};

/* Open, for writing, the cgroup.procs file of every cgroup of the process behind procfd (/proc/PID), found through
 * our own mounts. Before the first setns(): the kernel judges a write to cgroup.procs by the cgroup namespace of the
 * file's opener, and with nsdelegate (systemd's default) refuses one opened inside the container's namespace when the
 * writer comes from outside it (ENOENT). */
int cgroup_open_procs(int procfd, struct cgroup_procs *ret, char **reterr);
void cgroup_procs_done(struct cgroup_procs *c);

/* Move the calling process into every cgroup of c, through the files opened before. */
int cgroup_join(const struct cgroup_procs *c, char **reterr);

/* Pure helper: find, in mountinfo text, the mount of the hierarchy named by controllers ("" for v2, "memory",
 * "cpu,cpuacct", "name=systemd"), and build the directory for cgpath below it into buf. -ENOENT when not mounted. */
int cgroup_resolve_path(const char *mountinfo, size_t len, const char *controllers, const char *cgpath, char *buf,
			size_t size);
