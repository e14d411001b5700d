// SPDX-License-Identifier: Apache-2.0
/* The answer to `PLUGIN docker-cli-plugin-metadata`: who we are, as JSON on stdout. */

/*
 * Docker runs every candidate `docker-*` binary in its plugin directories with this single
 * argument (for `docker help`, `docker info`, completion, `docker NAME` itself) and reads its
 * stdout. It insists on SchemaVersion "0.1.0" (28.4.1+ accept any version below 2.0.0) and a
 * non-empty Vendor; anything else makes the plugin "invalid" and `docker NAME` then reports an
 * unknown command. The query comes without DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND and must not
 * touch the daemon. docker/cli's own plugins print the object indented, fields left out when
 * empty; "Hidden": true would hide the plugin from help and completion.
 */

#include <string.h>

#include "dcp-internal.h"
#include "dcp.h"

static int add_string(struct json_object *obj, const char *key, const char *value)
{
	struct json_object *s;

	if (!value || !*value)
		return 0;
	s = json_object_new_string(value);
	if (!s)
		return -ENOMEM;
	if (json_object_object_add(obj, key, s) < 0) {
		json_object_put(s);
		return -ENOMEM;
	}
	return 0;
}

int dcp_write_metadata(FILE *f, const char *vendor, const char *version, const char *short_desc,
		       const char *url)
{
	_dcp_cleanup_json_ struct json_object *obj = NULL;
	const char *text;
	int r = 0;

	if (!vendor || !*vendor)
		return -EINVAL;
	obj = json_object_new_object();
	if (!obj)
		return -ENOMEM;
	/* json-c keeps insertion order: the order of docker's Metadata struct. */
	if (r >= 0)
		r = add_string(obj, "SchemaVersion", "0.1.0");
	if (r >= 0)
		r = add_string(obj, "Vendor", vendor);
	if (r >= 0)
		r = add_string(obj, "Version", version);
	if (r >= 0)
		r = add_string(obj, "ShortDescription", short_desc);
	if (r >= 0)
		r = add_string(obj, "URL", url);
	if (r < 0)
		return r;

	text =
	    json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
						    JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!text)
		return -ENOMEM;
	errno = 0;
	if (fputs(text, f) < 0 || fputc('\n', f) < 0 || fflush(f) != 0)
		return dcp_negative_errno();
	return 0;
}
