// SPDX-License-Identifier: Apache-2.0
/* rootfs.c's path fields, through its static dup_path (the file is compiled in): a field that is no
 * usable path leaves the output as it was. The parsers themselves are tested in test-find.c. */
#include <errno.h>
#include <stdlib.h>

#include "rootfs.c"
#include "unit.h"

static void path_untouched(void **state)
{
	static const char *const bad[] = { "{\"p\":5}", "{\"p\":\"relative\"}",
					   "{\"p\":\"/a/../b\"}", "{\"p\":[]}" };
	static char sentinel[] = "sentinel";

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_object *root = json_tokener_parse(bad[i]);
		char *path = sentinel;

		assert_non_null(root);
		assert_int_equal(dup_path(root, "p", &path), -EBADMSG);
		assert_ptr_equal(path, sentinel);
		json_object_put(root);
	}
}

static void absent_is_none(void **state)
{
	static const char *const none[] = { "{}", "{\"p\":null}", "{\"p\":\"\"}" };
	static char sentinel[] = "sentinel";

	(void)state;
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		json_object *root = json_tokener_parse(none[i]);
		char *path = sentinel;

		assert_non_null(root);
		assert_int_equal(dup_path(root, "p", &path), 0);
		assert_null(path);
		json_object_put(root);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(path_untouched),
		cmocka_unit_test(absent_is_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
