// SPDX-License-Identifier: Apache-2.0
/* Container references: what is accepted, what is refused, and that no reference reaches another
 * endpoint. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "reference.h"
#include "unit.h"

#define ID	   "f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4"
#define MSG_CHARS  "invalid container name: only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
#define MSG_LENGTH "invalid container name (must be 1 to 255 characters)"

static void accepted(void **state)
{
	static const char *const good[] = {
		"web", "/web",	       "a",   "Z", "0",	     "my_app.1-2", "App_1.a-b", "a..b",
		"a--", "f7fcffc93381", "f7f", ID,  ("/" ID),
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char *err = NULL;

		assert_int_equal(reference_validate(good[i], &err), 0);
		assert_null(err);
	}
}

static void refused(void **state)
{
	static const struct {
		const char *ref;
		const char *msg;
	} bad[] = {
		{ "", "empty container name" },
		{ "/", MSG_LENGTH },
		{ "//x", MSG_CHARS },
		{ "../containers/x", MSG_CHARS },
		{ "..", MSG_CHARS },
		{ ".", MSG_CHARS },
		{ "x/..", MSG_CHARS },
		{ "x?y", MSG_CHARS },
		{ "x/json#", MSG_CHARS },
		{ "x#y", MSG_CHARS },
		{ "x/json", MSG_CHARS },
		{ "%2e", MSG_CHARS },
		{ "%2e%2e%2fcontainers", MSG_CHARS },
		{ "x%20y", MSG_CHARS },
		{ "x y", MSG_CHARS },
		{ " x", MSG_CHARS },
		{ "x ", MSG_CHARS },
		{ "-x", MSG_CHARS },
		{ ".x", MSG_CHARS },
		{ "_x", MSG_CHARS },
		{ "/.x", MSG_CHARS },
		{ "x\n", MSG_CHARS },
		{ "x\r\nHost: evil", MSG_CHARS },
		{ "x\t", MSG_CHARS },
		{ "x\x7f", MSG_CHARS },
		{ "caf\xc3\xa9", MSG_CHARS },	/* non-ASCII letters are not Docker's */
		{ "\xef\xbc\xa1", MSG_CHARS },	/* fullwidth A */
		{ "x\xe2\x80\x8b", MSG_CHARS }, /* zero-width space */
		{ "x:y", MSG_CHARS },
		{ "x@y", MSG_CHARS },
		{ "x\\y", MSG_CHARS },
		{ "x+y", MSG_CHARS },
		{ "x;y", MSG_CHARS },
		{ "x&y=z", MSG_CHARS },
		{ "sha256:" ID, MSG_CHARS },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *err = NULL;

		assert_int_equal(reference_validate(bad[i].ref, &err), -EINVAL);
		assert_non_null(err);
		assert_string_equal(err, bad[i].msg);
		free(err);
		/* and without a place for the message */
		assert_int_equal(reference_validate(bad[i].ref, NULL), -EINVAL);
	}
	assert_int_equal(reference_validate(NULL, NULL), -EINVAL);
}

static void length(void **state)
{
	char name[REFERENCE_MAX + 3];
	char *err = NULL;

	(void)state;
	/* REFERENCE_MAX characters, with or without the leading '/' that does not count */
	memset(name, 'a', sizeof(name));
	name[0] = '/';
	name[REFERENCE_MAX + 1] = '\0';
	assert_int_equal(reference_validate(name, NULL), 0);
	assert_int_equal(reference_validate(name + 1, NULL), 0);
	/* one more is refused */
	name[REFERENCE_MAX + 1] = 'a';
	name[REFERENCE_MAX + 2] = '\0';
	assert_int_equal(reference_validate(name, &err), -EINVAL);
	assert_string_equal(err, MSG_LENGTH);
	assert_int_equal(reference_validate(name + 1, NULL), -EINVAL);
	free(err);
}

static void message_replaced(void **state)
{
	char *err = strdup("an earlier message");

	(void)state;
	assert_int_equal(reference_validate("x?y", &err), -EINVAL);
	assert_string_equal(err, MSG_CHARS);
	free(err);
}

static void expect_encoding(const char *ref, const char *want)
{
	char *e = reference_encode(ref);

	assert_non_null(e);
	assert_string_equal(e, want);
	free(e);
}

static void encoding(void **state)
{
	(void)state;
	/* valid references are one path segment already; the leading '/' goes */
	expect_encoding("web", "web");
	expect_encoding("/web", "web");
	expect_encoding("/my_app.1-2", "my_app.1-2");
	expect_encoding("a..b", "a..b");
	expect_encoding(ID, ID);
	/* anything else is escaped so it cannot leave the segment or end the path */
	expect_encoding("x?y", "x%3Fy");
	expect_encoding("x/json#", "x%2Fjson%23");
	expect_encoding("../containers/x", "%2E.%2Fcontainers%2Fx");
	expect_encoding("..", "%2E.");
	expect_encoding(".", "%2E");
	expect_encoding("%2e", "%252e");
	expect_encoding("x y\r\n", "x%20y%0D%0A");
	expect_encoding("caf\xc3\xa9", "caf%C3%A9");
	expect_encoding("", "");
}

static void full_ids(void **state)
{
	(void)state;
	assert_true(reference_is_full_id(ID));
	assert_true(reference_is_full_id(
	    "0000000000000000000000000000000000000000000000000000000000000000"));
	assert_false(reference_is_full_id(
	    "F7FCFFC93381DEEF8C8A89F07DC5578516362C95BD0681CA74B5CD50585E68D4"));
	assert_false(reference_is_full_id(
	    "f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68D4"));
	assert_false(reference_is_full_id("f7fcffc93381"));
	assert_false(reference_is_full_id(""));
	assert_false(reference_is_full_id(ID "0"));
	assert_false(reference_is_full_id(ID "\n"));
	assert_false(reference_is_full_id("/" ID));
	assert_false(reference_is_full_id(
	    "f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d"));
	assert_false(reference_is_full_id(
	    "g7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4"));
	assert_false(reference_is_full_id(
	    "f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68 4"));
}

/* Regression: the leading '/' is skipped before encoding, but the "first character" test for '.'
 * still compares with the start of ref, so a '.' right after the '/' is left as is and "/.."
 * encodes to the path segment "..". */
static void encode_leading_slash_dot(void **state)
{
	(void)state;
	expect_encoding("/..", "%2E.");
	expect_encoding("/.", "%2E");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepted),
		cmocka_unit_test(refused),
		cmocka_unit_test(length),
		cmocka_unit_test(message_replaced),
		cmocka_unit_test(encoding),
		cmocka_unit_test(full_ids),
		cmocka_unit_test(encode_leading_slash_dot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
