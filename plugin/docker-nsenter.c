// SPDX-License-Identifier: Apache-2.0
/* docker-nsenter: run a program in the namespaces of a running container, named as docker names it.
 * */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "actions.h"
#include "config.h"
#include "dcp.h"
#include "engine.h"
#include "front.h"
#include "error.h"
#include "find.h"
#include "macros.h"
#include "nsenter.h"
#include "options.h"
#include "complete.h"
#include "output.h"
#include "pin.h"
#include "resolve.h"
#include "target.h"
#include "tools.h"

static void __attribute__((noreturn)) usage(void)
{
	fputs(
	    "\nUsage:\n"
	    " docker-nsenter [options] <container> [options] [--] [<program> [<argument>...]]\n"
	    " docker nsenter [options] <container> [options] [--] [<program> [<argument>...]]\n"
	    " docker-nsenter [options] --filter <key>=<value> [options] [--] [<program>...]\n"
	    " docker-nsenter --stopped [--rw] <container> [--] [<program>...]\n"
	    " docker-nsenter --which <pid> [--json]\n"
	    "\nRun a program in the namespaces of a running container: Docker's by name or ID, or\n"
	    "containerd://[<namespace>/]<id>, k8s://<namespace>/<pod>[/<container>], crio://<id>.\n"
	    "With no namespace option, every namespace of the container is entered.\n"
	    "<container> is a name, an ID (prefix), or a compose service: "
	    "PROJECT/SERVICE[/NUMBER].\n"
	    "\nOptions:\n",
	    stdout);
	front_print_options(cli_option_docs, 30);
	fputs(
	    "\nThe Docker daemon is chosen as docker chooses it: docker's -H/--host and "
	    "-c/--context,\n"
	    "DOCKER_HOST, DOCKER_CONTEXT, then the current context of the docker config.\n"
	    "A rootless Docker or Podman: root names its user's socket with -H; that user\n"
	    "enters its own containers without root, through their user namespace.\n"
	    "containerd is asked at --containerd-address, $CONTAINERD_ADDRESS or its default "
	    "socket;\n"
	    "k8s:// asks containerd (namespace k8s.io) and CRI-O, whichever has its socket here.\n"
	    "\nExit status: the program's own; 128+N if it died of signal N; 125 if "
	    "docker-nsenter\n"
	    "failed; 126 if the program cannot be executed; 127 if it was not found.\n"
	    "\nFor more details see docker-nsenter(1).\n",
	    stdout);
	exit(EXIT_SUCCESS);
}

/* What is done with the resolved container while the daemon's connection is still open (--list
 * needs it; e is NULL for the other runtimes, asked again). */
static int act_on_target(struct engine *e, struct cli *cli, struct target *t)
{
	if (cli->action == CLI_LIST)
		return action_list(e, &cli->runtimes, t, cli->json);
	if (cli->action == CLI_PIN)
		return action_pin(cli, t);
	return -1;
}

/* Join the namespaces of the pin directory and run the program there: no daemon, no process to
 * prove. */
static int run_pinned(struct cli *cli)
{
	_cleanup_free_ char *err = NULL;
	int status = NSENTER_FAILED, r;
	struct target t;

	target_init(&t);
	r = pin_open_target(cli->pinned, &t, &err);
	if (r >= 0 && dcp_stop_socket_connect(&cli->req.stop_fd, NULL) < 0)
		cli->req.stop_fd = -EBADF;
	dcp_env_scrub();
	if (r >= 0)
		r = nsenter_run(&t, &cli->req, &status, &err);
	target_done(&t);
	return r < 0 ? out_fail(cli->pinned, err, status) : status;
}

/* A reference with a scheme, to its runtime: no Docker daemon, so --stopped, compose and --filter
 * are not for it and --tools must be a directory. */
static int resolve_runtime(struct cli *cli, const struct resolve_ref *rr, struct target *t,
			   struct tools_source *tools, char **err)
{
	int r;

	if (cli->req.stopped)
		return error_set(err, -EOPNOTSUPP,
				 "--stopped opens Docker's and Podman's containers only");
	if (cli->tools) {
		r = tools_resolve(NULL, cli->tools, tools, err);
		if (r < 0)
			return r;
		cli->req.tools = tools;
	}
	return resolve_target(&cli->runtimes, rr, t, err);
}

/* The target the command line means: a running container's pinned process. A reference with a
 * scheme goes to its runtime; the others to the Docker daemon (*engine then open), which also names
 * compose services, --filter's match and --tools' image, and says -ESRCH/-EAGAIN when the container
 * does not run. */
static int resolve(const struct dcp_globals *g, struct cli *cli, struct engine *e, bool *engine,
		   struct target *t, struct tools_source *tools, char idbuf[65], const char **ref,
		   char **err)
{
	enum resolve_scheme scheme;
	struct resolve_ref rr;
	int r;

	*engine = false;
	if (cli->container && !compose_ref_is(cli->container)) {
		r = resolve_parse(cli->container, &rr, err);
		if (r < 0)
			return r;
		scheme = rr.scheme;
		if (scheme != RESOLVE_DOCKER)
			r = resolve_runtime(cli, &rr, t, tools, err);
		resolve_ref_done(&rr);
		if (scheme != RESOLVE_DOCKER)
			return r;
	}
	r = front_engine(g, cli->timeout_ms, e, err);
	if (r < 0)
		return r;
	*engine = true;
	r = engine_ping(e, err);
	if (r >= 0)
		r = front_reference(e, cli, idbuf, ref, err);
	if (r >= 0 && cli->tools && (r = tools_resolve(e, cli->tools, tools, err)) >= 0)
		cli->req.tools = tools;
	if (r >= 0 && !cli->req.stopped)
		r = target_resolve(e, *ref, t, err);
	return r;
}

/* --which PID: the Docker daemon (or Podman's Docker API) names the container; where none answers
 * (a Kubernetes node), the process's cgroup alone, with a note. */
static int run_which(struct cli *cli, const struct dcp_globals *g)
{
	_cleanup_free_ char *err = NULL, *note = NULL;
	struct engine e;
	int status, r;

	r = front_engine(g, cli->timeout_ms, &e, &err);
	if (r >= 0 && (r = engine_ping(&e, &err)) < 0)
		engine_done(&e);
	if (r < 0 &&
	    asprintf(&note, "note: %s: naming the container by its cgroup alone", err) >= 0)
		out_fail(NULL, note, 0);
	status = action_which(r >= 0 ? &e : NULL, cli);
	if (r >= 0)
		engine_done(&e);
	return status;
}

static int run(struct cli *cli, const struct dcp_globals *g)
{
	_cleanup_free_ char *err = NULL;
	struct tools_source tools;
	const char *ref = cli->container;
	char idbuf[65];
	struct engine e;
	struct target t;
	int status = NSENTER_FAILED, r;
	bool engine;

	if (cli->action == CLI_UNPIN)
		return action_unpin(cli);
	if (cli->pinned)
		return run_pinned(cli);
	if (cli->action == CLI_WHICH)
		return run_which(cli, g);
	/* Before the daemon is asked anything, so that a stop docker asks for meanwhile is seen;
	 * without it only the graceful stop is lost, as with docker's own plugins. -F runs no
	 * supervisor. */
	if (!cli->req.no_fork && dcp_stop_fd_open(g, &cli->req.stop_fd, NULL) < 0)
		cli->req.stop_fd = -EBADF;
	target_init(&t);
	tools_source_init(&tools);
	cli->runtimes.timeout_ms = cli->timeout_ms;
	r = resolve(g, cli, &e, &engine, &t, &tools, idbuf, &ref, &err);
	if (engine &&
	    (cli->req.stopped || ((r == -ESRCH || r == -EAGAIN) && front_stopped_fits(cli)))) {
		target_done(&t);
		tools_source_done(&tools);
		return front_run_stopped(&e, cli, ref, !cli->req.stopped);
	}
	if (engine && (r == -ESRCH || r == -EAGAIN) && cli->action == CLI_ENTER && err &&
	    !strstr(err, "--stopped")) {
		_cleanup_free_ char *was = TAKE_PTR(err);

		r = error_set(&err, r, "%s; --stopped opens its files", was);
	}
	if (r >= 0 && cli->action != CLI_ENTER)
		status = act_on_target(engine ? &e : NULL, cli, &t);
	/* The daemon's socket must never reach the container. */
	if (engine)
		engine_done(&e);
	if (r >= 0 && cli->action != CLI_ENTER) {
		target_done(&t);
		tools_source_done(&tools);
		return status;
	}
	dcp_env_scrub();
	if (r >= 0 && dcp_stop_pending(cli->req.stop_fd)) {
		/* as if the command had been started and stopped with SIGTERM */
		status = 128 + SIGTERM;
		r = error_set(&err, -EINTR, "docker asked to stop before the command started");
	}
	if (r >= 0)
		r = nsenter_run(&t, &cli->req, &status, &err);
	target_done(&t);
	tools_source_done(&tools);
	if (r < 0)
		return out_fail(cli->container ? cli->container : ref, err, status);
	return status;
}

int main(int argc, char **argv)
{
	_cleanup_free_ char *err = NULL;
	struct dcp_globals g = { 0 };
	struct cli cli;
	int first, r;

	out_init("docker-nsenter");
	if (dcp_split(argc, argv, "nsenter", &g, &first, &err) < 0)
		return out_usage_error(err);
	if (g.mode == DCP_MODE_METADATA)
		return dcp_write_metadata(stdout, PROJECT_VENDOR, PROJECT_VERSION,
					  "Run host tools in a container's namespaces",
					  PROJECT_URL) < 0;
	if (g.mode == DCP_MODE_HELP)
		usage();
	if (g.mode == DCP_MODE_COMPLETE)
		return complete_main(argc - first, argv + first, &g);
	r = cli_parse(argc - first + 1, argv + first - 1, &cli, &err);
	if (r < 0)
		return out_usage_error(err);
	if (cli.help)
		usage();
	if (cli.version) {
		printf("docker-nsenter %s\n", PROJECT_VERSION);
		return EXIT_SUCCESS;
	}
	/* -H after the plugin's name, or given to docker-nsenter itself: docker's -H, of which
	 * there is only one */
	if (cli.host && g.host)
		return out_usage_error("specify only one -H");
	if (cli.host && !(g.host = strdup(cli.host)))
		return out_fail(NULL, "out of memory", NSENTER_FAILED);
	r = run(&cli, &g);
	dcp_globals_free(&g);
	return r;
}
