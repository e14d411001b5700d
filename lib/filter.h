// SPDX-License-Identifier: Apache-2.0
/* Finding the container meant: docker's --filter KEY=VALUE, and compose services named
 * PROJECT/SERVICE[/NUMBER] by the labels compose puts on their containers
 * (com.docker.compose.project, .service, .container-number). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct engine;

#define FILTER_MAX	   16
#define COMPOSE_NAME_MAX   255
#define COMPOSE_NUMBER_MAX 99999

struct compose_ref {
	char project[COMPOSE_NAME_MAX + 1];
	char service[COMPOSE_NAME_MAX + 1];
	unsigned number; /* 0: whichever, when there is one */
};

/* Whether ref is meant as a compose reference: it holds a '/' that is not its first character (no
 * container name does) and no ':' (a scheme's, "containerd://...", also when typed in part; no
 * compose name has one). */
bool compose_ref_is(const char *ref);

/* "PROJECT/SERVICE" or "PROJECT/SERVICE/NUMBER": names of [a-zA-Z0-9][a-zA-Z0-9_.-]*, a number from
 * 1. -EINVAL with a message otherwise. */
int compose_ref_parse(const char *ref, struct compose_ref *ret, char **reterr);

/* "KEY=VALUE" with KEY one of docker's container filters (label, name, id, ancestor, status, ...);
 * -EINVAL otherwise. */
int filter_validate(const char *filter, char **reterr);

/* The query for GET /containers/json: all=1 and the filters as docker's JSON
 * ({"label":["k=v"],...}), encoded. */
int filter_query(const char *const *filters, size_t n, char **ret, char **reterr);

struct filter_match {
	char id[65];
	char *name;
	bool running;
	char *project, *service; /* compose's labels, or NULL */
	unsigned number;
	bool oneoff; /* docker compose run's containers: never meant by PROJECT/SERVICE */
};

/* Decode the container list's entries with their state and compose labels; pure, for tests and
 * fuzzing. */
int filter_parse_list(const char *json, size_t len, struct filter_match **ret, size_t *ret_n,
		      char **reterr);
void filter_matches_free(struct filter_match *m, size_t n);

/* The one container the filters (and the compose reference, when not NULL) mean: running ones, or
 * with stopped those that are not. Its full ID in ret_id. -ESRCH when no running one matches but
 * one that does not run does (its ID in ret_id, as for a name), -ENOENT when none matches (naming
 * those of the other state), -ENOTUNIQ when several do (naming them). */
int filter_resolve(struct engine *e, const char *const *filters, size_t n,
		   const struct compose_ref *compose, bool stopped, char ret_id[65], char **reterr);
