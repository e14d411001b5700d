// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: mountinfo lookup of cgroup hierarchies and the container-ID proof over
 * /proc/PID/cgroup text. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cgroup.h"
#include "fuzz.h"
#include "proof.h"
#include "target.h"

static const char id[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const ctrls[] = { "", "memory", "cpu,cpuacct", "name=systemd" };
	char out[8192];

	for (size_t i = 0; i < sizeof(ctrls) / sizeof(ctrls[0]); i++)
		if (cgroup_resolve_path((const char *)data, size, ctrls[i], "/docker/x", out,
					sizeof(out)) == 0 &&
		    strnlen(out, sizeof(out)) == sizeof(out))
			__builtin_trap();
	static const struct proof_claim claims[] = {
		{ PROOF_DOCKER, id, NULL, NULL },
		{ PROOF_CONTAINERD, "web", "k8s.io", NULL },
		{ PROOF_CONTAINERD, id, "k8s.io", "0c1a5e1e-7d3b-4c6f-9e0a-2b1c3d4e5f60" },
		{ PROOF_CRIO, id, NULL, "0c1a5e1e-7d3b-4c6f-9e0a-2b1c3d4e5f60" },
		{ PROOF_CRIO, id, NULL, NULL },
	};

	(void)target_cgroup_names((const char *)data, size, id);
	for (size_t i = 0; i < sizeof(claims) / sizeof(claims[0]); i++)
		(void)proof_cgroup_names((const char *)data, size, &claims[i]);
	return 0;
}
