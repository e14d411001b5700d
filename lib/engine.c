// SPDX-License-Identifier: Apache-2.0
/* The Docker Engine API client: one keep-alive connection to the daemon's unix socket, every wait
 * bounded. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>

#include "engine.h"
#include "error.h"
#include "jsonutil.h"
#include "macros.h"
#include "unixsock.h"

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
				 "%s: only unix:// endpoints are supported: namespaces can only be "
				 "joined on the "
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
	*e = (struct engine){ .fd = -EBADF,
			      .socket_path = strdup(socket_path),
			      .timeout_ms = timeout_ms,
			      .peer = { .uid = (uid_t)-1 } };
}

void engine_done(struct engine *e)
{
	closep(&e->fd);
	e->fd = -EBADF;
	free(e->socket_path);
	e->socket_path = NULL;
}

static int connect_socket(struct engine *e, long long deadline, char **reterr)
{
	int err;

	if (!e->socket_path)
		return -ENOMEM;
	err = unixsock_connect(e->socket_path, deadline, &e->fd);
	if (err == -ETIMEDOUT)
		return error_set(reterr, err,
				 "cannot connect to the Docker daemon at unix://%s: %s",
				 e->socket_path, strerror(-err));
	if (err < 0)
		return error_set(reterr, err,
				 "cannot connect to the Docker daemon at unix://%s: %s (is the "
				 "daemon running? %s)",
				 e->socket_path, strerror(-err),
				 err == -EACCES ? "you need root or the socket's group"
						: "does the socket exist?");
	err = unixsock_check_peer(e->fd, e->socket_path, "the Docker daemon", &e->peer, reterr);
	if (err < 0) {
		closep(&e->fd);
		e->fd = -EBADF;
	}
	return err;
}

static const char *answer_error(int err)
{
	switch (err) {
	case -ETIMEDOUT: return "the daemon did not answer in time";
	case -EFBIG: return "the daemon's answer is too large";
	case -EBADMSG: return "the daemon's answer is not valid HTTP";
	case -EPIPE:
	case -ECONNRESET: return "the daemon closed the connection before answering completely";
	default: return strerror(-err);
	}
}

static int request_once(struct engine *e, const char *target, struct http_response *ret,
			long long deadline, char **reterr)
{
	struct http_response r;
	char req[4096];
	int n, err;

	n = snprintf(req, sizeof(req),
		     "GET %s HTTP/1.1\r\nHost: docker\r\nUser-Agent: docker-nsenter\r\nAccept: "
		     "application/json\r\n\r\n",
		     target);
	if (n < 0 || (size_t)n >= sizeof(req))
		return error_set(reterr, -ENAMETOOLONG, "request path too long");
	http_response_init(&r, ENGINE_MAX_BODY);
	err = unixsock_send_all(e->fd, req, (size_t)n, deadline);
	if (err >= 0)
		err = unixsock_http_read(e->fd, &r, deadline);
	if (err < 0) {
		/* what is left on the connection is unknown: the next request needs a new one */
		closep(&e->fd);
		e->fd = -EBADF;
		http_response_done(&r);
		return error_set(reterr, err, "unix://%s: %s", e->socket_path, answer_error(err));
	}
	if (!http_response_reusable(&r)) {
		closep(&e->fd);
		e->fd = -EBADF;
	}
	*ret = r;
	return 0;
}

int engine_get(struct engine *e, const char *path, struct http_response *ret, char **reterr)
{
	long long deadline = unixsock_now_ms() + e->timeout_ms;
	char target[4096];
	int n, err;

	n = snprintf(target, sizeof(target), "%s%s%s", e->api_version[0] ? "/" : "", e->api_version,
		     path);
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
	if (json_parse_bounded(r->body, r->body_len, &root) == 0 &&
	    (m = json_get_string(root, "message")))
		return error_sanitize(m, strlen(m));
	return error_sanitize(r->body, r->body_len > 512 ? 512 : r->body_len);
}
