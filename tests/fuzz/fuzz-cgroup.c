// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: mountinfo lookup of cgroup hierarchies and the container-ID proof over /proc/PID/cgroup text. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cgroup.h"
#include "fuzz.h"
#include "target.h"

static const char id[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ctrls[] = { "", "memory", "cpu,cpuacct", "name=systemd" };
	char out[8192];

	for (size_t i = 0; i < sizeof(ctrls) / sizeof(ctrls[0]); i++)
		if (cgroup_resolve_path((const char *)data, size, ctrls[i], "/docker/x", out, sizeof(out)) == 0 &&
		    strnlen(out, sizeof(out)) == sizeof(out))
			__builtin_trap();
	(void)target_cgroup_names((const char *)data, size, id);
	return 0;
}
