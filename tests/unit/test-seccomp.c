// SPDX-License-Identifier: Apache-2.0
/* The OCI seccomp profile's pieces, through seccomp-oci.c's static decoders (the file is compiled
 * in): a piece that cannot be reproduced leaves the output as it was. */
#include <errno.h>
#include <stdlib.h>

#include "seccomp-oci.c"
#include "unit.h"

static void flags_untouched(void **state)
{
	static const char *const bad[] = {
		"[\"SECCOMP_FILTER_FLAG_LOG\",\"SECCOMP_FILTER_FLAG_NEW_LISTENER\"]",
		"[\"SECCOMP_FILTER_FLAG_SPEC_ALLOW\",null]",
	};
	static const int want[] = { -EOPNOTSUPP, -EBADMSG };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_object *flags = json_tokener_parse(bad[i]);
		unsigned f = 4242;

		assert_non_null(flags);
		assert_int_equal(parse_flags(flags, &f), want[i]);
		assert_int_equal(f, 4242);
		json_object_put(flags);
	}
}

static void flags(void **state)
{
	json_object *flags =
	    json_tokener_parse("[\"SECCOMP_FILTER_FLAG_LOG\",\"SECCOMP_FILTER_FLAG_TSYNC\","
			       "\"SECCOMP_FILTER_FLAG_SPEC_ALLOW\"]");
	unsigned f = 4242;

	(void)state;
	assert_non_null(flags);
	assert_int_equal(parse_flags(flags, &f), 0);
	assert_int_equal(f, SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW);
	assert_int_equal(parse_flags(NULL, &f), 0);
	assert_int_equal(f, 0);
	json_object_put(flags);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flags_untouched),
		cmocka_unit_test(flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
