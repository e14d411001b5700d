// SPDX-License-Identifier: Apache-2.0
/* CRI-O's HTTP inspect endpoint on its unix socket (GET /containers/{id}, GET /info). */
#pragma once

#include "crio-info.h"

#define CRIO_DEFAULT_SOCKET	"/var/run/crio/crio.sock"
#define CRIO_DEFAULT_TIMEOUT_MS 30000
#define CRIO_MAX_BODY		(8u << 20)

struct crio_client {
	char *socket_path;
	int timeout_ms;
};

/* The socket: address (a path or unix://path) if given, else CRI-O's default. */
int crio_address(const char *address, char **ret_path, char **reterr);

int crio_init(struct crio_client *c, const char *socket_path, int timeout_ms);
void crio_done(struct crio_client *c);

/* GET /containers/{id} (CRI-O takes only a whole ID there): -ENOENT when CRI-O knows no such
 * container, with its message; -EINVAL for an id that cannot be one. */
int crio_container(struct crio_client *c, const char *id, struct crio_container *ret,
		   char **reterr);

/* GET /info. */
int crio_info(struct crio_client *c, struct crio_info *ret, char **reterr);
