// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: container references. Whatever validates must encode to one harmless path segment.
 * */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "reference.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char ref[REFERENCE_MAX + 8], *enc;

	if (size >= sizeof(ref))
		return 0;
	memcpy(ref, data, size);
	ref[size] = '\0';
	if (reference_validate(ref, NULL) < 0)
		return 0;
	enc = reference_encode(ref);
	if (!enc || strpbrk(enc, "/?#% ") || strcmp(enc, "..") == 0 || strcmp(enc, ".") == 0)
		__builtin_trap();
	free(enc);
	return 0;
}
