// SPDX-License-Identifier: Apache-2.0
/* The Docker Engine API client: one keep-alive connection to the daemon's unix socket, every wait bounded. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include "jsonutil.h"

#include "engine.h"
#include "error.h"
#include "macros.h"

int engine_endpoint_parse(const char *endpoint, char **ret_path, char **reterr)
{
	const char *path;
	char *p;

	if (!endpoint || !*endpoint)
		path = ENGINE_DEFAULT_SOCKET;
	else if (strncmp(endpoint, "unix://", 7) == 0)
		path = endpoint[7] ? endpoint + 7 : ENGINE_DEFAULT_SOCKET;
	else if (endpoint[0] == '/')
		path = endpoint;
	else
		return error_set(reterr, -EPROTONOSUPPORT,
				 "%s: only unix:// endpoints are supported: namespaces can only be joined on the "
				 "daemon's own host",
				 endpoint);
	if (path[0] != '/' || strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return error_set(reterr, -EINVAL, "%s: not a usable unix socket path", endpoint);
	p = strdup(path);
	if (!p)
		return -ENOMEM;
	*ret_path = p;
	return 0;
}

void engine_init(struct engine *e, const char *socket_path, int timeout_ms)
{
	*e = (struct engine){ .fd = -EBADF, .socket_path = strdup(socket_path), .timeout_ms = timeout_ms };
}

void engine_done(struct engine *e)
{
	closep(&e->fd);
	e->fd = -EBADF;
	free(e->socket_path);
	e->socket_path = NULL;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for events on fd until the deadline; -ETIMEDOUT when it passes. */
static int wait_fd(int fd, short events, long long deadline)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = events };
		long long left = deadline - now_ms();
		int r;

		if (left <= 0)
			return -ETIMEDOUT;
		r = poll(&p, 1, left > 1000000 ? 1000000 : (int)left);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return negative_errno();
	}
}

static int connect_socket(struct engine *e, long long deadline, char **reterr)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	_cleanup_close_ int fd = -EBADF;
	int err = 0;
	socklen_t elen = sizeof(err);

	if (!e->socket_path)
		return -ENOMEM;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return negative_errno();
	strncpy(sa.sun_path, e->socket_path, sizeof(sa.sun_path) - 1);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (errno != EINPROGRESS && errno != EAGAIN)
			goto fail;
		if ((err = wait_fd(fd, POLLOUT, deadline)) < 0)
			return error_set(reterr, err, "cannot connect to the Docker daemon at unix://%s: %s",
					 e->socket_path, strerror(-err));
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0 || err != 0) {
			errno = err ? err : errno;
			goto fail;
		}
	}
	e->fd = TAKE_FD(fd);
	return 0;
fail:
	err = negative_errno();
	return error_set(reterr, err,
			 "cannot connect to the Docker daemon at unix://%s: %s (is the daemon running? %s)",
			 e->socket_path, strerror(-err),
			 err == -EACCES ? "you need root or the socket's group" : "does the socket exist?");
}

static int send_all(int fd, const char *buf, size_t len, long long deadline)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				return negative_errno();
			int err = wait_fd(fd, POLLOUT, deadline);
			if (err < 0)
				return err;
			continue;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read and frame one answer. Bytes are parsed as they come; an incomplete line stays in buf. */
static int read_answer(int fd, struct http_response *r, long long deadline)
{
	char buf[HTTP_MAX_LINE + 65536];
	size_t have = 0;

	while (r->state != HTTP_DONE) {
		ssize_t n = recv(fd, buf + have, sizeof(buf) - have, 0);
		long used;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				return negative_errno();
			int err = wait_fd(fd, POLLIN, deadline);
			if (err < 0)
				return err;
			continue;
		}
		if (n == 0)
			return have > 0 && r->state != HTTP_BODY_CLOSE ? -EPIPE : http_response_eof(r);
		have += (size_t)n;
		used = http_response_feed(r, buf, have);
		if (used < 0)
			return (int)used;
		memmove(buf, buf + used, have - (size_t)used);
		have -= (size_t)used;
	}
	return 0;
}

static const char *answer_error(int err)
{
	switch (err) {
	case -ETIMEDOUT:
		return "the daemon did not answer in time";
	case -EFBIG:
		return "the daemon's answer is too large";
	case -EBADMSG:
		return "the daemon's answer is not valid HTTP";
	case -EPIPE:
	case -ECONNRESET:
		return "the daemon closed the connection before answering completely";
	default:
		return strerror(-err);
	}
}

static int request_once(struct engine *e, const char *target, struct http_response *ret, long long deadline,
			char **reterr)
{
	char req[4096];
	int n, err;

	n = snprintf(req, sizeof(req),
		     "GET %s HTTP/1.1\r\nHost: docker\r\nUser-Agent: docker-nsenter\r\nAccept: application/json\r\n\r\n",
		     target);
	if (n < 0 || (size_t)n >= sizeof(req))
		return error_set(reterr, -ENAMETOOLONG, "request path too long");
	http_response_init(ret, ENGINE_MAX_BODY);
	err = send_all(e->fd, req, (size_t)n, deadline);
	if (err >= 0)
		err = read_answer(e->fd, ret, deadline);
	if (err < 0) {
		/* what is left on the connection is unknown: the next request needs a new one */
		closep(&e->fd);
		e->fd = -EBADF;
		http_response_done(ret);
		return error_set(reterr, err, "unix://%s: %s", e->socket_path, answer_error(err));
	}
	if (!http_response_reusable(ret)) {
		closep(&e->fd);
		e->fd = -EBADF;
	}
	return 0;
}

int engine_get(struct engine *e, const char *path, struct http_response *ret, char **reterr)
{
	long long deadline = now_ms() + e->timeout_ms;
	char target[4096];
	int n, err;

	n = snprintf(target, sizeof(target), "%s%s%s", e->api_version[0] ? "/" : "", e->api_version, path);
	if (n < 0 || (size_t)n >= sizeof(target))
		return error_set(reterr, -ENAMETOOLONG, "request path too long");
	if (e->fd < 0 && (err = connect_socket(e, deadline, reterr)) < 0)
		return err;
	return request_once(e, target, ret, deadline, reterr);
}

int engine_ping(struct engine *e, char **reterr)
{
	struct http_response r;
	const char *v;
	int err;

	e->api_version[0] = '\0';
	err = engine_get(e, "/_ping", &r, reterr);
	if (err < 0)
		return err;
	if (r.status != 200) {
		_cleanup_free_ char *msg = engine_error_message(&r);
		http_response_done(&r);
		return error_set(reterr, -EPROTO, "unix://%s: ping failed: %s", e->socket_path,
				 msg ? msg : "no message");
	}
	v = r.api_version;
	/* Only a plain "1.NN" is trusted into request paths. */
	if (v && v[0] == '1' && v[1] == '.' && strlen(v) < sizeof(e->api_version) - 2 &&
	    strspn(v + 2, "0123456789") == strlen(v + 2) && v[2])
		snprintf(e->api_version, sizeof(e->api_version), "v%s", v);
	http_response_done(&r);
	return 0;
}

bool engine_server_is_docker(const char *server)
{
	return server && strncmp(server, "Docker/", 7) == 0;
}

char *engine_error_message(const struct http_response *r)
{
	_cleanup_(json_object_putp) json_object *root = NULL;
	const char *m;

	if (!r->body || r->body_len == 0)
		return NULL;
	if (json_parse_bounded(r->body, r->body_len, &root) == 0 && (m = json_get_string(root, "message")))
		return error_sanitize(m, strlen(m));
	return error_sanitize(r->body, r->body_len > 512 ? 512 : r->body_len);
}
