// SPDX-License-Identifier: Apache-2.0
/* The exec at the end of the join sequence. The PATH is given, never read from our environment: a host program is
 * looked up in ours, a program from the container in its own (plan.c chooses). */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "command.h"
#include "error.h"
#include "nsenter.h"

extern char **environ;

int command_exec(char **argv, char **env, const char *path, int *ret_status, char **reterr)
{
	const char *cmd = argv[0];
	bool found = false;
	int last = ENOENT;

	if (env)
		environ = env;
	if (strchr(cmd, '/')) {
		execv(cmd, argv);
		last = errno;
		found = errno != ENOENT && errno != ENOTDIR;
	} else {
		while (*path) {
			size_t n = strcspn(path, ":");
			char full[PATH_MAX];

			if ((size_t)snprintf(full, sizeof(full), "%.*s%s%s", (int)n, path, n ? "/" : "", cmd) <
			    sizeof(full)) {
				execv(full, argv);
				if (errno != ENOENT && errno != ENOTDIR) {
					found = true;
					last = errno;
				}
			}
			path += n;
			if (*path == ':')
				path++;
		}
	}
	*ret_status = found ? NSENTER_CANNOT_EXEC : NSENTER_NOT_FOUND;
	return error_set(reterr, -last, "%s: %s", cmd, found ? strerror(last) : "command not found");
}
