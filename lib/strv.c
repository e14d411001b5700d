// SPDX-License-Identifier: Apache-2.0
/* Vectors of malloc'd strings. */
#include <stdlib.h>

#include "strv.h"

void strv_free_n(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

void strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}
