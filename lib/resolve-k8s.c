// SPDX-License-Identifier: Apache-2.0
/* k8s://NAMESPACE/POD[/CONTAINER]: the pod's container by the kubelet's labels, on whichever
 * runtime the node has (containerd's k8s.io namespace, CRI-O, or both), the running one of that
 * name; a pod of several containers needs the container named. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "macros.h"
#include "resolve-internal.h"
#include "target.h"

#define MAX_NAMED 16 /* container names listed in a message */

/* The kubelet's containers of pod ns/pod from every runtime whose socket is there. */
int resolve_k8s_collect(const struct resolve_options *o, const char *ns, const char *pod,
			struct resolve_cands *ret, char **reterr)
{
	_cleanup_free_ char *cd = NULL, *crio = NULL;
	bool any = false;
	int err;

	err = resolve_containerd_socket(o, &cd, reterr);
	if (err >= 0)
		err = resolve_crio_socket(o, &crio, reterr);
	if (err < 0)
		return err;
	if (resolve_socket_exists(cd)) {
		any = true;
		err = resolve_containerd_pods(o, ns, pod, ret, reterr);
	}
	if (err >= 0 && resolve_socket_exists(crio)) {
		any = true;
		err = resolve_crio_pods(o, ns, pod, ret, reterr);
	}
	if (err >= 0 && !any)
		err = error_set(reterr, -ENOENT,
				"no Kubernetes container runtime here: neither containerd at "
				"unix://%s nor CRI-O at "
				"unix://%s (see --containerd-address, --crio-address)",
				cd, crio);
	return err;
}

/* "a, b and c": the distinct container names of the pod's (non-sandbox) containers, sorted. */
static char *names_of(const struct resolve_cands *c, size_t *ret_n)
{
	const char *v[MAX_NAMED];
	char *out = NULL;
	size_t n = 0, len = 0, more = 0;

	for (size_t i = 0; i < c->n; i++) {
		bool seen = false;

		if (c->v[i].sandbox || !c->v[i].container)
			continue;
		for (size_t j = 0; j < n; j++)
			seen = seen || strcmp(v[j], c->v[i].container) == 0;
		if (!seen && n < MAX_NAMED)
			v[n++] = c->v[i].container;
		else if (!seen)
			more++;
	}
	*ret_n = n + more;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
			const char *x = v[j];
			v[j] = v[j - 1];
			v[j - 1] = x;
		}
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 2;
	out = calloc(1, len + 32);
	for (size_t i = 0; out && i < n; i++) {
		strcat(out, i ? ", " : "");
		strcat(out, v[i]);
	}
	if (out && more)
		sprintf(out + strlen(out), " and %zu more", more);
	return out;
}

/* The running container named name (or, when name is NULL, the pod's only container). */
static int pick(const struct resolve_cands *c, const struct resolve_ref *r,
		const struct resolve_cand **ret, char **reterr)
{
	_cleanup_free_ char *names = NULL;
	const struct resolve_cand *run = NULL, *stopped = NULL;
	const char *name = r->container;
	size_t n_names, n_run = 0;

	names = names_of(c, &n_names);
	if (!names)
		return -ENOMEM;
	if (n_names == 0)
		return error_set(reterr, -ENOENT, "no pod %s/%s here", r->ns, r->pod);
	if (!name && n_names > 1)
		return error_set(
		    reterr, -ENOTUNIQ,
		    "pod %s/%s has %zu containers (%s): name one, k8s://%s/%s/CONTAINER", r->ns,
		    r->pod, n_names, names, r->ns, r->pod);
	for (size_t i = 0; i < c->n; i++) {
		const struct resolve_cand *x = &c->v[i];

		if (x->sandbox || !x->container || (name && strcmp(x->container, name) != 0))
			continue;
		if (x->pid > 0 && n_run++ == 0)
			run = x;
		else if (x->pid <= 0)
			stopped = x;
	}
	if (n_run > 1)
		return error_set(reterr, -ENOTUNIQ, "pod %s/%s has %zu running containers named %s",
				 r->ns, r->pod, n_run, name ? name : names);
	if (!run && !stopped)
		return error_set(reterr, -ENOENT, "pod %s/%s has no container %s (it has %s)",
				 r->ns, r->pod, name, names);
	*ret = run ? run : stopped;
	return 0;
}

int resolve_k8s(const struct resolve_options *o, const struct resolve_ref *r, struct target *t,
		char **reterr)
{
	struct resolve_cands c = { 0 };
	const struct resolve_cand *chosen = NULL;
	int err = resolve_k8s_collect(o, r->ns, r->pod, &c, reterr);

	if (err >= 0)
		err = pick(&c, r, &chosen, reterr);
	if (err >= 0)
		err = resolve_pin(chosen, t, reterr);
	resolve_cands_done(&c);
	return err;
}
