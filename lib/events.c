// SPDX-License-Identifier: Apache-2.0
/* GET /events?since=...&until=...: the buffered events of a time span, decoded one JSON object
 * after the other. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "events.h"
#include "jsonutil.h"
#include "macros.h"

/* Exec and health probes run in a container without starting, stopping or renaming it. */
static bool event_is_change(const char *type, const char *action)
{
	if (type && strcmp(type, "container") != 0)
		return false;
	if (type && action &&
	    (strncmp(action, "exec_", 5) == 0 || strncmp(action, "health_status", 13) == 0))
		return false;
	return true;
}

/* Keep s->died the set of containers whose newest die, start or destroy so far is a die. */
static void note_died(json_object *o, const char *type, const char *action, struct events_scan *s)
{
	const char *id = json_get_string(o, "Actor.ID");
	bool die;
	size_t i;

	if (!type || !action || strcmp(type, "container") != 0)
		return;
	die = strcmp(action, "die") == 0;
	if (!die && strcmp(action, "start") != 0 && strcmp(action, "destroy") != 0)
		return;
	if (!id || strlen(id) != 64) {
		s->died_unknown = s->died_unknown || die;
		return;
	}
	for (i = 0; i < s->n_died && strcmp(s->died[i], id) != 0; i++)
		;
	if (die && i == s->n_died) {
		if (s->n_died == EVENTS_DIED_MAX)
			s->died_unknown = true;
		else
			memcpy(s->died[s->n_died++], id, 65);
	} else if (!die && i < s->n_died) {
		memcpy(s->died[i], s->died[--s->n_died], 65);
	}
}

static void set_mark(struct events_mark *m, bool *have, const char *raw, size_t len, long long t)
{
	*have = len <= sizeof(m->raw);
	if (!*have)
		return;
	memcpy(m->raw, raw, len);
	m->len = len;
	m->time_nano = t;
}

/* One event object at buf[0..len): its time, its bytes, and whether it is a change. */
static int scan_one(json_tokener *tok, const char *buf, size_t len, size_t *ret_used,
		    struct events_scan *s)
{
	_cleanup_(json_object_putp) json_object *o = NULL;
	const char *type, *action;
	long long t;
	size_t used;

	json_tokener_reset(tok);
	o = json_tokener_parse_ex(tok, buf, (int)len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    !json_object_is_type(o, json_type_object))
		return -EBADMSG;
	if (json_get_int(o, "timeNano", 0, LLONG_MAX, &t) < 0)
		return -EBADMSG;
	used = json_tokener_get_parse_end(tok);
	type = json_get_string(o, "Type");
	action = json_get_string(o, "Action");
	if (s->count == 0)
		set_mark(&s->first, &s->have_first, buf, used, t);
	else if (event_is_change(type, action))
		s->changed_after_first = true;
	note_died(o, type, action, s);
	set_mark(&s->last, &s->have_last, buf, used, t);
	if (!s->have_last && s->count > 0)
		s->changed_after_first = true;
	s->count++;
	*ret_used = used;
	return 0;
}

int events_parse(const char *buf, size_t len, struct events_scan *ret, char **reterr)
{
	struct events_scan s = { 0 };
	json_tokener *tok;
	size_t off = 0;
	int err = 0;

	if (len > INT_MAX)
		return error_set(reterr, -EFBIG, "the event log answer is too large");
	tok = json_tokener_new_ex(JSON_MAX_DEPTH);
	if (!tok)
		return -ENOMEM;
	for (off = json_skip_space(buf, len, 0); off < len && err >= 0;
	     off = json_skip_space(buf, len, off)) {
		size_t used = 0;

		err = scan_one(tok, buf + off, len - off, &used, &s);
		off += used;
	}
	json_tokener_free(tok);
	if (err < 0)
		return error_set(reterr, err, "the event log answer is not a sequence of events");
	*ret = s;
	return 0;
}

int events_fetch(struct engine *e, long long since_nano, struct events_scan *ret, bool *ret_docker,
		 char **reterr)
{
	struct http_response r;
	struct timespec now;
	char path[96];
	bool docker;
	int err;

	/* until is now: the daemon answers what it holds and ends the answer instead of streaming
	 * what comes next */
	clock_gettime(CLOCK_REALTIME, &now);
	snprintf(path, sizeof(path), "/events?since=%lld.%09lld&until=%lld.%09ld",
		 since_nano / 1000000000, since_nano % 1000000000, (long long)now.tv_sec,
		 now.tv_nsec);
	err = engine_get(e, path, &r, reterr);
	if (err < 0)
		return err;
	docker = engine_server_is_docker(r.server);
	if (r.status != 200) {
		_cleanup_free_ char *msg = engine_error_message(&r);

		err = error_set(reterr, -EPROTO, "the daemon answered %d: %s", r.status,
				msg ? msg : "no message");
	} else {
		err = events_parse(r.body, r.body_len, ret, reterr);
	}
	http_response_done(&r);
	if (err < 0)
		return err;
	*ret_docker = docker;
	return 0;
}
