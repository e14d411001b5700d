// SPDX-License-Identifier: Apache-2.0
/* Who shares a container's namespaces: the host (PID 1's namespaces) or other running containers,
 * found by scanning /proc for processes in the same namespaces and naming their containers by
 * cgroup. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "engine.h"
#include "error.h"
#include "fdutil.h"
#include "http.h"
#include "inventory.h"
#include "listing.h"
#include "macros.h"
#include "procwalk.h"
#include "proof.h"
#include "resolve.h"
#include "rootless.h"
#include "target.h"

#define CGROUP_FILE_MAX (64 * 1024)

static const char *const share_names[_INVENTORY_SHARE_MAX] = {
	[INVENTORY_PRIVATE] = "private",
	[INVENTORY_HOST] = "host",
	[INVENTORY_CONTAINERS] = "containers",
};

const char *inventory_share_name(enum inventory_share s)
{
	return s < _INVENTORY_SHARE_MAX ? share_names[s] : NULL;
}

void inventory_done(struct inventory *inv)
{
	for (size_t i = 0; i < inv->n; i++) {
		for (size_t j = 0; j < inv->entries[i].n_sharers; j++)
			free(inv->entries[i].sharers[j]);
		free(inv->entries[i].sharers);
	}
	*inv = (struct inventory){ 0 };
}

static int ns_stat(int dirfd, enum ns_type type, struct stat *st)
{
	char path[32];

	snprintf(path, sizeof(path), "ns/%s", ns_proc_file(type));
	return fstatat(dirfd, path, st, 0) < 0 ? negative_errno() : 0;
}

/* The host's namespace of a type: PID 1's; ours where PID 1's cannot be read (a sandbox that hides
 * its init from root), since we run on the host. */
static int host_ns_stat(int init, enum ns_type type, struct stat *st)
{
	char path[32];
	int err = init >= 0 ? ns_stat(init, type, st) : -EACCES;

	if (err != -EACCES && err != -EPERM)
		return err;
	snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_proc_file(type));
	return stat(path, st) < 0 ? negative_errno() : 0;
}

/* The target's namespaces into a new inventory, and which of them are the host's; the outputs are
 * written only when every namespace could be inspected. */
static int collect_own(const struct target *t, struct inventory *ret, dev_t *ret_dev, char **reterr)
{
	_cleanup_close_ int init = open("/proc/1", O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct inventory inv = { .n = 0 };
	dev_t dev = 0;

	for (int i = 0; i < _NS_MAX; i++) {
		struct stat st, host;
		int err = ns_stat(t->procfd, i, &st);

		if (err == -ENOENT)
			continue;
		if (err < 0)
			return error_set(reterr, err,
					 "cannot inspect the container's %s namespace: %s",
					 ns_name(i), strerror(-err));
		dev = st.st_dev;
		inv.entries[inv.n] = (struct inventory_entry){ .type = i, .inode = st.st_ino };
		if (host_ns_stat(init, i, &host) == 0 && host.st_ino == st.st_ino &&
		    host.st_dev == st.st_dev)
			inv.entries[inv.n].share = INVENTORY_HOST;
		inv.n++;
	}
	*ret = inv;
	*ret_dev = dev;
	return 0;
}

static bool has_sharer(const struct inventory_entry *e, const char *name)
{
	for (size_t i = 0; i < e->n_sharers; i++)
		if (strcmp(e->sharers[i], name) == 0)
			return true;
	return false;
}

static int add_sharer(struct inventory_entry *e, const char *name)
{
	char **v;

	if (has_sharer(e, name))
		return 0;
	v = realloc(e->sharers, (e->n_sharers + 2) * sizeof(char *));
	if (!v)
		return -ENOMEM;
	e->sharers = v;
	if (!(v[e->n_sharers] = strdup(name)))
		return -ENOMEM;
	v[++e->n_sharers] = NULL;
	e->share = INVENTORY_CONTAINERS;
	return 0;
}

static bool is_self(const struct resolve_member *m, const struct target *t)
{
	return strcmp(m->id, t->info.id) == 0 && m->runtime == t->runtime &&
	       (!m->ns || !t->ns || strcmp(m->ns, t->ns) == 0);
}

/* What the scan needs: the other containers, the target, and for a rootless daemon's target the
 * daemon. */
struct scan {
	const struct resolve_member *l;
	size_t n;
	const struct target *t;
	const struct unixsock_peer *rootless; /* NULL: containers are told by their cgroups */
};

/* Which member (other than the target) a rootless daemon's process belongs to, by its runtime shim;
 * NULL when none. */
static const struct resolve_member *rootless_owner_of(int procfd, const struct scan *sc)
{
	char id[ROOTLESS_ID_MAX + 1];

	if (rootless_container_of(sc->rootless, procfd, id) < 0)
		return NULL;
	for (size_t i = 0; i < sc->n; i++)
		if (!is_self(&sc->l[i], sc->t) && strcmp(sc->l[i].id, id) == 0)
			return &sc->l[i];
	return NULL;
}

/* Which member (other than the target) a process belongs to, by its cgroup in the member's
 * runtime's forms, or for a rootless daemon by its runtime shim; NULL when none. */
static const struct resolve_member *owner_of(int procfd, const struct scan *sc)
{
	_cleanup_free_ char *cg = NULL;
	size_t len;

	if (sc->rootless)
		return rootless_owner_of(procfd, sc);
	if (fd_read_file(procfd, "cgroup", CGROUP_FILE_MAX, &cg, &len) < 0)
		return NULL;
	for (size_t i = 0; i < sc->n; i++) {
		const struct resolve_member *m = &sc->l[i];
		struct proof_claim c = {
			.runtime = m->runtime, .id = m->id, .ns = m->ns, .pod_uid = m->pod_uid
		};

		if (!is_self(m, sc->t) && proof_cgroup_names(cg, len, &c))
			return m;
	}
	return NULL;
}

/* One process of /proc: for each namespace of ours it shares (and the host does not), name its
 * container. */
static int scan_process(int procfd, struct inventory *inv, dev_t dev, const struct scan *sc)
{
	const struct resolve_member *owner = NULL;
	bool looked = false;

	for (size_t i = 0; i < inv->n; i++) {
		struct inventory_entry *e = &inv->entries[i];
		struct stat st;
		int err;

		if (e->share == INVENTORY_HOST || ns_stat(procfd, e->type, &st) < 0)
			continue;
		if (st.st_ino != e->inode || st.st_dev != dev)
			continue;
		if (!looked) {
			owner = owner_of(procfd, sc);
			looked = true;
		}
		if (!owner)
			return 0;
		err = add_sharer(e, owner->name);
		if (err < 0)
			return err;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct walk {
	struct inventory *inv;
	dev_t dev;
	const struct scan *sc;
};

static int walk_process(int procfd, void *data)
{
	struct walk *w = data;

	return scan_process(procfd, w->inv, w->dev, w->sc);
}

static int scan_proc(struct inventory *inv, dev_t dev, const struct scan *sc, char **reterr)
{
	struct walk w = { inv, dev, sc };
	_cleanup_free_ char *why = NULL;
	int err = proc_walk(walk_process, &w, &why);

	if (err < 0 && why)
		return error_set(reterr, err, "%s", why);
	for (size_t i = 0; i < inv->n; i++)
		if (inv->entries[i].n_sharers > 1)
			qsort(inv->entries[i].sharers, inv->entries[i].n_sharers, sizeof(char *),
			      cmp_str);
	return err < 0 ? error_set(reterr, err, "out of memory") : 0;
}

static int collect(const struct scan *sc, struct inventory *ret, char **reterr)
{
	struct inventory inv = { 0 };
	dev_t dev = 0;
	int err;

	err = collect_own(sc->t, &inv, &dev, reterr);
	if (err >= 0)
		err = scan_proc(&inv, dev, sc, reterr);
	if (err < 0) {
		inventory_done(&inv);
		return err;
	}
	*ret = inv;
	return 0;
}

int inventory_collect_members(const struct target *t, const struct resolve_member *m, size_t n,
			      struct inventory *ret, char **reterr)
{
	return collect(&(struct scan){ .l = m, .n = n, .t = t }, ret, reterr);
}

/* Whether the daemon calls itself rootless; a daemon that will not say is taken at its silence. */
static bool daemon_says_rootless(struct engine *e)
{
	struct http_response r;
	bool rootless = false;

	if (engine_get(e, "/info", &r, NULL) < 0)
		return false;
	if (r.status != 200 || rootless_info_parse(r.body, r.body_len, &rootless) < 0)
		rootless = false;
	http_response_done(&r);
	return rootless;
}

/* Docker's running containers as members: named by their names, proven by Docker's forms. */
static int docker_members(struct container_summary *l, size_t n, struct resolve_member **ret)
{
	struct resolve_member *m = calloc(n ? n : 1, sizeof(*m));

	if (!m)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		m[i] = (struct resolve_member){ .name = l[i].name[0] ? l[i].name : l[i].id,
						.id = l[i].id,
						.runtime = PROOF_DOCKER };
	*ret = m;
	return 0;
}

int inventory_collect(struct engine *e, const struct target *t, struct inventory *ret,
		      char **reterr)
{
	struct container_summary *l = NULL;
	struct resolve_member *m = NULL;
	size_t n = 0;
	int err;

	err = listing_fetch(e, &l, &n, reterr);
	if (err >= 0)
		err = docker_members(l, n, &m);
	if (err >= 0)
		err = collect(
		    &(struct scan){
			.l = m, .n = n, .t = t, .rootless = t->rootless ? &e->peer : NULL },
		    ret, reterr);
	free(m); /* its strings are the listing's */
	listing_free(l, n);
	if (err < 0)
		return err;
	ret->daemon_uid = e->peer.uid;
	ret->daemon_rootless = daemon_says_rootless(e);
	return 0;
}
