// SPDX-License-Identifier: Apache-2.0
/* For the tests: push TEXT into a terminal's input queue with TIOCSTI, as if typed, the way a
 * hostile container process would try to type commands into the shell of whoever entered it. Usage:
 * tiocsti FD|PATH TEXT   Exit: 0 when every byte went in, 2 when TIOCSTI was refused, 1 otherwise.
 * */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fd;

	if (argc < 3)
		return 1;
	fd = argv[1][0] == '/' ? open(argv[1], O_RDWR | O_NOCTTY) : atoi(argv[1]);
	if (fd < 0) {
		printf("open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	for (const char *p = argv[2]; *p; p++)
		if (ioctl(fd, TIOCSTI, p) < 0) {
			printf("TIOCSTI: %s\n", strerror(errno));
			return 2;
		}
	printf("TIOCSTI: injected\n");
	return 0;
}
