// SPDX-License-Identifier: Apache-2.0
/* Error text for the caller: the library returns -errno and, where words help, a message. */
#pragma once

#include <stdarg.h>
#include <stddef.h>

/* Set *reterr (if reterr is not NULL) to a formatted, malloc'd message and return err (a negative
 * errno). */
int error_set(char **reterr, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Copy of s with control characters (C0, DEL, C1 and ESC sequences) removed; NULL on allocation
 * failure. */
char *error_sanitize(const char *s, size_t len);
