// SPDX-License-Identifier: Apache-2.0
/* Reference -> inspect -> pidfd -> cgroup proof. The pidfd is opened before the proof and checked
 * alive after it, so the PID cannot have been reused between the daemon's answer and our join. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include "engine.h"
#include "error.h"
#include "fdutil.h"
#include "http.h"
#include "macros.h"
#include "reference.h"
#include "rootless.h"
#include "target.h"

#define CGROUP_FILE_MAX (64 * 1024)

void target_init(struct target *t)
{
	*t = (struct target){ .pidfd = -EBADF, .procfd = -EBADF, .nsfd = -EBADF };
}

void target_done(struct target *t)
{
	container_info_done(&t->info);
	closep(&t->pidfd);
	closep(&t->procfd);
	closep(&t->nsfd);
	free(t->ns);
	target_init(t);
}

/* The engines' forms of a cgroup path component that names container id: the ID itself (cgroupfs
 * drivers: /docker/ID, /kubepods/.../ID), or the systemd driver's and other runtimes' scopes.
 * Anything else with the ID in it (a conmon's "libpod-conmon-ID.scope", a user's "x-ID.scope")
 * proves nothing. */
static bool component_names(const char *c, size_t n, const char *id, size_t idlen)
{
	static const char *const forms[][2] = {
		{ "", "" },
		{ "docker-", ".scope" },
		{ "libpod-", ".scope" },
		{ "libpod-", "" },
		{ "crio-", ".scope" },
		{ "crio-", "" },
		{ "cri-containerd-", ".scope" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(forms); i++) {
		size_t p = strlen(forms[i][0]), q = strlen(forms[i][1]);

		if (p + idlen + q == n && memcmp(c, forms[i][0], p) == 0 &&
		    memcmp(c + p, id, idlen) == 0 && memcmp(c + p + idlen, forms[i][1], q) == 0)
			return true;
	}
	return false;
}

bool target_cgroup_names(const char *s, size_t len, const char *id)
{
	size_t idlen = strlen(id);

	if (idlen < 12)
		return false;
	for (size_t at = 0; at < len;) {
		const char *line = s + at, *eol = memchr(line, '\n', len - at);
		size_t n = eol ? (size_t)(eol - line) : len - at;
		const char *c1 = memchr(line, ':', n),
			   *c2 = c1 ? memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - line)) : NULL;

		at += n + 1;
		if (!c2)
			continue;
		/* the path: components between '/' */
		for (const char *p = c2 + 1, *end = line + n; p < end;) {
			const char *slash = memchr(p, '/', (size_t)(end - p));
			size_t cn = slash ? (size_t)(slash - p) : (size_t)(end - p);

			if (p > c2 + 1 && component_names(p, cn, id, idlen))
				return true;
			p += cn + 1;
		}
	}
	return false;
}

/* The proof for root's daemon: the process's cgroup names the container in its runtime's forms. */
static int prove_cgroup(int procfd, pid_t pid, const struct proof_claim *claim, char **reterr)
{
	_cleanup_free_ char *cg = NULL;
	size_t len;
	int err = fd_read_file(procfd, "cgroup", CGROUP_FILE_MAX, &cg, &len);

	if (err < 0)
		return error_set(reterr, err == -ESRCH ? -ESRCH : err,
				 "cannot read /proc/%d/cgroup: %s", (int)pid, strerror(-err));
	if (!proof_cgroup_names(cg, len, claim))
		return error_set(
		    reterr, -EPERM,
		    "process %d does not belong to container %.*s (its cgroup does not name it)",
		    (int)pid, proof_is_hex64(claim->id) ? 12 : 80, claim->id);
	return 0;
}

/* Pin pid, prove it is the claimed container's (by its cgroup, or for a daemon that is not root's
 * by rootless_prove), then check the pin still holds the process. */
static int pin_and_prove(pid_t pid, const struct proof_claim *claim,
			 const struct unixsock_peer *daemon, struct target *t, char **reterr)
{
	_cleanup_close_ int pidfd = -EBADF, procfd = -EBADF, nsfd = -EBADF;
	_cleanup_free_ char *ns = NULL;
	char path[32];
	int err;

	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0 && errno == ESRCH)
		return error_set(reterr, -ESRCH, "process %d is gone: the container stopped",
				 (int)pid);
	if (pidfd < 0 && errno != ENOSYS)
		return error_set(reterr, negative_errno(), "cannot pin process %d: %m", (int)pid);
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	procfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return error_set(reterr, -ESRCH, "process %d is gone: the container stopped",
				 (int)pid);
	err = daemon ? rootless_prove(daemon, procfd, pid, claim->id, reterr)
		     : prove_cgroup(procfd, pid, claim, reterr);
	if (err < 0)
		return err;
	if (claim->ns && !(ns = strdup(claim->ns)))
		return -ENOMEM;
	nsfd = openat(procfd, "ns", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (nsfd < 0 || fd_pidfd_alive(pidfd) < 0)
		return error_set(reterr, -ESRCH, "process %d is gone: the container stopped",
				 (int)pid);
	t->pid = pid;
	t->runtime = claim->runtime;
	free(t->ns);
	t->ns = TAKE_PTR(ns);
	t->nsfd = TAKE_FD(nsfd);
	t->pidfd = TAKE_FD(pidfd);
	t->procfd = TAKE_FD(procfd);
	t->owner = daemon ? daemon->uid : 0;
	t->rootless = daemon != NULL;
	return 0;
}

int target_pin(pid_t pid, const char *id, struct target *t, char **reterr)
{
	struct proof_claim claim = { .runtime = PROOF_DOCKER, .id = id };

	return target_pin_claim(pid, &claim, t, reterr);
}

int target_pin_claim(pid_t pid, const struct proof_claim *claim, struct target *t, char **reterr)
{
	return pin_and_prove(pid, claim, NULL, t, reterr);
}

static int inspect_error(struct http_response *r, char **reterr)
{
	_cleanup_free_ char *msg = engine_error_message(r);
	const char *m = msg ? msg : "no message";

	if (r->status == 404)
		return error_set(reterr, -ENOENT, "no such container");
	if (strstr(m, "multiple") || strstr(m, "Multiple"))
		return error_set(reterr, -ENOTUNIQ, "ambiguous ID prefix: %s", m);
	return error_set(reterr, -EPROTO, "the daemon answered %d: %s", r->status, m);
}

int target_inspect(struct engine *e, const char *ref, struct http_response *ret, char **reterr)
{
	_cleanup_free_ char *enc = NULL;
	struct http_response r;
	char path[512];
	int err;

	err = reference_validate(ref, reterr);
	if (err < 0)
		return err;
	enc = reference_encode(ref);
	if (!enc)
		return -ENOMEM;
	snprintf(path, sizeof(path), "/containers/%s/json", enc);
	err = engine_get(e, path, &r, reterr);
	if (err < 0)
		return err;
	if (r.status != 200) {
		err = inspect_error(&r, reterr);
		http_response_done(&r);
		return err;
	}
	*ret = r;
	return 0;
}

int target_resolve(struct engine *e, const char *ref, struct target *ret, char **reterr)
{
	/* root's daemon: the cgroup proof; anybody else's (a rootless engine): its PID namespace's
	 * number made a host PID, then its user's namespaces */
	const struct unixsock_peer *rootless = e->peer.uid == 0 ? NULL : &e->peer;
	struct proof_claim claim;
	struct http_response r;
	struct target t;
	int err;

	err = target_inspect(e, ref, &r, reterr);
	if (err < 0)
		return err;
	target_init(&t);
	err = container_info_parse(r.body, r.body_len, &t.info, reterr);
	http_response_done(&r);
	if (err >= 0)
		err = container_info_check_state(&t.info, reterr);
	if (err >= 0 && rootless)
		err = rootless_host_pid(rootless, t.info.pid, &t.info.pid, reterr);
	claim = (struct proof_claim){ .runtime = PROOF_DOCKER, .id = t.info.id };
	if (err >= 0)
		err = pin_and_prove(t.info.pid, &claim, rootless, &t, reterr);
	if (err < 0) {
		target_done(&t);
		return err;
	}
	*ret = t;
	return 0;
}
