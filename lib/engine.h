// SPDX-License-Identifier: Apache-2.0
/* The Docker Engine API client: endpoint, unix-socket connection, bounded requests and answers. */
#pragma once

#include <stdbool.h>

#include "http.h"
#include "unixsock.h"

#define ENGINE_DEFAULT_SOCKET	  "/var/run/docker.sock"
#define ENGINE_DEFAULT_TIMEOUT_MS 30000
#define ENGINE_MAX_BODY		  (8u << 20)

struct engine {
	int fd;
	char *socket_path;
	int timeout_ms;
	char api_version[16]; /* "v1.41", or "" to use unversioned paths */
	struct unixsock_peer
	    peer; /* who serves the socket, from the last connection (uid -1 before any) */
};

/* Parse an endpoint as DOCKER_HOST writes it ("unix:///run/docker.sock"; a bare "unix://" is the
 * default socket) into a socket path. Other schemes are refused with -EPROTONOSUPPORT and a message
 * saying why. NULL or "" is the default. */
int engine_endpoint_parse(const char *endpoint, char **ret_path, char **reterr);

void engine_init(struct engine *e, const char *socket_path, int timeout_ms);
void engine_done(struct engine *e);

/* Ask /_ping for the daemon's API version; later requests use it. */
int engine_ping(struct engine *e, char **reterr);

/* GET path (below the version prefix) and read the whole answer into ret, which a failure leaves
 * alone. Any HTTP status is a success for this function; the caller judges it. */
int engine_get(struct engine *e, const char *path, struct http_response *ret, char **reterr);

/* Whether a Server header names Docker Engine ("Docker/20.10.24 (linux)"). */
bool engine_server_is_docker(const char *server);

/* The daemon's error text of a failed answer ({"message": ...} or plain text), with control
 * characters removed. */
char *engine_error_message(const struct http_response *r);
