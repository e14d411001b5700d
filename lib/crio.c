// SPDX-License-Identifier: Apache-2.0
/* The CRI-O client: one HTTP/1.1 GET per connection to the inspect endpoint of CRI-O's socket,
 * bounded in time and size by unixsock.c and http.c. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/un.h>

#include "crio.h"
#include "error.h"
#include "http.h"
#include "macros.h"
#include "unixsock.h"

int crio_address(const char *address, char **ret_path, char **reterr)
{
	const char *path = !address || !*address		 ? CRIO_DEFAULT_SOCKET
			   : strncmp(address, "unix://", 7) == 0 ? address + 7
								 : address;
	char *p;

	if (path[0] != '/' || strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return error_set(reterr, -EINVAL, "%s: not a unix socket path", address);
	p = strdup(path);
	if (!p)
		return -ENOMEM;
	*ret_path = p;
	return 0;
}

int crio_init(struct crio_client *c, const char *socket_path, int timeout_ms)
{
	*c = (struct crio_client){ .socket_path = strdup(socket_path), .timeout_ms = timeout_ms };
	return c->socket_path ? 0 : -ENOMEM;
}

void crio_done(struct crio_client *c)
{
	free(c->socket_path);
	c->socket_path = NULL;
}

static const char *answer_error(int err)
{
	switch (err) {
	case -ETIMEDOUT: return "CRI-O did not answer in time";
	case -EFBIG: return "CRI-O's answer is too large";
	case -EBADMSG: return "CRI-O's answer is not valid HTTP";
	case -EPIPE:
	case -ECONNRESET: return "CRI-O closed the connection before answering completely";
	default: return strerror(-err);
	}
}

/* GET path into ret, which a failure leaves alone; any HTTP status is a success here, the caller
 * judges it. */
static int get(struct crio_client *c, const char *path, struct http_response *ret, char **reterr)
{
	long long deadline = unixsock_now_ms() + c->timeout_ms;
	_cleanup_close_ int fd = -EBADF;
	struct http_response r;
	char req[512];
	int n, err;

	n = snprintf(req, sizeof(req),
		     "GET %s HTTP/1.1\r\nHost: crio\r\nUser-Agent: docker-nsenter\r\nAccept: "
		     "application/json\r\n"
		     "Connection: close\r\n\r\n",
		     path);
	if (n < 0 || (size_t)n >= sizeof(req))
		return error_set(reterr, -ENAMETOOLONG, "request path too long");
	err = unixsock_connect(c->socket_path, deadline, &fd);
	if (err < 0)
		return error_set(reterr, err, "cannot connect to CRI-O at unix://%s: %s%s",
				 c->socket_path, strerror(-err),
				 err == -ENOENT || err == -ECONNREFUSED ? " (is CRI-O running?)"
				 : err == -EACCES			? " (you need root)"
									: "");
	err = unixsock_check_peer(fd, c->socket_path, "CRI-O", NULL, reterr);
	if (err < 0)
		return err;
	http_response_init(&r, CRIO_MAX_BODY);
	err = unixsock_send_all(fd, req, (size_t)n, deadline);
	if (err >= 0)
		err = unixsock_http_read(fd, &r, deadline);
	if (err < 0) {
		http_response_done(&r);
		return error_set(reterr, err, "unix://%s: %s", c->socket_path, answer_error(err));
	}
	*ret = r;
	return 0;
}

/* The words of a failed answer: CRI-O's http.Error writes plain text. */
static int answer_failed(const struct http_response *r, int err, const char *what, char **reterr)
{
	_cleanup_free_ char *msg =
	    r->body ? error_sanitize(r->body, r->body_len > 512 ? 512 : r->body_len) : NULL;

	return error_set(reterr, err, "%s: CRI-O answered %d%s%s", what, r->status,
			 msg && *msg ? ": " : "", msg ? msg : "");
}

int crio_container(struct crio_client *c, const char *id, struct crio_container *ret, char **reterr)
{
	struct http_response r;
	char path[32 + CRIO_MAX_ID];
	int err;

	if (!crio_valid_id(id))
		return error_set(reterr, -EINVAL, "not a CRI-O container ID");
	snprintf(path, sizeof(path), "/containers/%s", id);
	err = get(c, path, &r, reterr);
	if (err < 0)
		return err;
	if (r.status == 200)
		err = crio_container_parse(r.body, r.body_len, ret, reterr);
	else
		err = answer_failed(&r, r.status == 404 ? -ENOENT : -EPROTO, id, reterr);
	http_response_done(&r);
	return err;
}

int crio_info(struct crio_client *c, struct crio_info *ret, char **reterr)
{
	struct http_response r;
	int err;

	err = get(c, "/info", &r, reterr);
	if (err < 0)
		return err;
	if (r.status == 200)
		err = crio_info_parse(r.body, r.body_len, ret, reterr);
	else
		err = answer_failed(&r, -EPROTO, "info", reterr);
	http_response_done(&r);
	return err;
}
