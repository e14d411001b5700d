// SPDX-License-Identifier: Apache-2.0
/* What every front end does the same way: reach the daemon docker would use, print an option table. */
#pragma once

#include "dcp.h"
#include "engine.h"
#include "options.h"

/* Choose the daemon as docker does (dcp_resolve_endpoint) and set up an engine for it; connects lazily. */
int front_engine(const struct dcp_globals *g, int timeout_ms, struct engine *ret, char **reterr);

/* Print an option table in util-linux's --help columns. */
void front_print_options(const struct cli_option_doc *docs, int width);
