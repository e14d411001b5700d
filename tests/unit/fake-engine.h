// SPDX-License-Identifier: Apache-2.0
/* A Docker daemon for unit tests: the engine's connection is one end of a socket pair whose other
 * end holds the daemon's whole answer before the request is sent. */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "engine.h"
#include "unit.h"

/* An engine (served by root, as the cgroup proof expects) whose daemon answers answer, or has
 * hung up when answer is NULL; the daemon's end, to be closed by the caller, or -EBADF. */
static inline int fake_engine(struct engine *e, const char *answer)
{
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	engine_init(e, "/nonexistent/docker.sock", 1000);
	e->fd = sv[0];
	e->peer.uid = 0;
	if (!answer) {
		close(sv[1]);
		return -EBADF;
	}
	assert_int_equal(write(sv[1], answer, strlen(answer)), (ssize_t)strlen(answer));
	return sv[1];
}

/* The same, answering an HTTP/1.1 status with a Server header and a JSON body. */
static inline int fake_engine_json(struct engine *e, int status, const char *server,
				   const char *body)
{
	char *answer;
	int peer;

	assert_true(asprintf(&answer,
			     "HTTP/1.1 %d X\r\nServer: %s\r\nContent-Type: application/json\r\n"
			     "Content-Length: %zu\r\n\r\n%s",
			     status, server, strlen(body), body) > 0);
	peer = fake_engine(e, answer);
	free(answer);
	return peer;
}
