// SPDX-License-Identifier: Apache-2.0
/* The target's own namespaces, through inventory.c's static collect_own (the file is compiled in):
 * a namespace that cannot be inspected leaves the outputs as they were. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inventory.c"
#include "unit.h"

/* A /proc/PID directory whose user namespace file is there and whose cgroup one loops. */
static void own_untouched(void **state)
{
	char dir[] = "/tmp/test-inventory-XXXXXX", path[128];
	struct inventory inv = { .n = 0 };
	struct target t;
	dev_t dev = 4242;
	char *err = NULL;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/ns", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/ns/user", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	close(fd);
	snprintf(path, sizeof(path), "%s/ns/cgroup", dir);
	assert_int_equal(symlink("cgroup", path), 0);
	target_init(&t);
	t.procfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(t.procfd >= 0);
	assert_int_equal(collect_own(&t, &inv, &dev, &err), -ELOOP);
	assert_non_null(err);
	assert_int_equal(dev, 4242);
	assert_int_equal(inv.n, 0);
	target_done(&t);
	free(err);
	unlink(path);
	snprintf(path, sizeof(path), "%s/ns/user", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/ns", dir);
	rmdir(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(own_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
