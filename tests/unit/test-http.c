// SPDX-License-Identifier: Apache-2.0
/* HTTP framing: every framing the daemon may use, split at every byte, and the malformed ones. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "unit.h"

/* Feed s in pieces of step bytes as a socket would deliver them; returns the final feed/eof result. */
static int feed_steps(struct http_response *r, const char *s, size_t len, size_t step, bool eof)
{
	char buf[HTTP_MAX_LINE + 256];
	size_t have = 0, pos = 0;

	while (pos < len && r->state != HTTP_DONE) {
		size_t n = len - pos < step ? len - pos : step;
		long used;

		memcpy(buf + have, s + pos, n);
		have += n;
		pos += n;
		used = http_response_feed(r, buf, have);
		if (used < 0)
			return (int)used;
		memmove(buf, buf + used, have - (size_t)used);
		have -= (size_t)used;
	}
	if (r->state != HTTP_DONE && eof)
		return http_response_eof(r);
	return r->state == HTTP_DONE ? 0 : -EAGAIN;
}

static void expect_body(const char *answer, bool eof, int status, const char *body)
{
	for (size_t step = 1; step <= strlen(answer); step++) {
		struct http_response r;

		http_response_init(&r, 1 << 20);
		assert_int_equal(feed_steps(&r, answer, strlen(answer), step, eof), 0);
		assert_int_equal(r.status, status);
		assert_string_equal(r.body, body);
		assert_int_equal(r.body_len, strlen(body));
		http_response_done(&r);
	}
}

static int expect_error(const char *answer, size_t max, bool eof)
{
	struct http_response r;
	int err;

	http_response_init(&r, max);
	err = feed_steps(&r, answer, strlen(answer), strlen(answer), eof);
	http_response_done(&r);
	return err;
}

static void content_length(void **state)
{
	(void)state;
	expect_body("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nApi-Version: 1.41\r\n\r\nhello", false, 200, "hello");
}

static void chunked_tiny_ext_trailer(void **state)
{
	(void)state;
	expect_body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;a=b\r\nh\r\n1\r\ne\r\n3\r\nllo\r\n"
		    "0\r\nX-Trailer: yes\r\n\r\n",
		    false, 200, "hello");
}

static void close_delimited(void **state)
{
	(void)state;
	expect_body("HTTP/1.0 200 OK\r\n\r\nuntil the end", true, 200, "until the end");
	expect_body("HTTP/1.1 404 Not Found\r\n\r\n{\"message\":\"x\"}", true, 404, "{\"message\":\"x\"}");
}

static void api_version_and_reuse(void **state)
{
	struct http_response r;
	const char *a = "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 2\r\n\r\nOK";

	(void)state;
	http_response_init(&r, 100);
	assert_int_equal(http_response_feed(&r, a, strlen(a)), (long)strlen(a));
	assert_int_equal(r.state, HTTP_DONE);
	assert_string_equal(r.api_version, "1.41");
	assert_true(http_response_reusable(&r));
	http_response_done(&r);

	a = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
	http_response_init(&r, 100);
	assert_int_equal(http_response_feed(&r, a, strlen(a)), (long)strlen(a));
	assert_false(http_response_reusable(&r));
	http_response_done(&r);
}

static void malformed(void **state)
{
	char longline[HTTP_MAX_LINE + 100];

	(void)state;
	assert_int_equal(expect_error("HTTP/2 200 OK\r\n\r\n", 100, false), -EBADMSG);
	assert_int_equal(expect_error("HTTX/1.1 200 OK\r\n\r\n", 100, false), -EBADMSG);
	assert_int_equal(expect_error("HTTP/1.1 2x0 OK\r\n\r\n", 100, false), -EBADMSG);
	assert_int_equal(expect_error("HTTP/1.1 100 Continue\r\n\r\n", 100, false), -EBADMSG);
	assert_int_equal(expect_error("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", 100, false), -EBADMSG);
	assert_int_equal(expect_error("HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\n", 100, false), -EBADMSG);
	assert_int_equal(expect_error("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 100, false),
			 -EBADMSG);
	assert_int_equal(expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", 100, false), -EBADMSG);
	assert_int_equal(
		expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 100, false), -EBADMSG);
	assert_int_equal(
		expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n", 100, false),
		-EBADMSG);
	memset(longline, 'a', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	assert_int_equal(expect_error(longline, 100, false), -EBADMSG);
}

static void too_large(void **state)
{
	(void)state;
	/* refused from the header alone, before any body byte arrives */
	assert_int_equal(expect_error("HTTP/1.1 200 OK\r\nContent-Length: 314572800\r\n\r\n", 1 << 20, false), -EFBIG);
	assert_int_equal(expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n",
				      1 << 20, false),
			 -EFBIG);
	assert_int_equal(expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n", 100, false),
			 -EFBIG);
	assert_int_equal(expect_error("HTTP/1.0 200 OK\r\n\r\n0123456789abc", 10, true), -EFBIG);
}

static void cut_short(void **state)
{
	(void)state;
	assert_int_equal(expect_error("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 100, true), -EPIPE);
	assert_int_equal(expect_error("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", 100, true),
			 -EPIPE);
	assert_int_equal(expect_error("HTTP/1.1 200 OK\r\nContent-Le", 100, true), -EPIPE);
}

static void no_content(void **state)
{
	(void)state;
	expect_body("HTTP/1.1 204 No Content\r\n\r\n", false, 204, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(content_length), cmocka_unit_test(chunked_tiny_ext_trailer),
		cmocka_unit_test(close_delimited), cmocka_unit_test(api_version_and_reuse),
		cmocka_unit_test(malformed),	  cmocka_unit_test(too_large),
		cmocka_unit_test(cut_short),	  cmocka_unit_test(no_content),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
