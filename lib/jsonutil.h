// SPDX-License-Identifier: Apache-2.0
/* Bounded JSON parsing with json-c and typed field access that never trusts the input's types. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <json-c/json.h>

#define JSON_MAX_DEPTH 64

static inline void json_object_putp(json_object **o)
{
	if (*o)
		json_object_put(*o);
}

/* Parse exactly one JSON value from buf[0..len) with nesting bounded by JSON_MAX_DEPTH; -EBADMSG
 * otherwise. */
int json_parse_bounded(const char *buf, size_t len, json_object **ret);

/* The offset of the first byte at or after off in buf[0..len) that is not JSON white space. */
size_t json_skip_space(const char *buf, size_t len, size_t off);

/* Look up a dotted path ("State.Pid") in nested objects; NULL when absent or not an object on the
 * way. */
json_object *json_get_path(json_object *o, const char *path);

/* The string at path; NULL when absent, null, or not a string. */
const char *json_get_string(json_object *o, const char *path);

/* The boolean at path; -EBADMSG when present with another type, -ENOENT when absent. */
int json_get_bool(json_object *o, const char *path, bool *ret);

/* The integer at path, which must be a JSON integer in [min, max]; -EBADMSG or -ENOENT otherwise.
 * */
int json_get_int(json_object *o, const char *path, long long min, long long max, long long *ret);

/* A copy of the string at path, or of "" when absent or null; -EBADMSG for another type or one
 * longer than max bytes, -ENOMEM. */
int json_dup_string(json_object *o, const char *path, size_t max, char **ret);
