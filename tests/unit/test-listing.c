// SPDX-License-Identifier: Apache-2.0
/* The container list, the event log answer, the name filter and the listing cache: exact decodings
 * and refusals. listing-cache.c is compiled in, for its static line decoders. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "fake-engine.h"
#include "jsonutil.h"
#include "listing-cache.c"
#include "listing-cache.h"
#include "listing.h"
#include "unit.h"

#define ID1	    "44df6725dbabbeb877a0a851030be32033ba9c8a98ed021dbe4bf5c8acf1d23d"
#define ID2	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define ID3	    "c0a270702e41760cd87434faa6a787bbc91b29f4860dc018d3dddc004df594af"
#define SOCK	    "/var/run/docker.sock"
#define MAGIC	    "docker-nsenter listing cache 1\n"
#define MSG_EVENTS  "the event log answer is not a sequence of events"
#define MSG_LIST    "the container list is not a JSON array"
#define FILTER_HEAD "filters=%7B%22name%22%3A%5B%22%5E%2F%3F"
#define FILTER_TAIL "%22%5D%7D"

/* GET /events?since=0&until=... from Docker 20.10.24: one container created, started and exec'd in.
 * */
#define EV_CREATE                                                                                  \
	"{\"status\":\"create\",\"id\":\"" ID1                                                     \
	"\",\"from\":\"docker-nsenter/busybox\",\"Type\":\"container\","                           \
	"\"Action\":\"create\",\"Actor\":{\"ID\":\"" ID1                                           \
	"\",\"Attributes\":{\"image\":\"docker-nsenter/busybox\","                                 \
	"\"name\":\"expa\"}},\"scope\":\"local\",\"time\":1796356007,\"timeNano\":"                \
	"1796356007566340588}\n"
#define EV_CONNECT                                                                                 \
	"{\"Type\":\"network\",\"Action\":\"connect\",\"Actor\":{\"ID\":"                          \
	"\"3c88f6e421511603ebe5ae306d7750cbedf2b923edde15389f36d7410cd508c5\",\"Attributes\":{"    \
	"\"container\":\"" ID1                                                                     \
	"\",\"name\":\"none\",\"type\":\"null\"}},\"scope\":\"local\",\"time\":1796356007,"        \
	"\"timeNano\":1796356007580364040}\n"
#define EV_START                                                                                   \
	"{\"status\":\"start\",\"id\":\"" ID1                                                      \
	"\",\"from\":\"docker-nsenter/busybox\",\"Type\":\"container\","                           \
	"\"Action\":\"start\",\"Actor\":{\"ID\":\"" ID1                                            \
	"\",\"Attributes\":{\"image\":\"docker-nsenter/busybox\","                                 \
	"\"name\":\"expa\"}},\"scope\":\"local\",\"time\":1796356007,\"timeNano\":"                \
	"1796356007888602869}\n"
#define EV_EXEC_CREATE                                                                             \
	"{\"status\":\"exec_create: true \",\"id\":\"" ID1                                         \
	"\",\"from\":\"docker-nsenter/busybox\","                                                  \
	"\"Type\":\"container\",\"Action\":\"exec_create: true \",\"Actor\":{\"ID\":\"" ID1        \
	"\",\"Attributes\":{"                                                                      \
	"\"execID\":\"a81b5efa958ce55d42a460dceeccb26bd8af025802269f4ea19bc13acd8d8ab6\","         \
	"\"image\":\"docker-nsenter/"                                                              \
	"busybox\",\"name\":\"expa\"}},\"scope\":\"local\",\"time\":1796356015,"                   \
	"\"timeNano\":1796356015644312952}\n"
#define EV_EXEC_DIE                                                                                \
	"{\"status\":\"exec_die\",\"id\":\"" ID1                                                   \
	"\",\"from\":\"docker-nsenter/busybox\",\"Type\":\"container\","                           \
	"\"Action\":\"exec_die\",\"Actor\":{\"ID\":\"" ID1 "\",\"Attributes\":{"                   \
	"\"execID\":\"a81b5efa958ce55d42a460dceeccb26bd8af025802269f4ea19bc13acd8d8ab6\","         \
	"\"exitCode\":\"0\","                                                                      \
	"\"image\":\"docker-nsenter/"                                                              \
	"busybox\",\"name\":\"expa\"}},\"scope\":\"local\",\"time\":1796356015,"                   \
	"\"timeNano\":1796356015764165928}\n"

/* An event as dockerd writes it; a NULL type or action leaves that field out. */
static char *event(const char *type, const char *action, long long t)
{
	char *s, tf[64] = "", af[128] = "";

	if (type)
		snprintf(tf, sizeof(tf), "\"Type\":\"%s\",", type);
	if (action)
		snprintf(af, sizeof(af), "\"status\":\"%s\",\"Action\":\"%s\",", action, action);
	if (asprintf(&s, "{%s\"id\":\"" ID1 "\",%s\"scope\":\"local\",\"timeNano\":%lld}\n", af, tf,
		     t) < 0)
		return NULL;
	return s;
}

#define PADDED                                                                                     \
	"{\"Type\":\"container\",\"Action\":\"%s\",\"Actor\":{\"Attributes\":{\"pad\":\"%s\"}},"   \
	"\"timeNano\":%lld}\n"

/* An event of exactly len bytes (with its '\n'), padded in an attribute. */
static char *padded_event(const char *action, long long t, size_t len)
{
	char *pad = calloc(len + 1, 1), *s = NULL;
	int head;

	assert_non_null(pad);
	head = snprintf(NULL, 0, PADDED, action, "", t);
	assert_true(head > 0 && (size_t)head <= len);
	memset(pad, 'x', len - (size_t)head);
	assert_true(asprintf(&s, PADDED, action, pad, t) == (int)len);
	free(pad);
	return s;
}

static void scan_len(const char *s, size_t len, struct events_scan *ret)
{
	char *err = NULL;

	assert_int_equal(events_parse(s, len, ret, &err), 0);
	assert_null(err);
}

static void scan(const char *s, struct events_scan *ret)
{
	scan_len(s, strlen(s), ret);
}

static void expect_mark(const struct events_mark *m, const char *raw, long long t)
{
	assert_int_equal(m->len, strlen(raw));
	assert_memory_equal(m->raw, raw, m->len);
	assert_true(m->time_nano == t);
}

/* -EBADMSG with its message, and *ret untouched. */
static void expect_events_refusal_len(const char *s, size_t len)
{
	static struct events_scan r, before;
	char *err = NULL;

	memset(&r, 0x5a, sizeof(r));
	memcpy(&before, &r, sizeof(r));
	assert_int_equal(events_parse(s, len, &r, &err), -EBADMSG);
	assert_non_null(err);
	assert_string_equal(err, MSG_EVENTS);
	free(err);
	assert_memory_equal(&r, &before, sizeof(r));
	assert_int_equal(events_parse(s, len, &r, NULL), -EBADMSG);
}

static void expect_events_refusal(const char *s)
{
	expect_events_refusal_len(s, strlen(s));
}

/* Whether an event of type and action after a first one is taken as a change. */
static bool changes(const char *type, const char *action)
{
	static struct events_scan s;
	char *first = event("container", "start", 1), *later = event(type, action, 2), *both;

	assert_non_null(first);
	assert_non_null(later);
	assert_true(asprintf(&both, "%s%s", first, later) > 0);
	scan(both, &s);
	assert_int_equal(s.count, 2);
	assert_true(s.have_first && s.have_last);
	expect_mark(&s.first, first, 1);
	expect_mark(&s.last, later, 2);
	free(first);
	free(later);
	free(both);
	return s.changed_after_first;
}

static void events_empty(void **state)
{
	static const char *const empty[] = { "", " ", "\n", " \t\r\n \n" };
	struct events_scan s;

	(void)state;
	for (size_t i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
		memset(&s, 0x5a, sizeof(s));
		scan(empty[i], &s);
		assert_int_equal(s.count, 0);
		assert_false(s.have_first);
		assert_false(s.have_last);
		assert_false(s.changed_after_first);
	}
}

static void events_real(void **state)
{
	static struct events_scan s;

	(void)state;
	scan(EV_CREATE EV_CONNECT EV_START EV_EXEC_CREATE EV_EXEC_DIE, &s);
	assert_int_equal(s.count, 5);
	assert_true(s.have_first && s.have_last);
	expect_mark(&s.first, EV_CREATE, 1796356007566340588LL);
	expect_mark(&s.last, EV_EXEC_DIE, 1796356015764165928LL);
	assert_true(s.changed_after_first); /* the start */

	/* after the start: a network event and exec probes only */
	scan(EV_START EV_CONNECT EV_EXEC_CREATE EV_EXEC_DIE, &s);
	assert_int_equal(s.count, 4);
	expect_mark(&s.first, EV_START, 1796356007888602869LL);
	expect_mark(&s.last, EV_EXEC_DIE, 1796356015764165928LL);
	assert_false(s.changed_after_first);
}

static void events_one(void **state)
{
	static struct events_scan s;

	(void)state;
	/* the mark is the object and the white space after it, as the daemon wrote both */
	scan(EV_START, &s);
	assert_int_equal(s.count, 1);
	assert_true(s.have_first && s.have_last);
	expect_mark(&s.first, EV_START, 1796356007888602869LL);
	expect_mark(&s.last, EV_START, 1796356007888602869LL);
	assert_false(s.changed_after_first);

	scan(" \n{\"timeNano\":0}", &s);
	assert_int_equal(s.count, 1);
	expect_mark(&s.first, "{\"timeNano\":0}", 0);
	expect_mark(&s.last, "{\"timeNano\":0}", 0);

	scan("{\"timeNano\":7} \r\n\t", &s);
	expect_mark(&s.first, "{\"timeNano\":7} \r\n\t", 7);

	/* no white space between two events */
	scan("{\"timeNano\":1}{\"timeNano\":2}", &s);
	assert_int_equal(s.count, 2);
	expect_mark(&s.first, "{\"timeNano\":1}", 1);
	expect_mark(&s.last, "{\"timeNano\":2}", 2);
	assert_true(s.changed_after_first); /* no Type */
}

static void events_not_changes(void **state)
{
	static const char *const kept[][2] = {
		{ "container", "exec_create: sh -c true" },
		{ "container", "exec_start: sh -c true" },
		{ "container", "exec_die" },
		{ "container", "exec_detach" },
		{ "container", "health_status: healthy" },
		{ "container", "health_status: unhealthy" },
		{ "container", "health_status" },
		{ "network", "connect" },
		{ "network", "disconnect" },
		{ "network", "destroy" },
		{ "image", "pull" },
		{ "image", "delete" },
		{ "volume", "mount" },
		{ "plugin", "enable" },
		{ "daemon", "reload" },
		{ "network", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		assert_false(changes(kept[i][0], kept[i][1]));
}

static void events_changes(void **state)
{
	static const char *const changed[][2] = {
		{ "container", "start" },
		{ "container", "die" },
		{ "container", "rename" },
		{ "container", "create" },
		{ "container", "destroy" },
		{ "container", "kill" },
		{ "container", "stop" },
		{ "container", "pause" },
		{ "container", "restart" },
		{ "container", NULL },
		{ "container", "exec" },
		{ "container", "health" },
		{ NULL, "start" },
		{ NULL, "exec_start: sh" },
		{ NULL, "health_status: healthy" },
		{ NULL, NULL },
	};
	static struct events_scan s;

	(void)state;
	for (size_t i = 0; i < sizeof(changed) / sizeof(changed[0]); i++)
		assert_true(changes(changed[i][0], changed[i][1]));

	/* a Type that is not a string is no Type */
	scan("{\"timeNano\":1}\n{\"Type\":5,\"Action\":\"exec_start\",\"timeNano\":2}\n", &s);
	assert_true(s.changed_after_first);

	/* a change as the first event is the mark itself, not a change after it */
	scan(EV_CREATE EV_EXEC_DIE, &s);
	assert_false(s.changed_after_first);
	/* one change among probes is enough */
	scan(EV_EXEC_CREATE EV_CONNECT EV_START EV_EXEC_DIE, &s);
	assert_int_equal(s.count, 4);
	assert_true(s.changed_after_first);
	expect_mark(&s.first, EV_EXEC_CREATE, 1796356015644312952LL);
	expect_mark(&s.last, EV_EXEC_DIE, 1796356015764165928LL);
}

static void events_refused(void **state)
{
	static const char *const bad[] = {
		/* not objects */
		"[]",
		"[" EV_START "]",
		"1",
		"1\n",
		"\"x\"",
		"null",
		"null\n",
		EV_START "null\n",
		"true\n",
		"x",
		/* truncated */
		"{",
		"{\"timeNano\":1",
		"{\"timeNano\":1}{",
		EV_START "{\"timeNano\":2",
		"}",
		"{\"timeNano\":1}/",
		/* timeNano missing or not a non-negative integer */
		"{}",
		"{\"time\":1}",
		"{\"Actor\":{\"timeNano\":1}}",
		"{\"timeNano\":-1}",
		"{\"timeNano\":\"1\"}",
		"{\"timeNano\":1.5}",
		"{\"timeNano\":null}",
		"{\"timeNano\":true}",
		"{\"timeNano\":{}}",
		"{\"timeNano\":1e9}",
		EV_START "{\"Type\":\"container\",\"Action\":\"start\"}\n",
		/* garbage after or between events */
		EV_START "x",
		EV_START "]",
		"{\"timeNano\":1},{\"timeNano\":2}",
		EV_START "[]",
		EV_START "1\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_events_refusal(bad[i]);
	/* a NUL is not white space */
	expect_events_refusal_len("{\"timeNano\":1}\n\0{\"timeNano\":2}\n", 31);
	expect_events_refusal_len("{\"timeNano\":1}\n\0", 16);
	expect_events_refusal_len("\0", 1);
	/* the length is respected: the second event is past it */
	{
		static struct events_scan s;

		scan_len(EV_START EV_CREATE, strlen(EV_START), &s);
		assert_int_equal(s.count, 1);
		assert_false(s.changed_after_first);
		expect_events_refusal_len(EV_START EV_CREATE, strlen(EV_START) + 10);
	}
}

/* An event depth objects deep (itself included) around a number, which json-c counts as one level
 * more. */
static char *nested_event(size_t depth)
{
	size_t n = depth - 1, len = 0;
	char *s = malloc(n * 6 + 64);

	assert_non_null(s);
	len += (size_t)sprintf(s, "{\"timeNano\":1,\"j\":");
	for (size_t i = 0; i < n; i++) {
		memcpy(s + len, "{\"a\":", 5);
		len += 5;
	}
	s[len++] = '1';
	memset(s + len, '}', n + 1);
	s[len + n + 1] = '\0';
	return s;
}

static void events_depth(void **state)
{
	static struct events_scan s;
	char *ok = nested_event(JSON_MAX_DEPTH - 1), *deep = nested_event(JSON_MAX_DEPTH);
	char *deeper = nested_event(100000);
	json_object *o = NULL;

	(void)state;
	/* the bound is json_parse_bounded's, exactly */
	assert_int_equal(json_parse_bounded(ok, strlen(ok), &o), 0);
	json_object_put(o);
	assert_int_equal(json_parse_bounded(deep, strlen(deep), &o), -EBADMSG);
	scan(ok, &s);
	assert_int_equal(s.count, 1);
	expect_events_refusal(deep);
	expect_events_refusal(deeper);
	free(ok);
	free(deep);
	free(deeper);
}

static void events_oversize(void **state)
{
	static struct events_scan s;
	char *fits = padded_event("exec_start", 1, EVENTS_MARK_MAX),
	     *big = padded_event("exec_start", 2, 5000);
	char *small = event("container", "exec_die", 3), *buf;

	(void)state;
	assert_non_null(small);
	buf = malloc(strlen(fits) + strlen(big) + strlen(small) + 1);
	assert_non_null(buf);

	scan(fits, &s); /* exactly the largest mark */
	assert_true(s.have_first && s.have_last);
	expect_mark(&s.first, fits, 1);

	scan(big, &s); /* counted, never a mark */
	assert_int_equal(s.count, 1);
	assert_false(s.have_first || s.have_last || s.changed_after_first);

	sprintf(buf, "%s%s", big,
		small); /* oversize first: no first mark, and nothing changed after it */
	scan(buf, &s);
	assert_int_equal(s.count, 2);
	assert_false(s.have_first);
	assert_true(s.have_last);
	expect_mark(&s.last, small, 3);
	assert_false(s.changed_after_first);

	sprintf(buf, "%s%s", fits,
		big); /* oversize later: a change, even an exec, and no last mark */
	scan(buf, &s);
	assert_int_equal(s.count, 2);
	assert_true(s.have_first);
	expect_mark(&s.first, fits, 1);
	assert_false(s.have_last);
	assert_true(s.changed_after_first);

	sprintf(buf, "%s%s%s", fits, big,
		small); /* the newest event that fits is the last mark again */
	scan(buf, &s);
	assert_int_equal(s.count, 3);
	assert_true(s.have_first && s.have_last);
	expect_mark(&s.last, small, 3);
	assert_true(s.changed_after_first);

	free(buf);
	free(fits);
	free(big);
	free(small);
}

/* A container event with an actor ID, as dockerd writes die, start and destroy. */
static char *actor_event(const char *action, const char *id, long long t)
{
	char *s;

	if (asprintf(&s,
		     "{\"status\":\"%s\",\"id\":\"%s\",\"Type\":\"container\",\"Action\":\"%s\","
		     "\"Actor\":{\"ID\":\"%s\",\"Attributes\":{}},\"scope\":\"local\",\"timeNano\":"
		     "%lld}\n",
		     action, id, action, id, t) < 0)
		return NULL;
	return s;
}

static void events_died(void **state)
{
	char *d1 = actor_event("die", ID1, 10), *d2 = actor_event("die", ID2, 11),
	     *s1 = actor_event("start", ID1, 12), *x2 = actor_event("destroy", ID2, 13),
	     *d3 = actor_event("die", ID3, 14), *bad = actor_event("die", "abc", 15);
	char *buf = NULL;
	struct events_scan sc;

	(void)state;
	/* a die, then nothing: the container died */
	assert_true(asprintf(&buf, "%s%s", d1, d2) > 0);
	scan(buf, &sc);
	assert_int_equal(sc.n_died, 2);
	assert_string_equal(sc.died[0], ID1);
	assert_string_equal(sc.died[1], ID2);
	assert_false(sc.died_unknown);
	free(buf);
	/* started again, destroyed: neither counts any more; a later die does */
	assert_true(asprintf(&buf, "%s%s%s%s%s", d1, d2, s1, x2, d3) > 0);
	scan(buf, &sc);
	assert_int_equal(sc.n_died, 1);
	assert_string_equal(sc.died[0], ID3);
	assert_false(sc.died_unknown);
	free(buf);
	/* a die whose container cannot be named: any list may be behind */
	assert_true(asprintf(&buf, "%s%s", d1, bad) > 0);
	scan(buf, &sc);
	assert_true(sc.died_unknown);
	free(buf);
	free(d1), free(d2), free(s1), free(x2), free(d3), free(bad);
}

static void events_server(void **state)
{
	(void)state;
	assert_true(engine_server_is_docker("Docker/20.10.24+dfsg1 (linux)"));
	assert_true(engine_server_is_docker("Docker/"));
	assert_false(engine_server_is_docker(NULL));
	assert_false(engine_server_is_docker(""));
	assert_false(engine_server_is_docker("Docker"));
	assert_false(engine_server_is_docker("docker/20.10"));
	assert_false(engine_server_is_docker("Libpod/4.3.1 (linux)"));
	assert_false(engine_server_is_docker(" Docker/20.10"));
}

/* A refused or unreadable answer from Docker Engine leaves every output as it was, whether Docker
 * said it or not. */
static void fetch_failure_untouched(void **state)
{
	static const int status[] = { 500, 200 };
	static const char *const body[] = { "{\"message\":\"oops\"}", "[{\"Id\":]" };

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct events_scan scan = { .count = 4242 };
		struct container_summary *l = (struct container_summary *)&scan;
		size_t n = 4242;
		bool docker = false;
		struct engine e;
		char *err = NULL;
		int peer = fake_engine_json(&e, status[i], "Docker/27.0.0 (linux)", body[i]);

		assert_true(events_fetch(&e, 0, &scan, &docker, &err) < 0);
		assert_false(docker);
		assert_int_equal(scan.count, 4242);
		engine_done(&e);
		close(peer);
		free(err);
		err = NULL;
		peer = fake_engine_json(&e, status[i], "Docker/27.0.0 (linux)", body[i]);
		assert_true(listing_fetch_query(&e, NULL, &l, &n, &docker, &err) < 0);
		assert_false(docker);
		assert_ptr_equal(l, &scan);
		assert_int_equal(n, 4242);
		engine_done(&e);
		close(peer);
		free(err);
	}
}

static void parse_list(const char *json, size_t len, struct container_summary **l, size_t *n)
{
	char *err = NULL;

	*l = NULL;
	*n = 12345;
	assert_int_equal(listing_parse(json, len, l, n, &err), 0);
	assert_null(err);
	assert_non_null(*l);
}

/* The list has the entries ids[i] named names[i], in order. */
static void expect_list(const char *json, size_t want, const char *const *ids,
			const char *const *names)
{
	struct container_summary *l;
	size_t n;

	parse_list(json, strlen(json), &l, &n);
	assert_int_equal(n, want);
	for (size_t i = 0; i < want; i++) {
		assert_string_equal(l[i].id, ids[i]);
		assert_string_equal(l[i].name, names[i]);
	}
	listing_free(l, n);
}

/* The only entry of json is ID1, named name. */
static void expect_name(const char *json, const char *name)
{
	const char *ids[] = { ID1 }, *names[] = { name };

	expect_list(json, 1, ids, names);
}

static void expect_list_refusal_len(const char *json, size_t len, int want, const char *msg)
{
	struct container_summary sentinel, *l = &sentinel;
	size_t n = 12345;
	char *err = NULL;

	assert_int_equal(listing_parse(json, len, &l, &n, &err), want);
	assert_ptr_equal(l, &sentinel);
	assert_int_equal(n, 12345);
	assert_non_null(err);
	assert_string_equal(err, msg);
	free(err);
}

static void expect_list_refusal(const char *json)
{
	expect_list_refusal_len(json, strlen(json), -EBADMSG, MSG_LIST);
}

static void listing_real(void **state)
{
	/* GET /containers/json from Docker 20.10.24, trimmed to two containers */
	static const char real[] =
	    "[{\"Id\":\"" ID1 "\",\"Names\":[\"/expa\"],\"Image\":\"docker-nsenter/busybox\","
	    "\"ImageID\":\"sha256:"
	    "06c4a11d331a507e67abbea7e8acb895e6b8024789a431ffc718bd5ac7971b26\","
	    "\"Command\":\"sleep "
	    "1000\",\"Created\":1796356007,\"Ports\":[],\"Labels\":{},\"State\":\"running\","
	    "\"Status\":\"Up About a "
	    "minute\",\"HostConfig\":{\"NetworkMode\":\"none\"},\"NetworkSettings\":{"
	    "\"Networks\":{\"none\":{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":null,"
	    "\"NetworkID\":"
	    "\"3c88f6e421511603ebe5ae306d7750cbedf2b923edde15389f36d7410cd508c5\",\"Gateway\":\"\","
	    "\"IPAddress\":\"\",\"IPPrefixLen\":0,\"MacAddress\":\"\",\"DriverOpts\":null}}},"
	    "\"Mounts\":[]},"
	    "{\"Id\":\"" ID3
	    "\",\"Names\":[\"/exp-c55.web_1\",\"/other/link\"],\"State\":\"running\","
	    "\"Labels\":{\"com.example\":\"[{]}\"},\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/"
	    "srv\"}]}]\n";
	static const char *const ids[] = { ID1, ID3 }, *const names[] = { "expa", "exp-c55.web_1" };

	(void)state;
	expect_list(real, 2, ids, names);
}

static void listing_empty(void **state)
{
	static const char *const empty[] = { "[]", " [ ] ", "\r\n[\t]\n", "[\n\n]" };

	(void)state;
	for (size_t i = 0; i < sizeof(empty) / sizeof(empty[0]); i++)
		expect_list(empty[i], 0, NULL, NULL);
}

static void listing_refused(void **state)
{
	static const char *const bad[] = {
		/* not an array */
		"",
		" ",
		"\r\n\t ",
		"{}",
		"1",
		"null",
		"\"[]\"",
		"x[]",
		"{\"Id\":\"" ID1 "\"}",
		/* trailing commas, missing commas, unbalanced */
		"[{\"Id\":\"" ID1 "\"},]",
		"[,]",
		"[{\"Id\":\"" ID1 "\"},,{\"Id\":\"" ID2 "\"}]",
		"[{\"Id\":\"" ID1 "\"}{\"Id\":\"" ID2 "\"}]",
		"[1 2]",
		"[",
		"[{\"Id\":\"" ID1 "\"}",
		"[{\"Id\":\"" ID1 "\"},",
		"[{\"Id\":",
		"[1",
		"[\"x",
		"]",
		/* trailing garbage */
		"[] x",
		"[]]",
		"[][]",
		"[{\"Id\":\"" ID1 "\"}] ,",
		"[]\n{}",
		"[] null",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_list_refusal(bad[i]);
	/* a NUL is neither white space nor the end */
	expect_list_refusal_len("[]\0", 3, -EBADMSG, MSG_LIST);
	expect_list_refusal_len("[\0]", 3, -EBADMSG, MSG_LIST);
	/* trailing white space is fine, and the length is respected */
	expect_list("[] \r\n\t", 0, NULL, NULL);
	{
		struct container_summary *l;
		size_t n;

		parse_list("[]garbage", 2, &l, &n);
		assert_int_equal(n, 0);
		listing_free(l, n);
	}
}

static void listing_skipped(void **state)
{
	/* only entries with a full lower-case hex Id count; the rest are skipped, in order */
	static const char json[] =
	    "[{\"Names\":[\"/noid\"]},"
	    "{\"Id\":\"" ID1 "\",\"Names\":[\"/a\"]},"
	    "{\"Id\":1},{\"Id\":null},{\"Id\":\"\"},{\"Id\":[\"" ID2 "\"]},"
	    "{\"Id\":\"0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef\"},"
	    "{\"Id\":\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\"},"
	    "{\"Id\":\"" ID2 "0\"},{\"Id\":\" " ID2 "\"},"
	    "{\"id\":\"" ID2 "\"},{\"State\":{\"Id\":\"" ID2 "\"}},"
	    "1,\"" ID2 "\",null,true,[],[{\"Id\":\"" ID2 "\"}],{},"
	    "{\"Id\":\"" ID3 "\",\"Names\":[\"/b\"]}]";
	static const char *const ids[] = { ID1, ID3 }, *const names[] = { "a", "b" };

	(void)state;
	expect_list(json, 2, ids, names);
	expect_list("[1,2,3]", 0, NULL, NULL);
	/* json-c decodes null as NULL with success: still an element without an Id */
	expect_list("[null]", 0, NULL, NULL);
	expect_list("[ null , null ]", 0, NULL, NULL);
	expect_list("[null,{\"Id\":\"" ID3 "\",\"Names\":[\"/b\"]},null]", 1, ids + 1, names + 1);
}

static void listing_names(void **state)
{
	char json[512], name[300];

	(void)state;
	expect_name("[{\"Id\":\"" ID1 "\"}]", "");
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":null}]", "");
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":[]}]", "");
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":\"/web\"}]", "");
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":[1,\"/web\"]}]", "");
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":[\"/web\",\"/other\"]}]", "web");
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":[\"web\"]}]", "web"); /* podman */
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":[\"/\"]}]", "");
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":[\"\"]}]", "");
	/* one leading '/' is Docker's; a name is never "/x" */
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":[\"//web\"]}]", "");
	/* names Docker would not create are dropped, never passed on */
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":[\"/we b\"]}]", "");
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":[\"/-web\"]}]", "");
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":[\"/.web\"]}]", "");
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":[\"/a/b\"]}]", "");
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":[\"/a\\u001b[2Jb\"]}]", "");
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":[\"/caf\\u00e9\"]}]", "");
	expect_name("[{\"Id\":\"" ID1 "\",\"Names\":[\"/a\\nb\"]}]", "");
	/* the longest name Docker allows, and one more */
	memset(name, 'n', 255);
	name[255] = '\0';
	snprintf(json, sizeof(json), "[{\"Id\":\"" ID1 "\",\"Names\":[\"/%s\"]}]", name);
	expect_name(json, name);
	snprintf(json, sizeof(json), "[{\"Id\":\"" ID1 "\",\"Names\":[\"/%sn\"]}]", name);
	expect_name(json, "");
}

/* [{"Id":ID1,"Junk":<junk deep arrays>}]: the list and the entry count, as json_parse_bounded
 * counts */
static char *nested_list(size_t junk)
{
	char *s = malloc(2 * junk + 128);
	size_t len;

	assert_non_null(s);
	len = (size_t)sprintf(s, "[{\"Id\":\"" ID1 "\",\"Junk\":");
	memset(s + len, '[', junk);
	memset(s + len + junk, ']', junk);
	strcpy(s + len + 2 * junk, "}]");
	return s;
}

static void listing_nesting(void **state)
{
	char *ok = nested_list(JSON_MAX_DEPTH - 2), *deep = nested_list(JSON_MAX_DEPTH - 1),
	     *deeper;
	json_object *o = NULL;

	(void)state;
	/* the bound is that of json_parse_bounded on the whole answer */
	assert_int_equal(json_parse_bounded(ok, strlen(ok), &o), 0);
	json_object_put(o);
	expect_name(ok, "");
	assert_int_equal(json_parse_bounded(deep, strlen(deep), &o), -EBADMSG);
	expect_list_refusal(deep);
	deeper = nested_list(100000);
	expect_list_refusal(deeper);
	/* nested junk beside the fields we read is ignored */
	expect_name("[{\"Junk\":[{\"Id\":\"" ID2 "\"}],\"Id\":\"" ID1 "\",\"Names\":[\"/web\"],"
		    "\"Labels\":{\"Names\":[\"/other\"],\"a\":{\"b\":[[],{}]}}}]",
		    "web");
	free(ok);
	free(deep);
	free(deeper);
}

static void expect_filter(const char *prefix, const char *want)
{
	char buf[1024], untouched[1024];

	memset(buf, 'z', sizeof(buf));
	assert_int_equal(listing_name_filter(prefix, buf, sizeof(buf)), 0);
	assert_string_equal(buf, want);
	/* a buffer of exactly its size is enough, one byte less is not, and is left as it was */
	assert_int_equal(listing_name_filter(prefix, buf, strlen(want) + 1), 0);
	assert_string_equal(buf, want);
	memset(buf, 'z', sizeof(buf));
	memset(untouched, 'z', sizeof(untouched));
	assert_int_equal(listing_name_filter(prefix, buf, strlen(want)), -ENAMETOOLONG);
	assert_memory_equal(buf, untouched, sizeof(buf));
	assert_int_equal(listing_name_filter(prefix, buf, strlen(FILTER_HEAD) + 1), -ENAMETOOLONG);
	assert_memory_equal(buf, untouched, sizeof(buf));
}

static void name_filter(void **state)
{
	static const char *const refused[] = { "",     "/web", "//web", "-web",	       ".web",
					       "_web", "we b", "we/b",	"a\"b",	       "a%b",
					       "a+b",  "a*",   "a]b",	"caf\xc3\xa9", "a\nb" };
	char buf[1024], name[300];

	(void)state;
	/* filters={"name":["^/?web"]} */
	expect_filter("web", FILTER_HEAD "web" FILTER_TAIL);
	assert_string_equal(FILTER_HEAD "web" FILTER_TAIL,
			    "filters=%7B%22name%22%3A%5B%22%5E%2F%3Fweb%22%5D%7D");
	/* filters={"name":["^/?a\\.b"]}: the regex a\.b in a JSON string */
	expect_filter("a.b", FILTER_HEAD "a%5C%5C.b" FILTER_TAIL);
	expect_filter("a-b_c", FILTER_HEAD "a-b_c" FILTER_TAIL);
	expect_filter("Web0.1-x", FILTER_HEAD "Web0%5C%5C.1-x" FILTER_TAIL);
	expect_filter("a..", FILTER_HEAD "a%5C%5C.%5C%5C." FILTER_TAIL);
	expect_filter("0", FILTER_HEAD "0" FILTER_TAIL);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		assert_int_equal(listing_name_filter(refused[i], buf, sizeof(buf)), -EINVAL);
	memset(name, 'n', 255);
	name[255] = '\0';
	assert_int_equal(listing_name_filter(name, buf, sizeof(buf)), 0);
	assert_int_equal(strlen(buf), strlen(FILTER_HEAD FILTER_TAIL) + 255);
	strcpy(name + 255, "n");
	assert_int_equal(listing_name_filter(name, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(listing_name_filter("web", buf, 1), -ENAMETOOLONG);
	assert_int_equal(listing_name_filter("web", buf, strlen(FILTER_HEAD)), -ENAMETOOLONG);
}

static void cache_file_name(void **state)
{
	char name[32];

	(void)state;
	/* FNV-1a of the path: the same path gives the same file, another path another */
	listing_cache_file_name(SOCK, name);
	assert_string_equal(name, "listing-200b8a62c29bd150");
	listing_cache_file_name("", name);
	assert_string_equal(name, "listing-cbf29ce484222325");
	listing_cache_file_name("/run/user/1000/docker.sock", name);
	assert_int_equal(strlen(name), 24);
	assert_string_not_equal(name, "listing-200b8a62c29bd150");
}

static const struct container_summary three[] = {
	{ ID1, (char *)"expa" },
	{ ID2, (char *)"" },
	{ ID3, (char *)"exp-c55.web_1" },
};

static struct events_mark make_mark(const char *raw, size_t len, long long t)
{
	struct events_mark m = { .time_nano = t, .len = len };

	memcpy(m.raw, raw, len);
	return m;
}

static void format(const struct events_mark *m, const struct container_summary *l, size_t n,
		   char **buf, size_t *len)
{
	*buf = NULL;
	assert_int_equal(listing_cache_format(SOCK, m, l, n, buf, len), 0);
	assert_non_null(*buf);
}

/* Parse buf as SOCK's cache and find m and the n entries of l. */
static void expect_cache(const char *buf, size_t len, const struct events_mark *m,
			 const struct container_summary *l, size_t n)
{
	struct container_summary *got = NULL;
	struct events_mark gm;
	size_t gn = 12345;

	assert_int_equal(listing_cache_parse(buf, len, SOCK, &gm, &got, &gn), 0);
	assert_non_null(got);
	assert_int_equal(gn, n);
	assert_true(gm.time_nano == m->time_nano);
	assert_int_equal(gm.len, m->len);
	assert_memory_equal(gm.raw, m->raw, m->len);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(got[i].id, l[i].id);
		assert_string_equal(got[i].name, l[i].name);
	}
	listing_free(got, gn);
}

static void cache_round_trip(void **state)
{
	static const char want[] = MAGIC "socket " SOCK "\n"
					 "mark 1796356015764165928 465\n" EV_EXEC_DIE "\n" ID1
					 " expa\n" ID2 "\n" ID3 " exp-c55.web_1\n";
	struct events_mark m = make_mark(EV_EXEC_DIE, strlen(EV_EXEC_DIE), 1796356015764165928LL);
	struct container_summary long_name = { ID1, NULL };
	char *buf, name[256];
	size_t len;

	(void)state;
	assert_int_equal(strlen(EV_EXEC_DIE), 465);
	format(&m, three, 3, &buf, &len);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(buf, want, len);
	expect_cache(buf, len, &m, three, 3);
	free(buf);

	/* no containers; a mark of any bytes, new lines and NULs too, as its length says */
	m = make_mark("a\nb\0c\n\n", 7, 0);
	format(&m, NULL, 0, &buf, &len);
	assert_int_equal(len, strlen(MAGIC "socket " SOCK "\nmark 0 7\n") + 8);
	assert_memory_equal(buf, MAGIC "socket " SOCK "\nmark 0 7\na\nb\0c\n\n\n", len);
	expect_cache(buf, len, &m, NULL, 0);
	free(buf);

	/* the largest mark and the longest name */
	memset(m.raw, '{', EVENTS_MARK_MAX);
	m.len = EVENTS_MARK_MAX;
	m.time_nano = 9223372036854775807LL;
	memset(name, 'n', 255);
	name[255] = '\0';
	long_name.name = name;
	format(&m, &long_name, 1, &buf, &len);
	expect_cache(buf, len, &m, &long_name, 1);
	free(buf);
}

/* The mark the daemon's answer gave is the mark the cache gives back. */
static void cache_events_mark(void **state)
{
	static struct events_scan s;
	char *buf;
	size_t len;

	(void)state;
	scan(EV_START EV_EXEC_CREATE EV_EXEC_DIE, &s);
	format(&s.last, three, 3, &buf, &len);
	expect_cache(buf, len, &s.last, three, 3);
	free(buf);
	format(&s.first, three, 1, &buf, &len);
	expect_cache(buf, len, &s.first, three, 1);
	free(buf);
}

/* -EBADMSG, every output untouched. */
static void expect_cache_refusal_for(const char *buf, size_t len, const char *sock)
{
	struct container_summary sentinel, *l = &sentinel;
	static struct events_mark m, before;
	size_t n = 12345;

	memset(&m, 0x5a, sizeof(m));
	memcpy(&before, &m, sizeof(m));
	assert_int_equal(listing_cache_parse(buf, len, sock, &m, &l, &n), -EBADMSG);
	assert_ptr_equal(l, &sentinel);
	assert_int_equal(n, 12345);
	assert_memory_equal(&m, &before, sizeof(m));
}

static void expect_cache_refusal(const char *buf)
{
	expect_cache_refusal_for(buf, strlen(buf), SOCK);
}

#define HEAD MAGIC "socket " SOCK "\nmark 5 2\n{}\n"

static void cache_wrong_socket(void **state)
{
	static const char *const others[] = { "/run/docker.sock",	"/var/run/docker.soc",
					      "/var/run/docker.sockx",	"",
					      "/var/run/docker.sock\n", "var/run/docker.sock" };
	static const struct events_mark m = { .time_nano = 5, .len = 2, .raw = "{}" };
	static const struct container_summary web = { ID1, (char *)"web" };
	char *buf;
	size_t len;

	(void)state;
	expect_cache(HEAD ID1 " web\n", strlen(HEAD ID1 " web\n"), &m, &web, 1);
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		expect_cache_refusal_for(HEAD ID1 " web\n", strlen(HEAD ID1 " web\n"), others[i]);
	/* a file formatted for another socket is no cache of ours */
	assert_int_equal(listing_cache_format("/run/docker.sock", &m, three, 3, &buf, &len), 0);
	expect_cache_refusal_for(buf, len, SOCK);
	free(buf);
	expect_cache_refusal(MAGIC "socket\nmark 5 2\n{}\n");
	expect_cache_refusal(MAGIC "socket  " SOCK "\nmark 5 2\n{}\n");
	expect_cache_refusal(MAGIC "Socket " SOCK "\nmark 5 2\n{}\n");
	expect_cache_refusal(MAGIC "socket " SOCK);
}

static void cache_bad_magic(void **state)
{
	(void)state;
	expect_cache_refusal("");
	expect_cache_refusal("docker-nsenter listing cache 1");
	expect_cache_refusal(MAGIC);
	expect_cache_refusal("docker-nsenter listing cache 2\nsocket " SOCK "\nmark 5 2\n{}\n");
	expect_cache_refusal("Docker-nsenter listing cache 1\nsocket " SOCK "\nmark 5 2\n{}\n");
	expect_cache_refusal("docker-nsenter listing cache 10\nsocket " SOCK "\nmark 5 2\n{}\n");
	expect_cache_refusal("\n" HEAD);
	expect_cache_refusal(" " HEAD);
	expect_cache_refusal("socket " SOCK "\nmark 5 2\n{}\n");
}

static void cache_bad_mark(void **state)
{
	static const char *const bad[] = {
		"",
		"\n",
		"mark\n",
		"mark 5\n",
		"mark 5 \n",
		"mark -1 2\n{}\n",
		"mark 5 0\n\n",
		"mark 5 -2\n{}\n",
		"mark x 2\n{}\n",
		"mark 5 x\n{}\n",
		"mark 5 2 \n{}\n",
		"mark 5 2x\n{}\n",
		"mark 5 2 1\n{}\n",
		"Mark 5 2\n{}\n",
		"time 5 2\n{}\n",
		"mark 5 2",
		/* the length past the end, or not followed by a new line */
		"mark 5 100\n{}\n",
		"mark 5 3\n{}\n",
		"mark 5 2\n{}",
		"mark 5 2\n{}x\n",
		"mark 5 1\n{}\n",
		"mark 5 18446744073709551617\n{}\n",
	};
	char buf[8192];
	int len;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), MAGIC "socket " SOCK "\n%s", bad[i]);
		expect_cache_refusal(buf);
	}
	/* longer than any mark we write */
	len = snprintf(buf, sizeof(buf), MAGIC "socket " SOCK "\nmark 5 %d\n", EVENTS_MARK_MAX + 1);
	memset(buf + len, '{', EVENTS_MARK_MAX + 1);
	strcpy(buf + len + EVENTS_MARK_MAX + 1, "\n");
	expect_cache_refusal(buf);
	/* a mark line too long to be ours */
	snprintf(buf, sizeof(buf), MAGIC "socket " SOCK "\nmark 5 2%070d\n{}\n", 0);
	expect_cache_refusal(buf);
}

static void cache_bad_entries(void **state)
{
	static const char *const bad[] = {
		/* the last line without its new line */
		ID1,
		ID1 " expa",
		ID1 "\n" ID2,
		/* IDs */
		"44DF6725dbabbeb877a0a851030be32033ba9c8a98ed021dbe4bf5c8acf1d23d\n",
		"44df6725dbabbeb877a0a851030be32033ba9c8a98ed021dbe4bf5c8acf1d23\n",
		"44df6725dbabbeb877a0a851030be32033ba9c8a98ed021dbe4bf5c8acf1d23 web\n",
		ID1 "0\n",
		ID1 "0 web\n",
		"g4df6725dbabbeb877a0a851030be32033ba9c8a98ed021dbe4bf5c8acf1d23d\n",
		" " ID1 "\n",
		"web\n",
		"\n",
		"x\n",
		/* names */
		ID1 " \n",
		ID1 "  web\n",
		ID1 "\tweb\n",
		ID1 " /web\n",
		ID1 " we b\n",
		ID1 " -web\n",
		ID1 " .web\n",
		ID1 " a!b\n",
		ID1 " a/b\n",
		ID1 " caf\xc3\xa9\n",
		ID1 " web\r\n",
		ID1 " web \n",
		/* garbage after the entries */
		ID1 " web\n\n",
		ID1 " web\nx",
		ID1 " web\n" ID2 "\nx\n",
		ID1 "\n\n\n",
	};
	char buf[1024], name[300];
	int len;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(buf, sizeof(buf), HEAD "%s", bad[i]);
		expect_cache_refusal(buf);
	}
	/* a name one longer than Docker allows */
	memset(name, 'n', 256);
	name[256] = '\0';
	snprintf(buf, sizeof(buf), HEAD ID1 " %s\n", name);
	expect_cache_refusal(buf);
	/* a NUL in a line: the name would silently lose its end */
	len = snprintf(buf, sizeof(buf), HEAD ID1 " web");
	memcpy(buf + len, "\0x\n", 3);
	expect_cache_refusal_for(buf, (size_t)len + 3, SOCK);
	len = snprintf(buf, sizeof(buf), HEAD ID1 " web\n");
	memcpy(buf + len, ID2 "\0\n", 66);
	expect_cache_refusal_for(buf, (size_t)len + 66, SOCK);
}

/* The length is the end: what follows it is not read, and a cut in the middle of a line is refused.
 * */
static void cache_length(void **state)
{
	static const char file[] = HEAD ID1 " expa\n" ID2 "\n" ID3 " exp-c55.web_1\n";
	static const struct events_mark m = { .time_nano = 5, .len = 2, .raw = "{}" };
	size_t ends[] = { strlen(HEAD), strlen(HEAD ID1 " expa\n"),
			  strlen(HEAD ID1 " expa\n" ID2 "\n") };

	(void)state;
	for (size_t i = 0; i < 3; i++)
		expect_cache(file, ends[i], &m, three, i);
	for (size_t cut = 0; cut < sizeof(file) - 1; cut++)
		if (cut != ends[0] && cut != ends[1] && cut != ends[2])
			expect_cache_refusal_for(file, cut, SOCK);
	expect_cache(file, sizeof(file) - 1, &m, three, 3);
}

/* A header or an entry that is refused leaves the decoder's outputs as they were. */
static void cache_lines_untouched(void **state)
{
	static const char *const headers[] = {
		MAGIC "socket " SOCK "\nmark 1 999\n{}\n",
		MAGIC "socket " SOCK "\nmark 1 2\n{}x\n",
		MAGIC "socket /other\nmark 1 2\n{}\n",
	};
	static const char *const entries[] = { ID1 " /web", ID1 " -web", ID1 "x", ID1 " " };
	static char sentinel[] = "sentinel";

	(void)state;
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		struct events_mark m = { .time_nano = 4242, .len = 4242 };
		size_t off = 4242;

		assert_int_equal(parse_header(headers[i], strlen(headers[i]), &off, SOCK, &m),
				 -EBADMSG);
		assert_int_equal(off, 4242);
		assert_int_equal(m.time_nano, 4242);
		assert_int_equal(m.len, 4242);
	}
	for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); i++) {
		struct container_summary c = { .name = sentinel };

		memcpy(c.id, "sentinel", 9);
		assert_int_equal(parse_entry(entries[i], strlen(entries[i]), &c), -EBADMSG);
		assert_string_equal(c.id, "sentinel");
		assert_ptr_equal(c.name, sentinel);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(events_empty),
		cmocka_unit_test(events_real),
		cmocka_unit_test(events_one),
		cmocka_unit_test(events_not_changes),
		cmocka_unit_test(events_changes),
		cmocka_unit_test(events_refused),
		cmocka_unit_test(events_depth),
		cmocka_unit_test(events_oversize),
		cmocka_unit_test(events_died),
		cmocka_unit_test(events_server),
		cmocka_unit_test(fetch_failure_untouched),
		cmocka_unit_test(listing_real),
		cmocka_unit_test(listing_empty),
		cmocka_unit_test(listing_refused),
		cmocka_unit_test(listing_skipped),
		cmocka_unit_test(listing_names),
		cmocka_unit_test(listing_nesting),
		cmocka_unit_test(name_filter),
		cmocka_unit_test(cache_file_name),
		cmocka_unit_test(cache_round_trip),
		cmocka_unit_test(cache_events_mark),
		cmocka_unit_test(cache_wrong_socket),
		cmocka_unit_test(cache_bad_magic),
		cmocka_unit_test(cache_bad_mark),
		cmocka_unit_test(cache_bad_entries),
		cmocka_unit_test(cache_length),
		cmocka_unit_test(cache_lines_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
