// SPDX-License-Identifier: Apache-2.0
/* USER[:GROUP] against the container's passwd and group text, as docker exec resolves it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "creds.h"
#include "unit.h"

static const char passwd[] = "root:x:0:0:root:/root:/bin/ash\n"
			     "bin:x:1:1:bin:/bin:/sbin/nologin\n"
			     "garbage line\n"
			     "\n"
			     "x:x:notanumber:1::/:/bin/sh\n"
			     "short:x:5:5\n"
			     ":x:9:9::/:/bin/sh\n"
			     "big:x:4294967295:1::/:/bin/sh\n"
			     "neg:x:-1:1::/:/bin/sh\n"
			     "badgid:x:60:-1::/:/bin/sh\n"
			     "nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin\n"
			     "app:x:1234:1234:app user:/home/app:/bin/sh\n"
			     "nohome:x:77:77:::/bin/sh\n"
			     "relhome:x:78:78::relative:/bin/sh\n"
			     "dup:x:500:500::/first:/bin/sh\n"
			     "dup:x:501:501::/second:/bin/sh\n"
			     "last:x:999:998::/last:/bin/sh"; /* no newline at the end */
static const char group[] = "root:x:0:\n"
			    "bin:x:1:root,bin,daemon\n"
			    "wheel:x:10:root\n"
			    "app:x:1234:app\n"
			    "audio:x:2345:app\n"
			    "video:x:2346:other,app,third\n"
			    "nope:x:2347:application\n"
			    "prefix:x:2348:ap\n"
			    "badgid:x:abc:app\n"
			    "toolarge:x:4294967295:app\n"
			    "nomembers:x:2349\n"
			    "garbage\n"
			    "empty:x:2350:,,\n"
			    "nginx:x:101:\n"
			    "lastgrp:x:3000:app";

static void resolve_with(const char *spec, const char *p, const char *g, struct creds *c)
{
	char *err = NULL;

	assert_int_equal(creds_resolve(spec, p, p ? strlen(p) : 0, g, g ? strlen(g) : 0, c, &err),
			 0);
	assert_null(err);
	assert_non_null(c->home);
	assert_non_null(c->groups);
	assert_true(c->n_groups >= 1);
	assert_int_equal(c->groups[0], c->gid); /* the primary group comes first */
}

static void resolve(const char *spec, struct creds *c)
{
	resolve_with(spec, passwd, group, c);
}

static void expect_groups(const struct creds *c, const gid_t *want, size_t n)
{
	assert_int_equal(c->n_groups, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(c->groups[i], want[i]);
}

/* Expect a refusal with err and message msg (NULL: any), leaving ret untouched. */
static void expect_refusal_with(const char *spec, const char *p, const char *g, int want,
				const char *msg)
{
	struct creds c;
	char *err = NULL;

	memset(&c, 0x5a, sizeof(c));
	assert_int_equal(creds_resolve(spec, p, p ? strlen(p) : 0, g, g ? strlen(g) : 0, &c, &err),
			 want);
	assert_non_null(err);
	if (msg)
		assert_string_equal(err, msg);
	free(err);
	for (size_t i = 0; i < sizeof(c); i++)
		assert_int_equal(((unsigned char *)&c)[i], 0x5a);
}

static void expect_refusal(const char *spec, int want, const char *msg)
{
	expect_refusal_with(spec, passwd, group, want, msg);
}

static void by_name(void **state)
{
	static const gid_t want[] = { 1234, 2345, 2346, 3000 };
	struct creds c;

	(void)state;
	resolve("app", &c);
	assert_int_equal(c.uid, 1234);
	assert_int_equal(c.gid, 1234);
	assert_string_equal(c.home, "/home/app");
	/* memberships by exact name: not "application", not "ap", not a group whose gid is
	 * malformed, and the primary group only once */
	expect_groups(&c, want, 4);
	creds_done(&c);
	assert_null(c.groups);
	assert_null(c.home);

	resolve("nginx", &c);
	assert_int_equal(c.uid, 101);
	assert_int_equal(c.gid, 101);
	assert_string_equal(c.home, "/var/cache/nginx");
	expect_groups(&c, (const gid_t[]){ 101 }, 1);
	creds_done(&c);

	/* the last line counts even without its newline */
	resolve("last", &c);
	assert_int_equal(c.uid, 999);
	assert_int_equal(c.gid, 998);
	creds_done(&c);
}

static void by_uid(void **state)
{
	static const gid_t want[] = { 1234, 2345, 2346, 3000 };
	struct creds c;

	(void)state;
	/* a known uid is its passwd entry, memberships included */
	resolve("1234", &c);
	assert_int_equal(c.uid, 1234);
	assert_int_equal(c.gid, 1234);
	assert_string_equal(c.home, "/home/app");
	expect_groups(&c, want, 4);
	creds_done(&c);
	/* an unknown one is that uid with gid 0 and home "/", as docker does */
	resolve("4321", &c);
	assert_int_equal(c.uid, 4321);
	assert_int_equal(c.gid, 0);
	assert_string_equal(c.home, "/");
	expect_groups(&c, (const gid_t[]){ 0 }, 1);
	creds_done(&c);
	/* the largest valid id */
	resolve("4294967294", &c);
	assert_int_equal(c.uid, 4294967294u);
	creds_done(&c);
	/* a line with an empty name is not an entry for its uid */
	resolve("9", &c);
	assert_int_equal(c.uid, 9);
	assert_int_equal(c.gid, 0);
	assert_string_equal(c.home, "/");
	creds_done(&c);
}

static void with_group(void **state)
{
	struct creds c;

	(void)state;
	/* a named group replaces the memberships, as in docker */
	resolve("app:video", &c);
	assert_int_equal(c.uid, 1234);
	assert_int_equal(c.gid, 2346);
	assert_string_equal(c.home, "/home/app");
	expect_groups(&c, (const gid_t[]){ 2346 }, 1);
	creds_done(&c);
	resolve("app:2346", &c);
	assert_int_equal(c.gid, 2346);
	expect_groups(&c, (const gid_t[]){ 2346 }, 1);
	creds_done(&c);
	/* a numeric group need not exist */
	resolve("app:55", &c);
	assert_int_equal(c.gid, 55);
	creds_done(&c);
	resolve("1234:55", &c);
	assert_int_equal(c.uid, 1234);
	assert_int_equal(c.gid, 55);
	creds_done(&c);
	resolve("4321:audio", &c);
	assert_int_equal(c.uid, 4321);
	assert_int_equal(c.gid, 2345);
	assert_string_equal(c.home, "/");
	creds_done(&c);
	resolve("0:0", &c);
	assert_int_equal(c.uid, 0);
	assert_int_equal(c.gid, 0);
	expect_groups(&c, (const gid_t[]){ 0 }, 1);
	creds_done(&c);
	/* an empty group is no group */
	resolve("app:", &c);
	assert_int_equal(c.gid, 1234);
	assert_int_equal(c.n_groups, 4);
	creds_done(&c);
}

static void root_by_default(void **state)
{
	static const gid_t want[] = { 0, 1, 10 };
	struct creds c;

	(void)state;
	/* "" and ":" mean root, with root's memberships (alpine's root is in bin and wheel) */
	resolve("", &c);
	assert_int_equal(c.uid, 0);
	assert_int_equal(c.gid, 0);
	assert_string_equal(c.home, "/root");
	expect_groups(&c, want, 3);
	creds_done(&c);
	resolve(":", &c);
	assert_int_equal(c.uid, 0);
	assert_string_equal(c.home, "/root");
	expect_groups(&c, want, 3);
	creds_done(&c);
	resolve("root", &c);
	expect_groups(&c, want, 3);
	creds_done(&c);
}

static void homes(void **state)
{
	struct creds c;

	(void)state;
	resolve("nohome", &c);
	assert_string_equal(c.home, "/");
	creds_done(&c);
	resolve("relhome", &c);
	assert_string_equal(c.home, "/");
	creds_done(&c);
	/* the first of duplicate entries wins */
	resolve("dup", &c);
	assert_int_equal(c.uid, 500);
	assert_string_equal(c.home, "/first");
	creds_done(&c);
}

static void not_found(void **state)
{
	char spec[200];

	(void)state;
	expect_refusal("ghost", -ENOENT,
		       "unable to find user ghost: no matching entries in passwd file");
	expect_refusal("app:ghosts", -ENOENT,
		       "unable to find group ghosts: no matching entries in group file");
	expect_refusal("ghost:video", -ENOENT,
		       "unable to find user ghost: no matching entries in passwd file");
	expect_refusal("ROOT", -ENOENT, NULL);
	expect_refusal("app ", -ENOENT, NULL);
	/* names only on malformed lines are not found */
	expect_refusal("garbage line", -ENOENT, NULL);
	expect_refusal("x", -ENOENT, NULL);
	expect_refusal("short", -ENOENT, NULL);
	expect_refusal("big", -ENOENT, NULL);
	expect_refusal("neg", -ENOENT, NULL);
	expect_refusal("badgid", -ENOENT, NULL);
	expect_refusal("app:badgid", -ENOENT, NULL);
	expect_refusal("app:garbage", -ENOENT, NULL);
	/* names in messages are bounded */
	memset(spec, 'n', 150);
	spec[150] = '\0';
	expect_refusal(spec, -ENOENT,
		       "unable to find user "
		       "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
		       ": no matching entries in passwd file");
}

static void malformed_specs(void **state)
{
	char *spec = malloc(600);

	(void)state;
	expect_refusal(":grp", -EINVAL, "invalid user specification");
	expect_refusal("::", -EINVAL, "invalid user specification");
	assert_non_null(spec);
	memset(spec, '1', 513);
	spec[513] = '\0';
	expect_refusal(spec, -EINVAL, "invalid user specification");
	free(spec);
}

static void large_ids(void **state)
{
	(void)state;
	/* 2^32-1 is (uid_t)-1, "no change" to the kernel: never an id */
	expect_refusal("4294967295", -ENOENT, NULL);
	expect_refusal("4294967296", -ENOENT, NULL);
	expect_refusal("99999999999999999999", -ENOENT, NULL);
	expect_refusal("app:4294967295", -ENOENT, NULL);
	expect_refusal("app:-1", -ENOENT, NULL);
	expect_refusal("-1", -ENOENT, NULL);
}

static void missing_files(void **state)
{
	struct creds c;

	(void)state;
	resolve_with("0", NULL, NULL, &c);
	assert_int_equal(c.uid, 0);
	assert_int_equal(c.gid, 0);
	assert_string_equal(c.home, "/");
	expect_groups(&c, (const gid_t[]){ 0 }, 1);
	creds_done(&c);
	resolve_with("", NULL, NULL, &c);
	assert_int_equal(c.uid, 0);
	creds_done(&c);
	resolve_with("1000:1000", NULL, NULL, &c);
	assert_int_equal(c.uid, 1000);
	assert_int_equal(c.gid, 1000);
	creds_done(&c);
	expect_refusal_with("app", NULL, NULL, -ENOENT,
			    "unable to find user app: no matching entries in passwd file");
	expect_refusal_with("app", NULL, group, -ENOENT, NULL);
	/* no group file: no memberships, and only numeric groups */
	resolve_with("app", passwd, NULL, &c);
	assert_int_equal(c.uid, 1234);
	expect_groups(&c, (const gid_t[]){ 1234 }, 1);
	creds_done(&c);
	resolve_with("app:55", passwd, NULL, &c);
	assert_int_equal(c.gid, 55);
	creds_done(&c);
	expect_refusal_with("app:video", passwd, NULL, -ENOENT, NULL);
	/* empty files are like missing ones */
	resolve_with("app:55", passwd, "", &c);
	creds_done(&c);
	expect_refusal_with("app", "", "", -ENOENT, NULL);
}

static void length_is_respected(void **state)
{
	static const char p[] = "app:x:1:2::/h:/bin/sh\nlater:x:3:4::/h:/bin/sh\n";
	struct creds c;

	(void)state;
	/* only the first line is inside the length */
	assert_int_equal(creds_resolve("app", p, 22, NULL, 0, &c, NULL), 0);
	assert_int_equal(c.uid, 1);
	creds_done(&c);
	assert_int_equal(creds_resolve("later", p, 22, NULL, 0, &c, NULL), -ENOENT);
	/* a line cut inside the length is malformed */
	assert_int_equal(creds_resolve("app", p, 10, NULL, 0, &c, NULL), -ENOENT);
}

static void junk_files(void **state)
{
	size_t n = 4u << 20, len = 0;
	char *junk = malloc(n + 256);
	struct creds c;

	(void)state;
	assert_non_null(junk);
	/* megabytes of lines with too many fields, too few, and none */
	while (len < n) {
		static const char *const lines[] = { "::::::::::::::::::::::::::::::::\n",
						     "a\n",
						     "\n",
						     "app:x:1234\n",
						     "app::::::::\n",
						     "app:x:y:z:w:v:u:t:s\n" };
		const char *l = lines[len % 6];

		memcpy(junk + len, l, strlen(l));
		len += strlen(l);
	}
	/* and one long line of separators */
	memset(junk + len - 200000, ':', 199999);
	len += (size_t)sprintf(junk + len, "app:x:5:6::/h:/bin/sh\nappgrp:x:7:app");
	assert_int_equal(creds_resolve("app", junk, len, junk, len, &c, NULL), 0);
	assert_int_equal(c.uid, 5);
	assert_int_equal(c.gid, 6);
	assert_string_equal(c.home, "/h");
	expect_groups(&c, (const gid_t[]){ 6, 7 }, 2);
	creds_done(&c);
	assert_int_equal(creds_resolve("ghost", junk, len, junk, len, &c, NULL), -ENOENT);
	free(junk);
}

static void many_groups(void **state)
{
	char *g = malloc((CREDS_MAX_GROUPS + 2) * 32);
	size_t len = 0;
	struct creds c;
	char *err = NULL;

	(void)state;
	assert_non_null(g);
	/* the primary group and CREDS_MAX_GROUPS - 1 memberships fit */
	for (unsigned i = 1; i < CREDS_MAX_GROUPS; i++)
		len += (size_t)sprintf(g + len, "g%u:x:%u:app\n", i, 10000 + i);
	resolve_with("app", passwd, g, &c);
	assert_int_equal(c.n_groups, CREDS_MAX_GROUPS);
	assert_int_equal(c.groups[CREDS_MAX_GROUPS - 1], 10000 + CREDS_MAX_GROUPS - 1);
	creds_done(&c);
	/* one more does not */
	len += (size_t)sprintf(g + len, "more:x:99999:app\n");
	assert_int_equal(creds_resolve("app", passwd, strlen(passwd), g, len, &c, &err), -E2BIG);
	assert_string_equal(err, "user is in too many groups");
	free(err);
	free(g);
}

static void ids(void **state)
{
	static const char *const bad[] = {
		"",	"-1",	      "+1",	    " 1",	   "1 ",  "1a",
		"0x10", "4294967295", "4294967296", "99999999999", "1.0",
	};
	unsigned v;

	(void)state;
	assert_int_equal(creds_parse_id("0", 1, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(creds_parse_id("1000", 4, &v), 0);
	assert_int_equal(v, 1000);
	assert_int_equal(creds_parse_id("4294967294", 10, &v), 0);
	assert_int_equal(v, 4294967294u);
	/* only n bytes are read */
	assert_int_equal(creds_parse_id("123abc", 3, &v), 0);
	assert_int_equal(v, 123);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 77;
		assert_int_equal(creds_parse_id(bad[i], strlen(bad[i]), &v), -EINVAL);
		assert_int_equal(v, 77);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(by_name),
		cmocka_unit_test(by_uid),
		cmocka_unit_test(with_group),
		cmocka_unit_test(root_by_default),
		cmocka_unit_test(homes),
		cmocka_unit_test(not_found),
		cmocka_unit_test(malformed_specs),
		cmocka_unit_test(large_ids),
		cmocka_unit_test(missing_files),
		cmocka_unit_test(length_is_respected),
		cmocka_unit_test(junk_files),
		cmocka_unit_test(many_groups),
		cmocka_unit_test(ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
