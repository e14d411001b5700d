// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: HTTP response framing, fed in the split points the input itself chooses. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_response r;
	char buf[HTTP_MAX_LINE + 4096];
	size_t have = 0, pos = 0;
	/* the first byte picks the read size, so short and long reads are both explored */
	size_t step = size > 0 ? (size_t)data[0] % 64 + 1 : 1;

	http_response_init(&r, 1 << 20);
	if (size > 0) {
		data++;
		size--;
	}
	while (pos < size && r.state != HTTP_DONE) {
		size_t n = size - pos < step ? size - pos : step;
		long used;

		if (n > sizeof(buf) - have)
			n = sizeof(buf) - have;
		memcpy(buf + have, data + pos, n);
		have += n;
		pos += n;
		used = http_response_feed(&r, buf, have);
		if (used < 0)
			break;
		memmove(buf, buf + used, have - (size_t)used);
		have -= (size_t)used;
		if (n == 0)
			break;
	}
	if (r.state != HTTP_DONE)
		(void)http_response_eof(&r);
	if (r.state == HTTP_DONE && r.body && strlen(r.body) > r.body_len)
		__builtin_trap();
	http_response_done(&r);
	return 0;
}
