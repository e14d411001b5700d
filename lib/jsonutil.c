// SPDX-License-Identifier: Apache-2.0
/* Bounded JSON parsing with json-c and typed field access. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"

int json_parse_bounded(const char *buf, size_t len, json_object **ret)
{
	json_tokener *tok;
	json_object *o;
	enum json_tokener_error jerr;
	size_t end;

	if (len > INT_MAX)
		return -EFBIG;
	tok = json_tokener_new_ex(JSON_MAX_DEPTH);
	if (!tok)
		return -ENOMEM;
	o = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!o || jerr != json_tokener_success) {
		json_object_put(o);
		return -EBADMSG;
	}
	if (json_skip_space(buf, len, end) != len) {
		json_object_put(o);
		return -EBADMSG;
	}
	*ret = o;
	return 0;
}

size_t json_skip_space(const char *buf, size_t len, size_t off)
{
	while (off < len &&
	       (buf[off] == ' ' || buf[off] == '\t' || buf[off] == '\r' || buf[off] == '\n'))
		off++;
	return off;
}

json_object *json_get_path(json_object *o, const char *path)
{
	char key[64];

	while (o && *path) {
		size_t n = strcspn(path, ".");

		if (n >= sizeof(key) || !json_object_is_type(o, json_type_object))
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		if (!json_object_object_get_ex(o, key, &o))
			return NULL;
		path += n;
		if (*path == '.')
			path++;
	}
	return o;
}

const char *json_get_string(json_object *o, const char *path)
{
	json_object *v = json_get_path(o, path);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

int json_get_bool(json_object *o, const char *path, bool *ret)
{
	json_object *v = json_get_path(o, path);

	if (!v)
		return -ENOENT;
	if (!json_object_is_type(v, json_type_boolean))
		return -EBADMSG;
	*ret = json_object_get_boolean(v);
	return 0;
}

int json_get_int(json_object *o, const char *path, long long min, long long max, long long *ret)
{
	json_object *v = json_get_path(o, path);
	long long n;

	if (!v)
		return -ENOENT;
	if (!json_object_is_type(v, json_type_int))
		return -EBADMSG;
	errno = 0;
	n = json_object_get_int64(v);
	if (errno != 0 || n < min || n > max)
		return -EBADMSG;
	*ret = n;
	return 0;
}

int json_dup_string(json_object *o, const char *path, size_t max, char **ret)
{
	json_object *v = json_get_path(o, path);
	const char *s = "";
	char *copy;

	if (v && json_object_is_type(v, json_type_string))
		s = json_object_get_string(v);
	else if (v && !json_object_is_type(v, json_type_null))
		return -EBADMSG;
	if (strlen(s) > max)
		return -EBADMSG;
	copy = strdup(s);
	if (!copy)
		return -ENOMEM;
	*ret = copy;
	return 0;
}
