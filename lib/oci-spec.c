// SPDX-License-Identifier: Apache-2.0
/* The OCI runtime spec's process, decoded as the Docker inspect answer is: every type checked,
 * every size bounded. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "container.h"
#include "error.h"
#include "jsonutil.h"
#include "macros.h"
#include "oci-spec.h"

#define SPEC_MAX_STRING 4096

static int parse_user(json_object *root, char **ret)
{
	long long uid, gid;
	int e1 = json_get_int(root, "process.user.uid", 0, UINT32_MAX - 1, &uid);
	int e2 = json_get_int(root, "process.user.gid", 0, UINT32_MAX - 1, &gid);

	if (e1 == -ENOENT && e2 == -ENOENT) {
		*ret = strdup("");
		return *ret ? 0 : -ENOMEM;
	}
	if (e1 < 0 || e2 < 0)
		return -EBADMSG;
	return asprintf(ret, "%lld:%lld", uid, gid) < 0 ? -ENOMEM : 0;
}

int oci_spec_process_info(const char *json, size_t len, struct container_info *ret, char **reterr)
{
	_cleanup_(json_object_putp) json_object *root = NULL;
	struct container_info c = { 0 };
	int err;

	err = json_parse_bounded(json, len, &root);
	if (err >= 0 && !json_object_is_type(root, json_type_object))
		err = -EBADMSG;
	if (err >= 0)
		err = parse_user(root, &c.user);
	if (err >= 0)
		err = json_dup_string(root, "process.cwd", SPEC_MAX_STRING, &c.workdir);
	if (err >= 0)
		err = json_dup_string(root, "hostname", SPEC_MAX_STRING, &c.hostname);
	if (err >= 0)
		err = container_info_parse_env(root, "process.env", &c);
	if (err < 0) {
		container_info_done(&c);
		return err == -ENOMEM
			   ? err
			   : error_set(reterr, -EBADMSG, "the container's OCI spec is not valid");
	}
	ret->user = c.user;
	ret->workdir = c.workdir;
	ret->hostname = c.hostname;
	ret->env = c.env;
	ret->n_env = c.n_env;
	return 0;
}

int oci_spec_info_empty(struct container_info *ret)
{
	char **fields[] = { &ret->user, &ret->workdir, &ret->hostname, &ret->status, &ret->name };
	char *empty[ARRAY_SIZE(fields)] = { NULL };
	char **env = NULL;
	bool ok = true;

	/* all made first, so that running out of memory leaves ret as it was */
	for (size_t i = 0; ok && i < ARRAY_SIZE(fields); i++)
		ok = *fields[i] || (empty[i] = strdup("")) != NULL;
	if (ok && !ret->env)
		ok = (env = calloc(1, sizeof(char *))) != NULL;
	if (!ok) {
		for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
			free(empty[i]);
		return -ENOMEM;
	}
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (empty[i])
			*fields[i] = empty[i];
	if (env)
		ret->env = env;
	return 0;
}
