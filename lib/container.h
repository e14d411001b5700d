// SPDX-License-Identifier: Apache-2.0
/* What we need from the daemon's inspect answer, decoded and checked. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <json-c/json.h>

struct container_info {
	char *id;     /* full 64-hex ID */
	char *name;   /* without the leading '/' */
	char *status; /* State.Status, for messages */
	pid_t pid;    /* State.Pid, > 0 when running */
	bool running;
	bool paused;
	bool restarting;
	char *user;	/* Config.User, may be "" */
	char *workdir;	/* Config.WorkingDir, may be "" */
	char *hostname; /* Config.Hostname, may be "" */
	char **env;	/* Config.Env, NULL-terminated, never NULL */
	size_t n_env;
};

/* Decode an inspect answer. Missing or mistyped fields that we depend on give -EBADMSG with a
 * message. */
int container_info_parse(const char *json, size_t len, struct container_info *ret, char **reterr);
void container_info_done(struct container_info *c);

/* The array of strings at path (a dotted path, "Config.Env") as c->env; absent or null gives an
 * empty one. */
int container_info_parse_env(json_object *root, const char *path, struct container_info *c);

/* 0 when the container can be entered; otherwise -ESRCH (not running), -EBUSY (paused), -EAGAIN
 * (restarting) with a message naming the state. */
int container_info_check_state(const struct container_info *c, char **reterr);
