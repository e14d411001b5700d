// SPDX-License-Identifier: Apache-2.0
/* The walk every path a daemon names goes through: normal paths only, no link below the data root,
 * links on host paths only where root made them in a directory nobody else may write, and who could
 * have made each directory. Runs as root (as the suites do): the checks are about owners. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "safepath.h"
#include "unit.h"

static char tree[64];
static int treefd = -1;

static void path_of(char *buf, const char *rel)
{
	assert_true(snprintf(buf, PATH_MAX, "%s/%s", tree, rel) < PATH_MAX);
}

static void mk(const char *rel, mode_t mode, uid_t uid)
{
	char p[PATH_MAX];

	path_of(p, rel);
	assert_int_equal(mkdir(p, mode), 0);
	assert_int_equal(chmod(p, mode), 0);
	assert_int_equal(chown(p, uid, 0), 0);
}

static void ln(const char *target, const char *rel, uid_t uid)
{
	char p[PATH_MAX];

	path_of(p, rel);
	assert_int_equal(symlink(target, p), 0);
	assert_int_equal(lchown(p, uid, 0), 0);
}

static int setup(void **state)
{
	(void)state;
	if (geteuid() != 0) {
		fprintf(stderr, "test-safepath must run as root: its checks are about owners\n");
		return -1;
	}
	snprintf(tree, sizeof(tree), "/tmp/test-safepath.XXXXXX");
	if (!mkdtemp(tree) || chmod(tree, 0755) < 0)
		return -1;
	treefd = open(tree, O_PATH | O_DIRECTORY | O_CLOEXEC);
	mk("root", 0711, 0);
	mk("root/overlay2", 0710, 0);
	mk("root/overlay2/a", 0710, 0);
	mk("root/overlay2/a/diff", 0755, 1234); /* a container's root may be given away */
	mk("root/overlay2/open", 0777, 0);
	mk("root/overlay2/open/diff", 0755, 0);
	mk("root/overlay2/users", 0755, 1234);
	mk("root/overlay2/users/diff", 0755, 0);
	ln("a", "root/overlay2/link", 0);
	mk("host", 0755, 0);
	mk("host/real", 0755, 0);
	ln("real", "host/by-root", 0);
	ln("/..", "host/up", 0);
	ln("real", "host/by-user", 1234);
	mk("host/open", 0777, 0);
	ln("../real", "host/open/by-root", 0);
	return treefd >= 0 ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tree);
	return system(cmd) == 0 ? 0 : -1;
}

static void normal(void **state)
{
	(void)state;
	assert_true(safepath_is_normal("/"));
	assert_true(safepath_is_normal("/var/lib/docker"));
	assert_true(safepath_is_normal("/a/.b/c..d"));
	assert_false(safepath_is_normal(""));
	assert_false(safepath_is_normal("var"));
	assert_false(safepath_is_normal("/var/"));
	assert_false(safepath_is_normal("//var"));
	assert_false(safepath_is_normal("/var//lib"));
	assert_false(safepath_is_normal("/var/./lib"));
	assert_false(safepath_is_normal("/var/../etc"));
	assert_false(safepath_is_normal("/.."));
	assert_true(safepath_is_below("/var/lib/docker", "/var/lib/docker/x"));
	assert_false(safepath_is_below("/var/lib/docker", "/var/lib/docker"));
	assert_false(safepath_is_below("/var/lib/docker", "/var/lib/dockerx/y"));
	assert_false(safepath_is_below("/var/lib/docker", "/etc"));
	assert_true(safepath_is_below("/", "/etc"));
}

/* Open rel below tree/root; 0 or the error. */
static int below(const char *rel, unsigned allow)
{
	char root[PATH_MAX], p[PATH_MAX];
	int rootfd, fd = -1, err;

	path_of(root, "root");
	assert_true(snprintf(p, sizeof(p), "%s/%s", root, rel) < (int)sizeof(p));
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	err = safepath_open_below(rootfd, root, p, allow, &fd, NULL);
	close(rootfd);
	if (fd >= 0)
		close(fd);
	return err;
}

static void below_data_root(void **state)
{
	(void)state;
	assert_int_equal(below("overlay2/a/diff", SAFEPATH_DIR), 0);
	/* no link at all below the data root */
	assert_int_equal(below("overlay2/link/diff", SAFEPATH_DIR), -ELOOP);
	assert_int_equal(below("overlay2/link", SAFEPATH_DIR), -ELOOP);
	/* directories on the way: root's, closed to others */
	assert_int_equal(below("overlay2/open/diff", SAFEPATH_DIR), -EPERM);
	assert_int_equal(below("overlay2/users/diff", SAFEPATH_DIR), -EPERM);
	/* what the last one may be */
	assert_int_equal(below("overlay2/a", SAFEPATH_FILE), -EINVAL);
	assert_int_equal(below("overlay2/missing", SAFEPATH_DIR), -ENOENT);
}

static void data_root(void **state)
{
	char p[PATH_MAX];
	int fd = -1;

	(void)state;
	assert_int_equal(safepath_open_data_root("/", &fd, NULL), 0);
	close(fd);
	/* /tmp is anybody's to write: no data root below it can be trusted */
	path_of(p, "root");
	assert_int_equal(safepath_open_data_root(p, &fd, NULL), -EPERM);
	assert_int_equal(safepath_open_data_root("relative", &fd, NULL), -EINVAL);
}

static int host(const char *rel)
{
	char p[PATH_MAX];
	int fd = -1, err;

	path_of(p, rel);
	err = safepath_open_host(p, SAFEPATH_DIR, &fd, NULL);
	if (fd >= 0)
		close(fd);
	return err;
}

static void host_paths(void **state)
{
	(void)state;
	assert_int_equal(host("host/real"), 0);
	/* root's link in root's directory */
	assert_int_equal(host("host/by-root"), 0);
	/* a link that climbs stays a path on the host: its target is checked as any other */
	assert_int_equal(host("host/up"), 0);
	/* a link somebody else made, or in a directory somebody else may write */
	assert_int_equal(host("host/by-user"), -EPERM);
	assert_int_equal(host("host/open/by-root"), -EPERM);
}

/* No fd left for the result: the caller's fd variable is left as it was. */
static void no_fd_left(void **state)
{
	struct rlimit saved, low;
	char *err = NULL;
	int fd = 4242, lowest = dup(0), r;

	(void)state;
	assert_true(lowest >= 0);
	close(lowest);
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
	/* room for the walk's own fd of "/", none for the copy it hands out */
	low = (struct rlimit){ .rlim_cur = (rlim_t)lowest + 1, .rlim_max = saved.rlim_max };
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	r = safepath_open_host("/", SAFEPATH_DIR, &fd, &err);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
	assert_int_equal(r, -EMFILE);
	assert_int_equal(fd, 4242);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(normal),     cmocka_unit_test(below_data_root),
		cmocka_unit_test(data_root),  cmocka_unit_test(host_paths),
		cmocka_unit_test(no_fd_left),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
