// SPDX-License-Identifier: Apache-2.0
/* How the front ends speak: util-linux's "prog: what: why" on stderr, with untrusted text cleaned first. */
#pragma once

void out_init(const char *prog);

/* Print "prog: [what: ]msg" with control characters removed; returns status. */
int out_fail(const char *what, const char *msg, int status);

/* Print "prog: msg" and the --help hint; returns 125. */
int out_usage_error(const char *msg);
