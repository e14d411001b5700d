// SPDX-License-Identifier: Apache-2.0
/* cgroup hierarchies found in mountinfo text: v2, hybrid, combined v1 controllers, named ones,
 * roots and escapes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "unit.h"

#define ID "f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4"

/* A systemd host with cgroup v2 only. */
static const char v2[] =
    "22 1 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
    "23 1 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:2 - sysfs sysfs rw\n"
    "24 23 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 "
    "rw,nsdelegate,memory_recursiveprot\n"
    "27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard\n";

/* Hybrid v1 + v2, as on this project's test machine: each v1 controller alone, systemd's named
 * hierarchy, unified. */
static const char hybrid[] =
    "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
    "23 27 0:22 / /sys rw,relatime - sysfs sysfs rw\n"
    "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534\n"
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
    "33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
    "34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices\n"
    "37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n"
    "38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
    "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
    "42 27 254:0 /var/lib/docker /var/lib/docker rw,relatime shared:1 - ext4 /dev/vda rw,discard\n"
    "60 27 0:4 net:[4026531833] /run/docker/netns/default rw - nsfs nsfs rw\n";

/* Debian/Ubuntu-style v1 with combined hierarchies and optional fields. */
static const char combined[] =
    "25 18 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
    "26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 "
    "cgroup2 "
    "rw,nsdelegate\n"
    "27 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup "
    "rw,xattr,name=systemd\n"
    "31 25 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:15 master:3 "
    "propagate_from:2 - "
    "cgroup cgroup rw,cpu,cpuacct\n"
    "32 25 0:29 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime shared:16 - "
    "cgroup cgroup "
    "rw,net_cls,net_prio\n"
    "33 25 0:30 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup "
    "rw,memory\n";

static int lookup(const char *mi, const char *ctrl, const char *path, char *buf, size_t size)
{
	return cgroup_resolve_path(mi, strlen(mi), ctrl, path, buf, size);
}

static void expect_dir(const char *mi, const char *ctrl, const char *path, const char *want)
{
	char buf[4096];

	assert_int_equal(lookup(mi, ctrl, path, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
}

static void expect_none(const char *mi, const char *ctrl, const char *path)
{
	char buf[4096];

	strcpy(buf, "untouched");
	assert_int_equal(lookup(mi, ctrl, path, buf, sizeof(buf)), -ENOENT);
	/* an output is written only on success */
	assert_string_equal(buf, "untouched");
}

static void unified_only(void **state)
{
	(void)state;
	expect_dir(v2, "", "/system.slice/docker-" ID ".scope",
		   "/sys/fs/cgroup/system.slice/docker-" ID ".scope");
	expect_dir(v2, "", "/docker/" ID, "/sys/fs/cgroup/docker/" ID);
	expect_dir(v2, "", "/", "/sys/fs/cgroup/");
	/* no v1 hierarchy is mounted */
	expect_none(v2, "memory", "/docker/" ID);
	expect_none(v2, "name=systemd", "/docker/" ID);
}

static void hybrid_hierarchies(void **state)
{
	(void)state;
	expect_dir(hybrid, "", "/docker/" ID, "/sys/fs/cgroup/unified/docker/" ID);
	expect_dir(hybrid, "cpu", "/docker/" ID, "/sys/fs/cgroup/cpu/docker/" ID);
	expect_dir(hybrid, "cpuacct", "/docker/" ID, "/sys/fs/cgroup/cpuacct/docker/" ID);
	expect_dir(hybrid, "cpuset", "/docker/" ID, "/sys/fs/cgroup/cpuset/docker/" ID);
	expect_dir(hybrid, "memory", "/process_api/f2b0975a6413108a581be5b50de83880",
		   "/sys/fs/cgroup/memory/process_api/f2b0975a6413108a581be5b50de83880");
	expect_dir(hybrid, "pids", "/docker/" ID, "/sys/fs/cgroup/pids/docker/" ID);
	expect_dir(hybrid, "name=systemd", "/docker/" ID, "/sys/fs/cgroup/systemd/docker/" ID);
	/* not mounted here: separate cpu and cpuacct are not the combined hierarchy */
	expect_none(hybrid, "cpu,cpuacct", "/docker/" ID);
	expect_none(hybrid, "net_cls,net_prio", "/docker/" ID);
	expect_none(hybrid, "hugetlb", "/docker/" ID);
	expect_none(hybrid, "name=elogind", "/docker/" ID);
	/* "cpu" is not a prefix match for "cpuset" or "cpuacct" */
	expect_none("34 31 0:31 / /sys/fs/cgroup/cpuset rw - cgroup cgroup rw,cpuset\n", "cpu",
		    "/x");
	/* the tmpfs under the hierarchies is not one */
	expect_none("31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n", "",
		    "/x");
}

static void combined_hierarchies(void **state)
{
	(void)state;
	expect_dir(combined, "cpu,cpuacct", "/docker/" ID, "/sys/fs/cgroup/cpu,cpuacct/docker/" ID);
	/* in any order, and each alone finds the hierarchy it is part of */
	expect_dir(combined, "cpuacct,cpu", "/docker/" ID, "/sys/fs/cgroup/cpu,cpuacct/docker/" ID);
	expect_dir(combined, "cpu", "/docker/" ID, "/sys/fs/cgroup/cpu,cpuacct/docker/" ID);
	expect_dir(combined, "net_cls,net_prio", "/docker/" ID,
		   "/sys/fs/cgroup/net_cls,net_prio/docker/" ID);
	expect_dir(combined, "name=systemd", "/system.slice/docker-" ID ".scope",
		   "/sys/fs/cgroup/systemd/system.slice/docker-" ID ".scope");
	expect_dir(combined, "", "/system.slice/docker-" ID ".scope",
		   "/sys/fs/cgroup/unified/system.slice/docker-" ID ".scope");
	expect_dir(combined, "memory", "/", "/sys/fs/cgroup/memory/");
	/* a hierarchy with more controllers than the mount has is not it */
	expect_none(combined, "cpu,cpuacct,cpuset", "/docker/" ID);
	expect_none(combined, "name=systemd,cpu", "/docker/" ID);
}

static void mount_roots(void **state)
{
	static const char rooted[] =
	    "35 30 0:31 /sub /mnt/x rw - cgroup cgroup rw,pids\n"
	    "36 30 0:32 /docker/" ID " /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
	/* the same hierarchy mounted twice: first with a root that does not hold the path */
	static const char twice[] = "35 30 0:31 /elsewhere /mnt/a rw - cgroup cgroup rw,pids\n"
				    "36 30 0:31 / /mnt/b rw - cgroup cgroup rw,pids\n";

	(void)state;
	expect_dir(rooted, "pids", "/sub/docker/x", "/mnt/x/docker/x");
	expect_dir(rooted, "pids", "/sub", "/mnt/x");
	expect_dir(rooted, "pids", "/sub/", "/mnt/x/");
	/* outside the mounted subtree: not reachable through this mount */
	expect_none(rooted, "pids", "/elsewhere");
	expect_none(rooted, "pids", "/");
	expect_none(rooted, "pids", "/su");
	expect_none(rooted, "pids",
		    "/subway/x"); /* the root is a prefix of the string, not of the path */
	/* inside a container's cgroup namespace the mount root is the container's cgroup */
	expect_dir(rooted, "", "/docker/" ID "/init", "/sys/fs/cgroup/init");
	expect_dir(rooted, "", "/docker/" ID, "/sys/fs/cgroup");
	expect_none(rooted, "", "/docker/" ID "0");
	expect_none(rooted, "", "/docker/other");
	expect_dir(twice, "pids", "/docker/x", "/mnt/b/docker/x");
	expect_dir(twice, "pids", "/elsewhere/y", "/mnt/a/y");
}

static void escaped_fields(void **state)
{
	static const char esc[] =
	    "35 30 0:31 / /mnt/with\\040space rw - cgroup cgroup rw,pids\n"
	    "36 30 0:32 / /mnt/tab\\011and\\012newline rw - cgroup cgroup rw,memory\n"
	    "37 30 0:33 / /mnt/back\\134slash rw - cgroup cgroup rw,blkio\n"
	    "38 30 0:34 /a\\040b /mnt/rooted rw - cgroup cgroup rw,devices\n";

	(void)state;
	expect_dir(esc, "pids", "/docker/x", "/mnt/with space/docker/x");
	expect_dir(esc, "memory", "/x", "/mnt/tab\tand\nnewline/x");
	expect_dir(esc, "blkio", "/x", "/mnt/back\\slash/x");
	expect_dir(esc, "devices", "/a b/c", "/mnt/rooted/c");
	expect_none(esc, "devices", "/a\\040b/c");
}

static void malformed_lines(void **state)
{
	static const char junk[] =
	    "\n"
	    "-\n"
	    "garbage\n"
	    "1 2 3 4 5 6 - cgroup2\n"	       /* no source, no options */
	    "1 2 3 4 5 - cgroup2 cgroup2 rw\n" /* a field short before the dash */
	    "1 2 0:1 / /nodash rw cgroup2 cgroup2 rw\n"
	    "  \n"
	    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n"
	    "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup"; /* no options, no newline */
	size_t len = strlen(junk);
	char *exact = malloc(len), buf[256];

	(void)state;
	expect_dir(junk, "", "/x", "/sys/fs/cgroup/unified/x");
	expect_none(junk, "cpu", "/x");
	expect_none("", "", "/x");
	expect_none("\n\n\n", "", "/x");
	/* a buffer that ends where the text ends (no NUL), cut inside the last line's fields */
	assert_non_null(exact);
	memcpy(exact, junk, len);
	for (size_t cut = len - 20; cut <= len; cut++)
		assert_int_equal(cgroup_resolve_path(exact, cut, "cpu", "/x", buf, sizeof(buf)),
				 -ENOENT);
	free(exact);
	/* the filesystem type must be exactly cgroup or cgroup2 */
	expect_none("1 2 0:1 / /m rw - cgroup2fs cgroup2 rw\n", "", "/x");
	expect_none("1 2 0:1 / /m rw - cgroup cgroup rw\n", "", "/x");
	expect_none("1 2 0:1 / /m rw - cgroup2 cgroup2 rw,memory\n", "memory", "/x");
	expect_none("1 2 0:1 / /m rw - cgroups cgroup rw,memory\n", "memory", "/x");
}

static void length_and_size(void **state)
{
	char buf[64];
	size_t need = strlen("/sys/fs/cgroup/unified/docker/x") + 1;

	(void)state;
	/* only the first len bytes are mountinfo */
	assert_int_equal(cgroup_resolve_path(hybrid,
					     strlen(hybrid) - strlen(strstr(hybrid, "41 31")), "",
					     "/docker/x", buf, sizeof(buf)),
			 -ENOENT);
	/* the result must fit, NUL included */
	assert_int_equal(lookup(hybrid, "", "/docker/x", buf, need), 0);
	assert_string_equal(buf, "/sys/fs/cgroup/unified/docker/x");
	strcpy(buf, "untouched");
	assert_int_not_equal(lookup(hybrid, "", "/docker/x", buf, need - 1), 0);
	assert_string_equal(buf, "untouched");
	assert_int_not_equal(lookup(hybrid, "", "/docker/x", buf, 1), 0);
	assert_string_equal(buf, "untouched");
}

/* A cgroup we may not join, after one we are in already: the refusal leaves the list as it was,
 * the one we are in included. */
static void refusal_keeps_the_list(void **state)
{
	char line[4096], *colon;
	struct cgroup_procs c = { .n = 2 };
	char *err = NULL;
	FILE *f = fopen("/proc/self/cgroup", "re");

	(void)state;
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	colon = strchr(line, ':');
	assert_non_null(colon);
	c.names[0] = strdup(colon + 1); /* "0::/x" is named "::/x" after its number */
	c.fds[0] = dup(0);
	c.owners[0] = 0;
	c.names[1] = strdup(":/not/ours");
	c.fds[1] = -EBADF;
	c.owners[1] = 1234;
	assert_non_null(c.names[0]);
	assert_non_null(c.names[1]);
	assert_true(c.fds[0] >= 0);
	assert_int_equal(cgroup_procs_keep_joinable(&c, false, &err), -EACCES);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.names[0], colon + 1);
	assert_string_equal(c.names[1], ":/not/ours");
	assert_true(c.fds[0] >= 0);
	assert_int_equal(c.fds[1], -EBADF);
	assert_int_equal(c.owners[1], 1234);
	free(err);
	err = NULL;
	/* with drop, both go */
	assert_int_equal(cgroup_procs_keep_joinable(&c, true, &err), 0);
	assert_int_equal(c.n, 0);
	cgroup_procs_done(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unified_only),		cmocka_unit_test(hybrid_hierarchies),
		cmocka_unit_test(combined_hierarchies), cmocka_unit_test(mount_roots),
		cmocka_unit_test(escaped_fields),	cmocka_unit_test(malformed_lines),
		cmocka_unit_test(length_and_size),	cmocka_unit_test(refusal_keeps_the_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
