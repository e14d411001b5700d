// SPDX-License-Identifier: Apache-2.0
/* Shared between the two ways docker-nsmount attaches: the new mount API and the classic device technique. */
#pragma once

#include <sys/types.h>

#include "target.h"

struct classic {
	dev_t dev;	    /* the block device of the filesystem */
	char *fstype;
	char *subroot;	    /* the source's path inside that filesystem, "" for its root */
	char *fsopts;	    /* filesystem options, or NULL */
	unsigned long flags; /* MS_RDONLY, MS_NOSUID, ... */
};

int classic_prepare(const char *source, const char *dev, const char *fstype, const char *fs, unsigned long flags,
		    struct classic *c, char **reterr);
int classic_attach(const struct target *t, struct classic *c, int rootfd, const char *target);
void classic_done(struct classic *c);

/* libblkid's idea of the filesystem on dev. */
int classic_probe(const char *dev, char **ret, char **reterr);
