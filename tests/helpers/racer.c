// SPDX-License-Identifier: Apache-2.0
/* For the tests: a container process that races docker-nsmount. It watches /dev for a new scratch
 * directory and tries to reach a host directory through it (relative path DIR, e.g. var/tmp) while
 * something is mounted there; on success it writes the file NAME there and keeps the directory
 * open, as an attacker would, reporting on stdout. Usage: racer DIR NAME */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

static int try_reach(const char *scratch, const char *dir, const char *name)
{
	char path[512];
	int fd, f;

	snprintf(path, sizeof(path), "/dev/%s", scratch);
	for (int i = 0; i < 1000000 && access(path, F_OK) == 0; i++) {
		char inner[600];

		snprintf(inner, sizeof(inner), "%s/%s", path, dir);
		fd = open(inner, O_RDONLY | O_DIRECTORY);
		if (fd < 0)
			continue;
		f = openat(fd, name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (f >= 0 && write(f, "raced\n", 6) == 6) {
			printf("raced through /dev/%s\n", scratch);
			fflush(stdout);
			return fd; /* kept open */
		}
		close(fd);
	}
	return -1;
}

int main(int argc, char **argv)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int in = inotify_init1(IN_CLOEXEC), kept = -1;

	if (argc < 3 || in < 0 || inotify_add_watch(in, "/dev", IN_CREATE) < 0)
		return 1;
	printf("watching\n");
	fflush(stdout);
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));

		for (char *p = buf; n > 0 && p < buf + n;) {
			struct inotify_event *e = (struct inotify_event *)p;

			if (e->len && strstr(e->name, ".mnt") && kept < 0)
				kept = try_reach(e->name, argv[1], argv[2]);
			p += sizeof(*e) + e->len;
		}
	}
}
