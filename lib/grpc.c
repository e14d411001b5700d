// SPDX-License-Identifier: Apache-2.0
/* The I/O half of the gRPC client: one connection to a unix socket, the bytes of grpc-wire.c sent
 * and received on it until the call ends or its deadline passes. */
#include <errno.h>
#include <string.h>

#include "error.h"
#include "grpc.h"
#include "macros.h"
#include "unixsock.h"

int grpc_client_init(struct grpc_client *c, const char *socket_path, int timeout_ms)
{
	*c = (struct grpc_client){ .fd = -EBADF,
				   .timeout_ms = timeout_ms,
				   .max_message = GRPC_MAX_MESSAGE };
	c->socket_path = strdup(socket_path);
	return c->socket_path ? 0 : -ENOMEM;
}

static void disconnect(struct grpc_client *c)
{
	closep(&c->fd);
	c->fd = -EBADF;
	grpc_wire_free(c->wire);
	c->wire = NULL;
}

void grpc_client_done(struct grpc_client *c)
{
	disconnect(c);
	free(c->socket_path);
	c->socket_path = NULL;
}

static int connect_daemon(struct grpc_client *c, long long deadline, char **reterr)
{
	int err = unixsock_connect(c->socket_path, deadline, &c->fd);

	if (err < 0)
		return error_set(reterr, err, "cannot connect to unix://%s: %s%s", c->socket_path,
				 strerror(-err),
				 err == -ENOENT || err == -ECONNREFUSED
				     ? " (is the daemon running?)"
				 : err == -EACCES ? " (you need root or the socket's group)"
						  : "");
	err = unixsock_check_peer(c->fd, c->socket_path, "the daemon", NULL, reterr);
	if (err >= 0)
		err = grpc_wire_new(c->max_message, &c->wire);
	if (err < 0)
		disconnect(c);
	return err;
}

/* Send what the session has queued. */
static int flush(struct grpc_client *c, long long deadline)
{
	for (;;) {
		const uint8_t *out;
		size_t n;
		int err = grpc_wire_output(c->wire, &out, &n);

		if (err < 0 || n == 0)
			return err;
		err = unixsock_send_all(c->fd, out, n, deadline);
		if (err < 0)
			return err;
	}
}

/* Exchange bytes until the call's stream ends. */
static int run_call(struct grpc_client *c, long long deadline)
{
	uint8_t buf[65536];
	int err;

	while ((err = flush(c, deadline)) >= 0 && !grpc_wire_done(c->wire)) {
		ssize_t n = unixsock_recv(c->fd, buf, sizeof(buf), deadline);

		if (n < 0)
			return (int)n;
		if (n == 0)
			return -EPIPE;
		err = grpc_wire_feed(c->wire, buf, (size_t)n);
		if (err < 0)
			return err;
	}
	return err;
}

static const char *io_error(int err)
{
	switch (err) {
	case -ETIMEDOUT: return "the daemon did not answer in time";
	case -EFBIG: return "the daemon's answer is too large";
	case -EPROTO: return "the daemon's answer is not valid HTTP/2 gRPC";
	case -EPIPE:
	case -ECONNRESET: return "the daemon closed the connection before answering completely";
	default: return strerror(-err);
	}
}

int grpc_client_call(struct grpc_client *c, const char *method, const char *ns, const uint8_t *req,
		     size_t req_len, enum grpc_code *ret_code, uint8_t **ret_msg, size_t *ret_len,
		     char **reterr)
{
	long long deadline = unixsock_now_ms() + c->timeout_ms;
	_cleanup_free_ char *why = NULL;
	int err;

	if (!c->socket_path)
		return -ENOMEM;
	*ret_code = GRPC_UNKNOWN;
	if (c->wire && grpc_wire_closing(c->wire))
		disconnect(c);
	if (!c->wire && (err = connect_daemon(c, deadline, reterr)) < 0)
		return err;
	err = grpc_wire_start(c->wire, method, ns, c->timeout_ms, req, req_len);
	if (err >= 0)
		err = run_call(c, deadline);
	if (err < 0) {
		disconnect(c);
		return error_set(reterr, err, "unix://%s: %s: %s", c->socket_path, method,
				 io_error(err));
	}
	err = grpc_wire_result(c->wire, ret_code, ret_msg, ret_len, &why);
	if (err < 0) {
		/* failures are rare: a new connection for the next call is simpler than judging
		 * this one */
		disconnect(c);
		return error_set(reterr, err, "unix://%s: %s: %s", c->socket_path, method,
				 why ? why : strerror(-err));
	}
	return 0;
}
