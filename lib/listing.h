// SPDX-License-Identifier: Apache-2.0
/* The running containers, in one request: for completion and for finding who shares a namespace. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "engine.h"

struct container_summary {
	char id[65];
	char *name; /* the first name, without its leading '/' */
};

/* GET /containers/json (running containers only). */
int listing_fetch(struct engine *e, struct container_summary **ret, size_t *ret_n, char **reterr);

/* The same with a query string (NULL for none), and whether Docker Engine itself answered
 * (ret_docker may be NULL). */
int listing_fetch_query(struct engine *e, const char *query, struct container_summary **ret,
			size_t *ret_n, bool *ret_docker, char **reterr);

/* The query string that asks only for containers whose name starts with prefix (a valid name
 * without '/'), so that the daemon does the work of one summary per match instead of one per
 * container. -EINVAL for other words. */
int listing_name_filter(const char *prefix, char *ret, size_t size);

/* Decode an answer of /containers/json; pure, for tests and fuzzing. Entries without a valid Id are
 * skipped. */
int listing_parse(const char *json, size_t len, struct container_summary **ret, size_t *ret_n,
		  char **reterr);

void listing_free(struct container_summary *l, size_t n);
