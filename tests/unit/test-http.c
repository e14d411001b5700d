// SPDX-License-Identifier: Apache-2.0
/* HTTP framing: every framing the daemon may use, split at every byte, and the malformed and
 * oversized answers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "unit.h"

#define MAX_BODY (1u << 20)

/* What a parsed answer looked like, to compare one way of feeding it with another. */
struct outcome {
	int err;
	int status;
	int minor;
	char api_version[64];
	char body[512];
	size_t body_len;
	bool reusable;
};

/* Feed s in pieces (the lengths in steps, the last one repeated) as a socket would deliver them,
 * giving the parser back the bytes it did not consume; then report eof if asked. Returns 0, a
 * parser error or -EAGAIN (incomplete). */
static int feed_pieces(struct http_response *r, const char *s, size_t len, const size_t *steps,
		       size_t n_steps, bool eof)
{
	static char buf[HTTP_MAX_LINE + 4096];
	size_t have = 0, pos = 0, k = 0;

	while (pos < len && r->state != HTTP_DONE) {
		size_t step = steps[k < n_steps ? k : n_steps - 1];
		size_t n = len - pos < step ? len - pos : step;
		long used;

		k++;
		assert_true(have + n <= sizeof(buf));
		memcpy(buf + have, s + pos, n);
		have += n;
		pos += n;
		used = http_response_feed(r, buf, have);
		if (used < 0)
			return (int)used;
		assert_true((size_t)used <= have);
		memmove(buf, buf + used, have - (size_t)used);
		have -= (size_t)used;
	}
	if (r->state != HTTP_DONE && eof)
		return http_response_eof(r);
	return r->state == HTTP_DONE ? 0 : -EAGAIN;
}

static void outcome_of(const char *s, size_t len, const size_t *steps, size_t n_steps, bool eof,
		       struct outcome *o)
{
	struct http_response r;

	http_response_init(&r, MAX_BODY);
	memset(o, 0, sizeof(*o));
	o->err = feed_pieces(&r, s, len, steps, n_steps, eof);
	o->status = r.status;
	o->minor = r.minor;
	if (r.api_version)
		snprintf(o->api_version, sizeof(o->api_version), "%s", r.api_version);
	if (o->err == 0) {
		assert_non_null(r.body);
		assert_int_equal(r.body[r.body_len], '\0');
		assert_true(r.body_len < sizeof(o->body));
		memcpy(o->body, r.body, r.body_len);
		o->body_len = r.body_len;
		o->reusable = http_response_reusable(&r);
	}
	http_response_done(&r);
}

static void outcome_equal(const struct outcome *a, const struct outcome *b)
{
	assert_int_equal(a->err, b->err);
	assert_int_equal(a->status, b->status);
	assert_int_equal(a->minor, b->minor);
	assert_string_equal(a->api_version, b->api_version);
	assert_int_equal(a->body_len, b->body_len);
	assert_memory_equal(a->body, b->body, a->body_len);
	assert_int_equal(a->reusable, b->reusable);
}

/* Parse answer all at once and expect status and body; returns the parser so the caller can look
 * further. */
static void parse_all(struct http_response *r, const char *answer, bool eof, int status,
		      const char *body)
{
	size_t step = strlen(answer);

	http_response_init(r, MAX_BODY);
	assert_int_equal(feed_pieces(r, answer, strlen(answer), &step, 1, eof), 0);
	assert_int_equal(r->state, HTTP_DONE);
	assert_int_equal(r->status, status);
	assert_int_equal(r->body_len, strlen(body));
	assert_string_equal(r->body, body);
}

static void expect_body(const char *answer, bool eof, int status, const char *body)
{
	struct http_response r;

	parse_all(&r, answer, eof, status, body);
	http_response_done(&r);
}

/* The parser's verdict on answer, fed all at once, with the given body limit. */
static int verdict(const char *answer, size_t len, size_t max, bool eof)
{
	struct http_response r;
	int err;

	http_response_init(&r, max);
	err = feed_pieces(&r, answer, len, &len, 1, eof);
	http_response_done(&r);
	return err;
}

static int verdict_str(const char *answer, size_t max, bool eof)
{
	return verdict(answer, strlen(answer), max, eof);
}

static void content_length_bodies(void **state)
{
	static const char a[] =
	    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n"
	    "helloEXTRA";
	static const char bin[] = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\na\0b\0";
	struct http_response r;
	long used;

	(void)state;
	/* the bytes after the body belong to the next answer: they are not consumed */
	http_response_init(&r, MAX_BODY);
	used = http_response_feed(&r, a, strlen(a));
	assert_int_equal(used, (long)(strlen(a) - strlen("EXTRA")));
	assert_int_equal(r.state, HTTP_DONE);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.minor, 1);
	assert_string_equal(r.body, "hello");
	assert_null(r.api_version);
	/* a complete answer takes nothing more */
	assert_int_equal(http_response_feed(&r, "EXTRA", 5), 0);
	assert_string_equal(r.body, "hello");
	http_response_done(&r);

	/* NUL bytes in the body are data, and the body is still NUL-terminated after them */
	http_response_init(&r, MAX_BODY);
	assert_int_equal(http_response_feed(&r, bin, sizeof(bin) - 1), (long)(sizeof(bin) - 1));
	assert_int_equal(r.state, HTTP_DONE);
	assert_int_equal(r.body_len, 4);
	assert_memory_equal(r.body, "a\0b\0", 5);
	http_response_done(&r);

	/* zero length is complete at the end of the headers, with an empty (not NULL) body */
	expect_body("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false, 200, "");
	/* header names are case-insensitive, values may have surrounding blanks, bare LF ends lines
	 * */
	expect_body("HTTP/1.1 201 Created\ncontent-length:\t 3 \t\n\nabc", false, 201, "abc");
	/* a repeated but identical Content-Length is harmless */
	expect_body("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok", false,
		    200, "ok");
	/* the status line may have no reason phrase */
	expect_body("HTTP/1.1 500\r\nContent-Length: 1\r\n\r\nx", false, 500, "x");
}

static void chunked_bodies(void **state)
{
	(void)state;
	/* 1-byte chunks, an extension, upper- and lower-case hex, a trailer */
	expect_body(
	    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "1\r\nh\r\n1;a=b\r\ne\r\n5;foo=bar\r\nllo, \r\nA\r\n0123456789\r\nb\r\nabcdefghijk\r\n"
	    "0\r\nX-Trailer: yes\r\nX-Other: 1\r\n\r\n",
	    false, 200, "hello, 0123456789abcdefghijk");
	/* no trailer, an extension on the last chunk, a blank before the extension, leading zeros
	 * */
	expect_body(
	    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n003 ;x\r\nabc\r\n0;end=1\r\n\r\n",
	    false, 200, "abc");
	/* coding names are case-insensitive; chunked takes precedence over a Content-Length */
	expect_body("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTRANSFER-ENCODING: "
		    "Chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
		    false, 200, "hi");
	/* an empty chunked body */
	expect_body("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false, 200,
		    "");
	/* chunk data may contain CR and LF */
	expect_body(
	    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n\r\n\r\n\r\n0\r\n\r\n",
	    false, 200, "\r\n\r\n");
}

static void close_delimited_bodies(void **state)
{
	struct http_response r;
	static const char a[] =
	    "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\r\n{\"message\":\"x\"}";

	(void)state;
	expect_body("HTTP/1.0 200 OK\r\n\r\nuntil the end", true, 200, "until the end");
	expect_body("HTTP/1.0 200 OK\r\nServer: x\r\n\r\n", true, 200, "");
	expect_body(a, true, 404, "{\"message\":\"x\"}");

	/* without eof the answer is not complete: more may come */
	http_response_init(&r, MAX_BODY);
	assert_int_equal(http_response_feed(&r, a, strlen(a)), (long)strlen(a));
	assert_int_equal(r.state, HTTP_BODY_CLOSE);
	assert_int_equal(http_response_feed(&r, "more", 4), 4);
	assert_int_equal(http_response_eof(&r), 0);
	assert_int_equal(r.state, HTTP_DONE);
	assert_string_equal(r.body, "{\"message\":\"x\"}more");
	assert_false(http_response_reusable(&r));
	/* eof again on a complete answer is fine */
	assert_int_equal(http_response_eof(&r), 0);
	http_response_done(&r);
}

static void api_version_header(void **state)
{
	struct http_response r;

	(void)state;
	parse_all(&r,
		  "HTTP/1.1 200 OK\r\nApi-Version: 1.45\r\nDocker-Experimental: "
		  "false\r\nContent-Length: 2\r\n\r\n"
		  "OK",
		  false, 200, "OK");
	assert_string_equal(r.api_version, "1.45");
	http_response_done(&r);
	assert_null(r.api_version);
	assert_null(r.body);
	assert_int_equal(r.max_body, MAX_BODY);

	/* case-insensitive name, trimmed value; the last one wins */
	parse_all(&r,
		  "HTTP/1.1 200 OK\r\napi-version:   1.41  \r\nAPI-VERSION: "
		  "1.43\r\nContent-Length: 0\r\n\r\n",
		  false, 200, "");
	assert_string_equal(r.api_version, "1.43");
	http_response_done(&r);

	/* a header that merely starts like it is not it */
	parse_all(&r, "HTTP/1.1 200 OK\r\nApi-Versions: 9\r\nContent-Length: 0\r\n\r\n", false, 200,
		  "");
	assert_null(r.api_version);
	http_response_done(&r);
}

/* Answers fed whole, in two pieces split at every byte, and in pieces of every size give the same
 * result. */
static void every_split_point(void **state)
{
	static const struct {
		const char *s;
		bool eof;
	} answers[] = {
		{ "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Length: 5\r\n\r\nhello", false },
		{ "HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nTransfer-Encoding: chunked\r\n\r\n"
		  "1;a=b\r\nh\r\n1\r\ne\r\n3\r\nllo\r\n0\r\nX-Trailer: yes\r\n\r\n",
		  false },
		{ "HTTP/1.0 200 OK\r\nServer: Docker\r\n\r\n{\"Id\":\"x\"}", true },
		{ "HTTP/1.1 404 Not Found\nContent-Length: 15\n\n{\"message\":\"x\"}", false },
		{ "HTTP/1.1 204 No Content\r\nApi-Version: 1.41\r\n\r\n", false },
		/* cut short */
		{ "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhel", true },
		/* malformed */
		{ "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n",
		  false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		const char *s = answers[i].s;
		size_t len = strlen(s);
		struct outcome whole, piece;

		outcome_of(s, len, &len, 1, answers[i].eof, &whole);
		for (size_t split = 0; split <= len; split++) {
			size_t steps[2] = { split, len };

			outcome_of(s, len, steps, 2, answers[i].eof, &piece);
			outcome_equal(&whole, &piece);
		}
		for (size_t step = 1; step < len; step++) {
			outcome_of(s, len, &step, 1, answers[i].eof, &piece);
			outcome_equal(&whole, &piece);
		}
	}
	/* and the whole results are the right ones */
	{
		size_t len = strlen(answers[1].s);
		struct outcome o;

		outcome_of(answers[1].s, len, &len, 1, false, &o);
		assert_int_equal(o.err, 0);
		assert_string_equal(o.body, "hello");
		assert_string_equal(o.api_version, "1.41");
		assert_true(o.reusable);
		len = strlen(answers[5].s);
		outcome_of(answers[5].s, len, &len, 1, true, &o);
		assert_int_equal(o.err, -EPIPE);
		len = strlen(answers[6].s);
		outcome_of(answers[6].s, len, &len, 1, false, &o);
		assert_int_equal(o.err, -EBADMSG);
	}
}

static void malformed_status_lines(void **state)
{
	static const char *const bad[] = {
		"HTTP/2 200 OK\r\n\r\n",
		"HTTP/2.0 200 OK\r\n\r\n",
		"HTTX/1.1 200 OK\r\n\r\n",
		"http/1.1 200 OK\r\n\r\n",
		"HTTP/1.2 200 OK\r\n\r\n",
		"HTTP/1.1 2x0 OK\r\n\r\n",
		"HTTP/1.1 20 OK\r\n\r\n",
		"HTTP/1.1 2000 OK\r\n\r\n",
		"HTTP/1.1  200 OK\r\n\r\n",
		"HTTP/1.1 200OK\r\n\r\n",
		"HTTP/1.1\r\n\r\n",
		"\r\n",
		" HTTP/1.1 200 OK\r\n\r\n",
		"HTTP/1.1 -20 OK\r\n\r\n",
		"HTTP/1.1 100 Continue\r\n\r\n",
		"HTTP/1.1 101 Switching\r\n\r\n",
		"SSH-2.0-OpenSSH_9.6\r\n\r\n",
		"{\"message\":\"x\"}\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(verdict_str(bad[i], 100, true), -EBADMSG);
	/* the smallest valid one */
	assert_int_equal(verdict_str("HTTP/1.1 200\n\n", 100, true), 0);
}

static void malformed_headers(void **state)
{
	static const char *const bad[] = {
		"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n",
		"HTTP/1.1 200 OK\r\n: empty name\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\nx", /* blank before the colon */
		"HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n",	  /* obsolete line folding */
		"HTTP/1.1 200 OK\r\nX: a\r\n\tfolded\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 5x\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 1,1\r\n\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n", /* 20 digits */
		/* conflicting duplicates: which one frames the body would be a guess (request
		 * smuggling) */
		"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
		"HTTP/1.1 200 OK\r\nContent-Length: 0\r\ncontent-length: 1\r\n\r\nx",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(verdict_str(bad[i], 100, true), -EBADMSG);
}

static const char chunked_head[] = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

static int chunked_verdict(const char *chunks, size_t max, bool eof)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s%s", chunked_head, chunks);
	return verdict_str(buf, max, eof);
}

static void bad_chunks(void **state)
{
	static const char *const bad[] = {
		"zz\r\n",
		"\r\n",
		" 5\r\nhello\r\n0\r\n\r\n",
		"5x\r\nhello\r\n",
		"-5\r\n",
		"0x5\r\nhello\r\n",
		";x\r\n",
		"3\r\nabcX\r\n0\r\n\r\n",
		"3\r\nabc0\r\n\r\n",
		"3\r\nabc\r\n\r\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(chunked_verdict(bad[i], 100, true), -EBADMSG);
}

static void huge_chunks(void **state)
{
	(void)state;
	/* sizes that would overflow 64 bits, or merely exceed the limit, are refused before any
	 * data */
	assert_int_equal(chunked_verdict("ffffffffffffffffff\r\n", MAX_BODY, false), -EFBIG);
	assert_int_equal(chunked_verdict("10000000000000001\r\n", MAX_BODY, false), -EFBIG);
	assert_int_equal(chunked_verdict("ffffffffffffffff\r\n", MAX_BODY, false), -EFBIG);
	assert_int_equal(chunked_verdict("100001\r\n", MAX_BODY, false), -EFBIG);
	assert_int_equal(chunked_verdict("65\r\n", 100, false), -EFBIG);
	/* exactly the limit is fine */
	{
		char buf[256];

		snprintf(buf, sizeof(buf), "%s%s", chunked_head, "a\r\n0123456789\r\n0\r\n\r\n");
		assert_int_equal(verdict_str(buf, 10, false), 0);
		assert_int_equal(verdict_str(buf, 9, false), -EFBIG);
	}
	/* several chunks that together exceed the limit */
	assert_int_equal(chunked_verdict("6\r\n012345\r\n5\r\n01234\r\n0\r\n\r\n", 10, false),
			 -EFBIG);
	assert_int_equal(chunked_verdict("5\r\n01234\r\n5\r\n01234\r\n0\r\n\r\n", 10, false), 0);
}

static void content_length_limit(void **state)
{
	struct http_response r;
	static const char head[] = "HTTP/1.1 200 OK\r\nContent-Length: 314572800\r\n\r\n";

	(void)state;
	/* refused from the header alone, before any body byte arrives */
	http_response_init(&r, MAX_BODY);
	assert_int_equal(http_response_feed(&r, head, strlen(head)), -EFBIG);
	http_response_done(&r);
	/* even before the end of the headers */
	assert_int_equal(verdict_str("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n", 10, false),
			 -EFBIG);
	assert_int_equal(
	    verdict_str("HTTP/1.1 200 OK\r\nContent-Length: 9999999999999999999\r\n", 10, false),
	    -EFBIG);
	assert_int_equal(
	    verdict_str("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789", 10, false), 0);
	/* a close-delimited body is cut off at the limit */
	assert_int_equal(verdict_str("HTTP/1.0 200 OK\r\n\r\n0123456789abc", 10, true), -EFBIG);
	assert_int_equal(verdict_str("HTTP/1.0 200 OK\r\n\r\n0123456789", 10, true), 0);
	assert_int_equal(verdict_str("HTTP/1.0 200 OK\r\n\r\n", 0, true), 0);
	assert_int_equal(verdict_str("HTTP/1.0 200 OK\r\n\r\nx", 0, true), -EFBIG);
}

static void header_count(void **state)
{
	char *buf = malloc(64 * (HTTP_MAX_HEADERS + 2) + 256);
	char *p;

	(void)state;
	assert_non_null(buf);
	/* HTTP_MAX_HEADERS headers (the Content-Length among them) are accepted... */
	p = buf + sprintf(buf, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n");
	for (int i = 1; i < HTTP_MAX_HEADERS; i++)
		p += sprintf(p, "X-H%d: %d\r\n", i, i);
	strcpy(p, "\r\n");
	assert_int_equal(verdict_str(buf, 100, false), 0);
	/* ...one more is not */
	p += sprintf(p, "X-One-More: 1\r\n");
	strcpy(p, "\r\n");
	assert_int_equal(verdict_str(buf, 100, false), -EBADMSG);

	/* trailers count too */
	p = buf + sprintf(buf, "%s0\r\n", chunked_head);
	for (int i = 0; i < HTTP_MAX_HEADERS + 1; i++)
		p += sprintf(p, "X-T%d: %d\r\n", i, i);
	strcpy(p, "\r\n");
	assert_int_equal(verdict_str(buf, 100, false), -EBADMSG);
	free(buf);
}

static void line_length(void **state)
{
	size_t n = HTTP_MAX_LINE + 100;
	char *buf = malloc(n + 64);
	size_t head;

	(void)state;
	assert_non_null(buf);
	if (!buf)
		return;
	/* a header line of HTTP_MAX_LINE - 1 bytes with its LF is accepted */
	head = (size_t)sprintf(buf, "HTTP/1.1 200 OK\r\nX-Long: ");
	memset(buf + head, 'a', HTTP_MAX_LINE - 1 - strlen("X-Long: "));
	strcpy(buf + head + HTTP_MAX_LINE - 1 - strlen("X-Long: "), "\nContent-Length: 0\r\n\r\n");
	assert_int_equal(verdict_str(buf, 100, false), 0);
	/* one without an end within HTTP_MAX_LINE bytes is refused, without waiting for more */
	memset(buf + head, 'a', n - head);
	assert_int_equal(verdict(buf, n, 100, false), -EBADMSG);
	/* the same for a status line and for a chunk-size line */
	memset(buf, 'H', n);
	assert_int_equal(verdict(buf, n, 100, false), -EBADMSG);
	head = (size_t)sprintf(buf, "%s", chunked_head);
	memset(buf + head, '0', n - head);
	assert_int_equal(verdict(buf, n, 100, false), -EBADMSG);
	free(buf);
}

static void cut_short(void **state)
{
	static const char *const cut[] = {
		"",
		"HTTP/1.1 20",
		"HTTP/1.1 200 OK\r\n",
		"HTTP/1.1 200 OK\r\nContent-Le",
		"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n",
		"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		assert_int_equal(verdict_str(cut[i], 100, false), -EAGAIN);
		assert_int_equal(verdict_str(cut[i], 100, true), -EPIPE);
	}
}

static bool reusable(const char *answer, bool eof)
{
	struct http_response r;
	size_t len = strlen(answer);
	bool ok;

	http_response_init(&r, MAX_BODY);
	assert_int_equal(feed_pieces(&r, answer, len, &len, 1, eof), 0);
	ok = http_response_reusable(&r);
	http_response_done(&r);
	return ok;
}

static void connection_reuse(void **state)
{
	struct http_response r;
	static const char partial[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel";

	(void)state;
	assert_true(reusable("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK", false));
	assert_true(reusable(
	    "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", false));
	assert_true(
	    reusable("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", false));
	assert_true(reusable("HTTP/1.1 204 No Content\r\n\r\n", false));
	assert_false(
	    reusable("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false));
	assert_false(
	    reusable("HTTP/1.1 200 OK\r\nconnection: CLOSE\r\nContent-Length: 0\r\n\r\n", false));
	assert_false(reusable("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false));
	assert_false(reusable(
	    "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", false));
	/* a close-delimited body uses the connection up */
	assert_false(reusable("HTTP/1.1 200 OK\r\n\r\nbody", true));
	/* an incomplete answer leaves the connection in an unknown place */
	http_response_init(&r, MAX_BODY);
	assert_int_equal(http_response_feed(&r, partial, strlen(partial)), (long)strlen(partial));
	assert_false(http_response_reusable(&r));
	http_response_done(&r);
}

static void no_body_statuses(void **state)
{
	struct http_response r;
	static const char a[] = "HTTP/1.1 204 No Content\r\nApi-Version: 1.41\r\n\r\n";

	(void)state;
	/* complete at the end of the headers, no eof needed */
	http_response_init(&r, MAX_BODY);
	assert_int_equal(http_response_feed(&r, a, strlen(a)), (long)strlen(a));
	assert_int_equal(r.state, HTTP_DONE);
	assert_int_equal(r.status, 204);
	assert_int_equal(r.body_len, 0);
	assert_string_equal(r.body, "");
	http_response_done(&r);
	/* a 304's Content-Length describes a body that is not sent */
	expect_body("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", false, 304, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(content_length_bodies),
		cmocka_unit_test(chunked_bodies),
		cmocka_unit_test(close_delimited_bodies),
		cmocka_unit_test(api_version_header),
		cmocka_unit_test(every_split_point),
		cmocka_unit_test(malformed_status_lines),
		cmocka_unit_test(malformed_headers),
		cmocka_unit_test(bad_chunks),
		cmocka_unit_test(huge_chunks),
		cmocka_unit_test(content_length_limit),
		cmocka_unit_test(header_count),
		cmocka_unit_test(line_length),
		cmocka_unit_test(cut_short),
		cmocka_unit_test(connection_reuse),
		cmocka_unit_test(no_body_statuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
