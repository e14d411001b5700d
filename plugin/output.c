// SPDX-License-Identifier: Apache-2.0
/* Error output of the front ends. Messages may carry a daemon's or an image's words: they are cleaned. */
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "macros.h"
#include "output.h"

static const char *prog_name = "docker-nsenter";

void out_init(const char *prog)
{
	prog_name = prog;
}

int out_fail(const char *what, const char *msg, int status)
{
	_cleanup_free_ char *w = what ? error_sanitize(what, strlen(what)) : NULL;
	_cleanup_free_ char *m = error_sanitize(msg ? msg : "failed", strlen(msg ? msg : "failed"));

	fflush(stdout);
	if (w)
		fprintf(stderr, "%s: %s: %s\n", prog_name, w, m ? m : "failed");
	else
		fprintf(stderr, "%s: %s\n", prog_name, m ? m : "failed");
	return status;
}

int out_usage_error(const char *msg)
{
	if (msg)
		out_fail(NULL, msg, 125);
	fprintf(stderr, "Try '%s --help' for more information.\n", prog_name);
	return 125;
}
