// SPDX-License-Identifier: Apache-2.0
/* HTTP/1.x response framing: status line, headers, Content-Length, chunked and close-delimited
 * bodies. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"

void http_response_init(struct http_response *r, size_t max_body)
{
	*r = (struct http_response){ .state = HTTP_STATUS_LINE, .max_body = max_body };
}

void http_response_done(struct http_response *r)
{
	free(r->api_version);
	free(r->server);
	free(r->body);
	http_response_init(r, r->max_body);
}

/* Find the end of a CRLF (or bare LF) terminated line; returns its length without the terminator,
 * -EAGAIN if the line is not complete yet, -EBADMSG if it is too long. *ret_used covers the
 * terminator. */
static long line_end(const char *buf, size_t len, size_t *ret_used)
{
	const char *nl = memchr(buf, '\n', len < HTTP_MAX_LINE ? len : HTTP_MAX_LINE);
	size_t n;

	if (!nl)
		return len >= HTTP_MAX_LINE ? -EBADMSG : -EAGAIN;
	n = (size_t)(nl - buf);
	*ret_used = n + 1;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	return (long)n;
}

static int body_reserve(struct http_response *r, unsigned long long extra)
{
	size_t want;
	char *p;

	if (extra > r->max_body || r->body_len + extra > r->max_body)
		return -EFBIG;
	want = r->body_len + (size_t)extra + 1;
	if (want <= r->body_cap)
		return 0;
	if (want < r->body_cap * 2)
		want = r->body_cap * 2;
	if (want < 4096)
		want = 4096;
	if (want > r->max_body + 1)
		want = r->max_body + 1;
	p = realloc(r->body, want);
	if (!p)
		return -ENOMEM;
	r->body = p;
	r->body_cap = want;
	return 0;
}

static int body_append(struct http_response *r, const char *buf, size_t n)
{
	int err = body_reserve(r, n);

	if (err < 0)
		return err;
	memcpy(r->body + r->body_len, buf, n);
	r->body_len += n;
	r->body[r->body_len] = '\0';
	return 0;
}

static int finish(struct http_response *r)
{
	int err = body_reserve(r, 0);

	if (err < 0)
		return err;
	r->body[r->body_len] = '\0';
	r->state = HTTP_DONE;
	return 0;
}

static int parse_status_line(struct http_response *r, const char *s, size_t n)
{
	if (n < 12 || memcmp(s, "HTTP/1.", 7) != 0 || (s[7] != '0' && s[7] != '1') || s[8] != ' ')
		return -EBADMSG;
	if (!isdigit((unsigned char)s[9]) || !isdigit((unsigned char)s[10]) ||
	    !isdigit((unsigned char)s[11]) || (n > 12 && s[12] != ' '))
		return -EBADMSG;
	r->minor = s[7] - '0';
	r->status = (s[9] - '0') * 100 + (s[10] - '0') * 10 + (s[11] - '0');
	if (r->status < 200) /* we never ask for 1xx answers */
		return -EBADMSG;
	if (r->minor == 0)
		r->conn_close = true;
	r->state = HTTP_HEADER;
	return 0;
}

static int parse_decimal(const char *s, size_t n, unsigned long long *ret)
{
	unsigned long long v = 0;

	if (n == 0 || n > 19)
		return -EBADMSG;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -EBADMSG;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*ret = v;
	return 0;
}

static bool header_is(const char *name, size_t nlen, const char *want)
{
	return strlen(want) == nlen && strncasecmp(name, want, nlen) == 0;
}

static int header_value(struct http_response *r, const char *name, size_t nlen, const char *v,
			size_t vlen)
{
	unsigned long long cl;

	if (header_is(name, nlen, "Content-Length")) {
		if (parse_decimal(v, vlen, &cl) < 0 || (r->have_length && cl != r->remaining))
			return -EBADMSG;
		if (cl > r->max_body)
			return -EFBIG;
		r->have_length = true;
		r->remaining = cl;
	} else if (header_is(name, nlen, "Transfer-Encoding")) {
		/* chunked must be the last (and for us the only) coding */
		if (vlen != 7 || strncasecmp(v, "chunked", 7) != 0)
			return -EBADMSG;
		r->chunked = true;
	} else if (header_is(name, nlen, "Connection")) {
		if (vlen == 5 && strncasecmp(v, "close", 5) == 0)
			r->conn_close = true;
	} else if (header_is(name, nlen, "Api-Version")) {
		free(r->api_version);
		r->api_version = strndup(v, vlen);
		if (!r->api_version)
			return -ENOMEM;
	} else if (header_is(name, nlen, "Server")) {
		free(r->server);
		r->server = strndup(v, vlen);
		if (!r->server)
			return -ENOMEM;
	}
	return 0;
}

static int headers_end(struct http_response *r)
{
	if (r->status == 204 || r->status == 304)
		return finish(r);
	if (r->chunked) {
		r->have_length = false;
		r->state = HTTP_CHUNK_SIZE;
	} else if (r->have_length) {
		r->state = HTTP_BODY_LENGTH;
		if (r->remaining == 0)
			return finish(r);
	} else {
		r->conn_close = true;
		r->state = HTTP_BODY_CLOSE;
	}
	return 0;
}

static int parse_header_line(struct http_response *r, const char *s, size_t n)
{
	const char *colon;
	size_t nlen, vstart, vend;

	if (n == 0)
		return headers_end(r);
	if (++r->n_headers > HTTP_MAX_HEADERS)
		return -EBADMSG;
	colon = memchr(s, ':', n);
	if (!colon || colon == s || s[0] == ' ' || s[0] == '\t')
		return -EBADMSG;
	nlen = (size_t)(colon - s);
	for (size_t i = 0; i < nlen; i++)
		if (!isgraph((unsigned char)s[i]))
			return -EBADMSG;
	vstart = nlen + 1;
	while (vstart < n && (s[vstart] == ' ' || s[vstart] == '\t'))
		vstart++;
	vend = n;
	while (vend > vstart && (s[vend - 1] == ' ' || s[vend - 1] == '\t'))
		vend--;
	return header_value(r, s, nlen, s + vstart, vend - vstart);
}

static int parse_chunk_size(struct http_response *r, const char *s, size_t n)
{
	unsigned long long v = 0;
	size_t i = 0;

	for (; i < n && isxdigit((unsigned char)s[i]); i++) {
		if (v > (r->max_body >> 4) + 1)
			return -EFBIG;
		v = v * 16 + (unsigned)(isdigit((unsigned char)s[i]) ? s[i] - '0'
								     : (tolower(s[i]) - 'a' + 10));
	}
	if (i == 0 || (i < n && s[i] != ';' && s[i] != ' ' && s[i] != '\t'))
		return -EBADMSG;
	if (v == 0) {
		r->state = HTTP_TRAILER;
		return 0;
	}
	if (v > r->max_body || r->body_len + v > r->max_body)
		return -EFBIG;
	r->remaining = v;
	r->state = HTTP_CHUNK_DATA;
	return 0;
}

static int parse_line(struct http_response *r, const char *s, size_t n)
{
	switch (r->state) {
	case HTTP_STATUS_LINE: return parse_status_line(r, s, n);
	case HTTP_HEADER: return parse_header_line(r, s, n);
	case HTTP_CHUNK_SIZE: return parse_chunk_size(r, s, n);
	case HTTP_CHUNK_END:
		if (n != 0)
			return -EBADMSG;
		r->state = HTTP_CHUNK_SIZE;
		return 0;
	case HTTP_TRAILER:
		if (n == 0)
			return finish(r);
		if (++r->n_headers > HTTP_MAX_HEADERS)
			return -EBADMSG;
		return 0;
	default: return -EBADMSG;
	}
}

/* Consume body bytes for the counted states; returns bytes used or a negative errno. */
static long feed_body(struct http_response *r, const char *buf, size_t len)
{
	size_t n = len;
	int err;

	if (r->state != HTTP_BODY_CLOSE && n > r->remaining)
		n = (size_t)r->remaining;
	err = body_append(r, buf, n);
	if (err < 0)
		return err;
	if (r->state == HTTP_BODY_CLOSE)
		return (long)n;
	r->remaining -= n;
	if (r->remaining == 0) {
		if (r->state == HTTP_CHUNK_DATA)
			r->state = HTTP_CHUNK_END;
		else if ((err = finish(r)) < 0)
			return err;
	}
	return (long)n;
}

long http_response_feed(struct http_response *r, const char *buf, size_t len)
{
	size_t used = 0;

	while (used < len && r->state != HTTP_DONE) {
		size_t step;
		long n;
		int err;

		if (r->state == HTTP_BODY_LENGTH || r->state == HTTP_CHUNK_DATA ||
		    r->state == HTTP_BODY_CLOSE) {
			n = feed_body(r, buf + used, len - used);
			if (n < 0)
				return n;
			used += (size_t)n;
			continue;
		}
		n = line_end(buf + used, len - used, &step);
		if (n == -EAGAIN)
			break;
		if (n < 0)
			return n;
		err = parse_line(r, buf + used, (size_t)n);
		if (err < 0)
			return err;
		used += step;
	}
	return (long)used;
}

int http_response_eof(struct http_response *r)
{
	if (r->state == HTTP_DONE)
		return 0;
	if (r->state == HTTP_BODY_CLOSE)
		return finish(r);
	return -EPIPE;
}

bool http_response_reusable(const struct http_response *r)
{
	return r->state == HTTP_DONE && !r->conn_close && r->minor == 1;
}
