// SPDX-License-Identifier: Apache-2.0
/* What the plan decides on the host: docker exec's environment for --exec (its defaults, then
 * Config.Env, then HOME), the identity the command takes (plan_identity), and how the container's
 * account files are read. plan.c itself is compiled in, for its static read_container_file. */
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "container.h"
#include "plan.c"
#include "plan-userns.h"
#include "plan.h"
#include "target.h"
#include "unit.h"
#include "userns.h"

/* plan.c's own, spelt out here */
#undef DEFAULT_PATH
#define DEFAULT_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Build the environment for a container with this hostname and Config.Env, and compare it with
 * want. */
static void expect_env(const char *hostname, const char *const *config_env, const char *home,
		       bool tty, const char *const *want)
{
	struct container_info c = { 0 };
	char **env;
	size_t n = 0;

	while (config_env && config_env[n])
		n++;
	c.hostname = (char *)hostname;
	c.env = (char **)config_env;
	c.n_env = n;
	env = plan_exec_env(&c, home, tty);
	assert_non_null(env);
	for (n = 0; want[n]; n++) {
		assert_non_null(env[n]);
		assert_string_equal(env[n], want[n]);
	}
	assert_null(env[n]);
	for (n = 0; env[n]; n++)
		free(env[n]);
	free(env);
}

#define ENV(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void defaults(void **state)
{
	(void)state;
	expect_env("web1", NULL, "/home/app", false,
		   ENV(DEFAULT_PATH, "HOSTNAME=web1", "HOME=/home/app"));
	expect_env("web1", ENV(NULL), "/root", false,
		   ENV(DEFAULT_PATH, "HOSTNAME=web1", "HOME=/root"));
	/* TERM only with a terminal, after HOSTNAME, as docker exec -t */
	expect_env("web1", NULL, "/root", true,
		   ENV(DEFAULT_PATH, "HOSTNAME=web1", "TERM=xterm", "HOME=/root"));
	/* no hostname, no HOSTNAME */
	expect_env("", NULL, "/root", true, ENV(DEFAULT_PATH, "TERM=xterm", "HOME=/root"));
	/* no home: "/" */
	expect_env("", NULL, NULL, false, ENV(DEFAULT_PATH, "HOME=/"));
	expect_env("", NULL, "", false, ENV(DEFAULT_PATH, "HOME=/"));
}

static void config_env(void **state)
{
	(void)state;
	/* Config.Env comes after the defaults, in its order */
	expect_env(
	    "web1", ENV("B=2", "A=1", "EMPTY=", "EQ=a=b"), "/root", false,
	    ENV(DEFAULT_PATH, "HOSTNAME=web1", "B=2", "A=1", "EMPTY=", "EQ=a=b", "HOME=/root"));
	/* and replaces a default with the same key where it stands */
	expect_env("web1", ENV("A=1", "PATH=/custom/bin"), "/root", false,
		   ENV("PATH=/custom/bin", "HOSTNAME=web1", "A=1", "HOME=/root"));
	expect_env("web1", ENV("HOSTNAME=other", "TERM=dumb"), "/root", true,
		   ENV(DEFAULT_PATH, "HOSTNAME=other", "TERM=dumb", "HOME=/root"));
	/* TERM from Config.Env stays without a terminal too */
	expect_env("", ENV("TERM=vt100"), "/root", false,
		   ENV(DEFAULT_PATH, "TERM=vt100", "HOME=/root"));
	/* a later duplicate replaces the earlier one in place */
	expect_env("", ENV("A=1", "B=2", "A=3"), "/root", false,
		   ENV(DEFAULT_PATH, "A=3", "B=2", "HOME=/root"));
	/* entries without '=' are not variables */
	expect_env("", ENV("JUSTANAME", "A=1", ""), "/root", false,
		   ENV(DEFAULT_PATH, "A=1", "HOME=/root"));
}

static void home(void **state)
{
	(void)state;
	/* Config.Env's HOME wins over the passwd entry's */
	expect_env("web1", ENV("HOME=/srv", "A=1"), "/root", false,
		   ENV(DEFAULT_PATH, "HOSTNAME=web1", "HOME=/srv", "A=1"));
	expect_env("", ENV("HOME="), "/root", false, ENV(DEFAULT_PATH, "HOME="));
}

static void keys_are_whole(void **state)
{
	(void)state;
	/* a key that merely starts like another is another key */
	expect_env("", ENV("PATHEXT=.x", "PAT=1", "HOMEDIR=/x", "HOM=1"), "/root", false,
		   ENV(DEFAULT_PATH, "PATHEXT=.x", "PAT=1", "HOMEDIR=/x", "HOM=1", "HOME=/root"));
	expect_env("", ENV("TERMINFO=/t"), "/root", true,
		   ENV(DEFAULT_PATH, "TERM=xterm", "TERMINFO=/t", "HOME=/root"));
	/* keys are case-sensitive */
	expect_env("", ENV("path=/x", "home=/y"), "/root", false,
		   ENV(DEFAULT_PATH, "path=/x", "home=/y", "HOME=/root"));
}

/* Regression: HOME (and HOSTNAME) are formatted into a 512-byte buffer, so a longer home directory
 * from the container's passwd file is silently cut. */
static void long_home(void **state)
{
	char dir[1024], want[1100];

	(void)state;
	dir[0] = '/';
	memset(dir + 1, 'h', sizeof(dir) - 2);
	dir[sizeof(dir) - 1] = '\0';
	snprintf(want, sizeof(want), "HOME=%s", dir);
	expect_env("", NULL, dir, false, ENV(DEFAULT_PATH, want));
}

/* plan_identity() against a stand-in for /proc/PID: a directory owned by the process's uid and gid,
 * with its uid_map and gid_map, and its root holding the container's /etc/passwd and /etc/group. */
#define PROC_UID 100005
#define PROC_GID 100007
#define PASSWD	 "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n"
#define GROUP	 "root:x:0:\napp:x:1000:\nextra:x:2000:app\n"

static char proc[64];

static void put(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", proc, name);
	f = fopen(path, "we");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void make_proc(const char *map)
{
	char path[128];

	strcpy(proc, "/tmp/test-plan-XXXXXX");
	assert_non_null(mkdtemp(proc));
	put("uid_map", map);
	put("gid_map", map);
	snprintf(path, sizeof(path), "%s/root", proc);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/root/etc", proc);
	assert_int_equal(mkdir(path, 0755), 0);
	put("root/etc/passwd", PASSWD);
	put("root/etc/group", GROUP);
	assert_int_equal(chown(proc, PROC_UID, PROC_GID), 0);
}

static void remove_proc(void)
{
	static const char *const files[] = {
		"uid_map", "gid_map", "root/etc/passwd", "root/etc/group", "root/etc", "root", ""
	};
	char path[128];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", proc, files[i]);
		assert_int_equal(remove(path), 0);
	}
}

struct identity {
	int err;
	bool set_uid, set_gid, drop_early;
	enum plan_groups groups_mode;
	unsigned uid, gid, groups[4];
	size_t n_groups;
	char home[64];
	char msg[128];
};

/* The identity planned for req, joining the user namespace or not, with the ID maps given. */
static struct identity identity(const struct nsenter_request *req, bool join_user, const char *map)
{
	struct identity id = { 0 };
	struct target t;
	struct plan p;
	char *err = NULL;

	make_proc(map);
	target_init(&t);
	t.procfd = open(proc, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(t.procfd >= 0);
	t.info.user = strdup("app");
	plan_init(&p);
	p.join = join_user ? NS_ALL : NS_ALL & ~NS_BIT(NS_USER);
	id.err = plan_identity(&t, req, &p, &err);
	id.set_uid = p.set_uid;
	id.set_gid = p.set_gid;
	id.groups_mode = p.groups;
	id.drop_early = p.drop_groups_early;
	id.uid = p.creds.uid;
	id.gid = p.creds.gid;
	id.n_groups = p.creds.n_groups;
	for (size_t i = 0; i < p.creds.n_groups && i < 4; i++)
		id.groups[i] = p.creds.groups[i];
	snprintf(id.home, sizeof(id.home), "%s", p.creds.home ? p.creds.home : "");
	snprintf(id.msg, sizeof(id.msg), "%s", err ? err : "");
	free(err);
	plan_done(&p);
	target_done(&t);
	remove_proc();
	return id;
}

#define IDENTITY_MAP "0 0 4294967295\n"
#define REMAP	     "0 100000 65536\n"

/* As util-linux: nothing changes unless asked, or a user namespace is entered (then its root,
 * unless preserved). */
static void util_linux_defaults(void **state)
{
	struct nsenter_request req = { .stop_fd = -1 };
	struct identity id;

	(void)state;
	id = identity(&req, false, IDENTITY_MAP);
	assert_int_equal(id.err, 0);
	assert_false(id.set_uid || id.set_gid || id.drop_early);
	assert_int_equal(id.groups_mode, PLAN_GROUPS_KEEP);
	/* its root, without a group of ours, dropped before the namespace is joined and again after
	 * */
	id = identity(&req, true, REMAP);
	assert_int_equal(id.err, 0);
	assert_true(id.set_uid && id.set_gid && id.drop_early);
	assert_int_equal(id.uid, 0);
	assert_int_equal(id.gid, 0);
	assert_int_equal(id.groups_mode, PLAN_GROUPS_DROP);
	req.preserve_creds = true;
	id = identity(&req, true, REMAP);
	assert_false(id.set_uid || id.set_gid || id.drop_early);
	assert_int_equal(id.groups_mode, PLAN_GROUPS_KEEP);
}

/* -S alone sets the uid and nothing else; -G alone the gid, dropping our groups (util-linux 2.42).
 * */
static void setuid_or_setgid_alone(void **state)
{
	struct nsenter_request req = { .stop_fd = -1, .uid_mode = ID_VALUE, .uid = 1000 };
	struct identity id;

	(void)state;
	id = identity(&req, false, IDENTITY_MAP);
	assert_int_equal(id.err, 0);
	assert_true(id.set_uid);
	assert_false(id.set_gid || id.drop_early);
	assert_int_equal(id.uid, 1000);
	assert_int_equal(id.groups_mode, PLAN_GROUPS_KEEP);
	/* entering a user namespace still makes us its gid 0, without our groups */
	id = identity(&req, true, REMAP);
	assert_true(id.set_uid && id.set_gid && id.drop_early);
	assert_int_equal(id.gid, 0);
	assert_int_equal(id.groups_mode, PLAN_GROUPS_DROP);
	/* unless credentials are preserved: the uid alone then */
	req.preserve_creds = true;
	id = identity(&req, true, REMAP);
	assert_true(id.set_uid);
	assert_false(id.set_gid || id.drop_early);
	assert_int_equal(id.groups_mode, PLAN_GROUPS_KEEP);
	req = (struct nsenter_request){ .stop_fd = -1, .gid_mode = ID_VALUE, .gid = 1001 };
	id = identity(&req, false, IDENTITY_MAP);
	assert_false(id.set_uid || id.drop_early);
	assert_true(id.set_gid);
	assert_int_equal(id.gid, 1001);
	assert_int_equal(id.groups_mode, PLAN_GROUPS_DROP);
}

/* -S and -G with numbers, and follow: the process's IDs on the host, or inside the user namespace
 * we join. */
static void setuid_setgid(void **state)
{
	struct nsenter_request req = {
		.stop_fd = -1, .uid_mode = ID_VALUE, .uid = 1000, .gid_mode = ID_VALUE, .gid = 1001
	};
	struct identity id;

	(void)state;
	id = identity(&req, false, IDENTITY_MAP);
	assert_int_equal(id.err, 0);
	assert_true(id.set_uid && id.set_gid);
	assert_false(id.drop_early);
	assert_int_equal(id.uid, 1000);
	assert_int_equal(id.gid, 1001);
	assert_int_equal(id.groups_mode, PLAN_GROUPS_DROP);
	req.uid_mode = req.gid_mode = ID_FOLLOW;
	id = identity(&req, false, REMAP);
	assert_int_equal(id.err, 0);
	assert_int_equal(id.uid, PROC_UID);
	assert_int_equal(id.gid, PROC_GID);
	id = identity(&req, true, REMAP);
	assert_int_equal(id.err, 0);
	assert_int_equal(id.uid, PROC_UID - 100000);
	assert_int_equal(id.gid, PROC_GID - 100000);
	/* follow of a process whose IDs the namespace does not map */
	id = identity(&req, true, "0 0 1000\n");
	assert_int_equal(id.err, -ERANGE);
	assert_string_equal(id.msg, "uid 100005 has no mapping in the container's uid_map");
}

/* --as and --exec: a user of the container's own files, its groups as docker gives them; mapped to
 * the host IDs it stands for when its user namespace is not joined. */
static void container_users(void **state)
{
	struct nsenter_request req = { .stop_fd = -1, .as_user = "app" };
	struct identity id;

	(void)state;
	id = identity(&req, true, REMAP);
	assert_int_equal(id.err, 0);
	assert_true(id.set_uid && id.set_gid && id.drop_early);
	assert_int_equal(id.groups_mode, PLAN_GROUPS_SET);
	assert_int_equal(id.uid, 1000);
	assert_int_equal(id.gid, 1000);
	assert_int_equal(id.n_groups, 2);
	assert_int_equal(id.groups[0], 1000);
	assert_int_equal(id.groups[1], 2000);
	assert_string_equal(id.home, "/home/app");
	id = identity(&req, false, REMAP);
	assert_int_equal(id.err, 0);
	assert_false(id.drop_early);
	assert_int_equal(id.uid, 101000);
	assert_int_equal(id.gid, 101000);
	assert_int_equal(id.groups[1], 102000);
	req.as_user = NULL;
	req.exec_like = true;
	id = identity(&req, false, IDENTITY_MAP);
	assert_int_equal(id.err, 0);
	assert_int_equal(id.uid, 1000);
	assert_int_equal(id.n_groups, 2);
	req.exec_like = false;
	req.as_user = "nobody-here";
	id = identity(&req, false, IDENTITY_MAP);
	assert_int_equal(id.err, -ENOENT);
	req.as_user = "5000";
	id = identity(&req, false, "0 0 1000\n");
	assert_int_equal(id.err, -ERANGE);
	assert_string_equal(id.msg, "uid 5000 has no mapping in the container's uid_map");
}

/* A file that cannot be read leaves the outputs as they were; a file that is not there reads as
 * none. */
static void container_files(void **state)
{
	static char sentinel[] = "sentinel";
	char *text = sentinel;
	size_t len = 4242;
	struct target t;

	(void)state;
	make_proc(IDENTITY_MAP);
	target_init(&t);
	/* no /proc/PID directory */
	assert_int_equal(read_container_file(&t, "/etc/passwd", &text, &len), -EBADF);
	assert_ptr_equal(text, sentinel);
	assert_int_equal(len, 4242);
	t.procfd = open(proc, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(t.procfd >= 0);
	/* a directory where the file should be */
	assert_int_equal(read_container_file(&t, "/etc", &text, &len), -EINVAL);
	assert_ptr_equal(text, sentinel);
	assert_int_equal(len, 4242);
	/* absent: no text, and a success */
	assert_int_equal(read_container_file(&t, "/etc/shadow", &text, &len), 0);
	assert_null(text);
	assert_int_equal(len, 0);
	assert_int_equal(read_container_file(&t, "/etc/passwd", &text, &len), 0);
	assert_string_equal(text, PASSWD);
	free(text);
	target_done(&t);
	remove_proc();
}

/* A container in a user namespace of its own, entered by root with its IDs preserved: refused, and
 * the plan's namespaces are left as they were. */
static void userns_refusal_untouched(void **state)
{
	struct nsenter_request req = { .preserve_creds = true };
	int ready[2], go[2];
	char path[64], c;
	struct target t;
	struct plan p;
	char *err = NULL;
	pid_t child;

	(void)state;
	if (!userns_privileged())
		skip();
	assert_int_equal(pipe2(ready, O_CLOEXEC), 0);
	assert_int_equal(pipe2(go, O_CLOEXEC), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		close(ready[0]);
		close(go[1]);
		if (unshare(CLONE_NEWUSER) < 0)
			_exit(1);
		(void)!write(ready[1], "x", 1);
		_exit(read(go[0], &c, 1) < 0);
	}
	close(ready[1]);
	close(go[0]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	target_init(&t);
	snprintf(path, sizeof(path), "/proc/%d/ns", (int)child);
	t.nsfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	plan_init(&p);
	p.container_program = true;
	p.join = NS_BIT(NS_NET);
	assert_true(t.nsfd >= 0);
	assert_int_equal(plan_userns_join(&t, &req, &p, &err), -EPERM);
	close(go[1]);
	close(ready[0]);
	waitpid(child, NULL, 0);
	assert_non_null(err);
	assert_int_equal(p.join, NS_BIT(NS_NET));
	plan_done(&p);
	target_done(&t);
	free(err);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(config_env),
		cmocka_unit_test(home),
		cmocka_unit_test(keys_are_whole),
		cmocka_unit_test(long_home),
		cmocka_unit_test(util_linux_defaults),
		cmocka_unit_test(setuid_or_setgid_alone),
		cmocka_unit_test(setuid_setgid),
		cmocka_unit_test(container_users),
		cmocka_unit_test(container_files),
		cmocka_unit_test(userns_refusal_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
