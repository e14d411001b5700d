// SPDX-License-Identifier: Apache-2.0
/* Container references: only Docker's name characters are accepted, so no reference can address
 * another endpoint. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "reference.h"

static bool name_char(unsigned char c, bool first)
{
	if (isascii(c) && isalnum(c))
		return true;
	return !first && (c == '_' || c == '.' || c == '-');
}

int reference_validate(const char *ref, char **reterr)
{
	const char *s = ref;
	size_t n;

	if (!ref || !*ref)
		return error_set(reterr, -EINVAL, "empty container name");
	if (*s == '/')
		s++;
	n = strlen(s);
	if (n == 0 || n > REFERENCE_MAX)
		return error_set(reterr, -EINVAL,
				 "invalid container name (must be 1 to %d characters)",
				 REFERENCE_MAX);
	for (size_t i = 0; i < n; i++)
		if (!name_char((unsigned char)s[i], i == 0))
			return error_set(
			    reterr, -EINVAL,
			    "invalid container name: only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
	return 0;
}

char *reference_encode(const char *ref)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *start = ref[0] == '/' ? ref + 1 : ref, *s = start;
	char *out = malloc(strlen(s) * 3 + 1), *o = out;

	if (!out)
		return NULL;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isascii(c) &&
		    (isalnum(c) || c == '-' || c == '_' || c == '~' || (c == '.' && s != start))) {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

bool reference_is_full_id(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return false;
	return i == 64;
}
