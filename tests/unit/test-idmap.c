// SPDX-License-Identifier: Apache-2.0
/* User-namespace ID maps: both directions, ranges, holes, malformed text. */
#include <errno.h>
#include <string.h>

#include "idmap.h"
#include "unit.h"

static const char remap[] = "         0     100000      65536\n";
static const char split[] = "0 1000 1\n1 100000 1000\n";

static int tr(const char *map, uint32_t id, enum idmap_direction dir, uint32_t *ret)
{
	return idmap_translate(map, strlen(map), id, dir, ret);
}

static void directions(void **state)
{
	uint32_t out;

	(void)state;
	assert_int_equal(tr(remap, 0, IDMAP_TO_HOST, &out), 0);
	assert_int_equal(out, 100000);
	assert_int_equal(tr(remap, 1234, IDMAP_TO_HOST, &out), 0);
	assert_int_equal(out, 101234);
	assert_int_equal(tr(remap, 101234, IDMAP_FROM_HOST, &out), 0);
	assert_int_equal(out, 1234);
	assert_int_equal(tr(remap, 65535, IDMAP_TO_HOST, &out), 0);
	assert_int_equal(out, 165535);
	assert_int_equal(tr(remap, 65536, IDMAP_TO_HOST, &out), -ERANGE);
	assert_int_equal(tr(remap, 0, IDMAP_FROM_HOST, &out), -ERANGE);
	assert_int_equal(tr("0 0 4294967295\n", 4294967294u, IDMAP_TO_HOST, &out), 0);
	assert_int_equal(out, 4294967294u);
}

static void ranges(void **state)
{
	uint32_t out;

	(void)state;
	assert_int_equal(tr(split, 0, IDMAP_TO_HOST, &out), 0);
	assert_int_equal(out, 1000);
	assert_int_equal(tr(split, 5, IDMAP_TO_HOST, &out), 0);
	assert_int_equal(out, 100004);
	assert_int_equal(tr(split, 1000, IDMAP_FROM_HOST, &out), 0);
	assert_int_equal(out, 0);
	assert_int_equal(tr(split, 1001, IDMAP_TO_HOST, &out), -ERANGE);
	assert_int_equal(tr("", 0, IDMAP_TO_HOST, &out), -ERANGE);
}

static void malformed(void **state)
{
	uint32_t out = 7;

	(void)state;
	assert_int_equal(tr("0 x 1\n", 0, IDMAP_TO_HOST, &out), -EBADMSG);
	assert_int_equal(tr("0 1\n", 0, IDMAP_TO_HOST, &out), -EBADMSG);
	assert_int_equal(out, 7);
	char long_line[300];
	memset(long_line, '1', sizeof(long_line) - 1);
	long_line[sizeof(long_line) - 1] = '\0';
	assert_int_equal(tr(long_line, 0, IDMAP_TO_HOST, &out), -EBADMSG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(directions),
		cmocka_unit_test(ranges),
		cmocka_unit_test(malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
