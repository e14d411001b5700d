// SPDX-License-Identifier: Apache-2.0
/* The proof that a PID is the container's: its /proc/PID/cgroup text must name the full container
 * ID. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine.h"
#include "fake-container.h"
#include "fake-engine.h"
#include "http.h"
#include "target.h"
#include "unit.h"

#define ID    "f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4"
#define OTHER "0b262a0f1f0fc32ba49c5b8f60c5ed0e7b3cf4333afaaae2311a35702975c721"

static bool names(const char *text)
{
	return target_cgroup_names(text, strlen(text), ID);
}

static void docker_cgroupfs(void **state)
{
	(void)state;
	assert_true(names("0::/docker/" ID "\n"));
	assert_true(names("0::/docker/" ID));
	/* cgroup v1: one line per hierarchy */
	assert_true(names("12:pids:/docker/" ID "\n11:memory:/docker/" ID
			  "\n4:cpu,cpuacct:/docker/" ID "\n"
			  "1:name=systemd:/docker/" ID "\n0::/\n"));
	/* hybrid: only some hierarchies name it */
	assert_true(names("4:memory:/docker/" ID "\n1:name=systemd:/\n0::/\n"));
	/* a sub-cgroup the container made for itself */
	assert_true(names("0::/docker/" ID "/init\n"));
	/* docker in docker */
	assert_true(names("0::/docker/" OTHER "/docker/" ID "\n"));
}

static void systemd_driver(void **state)
{
	(void)state;
	assert_true(names("0::/system.slice/docker-" ID ".scope\n"));
	assert_true(names("12:pids:/system.slice/docker-" ID
			  ".scope\n1:name=systemd:/system.slice/docker-" ID
			  ".scope\n0::/system.slice/docker-" ID ".scope\n"));
	/* rootless docker under the user's manager */
	assert_true(names("0::/user.slice/user-1000.slice/user@1000.service/app.slice/docker-" ID
			  ".scope\n"));
}

static void other_runtimes(void **state)
{
	(void)state;
	assert_true(names("0::/machine.slice/libpod-" ID ".scope/container\n"));
	assert_true(names("0::/libpod_parent/libpod-" ID "\n"));
	assert_true(names(
	    "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/crio-" ID
	    ".scope\n"));
	assert_true(
	    names("0::/kubepods/besteffort/pod0c1a5e1e-7d3b-4c6f-9e0a-2b1c3d4e5f60/" ID "\n"));
	assert_true(names("0::/kubepods.slice/kubepods-burstable.slice/"
			  "kubepods-burstable-pod1.slice/cri-containerd-" ID ".scope\n"));
	assert_true(names("0::/machine.slice/crio-" ID "\n"));
}

static void not_this_container(void **state)
{
	(void)state;
	assert_false(names(""));
	assert_false(names("0::/\n"));
	assert_false(names("0::/init.scope\n"));
	assert_false(names("0::/user.slice/user-1000.slice/session-3.scope\n"));
	assert_false(names("0::/docker/" OTHER "\n"));
	assert_false(names("0::/system.slice/docker-" OTHER ".scope\n"));
	assert_false(names("12:pids:/docker/" OTHER "\n0::/\n"));
	/* the ID inside a longer hex string is not the ID */
	assert_false(names("0::/docker/0" ID "\n"));
	assert_false(names("0::/docker/" ID "0\n"));
	assert_false(names("0::/docker/aaaa" ID "\n"));
	assert_false(names("0::/docker/" ID "abcdef\n"));
	assert_false(names("0::/system.slice/docker-" ID "f.scope\n"));
	/* a prefix of the ID is not the ID */
	assert_false(names("0::/docker/f7fcffc93381\n"));
	assert_false(
	    names("0::/docker/f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d\n"));
	/* the same letters in upper case are another name */
	assert_false(
	    names("0::/docker/F7FCFFC93381DEEF8C8A89F07DC5578516362C95BD0681CA74B5CD50585E68D4\n"));
	/* not as a path component */
	assert_false(names("0::/docker/x_" ID "\n"));
	assert_false(names("0::/docker/." ID "\n"));
	assert_false(names(ID "\n"));
	assert_false(names("1:name=" ID ":/\n"));
	/* only the engines' own forms: not any component that ends in "-ID" (issue 12) */
	assert_false(names("0::/user.slice/user-1000.slice/evil-" ID ".scope\n"));
	assert_false(names("0::/machine.slice/libpod-conmon-" ID ".scope\n"));
	assert_false(names("0::/kubepods.slice/crio-conmon-" ID ".scope\n"));
	assert_false(names("0::/x/prefix-" ID "\n"));
	assert_false(names("0::/docker/" ID ".scope\n"));
	assert_false(names("0::/system.slice/docker-" ID "\n"));
	assert_false(names("0::/system.slice/docker-" ID ".service\n"));
}

static void short_ids(void **state)
{
	static const char text[] = "0::/docker/" ID "\n";

	(void)state;
	/* an ID shorter than docker's short form proves nothing */
	assert_false(target_cgroup_names("0::/docker/abc\n", 15, "abc"));
	assert_false(target_cgroup_names("0::/docker/f7fcffc9338\n", 23, "f7fcffc9338"));
	assert_false(target_cgroup_names(text, strlen(text), ""));
	/* a short ID must still be a whole component */
	assert_true(target_cgroup_names("0::/docker/f7fcffc93381\n", 24, "f7fcffc93381"));
	assert_false(target_cgroup_names(text, strlen(text), "f7fcffc93381"));
}

static void length_is_respected(void **state)
{
	static const char text[] = "0::/docker/" ID "0\n";
	size_t at = strlen("0::/docker/");

	(void)state;
	/* the ID cut by the length is not there; the hex digit after the length does not count */
	assert_false(target_cgroup_names(text, at + 63, ID));
	assert_true(target_cgroup_names(text, at + 64, ID));
	assert_false(target_cgroup_names(text, at + 65, ID));
	assert_false(target_cgroup_names(text, 0, ID));
}

static void pin_processes(void **state)
{
	struct target t;
	char *err = NULL, want[256];
	pid_t child;
	int status;

	(void)state;
	/* our own process is alive but not in container ID */
	target_init(&t);
	assert_int_equal(target_pin(getpid(), ID, &t, &err), -EPERM);
	snprintf(
	    want, sizeof(want),
	    "process %d does not belong to container f7fcffc93381 (its cgroup does not name it)",
	    (int)getpid());
	assert_string_equal(err, want);
	free(err);
	err = NULL;
	assert_int_equal(t.pidfd, -EBADF);
	assert_int_equal(t.procfd, -EBADF);

	/* a process that is gone */
	child = fork();
	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_int_equal(target_pin(child, ID, &t, &err), -ESRCH);
	snprintf(want, sizeof(want), "process %d is gone: the container stopped", (int)child);
	assert_string_equal(err, want);
	free(err);
	err = NULL;

	target_done(&t);
}

/* The proof holds for a process in a cgroup named by the ID, and for nothing less than the whole
 * ID. */
static void pin_a_container_process(void **state)
{
	struct fake_container c;
	struct target t, u;
	char *err = NULL, *err2 = NULL, shorter[64];
	int r, r2;
	struct stat ours, theirs, net;

	(void)state;
	fake_container_start(&c);
	target_init(&t);
	target_init(&u);
	r = target_pin(c.pid, c.id, &t, &err);
	memcpy(shorter, c.id, 63);
	shorter[63] = '\0';
	r2 = target_pin(c.pid, shorter, &u, &err2);
	/* the pinned /proc directory is that process's, its ns directory below it: looked at while
	 * it lives */
	if (r == 0 && (fstat(t.procfd, &theirs) < 0 || fstatat(t.nsfd, "net", &net, 0) < 0))
		r = -errno;
	fake_container_stop(&c);
	if (err)
		print_error("%s\n", err);
	assert_int_equal(r, 0);
	assert_null(err);
	assert_int_equal(t.pid, c.pid);
	assert_true(t.procfd >= 0);
	assert_true(t.nsfd >= 0);
	assert_int_equal(theirs.st_uid, getuid());
	assert_int_equal(stat("/proc/self/ns/net", &ours), 0);
	assert_int_equal(net.st_ino, ours.st_ino);
	target_done(&t);
	assert_int_equal(t.procfd, -EBADF);
	assert_int_equal(t.nsfd, -EBADF);
	assert_int_equal(t.pidfd, -EBADF);
	assert_int_equal(r2, -EPERM);
	assert_int_equal(u.procfd, -EBADF);
	free(err2);
}

/* A refused inspect leaves the caller's answer as it was. */
static void inspect_failure_untouched(void **state)
{
	static char body[] = "sentinel";
	struct http_response r = { .status = 4242, .body = body };
	struct engine e;
	char *err = NULL;
	int peer = fake_engine_json(&e, 404, "Docker/27.0.0 (linux)",
				    "{\"message\":\"No such container: web\"}");

	(void)state;
	assert_int_equal(target_inspect(&e, "web", &r, &err), -ENOENT);
	assert_string_equal(err, "no such container");
	assert_int_equal(r.status, 4242);
	assert_ptr_equal(r.body, body);
	free(err);
	engine_done(&e);
	close(peer);
}

/* A container that cannot be entered, for what the daemon says (not running) or what its process
 * is (not in the container's cgroup): the target is left as it was. */
static void resolve_failure_untouched(void **state)
{
	static const int want[] = { -ESRCH, -EPERM };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		char *body;
		struct engine e;
		struct target t;
		char *err = NULL;
		int peer;

		/* stopped; or running as our own process, which no container's cgroup holds */
		assert_true(asprintf(&body,
				     "{\"Id\":\"" ID
				     "\",\"Name\":\"/web\",\"State\":{\"Running\":%s,"
				     "\"Pid\":%d},\"Config\":{}}",
				     i ? "true" : "false", i ? (int)getpid() : 0) > 0);
		peer = fake_engine_json(&e, 200, "Docker/27.0.0 (linux)", body);
		target_init(&t);
		t.pid = 4242;
		t.info.pid = 4343;
		assert_int_equal(target_resolve(&e, "web", &t, &err), want[i]);
		assert_non_null(err);
		assert_null(t.info.id);
		assert_int_equal(t.info.pid, 4343);
		assert_int_equal(t.pid, 4242);
		assert_int_equal(t.procfd, -EBADF);
		target_done(&t);
		free(err);
		free(body);
		engine_done(&e);
		close(peer);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(docker_cgroupfs),
		cmocka_unit_test(systemd_driver),
		cmocka_unit_test(other_runtimes),
		cmocka_unit_test(not_this_container),
		cmocka_unit_test(short_ids),
		cmocka_unit_test(length_is_respected),
		cmocka_unit_test(pin_processes),
		cmocka_unit_test(pin_a_container_process),
		cmocka_unit_test(inspect_failure_untouched),
		cmocka_unit_test(resolve_failure_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
