// SPDX-License-Identifier: Apache-2.0
/* The proof of membership per runtime. A containerd ID is a free string ("web", "docker",
 * "system.slice"), so it proves nothing by appearing somewhere in a path: it must stand where the
 * runtime puts it, in a path anchored at the root of the hierarchy, which only root can make (a
 * delegated subtree always lies below a user's slice). */
#include <stdio.h>
#include <string.h>

#include "macros.h"
#include "proof.h"
#include "target.h"

#define MAX_COMPONENTS 64

struct path {
	const char *c[MAX_COMPONENTS]; /* components, not NUL-terminated */
	size_t len[MAX_COMPONENTS];
	size_t n;
};

bool proof_is_hex64(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 64;
}

/* Split an absolute path into its components; false when it is no such path or has too many. */
static bool split(const char *p, size_t n, struct path *ret)
{
	ret->n = 0;
	if (n == 0 || p[0] != '/')
		return false;
	for (size_t at = 1; at < n;) {
		const char *slash = memchr(p + at, '/', n - at);
		size_t cn = slash ? (size_t)(slash - (p + at)) : n - at;

		if (ret->n == MAX_COMPONENTS)
			return false;
		ret->c[ret->n] = p + at;
		ret->len[ret->n++] = cn;
		at += cn + 1;
	}
	return true;
}

static bool is(const struct path *p, size_t i, const char *s)
{
	return i < p->n && p->len[i] == strlen(s) && memcmp(p->c[i], s, p->len[i]) == 0;
}

/* Component i is prefix + middle + suffix. */
static bool is3(const struct path *p, size_t i, const char *prefix, const char *middle,
		const char *suffix)
{
	size_t a = strlen(prefix), b = strlen(middle), c = strlen(suffix);

	return i < p->n && p->len[i] == a + b + c && memcmp(p->c[i], prefix, a) == 0 &&
	       memcmp(p->c[i] + a, middle, b) == 0 && memcmp(p->c[i] + a + b, suffix, c) == 0;
}

/* containerd's default and ctr's: /NS/ID, and whatever the container made below it. */
static bool ctr_form(const struct path *p, const struct proof_claim *c)
{
	return c->ns && is(p, 0, c->ns) && is(p, 1, c->id);
}

/* The kubelet's pod cgroup, then the runtime's leaf: cgroupfs /kubepods[/QOS]/pod<UID>/<leaf>,
 * systemd /kubepods.slice[/kubepods-QOS.slice]/kubepods[-QOS]-pod<UID_>.slice/<scope>. */
static bool kubelet_form(const struct path *p, const struct proof_claim *c,
			 const char *const leaf[2], const char *const scope[2])
{
	static const char *const qos[] = { "burstable", "besteffort" };
	char uid_[128], slice[160];
	size_t i, n = strlen(c->pod_uid);

	if (n >= sizeof(uid_))
		return false;
	for (i = 0; i <= n; i++)
		uid_[i] = c->pod_uid[i] == '-' ? '_' : c->pod_uid[i];
	if (is(p, 0, "kubepods")) {
		i = 1;
		for (size_t q = 0; q < ARRAY_SIZE(qos); q++)
			if (is(p, 1, qos[q]))
				i = 2;
		return is3(p, i, "pod", c->pod_uid, "") && is3(p, i + 1, leaf[0], c->id, leaf[1]);
	}
	if (!is(p, 0, "kubepods.slice"))
		return false;
	snprintf(slice, sizeof(slice), "kubepods-pod%s.slice", uid_);
	i = 1;
	for (size_t q = 0; q < ARRAY_SIZE(qos); q++)
		if (is3(p, 1, "kubepods-", qos[q], ".slice")) {
			snprintf(slice, sizeof(slice), "kubepods-%s-pod%s.slice", qos[q], uid_);
			i = 2;
		}
	return is(p, i, slice) && is3(p, i + 1, scope[0], c->id, scope[1]);
}

/* CRI-O's own scopes anywhere, as target_cgroup_names finds Docker's. */
static bool crio_scope(const struct path *p, const char *id)
{
	for (size_t i = 0; i < p->n; i++)
		if (is3(p, i, "crio-", id, ".scope") || is3(p, i, "crio-", id, ""))
			return true;
	return false;
}

static bool path_names(const struct path *p, const struct proof_claim *c)
{
	static const char *const cd_leaf[2] = { "", "" }, *const cd_scope[2] = { "cri-containerd-",
										 ".scope" };
	static const char *const crio_leaf[2] = { "crio-", "" }, *const crio_scope_form[2] = {
		"crio-", ".scope"
	};

	if (c->runtime == PROOF_CONTAINERD)
		return ctr_form(p, c) || (c->pod_uid && kubelet_form(p, c, cd_leaf, cd_scope));
	if (c->runtime == PROOF_CRIO && c->pod_uid)
		return kubelet_form(p, c, crio_leaf, crio_scope_form);
	return c->runtime == PROOF_CRIO && strlen(c->id) >= 12 && crio_scope(p, c->id);
}

bool proof_cgroup_names(const char *s, size_t len, const struct proof_claim *c)
{
	if (!c->id || !*c->id)
		return false;
	/* Docker's IDs, and 64-hex IDs of containerd without a pod: unique, so any engine's form of
	 * them proves */
	if (c->runtime == PROOF_DOCKER ||
	    (c->runtime == PROOF_CONTAINERD && !c->pod_uid && proof_is_hex64(c->id))) {
		if (target_cgroup_names(s, len, c->id))
			return true;
		if (c->runtime == PROOF_DOCKER)
			return false;
	}
	for (size_t at = 0; at < len;) {
		const char *line = s + at, *eol = memchr(line, '\n', len - at);
		size_t n = eol ? (size_t)(eol - line) : len - at;
		const char *c1 = memchr(line, ':', n),
			   *c2 = c1 ? memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - line)) : NULL;
		struct path p;

		at += n + 1;
		if (c2 && split(c2 + 1, n - (size_t)(c2 + 1 - line), &p) && path_names(&p, c))
			return true;
	}
	return false;
}
