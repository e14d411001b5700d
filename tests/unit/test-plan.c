// SPDX-License-Identifier: Apache-2.0
/* docker exec's environment for --exec: its defaults, then the container's Config.Env, then HOME. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "plan.h"
#include "unit.h"

#define DEFAULT_PATH "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Build the environment for a container with this hostname and Config.Env, and compare it with want. */
static void expect_env(const char *hostname, const char *const *config_env, const char *home, bool tty,
		       const char *const *want)
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
	expect_env("web1", NULL, "/home/app", false, ENV(DEFAULT_PATH, "HOSTNAME=web1", "HOME=/home/app"));
	expect_env("web1", ENV(NULL), "/root", false, ENV(DEFAULT_PATH, "HOSTNAME=web1", "HOME=/root"));
	/* TERM only with a terminal, after HOSTNAME, as docker exec -t */
	expect_env("web1", NULL, "/root", true, ENV(DEFAULT_PATH, "HOSTNAME=web1", "TERM=xterm", "HOME=/root"));
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
	expect_env("web1", ENV("B=2", "A=1", "EMPTY=", "EQ=a=b"), "/root", false,
		   ENV(DEFAULT_PATH, "HOSTNAME=web1", "B=2", "A=1", "EMPTY=", "EQ=a=b", "HOME=/root"));
	/* and replaces a default with the same key where it stands */
	expect_env("web1", ENV("A=1", "PATH=/custom/bin"), "/root", false,
		   ENV("PATH=/custom/bin", "HOSTNAME=web1", "A=1", "HOME=/root"));
	expect_env("web1", ENV("HOSTNAME=other", "TERM=dumb"), "/root", true,
		   ENV(DEFAULT_PATH, "HOSTNAME=other", "TERM=dumb", "HOME=/root"));
	/* TERM from Config.Env stays without a terminal too */
	expect_env("", ENV("TERM=vt100"), "/root", false, ENV(DEFAULT_PATH, "TERM=vt100", "HOME=/root"));
	/* a later duplicate replaces the earlier one in place */
	expect_env("", ENV("A=1", "B=2", "A=3"), "/root", false, ENV(DEFAULT_PATH, "A=3", "B=2", "HOME=/root"));
	/* entries without '=' are not variables */
	expect_env("", ENV("JUSTANAME", "A=1", ""), "/root", false, ENV(DEFAULT_PATH, "A=1", "HOME=/root"));
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
	expect_env("", ENV("TERMINFO=/t"), "/root", true, ENV(DEFAULT_PATH, "TERM=xterm", "TERMINFO=/t", "HOME=/root"));
	/* keys are case-sensitive */
	expect_env("", ENV("path=/x", "home=/y"), "/root", false,
		   ENV(DEFAULT_PATH, "path=/x", "home=/y", "HOME=/root"));
}

/* Regression: HOME (and HOSTNAME) are formatted into a 512-byte buffer, so a longer home directory from the
 * container's passwd file is silently cut. */
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

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(config_env),
		cmocka_unit_test(home),
		cmocka_unit_test(keys_are_whole),
		cmocka_unit_test(long_home),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
