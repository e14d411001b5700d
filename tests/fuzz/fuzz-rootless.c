// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: what a rootless engine's user controls and we parse: a runtime shim's command line
 * (the container ID it names) and the daemon's GET /info answer. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "reference.h"
#include "rootless.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char id[ROOTLESS_ID_MAX + 1];
	bool rootless;

	/* an ID is only ever a full one, NUL-terminated in place */
	if (rootless_cmdline_id((const char *)data, size, id) == 0 &&
	    (!reference_is_full_id(id) || !memmem(data, size, id, 64)))
		__builtin_trap();
	(void)rootless_info_parse((const char *)data, size, &rootless);
	return 0;
}
