// SPDX-License-Identifier: Apache-2.0
/* HTTP/1.x response framing: an incremental parser with no I/O, so it can be fuzzed and
 * unit-tested. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_LINE	 8192
#define HTTP_MAX_HEADERS 100

enum http_state {
	HTTP_STATUS_LINE,
	HTTP_HEADER,
	HTTP_BODY_LENGTH,
	HTTP_CHUNK_SIZE,
	HTTP_CHUNK_DATA,
	HTTP_CHUNK_END,
	HTTP_TRAILER,
	HTTP_BODY_CLOSE,
	HTTP_DONE,
	_HTTP_STATE_MAX,
};

struct http_response {
	enum http_state state;
	int status;
	int minor;	   /* HTTP/1.<minor> */
	char *api_version; /* the Api-Version header, if any */
	char *server;	   /* the Server header, if any ("Docker/20.10.24 (linux)") */
	char *body;	   /* always NUL-terminated once the answer is complete */
	size_t body_len;
	size_t body_cap;
	size_t max_body;	      /* answers with a larger body are refused */
	unsigned long long remaining; /* bytes left in the current chunk or Content-Length body */
	bool have_length;
	bool chunked;
	bool conn_close;
	unsigned n_headers;
};

/* Start a parser that refuses bodies larger than max_body. */
void http_response_init(struct http_response *r, size_t max_body);
void http_response_done(struct http_response *r);

/* Feed the bytes received so far that were not consumed by earlier calls. Returns the number of
 * bytes consumed (may be less than len when a line is incomplete: feed them again with more), or
 * -EBADMSG (malformed), -EFBIG (body too large). The answer is complete when r->state == HTTP_DONE.
 * */
long http_response_feed(struct http_response *r, const char *buf, size_t len);

/* The peer closed the connection: completes a close-delimited body; -EPIPE if the answer was cut
 * short. */
int http_response_eof(struct http_response *r);

/* Whether the connection can carry another request after this complete answer. */
bool http_response_reusable(const struct http_response *r);
