// SPDX-License-Identifier: Apache-2.0
/* --which's question to the daemon, through which.c's static ask (the file is compiled in): an
 * answer that cannot be decoded leaves the result as it was. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake-engine.h"
#include "unit.h"
#include "which.c"

#define ID "f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4"

static void ask_untouched(void **state)
{
	static char sentinel[] = "sentinel";
	struct which_result r = { .name = sentinel, .engine = sentinel, .running = true };
	struct engine e;
	char *err = NULL;
	int peer = fake_engine_json(&e, 200, "Docker/27.0.0 (linux)", "{\"Id\":\"" ID "\"}");

	(void)state;
	memcpy(r.id, "sentinel", 9);
	assert_int_equal(ask(&e, -EBADF, ID, "docker", &r, &err), -EBADMSG);
	assert_non_null(err);
	assert_ptr_equal(r.name, sentinel);
	assert_ptr_equal(r.engine, sentinel);
	assert_string_equal(r.id, "sentinel");
	assert_true(r.running);
	engine_done(&e);
	close(peer);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ask_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
