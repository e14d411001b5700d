// SPDX-License-Identifier: Apache-2.0
/* What --exec takes from a container's OCI runtime spec (containerd's Container.spec, a bundle's
 * config.json) when its runtime has no Docker inspect answer: the process's user, working directory
 * and environment, the hostname. */
#pragma once

#include <stddef.h>

struct container_info;

/* Fill ret's user ("UID:GID"), workdir, env and hostname from the spec's JSON, every field
 * type-checked and bounded; absent fields give "" and an empty environment. -EBADMSG with a message
 * when the JSON is no spec. ret's other fields are left alone. */
int oci_spec_process_info(const char *json, size_t len, struct container_info *ret, char **reterr);

/* Fill the same fields with "" and an empty environment where they are NULL: a container whose spec
 * is unknown. */
int oci_spec_info_empty(struct container_info *ret);
