// SPDX-License-Identifier: Apache-2.0
/* Shell completion in cobra's protocol, as docker asks plugins for it. */
#pragma once

#include <stdbool.h>

#include "dcp.h"
#include "options.h"

/* argv: the words after the plugin name, the last one being the word to complete. Prints the
 * candidates and a final ":<directive>" line; always exits 0, as cobra does, with directive 1 on
 * error. */
int complete_main(int argc, char **argv, const struct dcp_globals *g);

/* docker-nsmount's completion: options anywhere, then the container, then a host SOURCE, then a
 * TARGET listed from the container's own directories (for -u, its mount points). */
int complete_nsmount(int argc, char **argv, const struct dcp_globals *g,
		     const struct cli_option_doc *docs, bool (*takes_next)(const char *));
