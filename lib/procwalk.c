// SPDX-License-Identifier: Apache-2.0
/* The walk over /proc that the inventory and CRI-O's resolver share. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>

#include "error.h"
#include "macros.h"
#include "procwalk.h"

int proc_walk(int (*fn)(int procfd, void *data), void *data, char **reterr)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int err = 0;

	if (!d)
		return error_set(reterr, negative_errno(), "cannot read /proc: %m");
	while (err >= 0 && (de = readdir(d))) {
		_cleanup_close_ int procfd = -EBADF;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		procfd = openat(dirfd(d), de->d_name, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (procfd >= 0)
			err = fn(procfd, data);
	}
	closedir(d);
	return err;
}
