// SPDX-License-Identifier: Apache-2.0
/* Decoding of GET /containers/{id}/json: every field is type-checked, every size bounded. */
#include <errno.h>
#include <string.h>

#include "container.h"
#include "error.h"
#include "jsonutil.h"
#include "macros.h"
#include "reference.h"
#include "strv.h"

#define CONTAINER_MAX_ENV 4096

void container_info_done(struct container_info *c)
{
	free(c->id);
	free(c->name);
	free(c->status);
	free(c->user);
	free(c->workdir);
	free(c->hostname);
	strv_free_n(c->env, c->n_env);
	*c = (struct container_info){ 0 };
}

int container_info_parse_env(json_object *root, const char *path, struct container_info *c)
{
	json_object *v = json_get_path(root, path);
	size_t n = 0;
	char **env;

	if (v && json_object_is_type(v, json_type_array))
		n = json_object_array_length(v);
	else if (v && !json_object_is_type(v, json_type_null))
		return -EBADMSG;
	if (n > CONTAINER_MAX_ENV)
		return -E2BIG;
	env = calloc(n + 1, sizeof(char *));
	if (!env)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i);

		if (!json_object_is_type(e, json_type_string)) {
			strv_free_n(env, i);
			return -EBADMSG;
		}
		env[i] = strndup(json_object_get_string(e), (size_t)json_object_get_string_len(e));
		if (!env[i]) {
			strv_free_n(env, i);
			return -ENOMEM;
		}
	}
	c->env = env;
	c->n_env = n;
	return 0;
}

static int parse_state(json_object *root, struct container_info *c, char **reterr)
{
	long long pid = 0;
	int err;

	if (json_get_bool(root, "State.Running", &c->running) < 0)
		return error_set(reterr, -EBADMSG,
				 "inspect answer: State.Running missing or not a boolean");
	if (json_get_bool(root, "State.Paused", &c->paused) == -EBADMSG ||
	    json_get_bool(root, "State.Restarting", &c->restarting) == -EBADMSG)
		return error_set(reterr, -EBADMSG,
				 "inspect answer: State.Paused/Restarting not a boolean");
	err = json_get_int(root, "State.Pid", 0, 4194304, &pid);
	if (err < 0)
		return error_set(reterr, -EBADMSG, "inspect answer: State.Pid %s",
				 err == -ENOENT ? "missing" : "is not a valid process ID");
	c->pid = (pid_t)pid;
	return 0;
}

int container_info_parse(const char *json, size_t len, struct container_info *ret, char **reterr)
{
	_cleanup_(json_object_putp) json_object *root = NULL;
	struct container_info c = { 0 };
	const char *id, *name;
	int err;

	err = json_parse_bounded(json, len, &root);
	if (err < 0)
		return error_set(reterr, err, "inspect answer is not valid JSON");
	if (!json_object_is_type(root, json_type_object))
		return error_set(reterr, -EBADMSG, "inspect answer is not a JSON object");
	id = json_get_string(root, "Id");
	if (!id || !reference_is_full_id(id))
		return error_set(reterr, -EBADMSG,
				 "inspect answer: Id missing or not a 64-digit hex ID");
	name = json_get_string(root, "Name");
	if (name && name[0] == '/')
		name++;
	/* the name becomes a path component (--host-root) and a marker line (--pin): docker's
	 * rules, or nothing */
	if (name && *name && (name[0] == '/' || reference_validate(name, NULL) < 0)) {
		_cleanup_free_ char *shown = error_sanitize(name, strlen(name));

		return error_set(reterr, -EBADMSG,
				 "inspect answer: the name '%s' is not one any engine gives",
				 shown ? shown : "?");
	}
	err = parse_state(root, &c, reterr);
	if (err < 0)
		return err;
	c.id = strdup(id);
	c.name = strdup(name ? name : "");
	if (!c.id || !c.name)
		err = -ENOMEM;
	if (err >= 0)
		err = json_dup_string(root, "State.Status", SIZE_MAX, &c.status);
	if (err >= 0)
		err = json_dup_string(root, "Config.User", SIZE_MAX, &c.user);
	if (err >= 0)
		err = json_dup_string(root, "Config.WorkingDir", SIZE_MAX, &c.workdir);
	if (err >= 0)
		err = json_dup_string(root, "Config.Hostname", SIZE_MAX, &c.hostname);
	if (err >= 0)
		err = container_info_parse_env(root, "Config.Env", &c);
	if (err < 0) {
		container_info_done(&c);
		return error_set(reterr, err,
				 "inspect answer: Config has fields of the wrong type");
	}
	*ret = c;
	return 0;
}

int container_info_check_state(const struct container_info *c, char **reterr)
{
	if (c->paused)
		return error_set(reterr, -EBUSY, "container is paused");
	if (c->restarting)
		return error_set(reterr, -EAGAIN, "container is restarting");
	if (!c->running)
		return error_set(reterr, -ESRCH, "container is not running (state: %s)",
				 c->status && *c->status ? c->status : "unknown");
	if (c->pid <= 1)
		return error_set(reterr, -EBADMSG, "the daemon says the container runs as PID %d",
				 (int)c->pid);
	return 0;
}
