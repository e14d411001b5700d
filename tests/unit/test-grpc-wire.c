// SPDX-License-Identifier: Apache-2.0
/* The gRPC wire: what the client sends (read back by an nghttp2 server session) and how it takes
 * servers' answers, well-formed and hostile, written frame by frame here. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nghttp2/nghttp2.h>

#include "grpc-wire.h"
#include "unit.h"

struct bytes {
	uint8_t *p;
	size_t n;
};

static void put(struct bytes *b, const void *p, size_t n)
{
	b->p = realloc(b->p, b->n + n + 1);
	assert_non_null(b->p);
	if (n)
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

static void put_frame(struct bytes *b, uint8_t type, uint8_t flags, uint32_t stream,
		      const struct bytes *payload)
{
	uint8_t h[9] = { (uint8_t)(payload->n >> 16),
			 (uint8_t)(payload->n >> 8),
			 (uint8_t)payload->n,
			 type,
			 flags,
			 (uint8_t)(stream >> 24),
			 (uint8_t)(stream >> 16),
			 (uint8_t)(stream >> 8),
			 (uint8_t)stream };
	put(b, h, sizeof(h));
	put(b, payload->p, payload->n);
}

/* HPACK integer with an n-bit prefix (RFC 7541 5.1) */
static void put_hpack_int(struct bytes *b, uint8_t first, unsigned bits, size_t v)
{
	size_t max = (1u << bits) - 1;
	uint8_t c;

	if (v < max) {
		c = first | (uint8_t)v;
		put(b, &c, 1);
		return;
	}
	c = first | (uint8_t)max;
	put(b, &c, 1);
	for (v -= max; v >= 128; v >>= 7) {
		c = (uint8_t)(v % 128 + 128);
		put(b, &c, 1);
	}
	c = (uint8_t)v;
	put(b, &c, 1);
}

/* a literal header field without indexing, new name, no Huffman */
static void put_header(struct bytes *b, const char *name, const char *value)
{
	put_hpack_int(b, 0x00, 4, 0);
	put_hpack_int(b, 0x00, 7, strlen(name));
	put(b, name, strlen(name));
	put_hpack_int(b, 0x00, 7, strlen(value));
	put(b, value, strlen(value));
}

#define END_STREAM  0x1
#define END_HEADERS 0x4

static void put_headers(struct bytes *b, uint8_t flags, const char *const *nv)
{
	struct bytes block = { 0 };

	for (; nv[0]; nv += 2)
		put_header(&block, nv[0], nv[1]);
	put_frame(b, NGHTTP2_HEADERS, flags | END_HEADERS, 1, &block);
	free(block.p);
}

static void put_message(struct bytes *b, uint8_t flag, const char *msg, size_t len,
			uint8_t frame_flags)
{
	struct bytes data = { 0 };
	uint8_t prefix[5] = { flag, (uint8_t)(len >> 24), (uint8_t)(len >> 16), (uint8_t)(len >> 8),
			      (uint8_t)len };

	put(&data, prefix, 5);
	put(&data, msg, strlen(msg));
	put_frame(b, NGHTTP2_DATA, frame_flags, 1, &data);
	free(data.p);
}

static void put_settings(struct bytes *b)
{
	struct bytes empty = { 0 };

	put_frame(b, NGHTTP2_SETTINGS, 0, 0, &empty);
}

static const char *const ok_headers[] = { ":status", "200", "content-type", "application/grpc",
					  NULL };
static const char *const ok_trailers[] = { "grpc-status", "0", NULL };

/* A started call on a new session, its output drained. */
static struct grpc_wire *started(void)
{
	struct grpc_wire *w;
	const uint8_t *out;
	size_t n;

	assert_int_equal(grpc_wire_new(1024, &w), 0);
	assert_int_equal(grpc_wire_start(w, "/pkg.S/M", "k8s.io", 1000, (const uint8_t *)"req", 3),
			 0);
	do
		assert_int_equal(grpc_wire_output(w, &out, &n), 0);
	while (n > 0);
	return w;
}

/* Feed b (in steps of step bytes) and return the first error, or the call's result. */
static int answer(const struct bytes *b, size_t step, enum grpc_code *code, char **msg, size_t *len,
		  char **err)
{
	struct grpc_wire *w = started();
	uint8_t *m = NULL;
	int r = 0;

	for (size_t off = 0; off < b->n && r >= 0; off += step)
		r = grpc_wire_feed(w, b->p + off, b->n - off < step ? b->n - off : step);
	if (r >= 0 && !grpc_wire_done(w))
		r = -EINPROGRESS;
	if (r >= 0) {
		r = grpc_wire_result(w, code, &m, len, err);
		if (r >= 0) {
			*msg = calloc(1, *len + 1);
			memcpy(*msg, m, *len);
			free(m);
		}
	}
	grpc_wire_free(w);
	return r;
}

static void unary_ok(void **state)
{
	struct bytes b = { 0 };
	enum grpc_code code;
	char *msg = NULL, *err = NULL;
	size_t len;

	(void)state;
	put_settings(&b);
	put_headers(&b, 0, ok_headers);
	put_message(&b, 0, "hello", 5, 0);
	put_headers(&b, END_STREAM, ok_trailers);
	for (size_t step = 1; step <= b.n; step = step * 3 + 1) {
		assert_int_equal(answer(&b, step, &code, &msg, &len, &err), 0);
		assert_int_equal(code, GRPC_OK);
		assert_int_equal(len, 5);
		assert_string_equal(msg, "hello");
		assert_null(err);
		free(msg);
	}
	free(b.p);
}

static void empty_message(void **state)
{
	struct bytes b = { 0 };
	enum grpc_code code;
	char *msg = NULL, *err = NULL;
	size_t len;

	(void)state;
	put_settings(&b);
	put_headers(&b, 0, ok_headers);
	put_message(&b, 0, "", 0, 0);
	put_headers(&b, END_STREAM, ok_trailers);
	assert_int_equal(answer(&b, b.n, &code, &msg, &len, &err), 0);
	assert_int_equal(len, 0);
	free(msg);
	free(b.p);
}

static void status_only(void **state)
{
	static const char *const h[] = {
		":status",     "200", "content-type", "application/grpc",
		"grpc-status", "5",   "grpc-message", "container%20%22x%22 not found%1b[31m%",
		NULL
	};
	struct bytes b = { 0 };
	enum grpc_code code;
	char *msg = NULL, *err = NULL;
	size_t len;

	(void)state;
	put_settings(&b);
	put_headers(&b, END_STREAM, h);
	assert_int_equal(answer(&b, 7, &code, &msg, &len, &err), -ENOENT);
	assert_int_equal(code, GRPC_NOT_FOUND);
	assert_string_equal(err, "NOT_FOUND: container \"x\" not found%");
	free(err);
	free(b.p);
}

static void status_codes(void **state)
{
	static const struct {
		const char *status;
		int err;
		enum grpc_code code;
	} cases[] = {
		{ "12", -EOPNOTSUPP, GRPC_UNIMPLEMENTED },
		{ "7", -EACCES, GRPC_PERMISSION_DENIED },
		{ "4", -ETIMEDOUT, GRPC_DEADLINE_EXCEEDED },
		{ "13", -EREMOTEIO, GRPC_INTERNAL },
		{ "99", -EREMOTEIO, GRPC_UNKNOWN },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *h[] = { ":status",
				    "200",
				    "content-type",
				    "application/grpc+proto",
				    "grpc-status",
				    cases[i].status,
				    NULL };
		struct bytes b = { 0 };
		enum grpc_code code;
		char *msg = NULL, *err = NULL;
		size_t len;

		put_settings(&b);
		put_headers(&b, END_STREAM, h);
		assert_int_equal(answer(&b, b.n, &code, &msg, &len, &err), cases[i].err);
		assert_int_equal(code, cases[i].code);
		assert_non_null(err);
		free(err);
		free(b.p);
	}
}

/* Answers that break the rules: the step at which they fail and how. */
static void expect_refused(struct bytes *b, int want)
{
	enum grpc_code code;
	char *msg = NULL, *err = NULL;
	size_t len;

	assert_int_equal(answer(b, b->n, &code, &msg, &len, &err), want);
	assert_null(msg);
	free(err);
	free(b->p);
	*b = (struct bytes){ 0 };
}

static void hostile(void **state)
{
	static const char *const html[] = { ":status", "200", "content-type", "text/html", NULL };
	static const char *const not_found[] = { ":status", "404", NULL };
	static const char *const bad_status[] = { "grpc-status", "zero", NULL };
	static const char *const gzip[] = {
		":status", "200", "content-type", "application/grpc", "grpc-encoding", "gzip", NULL
	};
	struct bytes b = { 0 };
	char big[2048];

	(void)state;
	/* not HTTP/2 at all */
	put(&b, "HTTP/1.1 400 Bad Request\r\n\r\n", 28);
	expect_refused(&b, -EPROTO);
	/* a compressed message nobody asked for */
	put_settings(&b);
	put_headers(&b, 0, ok_headers);
	put_message(&b, 1, "hello", 5, 0);
	expect_refused(&b, -EPROTO);
	put_settings(&b);
	put_headers(&b, 0, gzip);
	expect_refused(&b, -EPROTO);
	/* larger than the limit (1024 here) */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	put_settings(&b);
	put_headers(&b, 0, ok_headers);
	put_message(&b, 0, big, sizeof(big) - 1, 0);
	expect_refused(&b, -EFBIG);
	/* a prefix that promises 4 GiB */
	put_settings(&b);
	put_headers(&b, 0, ok_headers);
	put_message(&b, 0, "", 0xffffffffu, 0);
	expect_refused(&b, -EFBIG);
	/* two messages in a unary answer */
	put_settings(&b);
	put_headers(&b, 0, ok_headers);
	put_message(&b, 0, "a", 1, 0);
	put_message(&b, 0, "b", 1, 0);
	expect_refused(&b, -EPROTO);
	/* data that is not gRPC */
	put_settings(&b);
	put_headers(&b, 0, html);
	put_message(&b, 0, "a", 1, 0);
	expect_refused(&b, -EPROTO);
	/* an HTTP error without gRPC status */
	put_settings(&b);
	put_headers(&b, END_STREAM, not_found);
	expect_refused(&b, -EPROTO);
	/* no grpc-status at the end */
	put_settings(&b);
	put_headers(&b, 0, ok_headers);
	put_message(&b, 0, "a", 1, END_STREAM);
	expect_refused(&b, -EPROTO);
	/* a status that is not a number */
	put_settings(&b);
	put_headers(&b, 0, ok_headers);
	put_message(&b, 0, "a", 1, 0);
	put_headers(&b, END_STREAM, bad_status);
	expect_refused(&b, -EPROTO);
	/* half a message */
	put_settings(&b);
	put_headers(&b, 0, ok_headers);
	put_message(&b, 0, "abc", 10, 0);
	put_headers(&b, END_STREAM, ok_trailers);
	expect_refused(&b, -EPROTO);
	/* no message at all with status OK */
	put_settings(&b);
	put_headers(&b, 0, ok_headers);
	put_headers(&b, END_STREAM, ok_trailers);
	expect_refused(&b, -EPROTO);
}

static void reset_and_flood(void **state)
{
	struct bytes b = { 0 }, rst = { 0 };
	uint8_t code[4] = { 0, 0, 0, NGHTTP2_INTERNAL_ERROR };
	const char *many[2 * GRPC_MAX_HEADER_FIELDS + 8];
	char names[GRPC_MAX_HEADER_FIELDS + 3][16];

	(void)state;
	put(&rst, code, 4);
	put_settings(&b);
	put_headers(&b, 0, ok_headers);
	put_frame(&b, NGHTTP2_RST_STREAM, 0, 1, &rst);
	expect_refused(&b, -ECONNRESET);
	free(rst.p);

	many[0] = ":status";
	many[1] = "200";
	for (size_t i = 0; i < GRPC_MAX_HEADER_FIELDS + 2; i++) {
		snprintf(names[i], sizeof(names[i]), "x-h%zu", i);
		many[2 + 2 * i] = names[i];
		many[3 + 2 * i] = "v";
	}
	many[2 + 2 * (GRPC_MAX_HEADER_FIELDS + 2)] = NULL;
	put_settings(&b);
	put_headers(&b, 0, many);
	expect_refused(&b, -EFBIG);
}

/* What the client sends, read by an nghttp2 server session. */
struct seen {
	char headers[1024];
	uint8_t data[64];
	size_t data_len;
	bool end;
};

static int seen_header(nghttp2_session *s, const nghttp2_frame *f, const uint8_t *name,
		       size_t namelen, const uint8_t *value, size_t valuelen, uint8_t flags,
		       void *user_data)
{
	struct seen *seen = user_data;
	size_t n = strlen(seen->headers);

	snprintf(seen->headers + n, sizeof(seen->headers) - n, "%.*s=%.*s\n", (int)namelen, name,
		 (int)valuelen, value);
	return 0;
}

static int seen_data(nghttp2_session *s, uint8_t flags, int32_t id, const uint8_t *data, size_t len,
		     void *user_data)
{
	struct seen *seen = user_data;

	assert_true(seen->data_len + len <= sizeof(seen->data));
	memcpy(seen->data + seen->data_len, data, len);
	seen->data_len += len;
	return 0;
}

static int seen_frame(nghttp2_session *s, const nghttp2_frame *f, void *user_data)
{
	if ((f->hd.type == NGHTTP2_DATA || f->hd.type == NGHTTP2_HEADERS) &&
	    (f->hd.flags & NGHTTP2_FLAG_END_STREAM))
		((struct seen *)user_data)->end = true;
	return 0;
}

static void request(void **state)
{
	nghttp2_session_callbacks *cbs;
	nghttp2_session *server;
	struct grpc_wire *w;
	struct seen seen = { 0 };
	const uint8_t *out;
	size_t n;

	(void)state;
	assert_int_equal(nghttp2_session_callbacks_new(&cbs), 0);
	nghttp2_session_callbacks_set_on_header_callback(cbs, seen_header);
	nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, seen_data);
	nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, seen_frame);
	assert_int_equal(nghttp2_session_server_new(&server, cbs, &seen), 0);
	nghttp2_session_callbacks_del(cbs);

	assert_int_equal(grpc_wire_new(1024, &w), 0);
	assert_int_equal(grpc_wire_start(w, "/containerd.services.tasks.v1.Tasks/Get", "moby",
					 1234567890123LL,
					 (const uint8_t *)"\x0a\x03"
							  "abc",
					 5),
			 0);
	assert_int_equal(grpc_wire_start(w, "/x", NULL, 1, NULL, 0), -EBUSY);
	do {
		assert_int_equal(grpc_wire_output(w, &out, &n), 0);
		assert_int_equal(nghttp2_session_mem_recv(server, out, n), (ssize_t)n);
	} while (n > 0);
	assert_string_equal(
	    seen.headers,
	    ":method=POST\n:scheme=http\n:path=/containerd.services.tasks.v1.Tasks/Get\n"
	    ":authority=localhost\ncontent-type=application/grpc\nte=trailers\n"
	    "user-agent=docker-nsenter\ngrpc-timeout=99999999m\ncontainerd-namespace=moby\n");
	assert_int_equal(seen.data_len, 10);
	assert_memory_equal(seen.data,
			    "\0\0\0\0\x05\x0a\x03"
			    "abc",
			    10);
	assert_true(seen.end);
	assert_false(grpc_wire_done(w));
	nghttp2_session_del(server);
	grpc_wire_free(w);
}

static void code_names(void **state)
{
	(void)state;
	assert_string_equal(grpc_code_name(GRPC_OK), "OK");
	assert_string_equal(grpc_code_name(GRPC_UNAUTHENTICATED), "UNAUTHENTICATED");
	assert_null(grpc_code_name(_GRPC_CODE_MAX));
	assert_null(grpc_code_name((enum grpc_code) - 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unary_ok),    cmocka_unit_test(empty_message),
		cmocka_unit_test(status_only), cmocka_unit_test(status_codes),
		cmocka_unit_test(hostile),     cmocka_unit_test(reset_and_flood),
		cmocka_unit_test(request),     cmocka_unit_test(code_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
