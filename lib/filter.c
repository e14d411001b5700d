// SPDX-License-Identifier: Apache-2.0
/* Filters and compose references become one GET /containers/json?all=1&filters=...; the daemon
 * applies docker's rules (different keys ANDed, several labels ANDed, several names ORed) and we
 * choose among its answer by state. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "error.h"
#include "filter.h"
#include "jsonutil.h"
#include "macros.h"
#include "reference.h"

#define LIST_MAX  100000
#define SHOWN_MAX 10

static const char *const filter_keys[] = {
	"ancestor", "before", "expose",	 "exited",  "health", "id",	"isolation", "is-task",
	"label",    "name",   "network", "publish", "since",  "status", "volume",
};

bool compose_ref_is(const char *ref)
{
	return ref[0] && ref[0] != '/' && strchr(ref + 1, '/') && !strchr(ref, ':');
}

static bool compose_name(const char *s, size_t n)
{
	if (n == 0 || n > COMPOSE_NAME_MAX || !isalnum((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isascii((unsigned char)s[i]) ||
		    !(isalnum((unsigned char)s[i]) || strchr("_.-", s[i])))
			return false;
	return true;
}

int compose_ref_parse(const char *ref, struct compose_ref *ret, char **reterr)
{
	const char *s1 = strchr(ref, '/'), *s2 = s1 ? strchr(s1 + 1, '/') : NULL;
	size_t np = s1 ? (size_t)(s1 - ref) : 0, ns = s2   ? (size_t)(s2 - s1 - 1)
						      : s1 ? strlen(s1 + 1)
							   : 0;
	struct compose_ref r = { 0 };

	if (!s1 || !compose_name(ref, np) || !compose_name(s1 + 1, ns))
		return error_set(
		    reterr, -EINVAL,
		    "invalid container name or compose reference (a name holds no '/'; "
		    "PROJECT/SERVICE[/NUMBER] names of [a-zA-Z0-9][a-zA-Z0-9_.-]*)");
	if (s2) {
		char *end;
		unsigned long v;

		errno = 0;
		v = strtoul(s2 + 1, &end, 10);
		if (!isdigit((unsigned char)s2[1]) || *end || errno || v == 0 ||
		    v > COMPOSE_NUMBER_MAX)
			return error_set(
			    reterr, -EINVAL,
			    "invalid compose reference: its container number must be 1 to %d",
			    COMPOSE_NUMBER_MAX);
		r.number = (unsigned)v;
	}
	memcpy(r.project, ref, np);
	memcpy(r.service, s1 + 1, ns);
	*ret = r;
	return 0;
}

int filter_validate(const char *filter, char **reterr)
{
	const char *eq = strchr(filter, '=');
	size_t n = eq ? (size_t)(eq - filter) : 0;

	for (size_t i = 0; eq && i < ARRAY_SIZE(filter_keys); i++)
		if (strlen(filter_keys[i]) == n && strncmp(filter, filter_keys[i], n) == 0) {
			if (!eq[1])
				return error_set(reterr, -EINVAL,
						 "invalid filter '%.64s': no value", filter);
			if (strlen(eq + 1) > 1024)
				return error_set(reterr, -EINVAL, "invalid filter: value too long");
			return 0;
		}
	return error_set(
	    reterr, -EINVAL,
	    "invalid filter '%.64s': KEY=VALUE with KEY one of label, name, id, "
	    "ancestor, status, health, network, volume, expose, publish, before, since, "
	    "exited, isolation, is-task",
	    filter);
}

/* Percent-encode everything but RFC 3986's unreserved characters. */
static char *url_encode(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = malloc(strlen(s) * 3 + 1), *o = out;

	for (; out && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isascii(c) && (isalnum(c) || strchr("-_.~", c))) {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	if (out)
		*o = '\0';
	return out;
}

static int add_filter(json_object *root, const char *filter)
{
	const char *eq = strchr(filter, '=');
	_cleanup_free_ char *key = strndup(filter, (size_t)(eq - filter));
	json_object *list;

	if (!key)
		return -ENOMEM;
	if (!json_object_object_get_ex(root, key, &list)) {
		list = json_object_new_array();
		if (!list || json_object_object_add(root, key, list) < 0)
			return -ENOMEM;
	}
	return json_object_array_add(list, json_object_new_string(eq + 1)) < 0 ? -ENOMEM : 0;
}

int filter_query(const char *const *filters, size_t n, char **ret, char **reterr)
{
	_cleanup_(json_object_putp) json_object *root = json_object_new_object();
	_cleanup_free_ char *enc = NULL;
	int err = root ? 0 : -ENOMEM;

	if (n > FILTER_MAX)
		return error_set(reterr, -E2BIG, "at most %d filters", FILTER_MAX);
	for (size_t i = 0; err >= 0 && i < n; i++) {
		err = filter_validate(filters[i], reterr);
		if (err >= 0)
			err = add_filter(root, filters[i]);
	}
	if (err < 0)
		return err;
	enc = url_encode(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
								  JSON_C_TO_STRING_NOSLASHESCAPE));
	if (!enc || asprintf(ret, "all=1&filters=%s", enc) < 0)
		return -ENOMEM;
	return 0;
}

void filter_matches_free(struct filter_match *m, size_t n)
{
	for (size_t i = 0; m && i < n; i++) {
		free(m[i].name);
		free(m[i].project);
		free(m[i].service);
	}
	free(m);
}

static char *dup_label(json_object *labels, const char *key)
{
	json_object *v;

	if (!labels || !json_object_object_get_ex(labels, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return strdup(json_object_get_string(v));
}

/* One entry; 1 when taken, 0 when skipped (no valid Id), -ENOMEM. */
static int parse_entry(json_object *o, struct filter_match *m)
{
	json_object *names = json_get_path(o, "Names"), *labels = json_get_path(o, "Labels");
	const char *id = json_get_string(o, "Id"), *state = json_get_string(o, "State"), *name = "";
	_cleanup_free_ char *number = NULL, *oneoff = NULL;

	if (!id || !reference_is_full_id(id))
		return 0;
	if (names && json_object_is_type(names, json_type_array) &&
	    json_object_array_length(names) > 0 &&
	    json_object_is_type(json_object_array_get_idx(names, 0), json_type_string))
		name = json_object_get_string(json_object_array_get_idx(names, 0));
	if (name[0] == '/')
		name++;
	if (name[0] == '/' || reference_validate(name, NULL) < 0)
		name = "";
	if (labels && !json_object_is_type(labels, json_type_object))
		labels = NULL;
	*m = (struct filter_match){ .running = state && strcmp(state, "running") == 0 };
	memcpy(m->id, id, 65);
	m->name = strdup(name);
	m->project = dup_label(labels, "com.docker.compose.project");
	m->service = dup_label(labels, "com.docker.compose.service");
	number = dup_label(labels, "com.docker.compose.container-number");
	oneoff = dup_label(labels, "com.docker.compose.oneoff");
	m->number = number && strspn(number, "0123456789") == strlen(number) && strlen(number) < 6
			? (unsigned)atoi(number)
			: 0;
	m->oneoff = oneoff && strcasecmp(oneoff, "true") == 0;
	return m->name ? 1 : -ENOMEM;
}

int filter_parse_list(const char *json, size_t len, struct filter_match **ret, size_t *ret_n,
		      char **reterr)
{
	_cleanup_(json_object_putp) json_object *root = NULL;
	struct filter_match *v;
	size_t n, got = 0;
	int err = 0;

	if (json_parse_bounded(json, len, &root) < 0 || !json_object_is_type(root, json_type_array))
		return error_set(reterr, -EBADMSG, "the container list is not a JSON array");
	n = json_object_array_length(root);
	if (n > LIST_MAX)
		return error_set(reterr, -E2BIG, "the container list is too long");
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; err >= 0 && i < n; i++) {
		json_object *o = json_object_array_get_idx(root, i);

		err = json_object_is_type(o, json_type_object) ? parse_entry(o, &v[got]) : 0;
		if (err > 0)
			got++;
	}
	if (err < 0) {
		filter_matches_free(v, got + 1);
		return err;
	}
	*ret = v;
	*ret_n = got;
	return 0;
}

static bool wanted(const struct filter_match *m, const struct compose_ref *c, bool running)
{
	if (m->running != running)
		return false;
	/* the daemon matched the labels; compose run's one-off containers are not the service's */
	return !c || !m->oneoff;
}

/* "a (proj/web/1), b": the containers of state `running`, for messages. */
static char *names_of(const struct filter_match *m, size_t n, const struct compose_ref *c,
		      bool running)
{
	char *out = strdup("");
	size_t shown = 0;

	for (size_t i = 0; out && i < n; i++) {
		const char *name = m[i].name[0] ? m[i].name : m[i].id;
		char *next = NULL;
		int r;

		if (!wanted(&m[i], c, running))
			continue;
		if (++shown > SHOWN_MAX)
			r = asprintf(&next, "%s, ...", out);
		else if (c && m[i].project && m[i].service)
			r = asprintf(&next, "%s%s%s (%s/%s/%u)", out, *out ? ", " : "", name,
				     m[i].project, m[i].service, m[i].number);
		else
			r = asprintf(&next, "%s%s%s", out, *out ? ", " : "", name);
		free(out);
		out = r < 0 ? NULL : next;
		if (shown > SHOWN_MAX)
			break;
	}
	return out;
}

/* None, or several: say which there are. */
static int not_one(const struct filter_match *m, size_t n, const struct compose_ref *c,
		   bool stopped, size_t count, size_t others, char **reterr)
{
	_cleanup_free_ char *list = names_of(m, n, c, count ? !stopped : stopped);
	const char *shown = list ? list : "?";

	if (count > 1)
		return error_set(reterr, -ENOTUNIQ, "%zu containers match: %s; %s", count, shown,
				 c ? "name one with PROJECT/SERVICE/NUMBER"
				   : "add a filter or name one");
	if (others)
		return error_set(reterr, -ENOENT, "no %s container matches (%s: %s)%s",
				 stopped ? "stopped" : "running",
				 stopped ? "running" : "not running", shown,
				 stopped ? "" : "; add --stopped for its files");
	return error_set(reterr, -ENOENT, "no container matches");
}

static int choose(const struct filter_match *m, size_t n, const struct compose_ref *c, bool stopped,
		  char ret_id[65], char **reterr)
{
	const struct filter_match *one = NULL, *other = NULL;
	size_t count = 0, others = 0;

	for (size_t i = 0; i < n; i++) {
		if (wanted(&m[i], c, !stopped)) {
			one = &m[i];
			count++;
		} else if (wanted(&m[i], c, stopped)) {
			other = &m[i];
			others++;
		}
	}
	if (count == 0 && others == 1 && !stopped) {
		/* as a name of a stopped container would be: the caller may open its files instead
		 * */
		memcpy(ret_id, other->id, 65);
		return error_set(reterr, -ESRCH,
				 "container %s is not running; --stopped opens its files",
				 other->name[0] ? other->name : other->id);
	}
	if (count != 1)
		return not_one(m, n, c, stopped, count, others, reterr);
	memcpy(ret_id, one->id, 65);
	return 0;
}

static int compose_filters(const struct compose_ref *c, char bufs[3][COMPOSE_NAME_MAX + 64],
			   const char **out)
{
	int n = 0;

	snprintf(bufs[0], sizeof(bufs[0]), "label=com.docker.compose.project=%s", c->project);
	snprintf(bufs[1], sizeof(bufs[1]), "label=com.docker.compose.service=%s", c->service);
	out[n++] = bufs[0];
	out[n++] = bufs[1];
	if (c->number) {
		snprintf(bufs[2], sizeof(bufs[2]), "label=com.docker.compose.container-number=%u",
			 c->number);
		out[n++] = bufs[2];
	}
	return n;
}

int filter_resolve(struct engine *e, const char *const *filters, size_t n,
		   const struct compose_ref *compose, bool stopped, char ret_id[65], char **reterr)
{
	char bufs[3][COMPOSE_NAME_MAX + 64], path[8192];
	const char *all[FILTER_MAX + 3];
	_cleanup_free_ char *query = NULL;
	struct filter_match *m = NULL;
	struct http_response r;
	size_t total = 0, k = 0;
	int err;

	if (n > FILTER_MAX)
		return error_set(reterr, -E2BIG, "at most %d filters", FILTER_MAX);
	for (; total < n; total++)
		all[total] = filters[total];
	if (compose)
		total += (size_t)compose_filters(compose, bufs, all + total);
	err = filter_query(all, total, &query, reterr);
	if (err < 0)
		return err;
	if ((size_t)snprintf(path, sizeof(path), "/containers/json?%s", query) >= sizeof(path))
		return error_set(reterr, -ENAMETOOLONG, "the filters are too long");
	err = engine_get(e, path, &r, reterr);
	if (err < 0)
		return err;
	if (r.status != 200) {
		_cleanup_free_ char *msg = engine_error_message(&r);

		err = error_set(reterr, r.status == 400 ? -EINVAL : -EPROTO,
				"the daemon refused the filters: %s", msg ? msg : "no message");
	} else {
		err = filter_parse_list(r.body, r.body_len, &m, &k, reterr);
	}
	http_response_done(&r);
	if (err >= 0)
		err = choose(m, k, compose, stopped, ret_id, reterr);
	filter_matches_free(m, k);
	return err;
}
