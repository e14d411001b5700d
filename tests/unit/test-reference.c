// SPDX-License-Identifier: Apache-2.0
/* Container references: what is accepted, what is refused, and that no reference reaches another endpoint. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "reference.h"
#include "unit.h"

static void accepted(void **state)
{
	static const char *const good[] = { "web", "/web", "a", "my_app.1-2", "f7fcffc93381",
		"f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4" };

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_int_equal(reference_validate(good[i], NULL), 0);
}

static void refused(void **state)
{
	static const char *const bad[] = { "", "/", "../containers/x", "x?y", "x/json#", "x y", "-x", ".x", "_x",
		"%2e%2e", "x\n", "caf\xc3\xa9", "x/y", "//x" };
	char *err = NULL;
	char longname[REFERENCE_MAX + 2];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(reference_validate(bad[i], &err), -EINVAL);
		assert_non_null(err);
		free(err);
		err = NULL;
	}
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(reference_validate(longname, NULL), -EINVAL);
	longname[REFERENCE_MAX] = '\0';
	assert_int_equal(reference_validate(longname, NULL), 0);
}

static void encoding(void **state)
{
	char *e;

	(void)state;
	e = reference_encode("/my_app.1-2");
	assert_string_equal(e, "my_app.1-2");
	free(e);
	e = reference_encode("web");
	assert_string_equal(e, "web");
	free(e);
}

static void full_ids(void **state)
{
	(void)state;
	assert_true(reference_is_full_id("f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4"));
	assert_false(reference_is_full_id("F7FCFFC93381DEEF8C8A89F07DC5578516362C95BD0681CA74B5CD50585E68D4"));
	assert_false(reference_is_full_id("f7fcffc93381"));
	assert_false(reference_is_full_id("g7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepted),
		cmocka_unit_test(refused),
		cmocka_unit_test(encoding),
		cmocka_unit_test(full_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
