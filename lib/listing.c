// SPDX-License-Identifier: Apache-2.0
/* GET /containers/json decoded into IDs and names, every entry checked. */
#include <errno.h>
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
	if (names && json_object_is_type(names, json_type_array) && json_object_array_length(names) > 0) {
		first = json_object_array_get_idx(names, 0);
		if (json_object_is_type(first, json_type_string))
			name = json_object_get_string(first);
	}
	if (name[0] == '/')
		name++;
	if (reference_validate(name, NULL) < 0)
		name = "";
	memcpy(l[*n].id, id, 65);
	l[*n].name = strdup(name);
	if (!l[*n].name)
		return -ENOMEM;
	(*n)++;
	return 0;
}

int listing_parse(const char *json, size_t len, struct container_summary **ret, size_t *ret_n, char **reterr)
{
	_cleanup_(json_object_putp) json_object *root = NULL;
	struct container_summary *l;
	size_t count, n = 0;
	int err;

	err = json_parse_bounded(json, len, &root);
	if (err < 0 || !json_object_is_type(root, json_type_array))
		return error_set(reterr, -EBADMSG, "the container list is not a JSON array");
	count = json_object_array_length(root);
	if (count > LISTING_MAX)
		return error_set(reterr, -E2BIG, "the container list is too long");
	l = calloc(count + 1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	for (size_t i = 0; i < count; i++) {
		err = add_entry(json_object_array_get_idx(root, i), l, &n);
		if (err < 0) {
			listing_free(l, n);
			return err;
		}
	}
	*ret = l;
	*ret_n = n;
	return 0;
}

int listing_fetch(struct engine *e, struct container_summary **ret, size_t *ret_n, char **reterr)
{
	struct http_response r;
	int err;

	err = engine_get(e, "/containers/json", &r, reterr);
	if (err < 0)
		return err;
	if (r.status != 200) {
		_cleanup_free_ char *msg = engine_error_message(&r);

		err = error_set(reterr, -EPROTO, "the daemon answered %d: %s", r.status, msg ? msg : "no message");
	} else {
		err = listing_parse(r.body, r.body_len, ret, ret_n, reterr);
	}
	http_response_done(&r);
	return err;
}
