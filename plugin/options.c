// SPDX-License-Identifier: Apache-2.0
/* Option parsing in two rounds: options before CONTAINER, options after it; the first non-option
 * after CONTAINER starts the command, so "web -n ip -4 a" hands "-4" to ip. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "creds.h"
#include "error.h"
#include "options.h"

enum {
	OPT_PRESERVE_CRED = CHAR_MAX + 1,
	OPT_KEEP_CAPS,
	OPT_AS,
	OPT_TIMEOUT,
	OPT_HOST_ROOT,
	OPT_LIST,
	OPT_JSON,
	OPT_PIN,
	OPT_PIN_NETNS,
	OPT_UNPIN,
	OPT_UNPIN_NETNS,
	OPT_PINNED,
	OPT_PRIVILEGED,
	OPT_TTY,
	OPT_NO_TTY,
	OPT_STOPPED,
	OPT_RW,
	OPT_TOOLS,
	OPT_FILTER,
	OPT_WHICH,
	OPT_CONTAINERD_ADDRESS,
	OPT_CRIO_ADDRESS,
	OPT_USER_PARENT,
};

static const char short_opts[] = "+hVamuinpUCTS:G:r::w::W:eFcxH:";

static const struct option long_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "all", no_argument, NULL, 'a' },
	{ "mount", no_argument, NULL, 'm' },
	{ "uts", no_argument, NULL, 'u' },
	{ "ipc", no_argument, NULL, 'i' },
	{ "net", no_argument, NULL, 'n' },
	{ "pid", no_argument, NULL, 'p' },
	{ "user", no_argument, NULL, 'U' },
	{ "cgroup", no_argument, NULL, 'C' },
	{ "time", no_argument, NULL, 'T' },
	{ "user-parent", no_argument, NULL, OPT_USER_PARENT },
	{ "setuid", required_argument, NULL, 'S' },
	{ "setgid", required_argument, NULL, 'G' },
	{ "preserve-credentials", no_argument, NULL, OPT_PRESERVE_CRED },
	{ "root", optional_argument, NULL, 'r' },
	{ "wd", optional_argument, NULL, 'w' },
	{ "wdns", required_argument, NULL, 'W' },
	{ "env", no_argument, NULL, 'e' },
	{ "no-fork", no_argument, NULL, 'F' },
	{ "join-cgroup", no_argument, NULL, 'c' },
	{ "keep-caps", no_argument, NULL, OPT_KEEP_CAPS },
	{ "exec", no_argument, NULL, 'x' },
	{ "as", required_argument, NULL, OPT_AS },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "host", required_argument, NULL, 'H' },
	{ "host-root", no_argument, NULL, OPT_HOST_ROOT },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "pin", required_argument, NULL, OPT_PIN },
	{ "pin-netns", required_argument, NULL, OPT_PIN_NETNS },
	{ "unpin", required_argument, NULL, OPT_UNPIN },
	{ "unpin-netns", required_argument, NULL, OPT_UNPIN_NETNS },
	{ "pinned", required_argument, NULL, OPT_PINNED },
	{ "privileged", no_argument, NULL, OPT_PRIVILEGED },
	{ "tty", no_argument, NULL, OPT_TTY },
	{ "no-tty", no_argument, NULL, OPT_NO_TTY },
	{ "stopped", no_argument, NULL, OPT_STOPPED },
	{ "rw", no_argument, NULL, OPT_RW },
	{ "tools", required_argument, NULL, OPT_TOOLS },
	{ "filter", required_argument, NULL, OPT_FILTER },
	{ "which", required_argument, NULL, OPT_WHICH },
	{ "containerd-address", required_argument, NULL, OPT_CONTAINERD_ADDRESS },
	{ "crio-address", required_argument, NULL, OPT_CRIO_ADDRESS },
	{ NULL, 0, NULL, 0 },
};

const struct cli_option_doc cli_option_docs[] = {
	{ 'a', "all", NULL, "enter all namespaces" },
	{ 'm', "mount", NULL, "enter the mount namespace" },
	{ 'u', "uts", NULL, "enter the UTS namespace (hostname etc)" },
	{ 'i', "ipc", NULL, "enter the System V IPC namespace" },
	{ 'n', "net", NULL, "enter the network namespace" },
	{ 'p', "pid", NULL, "enter the pid namespace" },
	{ 'C', "cgroup", NULL, "enter the cgroup namespace" },
	{ 'U', "user", NULL, "enter the user namespace" },
	{ 'T', "time", NULL, "enter the time namespace" },
	{ 0, "user-parent", NULL, "enter the parent of the container's user namespace" },
	{ 'S', "setuid", " <uid>|follow", "set uid in entered namespace" },
	{ 'G', "setgid", " <gid>|follow", "set gid in entered namespace" },
	{ 0, "preserve-credentials", NULL, "do not touch uids or gids" },
	{ 0, "keep-caps", NULL, "retain capabilities granted in user namespaces" },
	{ 'r', "root", "[=<dir>]", "set the root directory (default: the container's)" },
	{ 'w', "wd", "[=<dir>]", "set the working directory (default: the container process's)" },
	{ 'W', "wdns", " <dir>", "set the working directory in the entered namespace" },
	{ 'e', "env", NULL, "inherit the environment of the container's process" },
	{ 'F', "no-fork", NULL, "do not fork before exec'ing <program>" },
	{ 'c', "join-cgroup", NULL, "join the cgroups of the container" },
	{ 'x', "exec", NULL, "run as docker exec does: its user, environment, workdir, cgroups" },
	{ 0, "as", " <user>[:<group>]",
	  "run as this user of the container (its own passwd, group)" },
	{ 0, "host-root", NULL,
	  "keep the host's tools and mounts; the container's tree at $NSENTER_CONTAINER_ROOT" },
	{ 0, "privileged", NULL,
	  "run a program from the container with all of root's powers, not the container's" },
	{ 0, "stopped", NULL,
	  "a container that does not run: its files, read-only, for the host's tools" },
	{ 0, "rw", NULL, "with --stopped: read-write (its start is refused meanwhile)" },
	{ 0, "tools", " <dir>|<image>",
	  "mount a directory or an image's files at /.docker-nsenter-tools, on PATH" },
	{ 0, "tty", NULL, "always give the program a pseudo-terminal of its own" },
	{ 0, "no-tty", NULL,
	  "never: the program gets this terminal (see SECURITY in the man page)" },
	{ 'H', "host", " <endpoint>",
	  "the daemon's socket, as docker -H (unix:///run/user/1000/docker.sock)" },
	{ 0, "timeout", " <seconds>",
	  "give up on the container's daemon after this long (default 30)" },
	{ 0, "containerd-address", " <socket>",
	  "containerd's socket (default $CONTAINERD_ADDRESS, else "
	  "/run/containerd/containerd.sock)" },
	{ 0, "crio-address", " <socket>", "CRI-O's socket (default /var/run/crio/crio.sock)" },
	{ 0, "filter", " <key>=<value>",
	  "the one container docker's filter matches (in place of <container>)" },
	{ 0, "which", " <pid>", "name the container a host process belongs to" },
	{ 0, "list", NULL, "list the container's namespaces and who shares them" },
	{ 0, "json", NULL, "with --list or --which: print JSON" },
	{ 0, "pin", " <dir>", "bind-mount the container's namespaces to <dir>/<type>" },
	{ 0, "pin-netns", " <name>", "pin the network namespace as /run/netns/<name>" },
	{ 0, "unpin", " <dir>", "remove the pins in <dir> (no container)" },
	{ 0, "unpin-netns", " <name>", "remove the pin /run/netns/<name> (no container)" },
	{ 0, "pinned", " <dir>", "enter the namespaces pinned in <dir> (in place of <container>)" },
	{ 'h', "help", NULL, "display this help" },
	{ 'V', "version", NULL, "display version" },
	{ 0, NULL, NULL, NULL },
};

bool cli_option_takes_next(const char *word)
{
	for (const struct option *o = long_opts; o->name; o++) {
		if (o->has_arg != required_argument)
			continue;
		if (word[0] == '-' && word[1] == '-' && strcmp(word + 2, o->name) == 0)
			return true;
		if (o->val < 128 && word[0] == '-' && word[1] == o->val && word[2] == '\0')
			return true;
	}
	return false;
}

static int parse_id(const char *arg, enum id_mode *mode, unsigned *id, const char *what,
		    char **reterr)
{
	if (strcmp(arg, "follow") == 0) {
		*mode = ID_FOLLOW;
		return 0;
	}
	if (creds_parse_id(arg, strlen(arg), id) < 0)
		return error_set(reterr, -EINVAL,
				 "invalid %s argument: '%s' (a number or 'follow')", what, arg);
	*mode = ID_VALUE;
	return 0;
}

static int parse_timeout(const char *arg, int *ret, char **reterr)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end || !(v > 0) || v > 86400)
		return error_set(reterr, -EINVAL,
				 "invalid --timeout argument: '%s' (seconds, up to 86400)", arg);
	*ret = (int)(v * 1000 + 0.5) ?: 1;
	return 0;
}

static const unsigned ns_for_opt[128] = {
	['m'] = NS_BIT(NS_MNT),	   ['u'] = NS_BIT(NS_UTS),  ['i'] = NS_BIT(NS_IPC),
	['n'] = NS_BIT(NS_NET),	   ['p'] = NS_BIT(NS_PID),  ['U'] = NS_BIT(NS_USER),
	['C'] = NS_BIT(NS_CGROUP), ['T'] = NS_BIT(NS_TIME), ['a'] = NS_ALL,
};

static int add_filter(const char *arg, struct cli *cli, char **reterr)
{
	int err = filter_validate(arg, reterr);

	if (err < 0)
		return err;
	if (cli->n_filters >= FILTER_MAX)
		return error_set(reterr, -EINVAL, "at most %d --filter options", FILTER_MAX);
	cli->filters[cli->n_filters++] = arg;
	return 0;
}

static int set_action(struct cli *cli, enum cli_action a, char **reterr)
{
	if (cli->action != CLI_ENTER && cli->action != a)
		return error_set(reterr, -EINVAL,
				 "--list, --pin, --unpin and --which are mutually exclusive");
	cli->action = a;
	return 0;
}

static int parse_which(const char *arg, struct cli *cli, char **reterr)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno || end == arg || *end || v <= 0 || v > 4194304 || !isdigit((unsigned char)arg[0]))
		return error_set(reterr, -EINVAL,
				 "invalid --which argument: '%.32s' (a process ID)", arg);
	cli->which = (pid_t)v;
	return set_action(cli, CLI_WHICH, reterr);
}

static int apply_action(int c, const char *arg, struct cli *cli, char **reterr)
{
	switch (c) {
	case OPT_LIST: return set_action(cli, CLI_LIST, reterr);
	case OPT_PIN: cli->pin_dir = arg; return set_action(cli, CLI_PIN, reterr);
	case OPT_PIN_NETNS: cli->pin_netns = arg; return set_action(cli, CLI_PIN, reterr);
	case OPT_UNPIN: cli->pin_dir = arg; return set_action(cli, CLI_UNPIN, reterr);
	case OPT_UNPIN_NETNS: cli->pin_netns = arg; return set_action(cli, CLI_UNPIN, reterr);
	case OPT_WHICH: return parse_which(arg, cli, reterr);
	default: return -EINVAL;
	}
}

/* -w=DIR and -W=DIR: getopt hands a short option's attached value over with its '=', which
 * util-linux 2.42 drops (sys-utils/nsenter.c, cases 'w' and 'W'); --wd=DIR never has it. */
static const char *strip_equals(const char *arg)
{
	return arg && *arg == '=' ? arg + 1 : arg;
}

static int apply_opt(int c, const char *arg, struct cli *cli, char **reterr)
{
	struct nsenter_request *r = &cli->req;

	if (c > 0 && c < 128 && ns_for_opt[c]) {
		r->ns_mask |= ns_for_opt[c];
		return 0;
	}
	switch (c) {
	case 'h': cli->help = true; return 0;
	case 'V': cli->version = true; return 0;
	case 'S': return parse_id(arg, &r->uid_mode, &r->uid, "--setuid", reterr);
	case 'G': return parse_id(arg, &r->gid_mode, &r->gid, "--setgid", reterr);
	case 'r':
		r->root = arg ? ROOT_PATH : ROOT_TARGET;
		r->root_path = arg;
		return 0;
	case 'w':
		r->wd = arg ? WD_HOST_PATH : WD_TARGET;
		r->wd_path = strip_equals(arg);
		return 0;
	case 'W':
		r->wd = WD_NS_PATH;
		r->wd_path = strip_equals(arg);
		return 0;
	case 'e': r->copy_env = true; return 0;
	case 'F': r->no_fork = true; return 0;
	case 'c': r->join_cgroup = true; return 0;
	case 'x': r->exec_like = true; return 0;
	case OPT_PRESERVE_CRED: r->preserve_creds = true; return 0;
	case OPT_KEEP_CAPS: r->keep_caps = true; return 0;
	case OPT_USER_PARENT:
		r->user_parent = true;
		r->ns_mask |= NS_BIT(NS_USER);
		return 0;
	case OPT_AS: r->as_user = arg; return 0;
	case OPT_TIMEOUT: return parse_timeout(arg, &cli->timeout_ms, reterr);
	case 'H':
		if (cli->host)
			return error_set(reterr, -EINVAL, "specify only one -H");
		cli->host = arg;
		return 0;
	case OPT_HOST_ROOT: r->host_root = true; return 0;
	case OPT_JSON: cli->json = true; return 0;
	case OPT_PINNED: cli->pinned = arg; return 0;
	case OPT_PRIVILEGED: r->privileged = true; return 0;
	case OPT_TTY: r->tty = TTY_ALWAYS; return 0;
	case OPT_NO_TTY: r->tty = TTY_NEVER; return 0;
	case OPT_STOPPED: r->stopped = true; return 0;
	case OPT_RW: r->rw = true; return 0;
	case OPT_TOOLS: cli->tools = arg; return 0;
	case OPT_FILTER: return add_filter(arg, cli, reterr);
	case OPT_CONTAINERD_ADDRESS: cli->runtimes.containerd_address = arg; return 0;
	case OPT_CRIO_ADDRESS: cli->runtimes.crio_address = arg; return 0;
	default: return apply_action(c, arg, cli, reterr);
	}
}

/* getopt's error, told from the word that caused it: optopt alone cannot tell a missing argument of
 * a long option from an unknown short one, and its values for long-only options are not characters.
 * */
static int getopt_error(const char *word, char **reterr)
{
	const char *spec;

	if (strncmp(word, "--", 2) == 0) {
		size_t n = strcspn(word + 2, "=");

		for (const struct option *o = long_opts; o->name; o++)
			if (strlen(o->name) >= n && strncmp(o->name, word + 2, n) == 0 && n > 0) {
				if (word[2 + n] == '=')
					return error_set(reterr, -EINVAL,
							 "option '--%s' doesn't allow an argument",
							 o->name);
				return error_set(reterr, -EINVAL,
						 "option '--%s' requires an argument", o->name);
			}
		return error_set(reterr, -EINVAL, "unrecognized option '%.64s'", word);
	}
	spec = optopt > ' ' && optopt < 127 && optopt != ':' && optopt != '+'
		   ? strchr(short_opts, optopt)
		   : NULL;
	if (spec && spec[1] == ':' && spec[2] != ':')
		return error_set(reterr, -EINVAL, "option requires an argument -- '%c'", optopt);
	if (optopt > ' ' && optopt < 127)
		return error_set(reterr, -EINVAL, "invalid option -- '%c'", optopt);
	return error_set(reterr, -EINVAL, "invalid option in '%.64s'", word);
}

/* One round of getopt over argv[0..argc), argv[0] being a name; returns the index of the first
 * non-option. */
static int parse_round(int argc, char **argv, struct cli *cli, char **reterr)
{
	int c, err;

	optind = 0;
	opterr = 0;
	optopt = 0;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		if (c == '?' || c == ':')
			return getopt_error(argv[optind - 1], reterr);
		err = apply_opt(c, optarg, cli, reterr);
		if (err < 0)
			return err;
		if (cli->help || cli->version)
			return optind;
	}
	return optind;
}

bool cli_needs_process(const struct cli *cli)
{
	const struct nsenter_request *r = &cli->req;

	return r->ns_mask || r->copy_env || r->exec_like || r->as_user || r->join_cgroup ||
	       r->uid_mode != ID_KEEP || r->gid_mode != ID_KEEP || r->keep_caps ||
	       r->preserve_creds || r->root != ROOT_DEFAULT || r->wd == WD_TARGET ||
	       r->wd == WD_HOST_PATH;
}

/* --stopped, --rw, --tools, --filter, --which. */
static int check_new_conflicts(const struct cli *cli, char **reterr)
{
	const struct nsenter_request *r = &cli->req;

	if (cli->action == CLI_WHICH &&
	    (cli_needs_process(cli) || r->host_root || r->privileged || r->stopped || r->rw ||
	     r->no_fork || r->tty != TTY_AUTO || cli->tools || cli->n_filters || cli->pinned))
		return error_set(
		    reterr, -EINVAL,
		    "--which takes a process ID, and only --json and --timeout beside it");
	if (r->rw && !r->stopped)
		return error_set(reterr, -EINVAL, "--rw goes with --stopped");
	if (r->stopped && (cli_needs_process(cli) || cli->pinned || cli->action != CLI_ENTER))
		return error_set(
		    reterr, -EINVAL,
		    "--stopped: a stopped container has no process and no namespaces; the "
		    "namespace "
		    "options, --env, --exec, --as, --setuid, --setgid, --join-cgroup, --keep-caps, "
		    "--preserve-credentials, --root, --wd, --list, --pin and --pinned need them");
	if (r->rw && r->no_fork)
		return error_set(reterr, -EINVAL,
				 "--rw holds back the container's start only while docker-nsenter "
				 "runs: it excludes --no-fork");
	if (cli->tools && (r->stopped || r->host_root || cli->pinned || cli->action != CLI_ENTER))
		return error_set(
		    reterr, -EINVAL,
		    "--tools goes into a running container's mount namespace: it excludes "
		    "--stopped, --host-root, --pinned, --list and --pin");
	if (cli->tools && ((r->ns_mask && !(r->ns_mask & NS_BIT(NS_MNT))) ||
			   r->root != ROOT_DEFAULT || r->wd == WD_TARGET || r->wd == WD_HOST_PATH))
		return error_set(reterr, -EINVAL,
				 "--tools needs the mount namespace and its own root: it excludes "
				 "namespace options without --mount, --root and --wd (use --wdns)");
	if (cli->n_filters && (cli->pinned || cli->action == CLI_UNPIN))
		return error_set(
		    reterr, -EINVAL,
		    "--filter takes the place of the container: it excludes --pinned and "
		    "--unpin");
	return 0;
}

static int check_conflicts(const struct cli *cli, char **reterr)
{
	const struct nsenter_request *r = &cli->req;
	int err = check_new_conflicts(cli, reterr);

	if (err < 0)
		return err;

	if (r->user_parent && (r->host_root || cli->action != CLI_ENTER))
		return error_set(reterr, -EINVAL,
				 "--user-parent runs a program in the parent of the container's "
				 "user namespace: it excludes --host-root, --list and --pin");
	if (r->user_parent &&
	    (r->as_user || r->exec_like || r->uid_mode == ID_FOLLOW || r->gid_mode == ID_FOLLOW))
		return error_set(reterr, -EINVAL,
				 "--user-parent: the IDs in the container's files and of its "
				 "process are not those of the parent user namespace; it excludes "
				 "--as, --exec and follow");
	if (r->as_user && (r->uid_mode != ID_KEEP || r->gid_mode != ID_KEEP))
		return error_set(reterr, -EINVAL,
				 "--as and --setuid/--setgid are mutually exclusive");
	if (r->exec_like && (r->uid_mode != ID_KEEP || r->gid_mode != ID_KEEP))
		return error_set(reterr, -EINVAL,
				 "--exec and --setuid/--setgid are mutually exclusive");
	if (r->exec_like && r->copy_env)
		return error_set(reterr, -EINVAL, "--exec and --env are mutually exclusive");
	if (r->host_root && (r->ns_mask & (NS_BIT(NS_MNT) | NS_BIT(NS_USER))) &&
	    r->ns_mask != NS_ALL)
		return error_set(reterr, -EINVAL,
				 "--host-root keeps the host's mount and user namespaces: "
				 "it excludes --mount and --user");
	if (r->host_root &&
	    (r->root != ROOT_DEFAULT || r->wd == WD_TARGET || r->wd == WD_HOST_PATH))
		return error_set(reterr, -EINVAL,
				 "--host-root and --root/--wd are mutually exclusive "
				 "(use --wdns, or cd \"$NSENTER_CONTAINER_ROOT\")");
	if (cli->pinned && (cli->action != CLI_ENTER || cli->container))
		return error_set(reterr, -EINVAL,
				 "--pinned takes the place of the container and runs a program");
	if (cli->pinned && (r->copy_env || r->exec_like || r->as_user || r->join_cgroup ||
			    r->uid_mode == ID_FOLLOW || r->gid_mode == ID_FOLLOW ||
			    r->root == ROOT_TARGET || r->wd == WD_TARGET))
		return error_set(reterr, -EINVAL,
				 "--pinned: a pin has no process; --env, --exec, --as, "
				 "--join-cgroup, follow and "
				 "--root/--wd without a directory need one");
	if (cli->action == CLI_UNPIN && cli->container)
		return error_set(reterr, -EINVAL, "--unpin and --unpin-netns take no container");
	if (cli->json && cli->action != CLI_LIST && cli->action != CLI_WHICH)
		return error_set(reterr, -EINVAL, "--json goes with --list or --which");
	if (cli->action != CLI_ENTER && r->argv)
		return error_set(reterr, -EINVAL,
				 "--list, --pin, --unpin and --which run no program");
	return 0;
}

int cli_parse(int argc, char **argv, struct cli *cli, char **reterr)
{
	int i, err;

	*cli = (struct cli){ .req.stop_fd = -EBADF, .timeout_ms = 30000 };
	i = parse_round(argc, argv, cli, reterr);
	if (i < 0 || cli->help || cli->version)
		return i < 0 ? i : 0;
	if (cli->action == CLI_UNPIN)
		return i < argc ? error_set(reterr, -EINVAL,
					    "--unpin and --unpin-netns take no container")
				: check_conflicts(cli, reterr);
	if (cli->action == CLI_WHICH)
		return i < argc ? error_set(reterr, -EINVAL,
					    "--which takes no container and runs no program")
				: check_conflicts(cli, reterr);
	if (cli->pinned || cli->n_filters) {
		/* no container: the first non-option starts the program */
		cli->req.argv = i < argc ? argv + i : NULL;
		return check_conflicts(cli, reterr);
	}
	if (i >= argc)
		return error_set(reterr, -EINVAL, "no container specified");
	cli->container = argv[i];
	/* the second round sees the container as its argv[0] */
	err = parse_round(argc - i, argv + i, cli, reterr);
	if (err < 0 || cli->help || cli->version)
		return err < 0 ? err : 0;
	i += err;
	if (i < argc)
		cli->req.argv = argv + i;
	return check_conflicts(cli, reterr);
}
