// SPDX-License-Identifier: Apache-2.0
/* Error text helpers: formatted messages and removal of control characters from untrusted text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "macros.h"

int error_set(char **reterr, int err, const char *fmt, ...)
{
	va_list ap;

	if (!reterr)
		return err;
	free(*reterr);
	*reterr = NULL;
	va_start(ap, fmt);
	if (vasprintf(reterr, fmt, ap) < 0)
		*reterr = NULL;
	va_end(ap);
	return err;
}

/* Skip an ANSI escape sequence starting at s[i] (s[i] == ESC); returns the index after it. */
static size_t skip_escape(const unsigned char *s, size_t len, size_t i)
{
	i++;
	if (i < len && s[i] == '[') {
		for (i++; i < len; i++)
			if (s[i] >= 0x40 && s[i] <= 0x7e)
				return i + 1;
		return len;
	}
	if (i < len && s[i] == ']') {
		for (i++; i < len; i++)
			if (s[i] == 0x07)
				return i + 1;
		return len;
	}
	return i < len ? i + 1 : len;
}

char *error_sanitize(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	char *out = malloc(len + 1);
	size_t i = 0, o = 0;

	if (!out)
		return NULL;
	while (i < len) {
		unsigned char c = s[i];

		if (c == 0x1b) {
			i = skip_escape(s, len, i);
			continue;
		}
		/* UTF-8 encoded C1 controls (U+0080..U+009F) */
		if (c == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f) {
			i += 2;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			if (c == '\n' || c == '\t')
				out[o++] = ' ';
			i++;
			continue;
		}
		out[o++] = (char)c;
		i++;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return out;
}
