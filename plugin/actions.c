// SPDX-License-Identifier: Apache-2.0
/* --list prints an lsns-like table or stable JSON; --pin and --unpin are silent on success, as
 * mount(8) is. */
#include <json-c/json.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "engine.h"
#include "error.h"
#include "inventory.h"
#include "jsonutil.h"
#include "macros.h"
#include "namespaces.h"
#include "options.h"
#include "output.h"
#include "pin.h"
#include "resolve.h"
#include "target.h"

/* "uid N (name)" of who runs the daemon. */
static void print_daemon(const struct inventory *inv)
{
	struct passwd *pw = getpwuid(inv->daemon_uid);
	_cleanup_free_ char *name = pw ? out_escape(pw->pw_name) : NULL;

	printf("rootless daemon: uid %u%s%s%s\n", (unsigned)inv->daemon_uid, name ? " (" : "",
	       name ? name : "", name ? ")" : "");
}

static void print_table(const struct inventory *inv)
{
	printf("%10s %-6s %s\n", "NS", "TYPE", "SHARED");
	for (size_t i = 0; i < inv->n; i++) {
		const struct inventory_entry *e = &inv->entries[i];

		printf("%10llu %-6s ", (unsigned long long)e->inode, ns_name(e->type));
		if (e->share != INVENTORY_CONTAINERS) {
			puts(inventory_share_name(e->share));
			continue;
		}
		for (size_t j = 0; j < e->n_sharers; j++)
			printf("%s%s", j ? "," : "", e->sharers[j]);
		putchar('\n');
	}
	if (inv->daemon_rootless)
		print_daemon(inv);
}

static json_object *entry_json(const struct inventory_entry *e)
{
	json_object *o = json_object_new_object(), *names = json_object_new_array();

	json_object_object_add(o, "ns", json_object_new_uint64(e->inode));
	json_object_object_add(o, "type", json_object_new_string(ns_name(e->type)));
	json_object_object_add(o, "shared", json_object_new_string(inventory_share_name(e->share)));
	for (size_t j = 0; j < e->n_sharers; j++)
		json_object_array_add(names, json_object_new_string(e->sharers[j]));
	json_object_object_add(o, "containers", names);
	return o;
}

static const char *const runtime_names[_PROOF_RUNTIME_MAX] = {
	[PROOF_DOCKER] = "docker",
	[PROOF_CONTAINERD] = "containerd",
	[PROOF_CRIO] = "crio",
};

/* {"container": {"id", "name", "pid", "runtime", "reference"}, "daemon": {"uid", "rootless"},
 *  "namespaces": [{"ns", "type", "shared", "containers": [...]}]} */
static void print_json(const struct target *t, const struct inventory *inv)
{
	_cleanup_(json_object_putp) json_object *root = json_object_new_object();
	json_object *c = json_object_new_object(), *list = json_object_new_array(),
		    *d = json_object_new_object();

	json_object_object_add(c, "id", json_object_new_string(t->info.id));
	json_object_object_add(c, "name", json_object_new_string(t->info.name ? t->info.name : ""));
	_cleanup_free_ char *ref = resolve_target_ref(t);

	json_object_object_add(c, "pid", json_object_new_int(t->pid));
	json_object_object_add(c, "runtime", json_object_new_string(runtime_names[t->runtime]));
	json_object_object_add(c, "reference", json_object_new_string(ref ? ref : ""));
	json_object_object_add(root, "container", c);
	json_object_object_add(d, "uid", json_object_new_int64(inv->daemon_uid));
	json_object_object_add(d, "rootless", json_object_new_boolean(inv->daemon_rootless));
	json_object_object_add(root, "daemon", d);
	for (size_t i = 0; i < inv->n; i++)
		json_object_array_add(list, entry_json(&inv->entries[i]));
	json_object_object_add(root, "namespaces", list);
	puts(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
						      JSON_C_TO_STRING_SPACED |
						      JSON_C_TO_STRING_NOSLASHESCAPE));
}

/* The inventory, the other containers named by the target's own runtime. */
static int collect(struct engine *e, const struct resolve_options *o, const struct target *t,
		   struct inventory *inv, char **err)
{
	struct resolve_member *m = NULL;
	size_t n = 0;
	int r;

	if (e)
		return inventory_collect(e, t, inv, err);
	r = resolve_members(o, t, &m, &n, err);
	if (r >= 0)
		r = inventory_collect_members(t, m, n, inv, err);
	resolve_members_free(m, n);
	return r;
}

int action_list(struct engine *e, const struct resolve_options *o, const struct target *t,
		bool json)
{
	_cleanup_free_ char *err = NULL, *ref = resolve_target_ref(t);
	struct inventory inv;

	if (collect(e, o, t, &inv, &err) < 0)
		return out_fail(ref, err, 125);
	if (json)
		print_json(t, &inv);
	else
		print_table(&inv);
	inventory_done(&inv);
	return fflush(stdout) == 0 ? 0 : out_fail(NULL, "write error", 125);
}

int action_pin(const struct cli *cli, const struct target *t)
{
	_cleanup_free_ char *err = NULL;

	if (cli->pin_netns && pin_netns_name_validate(cli->pin_netns, &err) < 0)
		return out_fail(NULL, err, 125);
	if (cli->pin_dir && pin_dir(t, cli->pin_dir, &err) < 0)
		return out_fail(cli->container, err, 125);
	if (cli->pin_netns && pin_netns(t, cli->pin_netns, &err) < 0) {
		_cleanup_free_ char *undo = NULL;

		/* both or neither */
		if (cli->pin_dir)
			unpin_dir(cli->pin_dir, &undo);
		return out_fail(cli->container, err, 125);
	}
	return 0;
}

int action_unpin(const struct cli *cli)
{
	_cleanup_free_ char *err = NULL;
	int status = 0;

	if (cli->pin_dir && unpin_dir(cli->pin_dir, &err) < 0)
		status = out_fail(NULL, err, 125);
	if (cli->pin_netns && unpin_netns(cli->pin_netns, &err) < 0)
		status = out_fail(NULL, err, 125);
	return status;
}
