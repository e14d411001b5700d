// SPDX-License-Identifier: Apache-2.0
/* The exec at the end of the join sequence. The PATH is given, never read from our environment: a
 * host program is looked up in ours, a program from the container in its own (plan.c chooses). */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command.h"
#include "error.h"
#include "nsenter.h"

extern char **environ;

/* execv(), and a file the kernel does not know how to run (ENOEXEC: no #! line) through /bin/sh, as
 * execvp() does and util-linux's nsenter with it. errno stays the file's own when the shell cannot
 * be run either. */
static void exec_file(const char *file, char **argv)
{
	size_t n = 0;
	char **sh_argv;

	execv(file, argv);
	if (errno != ENOEXEC)
		return;
	while (argv[n])
		n++;
	sh_argv = calloc(n + 2, sizeof(*sh_argv));
	if (sh_argv) {
		sh_argv[0] = (char *)"/bin/sh";
		sh_argv[1] = (char *)file;
		for (size_t i = 1; i < n; i++)
			sh_argv[i + 1] = argv[i];
		execv("/bin/sh", sh_argv);
		free(sh_argv);
	}
	errno = ENOEXEC;
}

int command_exec(char **argv, char **env, const char *path, int *ret_status, char **reterr)
{
	const char *cmd = argv[0];
	bool found = false;
	int last = ENOENT;

	if (env)
		environ = env;
	if (strchr(cmd, '/')) {
		exec_file(cmd, argv);
		last = errno;
		found = errno != ENOENT && errno != ENOTDIR;
	} else {
		while (*path) {
			size_t n = strcspn(path, ":");
			char full[PATH_MAX];

			if ((size_t)snprintf(full, sizeof(full), "%.*s%s%s", (int)n, path,
					     n ? "/" : "", cmd) < sizeof(full)) {
				exec_file(full, argv);
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
	return error_set(reterr, -last, "%s: %s", cmd,
			 found ? strerror(last) : "command not found");
}
