// SPDX-License-Identifier: Apache-2.0
/* Private helpers of the docker-cli-plugin module: cleanup attributes, error text, SHA-256. */
#pragma once

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <json-c/json.h>

/* The module stands alone (a sibling program reuses it), so it carries its own helpers. */
#define _dcp_cleanup_(f) __attribute__((cleanup(f)))

static inline void dcp_freep(void *p)
{
	free(*(void **)p);
}

static inline void dcp_closep(int *fd)
{
	if (*fd >= 0) {
		int saved = errno;

		close(*fd);
		errno = saved;
	}
}

static inline void dcp_json_putp(struct json_object **o)
{
	if (*o)
		json_object_put(*o);
}

static inline void dcp_json_tokener_freep(struct json_tokener **t)
{
	if (*t)
		json_tokener_free(*t);
}

#define _dcp_cleanup_free_  _dcp_cleanup_(dcp_freep)
#define _dcp_cleanup_close_ _dcp_cleanup_(dcp_closep)
#define _dcp_cleanup_json_  _dcp_cleanup_(dcp_json_putp)

#define DCP_TAKE_PTR(p)                                                                            \
	({                                                                                         \
		__typeof__(p) _p = (p);                                                            \
		(p) = NULL;                                                                        \
		_p;                                                                                \
	})
#define DCP_TAKE_FD(fd)                                                                            \
	({                                                                                         \
		int _fd = (fd);                                                                    \
		(fd) = -EBADF;                                                                     \
		_fd;                                                                               \
	})

#define DCP_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static inline int dcp_negative_errno(void)
{
	return errno > 0 ? -errno : -EIO;
}

/* Set *reterr (if reterr is not NULL) to a formatted, malloc'd message and return err. */
__attribute__((format(printf, 3, 4))) static inline int dcp_error(char **reterr, int err,
								  const char *fmt, ...)
{
	va_list ap;

	if (!reterr)
		return err;
	free(*reterr);
	*reterr = NULL;
	va_start(ap, fmt);
	if (vasprintf(reterr, fmt, ap) < 0)
		*reterr = NULL;
	va_end(ap);
	return err;
}

/* Lower-case hex SHA-256 of data: how docker names a context's directory. out gets 65 bytes. */
void dcp_sha256_hex(const void *data, size_t len, char out[65]);
