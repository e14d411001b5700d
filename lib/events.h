// SPDX-License-Identifier: Apache-2.0
/* The daemon's event log, read back (GET /events with since and until): what changed since a known
 * event. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "engine.h"

#define EVENTS_MARK_MAX 4096
#define EVENTS_DIED_MAX 256 /* the daemon holds its last 256 events */

/* One event, as the daemon wrote it: its exact bytes and its time. Two answers of the same daemon
 * carry the same event in the same bytes; another daemon (or the same one restarted) cannot. */
struct events_mark {
	long long time_nano;
	size_t len;
	char raw[EVENTS_MARK_MAX];
};

struct events_scan {
	size_t count;
	bool have_first, have_last;
	struct events_mark first, last; /* the oldest and the newest event of the answer */
	bool changed_after_first; /* an event after the first one may have changed which containers
				   * run or their names: anything of type container but exec and
				   * health probes */
	/* The containers whose newest die, start or destroy in the answer is a die. dockerd (20.10)
	 * logs a container's die before its list shows the container stopped, so a list asked for
	 * meanwhile may still show it running. died_unknown: a die without a usable ID, or more of
	 * them than fit. */
	bool died_unknown;
	size_t n_died;
	char died[EVENTS_DIED_MAX][65];
};

/* Decode an answer of GET /events: JSON objects one after the other, white space between them.
 * Events too large to be a mark are counted, and they count as changes, but are never the first or
 * last mark. -EBADMSG if the stream is not such a sequence or an event lacks a timeNano. Pure, for
 * tests and fuzzing. */
int events_parse(const char *buf, size_t len, struct events_scan *ret, char **reterr);

/* The events logged at or after since_nano (0: all the daemon still holds) and up to now, scanned.
 * Whether the answer came from Docker Engine itself is returned too: only its event log is known to
 * work as assumed here. */
int events_fetch(struct engine *e, long long since_nano, struct events_scan *ret, bool *ret_docker,
		 char **reterr);
