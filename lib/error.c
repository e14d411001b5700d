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

/* Skip an escape sequence starting at s[i] (s[i] == ESC); returns the index after it. CSI ends at
 * its final byte, OSC/DCS/PM/APC strings at BEL or ST (ESC \\), anything else after one more byte.
 * */
static size_t skip_escape(const unsigned char *s, size_t len, size_t i)
{
	i++;
	if (i < len && s[i] == '[') {
		for (i++; i < len; i++)
			if (s[i] >= 0x40 && s[i] <= 0x7e)
				return i + 1;
		return len;
	}
	if (i < len && (s[i] == ']' || s[i] == 'P' || s[i] == '^' || s[i] == '_')) {
		for (i++; i < len; i++) {
			if (s[i] == 0x07)
				return i + 1;
			if (s[i] == 0x1b && i + 1 < len && s[i + 1] == '\\')
				return i + 2;
		}
		return len;
	}
	return i < len ? i + 1 : len;
}

/* Length of the valid UTF-8 sequence at s[i], or 0 when the byte there does not start one. */
static size_t utf8_len(const unsigned char *s, size_t len, size_t i)
{
	unsigned char c = s[i];
	size_t n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;

	if (n == 0 || i + n > len || (c >= 0xf0 && n != 4))
		return 0;
	for (size_t k = 1; k < n; k++)
		if ((s[i + k] & 0xc0) != 0x80)
			return 0;
	return n;
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
		size_t n;

		if (c == 0x1b) {
			i = skip_escape(s, len, i);
		} else if (c < 0x20 || c == 0x7f) {
			if (c == '\n' || c == '\t')
				out[o++] = ' ';
			i++;
		} else if (c < 0x80) {
			out[o++] = (char)c;
			i++;
		} else if ((n = utf8_len(s, len, i)) == 0 || (c == 0xc2 && s[i + 1] <= 0x9f)) {
			/* a byte that is not whole UTF-8 (a raw C1 control among them), or
			 * U+0080..U+009F: dropped on its own, so nothing removed around it can join
			 * two bytes into a control */
			i += n ? n : 1;
		} else {
			memcpy(out + o, s + i, n);
			o += n;
			i += n;
		}
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return out;
}
