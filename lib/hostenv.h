// SPDX-License-Identifier: Apache-2.0
/* The environment of a host program run with -e or --exec: ours, with only the container's harmless
 * settings. */
#pragma once

#include <stdbool.h>

/* Whether the container's "KEY=value" may reach a program of the host. An allowlist: the terminal
 * type, locale, time zone, terminal size, hostname and proxy settings, each with a value that names
 * no file. Everything else (PATH, LD_*, BASH_ENV, ENV, PROMPT_COMMAND, HOME, PYTHON*, ...) could
 * make a host program load or run the container's code, or read its files as its own. */
bool hostenv_allowed(const char *kv);

/* A new environment: ours, then every allowed variable of the container's set over it. NULL on
 * allocation failure. */
char **hostenv_merge(char *const *ours, char *const *container);
