// SPDX-License-Identifier: Apache-2.0
/* Container users: our own bounded /etc/passwd and /etc/group parsing (never NSS) and docker's
 * USER[:GROUP] rules. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#define CREDS_MAX_FILE	 (4u << 20)
#define CREDS_MAX_GROUPS 1024

struct creds {
	uid_t uid;
	gid_t gid;
	gid_t *groups; /* the groups docker exec gives: the primary one, then memberships */
	size_t n_groups;
	char *home; /* from the passwd entry, "/" when there is none */
};

/* Resolve spec ("", "name", "uid", "name:group", "uid:gid", ...) as docker does, against the texts
 * of the container's passwd and group files (NULL when a file is missing). -ENOENT with a message
 * when a name is not found, -EINVAL when the spec is malformed. */
int creds_resolve(const char *spec, const char *passwd, size_t plen, const char *group, size_t glen,
		  struct creds *ret, char **reterr);
void creds_done(struct creds *c);

/* Parse a decimal ID in [0, 2^32-2]; -EINVAL otherwise. */
int creds_parse_id(const char *s, size_t n, unsigned *ret);
