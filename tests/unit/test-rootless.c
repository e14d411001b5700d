// SPDX-License-Identifier: Apache-2.0
/* Rootless engines: the ID a runtime shim's command line names, what GET /info says, and the
 * kernel's user namespace chain (NS_GET_PARENT, NS_GET_OWNER_UID) on user namespaces made here by
 * root and by another uid; and rootless.c's static steps (the file is compiled in), whose failures
 * leave their outputs alone. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rootless.c"
#include "rootless.h"
#include "userns.h"
#include "unit.h"

#define ID "07739f1c287dd452ae11acfd51df187f4ed85f9b28fe1c7f0db04550e1f6210a"
#define SHIM                                                                                       \
	"/usr/bin/containerd-shim-runc-v2\0-namespace\0moby\0-id\0" ID "\0-address\0/run/x.sock\0"
#define CONMON "/usr/bin/conmon\0--api-version\0001\0-c\0" ID "\0-u\0" ID "\0-r\0/usr/bin/runc\0"

static int cmdline(const char *s, size_t len, char *id)
{
	return rootless_cmdline_id(s, len, id);
}

/* A string literal with NULs in it, as a command line: its length without the terminating NUL. */
#define CMDLINE(lit, id) cmdline(lit, sizeof(lit) - 1, id)

static void shim_and_conmon(void **state)
{
	char id[ROOTLESS_ID_MAX + 1];

	(void)state;
	assert_int_equal(cmdline(SHIM, sizeof(SHIM) - 1, id), 0);
	assert_string_equal(id, ID);
	assert_int_equal(cmdline(CONMON, sizeof(CONMON) - 1, id), 0);
	assert_string_equal(id, ID);
	/* Go's and glib's other spellings */
	assert_int_equal(CMDLINE("containerd-shim\0--id=" ID "\0", id), 0);
	assert_int_equal(CMDLINE("containerd-shim\0-id=" ID "\0", id), 0);
	assert_int_equal(CMDLINE("conmon\0--cid\0" ID "\0", id), 0);
	assert_int_equal(CMDLINE("conmon\0--cid=" ID "\0", id), 0);
}

static void not_a_shim(void **state)
{
	char id[ROOTLESS_ID_MAX + 1];

	(void)state;
	/* the flag of the other engine, or of any other program, names nothing */
	assert_int_equal(CMDLINE("conmon\0-id\0" ID "\0", id), -ENOENT);
	assert_int_equal(CMDLINE("containerd-shim\0-c\0" ID "\0", id), -ENOENT);
	assert_int_equal(CMDLINE("/bin/sleep\0-id\0" ID "\0", id), -ENOENT);
	assert_int_equal(CMDLINE("xconmon\0-c\0" ID "\0", id), -ENOENT);
	/* a short ID, a name, a flag without its value, an argv cut short */
	assert_int_equal(CMDLINE("conmon\0-c\0"
				 "07739f1c287d\0",
				 id),
			 -ENOENT);
	assert_int_equal(CMDLINE("conmon\0-c\0web\0", id), -ENOENT);
	assert_int_equal(CMDLINE("containerd-shim\0-id\0", id), -ENOENT);
	assert_int_equal(cmdline(SHIM, 60, id), -ENOENT);
	assert_int_equal(cmdline("", 0, id), -ENOENT);
}

static int info(const char *json, bool *ret)
{
	return rootless_info_parse(json, strlen(json), ret);
}

static void info_answers(void **state)
{
	bool r = false;

	(void)state;
	assert_int_equal(
	    info("{\"SecurityOptions\":[\"name=seccomp,profile=default\",\"name=rootless\"]}", &r),
	    0);
	assert_true(r);
	assert_int_equal(
	    info("{\"Rootless\":true,\"SecurityOptions\":[\"name=seccomp,profile=default\"]}", &r),
	    0);
	assert_true(r);
	assert_int_equal(info("{\"SecurityOptions\":[\"name=seccomp,profile=default\"]}", &r), 0);
	assert_false(r);
	assert_int_equal(
	    info("{\"Rootless\":false,\"SecurityOptions\":[\"name=rootless,x=y\"]}", &r), 0);
	assert_false(r);
	assert_int_equal(info("{\"SecurityOptions\":\"name=rootless\"}", &r), 0);
	assert_false(r);
	assert_int_equal(info("{\"Rootless\":\"yes\"}", &r), -EBADMSG);
	assert_int_equal(info("[\"name=rootless\"]", &r), -EBADMSG);
	assert_int_equal(info("{", &r), -EBADMSG);
}

/* A child in a user namespace of its own, made after dropping to uid; it waits until killed. */
static pid_t child_in_userns(uid_t uid)
{
	int fds[2];
	pid_t pid;
	char c = 0;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if ((uid && setresuid(uid, uid, uid) < 0) || unshare(CLONE_NEWUSER) < 0)
			_exit(1);
		if (write(fds[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &c, 1), 1);
	close(fds[0]);
	return pid;
}

static int open_userns(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	return open(path, O_RDONLY | O_CLOEXEC);
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static void chain_of_real_namespaces(void **state)
{
	pid_t by_root = child_in_userns(0), by_user = child_in_userns(4321);
	int rfd = open_userns(by_root), ufd = open_userns(by_user);
	struct ns_id init, rid, uid_ns;
	struct userns_chain c;
	uid_t owner;

	(void)state;
	assert_true(rfd >= 0 && ufd >= 0);
	assert_int_equal(ns_id_of(AT_FDCWD, "/proc/self/ns/user", &init), 0);
	assert_int_equal(ns_id_of(rfd, NULL, &rid), 0);
	assert_int_equal(ns_id_of(ufd, NULL, &uid_ns), 0);
	assert_int_equal(userns_owner_uid(ufd, &owner), 0);
	assert_int_equal(owner, 4321);
	/* root's: up to the initial one, both created by root */
	assert_int_equal(userns_chain_to(rfd, &init, 0, &c), 0);
	assert_int_equal(c.n, 2);
	assert_true(userns_chain_has(&c, &rid) && userns_chain_has(&c, &init));
	/* the user's: itself is fine, but the initial one is root's, and the other child's is no
	 * ancestor */
	assert_int_equal(userns_chain_to(ufd, &uid_ns, 4321, &c), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(userns_chain_to(ufd, &init, 4321, &c), -EPERM);
	assert_int_equal(userns_chain_to(ufd, &rid, 4321, &c), -EPERM);
	assert_int_equal(userns_chain_to(rfd, &uid_ns, 0, &c), -ENOENT);
	/* another uid than the creator's */
	assert_int_equal(userns_chain_to(rfd, &rid, 4321, &c), -EPERM);
	close(rfd);
	close(ufd);
	reap(by_root);
	reap(by_user);
}

static void status_numbers_untouched(void **state)
{
	static const char status[] = "Name:\tx\nUid:\t1000\t1000\t1000\nGid:\t1000\n";
	unsigned long ids[4] = { 42, 42, 42, 42 };

	(void)state;
	/* three numbers where four are read */
	assert_int_equal(status_numbers(status, "Uid", ids, 4), -EBADMSG);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(ids[i], 42);
	assert_int_equal(status_numbers(status, "Gid", ids, 1), 0);
	assert_int_equal(ids[0], 1000);
}

/* Our own process, for a daemon of our user namespace's owner: its chain is ours, and a status
 * without IDs fails after it was found. */
static void prove_owner_untouched(void **state)
{
	struct userns_chain chain = { .n = 4242 };
	struct unixsock_peer d = { .rootless = true };
	int procfd = open("/proc/self", O_PATH | O_DIRECTORY | O_CLOEXEC),
	    ns = open("/proc/self/ns/user", O_RDONLY | O_CLOEXEC);
	char why[128] = "";

	(void)state;
	assert_true(procfd >= 0);
	assert_true(ns >= 0);
	assert_int_equal(userns_owner_uid(ns, &d.uid), 0);
	assert_int_equal(ns_id_of(ns, NULL, &d.userns), 0);
	assert_int_equal(prove_owner(&d, procfd, "Name:\tx\n", &chain, why, sizeof(why)), -EBADMSG);
	assert_int_equal(chain.n, 4242);
	close(ns);
	close(procfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shim_and_conmon),
		cmocka_unit_test(not_a_shim),
		cmocka_unit_test(info_answers),
		cmocka_unit_test(chain_of_real_namespaces),
		cmocka_unit_test(status_numbers_untouched),
		cmocka_unit_test(prove_owner_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
