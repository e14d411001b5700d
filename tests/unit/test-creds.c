// SPDX-License-Identifier: Apache-2.0
/* USER[:GROUP] against the container's passwd and group text, as docker exec resolves it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "creds.h"
#include "unit.h"

static const char passwd[] = "root:x:0:0:root:/root:/bin/sh\n"
			     "garbage line\n"
			     "x:x:notanumber:1::/:/bin/sh\n"
			     "app:x:1234:1234:app user:/home/app:/bin/sh\n"
			     "nohome:x:77:77:::/bin/sh\n";
static const char group[] = "root:x:0:\n"
			    "app:x:1234:\n"
			    "audio:x:2345:app\n"
			    "video:x:2346:other,app,third\n"
			    "nope:x:2347:application\n";

static void resolve(const char *spec, struct creds *c)
{
	char *err = NULL;

	assert_int_equal(creds_resolve(spec, passwd, strlen(passwd), group, strlen(group), c, &err), 0);
	assert_null(err);
}

static void by_name(void **state)
{
	struct creds c;

	(void)state;
	resolve("app", &c);
	assert_int_equal(c.uid, 1234);
	assert_int_equal(c.gid, 1234);
	assert_string_equal(c.home, "/home/app");
	assert_int_equal(c.n_groups, 3);
	assert_int_equal(c.groups[0], 1234);
	assert_int_equal(c.groups[1], 2345);
	assert_int_equal(c.groups[2], 2346);
	creds_done(&c);
}

static void with_group(void **state)
{
	struct creds c;

	(void)state;
	resolve("app:video", &c);
	assert_int_equal(c.gid, 2346);
	assert_int_equal(c.n_groups, 1); /* a named group replaces the memberships, as in docker */
	creds_done(&c);
	resolve("1234:55", &c);
	assert_int_equal(c.uid, 1234);
	assert_int_equal(c.gid, 55);
	creds_done(&c);
}

static void numeric_unknown(void **state)
{
	struct creds c;

	(void)state;
	resolve("4321", &c);
	assert_int_equal(c.uid, 4321);
	assert_int_equal(c.gid, 0);
	assert_string_equal(c.home, "/");
	assert_int_equal(c.n_groups, 1);
	creds_done(&c);
	resolve("", &c);
	assert_int_equal(c.uid, 0);
	assert_string_equal(c.home, "/root");
	creds_done(&c);
	resolve("nohome", &c);
	assert_string_equal(c.home, "/");
	creds_done(&c);
}

static void not_found(void **state)
{
	struct creds c;
	char *err = NULL;

	(void)state;
	assert_int_equal(creds_resolve("ghost", passwd, strlen(passwd), group, strlen(group), &c, &err), -ENOENT);
	assert_string_equal(err, "unable to find user ghost: no matching entries in passwd file");
	free(err);
	err = NULL;
	assert_int_equal(creds_resolve("app:ghosts", passwd, strlen(passwd), group, strlen(group), &c, &err), -ENOENT);
	assert_non_null(strstr(err, "unable to find group ghosts"));
	free(err);
	assert_int_equal(creds_resolve("notanumber", passwd, strlen(passwd), NULL, 0, &c, NULL), -ENOENT);
	assert_int_equal(creds_resolve(":", passwd, strlen(passwd), NULL, 0, &c, NULL), 0);
	creds_done(&c);
	assert_int_equal(creds_resolve(":grp", passwd, strlen(passwd), NULL, 0, &c, NULL), -EINVAL);
}

static void missing_files(void **state)
{
	struct creds c;

	(void)state;
	assert_int_equal(creds_resolve("0", NULL, 0, NULL, 0, &c, NULL), 0);
	assert_int_equal(c.uid, 0);
	creds_done(&c);
	assert_int_equal(creds_resolve("app", NULL, 0, NULL, 0, &c, NULL), -ENOENT);
	assert_int_equal(creds_resolve("app", passwd, strlen(passwd), NULL, 0, &c, NULL), 0);
	assert_int_equal(c.n_groups, 1);
	creds_done(&c);
}

static void junk_file(void **state)
{
	size_t n = 1 << 20;
	char *junk = malloc(n + 64);
	struct creds c;

	(void)state;
	memset(junk, ':', n);
	strcpy(junk + n, "\napp:x:5:6::/h:/bin/sh\n");
	assert_int_equal(creds_resolve("app", junk, strlen(junk), junk, strlen(junk), &c, NULL), 0);
	assert_int_equal(c.uid, 5);
	assert_int_equal(c.gid, 6);
	creds_done(&c);
	free(junk);
}

static void ids(void **state)
{
	unsigned v;

	(void)state;
	assert_int_equal(creds_parse_id("0", 1, &v), 0);
	assert_int_equal(creds_parse_id("4294967294", 10, &v), 0);
	assert_int_equal(v, 4294967294u);
	assert_int_equal(creds_parse_id("4294967295", 10, &v), -EINVAL);
	assert_int_equal(creds_parse_id("99999999999", 11, &v), -EINVAL);
	assert_int_equal(creds_parse_id("-1", 2, &v), -EINVAL);
	assert_int_equal(creds_parse_id("", 0, &v), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(by_name),	 cmocka_unit_test(with_group), cmocka_unit_test(numeric_unknown),
		cmocka_unit_test(not_found),	 cmocka_unit_test(missing_files), cmocka_unit_test(junk_file),
		cmocka_unit_test(ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
