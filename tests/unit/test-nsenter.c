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

#define PIDFD_TYPE  _NS_MAX	  /* what a setns() on the pidfd is recorded as */
#define PARENT_TYPE (_NS_MAX + 1) /* ...and one on the user namespace's parent (--user-parent) */

static char dir[64];
static ino_t inode[_NS_MAX + 2]; /* the namespace files', then the parent's */

struct call {
	int type; /* enum ns_type, or PIDFD_TYPE */
	int nstype;
};

static struct {
	struct call calls[32];
	size_t n;
	int pidfd;
	int pidfd_errno;	 /* what setns() on the pidfd fails with, 0 to succeed */
	int refuse[_NS_MAX + 2]; /* how many times setns() of a type fails with EPERM */
	int fatal[_NS_MAX + 2];	 /* an errno setns() of a type always fails with */
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
	for (int i = 0; i < _NS_MAX + 2; i++)
		if (i != PIDFD_TYPE && inode[i] == st.st_ino)
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
	for (int i = 0; i < _NS_MAX + 2; i++) {
		char path[128];
		struct stat st;
		int fd;

		if (i == PIDFD_TYPE)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir,
			 i < _NS_MAX ? ns_proc_file(i) : "parent");
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
	char path_parent[128];

	(void)state;
	for (int i = 0; i < _NS_MAX; i++) {
		char path[128];

		snprintf(path, sizeof(path), "%s/%s", dir, ns_proc_file(i));
		unlink(path);
	}
	snprintf(path_parent, sizeof(path_parent), "%s/parent", dir);
	unlink(path_parent);
	return rmdir(dir);
}

enum join_how { JOIN_PLAIN, JOIN_USER_PARENT, JOIN_USER_PARENT_UNPRIVILEGED };

/* Join mask with a target whose pidfd is pidfd (-EBADF: none), the user namespace's parent in place
 * of its own as the plan opens it for --user-parent when asked; the calls are in rec. */
static int join_as(unsigned mask, int pidfd, enum join_how how, char **err)
{
	char path[128];
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
	if (how != JOIN_PLAIN) {
		snprintf(path, sizeof(path), "%s/parent", dir);
		p.user_parent = true;
		p.unprivileged = how == JOIN_USER_PARENT_UNPRIVILEGED;
		p.ns_fds[NS_USER] = open(path, O_RDONLY | O_CLOEXEC);
		assert_true(p.ns_fds[NS_USER] >= 0);
	}
	rec.plan = &p;
	r = nsenter_join(&p, &t, err);
	/* what was joined is closed at once (but the parent an unprivileged caller joined first);
	 * what failed is closed with the plan */
	for (int i = 0; i < _NS_MAX; i++)
		if (r == 0 && !(i == NS_USER && how == JOIN_USER_PARENT_UNPRIVILEGED))
			assert_int_equal(p.ns_fds[i], -EBADF);
	rec.plan = NULL;
	plan_done(&p);
	t.pidfd = -EBADF;
	target_done(&t);
	return r;
}

static int join(unsigned mask, int pidfd, char **err)
{
	return join_as(mask, pidfd, JOIN_PLAIN, err);
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
		if (types[i] == PARENT_TYPE)
			assert_int_equal(rec.calls[i].nstype, CLONE_NEWUSER);
		else if (types[i] != PIDFD_TYPE)
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

/* --user-parent: the parent's fd, opened by the plan, takes the user namespace's place; it is none
 * of the process's, so even with a pidfd every namespace is joined by its file, in util-linux's
 * order: root joins the parent last, an unprivileged caller first (it gains its rights there). */
static void parent_user_namespace_by_its_fd(void **state)
{
	unsigned mask = NS_BIT(NS_NET) | NS_BIT(NS_USER) | NS_BIT(NS_PID);
	int pidfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	char *err = NULL;

	(void)state;
	assert_true(pidfd >= 0);
	reset();
	assert_int_equal(join_as(mask, pidfd, JOIN_USER_PARENT, &err), 0);
	expect_calls(CALLS(NS_NET, NS_PID, PARENT_TYPE));
	reset();
	assert_int_equal(join_as(mask, -EBADF, JOIN_USER_PARENT, &err), 0);
	expect_calls(CALLS(NS_NET, NS_PID, PARENT_TYPE));
	reset();
	rec.refuse[NS_NET] = 1;
	assert_int_equal(join_as(mask, pidfd, JOIN_USER_PARENT, &err), 0);
	expect_calls(CALLS(NS_NET, NS_PID, PARENT_TYPE, NS_NET));
	reset();
	assert_int_equal(join_as(mask, pidfd, JOIN_USER_PARENT_UNPRIVILEGED, &err), 0);
	expect_calls(CALLS(PARENT_TYPE, NS_NET, NS_PID));
	assert_null(err);
	reset();
	rec.fatal[PARENT_TYPE] = EPERM;
	assert_int_equal(join_as(mask, pidfd, JOIN_USER_PARENT_UNPRIVILEGED, &err), -EPERM);
	assert_string_equal(err, "cannot join the parent of the container's user namespace: "
				 "Operation not permitted");
	free(err);
	err = NULL;
	reset();
	rec.fatal[PARENT_TYPE] = EINVAL;
	assert_int_equal(join_as(mask, pidfd, JOIN_USER_PARENT, &err), -EINVAL);
	assert_string_equal(err, "cannot join the parent of the container's user namespace: "
				 "Invalid argument");
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
		cmocka_unit_test(parent_user_namespace_by_its_fd),
	};

	return cmocka_run_group_tests_name("join order", tests, make_files, remove_files);
}
