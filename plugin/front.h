// SPDX-License-Identifier: Apache-2.0
/* What every front end does the same way: reach the daemon docker would use, print an option table.
 * */
#pragma once

#include "dcp.h"
#include "engine.h"
#include "options.h"
#include "resolve.h"

struct target;

/* Choose the daemon as docker does (dcp_resolve_endpoint) and set up an engine for it; connects
 * lazily. */
int front_engine(const struct dcp_globals *g, int timeout_ms, struct engine *ret, char **reterr);

/* Resolve ref into t: a reference with a scheme through its runtime (resolve_target), a Docker one
 * through the daemon docker would use, left in *e (*have_engine true: engine_done it) for what
 * still needs it, such as --list. */
int front_resolve(const struct dcp_globals *g, const char *ref, const struct resolve_options *o,
		  struct engine *e, bool *have_engine, struct target *t, char **reterr);

/* Print an option table in util-linux's --help columns. */
void front_print_options(const struct cli_option_doc *docs, int width);
