// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: the event log answer, the listing cache file, and the cache round trip of what
 * either parser yields. */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "fuzz.h"
#include "listing-cache.h"
#include "listing.h"
#include "reference.h"

#define SOCKET "/var/run/docker.sock"

static const struct events_mark fixed_mark = { .time_nano = 1, .len = 2, .raw = "{}" };

static bool same_mark(const struct events_mark *a, const struct events_mark *b)
{
	return a->time_nano == b->time_nano && a->len == b->len &&
	       memcmp(a->raw, b->raw, a->len) == 0;
}

static bool entry_ok(const struct container_summary *c)
{
	return reference_is_full_id(c->id) && c->name &&
	       (!c->name[0] || (c->name[0] != '/' && reference_validate(c->name, NULL) == 0));
}

/* What is formatted must parse back to the same mark and the same list, in order. */
static void round_trip(const struct events_mark *m, const struct container_summary *l, size_t n)
{
	struct container_summary *l2 = NULL;
	struct events_mark m2;
	char *buf = NULL;
	size_t len, n2 = 0;

	if (listing_cache_format(SOCKET, m, l, n, &buf, &len) < 0)
		return;
	if (listing_cache_parse(buf, len, SOCKET, &m2, &l2, &n2) < 0 || !same_mark(m, &m2) ||
	    n2 != n)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i].id, l2[i].id) != 0 || strcmp(l[i].name, l2[i].name) != 0)
			__builtin_trap();
	listing_free(l2, n2);
	free(buf);
}

static void check_mark(const struct events_mark *m)
{
	if (m->len < 2 || m->len > EVENTS_MARK_MAX || m->raw[0] != '{' || m->time_nano < 0)
		__builtin_trap();
	round_trip(m, NULL, 0);
}

static void fuzz_events(const char *data, size_t size)
{
	struct events_scan s;
	char *err = NULL;
	int r = events_parse(data, size, &s, &err);

	if (r < 0) {
		if (r == -EBADMSG && !err)
			__builtin_trap();
		free(err);
		return;
	}
	if ((s.count == 0 && (s.have_first || s.have_last || s.changed_after_first)) ||
	    (s.count == 1 && (s.changed_after_first || s.have_first != s.have_last)) ||
	    (s.count == 1 && s.have_first && !same_mark(&s.first, &s.last)))
		__builtin_trap();
	if (s.have_first)
		check_mark(&s.first);
	if (s.have_last)
		check_mark(&s.last);
}

static void fuzz_cache(const char *data, size_t size)
{
	struct container_summary *l = NULL;
	struct events_mark m;
	size_t n = 0;

	if (listing_cache_parse(data, size, SOCKET, &m, &l, &n) < 0)
		return;
	if (!l || m.len == 0 || m.len > EVENTS_MARK_MAX || m.time_nano < 0)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		if (!entry_ok(&l[i]))
			__builtin_trap();
	round_trip(&m, l, n);
	listing_free(l, n);
}

/* Whatever the daemon's list yields must be something the cache can hold. */
static void fuzz_listing(const char *data, size_t size)
{
	struct container_summary *l = NULL;
	char *err = NULL;
	size_t n = 0;

	if (listing_parse(data, size, &l, &n, &err) < 0) {
		free(err);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (!entry_ok(&l[i]))
			__builtin_trap();
	round_trip(&fixed_mark, l, n);
	listing_free(l, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_events((const char *)data, size);
	fuzz_cache((const char *)data, size);
	fuzz_listing((const char *)data, size);
	return 0;
}
