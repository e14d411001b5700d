// SPDX-License-Identifier: Apache-2.0
/* --tools' image reference as a request path, through tools.c's static image_path (the file is
 * compiled in): a reference that is refused leaves the buffer as it was. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tools.c"
#include "unit.h"

static void image_path_untouched(void **state)
{
	static const char *const bad[] = { "busybox$", "busy box", "-busybox" };
	char buf[64], untouched[64], *err = NULL;

	(void)state;
	memset(untouched, 'z', sizeof(untouched));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(buf, 'z', sizeof(buf));
		assert_int_equal(image_path(bad[i], buf, sizeof(buf), &err), -EINVAL);
		assert_memory_equal(buf, untouched, sizeof(buf));
		free(err);
		err = NULL;
	}
	/* too long for the buffer, by one byte */
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(image_path("library/busybox:latest", buf,
				    strlen("/images/library%2Fbusybox%3Alatest/json"), &err),
			 -ENAMETOOLONG);
	assert_memory_equal(buf, untouched, sizeof(buf));
	assert_int_equal(image_path("library/busybox:latest", buf,
				    strlen("/images/library%2Fbusybox%3Alatest/json") + 1, &err),
			 0);
	assert_string_equal(buf, "/images/library%2Fbusybox%3Alatest/json");
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(image_path_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
