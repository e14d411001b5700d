// SPDX-License-Identifier: Apache-2.0
/* The running containers from a cache that the daemon's event log proves current, else from the
 * daemon. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "events.h"
#include "listing.h"

#define LISTING_CACHE_MAX (16u << 20)

/* The cache file's name in its directory, for the daemon at socket_path (a hash of the path). */
void listing_cache_file_name(const char *socket_path, char ret[static 32]);

/* Decode a cache file: the socket it is for must be socket_path. -EBADMSG for anything else. Pure.
 * */
int listing_cache_parse(const char *buf, size_t len, const char *socket_path,
			struct events_mark *ret_mark, struct container_summary **ret,
			size_t *ret_n);

/* Encode a cache file into a malloc'd buffer. */
int listing_cache_format(const char *socket_path, const struct events_mark *mark,
			 const struct container_summary *l, size_t n, char **ret, size_t *ret_len);

/* The running containers of the daemon behind e. With dirfd >= 0 (a directory of ours, mode 0700:
 * the caller checks), a cache there is used when the daemon's event log still holds the event it
 * was made after and nothing since that may have started, stopped or renamed a container; otherwise
 * the list is fetched and the cache rewritten. Only Docker Engine's answers are cached. A broken
 * cache is never an error: the daemon is asked. When the cache cannot answer and miss_query is not
 * NULL, the daemon is asked with it (a filter: listing_name_filter) and no cache is written. */
int listing_fetch_cached(struct engine *e, int dirfd, const char *miss_query,
			 struct container_summary **ret, size_t *ret_n, char **reterr);
