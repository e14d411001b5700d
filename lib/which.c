// SPDX-License-Identifier: Apache-2.0
/* Reverse lookup: pin the process, read its cgroup for container IDs in the engines' forms, ask the
 * daemon about each, compare its namespaces with the container's pinned main process, and check the
 * process is still the one pinned. */
#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine.h"
#include "error.h"
#include "fdutil.h"
#include "macros.h"
#include "reference.h"
#include "target.h"
#include "which.h"

#define CGROUP_FILE_MAX (64 * 1024)
#define STATUS_MAX	(64 * 1024)
#define PIDNS_DEPTH_MAX 32

static const struct {
	const char *prefix, *suffix, *engine;
} forms[] = {
	{ "docker-", ".scope", "docker" },
	{ "libpod-", ".scope", "podman" },
	{ "libpod-", "", "podman" },
	{ "crio-", ".scope", "cri-o" },
	{ "crio-", "", "cri-o" },
	{ "cri-containerd-", ".scope", "containerd" },
	{ "", "", "" },
};

void which_result_done(struct which_result *r)
{
	free(r->name);
	free(r->engine);
	inventory_done(&r->inv);
	*r = (struct which_result){ 0 };
}

static bool is_hex_id(const char *s, size_t n)
{
	if (n != 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* The ID a path component names in one of the forms, with that form's engine; NULL when none. */
static const char *component_id(const char *c, size_t n, const char **ret_engine)
{
	for (size_t i = 0; i < ARRAY_SIZE(forms); i++) {
		size_t p = strlen(forms[i].prefix), q = strlen(forms[i].suffix);

		if (n == p + 64 + q && memcmp(c, forms[i].prefix, p) == 0 &&
		    memcmp(c + p + 64, forms[i].suffix, q) == 0 && is_hex_id(c + p, 64)) {
			*ret_engine = forms[i].engine;
			return c + p;
		}
	}
	return NULL;
}

static size_t add_id(char ids[][65], const char *engines[], size_t n, size_t max, const char *id,
		     const char *engine)
{
	for (size_t i = 0; i < n; i++)
		if (memcmp(ids[i], id, 64) == 0) {
			if (!*engines[i])
				engines[i] = engine;
			return n;
		}
	if (n >= max)
		return n;
	memcpy(ids[n], id, 64);
	ids[n][64] = '\0';
	engines[n] = engine;
	return n + 1;
}

size_t which_cgroup_ids(const char *s, size_t len, char ids[][65], const char *engines[],
			size_t max)
{
	size_t n = 0;

	for (size_t at = 0; at < len;) {
		const char *line = s + at, *eol = memchr(line, '\n', len - at);
		size_t ln = eol ? (size_t)(eol - line) : len - at;
		const char *c1 = memchr(line, ':', ln),
			   *c2 = c1 ? memchr(c1 + 1, ':', ln - (size_t)(c1 + 1 - line)) : NULL;
		const char *prev = "";
		size_t prev_n = 0;

		at += ln + 1;

		for (const char *p = c2 ? c2 + 1 : line + ln, *end = line + ln; p < end;) {
			const char *slash = memchr(p, '/', (size_t)(end - p)), *engine, *id;
			size_t cn = slash ? (size_t)(slash - p) : (size_t)(end - p);

			if ((id = component_id(p, cn, &engine))) {
				/* dockerd's cgroupfs driver puts a bare ID below /docker */
				if (!*engine && prev_n == 6 && memcmp(prev, "docker", 6) == 0)
					engine = "docker";
				n = add_id(ids, engines, n, max, id, engine);
			}
			prev = p;
			prev_n = cn;
			p += cn + 1;
		}
	}
	return n;
}

/* The NSpid values of a process: its PID in its own PID namespace and in each above it, outermost
 * first. */
static size_t read_nspid(int procfd, pid_t *v, size_t max)
{
	_cleanup_free_ char *status = NULL;
	const char *p;
	size_t len, n = 0;

	if (fd_read_file(procfd, "status", STATUS_MAX, &status, &len) < 0 ||
	    !(p = strstr(status, "\nNSpid:")))
		return 0;
	p += 7;
	while (n < max) {
		char *end;
		long x = strtol(p, &end, 10);

		if (end == p || x <= 0)
			break;
		v[n++] = (pid_t)x;
		p = end;
		if (*p == '\n')
			break;
	}
	return n;
}

/* Whether the process's PID namespace is ns (an open PID namespace), or lies below it. */
static bool pidns_in_or_below(int procfd, const struct stat *ns)
{
	int fd = openat(procfd, "ns/pid", O_RDONLY | O_CLOEXEC);

	for (int i = 0; fd >= 0 && i < PIDNS_DEPTH_MAX; i++) {
		struct stat st;
		int parent;

		if (fstat(fd, &st) == 0 && st.st_ino == ns->st_ino && st.st_dev == ns->st_dev) {
			close(fd);
			return true;
		}
		parent = ioctl(fd, NS_GET_PARENT);
		close(fd);
		fd = parent;
	}
	if (fd >= 0)
		close(fd);
	return false;
}

/* Compare with the container's main process: which namespaces, and the PID in its PID namespace. */
static void compare(int procfd, const struct target *t, struct which_result *r)
{
	pid_t mine[PIDNS_DEPTH_MAX], init[PIDNS_DEPTH_MAX];
	size_t nm = read_nspid(procfd, mine, PIDNS_DEPTH_MAX),
	       ni = read_nspid(t->procfd, init, PIDNS_DEPTH_MAX);
	struct stat pidns;

	for (int i = 0; i < _NS_MAX; i++) {
		char path[32];
		struct stat a, b;

		snprintf(path, sizeof(path), "ns/%s", ns_name(i));
		if (fstatat(procfd, path, &a, 0) < 0 || fstatat(t->procfd, path, &b, 0) < 0)
			continue;
		r->types |= NS_BIT(i);
		if (a.st_ino == b.st_ino && a.st_dev == b.st_dev)
			r->shared |= NS_BIT(i);
	}
	if (ni > 0 && nm >= ni && fstatat(t->procfd, "ns/pid", &pidns, 0) == 0 &&
	    pidns_in_or_below(procfd, &pidns))
		r->pid_inside = mine[ni - 1];
}

static const char *engine_of(const char *server, const char *form)
{
	if (server && strncmp(server, "Docker/", 7) == 0)
		return "docker";
	if (server && strncmp(server, "Libpod/", 7) == 0)
		return "podman";
	return *form ? form : "unknown";
}

/* Ask the daemon about id: 1 when it knows it (r filled in), 0 when not, or -errno; r is written
 * only for a 1. */
static int ask(struct engine *e, int procfd, const char *id, const char *form,
	       struct which_result *r, char **reterr)
{
	_cleanup_free_ char *engine = NULL, *name = NULL;
	struct container_info info;
	struct http_response resp;
	struct target t;
	int err = target_inspect(e, id, &resp, reterr);

	if (err == -ENOENT)
		return 0;
	if (err < 0)
		return err;
	engine = strdup(engine_of(resp.server, form));
	err = container_info_parse(resp.body, resp.body_len, &info, reterr);
	http_response_done(&resp);
	if (err < 0)
		return err;
	name = strdup(info.name);
	if (!engine || !name) {
		container_info_done(&info);
		return -ENOMEM;
	}
	memcpy(r->id, info.id, 65);
	r->name = TAKE_PTR(name);
	r->engine = TAKE_PTR(engine);
	r->running = info.running && info.pid > 1;
	target_init(&t);
	/* its main process, pinned and proven as for a join; if that fails, nothing is compared */
	if (r->running && target_pin(info.pid, info.id, &t, NULL) >= 0)
		compare(procfd, &t, r);
	target_done(&t);
	container_info_done(&info);
	return 1;
}

static int lookup(struct engine *e, int procfd, struct which_result *r, char **reterr)
{
	_cleanup_free_ char *cg = NULL;
	char ids[WHICH_MAX_IDS][65];
	const char *engines[WHICH_MAX_IDS];
	size_t len, n;
	int err = fd_read_file(procfd, "cgroup", CGROUP_FILE_MAX, &cg, &len);

	if (err < 0)
		return error_set(reterr, err == -ESRCH ? -ESRCH : err, "cannot read its cgroup: %s",
				 strerror(-err));
	n = which_cgroup_ids(cg, len, ids, engines, WHICH_MAX_IDS);
	for (size_t i = 0; e && i < n; i++) {
		err = ask(e, procfd, ids[i], engines[i], r, reterr);
		if (err != 0) {
			r->found = err > 0;
			return err < 0 ? err : 0;
		}
	}
	if (n == 0)
		return 0;
	/* a container the daemon does not know: another engine's, or one removed */
	r->found = true;
	memcpy(r->id, ids[0], 65);
	r->engine = strdup(*engines[0] ? engines[0] : "unknown");
	return r->engine ? 0 : -ENOMEM;
}

int which_pid(struct engine *e, pid_t pid, struct which_result *ret, char **reterr)
{
	_cleanup_close_ int pidfd = -EBADF, procfd = -EBADF;
	struct which_result r = { .pid = pid };
	char path[32];
	int err;

	pidfd = pid > 0 ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
	if (pidfd < 0 && errno == ESRCH) /* other errors (no pidfds, a thread's ID): /proc alone */
		return error_set(reterr, -ESRCH, "no such process: %d", (int)pid);
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	procfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return error_set(reterr, -ESRCH, "no such process: %d", (int)pid);
	err = lookup(e, procfd, &r, reterr);
	if (err >= 0 && !r.found) {
		struct target t;

		target_init(&t);
		t.procfd = TAKE_FD(procfd);
		t.info.id = strdup("");
		if (!t.info.id)
			err = -ENOMEM;
		else
			err = e ? inventory_collect(e, &t, &r.inv, reterr)
				: inventory_collect_members(&t, NULL, 0, &r.inv, reterr);
		target_done(&t);
	}
	if (err >= 0 && fd_pidfd_alive(pidfd) < 0)
		err =
		    error_set(reterr, -ESRCH, "process %d ended while it was looked up", (int)pid);
	if (err < 0) {
		which_result_done(&r);
		return err;
	}
	*ret = r;
	return 0;
}
