// SPDX-License-Identifier: Apache-2.0
/* The containers the runtimes name: the kubelet's labels of them (never trusted for printing: only
 * valid names are kept), their pin and proof, and what --exec takes from their OCI spec. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bundle.h"
#include "error.h"
#include "macros.h"
#include "oci-spec.h"
#include "resolve-internal.h"
#include "target.h"

#define BUNDLE_OWNER 0 /* the runtimes' shims and bundles are root's */

static void cand_done(struct resolve_cand *c)
{
	free(c->id);
	free(c->ns);
	free(c->pod_uid);
	free(c->pod_ns);
	free(c->pod);
	free(c->container);
	free(c->why);
	free(c->spec);
}

void resolve_cands_done(struct resolve_cands *c)
{
	for (size_t i = 0; i < c->n; i++)
		cand_done(&c->v[i]);
	free(c->v);
	*c = (struct resolve_cands){ 0 };
}

void resolve_cands_drop_last(struct resolve_cands *c)
{
	if (c->n)
		cand_done(&c->v[--c->n]);
}

struct resolve_cand *resolve_cands_add(struct resolve_cands *c, enum proof_runtime runtime,
				       const char *id, const char *ns)
{
	struct resolve_cand *v = realloc(c->v, (c->n + 1) * sizeof(*v)), *n;

	if (!v)
		return NULL;
	c->v = v;
	n = &v[c->n];
	*n = (struct resolve_cand){ .runtime = runtime,
				    .id = strdup(id),
				    .ns = ns ? strdup(ns) : NULL };
	if (!n->id || (ns && !n->ns)) {
		cand_done(n);
		return NULL;
	}
	c->n++;
	return n;
}

/* A copy of the label when it is a valid Kubernetes name; NULL otherwise (then -ENOMEM is told
 * apart by *err). */
static char *name_label(const char *v, int *err)
{
	char *s;

	if (!v || !resolve_k8s_name(v))
		return NULL;
	s = strdup(v);
	if (!s)
		*err = -ENOMEM;
	return s;
}

int resolve_cand_labels(struct resolve_cand *c, const char *(*get)(const void *, const char *),
			const void *labels)
{
	const char *uid = get(labels, K8S_LABEL_POD_UID);
	char *pod_ns, *pod, *container, *pod_uid = NULL;
	int err = 0;

	pod_ns = name_label(get(labels, K8S_LABEL_POD_NAMESPACE), &err);
	pod = name_label(get(labels, K8S_LABEL_POD_NAME), &err);
	container = name_label(get(labels, K8S_LABEL_CONTAINER_NAME), &err);
	/* a pod UID is a UUID; anything else cannot name a pod's cgroup and proves nothing */
	if (uid && resolve_k8s_name(uid) && strlen(uid) <= 64 && !(pod_uid = strdup(uid)))
		err = -ENOMEM;
	if (err < 0) {
		free(pod_ns);
		free(pod);
		free(container);
		free(pod_uid);
		return err;
	}
	c->pod_ns = pod_ns;
	c->pod = pod;
	c->container = container;
	c->pod_uid = pod_uid;
	return 0;
}

bool resolve_socket_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISSOCK(st.st_mode);
}

/* --exec's fields: containerd's spec as its API gives it; CRI-O's through conmon's bundle, as the
 * container's powers read it. A CRI-O container whose bundle cannot be read is entered without
 * them. */
static int exec_info(const struct resolve_cand *c, struct target *t, char **reterr)
{
	_cleanup_free_ char *json = NULL;
	size_t len;
	int err;

	if (c->spec)
		return oci_spec_process_info(c->spec, c->spec_len, &t->info, reterr);
	if (c->runtime == PROOF_CRIO &&
	    bundle_read_config(t, BUNDLE_OWNER, &json, &len, NULL) >= 0) {
		err = oci_spec_process_info(json, len, &t->info, NULL);
		if (err == -ENOMEM)
			return err;
	}
	return 0;
}

int resolve_pin(const struct resolve_cand *c, struct target *ret, char **reterr)
{
	struct proof_claim claim = {
		.runtime = c->runtime, .id = c->id, .ns = c->ns, .pod_uid = c->pod_uid
	};
	struct target t;
	int err;

	if (c->pid <= 0)
		return error_set(reterr, c->state < 0 ? c->state : -ESRCH, "%s",
				 c->why ? c->why : "the container is not running");
	target_init(&t);
	err = target_pin_claim(c->pid, &claim, &t, reterr);
	if (err >= 0) {
		t.info.id = strdup(c->id);
		t.info.pid = c->pid;
		t.info.running = true;
		err = t.info.id ? exec_info(c, &t, reterr) : -ENOMEM;
	}
	if (err >= 0)
		err = oci_spec_info_empty(&t.info);
	if (err < 0) {
		target_done(&t);
		return err;
	}
	*ret = t;
	return 0;
}

int resolve_cand_member(const struct resolve_cand *c, struct resolve_member **m, size_t *n)
{
	_cleanup_free_ char *name = NULL;
	int r;

	if (c->pod_ns && c->pod && c->container)
		r = asprintf(&name, "k8s://%s/%s/%s", c->pod_ns, c->pod, c->container);
	else if (c->runtime == PROOF_CONTAINERD)
		r = asprintf(&name, "containerd://%s/%s", c->ns, c->id);
	else
		r = asprintf(&name, "crio://%s", c->id);
	if (r < 0)
		return -ENOMEM;
	return resolve_member_add(m, n,
				  &(struct resolve_member){ .name = name,
							    .id = c->id,
							    .ns = c->ns,
							    .pod_uid = c->pod_uid,
							    .runtime = c->runtime });
}
