// SPDX-License-Identifier: Apache-2.0
/* ID maps of user namespaces. The kernel shows a map relative to the reader's user namespace, which
 * for us (on the host) means "inside" is the container's ID and "outside" the host's. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "fdutil.h"
#include "idmap.h"
#include "macros.h"

#define IDMAP_FILE_MAX 16384 /* the kernel allows 340 lines */

int idmap_translate(const char *map, size_t len, uint32_t id, enum idmap_direction dir,
		    uint32_t *ret)
{
	const char *p = map, *end = map + len;

	while (p < end) {
		unsigned long long in, out, count;
		char line[128];
		size_t n = 0;

		while (p + n < end && p[n] != '\n')
			n++;
		if (n >= sizeof(line))
			return -EBADMSG;
		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		p += n + 1;
		if (n == 0)
			continue;
		if (sscanf(line, "%llu %llu %llu", &in, &out, &count) != 3)
			return -EBADMSG;
		unsigned long long from = dir == IDMAP_TO_HOST ? in : out,
				   to = dir == IDMAP_TO_HOST ? out : in;
		if (id >= from && id - from < count) {
			*ret = (uint32_t)(to + (id - from));
			return 0;
		}
	}
	return -ERANGE;
}

int idmap_translate_proc(int procfd, const char *file, uint32_t id, enum idmap_direction dir,
			 uint32_t *ret)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	int err = fd_read_file(procfd, file, IDMAP_FILE_MAX, &buf, &len);

	if (err < 0)
		return err;
	return idmap_translate(buf, len, id, dir, ret);
}
