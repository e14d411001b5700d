// SPDX-License-Identifier: Apache-2.0
/* A gRPC client for unary calls on a daemon's unix socket (containerd's API), every wait and size
 * bounded. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "grpc-wire.h"

struct grpc_client {
	int fd;
	char *socket_path;
	int timeout_ms;
	size_t max_message;
	struct grpc_wire *wire; /* the session of the open connection */
};

/* No connection is made until the first call. Each call must end within timeout_ms. */
int grpc_client_init(struct grpc_client *c, const char *socket_path, int timeout_ms);
void grpc_client_done(struct grpc_client *c);

/* Call method with the request message req; on success *ret_msg (malloc'd) holds the answer's
 * message. Errors carry words in *reterr: the connection's trouble, or the server's status (see
 * grpc_wire_result) as "NOT_FOUND: <grpc-message>", with *ret_code set to the gRPC code. A failed
 * call closes the connection. */
int grpc_client_call(struct grpc_client *c, const char *method, const char *ns, const uint8_t *req,
		     size_t req_len, enum grpc_code *ret_code, uint8_t **ret_msg, size_t *ret_len,
		     char **reterr);
