// SPDX-License-Identifier: Apache-2.0
/* The capability sets of /proc/PID/status, through caps.c's static field parser (the file is
 * compiled in): a field that is no number leaves the output as it was. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "caps.c"
#include "unit.h"

static void hex_untouched(void **state)
{
	static const char *const bad[] = { "Name:\tx\nCapInh:\tzz\n",
					   "CapInh:\t00000000000000ffx\n", "CapInh:\t\n",
					   "Name:\tx\n" };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t v = 4242;

		assert_int_equal(parse_hex(bad[i], strlen(bad[i]), "CapInh", &v), -EBADMSG);
		assert_int_equal(v, 4242);
	}
}

static void hex(void **state)
{
	static const char text[] = "Name:\tx\nCapInh:\t00000000000000ff\nCapPrm:\t1\n";
	uint64_t v = 4242;

	(void)state;
	assert_int_equal(parse_hex(text, strlen(text), "CapInh", &v), 0);
	assert_int_equal(v, 0xff);
	assert_int_equal(parse_hex(text, strlen(text), "CapPrm", &v), 0);
	assert_int_equal(v, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hex_untouched),
		cmocka_unit_test(hex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
