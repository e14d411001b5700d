// SPDX-License-Identifier: Apache-2.0
/* crio://ID and the kubelet's containers on CRI-O, through its HTTP inspect endpoint. That endpoint
 * answers about one container at a time and lists none: the containers are found by the cgroup
 * scopes CRI-O makes for them (crio-ID.scope, crio-ID), and each is then asked about; only CRI-O's
 * answer names a container, and the proof checks its process. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crio.h"
#include "error.h"
#include "fdutil.h"
#include "macros.h"
#include "procwalk.h"
#include "proof.h"
#include "resolve-internal.h"
#include "target.h"

#define CGROUP_FILE_MAX	   (64 * 1024)
#define SCAN_MAX_IDS	   65536
#define SANDBOX_ANNOTATION "io.kubernetes.cri-o.ContainerType"

int resolve_crio_socket(const struct resolve_options *o, char **ret, char **reterr)
{
	return crio_address(o->crio_address, ret, reterr);
}

struct idset {
	char (*v)[65];
	size_t n;
};

static int idset_add(struct idset *s, const char *id)
{
	char(*v)[65];

	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->v[i], id) == 0)
			return 0;
	if (s->n == SCAN_MAX_IDS)
		return -E2BIG;
	v = realloc(s->v, (s->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->v = v;
	memcpy(s->v[s->n++], id, 65);
	return 0;
}

/* The IDs of CRI-O's scopes in one cgroup file: components "crio-<64 hex>" and "crio-<64
 * hex>.scope". */
static int scan_cgroup(const char *cg, size_t len, struct idset *s)
{
	int err = 0;

	for (const char *p = cg; err >= 0 && (p = memmem(p, len - (size_t)(p - cg), "/crio-", 6));
	     p += 6) {
		size_t left = len - (size_t)(p + 6 - cg);
		char id[65];

		if (left < 64)
			break;
		memcpy(id, p + 6, 64);
		id[64] = '\0';
		if (!proof_is_hex64(id))
			continue;
		if (left == 64 || p[70] == '/' || p[70] == '\n' ||
		    (left >= 70 && memcmp(p + 70, ".scope", 6) == 0 &&
		     (left == 70 || p[76] == '/' || p[76] == '\n')))
			err = idset_add(s, id);
	}
	return err;
}

static int scan_process(int procfd, void *data)
{
	_cleanup_free_ char *cg = NULL;
	size_t len;

	if (fd_read_file(procfd, "cgroup", CGROUP_FILE_MAX, &cg, &len) < 0)
		return 0; /* gone, or a kernel thread's */
	return scan_cgroup(cg, len, data);
}

static int scan_proc(struct idset *s, char **reterr)
{
	_cleanup_free_ char *why = NULL;
	int err = proc_walk(scan_process, s, &why);

	if (err < 0 && why)
		return error_set(reterr, err, "%s", why);
	return err < 0
		   ? error_set(reterr, err, "cannot collect CRI-O's containers: %s", strerror(-err))
		   : 0;
}

static const char *label_get(const void *ct, const char *key)
{
	const struct crio_container *c = ct;

	return crio_kv_get(c->labels, c->n_labels, key);
}

static bool is_sandbox(const struct crio_container *ct)
{
	const char *a = crio_kv_get(ct->annotations, ct->n_annotations, SANDBOX_ANNOTATION);
	const char *b =
	    crio_kv_get(ct->crio_annotations, ct->n_crio_annotations, SANDBOX_ANNOTATION);

	return (a && strcmp(a, "sandbox") == 0) || (b && strcmp(b, "sandbox") == 0);
}

/* Ask CRI-O about id; *found NULL when it knows no such container (a scope of another CRI-O, or
 * gone), and untouched on failure. */
static int ask(struct crio_client *c, const char *id, bool missing_ok, struct resolve_cands *ret,
	       struct resolve_cand **found, char **reterr)
{
	struct crio_container ct = { 0 };
	struct resolve_cand *cand;
	int err = crio_container(c, id, &ct, reterr);

	if (err == -ENOENT && missing_ok) {
		*found = NULL;
		return 0;
	}
	if (err < 0)
		return err;
	cand = resolve_cands_add(ret, PROOF_CRIO, id, NULL);
	err = cand ? resolve_cand_labels(cand, label_get, &ct) : -ENOMEM;
	if (err >= 0) {
		cand->sandbox = is_sandbox(&ct);
		cand->pid = ct.pid;
		cand->state = crio_container_check(&ct, id, &cand->why);
		if (cand->state < 0)
			cand->pid = 0;
		*found = cand;
	}
	crio_container_done(&ct);
	return err;
}

static int client(const struct resolve_options *o, struct crio_client *c, char **reterr)
{
	_cleanup_free_ char *path = NULL;
	int err = resolve_crio_socket(o, &path, reterr);

	return err < 0 ? err : crio_init(c, path, o->timeout_ms);
}

/* The full ID of a prefix, among the containers CRI-O's scopes name. */
static int complete_id(const char *prefix, char *ret, char **reterr)
{
	struct idset s = { 0 };
	size_t hits = 0;
	char id[65];
	int err = scan_proc(&s, reterr);

	for (size_t i = 0; err >= 0 && i < s.n; i++)
		if (strncmp(s.v[i], prefix, strlen(prefix)) == 0 && hits++ == 0)
			memcpy(id, s.v[i], sizeof(id));
	free(s.v);
	if (err < 0)
		return err;
	if (hits == 0)
		return error_set(reterr, -ENOENT, "no running CRI-O container's ID starts with %s",
				 prefix);
	if (hits > 1)
		return error_set(
		    reterr, -ENOTUNIQ,
		    "%zu running CRI-O containers' IDs start with %s: give more digits", hits,
		    prefix);
	memcpy(ret, id, sizeof(id));
	return 0;
}

int resolve_crio(const struct resolve_options *o, const struct resolve_ref *r, struct target *t,
		 char **reterr)
{
	struct resolve_cands cands = { 0 };
	struct resolve_cand *found;
	struct crio_client c;
	char id[65];
	int err;

	if (strlen(r->id) == 64)
		memcpy(id, r->id, 65);
	else if ((err = complete_id(r->id, id, reterr)) < 0)
		return err;
	err = client(o, &c, reterr);
	if (err < 0)
		return err;
	err = ask(&c, id, false, &cands, &found, reterr);
	crio_done(&c);
	if (err >= 0)
		err = resolve_pin(found, t, reterr);
	resolve_cands_done(&cands);
	return err;
}

/* Every container CRI-O's scopes name that CRI-O knows, with_pod: of pod ns/name only (name NULL:
 * of namespace ns; ns NULL: of any pod). */
static int collect(const struct resolve_options *o, bool with_pod, const char *ns, const char *name,
		   struct resolve_cands *ret, char **reterr)
{
	struct idset s = { 0 };
	struct crio_client c;
	int err = scan_proc(&s, reterr);

	if (err >= 0)
		err = client(o, &c, reterr);
	if (err < 0) {
		free(s.v);
		return err;
	}
	for (size_t i = 0; err >= 0 && i < s.n; i++) {
		struct resolve_cand *f;

		err = ask(&c, s.v[i], true, ret, &f, reterr);
		if (err < 0 || !f || !with_pod)
			continue;
		if (!f->pod || (ns && (!f->pod_ns || strcmp(f->pod_ns, ns) != 0)) ||
		    (name && strcmp(f->pod, name) != 0))
			resolve_cands_drop_last(ret);
	}
	crio_done(&c);
	free(s.v);
	return err;
}

int resolve_crio_pods(const struct resolve_options *o, const char *ns, const char *name,
		      struct resolve_cands *ret, char **reterr)
{
	return collect(o, true, ns, name, ret, reterr);
}

int resolve_crio_members(const struct resolve_options *o, struct resolve_member **ret,
			 size_t *ret_n, char **reterr)
{
	struct resolve_cands cands = { 0 };
	struct resolve_member *m = NULL;
	size_t n = 0;
	int err = collect(o, false, NULL, NULL, &cands, reterr);

	for (size_t i = 0; err >= 0 && i < cands.n; i++)
		err = resolve_cand_member(&cands.v[i], &m, &n);
	resolve_cands_done(&cands);
	if (err < 0) {
		resolve_members_free(m, n);
		return err;
	}
	*ret = m;
	*ret_n = n;
	return 0;
}
