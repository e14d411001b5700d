// SPDX-License-Identifier: Apache-2.0
/* The directories of a pinned network namespace, through pin.c's static open_netns_dirs (the file
 * is compiled in), in a private mount namespace with a tmpfs on /run: a failure leaves the caller's
 * fds and flag as they were. Needs root, as pinning does. */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/wait.h>

#include "pin.c"
#include "unit.h"

/* In a child: a /run of its own, with /run/netns when netns is set; then what open_netns_dirs
 * leaves. 0 when the outputs are untouched, the number of the first one changed otherwise. */
static int child(bool netns)
{
	int fd_netns = 4242, fd_markers = 4343;
	bool created = true;
	int err;

	if (unshare(CLONE_NEWNS) < 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("tmpfs", "/run", "tmpfs", 0, "mode=0755") < 0 ||
	    (netns && mkdir(PIN_NETNS_DIR, 0755) < 0))
		return 10;
	err = open_netns_dirs(false, &fd_netns, &fd_markers, &created, NULL);
	if (err != -ENOENT)
		return 11;
	return fd_netns != 4242 ? 1 : fd_markers != 4343 ? 2 : !created ? 3 : 0;
}

static void netns_dirs_untouched(void **state)
{
	(void)state;
	if (geteuid() != 0)
		skip();
	for (int netns = 0; netns < 2; netns++) {
		int st;
		pid_t pid = fork();

		assert_true(pid >= 0);
		if (pid == 0)
			_exit(child(netns));
		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(netns_dirs_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
