// SPDX-License-Identifier: Apache-2.0
/* pty_open's failure leaves the pty as the caller passed it: no master or slave left behind. */
#include <errno.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "pty.h"
#include "unit.h"

/* One fd left: the master takes it, and the slave has none. */
static void no_fd_for_the_slave(void **state)
{
	struct rlimit saved, low;
	struct pty p;
	char *err = NULL;
	int lowest = dup(0), r;

	(void)state;
	assert_true(lowest >= 0);
	close(lowest);
	pty_init(&p);
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
	low = (struct rlimit){ .rlim_cur = (rlim_t)lowest + 1, .rlim_max = saved.rlim_max };
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	r = pty_open(&p, true, -EBADF, &err);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
	assert_true(r < 0);
	assert_non_null(err);
	assert_int_equal(p.master, -EBADF);
	assert_int_equal(p.slave, -EBADF);
	assert_int_equal(p.out, -1);
	assert_false(p.use[0]);
	/* nothing was left open: the one fd is free again */
	lowest = dup(0);
	assert_true(lowest >= 0);
	close(lowest);
	pty_done(&p);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_fd_for_the_slave),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
