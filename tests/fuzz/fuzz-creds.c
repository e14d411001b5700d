// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: passwd and group parsing with docker's USER[:GROUP] rules. The input is
 * "spec\0passwd\0group". */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "creds.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	const char *p1 = memchr(s, '\0', size), *p2;
	char spec[600];
	struct creds c;
	char *err = NULL;

	if (!p1 || (size_t)(p1 - s) >= sizeof(spec))
		return 0;
	memcpy(spec, s, (size_t)(p1 - s) + 1);
	p1++;
	p2 = memchr(p1, '\0', (size_t)(end - p1));
	if (!p2)
		p2 = end;
	if (creds_resolve(spec, p1, (size_t)(p2 - p1), p2 < end ? p2 + 1 : NULL,
			  p2 < end ? (size_t)(end - p2 - 1) : 0, &c, &err) == 0) {
		if (c.n_groups > CREDS_MAX_GROUPS || !c.home || c.home[0] != '/')
			__builtin_trap();
		creds_done(&c);
	}
	free(err);
	return 0;
}
