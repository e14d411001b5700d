// SPDX-License-Identifier: Apache-2.0
/* Completion of the ways to name a container beyond a running one's name: compose references,
 * containers that do not run (after --stopped), --filter's keys and labels, --tools' images,
 * --which's processes. One request each, asked with docker's filters so the daemon does the
 * matching; never the docker CLI. */
#include <ctype.h>
#include <dirent.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "complete-internal.h"
#include "engine.h"
#include "filter.h"
#include "front.h"
#include "jsonutil.h"
#include "macros.h"
#include "output.h"

static const char *const not_running[] = { "status=exited", "status=created", "status=restarting" };

/* The daemon's list for these filters (docker's KEY=VALUE), decoded with state and compose labels.
 * */
static int fetch(const struct dcp_globals *g, const char *const *filters, size_t n,
		 struct filter_match **ret, size_t *ret_n)
{
	_cleanup_free_ char *query = NULL;
	struct http_response r;
	struct engine e;
	char path[4096];
	int err = filter_query(filters, n, &query, NULL);

	if (err >= 0)
		err = front_engine(g, COMPLETE_TIMEOUT_MS, &e, NULL);
	if (err < 0)
		return err;
	snprintf(path, sizeof(path), "/containers/json?%s", query);
	err = engine_get(&e, path, &r, NULL);
	engine_done(&e);
	if (err < 0)
		return err;
	err = r.status == 200 ? filter_parse_list(r.body, r.body_len, ret, ret_n, NULL) : -EPROTO;
	http_response_done(&r);
	return err;
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* How many containers of m's service are listed. */
static size_t replicas(const struct filter_match *l, size_t n, const struct filter_match *m)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += !l[i].oneoff && l[i].project && l[i].service &&
		     strcmp(l[i].project, m->project) == 0 && strcmp(l[i].service, m->service) == 0;
	return k;
}

int complete_compose(const char *word, const struct dcp_globals *g, bool stopped)
{
	const char *filters[4] = { "label=com.docker.compose.project", "status=running" };
	struct filter_match *l = NULL;
	size_t n = 0, nf = 2;

	if (stopped) {
		nf = 1;
		for (size_t i = 0; i < ARRAY_SIZE(not_running); i++)
			filters[nf++] = not_running[i];
	}
	if (fetch(g, filters, nf, &l, &n) < 0)
		return DIR_ERROR;
	for (size_t i = 0; i < n; i++) {
		char ref[2 * COMPOSE_NAME_MAX + 16];
		struct compose_ref c;

		if (l[i].oneoff || !l[i].project || !l[i].service)
			continue;
		if (replicas(l, n, &l[i]) > 1)
			snprintf(ref, sizeof(ref), "%s/%s/%u", l[i].project, l[i].service,
				 l[i].number);
		else
			snprintf(ref, sizeof(ref), "%s/%s", l[i].project, l[i].service);
		/* only what the parser takes back, and nothing a terminal would act on */
		if (starts(ref, word) && compose_ref_parse(ref, &c, NULL) >= 0 &&
		    !out_has_control(l[i].name))
			complete_candidate(ref, l[i].name);
	}
	filter_matches_free(l, n);
	return DIR_NO_FILES;
}

int complete_stopped(const char *word, const struct dcp_globals *g)
{
	struct filter_match *l = NULL;
	size_t n = 0;
	bool hex = *word && strspn(word, "0123456789abcdef") == strlen(word);

	if (fetch(g, (const char *const *)not_running, ARRAY_SIZE(not_running), &l, &n) < 0)
		return DIR_ERROR;
	for (size_t i = 0; i < n; i++) {
		char id[13];

		snprintf(id, sizeof(id), "%.12s", l[i].id);
		if (l[i].name[0] && starts(l[i].name, word))
			complete_candidate(l[i].name, "stopped container");
		if (hex && starts(l[i].id, word))
			complete_candidate(id, l[i].name);
	}
	filter_matches_free(l, n);
	return DIR_NO_FILES;
}

static const char *const filter_keys[] = { "label=",  "name=",	 "id=",	     "ancestor=",
					   "status=", "health=", "network=", "volume=" };

/* Each label=KEY=VALUE of the running containers once. */
static void offer_labels(const char *word, const struct dcp_globals *g)
{
	_cleanup_(json_object_putp) json_object *root = NULL;
	struct http_response r;
	struct engine e;
	char **seen = NULL;
	size_t n_seen = 0;

	if (front_engine(g, COMPLETE_TIMEOUT_MS, &e, NULL) < 0)
		return;
	if (engine_get(&e, "/containers/json", &r, NULL) < 0) {
		engine_done(&e);
		return;
	}
	engine_done(&e);
	if (r.status == 200 && json_parse_bounded(r.body, r.body_len, &root) >= 0 &&
	    json_object_is_type(root, json_type_array))
		for (size_t i = 0; i < json_object_array_length(root); i++) {
			json_object *labels =
			    json_get_path(json_object_array_get_idx(root, i), "Labels");

			if (!labels || !json_object_is_type(labels, json_type_object))
				continue;
			json_object_object_foreach(labels, key, val)
			{
				char cand[1024];
				char **v;
				bool dup = false;

				if (!json_object_is_type(val, json_type_string))
					continue;
				snprintf(cand, sizeof(cand), "label=%s=%s", key,
					 json_object_get_string(val));
				for (size_t j = 0; j < n_seen && !dup; j++)
					dup = strcmp(seen[j], cand) == 0;
				if (dup || !starts(cand, word) || out_has_control(cand) ||
				    strchr(cand, ' ') ||
				    !(v = realloc(seen, (n_seen + 1) * sizeof(char *))))
					continue;
				seen = v;
				if ((seen[n_seen] = strdup(cand)))
					complete_candidate(seen[n_seen++], NULL);
			}
		}
	http_response_done(&r);
	for (size_t j = 0; j < n_seen; j++)
		free(seen[j]);
	free(seen);
}

int complete_filter_value(const char *word, const struct dcp_globals *g)
{
	if (starts(word, "label=")) {
		offer_labels(word, g);
		return DIR_NO_FILES;
	}
	for (size_t i = 0; i < ARRAY_SIZE(filter_keys); i++)
		if (starts(filter_keys[i], word))
			complete_candidate(filter_keys[i], NULL);
	return DIR_NO_FILES | DIR_NO_SPACE;
}

/* --tools: a directory ("/..." or "./...") or a local image's name:tag. */
int complete_tools(const char *word, const struct dcp_globals *g)
{
	_cleanup_(json_object_putp) json_object *root = NULL;
	struct http_response r;
	struct engine e;

	if (word[0] == '/' || word[0] == '.')
		return DIR_DIRS;
	if (front_engine(g, COMPLETE_TIMEOUT_MS, &e, NULL) < 0)
		return DIR_ERROR;
	if (engine_get(&e, "/images/json", &r, NULL) < 0) {
		engine_done(&e);
		return DIR_ERROR;
	}
	engine_done(&e);
	if (r.status == 200 && json_parse_bounded(r.body, r.body_len, &root) >= 0 &&
	    json_object_is_type(root, json_type_array))
		for (size_t i = 0; i < json_object_array_length(root); i++) {
			json_object *tags =
			    json_get_path(json_object_array_get_idx(root, i), "RepoTags");

			for (size_t j = 0; tags && json_object_is_type(tags, json_type_array) &&
					   j < json_object_array_length(tags);
			     j++) {
				const char *t =
				    json_object_get_string(json_object_array_get_idx(tags, j));

				if (t && strcmp(t, "<none>:<none>") != 0 && starts(t, word) &&
				    !out_has_control(t) && !strchr(t, ' '))
					complete_candidate(t, "image");
			}
		}
	http_response_done(&r);
	return DIR_NO_FILES;
}

/* --which: the host's processes, by PID, with their command names. */
int complete_pids(const char *word)
{
	DIR *d = opendir("/proc");
	struct dirent *de;

	while (d && (de = readdir(d))) {
		char path[300], comm[64] = "";
		FILE *f;

		if (!isdigit((unsigned char)de->d_name[0]) || !starts(de->d_name, word))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		if ((f = fopen(path, "re"))) {
			if (!fgets(comm, sizeof(comm), f))
				comm[0] = '\0';
			fclose(f);
		}
		comm[strcspn(comm, "\n")] = '\0';
		complete_candidate(de->d_name, out_has_control(comm) ? NULL : comm);
	}
	if (d)
		closedir(d);
	return DIR_NO_FILES;
}
