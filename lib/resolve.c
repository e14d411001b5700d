// SPDX-License-Identifier: Apache-2.0
/* The reference's scheme picks the resolver: the parsing of references with a scheme and the
 * dispatch to the containerd (resolve-containerd.c), CRI-O (resolve-crio.c) and Kubernetes
 * (resolve-k8s.c) resolvers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containerd.h"
#include "crio-info.h"
#include "error.h"
#include "macros.h"
#include "resolve-internal.h"
#include "resolve.h"
#include "target.h"

static const char *const scheme_prefix[_RESOLVE_SCHEME_MAX] = {
	[RESOLVE_CONTAINERD] = "containerd://",
	[RESOLVE_K8S] = "k8s://",
	[RESOLVE_CRIO] = "crio://",
};

void resolve_ref_done(struct resolve_ref *r)
{
	free(r->ns);
	free(r->id);
	free(r->pod);
	free(r->container);
	*r = (struct resolve_ref){ 0 };
}

bool resolve_k8s_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > RESOLVE_K8S_MAX_NAME)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool alnum = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9');

		if (!alnum && ((s[i] != '-' && s[i] != '.') || i == 0 || i == n - 1))
			return false;
	}
	return true;
}

/* containerd://[NAMESPACE/]ID */
static int parse_containerd(const char *rest, struct resolve_ref *r, char **reterr)
{
	const char *slash = strchr(rest, '/');

	r->ns =
	    slash ? strndup(rest, (size_t)(slash - rest)) : strdup(CONTAINERD_DEFAULT_NAMESPACE);
	r->id = strdup(slash ? slash + 1 : rest);
	if (!r->ns || !r->id)
		return -ENOMEM;
	if (!containerd_valid_id(r->ns, false))
		return error_set(reterr, -EINVAL,
				 "not a containerd namespace (letters and digits joined by "
				 "'.', '_' or '-', at most %d characters)",
				 CONTAINERD_MAX_ID);
	if (!containerd_valid_id(r->id, true))
		return error_set(reterr, -EINVAL,
				 "not a containerd container ID or prefix (letters and digits "
				 "joined by '.', '_' or '-', at most %d characters)",
				 CONTAINERD_MAX_ID);
	return 0;
}

/* k8s://NAMESPACE/POD[/CONTAINER] */
static int parse_k8s(const char *rest, struct resolve_ref *r, char **reterr)
{
	const char *a = strchr(rest, '/'), *b = a ? strchr(a + 1, '/') : NULL;

	if (!a)
		return error_set(reterr, -EINVAL,
				 "k8s://NAMESPACE/POD[/CONTAINER]: the pod's namespace is missing");
	r->ns = strndup(rest, (size_t)(a - rest));
	r->pod = b ? strndup(a + 1, (size_t)(b - a - 1)) : strdup(a + 1);
	r->container = b ? strdup(b + 1) : NULL;
	if (!r->ns || !r->pod || (b && !r->container))
		return -ENOMEM;
	if (!resolve_k8s_name(r->ns) || !resolve_k8s_name(r->pod) ||
	    (r->container && !resolve_k8s_name(r->container)))
		return error_set(reterr, -EINVAL,
				 "k8s://NAMESPACE/POD[/CONTAINER]: not Kubernetes names "
				 "(lower-case letters, digits, "
				 "'-' and '.', at most %d characters)",
				 RESOLVE_K8S_MAX_NAME);
	return 0;
}

static int parse_crio(const char *rest, struct resolve_ref *r, char **reterr)
{
	r->id = strdup(rest);
	if (!r->id)
		return -ENOMEM;
	if (!*rest || strlen(rest) > 64 || strspn(rest, "0123456789abcdef") != strlen(rest))
		return error_set(reterr, -EINVAL,
				 "not a CRI-O container ID or prefix (hex digits)");
	return 0;
}

int resolve_parse(const char *ref, struct resolve_ref *ret, char **reterr)
{
	struct resolve_ref r = { 0 };
	const char *sep = strstr(ref, "://");
	int err = -EINVAL;

	if (!sep) {
		r.id = strdup(ref);
		if (!r.id)
			return -ENOMEM;
		*ret = r;
		return 0;
	}
	for (int s = RESOLVE_CONTAINERD; s < _RESOLVE_SCHEME_MAX; s++)
		if (strncmp(ref, scheme_prefix[s], strlen(scheme_prefix[s])) == 0)
			r.scheme = (enum resolve_scheme)s;
	if (r.scheme == RESOLVE_CONTAINERD)
		err = parse_containerd(ref + strlen(scheme_prefix[r.scheme]), &r, reterr);
	else if (r.scheme == RESOLVE_K8S)
		err = parse_k8s(ref + strlen(scheme_prefix[r.scheme]), &r, reterr);
	else if (r.scheme == RESOLVE_CRIO)
		err = parse_crio(ref + strlen(scheme_prefix[r.scheme]), &r, reterr);
	else
		err = error_set(
		    reterr, -EINVAL,
		    "unknown scheme: a container is NAME or ID (Docker), "
		    "containerd://[NAMESPACE/]ID, k8s://NAMESPACE/POD[/CONTAINER] or crio://ID");
	if (err < 0) {
		resolve_ref_done(&r);
		return err;
	}
	*ret = r;
	return 0;
}

int resolve_target(const struct resolve_options *o, const struct resolve_ref *r, struct target *t,
		   char **reterr)
{
	switch (r->scheme) {
	case RESOLVE_CONTAINERD: return resolve_containerd(o, r, t, reterr);
	case RESOLVE_K8S: return resolve_k8s(o, r, t, reterr);
	case RESOLVE_CRIO: return resolve_crio(o, r, t, reterr);
	default:
		return error_set(reterr, -EINVAL,
				 "a Docker reference is resolved by the Docker daemon");
	}
}

char *resolve_target_ref(const struct target *t)
{
	char *s = NULL;

	if (t->runtime == PROOF_CONTAINERD &&
	    asprintf(&s, "containerd://%s/%s", t->ns ?: "", t->info.id) < 0)
		return NULL;
	if (t->runtime == PROOF_CRIO && asprintf(&s, "crio://%s", t->info.id) < 0)
		return NULL;
	if (t->runtime == PROOF_DOCKER)
		s = strdup(t->info.name && t->info.name[0] ? t->info.name
			   : t->info.id			   ? t->info.id
							   : "");
	return s;
}

void resolve_members_free(struct resolve_member *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].name);
		free(m[i].id);
		free(m[i].ns);
		free(m[i].pod_uid);
	}
	free(m);
}

int resolve_members(const struct resolve_options *o, const struct target *t,
		    struct resolve_member **ret, size_t *ret_n, char **reterr)
{
	if (t->runtime == PROOF_CONTAINERD)
		return resolve_containerd_members(o, t->ns, ret, ret_n, reterr);
	if (t->runtime == PROOF_CRIO)
		return resolve_crio_members(o, ret, ret_n, reterr);
	return error_set(reterr, -EINVAL, "Docker's containers are listed by the Docker daemon");
}

int resolve_member_add(struct resolve_member **m, size_t *n, const struct resolve_member *add)
{
	struct resolve_member c = {
		.name = strdup(add->name),
		.id = strdup(add->id),
		.ns = add->ns ? strdup(add->ns) : NULL,
		.pod_uid = add->pod_uid ? strdup(add->pod_uid) : NULL,
		.runtime = add->runtime,
	};
	struct resolve_member *v = NULL;

	/* the copies first: the list grows only by a whole member */
	if (c.name && c.id && (!add->ns || c.ns) && (!add->pod_uid || c.pod_uid))
		v = realloc(*m, (*n + 1) * sizeof(**m));
	if (!v) {
		free(c.name);
		free(c.id);
		free(c.ns);
		free(c.pod_uid);
		return -ENOMEM;
	}
	*m = v;
	v[(*n)++] = c;
	return 0;
}
