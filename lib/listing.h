// SPDX-License-Identifier: Apache-2.0
/* The running containers, in one request: for completion and for finding who shares a namespace. */
#pragma once

#include <stddef.h>

#include "engine.h"

struct container_summary {
	char id[65];
	char *name; /* the first name, without its leading '/' */
};

/* GET /containers/json (running containers only). */
int listing_fetch(struct engine *e, struct container_summary **ret, size_t *ret_n, char **reterr);

/* Decode an answer of /containers/json; pure, for tests and fuzzing. Entries without a valid Id are skipped. */
int listing_parse(const char *json, size_t len, struct container_summary **ret, size_t *ret_n, char **reterr);

void listing_free(struct container_summary *l, size_t n);
