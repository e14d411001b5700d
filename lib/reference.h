// SPDX-License-Identifier: Apache-2.0
/* Container references (name, full ID, ID prefix): validation and encoding for a request path. */
#pragma once

#include <stdbool.h>

#define REFERENCE_MAX 255

/* 0 when ref is a name (Docker's characters, optional leading '/') or a hex ID (prefix); -EINVAL
 * with a message otherwise. */
int reference_validate(const char *ref, char **reterr);

/* Percent-encode a validated reference (without its leading '/') for use as one path segment; NULL
 * on error. */
char *reference_encode(const char *ref);

/* Whether s is a full 64-character lower-case hex container ID. */
bool reference_is_full_id(const char *s);
