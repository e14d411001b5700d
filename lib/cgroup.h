// SPDX-License-Identifier: Apache-2.0
/* Joining a process's cgroups: cgroup v2 and every mounted v1 hierarchy. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define CGROUP_MAX_HIERARCHIES 32

struct cgroup_procs {
	int fds[CGROUP_MAX_HIERARCHIES]; /* the target's cgroup.procs files, open for writing; < 0:
					    not ours to write */
	uid_t owners[CGROUP_MAX_HIERARCHIES]; /* who owns each cgroup.procs */
	char *names[CGROUP_MAX_HIERARCHIES];  /* each as /proc/PID/cgroup names it:
						 "pids:/docker/ID", "0::/x" */
	size_t n;
};

/* Open, for writing, the cgroup.procs file of every cgroup of the process behind procfd
 * (/proc/PID), found through our own mounts. Before the first setns(): the kernel judges a write to
 * cgroup.procs by the cgroup namespace of the file's opener, and with nsdelegate (systemd's
 * default) refuses one opened inside the container's namespace when the writer comes from outside
 * it (ENOENT). For an unprivileged caller a file it may not write is kept unopened (fd < 0) for
 * cgroup_procs_keep_joinable() to judge; for root that is an error. */
int cgroup_open_procs(int procfd, bool unprivileged, struct cgroup_procs *ret, char **reterr);
void cgroup_procs_done(struct cgroup_procs *c);

/* Move the calling process into every cgroup of c, through the files opened before. */
int cgroup_join(const struct cgroup_procs *c, char **reterr);

/* For a caller that is not root: leave out the cgroups it is in already; then, of those whose
 * cgroup.procs it may not write, leave them out too when drop is set (as a rootless runtime does),
 * else fail with -EACCES and a message naming the first one and its owner. */
int cgroup_procs_keep_joinable(struct cgroup_procs *c, bool drop, char **reterr);

/* Pure helper: find, in mountinfo text, the mount of the hierarchy named by controllers ("" for v2,
 * "memory", "cpu,cpuacct", "name=systemd"), and build the directory for cgpath below it into buf.
 * -ENOENT when not mounted. */
int cgroup_resolve_path(const char *mountinfo, size_t len, const char *controllers,
			const char *cgpath, char *buf, size_t size);
