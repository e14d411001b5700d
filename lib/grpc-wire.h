// SPDX-License-Identifier: Apache-2.0
/* gRPC unary calls over HTTP/2 (libnghttp2) with no I/O: bytes to send come out, received bytes go
 * in, so the decoding of a daemon's answer can be fuzzed and unit-tested. One call at a time on one
 * connection. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GRPC_MAX_MESSAGE (16u << 20) /* as ctr and containerd's own default receive limit */
#define GRPC_MAX_HEADER_BYTES                                                                      \
	(64u << 10) /* of one answer's headers and trailers, counted as HPACK counts them */
#define GRPC_MAX_HEADER_FIELDS	100
#define GRPC_MAX_STATUS_MESSAGE 1024 /* of grpc-message, decoded: longer is cut */
#define GRPC_WIRE_SLACK                                                                            \
	(1u << 20) /* bytes of framing, headers and control frames allowed beside the message */

/* The gRPC status codes (grpc/doc/statuscodes.md). */
enum grpc_code {
	GRPC_OK = 0,
	GRPC_CANCELLED = 1,
	GRPC_UNKNOWN = 2,
	GRPC_INVALID_ARGUMENT = 3,
	GRPC_DEADLINE_EXCEEDED = 4,
	GRPC_NOT_FOUND = 5,
	GRPC_ALREADY_EXISTS = 6,
	GRPC_PERMISSION_DENIED = 7,
	GRPC_RESOURCE_EXHAUSTED = 8,
	GRPC_FAILED_PRECONDITION = 9,
	GRPC_ABORTED = 10,
	GRPC_OUT_OF_RANGE = 11,
	GRPC_UNIMPLEMENTED = 12,
	GRPC_INTERNAL = 13,
	GRPC_UNAVAILABLE = 14,
	GRPC_DATA_LOSS = 15,
	GRPC_UNAUTHENTICATED = 16,
	_GRPC_CODE_MAX,
};

struct grpc_wire;

/* A client session that accepts answers whose message is at most max_message bytes. The connection
 * preface and our SETTINGS are queued for grpc_wire_output. */
int grpc_wire_new(size_t max_message, struct grpc_wire **ret);
void grpc_wire_free(struct grpc_wire *w);

/* Start a unary call of method ("/containerd.services.tasks.v1.Tasks/Get") with one request
 * message; ns, if not NULL, is sent as the containerd-namespace header, timeout_ms (> 0) as
 * grpc-timeout. -EBUSY while a call is under way. */
int grpc_wire_start(struct grpc_wire *w, const char *method, const char *ns, long long timeout_ms,
		    const uint8_t *msg, size_t len);

/* Bytes waiting to be sent: *ret_len is 0 when there are none. They stay valid until the next call
 * on w. */
int grpc_wire_output(struct grpc_wire *w, const uint8_t **ret, size_t *ret_len);

/* Bytes received from the server, all consumed. -EPROTO (not HTTP/2 or gRPC as a server speaks it),
 * -EFBIG (too much), -ENOMEM; the session is unusable after an error. */
int grpc_wire_feed(struct grpc_wire *w, const uint8_t *buf, size_t len);

/* Whether the current call's stream has ended (answered, reset or refused). */
bool grpc_wire_done(const struct grpc_wire *w);

/* Whether the server said it takes no more calls on this connection (GOAWAY). */
bool grpc_wire_closing(const struct grpc_wire *w);

/* The result of the ended call. On grpc-status 0 with exactly one message: 0 and the message in
 * *ret_msg (malloc'd, *ret_len bytes). On another status: a negative errno that fits the code
 * (-ENOENT for NOT_FOUND, -EACCES, -EOPNOTSUPP for UNIMPLEMENTED, -ETIMEDOUT, -EINVAL, else
 * -EREMOTEIO), *ret_code set, and the server's grpc-message, decoded and without control
 * characters, in *reterr. -EPROTO for answers that break gRPC's rules. Clears the call, so the
 * session can start another. */
int grpc_wire_result(struct grpc_wire *w, enum grpc_code *ret_code, uint8_t **ret_msg,
		     size_t *ret_len, char **reterr);

/* "NOT_FOUND" for GRPC_NOT_FOUND; "code 42" style names are the caller's for codes out of range. */
const char *grpc_code_name(enum grpc_code code);
