// SPDX-License-Identifier: Apache-2.0
/* Opening a container's files from the host without leaving its root, with openat2 and (--pre-5.3)
 * without it. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fdutil.h"
#include "unit.h"

#define PASSWD "root:x:0:0:inside the tree:/root:/bin/sh\n"

static char tree[64];
static int treefd = -1;
static bool pre53;

static void write_file(const char *path, const char *content, size_t len)
{
	int fd = openat(treefd, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, content, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

static void link_to(const char *target, const char *path)
{
	assert_int_equal(symlinkat(target, treefd, path), 0);
}

/* The container's root: files, links in and out, loops. */
static int build_tree(void **state)
{
	char big[8000];

	(void)state;
	strcpy(tree, "/tmp/test-fdutil-XXXXXX");
	if (!mkdtemp(tree))
		return -1;
	treefd = open(tree, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (treefd < 0)
		return -1;
	assert_int_equal(mkdirat(treefd, "etc", 0755), 0);
	assert_int_equal(mkdirat(treefd, "dir", 0755), 0);
	assert_int_equal(mkdirat(treefd, "dir/sub", 0755), 0);
	write_file("etc/passwd", PASSWD, strlen(PASSWD));
	write_file("hello", "hello\n", 6);
	write_file("empty", "", 0);
	write_file("dir/sub/file", "deep\n", 5);
	memset(big, 'b', sizeof(big));
	write_file("big", big, sizeof(big));
	link_to("/etc/passwd", "abs");
	link_to("etc/passwd", "rel");
	link_to("../../../../etc/passwd", "dir/up");
	link_to("../../hello", "dir/sub/rel2");
	link_to("/hello", "dir/sub/abs2");
	link_to("/dir/sub/abs2", "dir/abs3");
	link_to("/dir", "dirlink");
	link_to("/", "rootlink");
	link_to("../../..", "dotdotlink");
	link_to("/usr/bin/env", "hostonly");
	link_to("/proc/self/root/etc/passwd", "magic");
	link_to("loop2", "loop1");
	link_to("loop1", "loop2");
	link_to("self", "self");
	link_to("missing", "dangling");
	for (int i = 0; i < 10; i++) {
		char name[16], target[16];

		snprintf(name, sizeof(name), "chain%d", i);
		snprintf(target, sizeof(target), i < 9 ? "chain%d" : "hello", i + 1);
		link_to(target, name);
	}
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

static int remove_tree(void **state)
{
	(void)state;
	if (treefd >= 0)
		close(treefd);
	return nftw(tree, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The content of path opened in the tree, or NULL with *ret_err set. */
static char *read_in_tree(const char *path, int *ret_err)
{
	int fd = fd_open_in_root(treefd, path, O_RDONLY);
	char *buf = NULL;
	int err;

	if (fd < 0) {
		*ret_err = fd;
		return NULL;
	}
	err = fd_read_file(fd, NULL, 1 << 20, &buf, NULL);
	close(fd);
	*ret_err = err;
	return err < 0 ? NULL : buf;
}

static void expect_content(const char *path, const char *want)
{
	int err = 0;
	char *got = read_in_tree(path, &err);

	if (!got)
		print_error("%s: %s\n", path, strerror(-err));
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void expect_error(const char *path, int flags, int want)
{
	int fd = fd_open_in_root(treefd, path, flags);

	if (fd >= 0)
		close(fd);
	assert_int_equal(fd, want);
}

static int pretend_pre53(void);

/* In a child: the answer before and after openat2 starts failing with ENOSYS; 2 bits, or 4 when the
 * filter failed. */
static int detection_across_filter(void)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		int before = fd_have_openat2();

		if (pretend_pre53() < 0)
			_exit(4);
		_exit(before | fd_have_openat2() << 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void openat2_detection(void **state)
{
	bool kernel_has = syscall(SYS_openat2, -1, "", NULL, 0) >= 0 || errno != ENOSYS;

	(void)state;
	/* the kernel's own answer, asked here independently of fdutil */
	assert_int_equal(fd_have_openat2(), pre53 ? false : kernel_has);
	/* asked once and remembered: a filter installed after the first answer does not change it
	 * */
	if (!pre53)
		assert_int_equal(detection_across_filter(), kernel_has ? 3 : 0);
}

static void regular_files(void **state)
{
	(void)state;
	expect_content("hello", "hello\n");
	expect_content("/hello", "hello\n");
	expect_content("//hello", "hello\n");
	expect_content("./hello", "hello\n");
	expect_content("etc/passwd", PASSWD);
	expect_content("/etc/passwd", PASSWD);
	expect_content("dir/sub/file", "deep\n");
	expect_content("dir/./sub//file", "deep\n");
	expect_content("dir/sub/../sub/file", "deep\n");
	expect_content("empty", "");
}

static void absolute_links_stay_inside(void **state)
{
	(void)state;
	/* "/etc/passwd" is the tree's, not the host's */
	expect_content("abs", PASSWD);
	expect_content("/abs", PASSWD);
	expect_content("rel", PASSWD);
	expect_content("dirlink/sub/file", "deep\n");
	expect_content("dirlink/sub/rel2", "hello\n");
	expect_content("rootlink/hello", "hello\n");
	expect_content("rootlink/rootlink/abs", PASSWD);
	/* from deep inside, "/" is still the tree's root */
	expect_content("dir/sub/abs2", "hello\n");
	expect_content("dir/abs3", "hello\n");
	expect_content("dirlink/abs3", "hello\n");
	/* a link to a host path the tree does not have finds nothing */
	expect_error("hostonly", O_RDONLY, -ENOENT);
}

static void dotdot_stays_at_root(void **state)
{
	(void)state;
	expect_content("../../../hello", "hello\n");
	expect_content("/../../../etc/passwd", PASSWD);
	expect_content("..//../etc/../etc/passwd", PASSWD);
	expect_content("dir/../../../../hello", "hello\n");
	expect_content("dir/up", PASSWD);
	expect_content("dotdotlink/hello", "hello\n");
	expect_content("dotdotlink/../../etc/passwd", PASSWD);
	expect_content("rootlink/../../etc/passwd", PASSWD);
	expect_content("dir/sub/rel2", "hello\n");
}

static void the_root_itself(void **state)
{
	static const char *const paths[] = { "",    "/",     ".",	 "..",
					     "/..", "../..", "rootlink", "dotdotlink" };
	struct stat want, st;

	(void)state;
	assert_int_equal(fstat(treefd, &want), 0);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		int fd = fd_open_in_root(treefd, paths[i], O_RDONLY | O_DIRECTORY);

		assert_true(fd >= 0);
		assert_int_equal(fstat(fd, &st), 0);
		assert_int_equal(st.st_ino, want.st_ino);
		assert_int_equal(st.st_dev, want.st_dev);
		close(fd);
	}
}

static void links_that_go_nowhere(void **state)
{
	(void)state;
	expect_error("loop1", O_RDONLY, -ELOOP);
	expect_error("loop2", O_RDONLY, -ELOOP);
	expect_error("self", O_RDONLY, -ELOOP);
	expect_error("loop1/x", O_RDONLY, -ELOOP);
	expect_error("dir/../loop1", O_RDONLY, -ELOOP);
	/* a chain of ten links is fine */
	expect_content("chain0", "hello\n");
	expect_content("chain5", "hello\n");
	expect_error("dangling", O_RDONLY, -ENOENT);
	/* magic links are not the host's either */
	expect_error("magic", O_RDONLY, -ENOENT);
}

static void missing_and_wrong_types(void **state)
{
	(void)state;
	expect_error("missing", O_RDONLY, -ENOENT);
	expect_error("/missing", O_RDONLY, -ENOENT);
	expect_error("missing/x", O_RDONLY, -ENOENT);
	expect_error("dir/missing", O_RDONLY, -ENOENT);
	expect_error("etc/shadow", O_RDONLY, -ENOENT);
	expect_error("hello/x", O_RDONLY, -ENOTDIR);
	expect_error("hello", O_RDONLY | O_DIRECTORY, -ENOTDIR);
	expect_error("abs", O_RDONLY | O_DIRECTORY, -ENOTDIR);
}

static void flags(void **state)
{
	int fd;
	struct stat st;

	(void)state;
	/* every fd is close-on-exec, asked for or not */
	fd = fd_open_in_root(treefd, "hello", O_RDONLY);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	close(fd);
	/* O_PATH through a link to a directory */
	fd = fd_open_in_root(treefd, "dirlink", O_PATH);
	assert_true(fd >= 0);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	assert_int_equal(fstatat(fd, "sub/file", &st, 0), 0);
	assert_int_equal(st.st_size, 5);
	close(fd);
	/* as the plan opens the account files */
	fd = fd_open_in_root(treefd, "/etc/passwd", O_RDONLY | O_NOCTTY | O_NONBLOCK);
	assert_true(fd >= 0);
	close(fd);
}

static void read_files(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	int fd;

	(void)state;
	assert_int_equal(fd_read_file(treefd, "hello", 100, &buf, &len), 0);
	assert_int_equal(len, 6);
	assert_string_equal(buf, "hello\n");
	free(buf);
	/* exactly the limit, then one byte over it */
	assert_int_equal(fd_read_file(treefd, "hello", 6, &buf, &len), 0);
	free(buf);
	buf = NULL;
	assert_int_equal(fd_read_file(treefd, "hello", 5, &buf, &len), -EFBIG);
	assert_null(buf);
	/* larger than the first buffer */
	assert_int_equal(fd_read_file(treefd, "big", 8000, &buf, &len), 0);
	assert_int_equal(len, 8000);
	assert_int_equal(buf[7999], 'b');
	assert_int_equal(buf[8000], '\0');
	free(buf);
	buf = NULL;
	assert_int_equal(fd_read_file(treefd, "big", 7999, &buf, &len), -EFBIG);
	assert_int_equal(fd_read_file(treefd, "big", 100, &buf, &len), -EFBIG);
	assert_null(buf);
	/* empty, and without a length wanted */
	assert_int_equal(fd_read_file(treefd, "empty", 100, &buf, NULL), 0);
	assert_string_equal(buf, "");
	free(buf);
	/* the open fd itself */
	fd = openat(treefd, "dir/sub/file", O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(fd_read_file(fd, NULL, 100, &buf, &len), 0);
	assert_string_equal(buf, "deep\n");
	free(buf);
	close(fd);
	/* errors */
	assert_int_equal(fd_read_file(treefd, "missing", 100, &buf, &len), -ENOENT);
	assert_int_equal(fd_read_file(treefd, "dir", 100, &buf, &len), -EISDIR);
}

static bool fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

/* In a child (fd_close_from closes what the test runner may hold): fds 20..23, keep one, close from
 * 20. */
static int close_from_child(int keep)
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		int ok = 1;

		for (int fd = 20; fd < 24; fd++)
			if (dup2(STDERR_FILENO, fd) != fd)
				_exit(2);
		fd_close_from(20, keep);
		for (int fd = 20; fd < 24; fd++)
			ok &= fd_open(fd) == (fd == keep);
		ok &= fd_open(STDERR_FILENO);
		_exit(ok ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void close_from(void **state)
{
	(void)state;
	assert_int_equal(close_from_child(-1), 0);
	assert_int_equal(close_from_child(20), 0);
	assert_int_equal(close_from_child(21), 0);
	assert_int_equal(close_from_child(23), 0);
}

/* Regression (fallback walk): a trailing '/' after a regular file is accepted; openat2 says
 * ENOTDIR. */
static void trailing_slash_on_file(void **state)
{
	(void)state;
	expect_error("hello/", O_RDONLY, -ENOTDIR);
	expect_error("abs/", O_RDONLY, -ENOTDIR);
}

/* Regression (fallback walk): a component longer than NAME_MAX is cut to NAME_MAX bytes and the
 * shorter name is opened instead of failing with ENAMETOOLONG as openat2 does. */
static void long_component(void **state)
{
	char name[NAME_MAX + 1], longer[NAME_MAX + 50];

	(void)state;
	memset(name, 'n', NAME_MAX);
	name[NAME_MAX] = '\0';
	write_file(name, "short\n", 6);
	memset(longer, 'n', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	expect_error(longer, O_RDONLY, -ENAMETOOLONG);
	assert_int_equal(unlinkat(treefd, name, 0), 0);
}

/* Regression (fallback walk): O_PATH | O_NOFOLLOW opened the /proc/self/fd magic link it reopens
 * through, not the file, so the container's /dev/pts/ptmx looked like a link and the pty fell back
 * to the host's. A last component that is a link is refused with ELOOP (openat2 gives the link
 * itself; no caller wants it). */
static void path_nofollow(void **state)
{
	struct stat st;
	int fd;

	(void)state;
	fd = fd_open_in_root(treefd, "hello", O_PATH | O_NOFOLLOW);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	close(fd);
	fd = fd_open_in_root(treefd, "abs", O_PATH | O_NOFOLLOW);
	if (fd >= 0) {
		assert_int_equal(fstatat(fd, "", &st, AT_EMPTY_PATH), 0);
		assert_true(S_ISLNK(st.st_mode)); /* openat2 */
		close(fd);
	} else {
		assert_int_equal(fd, -ELOOP); /* the walk */
	}
	expect_error("abs", O_RDONLY | O_NOFOLLOW, -ELOOP);
}

/* Make openat2 and close_range fail with ENOSYS, as on kernels before 5.3 (see
 * tests/oldkernel/enosys.c). */
static int pretend_pre53(void)
{
#if defined(__x86_64__)
	const unsigned arch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
	const unsigned arch = AUDIT_ARCH_AARCH64;
#else
	const unsigned arch = 0;
#endif
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_close_range, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	if (arch == 0)
		return -1;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest with_openat2[] = {
		cmocka_unit_test(openat2_detection),
		cmocka_unit_test(regular_files),
		cmocka_unit_test(absolute_links_stay_inside),
		cmocka_unit_test(dotdot_stays_at_root),
		cmocka_unit_test(the_root_itself),
		cmocka_unit_test(links_that_go_nowhere),
		cmocka_unit_test(missing_and_wrong_types),
		cmocka_unit_test(flags),
		cmocka_unit_test(read_files),
		cmocka_unit_test(close_from),
		cmocka_unit_test(trailing_slash_on_file),
		cmocka_unit_test(long_component),
		cmocka_unit_test(path_nofollow),
	};
	/* the same tests, the fallback walk answering as openat2 does */
	const struct CMUnitTest without_openat2[] = {
		cmocka_unit_test(openat2_detection),
		cmocka_unit_test(regular_files),
		cmocka_unit_test(absolute_links_stay_inside),
		cmocka_unit_test(dotdot_stays_at_root),
		cmocka_unit_test(the_root_itself),
		cmocka_unit_test(links_that_go_nowhere),
		cmocka_unit_test(missing_and_wrong_types),
		cmocka_unit_test(flags),
		cmocka_unit_test(read_files),
		cmocka_unit_test(close_from),
		cmocka_unit_test(trailing_slash_on_file),
		cmocka_unit_test(long_component),
		cmocka_unit_test(path_nofollow),
	};
	int i = 1;

	if (i < argc && strcmp(argv[i], "--pre-5.3") == 0) {
		if (pretend_pre53() < 0) {
			fprintf(stderr, "cannot install the seccomp filter: %m\n");
			return 1; /* a filter that cannot be installed fails the test: it never
				     skips */
		}
		pre53 = true;
		i++;
	}
	if (pre53 || !fd_have_openat2())
		return cmocka_run_group_tests_name("fdutil without openat2", without_openat2,
						   build_tree, remove_tree);
	return cmocka_run_group_tests_name("fdutil", with_openat2, build_tree, remove_tree);
}
