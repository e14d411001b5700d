// SPDX-License-Identifier: Apache-2.0
/* User-namespace ID maps (/proc/PID/uid_map, gid_map): IDs translated between a container's user
 * namespace and ours. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum idmap_direction { IDMAP_TO_HOST, IDMAP_FROM_HOST, _IDMAP_DIRECTION_MAX };

/* Translate id through the text of a uid_map or gid_map ("inside outside count" lines). -ERANGE
 * when the id is not mapped, -EBADMSG when the text is malformed. Pure, for unit tests. */
int idmap_translate(const char *map, size_t len, uint32_t id, enum idmap_direction dir,
		    uint32_t *ret);

/* Read /proc/PID/<file> through procfd and translate id; -ERANGE when it is not mapped. */
int idmap_translate_proc(int procfd, const char *file, uint32_t id, enum idmap_direction dir,
			 uint32_t *ret);
