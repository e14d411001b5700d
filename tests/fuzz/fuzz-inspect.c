// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: the inspect answer, the container list and the daemon's error messages. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "engine.h"
#include "fuzz.h"
#include "listing.h"
#include "plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct container_info c;
	struct container_summary *l = NULL;
	struct http_response r;
	char *err = NULL, *msg;
	size_t n = 0;

	if (container_info_parse((const char *)data, size, &c, &err) == 0) {
		char **env = plan_exec_env(&c, "/root", true);

		for (size_t i = 0; env && env[i]; i++)
			free(env[i]);
		free(env);
		(void)container_info_check_state(&c, &err);
		container_info_done(&c);
	}
	free(err);
	err = NULL;
	if (listing_parse((const char *)data, size, &l, &n, &err) == 0)
		listing_free(l, n);
	free(err);
	http_response_init(&r, 1 << 20);
	r.body = malloc(size + 1);
	if (r.body) {
		memcpy(r.body, data, size);
		r.body[size] = '\0';
		r.body_len = size;
		msg = engine_error_message(&r);
		for (size_t i = 0; msg && msg[i]; i++)
			if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f)
				__builtin_trap();
		free(msg);
	}
	http_response_done(&r);
	return 0;
}
