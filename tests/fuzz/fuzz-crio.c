// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: CRI-O's inspect answers, a container's (first byte even) or /info (odd). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crio-info.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crio_container ct;
	struct crio_info info;
	char *err = NULL;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		if (crio_info_parse((const char *)data + 1, size - 1, &info, &err) >= 0)
			crio_info_done(&info);
	} else if (crio_container_parse((const char *)data + 1, size - 1, &ct, &err) >= 0) {
		if (ct.pid < 0 || (ct.n_labels > 0 && !ct.labels))
			__builtin_trap();
		(void)crio_container_check(&ct, "x", &err);
		crio_container_done(&ct);
	}
	free(err);
	return 0;
}
