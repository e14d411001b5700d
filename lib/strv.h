// SPDX-License-Identifier: Apache-2.0
/* Vectors of malloc'd strings, as the environment, the command and the daemons' lists hold them. */
#pragma once

#include <stddef.h>

/* Free the first n strings of v, then v; v may be NULL. */
void strv_free_n(char **v, size_t n);

/* Free every string of the NULL-terminated v, then v; v may be NULL. */
void strv_free(char **v);
