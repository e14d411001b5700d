// SPDX-License-Identifier: Apache-2.0
/* gRPC unary calls on an nghttp2 client session driven through memory buffers; every part of an
 * answer is bounded and checked against the gRPC over HTTP/2 rules (PROTOCOL-HTTP2.md) before
 * anything is handed on. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <nghttp2/nghttp2.h>

#include "error.h"
#include "grpc-wire.h"
#include "macros.h"

#define GRPC_PREFIX_LEN	 5 /* compressed flag, then the message length as 4 bytes, big-endian */
#define GRPC_WIRE_GATHER (64u << 10)

struct grpc_call {
	int32_t stream_id;
	bool active, closed;
	uint32_t close_error; /* the HTTP/2 error code of RST_STREAM, NO_ERROR when the stream ended
				 normally */
	/* the request */
	uint8_t *req;
	size_t req_len, req_sent;
	/* the answer's headers and trailers */
	int http_status;
	bool grpc_content_type;
	int grpc_status; /* -1 until seen */
	char *grpc_message;
	size_t header_bytes;
	unsigned header_fields;
	/* the answer's message */
	uint8_t prefix[GRPC_PREFIX_LEN];
	size_t prefix_have;
	uint8_t *msg;
	size_t msg_len, msg_have;
	unsigned n_msgs;
	size_t received; /* every byte fed during this call */
	int err;	 /* why a callback refused the answer */
};

struct grpc_wire {
	nghttp2_session *session;
	size_t max_message;
	bool goaway;
	bool broken; /* nghttp2 found the peer's bytes invalid: it only queues a GOAWAY and reads no
			more */
	uint8_t *out; /* frames gathered for one write */
	size_t out_cap;
	struct grpc_call call;
};

static void call_clear(struct grpc_call *c)
{
	free(c->req);
	free(c->grpc_message);
	free(c->msg);
	*c = (struct grpc_call){ .grpc_status = -1 };
}

static int call_fail(struct grpc_call *c, int err)
{
	if (c->err == 0)
		c->err = err;
	return NGHTTP2_ERR_CALLBACK_FAILURE;
}

static bool header_is(const uint8_t *name, size_t len, const char *want)
{
	return len == strlen(want) && memcmp(name, want, len) == 0;
}

/* A decimal number of at most digits digits, or -1. */
static int parse_small_number(const uint8_t *v, size_t len, size_t digits)
{
	int n = 0;

	if (len == 0 || len > digits)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return -1;
		n = n * 10 + (v[i] - '0');
	}
	return n;
}

static int hexval(uint8_t c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* grpc-message is percent-encoded UTF-8: decode it (bounded), then drop control characters. */
static char *decode_status_message(const uint8_t *v, size_t len)
{
	_cleanup_free_ char *raw = NULL;
	size_t o = 0;

	if (len > GRPC_MAX_STATUS_MESSAGE * 3)
		len = GRPC_MAX_STATUS_MESSAGE * 3;
	raw = malloc(len + 1);
	if (!raw)
		return NULL;
	for (size_t i = 0; i < len && o < GRPC_MAX_STATUS_MESSAGE; i++) {
		if (v[i] == '%' && i + 2 < len && hexval(v[i + 1]) >= 0 && hexval(v[i + 2]) >= 0) {
			raw[o++] = (char)(hexval(v[i + 1]) << 4 | hexval(v[i + 2]));
			i += 2;
		} else {
			raw[o++] = (char)v[i];
		}
	}
	return error_sanitize(raw, o);
}

static int on_header(nghttp2_session *s, const nghttp2_frame *frame, const uint8_t *name,
		     size_t namelen, const uint8_t *value, size_t valuelen, uint8_t flags,
		     void *user_data)
{
	struct grpc_call *c = &((struct grpc_wire *)user_data)->call;

	if (!c->active || frame->hd.stream_id != c->stream_id)
		return 0;
	/* as HPACK counts a field's size (RFC 7541 4.1) */
	c->header_bytes += namelen + valuelen + 32;
	if (++c->header_fields > GRPC_MAX_HEADER_FIELDS || c->header_bytes > GRPC_MAX_HEADER_BYTES)
		return call_fail(c, -EFBIG);
	if (header_is(name, namelen, ":status")) {
		c->http_status = parse_small_number(value, valuelen, 3);
	} else if (header_is(name, namelen, "content-type")) {
		c->grpc_content_type = valuelen >= 16 &&
				       memcmp(value, "application/grpc", 16) == 0 &&
				       (valuelen == 16 || value[16] == '+' || value[16] == ';');
	} else if (header_is(name, namelen, "grpc-status")) {
		if (c->grpc_status >= 0)
			return call_fail(c, -EPROTO);
		c->grpc_status = parse_small_number(value, valuelen, 3);
		if (c->grpc_status < 0)
			return call_fail(c, -EPROTO);
	} else if (header_is(name, namelen, "grpc-message")) {
		free(c->grpc_message);
		c->grpc_message = decode_status_message(value, valuelen);
		if (!c->grpc_message)
			return call_fail(c, -ENOMEM);
	} else if (header_is(name, namelen, "grpc-encoding")) {
		/* we offered no compression (no grpc-accept-encoding), so only "identity" is
		 * acceptable */
		if (!header_is(value, valuelen, "identity"))
			return call_fail(c, -EPROTO);
	}
	return 0;
}

/* Take DATA bytes into the one message of a unary answer: its 5-byte prefix first, then exactly
 * that many bytes. */
static int take_data(struct grpc_wire *w, const uint8_t *data, size_t len)
{
	struct grpc_call *c = &w->call;

	while (len > 0) {
		if (c->prefix_have < GRPC_PREFIX_LEN) {
			size_t n = GRPC_PREFIX_LEN - c->prefix_have < len
				       ? GRPC_PREFIX_LEN - c->prefix_have
				       : len;

			if (c->n_msgs > 0)
				return -EPROTO; /* a second message in a unary answer */
			memcpy(c->prefix + c->prefix_have, data, n);
			c->prefix_have += n;
			data += n;
			len -= n;
			if (c->prefix_have < GRPC_PREFIX_LEN)
				return 0;
			if (c->prefix[0] != 0)
				return -EPROTO; /* compressed, or a flag gRPC does not define */
			c->msg_len = (size_t)c->prefix[1] << 24 | (size_t)c->prefix[2] << 16 |
				     (size_t)c->prefix[3] << 8 | c->prefix[4];
			if (c->msg_len > w->max_message)
				return -EFBIG;
			c->msg = malloc(c->msg_len ? c->msg_len : 1);
			if (!c->msg)
				return -ENOMEM;
			c->msg_have = 0;
		}
		size_t n = c->msg_len - c->msg_have < len ? c->msg_len - c->msg_have : len;
		memcpy(c->msg + c->msg_have, data, n);
		c->msg_have += n;
		data += n;
		len -= n;
		if (c->msg_have == c->msg_len) {
			c->n_msgs++;
			c->prefix_have = 0;
			if (len > 0)
				return -EPROTO;
		}
	}
	return 0;
}

static int on_data_chunk(nghttp2_session *s, uint8_t flags, int32_t stream_id, const uint8_t *data,
			 size_t len, void *user_data)
{
	struct grpc_wire *w = user_data;
	int err;

	if (!w->call.active || stream_id != w->call.stream_id)
		return 0;
	if (w->call.http_status != 200 || !w->call.grpc_content_type)
		return call_fail(&w->call, -EPROTO);
	err = take_data(w, data, len);
	return err < 0 ? call_fail(&w->call, err) : 0;
}

static int on_stream_close(nghttp2_session *s, int32_t stream_id, uint32_t error_code,
			   void *user_data)
{
	struct grpc_call *c = &((struct grpc_wire *)user_data)->call;

	if (c->active && stream_id == c->stream_id) {
		c->closed = true;
		c->close_error = error_code;
	}
	return 0;
}

static int on_frame_recv(nghttp2_session *s, const nghttp2_frame *frame, void *user_data)
{
	if (frame->hd.type == NGHTTP2_GOAWAY)
		((struct grpc_wire *)user_data)->goaway = true;
	return 0;
}

static int on_error(nghttp2_session *s, int lib_error_code, const char *msg, size_t len,
		    void *user_data)
{
	((struct grpc_wire *)user_data)->broken = true;
	return 0;
}

static ssize_t read_request(nghttp2_session *s, int32_t stream_id, uint8_t *buf, size_t length,
			    uint32_t *data_flags, nghttp2_data_source *source, void *user_data)
{
	struct grpc_call *c = &((struct grpc_wire *)user_data)->call;
	size_t n = c->req_len - c->req_sent < length ? c->req_len - c->req_sent : length;

	memcpy(buf, c->req + c->req_sent, n);
	c->req_sent += n;
	if (c->req_sent == c->req_len)
		*data_flags |= NGHTTP2_DATA_FLAG_EOF;
	return (ssize_t)n;
}

static int session_new(struct grpc_wire *w)
{
	nghttp2_session_callbacks *cbs;
	nghttp2_option *opt;
	int r;

	if (nghttp2_session_callbacks_new(&cbs) != 0)
		return -ENOMEM;
	nghttp2_session_callbacks_set_on_header_callback(cbs, on_header);
	nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, on_data_chunk);
	nghttp2_session_callbacks_set_on_stream_close_callback(cbs, on_stream_close);
	nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, on_frame_recv);
	nghttp2_session_callbacks_set_error_callback2(cbs, on_error);
	if (nghttp2_option_new(&opt) != 0) {
		nghttp2_session_callbacks_del(cbs);
		return -ENOMEM;
	}
	/* a server cannot make us queue unbounded acknowledgements, settings or header
	 * continuations */
	nghttp2_option_set_max_outbound_ack(opt, 64);
	nghttp2_option_set_max_settings(opt, 32);
	nghttp2_option_set_max_continuations(opt, 8);
	nghttp2_option_set_max_reserved_remote_streams(opt, 0);
	r = nghttp2_session_client_new2(&w->session, cbs, w, opt);
	nghttp2_option_del(opt);
	nghttp2_session_callbacks_del(cbs);
	return r == 0 ? 0 : -ENOMEM;
}

int grpc_wire_new(size_t max_message, struct grpc_wire **ret)
{
	const nghttp2_settings_entry settings[] = {
		{ NGHTTP2_SETTINGS_ENABLE_PUSH, 0 },
		{ NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 0 },
		{ NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1u << 20 },
		{ NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, GRPC_MAX_HEADER_BYTES },
	};
	struct grpc_wire *w = calloc(1, sizeof(*w));
	int err;

	if (!w)
		return -ENOMEM;
	w->max_message = max_message;
	w->call.grpc_status = -1;
	err = session_new(w);
	if (err >= 0 &&
	    (nghttp2_submit_settings(w->session, NGHTTP2_FLAG_NONE, settings,
				     ARRAY_SIZE(settings)) != 0 ||
	     nghttp2_session_set_local_window_size(w->session, NGHTTP2_FLAG_NONE, 0, 1 << 20) != 0))
		err = -ENOMEM;
	if (err < 0) {
		grpc_wire_free(w);
		return err;
	}
	*ret = w;
	return 0;
}

void grpc_wire_free(struct grpc_wire *w)
{
	if (!w)
		return;
	nghttp2_session_del(w->session);
	call_clear(&w->call);
	free(w->out);
	free(w);
}

#define NV(n, v)                                                                                   \
	{                                                                                          \
		(uint8_t *)(n), (uint8_t *)(v), sizeof(n) - 1, strlen(v), NGHTTP2_NV_FLAG_NONE     \
	}

int grpc_wire_start(struct grpc_wire *w, const char *method, const char *ns, long long timeout_ms,
		    const uint8_t *msg, size_t len)
{
	char timeout[16];
	struct grpc_call *c = &w->call;
	nghttp2_data_provider prd = { .read_callback = read_request };
	int32_t id;

	if (c->active)
		return -EBUSY;
	if (w->broken)
		return -EPROTO;
	if (len > w->max_message || timeout_ms <= 0)
		return -EINVAL;
	/* grpc-timeout takes at most 8 digits */
	snprintf(timeout, sizeof(timeout), "%lldm", timeout_ms > 99999999 ? 99999999 : timeout_ms);
	const nghttp2_nv nva[] = {
		NV(":method", "POST"),
		NV(":scheme", "http"),
		NV(":path", method),
		NV(":authority", "localhost"),
		NV("content-type", "application/grpc"),
		NV("te", "trailers"),
		NV("user-agent", "docker-nsenter"),
		NV("grpc-timeout", timeout),
		NV("containerd-namespace", ns ? ns : ""),
	};
	call_clear(c);
	c->req_len = GRPC_PREFIX_LEN + len;
	c->req = malloc(c->req_len);
	if (!c->req)
		return -ENOMEM;
	c->req[0] = 0;
	c->req[1] = (uint8_t)(len >> 24);
	c->req[2] = (uint8_t)(len >> 16);
	c->req[3] = (uint8_t)(len >> 8);
	c->req[4] = (uint8_t)len;
	if (len)
		memcpy(c->req + GRPC_PREFIX_LEN, msg, len);
	id = nghttp2_submit_request(w->session, NULL, nva, ARRAY_SIZE(nva) - (ns ? 0 : 1), &prd,
				    NULL);
	if (id < 0) {
		call_clear(c);
		return id == NGHTTP2_ERR_NOMEM ? -ENOMEM : -EPROTO;
	}
	c->stream_id = id;
	c->active = true;
	return 0;
}

int grpc_wire_output(struct grpc_wire *w, const uint8_t **ret, size_t *ret_len)
{
	size_t have = 0;

	/* nghttp2 hands out one frame at a time: gather them (up to about 64 KiB) for one write */
	while (have < GRPC_WIRE_GATHER) {
		const uint8_t *p;
		ssize_t n = nghttp2_session_mem_send(w->session, &p);

		if (n < 0)
			return n == NGHTTP2_ERR_NOMEM ? -ENOMEM : -EPROTO;
		if (n == 0)
			break;
		if (have + (size_t)n > w->out_cap) {
			size_t cap =
			    have + (size_t)n > 2 * w->out_cap ? have + (size_t)n : 2 * w->out_cap;
			uint8_t *q = realloc(w->out, cap);

			if (!q)
				return -ENOMEM;
			w->out = q;
			w->out_cap = cap;
		}
		memcpy(w->out + have, p, (size_t)n);
		have += (size_t)n;
	}
	*ret = w->out;
	*ret_len = have;
	return 0;
}

int grpc_wire_feed(struct grpc_wire *w, const uint8_t *buf, size_t len)
{
	struct grpc_call *c = &w->call;
	ssize_t n;

	c->received += len;
	if (c->received > w->max_message + GRPC_WIRE_SLACK)
		return -EFBIG;
	n = nghttp2_session_mem_recv(w->session, buf, len);
	if (n < 0 && c->err < 0)
		return c->err;
	if (n < 0)
		return n == NGHTTP2_ERR_NOMEM ? -ENOMEM : -EPROTO;
	return w->broken ? -EPROTO : 0;
}

bool grpc_wire_done(const struct grpc_wire *w)
{
	return w->call.active && w->call.closed;
}

bool grpc_wire_closing(const struct grpc_wire *w)
{
	return w->goaway;
}

const char *grpc_code_name(enum grpc_code code)
{
	static const char *const names[_GRPC_CODE_MAX] = {
		[GRPC_OK] = "OK",
		[GRPC_CANCELLED] = "CANCELLED",
		[GRPC_UNKNOWN] = "UNKNOWN",
		[GRPC_INVALID_ARGUMENT] = "INVALID_ARGUMENT",
		[GRPC_DEADLINE_EXCEEDED] = "DEADLINE_EXCEEDED",
		[GRPC_NOT_FOUND] = "NOT_FOUND",
		[GRPC_ALREADY_EXISTS] = "ALREADY_EXISTS",
		[GRPC_PERMISSION_DENIED] = "PERMISSION_DENIED",
		[GRPC_RESOURCE_EXHAUSTED] = "RESOURCE_EXHAUSTED",
		[GRPC_FAILED_PRECONDITION] = "FAILED_PRECONDITION",
		[GRPC_ABORTED] = "ABORTED",
		[GRPC_OUT_OF_RANGE] = "OUT_OF_RANGE",
		[GRPC_UNIMPLEMENTED] = "UNIMPLEMENTED",
		[GRPC_INTERNAL] = "INTERNAL",
		[GRPC_UNAVAILABLE] = "UNAVAILABLE",
		[GRPC_DATA_LOSS] = "DATA_LOSS",
		[GRPC_UNAUTHENTICATED] = "UNAUTHENTICATED",
	};

	return code >= 0 && code < _GRPC_CODE_MAX ? names[code] : NULL;
}

static int code_errno(enum grpc_code code)
{
	switch (code) {
	case GRPC_INVALID_ARGUMENT: return -EINVAL;
	case GRPC_DEADLINE_EXCEEDED: return -ETIMEDOUT;
	case GRPC_NOT_FOUND: return -ENOENT;
	case GRPC_ALREADY_EXISTS: return -EEXIST;
	case GRPC_PERMISSION_DENIED:
	case GRPC_UNAUTHENTICATED: return -EACCES;
	case GRPC_FAILED_PRECONDITION: return -EBUSY;
	case GRPC_UNIMPLEMENTED: return -EOPNOTSUPP;
	case GRPC_UNAVAILABLE: return -ECONNREFUSED;
	default: return -EREMOTEIO;
	}
}

/* The status of an ended call whose stream closed cleanly. */
static int call_status(const struct grpc_call *c, enum grpc_code *ret_code, char **reterr)
{
	const char *name;

	if (c->close_error != NGHTTP2_NO_ERROR)
		return error_set(reterr,
				 c->close_error == NGHTTP2_REFUSED_STREAM ? -EAGAIN : -ECONNRESET,
				 "the server ended the call with HTTP/2 error %s",
				 nghttp2_http2_strerror(c->close_error));
	if (c->grpc_status < 0)
		return error_set(
		    reterr, -EPROTO, "the answer has no gRPC status (HTTP status %d%s)",
		    c->http_status,
		    c->http_status == 200 && !c->grpc_content_type ? ", not application/grpc" : "");
	if (c->http_status != 200 || !c->grpc_content_type)
		return error_set(reterr, -EPROTO, "the answer is not gRPC (HTTP status %d%s)",
				 c->http_status,
				 c->grpc_content_type ? "" : ", not application/grpc");
	*ret_code = c->grpc_status < _GRPC_CODE_MAX ? (enum grpc_code)c->grpc_status : GRPC_UNKNOWN;
	if (c->grpc_status == GRPC_OK)
		return 0;
	name = grpc_code_name(*ret_code);
	return error_set(reterr, code_errno(*ret_code), "%s%s%s",
			 c->grpc_status < _GRPC_CODE_MAX ? name : "UNKNOWN",
			 c->grpc_message && *c->grpc_message ? ": " : "",
			 c->grpc_message ? c->grpc_message : "");
}

int grpc_wire_result(struct grpc_wire *w, enum grpc_code *ret_code, uint8_t **ret_msg,
		     size_t *ret_len, char **reterr)
{
	struct grpc_call *c = &w->call;
	enum grpc_code code = GRPC_UNKNOWN;
	int err;

	if (!grpc_wire_done(w))
		return -EINPROGRESS;
	err = call_status(c, &code, reterr);
	if (err >= 0 && (c->n_msgs != 1 || c->prefix_have != 0))
		err = error_set(reterr, -EPROTO,
				"a unary answer must carry one whole message, not %s",
				c->n_msgs > 1		   ? "several"
				: c->msg || c->prefix_have ? "part of one"
							   : "none");
	if (err >= 0) {
		*ret_msg = TAKE_PTR(c->msg);
		*ret_len = c->msg_len;
	}
	*ret_code = code;
	call_clear(c);
	return err;
}
