// SPDX-License-Identifier: Apache-2.0
/* GET /containers/json decoded into IDs and names, every entry checked. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "jsonutil.h"
#include "listing.h"
#include "macros.h"
#include "reference.h"

#define LISTING_MAX 100000

void listing_free(struct container_summary *l, size_t n)
{
	for (size_t i = 0; l && i < n; i++)
		free(l[i].name);
	free(l);
}

static int add_entry(json_object *o, struct container_summary *l, size_t *n)
{
	const char *id = json_get_string(o, "Id");
	json_object *names = json_get_path(o, "Names"), *first;
	const char *name = "";

	if (!id || !reference_is_full_id(id))
		return 0;
	if (names && json_object_is_type(names, json_type_array) &&
	    json_object_array_length(names) > 0) {
		first = json_object_array_get_idx(names, 0);
		if (json_object_is_type(first, json_type_string))
			name = json_object_get_string(first);
	}
	if (name[0] == '/')
		name++;
	if (name[0] == '/' || reference_validate(name, NULL) < 0)
		name = "";
	memcpy(l[*n].id, id, 65);
	l[*n].name = strdup(name);
	if (!l[*n].name)
		return -ENOMEM;
	(*n)++;
	return 0;
}

/* One element of the array at json[*off..len): parsed by json-c on its own and freed before the
 * next, so that the largest tree held is one container's, not the whole list's (500 containers: 6.6
 * MiB and a page fault per 4 KiB). */
static int parse_element(json_tokener *tok, const char *json, size_t len, size_t *off,
			 struct container_summary **l, size_t *n, size_t *cap)
{
	_cleanup_(json_object_putp) json_object *o = NULL;

	json_tokener_reset(tok);
	o = json_tokener_parse_ex(tok, json + *off, (int)(len - *off));
	/* a null element is NULL and success: an entry without an Id, skipped like any other */
	if (json_tokener_get_error(tok) != json_tokener_success)
		return -EBADMSG;
	*off += json_tokener_get_parse_end(tok);
	if (*n >= LISTING_MAX)
		return -E2BIG;
	if (*n + 1 >= *cap) {
		struct container_summary *p;

		p = realloc(*l, (*cap = *cap ? *cap * 2 : 64) * sizeof(**l));
		if (!p)
			return -ENOMEM;
		*l = p;
	}
	return add_entry(o, *l, n);
}

int listing_parse(const char *json, size_t len, struct container_summary **ret, size_t *ret_n,
		  char **reterr)
{
	struct container_summary *l = NULL;
	json_tokener *tok = NULL;
	size_t n = 0, cap = 0, off;
	int err = 0;

	if (len > INT_MAX)
		return error_set(reterr, -EFBIG, "the container list is too large");
	off = json_skip_space(json, len, 0);
	if (off >= len || json[off] != '[')
		return error_set(reterr, -EBADMSG, "the container list is not a JSON array");
	tok = json_tokener_new_ex(JSON_MAX_DEPTH - 1);
	if (!tok)
		return -ENOMEM;
	off = json_skip_space(json, len, off + 1);
	if (off < len && json[off] == ']')
		off++;
	else
		for (;;) {
			err = parse_element(tok, json, len, &off, &l, &n, &cap);
			off = json_skip_space(json, len, off);
			if (err < 0 || off >= len || (json[off] != ',' && json[off] != ']')) {
				err = err < 0 ? err : -EBADMSG;
				break;
			}
			if (json[off++] == ']')
				break;
			off = json_skip_space(json, len, off);
		}
	json_tokener_free(tok);
	if (err >= 0 && json_skip_space(json, len, off) != len)
		err = -EBADMSG;
	if (err >= 0 && !l && !(l = calloc(1, sizeof(*l))))
		err = -ENOMEM;
	if (err < 0) {
		listing_free(l, n);
		if (err == -E2BIG)
			return error_set(reterr, err, "the container list is too long");
		return err == -ENOMEM
			   ? err
			   : error_set(reterr, -EBADMSG, "the container list is not a JSON array");
	}
	*ret = l;
	*ret_n = n;
	return 0;
}

int listing_fetch_query(struct engine *e, const char *query, struct container_summary **ret,
			size_t *ret_n, bool *ret_docker, char **reterr)
{
	struct http_response r;
	char path[1024];
	bool docker;
	int err;

	snprintf(path, sizeof(path), "/containers/json%s%s", query ? "?" : "", query ? query : "");
	err = engine_get(e, path, &r, reterr);
	if (err < 0)
		return err;
	docker = engine_server_is_docker(r.server);
	if (r.status != 200) {
		_cleanup_free_ char *msg = engine_error_message(&r);

		err = error_set(reterr, -EPROTO, "the daemon answered %d: %s", r.status,
				msg ? msg : "no message");
	} else {
		err = listing_parse(r.body, r.body_len, ret, ret_n, reterr);
	}
	http_response_done(&r);
	if (err < 0)
		return err;
	if (ret_docker)
		*ret_docker = docker;
	return 0;
}

int listing_fetch(struct engine *e, struct container_summary **ret, size_t *ret_n, char **reterr)
{
	return listing_fetch_query(e, NULL, ret, ret_n, NULL, reterr);
}

int listing_name_filter(const char *prefix, char *ret, size_t size)
{
	/* filters={"name":["^/?PREFIX"]}: Docker matches "/name", podman "name"; '.' is the one
	 * regex character a name can hold, escaped as \\. in the JSON string */
	static const char head[] = "filters=%7B%22name%22%3A%5B%22%5E%2F%3F", tail[] = "%22%5D%7D",
			  dot[] = "%5C%5C.";
	size_t n = strlen(head) + strlen(tail);

	if (!*prefix || reference_validate(prefix, NULL) < 0 || prefix[0] == '/')
		return -EINVAL;
	/* measured first: ret is written only when the whole filter fits */
	for (const char *p = prefix; *p; p++)
		n += *p == '.' ? strlen(dot) : 1;
	if (n >= size)
		return -ENAMETOOLONG;
	n = strlen(head);
	memcpy(ret, head, n);
	for (const char *p = prefix; *p; p++) {
		/* validated: [a-zA-Z0-9_.-] only, none of which a query needs encoded */
		if (*p == '.') {
			memcpy(ret + n, dot, strlen(dot));
			n += strlen(dot);
		} else {
			ret[n++] = *p;
		}
	}
	strcpy(ret + n, tail);
	return 0;
}
