// SPDX-License-Identifier: Apache-2.0
/* Completion of references with a scheme: containerd://[NAMESPACE/]ID from containerd's list,
 * k8s://NAMESPACE/POD [/CONTAINER] from the kubelet's labels, crio://ID from CRI-O's scopes. Only
 * valid identifiers and Kubernetes names are ever offered: labels are the daemon's text, never
 * printed as they are. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complete-internal.h"
#include "containerd.h"
#include "macros.h"
#include "resolve-internal.h"

struct resolve_options complete_runtimes;

static const char *const schemes[] = { "containerd://", "k8s://", "crio://" };

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* containerd://[NS/]PREFIX: the IDs of namespace NS (default k8s.io). */
static int containerd_ids(const char *rest)
{
	const char *slash = strchr(rest, '/');
	_cleanup_free_ char *ns =
	    slash ? strndup(rest, (size_t)(slash - rest)) : strdup(CONTAINERD_DEFAULT_NAMESPACE);
	const char *prefix = slash ? slash + 1 : rest;
	struct resolve_member *m = NULL;
	size_t n = 0;

	if (!ns || !containerd_valid_id(ns, false) ||
	    resolve_containerd_members(&complete_runtimes, ns, &m, &n, NULL) < 0)
		return DIR_ERROR;
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *c = NULL;

		if (!starts(m[i].id, prefix) || asprintf(&c, "containerd://%s%s%s", slash ? ns : "",
							 slash ? "/" : "", m[i].id) < 0)
			continue;
		complete_candidate(c, starts(m[i].name, "k8s://") ? m[i].name + 6 : NULL);
	}
	resolve_members_free(m, n);
	return DIR_NO_FILES;
}

static bool offered(char **seen, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(seen[i], s) == 0)
			return true;
	return false;
}

/* How many containers (not sandboxes) pod ns/pod has among c. */
static size_t containers_of(const struct resolve_cands *c, const char *ns, const char *pod)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n; i++)
		n += !c->v[i].sandbox && c->v[i].container && strcmp(c->v[i].pod_ns, ns) == 0 &&
		     strcmp(c->v[i].pod, pod) == 0;
	return n;
}

/* k8s://PREFIX: namespaces; k8s://NS/PREFIX: pods (a pod of several containers ends in '/');
 * k8s://NS/POD/PREFIX: its containers. */
static int k8s_names(const char *rest)
{
	const char *a = strchr(rest, '/'), *b = a ? strchr(a + 1, '/') : NULL;
	_cleanup_free_ char *ns = a ? strndup(rest, (size_t)(a - rest)) : NULL;
	_cleanup_free_ char *pod = b ? strndup(a + 1, (size_t)(b - a - 1)) : NULL;
	struct resolve_cands c = { 0 };
	char **seen = NULL;
	size_t n_seen = 0;
	int directive = DIR_NO_FILES;

	if ((a && (!ns || !resolve_k8s_name(ns))) || (b && (!pod || !resolve_k8s_name(pod))) ||
	    resolve_k8s_collect(&complete_runtimes, ns, NULL, &c, NULL) < 0)
		return DIR_ERROR;
	for (size_t i = 0; i < c.n; i++) {
		const struct resolve_cand *x = &c.v[i];
		char *s = NULL, **v;
		int r = -1;

		if (x->sandbox || !x->pod_ns || !x->pod || !x->container)
			continue;
		if (!a && starts(x->pod_ns, rest))
			r = asprintf(&s, "k8s://%s/", x->pod_ns);
		else if (a && !b && starts(x->pod, a + 1))
			r = asprintf(&s, "k8s://%s/%s%s", ns, x->pod,
				     containers_of(&c, ns, x->pod) > 1 ? "/" : "");
		else if (b && strcmp(x->pod, pod) == 0 && starts(x->container, b + 1))
			r = asprintf(&s, "k8s://%s/%s/%s", ns, pod, x->container);
		if (r < 0 || offered(seen, n_seen, s) ||
		    !(v = realloc(seen, (n_seen + 1) * sizeof(*v)))) {
			free(s);
			continue;
		}
		seen = v;
		seen[n_seen++] = s;
		complete_candidate(s, NULL);
		if (s[strlen(s) - 1] == '/')
			directive |= DIR_NO_SPACE;
	}
	for (size_t i = 0; i < n_seen; i++)
		free(seen[i]);
	free(seen);
	resolve_cands_done(&c);
	return directive;
}

/* crio://PREFIX: 12 digits of each container CRI-O knows. */
static int crio_ids(const char *rest)
{
	struct resolve_member *m = NULL;
	size_t n = 0;

	if (resolve_crio_members(&complete_runtimes, &m, &n, NULL) < 0)
		return DIR_ERROR;
	for (size_t i = 0; i < n; i++) {
		char c[32];

		snprintf(c, sizeof(c), "crio://%.12s", m[i].id);
		if (starts(m[i].id, rest))
			complete_candidate(c, starts(m[i].name, "k8s://") ? m[i].name + 6 : NULL);
	}
	resolve_members_free(m, n);
	return DIR_NO_FILES;
}

int complete_runtime_ref(const char *word)
{
	if (starts(word, schemes[0]))
		return containerd_ids(word + strlen(schemes[0]));
	if (starts(word, schemes[1]))
		return k8s_names(word + strlen(schemes[1]));
	if (starts(word, schemes[2]))
		return crio_ids(word + strlen(schemes[2]));
	return -1;
}

int complete_schemes(const char *word)
{
	int directive = 0;

	for (size_t i = 0; *word && i < ARRAY_SIZE(schemes); i++)
		if (starts(schemes[i], word)) {
			complete_candidate(schemes[i], NULL);
			directive = DIR_NO_SPACE;
		}
	return directive;
}

bool complete_runtime_option(const char *opt, const char *value)
{
	if (strcmp(opt, "--containerd-address") == 0)
		complete_runtimes.containerd_address = value;
	else if (strcmp(opt, "--crio-address") == 0)
		complete_runtimes.crio_address = value;
	else
		return false;
	return true;
}
