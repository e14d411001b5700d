// SPDX-License-Identifier: Apache-2.0
/* Compose references and --filter become one container's ID; --which prints whose a process is. */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "filter.h"
#include "find.h"
#include "jsonutil.h"
#include "macros.h"
#include "nsenter.h"
#include "output.h"
#include "which.h"

int front_reference(struct engine *e, const struct cli *cli, char buf[65], const char **ret_ref,
		    char **reterr)
{
	struct compose_ref c;
	int err;

	*ret_ref = cli->container;
	if (cli->container && !compose_ref_is(cli->container))
		return 0;
	if (cli->container && (err = compose_ref_parse(cli->container, &c, reterr)) < 0)
		return err;
	err = filter_resolve(e, cli->filters, cli->n_filters, cli->container ? &c : NULL,
			     cli->req.stopped, buf, reterr);
	if (err >= 0 || err == -ESRCH) /* a stopped one: named, for --stopped's automatic choice */
		*ret_ref = buf;
	return err;
}

/* "cgroup,ipc,net" of the namespace types in mask, or "-". */
static void ns_list(unsigned mask, char *buf, size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < _NS_MAX; i++)
		if (mask & NS_BIT(i))
			len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
						len ? "," : "", ns_name(i));
	if (!buf[0])
		snprintf(buf, size, "-");
}

static json_object *ns_array(unsigned mask)
{
	json_object *a = json_object_new_array();

	for (int i = 0; i < _NS_MAX; i++)
		if (mask & NS_BIT(i))
			json_object_array_add(a, json_object_new_string(ns_name(i)));
	return a;
}

static void print_found(const struct which_result *w)
{
	char shares[128], own[128];

	ns_list(w->shared, shares, sizeof(shares));
	ns_list(w->types & ~w->shared, own, sizeof(own));
	printf("CONTAINER  %s\nENGINE     %s\nID         %s\n", w->name ? w->name : "-", w->engine,
	       w->id);
	if (w->pid_inside)
		printf("PID        %d\n", (int)w->pid_inside);
	else
		printf("PID        -\n");
	printf("SHARES     %s\nOWN        %s\n", w->running ? shares : "-", w->running ? own : "-");
}

static void print_none(const struct which_result *w)
{
	printf("process %d belongs to no container\n", (int)w->pid);
	for (size_t i = 0; i < w->inv.n; i++) {
		const struct inventory_entry *e = &w->inv.entries[i];

		if (e->share != INVENTORY_CONTAINERS)
			continue;
		printf("its %s namespace is that of ", ns_name(e->type));
		for (size_t j = 0; j < e->n_sharers; j++)
			printf("%s%s", j ? ", " : "", e->sharers[j]);
		putchar('\n');
	}
}

/* {"pid": N, "container": {...} or null, "shared": [{"type", "containers"}]} */
static void print_json(const struct which_result *w)
{
	_cleanup_(json_object_putp) json_object *root = json_object_new_object();
	json_object *shared = json_object_new_array();

	json_object_object_add(root, "pid", json_object_new_int(w->pid));
	if (w->found) {
		json_object *c = json_object_new_object();

		json_object_object_add(c, "engine", json_object_new_string(w->engine));
		json_object_object_add(c, "id", json_object_new_string(w->id));
		json_object_object_add(c, "name", w->name ? json_object_new_string(w->name) : NULL);
		json_object_object_add(c, "pid",
				       w->pid_inside ? json_object_new_int(w->pid_inside) : NULL);
		json_object_object_add(c, "namespaces", ns_array(w->running ? w->shared : 0));
		json_object_object_add(c, "own", ns_array(w->running ? w->types & ~w->shared : 0));
		json_object_object_add(root, "container", c);
	} else {
		json_object_object_add(root, "container", NULL);
	}
	for (size_t i = 0; i < w->inv.n; i++) {
		const struct inventory_entry *e = &w->inv.entries[i];
		json_object *o, *names;

		if (e->share != INVENTORY_CONTAINERS)
			continue;
		o = json_object_new_object();
		names = json_object_new_array();
		json_object_object_add(o, "type", json_object_new_string(ns_name(e->type)));
		for (size_t j = 0; j < e->n_sharers; j++)
			json_object_array_add(names, json_object_new_string(e->sharers[j]));
		json_object_object_add(o, "containers", names);
		json_object_array_add(shared, o);
	}
	json_object_object_add(root, "shared", shared);
	puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
						      JSON_C_TO_STRING_SPACED |
						      JSON_C_TO_STRING_NOSLASHESCAPE));
}

int action_which(struct engine *e, const struct cli *cli)
{
	_cleanup_free_ char *err = NULL;
	struct which_result w;
	bool found;

	if (which_pid(e, cli->which, &w, &err) < 0)
		return out_fail(NULL, err, NSENTER_FAILED);
	if (cli->json)
		print_json(&w);
	else if (w.found)
		print_found(&w);
	else
		print_none(&w);
	if (e && w.found && !w.name) {
		_cleanup_free_ char *msg = NULL;

		if (asprintf(
			&msg,
			"note: the daemon does not know container %.12s: it is %s's, or removed",
			w.id, w.engine) >= 0)
			out_fail(NULL, msg, 0);
	}
	found = w.found;
	which_result_done(&w);
	if (fflush(stdout) != 0)
		return out_fail(NULL, "write error", NSENTER_FAILED);
	return found ? 0 : 1;
}
