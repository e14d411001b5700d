// SPDX-License-Identifier: Apache-2.0
/* docker-nsmount: attach, list and detach mounts inside a running container, mount(8) style. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "complete.h"
#include "config.h"
#include "dcp.h"
#include "error.h"
#include "engine.h"
#include "front.h"
#include "macros.h"
#include "nsmount.h"
#include "output.h"
#include "target.h"

enum {
	OPT_MKDIR = CHAR_MAX + 1,
	OPT_JSON,
	OPT_LAZY,
	OPT_TIMEOUT,
	OPT_CONTAINERD_ADDRESS,
	OPT_CRIO_ADDRESS
};

static const struct option long_opts[] = {
	{ "types", required_argument, NULL, 't' },
	{ "options", required_argument, NULL, 'o' },
	{ "read-only", no_argument, NULL, 'r' },
	{ "mkdir", no_argument, NULL, OPT_MKDIR },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "umount", no_argument, NULL, 'u' },
	{ "lazy", no_argument, NULL, OPT_LAZY },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "containerd-address", required_argument, NULL, OPT_CONTAINERD_ADDRESS },
	{ "crio-address", required_argument, NULL, OPT_CRIO_ADDRESS },
	{ NULL, 0, NULL, 0 },
};

struct nsmount_cli {
	struct nsmount_request req;
	bool json, umount, lazy;
	int timeout_ms;
	struct resolve_options runtimes;
	char *pos[4];
	int npos;
};

static const struct cli_option_doc docs[] = {
	{ 't', "types", " <type>",
	  "the filesystem type of a device (default: probed by libblkid)" },
	{ 'o', "options", " <list>",
	  "mount options (ro, nosuid, nodev, noexec, ... and the filesystem's)" },
	{ 'r', "read-only", NULL, "mount read-only" },
	{ 0, "mkdir", NULL, "create a missing <target> inside the container" },
	{ 0, "json", NULL, "list as JSON" },
	{ 'u', "umount", NULL, "detach the mount at <target>" },
	{ 0, "lazy", NULL, "detach lazily (MNT_DETACH)" },
	{ 0, "timeout", " <seconds>",
	  "give up on the container's daemon after this long (default 30)" },
	{ 0, "containerd-address", " <socket>",
	  "containerd's socket (default $CONTAINERD_ADDRESS, else "
	  "/run/containerd/containerd.sock)" },
	{ 0, "crio-address", " <socket>", "CRI-O's socket (default /var/run/crio/crio.sock)" },
	{ 'h', "help", NULL, "display this help" },
	{ 'V', "version", NULL, "display version" },
	{ 0, NULL, NULL, NULL },
};

static bool takes_next(const char *word)
{
	return !strcmp(word, "-t") || !strcmp(word, "--types") || !strcmp(word, "-o") ||
	       !strcmp(word, "--options") || !strcmp(word, "--timeout") ||
	       !strcmp(word, "--containerd-address") || !strcmp(word, "--crio-address");
}

static void __attribute__((noreturn)) usage(void)
{
	fputs(
	    "\nUsage:\n"
	    " docker-nsmount [options] <container> <source> <target>\n"
	    " docker-nsmount [--json] <container>\n"
	    " docker-nsmount -u [--lazy] <container> <target>\n"
	    "\nAttach, list and detach mounts inside a running container: Docker's by name or ID, "
	    "or\n"
	    "containerd://[<namespace>/]<id>, k8s://<namespace>/<pod>[/<container>], crio://<id>.\n"
	    "<source> is a host directory or file (a recursive bind) or a block device given as a "
	    "path,\n"
	    "UUID=<uuid> or LABEL=<label>. <target> is resolved inside the container's root.\n"
	    "\nOptions:\n",
	    stdout);
	front_print_options(docs, 26);
	fputs("\nExit status: 0 on success, 1 for a usage error, 32 when the operation failed.\n"
	      "\nFor more details see docker-nsmount(1).\n",
	      stdout);
	exit(EXIT_SUCCESS);
}

static int parse(int argc, char **argv, struct nsmount_cli *c, char **reterr)
{
	int o;
	char *end;

	*c = (struct nsmount_cli){ .timeout_ms = ENGINE_DEFAULT_TIMEOUT_MS };
	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "t:o:ruhV", long_opts, NULL)) != -1) {
		switch (o) {
		case 't': c->req.fstype = optarg; break;
		case 'o': c->req.options = optarg; break;
		case 'r': c->req.read_only = true; break;
		case 'u': c->umount = true; break;
		case 'h': usage();
		case 'V': printf("docker-nsmount %s\n", PROJECT_VERSION); exit(EXIT_SUCCESS);
		case OPT_MKDIR: c->req.mkdir = true; break;
		case OPT_JSON: c->json = true; break;
		case OPT_LAZY: c->lazy = true; break;
		case OPT_CONTAINERD_ADDRESS: c->runtimes.containerd_address = optarg; break;
		case OPT_CRIO_ADDRESS: c->runtimes.crio_address = optarg; break;
		case OPT_TIMEOUT:
			errno = 0;
			double v = strtod(optarg, &end);
			if (errno || *end || !(v > 0) || v > 86400)
				return error_set(reterr, -EINVAL,
						 "invalid --timeout argument: '%s'", optarg);
			c->timeout_ms = (int)(v * 1000) ?: 1;
			break;
		default: return error_set(reterr, -EINVAL, "invalid option '%s'", argv[optind - 1]);
		}
	}
	for (; optind < argc; optind++) {
		if (c->npos >= 3)
			return error_set(reterr, -EINVAL, "too many arguments");
		c->pos[c->npos++] = argv[optind];
	}
	if (c->npos == 0)
		return error_set(reterr, -EINVAL, "no container specified");
	if (c->umount ? c->npos != 2 : (c->npos != 1 && c->npos != 3))
		return error_set(reterr, -EINVAL,
				 c->umount ? "-u takes <container> <target>"
					   : "expected <container> [<source> <target>]");
	if (c->lazy && !c->umount)
		return error_set(reterr, -EINVAL, "--lazy goes with --umount");
	return 0;
}

static void print_list(const struct nsmount_entry *l, size_t n, bool json)
{
	if (json) {
		json_object *root = json_object_new_object(), *arr = json_object_new_array();

		for (size_t i = 0; i < n; i++) {
			json_object *e = json_object_new_object();

			json_object_object_add(e, "target", json_object_new_string(l[i].target));
			json_object_object_add(e, "source", json_object_new_string(l[i].source));
			json_object_object_add(e, "fstype", json_object_new_string(l[i].fstype));
			json_object_object_add(e, "options", json_object_new_string(l[i].options));
			json_object_array_add(arr, e);
		}
		json_object_object_add(root, "mounts", arr);
		puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							      JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(root);
		return;
	}
	printf("%-30s %-40s %-10s %s\n", "TARGET", "SOURCE", "FSTYPE", "OPTIONS");
	for (size_t i = 0; i < n; i++) {
		/* the container chooses its mount points' names */
		_cleanup_free_ char *t = out_escape(l[i].target), *s = out_escape(l[i].source);
		_cleanup_free_ char *f = out_escape(l[i].fstype), *o = out_escape(l[i].options);

		if (t && s && f && o)
			printf("%-30s %-40s %-10s %s\n", t, s, f, o);
	}
}

static int run(struct nsmount_cli *c, const struct dcp_globals *g)
{
	_cleanup_free_ char *err = NULL;
	struct engine e;
	struct target t;
	bool engine;
	int r;

	target_init(&t);
	c->runtimes.timeout_ms = c->timeout_ms;
	r = front_resolve(g, c->pos[0], &c->runtimes, &e, &engine, &t, &err);
	if (engine)
		engine_done(&e);
	if (r >= 0 && c->umount) {
		r = nsmount_detach(&t, c->pos[1], c->lazy, &err);
	} else if (r >= 0 && c->npos == 3) {
		c->req.source = c->pos[1];
		c->req.target = c->pos[2];
		r = nsmount_attach(&t, &c->req, &err);
	} else if (r >= 0) {
		struct nsmount_entry *l = NULL;
		size_t n = 0;

		r = nsmount_list(&t, &l, &n, &err);
		if (r >= 0)
			print_list(l, n, c->json);
		nsmount_list_free(l, n);
	}
	target_done(&t);
	/* mount(8)'s status: 32 when the mount (or list, or detach) failed */
	return r < 0 ? out_fail(c->pos[0], err, 32) : 0;
}

int main(int argc, char **argv)
{
	_cleanup_free_ char *err = NULL;
	struct dcp_globals g = { 0 };
	struct nsmount_cli c;
	int first, r;

	out_init("docker-nsmount");
	if (dcp_split(argc, argv, "nsmount", &g, &first, &err) < 0) {
		out_usage_error(err);
		return 1;
	}
	if (g.mode == DCP_MODE_METADATA)
		return dcp_write_metadata(stdout, PROJECT_VENDOR, PROJECT_VERSION,
					  "Attach and detach mounts inside a running container",
					  PROJECT_URL) < 0;
	if (g.mode == DCP_MODE_HELP)
		usage();
	if (g.mode == DCP_MODE_COMPLETE)
		return complete_nsmount(argc - first, argv + first, &g, docs, takes_next);
	if (parse(argc - first + 1, argv + first - 1, &c, &err) < 0) {
		out_usage_error(err);
		return 1;
	}
	r = run(&c, &g);
	dcp_globals_free(&g);
	return r;
}
