// SPDX-License-Identifier: Apache-2.0
/* --stopped, and the same for a container that turns out not to run when the command line still
 * means something for its files: a note says what happens instead, another what is not shown. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "dcp.h"
#include "error.h"
#include "find.h"
#include "macros.h"
#include "output.h"
#include "stopped.h"

bool front_stopped_fits(const struct cli *cli)
{
	const struct nsenter_request *r = &cli->req;

	if (cli->action != CLI_ENTER || cli->pinned || cli->tools || cli_needs_process(cli))
		return false;
	/* a program named for the container's files must not silently become the host's */
	return !(r->argv && r->argv[0]) || r->host_root || r->privileged;
}

static void say_instead(const struct stopped_target *t, const struct cli *cli, const char *name)
{
	const struct nsenter_request *r = &cli->req;
	_cleanup_free_ char *msg = NULL;
	const char *what = r->privileged && !r->host_root ? "its own programs with root's powers"
			   : r->argv && r->argv[0]
			       ? "the host's program, with them at $NSENTER_CONTAINER_ROOT"
			       : "the host's shell, in them ($NSENTER_CONTAINER_ROOT)";

	if (asprintf(&msg,
		     "note: the container is not running (%s): opening its files instead, "
		     "read-only, for %s "
		     "(--stopped)",
		     t->info.status && *t->info.status ? t->info.status : "stopped", what) >= 0)
		out_fail(name, msg, 0);
}

static void print_notes(const struct tree_notes *n, const char *name)
{
	for (size_t i = 0; i < n->n; i++) {
		_cleanup_free_ char *msg = NULL;

		if (asprintf(&msg, "note: %s", n->v[i]) >= 0)
			out_fail(name, msg, 0);
	}
}

int front_run_stopped(struct engine *e, struct cli *cli, const char *ref, bool automatic)
{
	_cleanup_free_ char *err = NULL;
	struct stopped_target t;
	struct stopped_session s;
	const char *name = cli->container ? cli->container : ref;
	int status = NSENTER_FAILED, r;

	stopped_target_init(&t);
	stopped_session_init(&s);
	r = stopped_fetch(e, ref, &t, &err);
	if (r >= 0 && automatic)
		say_instead(&t, cli, name);
	if (r >= 0)
		r = stopped_prepare(e, &t, &cli->req, &s, &status, &err);
	/* The daemon's socket must never reach the program. */
	engine_done(e);
	print_notes(&s.notes, name);
	dcp_env_scrub();
	if (r >= 0 && dcp_stop_pending(cli->req.stop_fd)) {
		status = 128 + SIGTERM;
		r = error_set(&err, -EINTR, "docker asked to stop before the command started");
	}
	if (r >= 0)
		r = stopped_run(&s, &cli->req, &status, &err);
	stopped_session_done(&s);
	stopped_target_done(&t);
	return r < 0 ? out_fail(name, err, status) : status;
}
