// SPDX-License-Identifier: Apache-2.0
/* lsm_exec_label's failures leave its outputs as the caller passed them: a /proc/PID directory that
 * cannot be read, and a label the kernel would never write. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lsm.h"
#include "unit.h"

static char sentinel_attr[] = "sentinel attr";
static const char sentinel_file[] = "sentinel file";

static void expect_untouched(int procfd, int want)
{
	char *attr = sentinel_attr, *err = NULL;
	const char *file = sentinel_file;

	assert_int_equal(lsm_exec_label(procfd, &attr, &file, &err), want);
	assert_ptr_equal(attr, sentinel_attr);
	assert_ptr_equal(file, sentinel_file);
	assert_non_null(err);
	free(err);
}

static void closed_fd(void **state)
{
	(void)state;
	expect_untouched(-EBADF, -EBADF);
}

static void malformed_label(void **state)
{
	char dir[] = "/tmp/test-lsm-XXXXXX", path[64];
	static const char label[] = "one\ntwo\n";
	int procfd, fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/attr", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/attr/current", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, label, strlen(label)), (ssize_t)strlen(label));
	close(fd);
	procfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(procfd >= 0);
	expect_untouched(procfd, -EBADMSG);
	close(procfd);
	unlink(path);
	snprintf(path, sizeof(path), "%s/attr", dir);
	rmdir(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(closed_fd),
		cmocka_unit_test(malformed_label),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
