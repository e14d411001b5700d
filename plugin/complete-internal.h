// SPDX-License-Identifier: Apache-2.0
/* What the completion front ends share: cobra's directives and the candidate printers. */
#pragma once

#include <stdbool.h>

#include "dcp.h"
#include "options.h"
#include "resolve.h"

enum directive {
	DIR_DEFAULT = 0,
	DIR_ERROR = 1,
	DIR_NO_SPACE = 2,
	DIR_NO_FILES = 4,
	DIR_DIRS = 16,
};

#define COMPLETE_TIMEOUT_MS 3000

extern bool complete_with_desc;

void complete_candidate(const char *value, const char *desc);
int complete_options(const char *word, const struct cli_option_doc *docs);
int complete_containers(const char *word, const struct dcp_globals *g);

/* complete-find.c: compose references (stopped: of containers that do not run), containers that do
 * not run, --filter's values, --tools' images and directories, --which's processes. */
int complete_compose(const char *word, const struct dcp_globals *g, bool stopped);
int complete_stopped(const char *word, const struct dcp_globals *g);
int complete_filter_value(const char *word, const struct dcp_globals *g);
int complete_tools(const char *word, const struct dcp_globals *g);
int complete_pids(const char *word);

/* The runtimes' sockets as the words being completed name them (--containerd-address,
 * --crio-address). */
extern struct resolve_options complete_runtimes;

/* Candidates for a reference with a scheme; -1 when word has none. */
int complete_runtime_ref(const char *word);
/* The schemes a non-empty word is a prefix of; DIR_NO_SPACE when any. */
int complete_schemes(const char *word);
/* Note the value of --containerd-address or --crio-address; false for other options. */
bool complete_runtime_option(const char *opt, const char *value);
