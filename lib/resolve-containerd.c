// SPDX-License-Identifier: Apache-2.0
/* containerd://[NAMESPACE/]ID and the kubelet's containers in containerd's k8s.io namespace,
 * through containerd's gRPC API (Containers/List, Tasks/Get). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containerd.h"
#include "error.h"
#include "macros.h"
#include "resolve-internal.h"
#include "target.h"

#define CRI_KIND_LABEL                                                                             \
	"io.cri-containerd.kind" /* "sandbox" or "container", set by containerd's CRI plugin */

int resolve_containerd_socket(const struct resolve_options *o, char **ret, char **reterr)
{
	return containerd_address(o->containerd_address, ret, reterr);
}

/* Namespace moby is dockerd's: where no address is given and containerd's default socket is absent,
 * the containerd dockerd started is meant. */
static int socket_for(const struct resolve_options *o, const char *ns, char **ret, char **reterr)
{
	const char *env = getenv(CONTAINERD_ADDRESS_ENV);
	int err = resolve_containerd_socket(o, ret, reterr);

	if (err < 0 || (o->containerd_address && *o->containerd_address) || (env && *env) ||
	    strcmp(ns, CONTAINERD_DOCKER_NAMESPACE) != 0 || resolve_socket_exists(*ret))
		return err;
	free(*ret);
	*ret = strdup(CONTAINERD_DOCKER_ADDRESS);
	return *ret ? 0 : -ENOMEM;
}

static int client(const struct resolve_options *o, const char *ns, struct containerd_client *c,
		  char **reterr)
{
	_cleanup_free_ char *path = NULL;
	int err = socket_for(o, ns, &path, reterr);

	if (err >= 0)
		err = containerd_init(c, path, o->timeout_ms);
	return err;
}

static const char *label_get(const void *ct, const char *key)
{
	return containerd_label(ct, key);
}

/* The candidate of a listed container; with_task: ask for its task's PID. */
static int add_cand(struct containerd_client *c, const char *ns, struct containerd_container *ct,
		    bool with_task, struct resolve_cands *ret, char **reterr)
{
	const char *kind = containerd_label(ct, CRI_KIND_LABEL);
	struct resolve_cand *cand = resolve_cands_add(ret, PROOF_CONTAINERD, ct->id, ns);
	int err;

	if (!cand || resolve_cand_labels(cand, label_get, ct) < 0)
		return -ENOMEM;
	cand->sandbox = kind && strcmp(kind, "sandbox") == 0;
	cand->spec = TAKE_PTR(ct->spec);
	cand->spec_len = ct->spec_len;
	if (!with_task)
		return 0;
	err = containerd_task_pid(c, ns, ct->id, &cand->pid, &cand->why);
	if (err == -ESRCH || err == -EBUSY) {
		cand->pid = 0;
		cand->state = err;
		return 0;
	}
	if (err < 0) {
		/* the words are the daemon's, already in cand->why */
		error_set(reterr, err, "%s", cand->why ? cand->why : strerror(-err));
		return err;
	}
	return 0;
}

int resolve_containerd(const struct resolve_options *o, const struct resolve_ref *r,
		       struct target *t, char **reterr)
{
	struct containerd_client c;
	struct containerd_container ct = { 0 };
	struct resolve_cands cands = { 0 };
	int err;

	err = client(o, r->ns, &c, reterr);
	if (err < 0)
		return err;
	err = containerd_find(&c, r->ns, r->id, &ct, reterr);
	if (err >= 0)
		err = add_cand(&c, r->ns, &ct, true, &cands, reterr);
	containerd_done(&c);
	containerd_container_done(&ct);
	if (err >= 0)
		err = resolve_pin(&cands.v[0], t, reterr);
	resolve_cands_done(&cands);
	return err;
}

int resolve_containerd_pods(const struct resolve_options *o, const char *ns, const char *name,
			    struct resolve_cands *ret, char **reterr)
{
	struct containerd_label match[2] = { { K8S_LABEL_POD_NAMESPACE, (char *)ns },
					     { K8S_LABEL_POD_NAME, (char *)name } };
	struct containerd_client c;
	struct containerd_list l = { 0 };
	int err;

	err = client(o, CONTAINERD_DEFAULT_NAMESPACE, &c, reterr);
	if (err < 0)
		return err;
	err = containerd_list(&c, CONTAINERD_DEFAULT_NAMESPACE, match, ns ? (name ? 2 : 1) : 0, &l,
			      reterr);
	for (size_t i = 0; err >= 0 && i < l.n; i++)
		if (containerd_label(&l.items[i], K8S_LABEL_POD_NAME))
			err = add_cand(&c, CONTAINERD_DEFAULT_NAMESPACE, &l.items[i], name != NULL,
				       ret, reterr);
	containerd_list_done(&l);
	containerd_done(&c);
	return err;
}

int resolve_containerd_members(const struct resolve_options *o, const char *ns,
			       struct resolve_member **ret, size_t *ret_n, char **reterr)
{
	struct resolve_cands cands = { 0 };
	struct containerd_client c;
	struct containerd_list l = { 0 };
	struct resolve_member *m = NULL;
	size_t n = 0;
	int err;

	err = client(o, ns, &c, reterr);
	if (err < 0)
		return err;
	err = containerd_list(&c, ns, NULL, 0, &l, reterr);
	for (size_t i = 0; err >= 0 && i < l.n; i++)
		err = add_cand(&c, ns, &l.items[i], false, &cands, reterr);
	for (size_t i = 0; err >= 0 && i < cands.n; i++)
		err = resolve_cand_member(&cands.v[i], &m, &n);
	containerd_list_done(&l);
	containerd_done(&c);
	resolve_cands_done(&cands);
	if (err < 0) {
		resolve_members_free(m, n);
		return err;
	}
	*ret = m;
	*ret_n = n;
	return 0;
}
