// SPDX-License-Identifier: Apache-2.0
/* A container's process for unit tests, as its engine makes it: a process of ours in a cgroup named
 * by a random 64-hex-digit ID, at the root of a hierarchy (root only). */
#pragma once

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit.h"

/* A cgroup hierarchy we can make a cgroup in: cgroup2 where it is mounted, else v1's pids, each
 * mounted at its root. */
static inline bool writable_hierarchy(char *buf, size_t size)
{
	static const char *const types[] = { " - cgroup2 ", " - cgroup " };
	FILE *f;
	char line[4096];
	bool found = false;

	for (size_t k = 0; k < 2 && !found; k++) {
		f = fopen("/proc/self/mountinfo", "re");
		if (!f)
			return false;
		while (!found && fgets(line, sizeof(line), f)) {
			char root[256], mnt[256];

			if (!strstr(line, types[k]) ||
			    (k == 1 && !strstr(strstr(line, types[k]), "pids")) ||
			    sscanf(line, "%*s %*s %*s %255s %255s", root, mnt) != 2 ||
			    strcmp(root, "/") != 0 || strlen(mnt) >= size)
				continue;
			strcpy(buf, mnt);
			found = true;
		}
		fclose(f);
	}
	return found;
}

/* A container's process as its engine makes it: a process in a cgroup named by a 64-hex-digit ID.
 * */
struct fake_container {
	char id[65];
	char dir[512];
	pid_t pid;
	int go; /* write end of the pipe the process waits on */
};

/* Its ID starts with id_start, the rest random; its cgroup is named dir_prefix + ID. */
static inline void fake_container_start_as(struct fake_container *c, const char *id_start,
					   const char *dir_prefix)
{
	char hierarchy[256], procs[600], pid[16];
	size_t n = strlen(id_start);
	int fds[2], fd;
	FILE *r = fopen("/dev/urandom", "re");

	assert_non_null(r);
	assert_true(n <= 64);
	memcpy(c->id, id_start, n);
	for (size_t i = n; i < 64; i++)
		c->id[i] = "0123456789abcdef"[fgetc(r) & 15];
	c->id[64] = '\0';
	fclose(r);
	assert_true(writable_hierarchy(hierarchy, sizeof(hierarchy)));
	snprintf(c->dir, sizeof(c->dir), "%s/%s%s", hierarchy, dir_prefix, c->id);
	assert_int_equal(mkdir(c->dir, 0755), 0);
	assert_int_equal(pipe2(fds, O_CLOEXEC), 0);
	c->pid = fork();
	assert_true(c->pid >= 0);
	if (c->pid == 0) {
		char b;

		close(fds[1]);
		_exit(read(fds[0], &b, 1) < 0);
	}
	close(fds[0]);
	c->go = fds[1];
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", c->dir);
	snprintf(pid, sizeof(pid), "%d", (int)c->pid);
	fd = open(procs, O_WRONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, pid, strlen(pid)), (ssize_t)strlen(pid));
	close(fd);
}

static inline void fake_container_start(struct fake_container *c)
{
	fake_container_start_as(c, "", "");
}

static inline void fake_container_stop(struct fake_container *c)
{
	close(c->go);
	waitpid(c->pid, NULL, 0);
	rmdir(c->dir);
}
