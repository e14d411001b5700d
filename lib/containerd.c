// SPDX-License-Identifier: Apache-2.0
/* The containerd client: Containers/List with filters to find containers, Tasks/Get for a task's
 * PID, each answer checked again here whatever the daemon's filter did. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>

#include "containerd.h"
#include "error.h"
#include "macros.h"
#include "services-containers-v1-containers.pb-c.h"
#include "services-tasks-v1-tasks.pb-c.h"

#define METHOD_LIST	"/containerd.services.containers.v1.Containers/List"
#define METHOD_TASK_GET "/containerd.services.tasks.v1.Tasks/Get"

int containerd_address(const char *address, char **ret_path, char **reterr)
{
	const char *a = address && *address ? address : getenv(CONTAINERD_ADDRESS_ENV);
	const char *path;
	char *p;

	if (!a || !*a)
		path = CONTAINERD_DEFAULT_ADDRESS;
	else if (strncmp(a, "unix://", 7) == 0)
		path = a + 7;
	else if (a[0] == '/')
		path = a;
	else
		return error_set(reterr, -EPROTONOSUPPORT,
				 "%s: only unix sockets are supported: namespaces can only be "
				 "joined on the daemon's own "
				 "host",
				 a);
	if (path[0] != '/' || strlen(path) >= sizeof(((struct sockaddr_un *)0)->sun_path))
		return error_set(reterr, -EINVAL, "%s: not a usable unix socket path", a);
	p = strdup(path);
	if (!p)
		return -ENOMEM;
	*ret_path = p;
	return 0;
}

int containerd_init(struct containerd_client *c, const char *socket_path, int timeout_ms)
{
	return grpc_client_init(&c->grpc, socket_path, timeout_ms);
}

void containerd_done(struct containerd_client *c)
{
	grpc_client_done(&c->grpc);
}

static int check_namespace(const char *ns, char **reterr)
{
	if (!containerd_valid_id(ns, false))
		return error_set(
		    reterr, -EINVAL,
		    "not a containerd namespace: letters and digits joined by '.', '_' "
		    "or '-', at most %d characters",
		    CONTAINERD_MAX_ID);
	return 0;
}

/* Containers/List with one filter (or none). */
static int list_call(struct containerd_client *c, const char *ns, char *filter,
		     struct containerd_list *ret, char **reterr)
{
	Containerd__Services__Containers__V1__ListContainersRequest req =
	    CONTAINERD__SERVICES__CONTAINERS__V1__LIST_CONTAINERS_REQUEST__INIT;
	_cleanup_free_ uint8_t *buf = NULL, *answer = NULL;
	enum grpc_code code;
	size_t len, alen;
	int err;

	if (filter) {
		req.n_filters = 1;
		req.filters = &filter;
	}
	len = containerd__services__containers__v1__list_containers_request__get_packed_size(&req);
	buf = malloc(len ? len : 1);
	if (!buf)
		return -ENOMEM;
	containerd__services__containers__v1__list_containers_request__pack(&req, buf);
	err = grpc_client_call(&c->grpc, METHOD_LIST, ns, buf, len, &code, &answer, &alen, reterr);
	if (err < 0)
		return err;
	return containerd_decode_list(answer, alen, ret, reterr);
}

static bool has_labels(const struct containerd_container *ct, const struct containerd_label *match,
		       size_t n_match)
{
	for (size_t i = 0; i < n_match; i++) {
		const char *v = containerd_label(ct, match[i].key);

		if (!v || strcmp(v, match[i].value) != 0)
			return false;
	}
	return true;
}

int containerd_list(struct containerd_client *c, const char *ns,
		    const struct containerd_label *match, size_t n_match,
		    struct containerd_list *ret, char **reterr)
{
	_cleanup_free_ char *filter = NULL;
	struct containerd_list l;
	int err;

	if ((err = check_namespace(ns, reterr)) < 0)
		return err;
	if (n_match > 0 && !(filter = containerd_filter_labels(match, n_match)))
		return -ENOMEM;
	err = list_call(c, ns, filter, &l, reterr);
	if (err < 0)
		return err;
	for (size_t i = 0; i < l.n; i++)
		if (!has_labels(&l.items[i], match, n_match)) {
			containerd_list_done(&l);
			return error_set(
			    reterr, -EBADMSG,
			    "containerd answered with a container its filter excludes");
		}
	*ret = l;
	return 0;
}

/* "a, b, c and 4 more" */
static char *candidates(const struct containerd_list *l)
{
	char *out = strdup("");

	for (size_t i = 0; out && i < l->n && i < CONTAINERD_MAX_AMBIGUOUS; i++) {
		char *next;

		if (asprintf(&next, "%s%s%s", out, i ? ", " : "", l->items[i].id) < 0)
			next = NULL;
		free(out);
		out = next;
	}
	if (out && l->n > CONTAINERD_MAX_AMBIGUOUS) {
		char *next;

		if (asprintf(&next, "%s and %zu more", out, l->n - CONTAINERD_MAX_AMBIGUOUS) < 0)
			next = NULL;
		free(out);
		out = next;
	}
	return out;
}

/* Pick ref's container out of the containers whose IDs start with it. */
static int pick(struct containerd_list *l, const char *ns, const char *ref,
		struct containerd_container *ret, char **reterr)
{
	size_t exact = l->n;

	for (size_t i = 0; i < l->n; i++) {
		if (strncmp(l->items[i].id, ref, strlen(ref)) != 0)
			return error_set(
			    reterr, -EBADMSG,
			    "containerd answered with a container its filter excludes");
		if (strcmp(l->items[i].id, ref) == 0)
			exact = i;
	}
	if (exact == l->n && l->n == 1)
		exact = 0;
	if (exact == l->n && l->n == 0)
		return error_set(reterr, -ENOENT, "no such container in containerd namespace %s",
				 ns);
	if (exact == l->n) {
		_cleanup_free_ char *names = candidates(l);
		return error_set(reterr, -ENOTUNIQ,
				 "%zu containers of containerd namespace %s start with %s: %s",
				 l->n, ns, ref, names ? names : "");
	}
	*ret = l->items[exact];
	l->items[exact] = l->items[--l->n];
	return 0;
}

int containerd_find(struct containerd_client *c, const char *ns, const char *ref,
		    struct containerd_container *ret, char **reterr)
{
	_cleanup_free_ char *filter = NULL;
	struct containerd_list l;
	int err;

	if ((err = check_namespace(ns, reterr)) < 0)
		return err;
	if (!containerd_valid_id(ref, true))
		return error_set(reterr, -EINVAL,
				 "not a containerd container ID: letters and digits joined by '.', "
				 "'_' or '-', at most %d characters",
				 CONTAINERD_MAX_ID);
	filter = containerd_filter_prefix(ref);
	if (!filter)
		return -ENOMEM;
	err = list_call(c, ns, filter, &l, reterr);
	if (err < 0)
		return err;
	err = pick(&l, ns, ref, ret, reterr);
	containerd_list_done(&l);
	return err;
}

int containerd_task_pid(struct containerd_client *c, const char *ns, const char *id, pid_t *ret_pid,
			char **reterr)
{
	Containerd__Services__Tasks__V1__GetRequest req =
	    CONTAINERD__SERVICES__TASKS__V1__GET_REQUEST__INIT;
	_cleanup_free_ uint8_t *buf = NULL, *answer = NULL;
	struct containerd_task t;
	enum grpc_code code;
	size_t len, alen;
	int err;

	if ((err = check_namespace(ns, reterr)) < 0)
		return err;
	if (!containerd_valid_id(id, false))
		return error_set(reterr, -EINVAL, "not a containerd container ID");
	req.container_id = (char *)id;
	len = containerd__services__tasks__v1__get_request__get_packed_size(&req);
	buf = malloc(len ? len : 1);
	if (!buf)
		return -ENOMEM;
	containerd__services__tasks__v1__get_request__pack(&req, buf);
	err = grpc_client_call(&c->grpc, METHOD_TASK_GET, ns, buf, len, &code, &answer, &alen,
			       reterr);
	if (err < 0 && code == GRPC_NOT_FOUND)
		return error_set(reterr, -ESRCH, "container %s is not running (it has no task)",
				 id);
	if (err < 0)
		return err;
	err = containerd_decode_task(answer, alen, id, &t, reterr);
	if (err >= 0)
		err = containerd_task_check(&t, id, reterr);
	if (err >= 0)
		*ret_pid = t.pid;
	return err;
}
