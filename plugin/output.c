// SPDX-License-Identifier: Apache-2.0
/* Error output of the front ends. Messages may carry a daemon's or an image's words: they are
 * cleaned. */
#include <stdio.h>
#include <stdlib.h>
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

static bool is_control(const unsigned char *p)
{
	return *p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f);
}

bool out_has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (is_control(p))
			return true;
	return false;
}

char *out_escape(const char *s)
{
	char *out = malloc(strlen(s) * 8 + 1), *o = out;

	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\\') {
			*o++ = '\\';
			*o++ = '\\';
		} else if (is_control(p)) {
			bool c1 = p[0] == 0xc2;

			o += sprintf(o, c1 ? "\\x%02x\\x%02x" : "\\x%02x", p[0], p[1]);
			p += c1;
		} else {
			*o++ = (char)*p;
		}
	}
	*o = '\0';
	return out;
}

int out_usage_error(const char *msg)
{
	if (msg)
		out_fail(NULL, msg, 125);
	fprintf(stderr, "Try '%s --help' for more information.\n", prog_name);
	return 125;
}
