// SPDX-License-Identifier: Apache-2.0
/* cgroup hierarchies found in mountinfo, and the container-ID proof over /proc/PID/cgroup text. */
#include <errno.h>
#include <string.h>

#include "cgroup.h"
#include "target.h"
#include "unit.h"

#define ID "f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4"

static const char hybrid[] =
	"30 25 0:26 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"31 30 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:9 - cgroup cgroup rw,cpu,cpuacct\n"
	"32 30 0:28 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	"33 30 0:29 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
	"34 30 0:30 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
	"35 30 0:31 /sub /mnt/with\\040space rw - cgroup cgroup rw,pids\n";

static void resolve(const char *ctrl, const char *path, const char *want)
{
	char buf[512];

	assert_int_equal(cgroup_resolve_path(hybrid, strlen(hybrid), ctrl, path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
}

static void hierarchies(void **state)
{
	char buf[512];

	(void)state;
	resolve("", "/docker/x", "/sys/fs/cgroup/unified/docker/x");
	resolve("memory", "/docker/x", "/sys/fs/cgroup/memory/docker/x");
	resolve("cpu,cpuacct", "/docker/x", "/sys/fs/cgroup/cpu,cpuacct/docker/x");
	resolve("name=systemd", "/docker/x", "/sys/fs/cgroup/systemd/docker/x");
	resolve("pids", "/sub/docker/x", "/mnt/with space/docker/x");
	assert_int_equal(cgroup_resolve_path(hybrid, strlen(hybrid), "pids", "/elsewhere", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(cgroup_resolve_path(hybrid, strlen(hybrid), "cpu", "/x", buf, sizeof(buf)), 0);
	assert_int_equal(cgroup_resolve_path(hybrid, strlen(hybrid), "blkio", "/x", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(cgroup_resolve_path("34 30 0:30 / /u rw", 18, "", "/x", buf, sizeof(buf)), -ENOENT);
}

static bool names(const char *text)
{
	return target_cgroup_names(text, strlen(text), ID);
}

static void proof(void **state)
{
	(void)state;
	assert_true(names("0::/docker/" ID "\n"));
	assert_true(names("4:memory:/docker/" ID "\n0::/\n"));
	assert_true(names("0::/system.slice/docker-" ID ".scope\n"));
	assert_true(names("0::/machine.slice/libpod-" ID ".scope/container\n"));
	assert_false(names("0::/\n"));
	assert_false(names("0::/docker/0" ID "\n"));	/* a longer ID that merely contains ours */
	assert_false(names("0::/docker/" ID "0\n"));
	assert_false(names("0::/docker/f7fcffc93381\n"));	/* a prefix is not the ID */
	assert_false(names("0::/docker/aaaa" ID "\n"));
	assert_false(target_cgroup_names("0::/docker/abc", 14, "abc"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hierarchies),
		cmocka_unit_test(proof),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
