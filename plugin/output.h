// SPDX-License-Identifier: Apache-2.0
/* How the front ends speak: util-linux's "prog: what: why" on stderr, with untrusted text cleaned
 * first. */
#pragma once

#include <stdbool.h>

void out_init(const char *prog);

/* Print "prog: [what: ]msg" with control characters removed; returns status. */
int out_fail(const char *what, const char *msg, int status);

/* A copy of s to show: control characters (C0, DEL, and C1 as UTF-8 encodes them) as \xNN,
 * backslashes doubled, so that text a container or a daemon chose cannot move the cursor, retitle
 * the terminal or fake a line. NULL when out of memory. */
char *out_escape(const char *s);

/* Whether s holds a control character: such a name cannot be offered for completion. */
bool out_has_control(const char *s);

/* Print "prog: msg" and the --help hint; returns 125. */
int out_usage_error(const char *msg);
