// SPDX-License-Identifier: Apache-2.0
/* --stopped, in order: ask the daemon (inspect, data root, the process behind its socket); open
 * every layer and mount source on the host; move into private mount and UTS namespaces; for --rw,
 * hold the container's layer in the daemon's mount namespace and ask the daemon again that it is
 * still stopped; mount the tree; plan the program and run it with the plan's own steps (session,
 * pty, exec, supervision); then kill what it left behind, unmount, and end the hold. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"
#include "error.h"
#include "fdutil.h"
#include "macros.h"
#include "mountns.h"
#include "nsenter-internal.h"
#include "stopped.h"
#include "target.h"

void stopped_target_init(struct stopped_target *t)
{
	*t = (struct stopped_target){ 0 };
}

void stopped_target_done(struct stopped_target *t)
{
	container_info_done(&t->info);
	rootfs_done(&t->fs);
	free(t->data_root);
	stopped_target_init(t);
}

void stopped_session_init(struct stopped_session *s)
{
	*s = (struct stopped_session){ .origin_ns = -EBADF };
	plan_init(&s->plan);
	hold_init(&s->hold);
}

static int daemon_pid(struct engine *e, pid_t *ret, char **reterr)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int err = e->fd < 0 ? engine_ping(e, reterr) : 0;

	if (err < 0)
		return err;
	if (e->fd < 0 || getsockopt(e->fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 ||
	    cred.pid <= 0)
		return error_set(reterr, -ENOTCONN,
				 "cannot tell which process serves the daemon's socket");
	*ret = cred.pid;
	return 0;
}

/* A restarting container counts as running for docker (Running and Restarting are both set, Pid 0),
 * but only its restart is pending: its files are free until then. */
static bool runs(const struct container_info *c)
{
	return (c->running && !c->restarting) || c->paused;
}

static int refuse_state(const struct container_info *c, char **reterr)
{
	if (runs(c))
		return error_set(reterr, -EBUSY, "container is %s: enter it without --stopped",
				 c->paused ? "paused" : "running");
	return 0;
}

int stopped_fetch(struct engine *e, const char *ref, struct stopped_target *ret, char **reterr)
{
	struct stopped_target t;
	struct http_response r;
	int err;

	stopped_target_init(&t);
	err = target_inspect(e, ref, &r, reterr);
	if (err < 0)
		return err;
	err = container_info_parse(r.body, r.body_len, &t.info, reterr);
	if (err >= 0)
		err = refuse_state(&t.info, reterr);
	if (err >= 0)
		err = rootfs_parse_container(r.body, r.body_len, &t.fs, reterr);
	http_response_done(&r);
	if (err >= 0)
		err = rootfs_fetch_data_root(e, &t.data_root, reterr);
	if (err >= 0)
		err = daemon_pid(e, &t.daemon_pid, reterr);
	if (err < 0) {
		stopped_target_done(&t);
		return err;
	}
	*ret = t;
	return 0;
}

/* With the hold in place: a start from now on fails; one that came before it shows here. */
static int recheck(struct engine *e, const struct stopped_target *t, char **reterr)
{
	struct container_info now;
	struct http_response r;
	int err = target_inspect(e, t->info.id, &r, reterr);

	if (err < 0)
		return err;
	err = container_info_parse(r.body, r.body_len, &now, reterr);
	http_response_done(&r);
	if (err < 0)
		return err;
	if (runs(&now))
		err = error_set(reterr, -EBUSY,
				"the container started meanwhile: enter it without --stopped");
	container_info_done(&now);
	return err;
}

static int set_hostname(const char *name, char **reterr)
{
	size_t n = strlen(name);

	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '-' && name[i] != '.')
			return 0; /* not a hostname docker would set: keep ours */
	if (n <= 64 && sethostname(name, n) < 0)
		return error_set(reterr, negative_errno(),
				 "cannot set the container's hostname: %m");
	return 0;
}

static int copy_argv(char *const *argv, struct plan *p)
{
	size_t n = 0;

	while (argv[n])
		n++;
	p->argv = calloc(n + 1, sizeof(char *));
	if (!p->argv)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (!(p->argv[i] = strdup(argv[i])))
			return -ENOMEM;
	return 0;
}

/* The program: given, or a shell (the container's /bin/sh for its own programs, else ours). */
static int stopped_command(const struct nsenter_request *req, struct plan *p, int *ret_status,
			   char **reterr)
{
	static char *const own_shell[] = { "/bin/sh", NULL };
	const char *sh = getenv("SHELL");
	char *host_shell[] = { (char *)(sh && *sh ? sh : "/bin/sh"), NULL };
	_cleanup_close_ int fd = -EBADF;

	if (req->argv && req->argv[0])
		return copy_argv(req->argv, p);
	if (!p->container_program)
		return copy_argv(host_shell, p);
	fd = fd_open_in_root(p->rootfd, "/bin/sh", O_PATH);
	if (fd < 0) {
		*ret_status = NSENTER_NOT_FOUND;
		return error_set(
		    reterr, -ENOENT,
		    "the container has no shell (/bin/sh); leave out --privileged to run "
		    "the host's tools with its files");
	}
	return copy_argv(own_shell, p);
}

static int plan_program(const char *tree, const struct nsenter_request *req, struct plan *p,
			int *ret_status, char **reterr)
{
	const char *wd = req->wd == WD_NS_PATH ? req->wd_path : NULL;
	int err = 0;

	p->exec_path = strdup(getenv("PATH") ?: "/usr/local/bin:/usr/bin:/bin");
	if (!p->exec_path)
		return -ENOMEM;
	p->container_program = req->privileged && !req->host_root;
	if (p->container_program) {
		p->rootfd = open(tree, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (p->rootfd < 0)
			return error_set(reterr, negative_errno(), "cannot open %s: %m", tree);
		p->chdir_root = !wd;
		if (wd && !(p->wd_path = strdup(wd)))
			return -ENOMEM;
	} else {
		/* the host's tools start in the tree, which $NSENTER_CONTAINER_ROOT names */
		if (!(p->tree_path = strdup(tree)))
			return -ENOMEM;
		if (asprintf(&p->wd_path, "%s%s%s", tree, wd && wd[0] != '/' ? "/" : "",
			     wd ? wd : "") < 0) {
			p->wd_path = NULL;
			return -ENOMEM;
		}
	}
	err = stopped_command(req, p, ret_status, reterr);
	if (err >= 0)
		err = plan_terminal(req, p, reterr);
	return err;
}

static int enter_private(const struct stopped_target *t, struct stopped_session *s, char **reterr)
{
	int err;

	s->origin_ns = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC);
	if (s->origin_ns < 0)
		return error_set(reterr, negative_errno(), "cannot open our mount namespace: %m");
	err = mountns_unshare_private(CLONE_NEWUTS, reterr);
	if (err == -EPERM)
		return error_set(reterr, err,
				 "opening a stopped container's files needs root (CAP_SYS_ADMIN); "
				 "membership in the docker group is not enough");
	if (err < 0)
		return err;
	s->private_ns = true;
	return set_hostname(t->info.hostname, reterr);
}

int stopped_prepare(struct engine *e, const struct stopped_target *t,
		    const struct nsenter_request *req, struct stopped_session *s, int *ret_status,
		    char **reterr)
{
	const char *name = t->info.name[0] ? t->info.name : t->info.id;
	struct tree_sources src;
	int err;

	*ret_status = NSENTER_FAILED;
	tree_sources_init(&src);
	/* nobody may ptrace us or open our fds while we hold the daemon's directories */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return error_set(reterr, negative_errno(),
				 "cannot make the process non-dumpable: %m");
	/* overlay takes only layers of our own mount namespace: open them once in it */
	err = enter_private(t, s, reterr);
	if (err >= 0)
		err = tree_open(&t->fs, t->data_root, req->rw, &src, &s->notes, reterr);
	if (err >= 0 && req->rw)
		err = hold_take(t->daemon_pid, t->data_root, t->fs.upper, t->fs.work, &s->hold,
				reterr);
	if (err >= 0 && req->rw)
		err = recheck(e, t, reterr);
	if (err >= 0)
		err = mountns_run_dir(name, &s->tree_path, reterr);
	if (err >= 0)
		err = tree_mount(&t->fs, &src, s->tree_path, req->rw,
				 req->privileged && !req->host_root, &s->notes, reterr);
	tree_sources_done(&src);
	if (err >= 0)
		err = plan_program(s->tree_path, req, &s->plan, ret_status, reterr);
	if (err == -ENOMEM)
		return error_set(reterr, err, "out of memory");
	return err;
}

int stopped_run(struct stopped_session *s, const struct nsenter_request *req, int *ret_status,
		char **reterr)
{
	/* the hold lives as long as we do: we must outlive the program to end it */
	return nsenter_run_plan(&s->plan, req, s->hold.pid > 0, ret_status, reterr);
}

void stopped_session_done(struct stopped_session *s)
{
	struct stat ns;

	plan_done(&s->plan);
	if (s->private_ns) {
		/* what the program left running would keep the tree, and with it the container's
		 * layer, in use */
		if (stat("/proc/self/ns/mnt", &ns) == 0)
			hold_kill_namespace(&ns, getpid());
		if (s->tree_path) {
			umount2(s->tree_path, MNT_DETACH);
			umount2(MOUNTNS_RUN_DIR, MNT_DETACH);
		}
		/* back where we came from: the private namespace, and whatever it still held, is
		 * gone */
		(void)setns(s->origin_ns, CLONE_NEWNS);
	}
	closep(&s->origin_ns);
	hold_release(&s->hold);
	tree_notes_done(&s->notes);
	free(s->tree_path);
	stopped_session_init(s);
}
