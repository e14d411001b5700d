// SPDX-License-Identifier: Apache-2.0
/* The join order, watched through nsenter_setns: util-linux's two passes over the namespace files,
 * the pidfd's one step, what is deferred and what fails. The namespace "files" are regular files of
 * a temporary directory. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "namespaces.h"
#include "nsenter-internal.h"
#include "plan.h"
#include "target.h"
#include "unit.h"

#define PIDFD_TYPE _NS_MAX /* what a setns() on the pidfd is recorded as */

static char dir[64];
static ino_t inode[_NS_MAX];

struct call {
	int type; /* enum ns_type, or PIDFD_TYPE */
	int nstype;
};

static struct {
	struct call calls[32];
	size_t n;
	int pidfd;
	int pidfd_errno;     /* what setns() on the pidfd fails with, 0 to succeed */
	int refuse[_NS_MAX]; /* how many times setns() of a type fails with EPERM */
	int fatal[_NS_MAX];  /* an errno setns() of a type always fails with */
	const struct plan *plan;
	unsigned open_at_first; /* which namespace fds were open at the first setns() on a file */
} rec;

static int fake_setns(int fd, int nstype)
{
	struct stat st;
	int type = -1;

	if (fd == rec.pidfd) {
		rec.calls[rec.n++] = (struct call){ PIDFD_TYPE, nstype };
		errno = rec.pidfd_errno;
		return rec.pidfd_errno ? -1 : 0;
	}
	assert_int_equal(fstat(fd, &st), 0);
	for (int i = 0; i < _NS_MAX; i++)
		if (inode[i] == st.st_ino)
			type = i;
	assert_true(type >= 0);
	if (!rec.open_at_first && rec.plan)
		for (int i = 0; i < _NS_MAX; i++)
			if (rec.plan->ns_fds[i] >= 0)
				rec.open_at_first |= NS_BIT(i);
	assert_true(rec.n < 32);
	rec.calls[rec.n++] = (struct call){ type, nstype };
	if (rec.fatal[type]) {
		errno = rec.fatal[type];
		return -1;
	}
	if (rec.refuse[type] > 0) {
		rec.refuse[type]--;
		errno = EPERM;
		return -1;
	}
	return 0;
}

static int make_files(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/test-nsenter-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	for (int i = 0; i < _NS_MAX; i++) {
		char path[128];
		struct stat st;
		int fd;

		snprintf(path, sizeof(path), "%s/%s", dir, ns_proc_file(i));
		fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0 || fstat(fd, &st) < 0)
			return -1;
		inode[i] = st.st_ino;
		close(fd);
	}
	nsenter_setns = fake_setns;
	return 0;
}

static int remove_files(void **state)
{
	(void)state;
	for (int i = 0; i < _NS_MAX; i++) {
		char path[128];

		snprintf(path, sizeof(path), "%s/%s", dir, ns_proc_file(i));
		unlink(path);
	}
	return rmdir(dir);
}

/* Join mask with a target whose pidfd is pidfd (-EBADF: none); the calls are in rec. */
static int join(unsigned mask, int pidfd, char **err)
{
	struct target t;
	struct plan p;
	int r;

	target_init(&t);
	t.nsfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(t.nsfd >= 0);
	t.pidfd = pidfd;
	rec.pidfd = pidfd;
	plan_init(&p);
	p.join = mask;
	rec.plan = &p;
	r = nsenter_join(&p, &t, err);
	/* what was joined is closed at once; what failed is closed with the plan */
	for (int i = 0; i < _NS_MAX; i++)
		if (r == 0)
			assert_int_equal(p.ns_fds[i], -EBADF);
	rec.plan = NULL;
	plan_done(&p);
	t.pidfd = -EBADF;
	target_done(&t);
	return r;
}

static void reset(void)
{
	memset(&rec, 0, sizeof(rec));
	rec.pidfd = -EBADF;
}

static void expect_calls(const int *types, size_t n)
{
	if (rec.n != n)
		for (size_t i = 0; i < rec.n; i++)
			print_error("call %zu: %d\n", i, rec.calls[i].type);
	assert_int_equal(rec.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(rec.calls[i].type, types[i]);
		if (types[i] != PIDFD_TYPE)
			assert_int_equal(rec.calls[i].nstype, ns_clone_flag(types[i]));
	}
}

#define CALLS(...)                                                                                 \
	((const int[]){ __VA_ARGS__ }), sizeof((const int[]){ __VA_ARGS__ }) / sizeof(int)

/* Without a pidfd: util-linux's order, every file opened before the first setns(), the user
 * namespace last. */
static void every_namespace_by_files(void **state)
{
	char *err = NULL;

	(void)state;
	reset();
	assert_int_equal(join(NS_ALL, -EBADF, &err), 0);
	assert_null(err);
	expect_calls(CALLS(NS_CGROUP, NS_IPC, NS_UTS, NS_NET, NS_PID, NS_MNT, NS_TIME, NS_USER));
	assert_int_equal(rec.open_at_first, NS_ALL);
}

/* Only what was asked is joined, in the same order. */
static void some_namespaces(void **state)
{
	char *err = NULL;

	(void)state;
	reset();
	assert_int_equal(join(NS_BIT(NS_MNT) | NS_BIT(NS_NET) | NS_BIT(NS_USER), -EBADF, &err), 0);
	expect_calls(CALLS(NS_NET, NS_MNT, NS_USER));
	assert_int_equal(rec.open_at_first, NS_BIT(NS_MNT) | NS_BIT(NS_NET) | NS_BIT(NS_USER));
	reset();
	assert_int_equal(join(NS_BIT(NS_TIME), -EBADF, &err), 0);
	expect_calls(CALLS(NS_TIME));
	reset();
	assert_int_equal(join(0, -EBADF, &err), 0);
	assert_int_equal(rec.n, 0);
}

/* A namespace refused before the user namespace is joined (it needs the privileges only that one
 * gives) is tried again after it, in the same order. */
static void refused_ones_after_the_user_namespace(void **state)
{
	char *err = NULL;

	(void)state;
	reset();
	rec.refuse[NS_NET] = 1;
	rec.refuse[NS_MNT] = 1;
	assert_int_equal(join(NS_ALL, -EBADF, &err), 0);
	assert_null(err);
	expect_calls(CALLS(NS_CGROUP, NS_IPC, NS_UTS, NS_NET, NS_PID, NS_MNT, NS_TIME, NS_USER,
			   NS_NET, NS_MNT));
}

/* With a pidfd (Linux 5.8): one setns() with every flag; before 5.8 (EINVAL) the files, in the same
 * order. */
static void pidfd_then_files(void **state)
{
	char *err = NULL;
	int pidfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	int flags = CLONE_NEWNET | CLONE_NEWUSER | CLONE_NEWPID;

	(void)state;
	assert_true(pidfd >= 0);
	reset();
	assert_int_equal(join(NS_BIT(NS_NET) | NS_BIT(NS_USER) | NS_BIT(NS_PID), pidfd, &err), 0);
	expect_calls(CALLS(PIDFD_TYPE));
	assert_int_equal(rec.calls[0].nstype, flags);
	reset();
	rec.pidfd_errno = EINVAL;
	assert_int_equal(join(NS_BIT(NS_NET) | NS_BIT(NS_USER) | NS_BIT(NS_PID), pidfd, &err), 0);
	expect_calls(CALLS(PIDFD_TYPE, NS_NET, NS_PID, NS_USER));
	assert_null(err);
	close(pidfd);
}

/* A failed join says which namespace, with the errno's words, and a refusal adds the likely cause.
 * */
static void failures_name_the_namespace(void **state)
{
	char *err = NULL;
	int pidfd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	(void)state;
	assert_true(pidfd >= 0);
	reset();
	rec.fatal[NS_MNT] = EINVAL;
	assert_int_equal(join(NS_ALL, -EBADF, &err), -EINVAL);
	assert_string_equal(err, "cannot join the container's mnt namespace: Invalid argument");
	reset();
	rec.fatal[NS_NET] = EPERM;
	assert_int_equal(join(NS_ALL, -EBADF, &err), -EPERM);
	assert_non_null(
	    strstr(err, "cannot join the container's net namespace: Operation not permitted: "));
	assert_non_null(strstr(err, "must run as root"));
	/* setns(pidfd) refused: the files find the namespace */
	reset();
	rec.pidfd_errno = EPERM;
	rec.fatal[NS_NET] = EPERM;
	assert_int_equal(join(NS_BIT(NS_NET) | NS_BIT(NS_PID), pidfd, &err), -EPERM);
	assert_non_null(
	    strstr(err, "cannot join the container's net namespace: Operation not permitted: "));
	free(err);
	close(pidfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_namespace_by_files),
		cmocka_unit_test(some_namespaces),
		cmocka_unit_test(refused_ones_after_the_user_namespace),
		cmocka_unit_test(pidfd_then_files),
		cmocka_unit_test(failures_name_the_namespace),
	};

	return cmocka_run_group_tests_name("join order", tests, make_files, remove_files);
}
