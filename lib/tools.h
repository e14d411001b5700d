// SPDX-License-Identifier: Apache-2.0
/* --tools: a host directory or a local image's files, mounted read-only, nosuid and nodev at
 * TOOLS_PATH in a private copy of the container's mount namespace, and appended to the program's
 * PATH. The container's own mount namespace and files never change: the copy's root is a read-only
 * tmpfs of ours that mirrors the container's top-level entries (each a recursive bind of the
 * container's own), with the tools' directory beside them. */
#pragma once

#include "rootfs.h"

struct engine;
struct nsenter_request;
struct plan;
struct target;

#define TOOLS_PATH "/.docker-nsenter-tools"

struct tools_source {
	char *dir;	      /* a host directory, or NULL for an image */
	char *image;	      /* the image as named, for messages */
	struct rootfs layers; /* its layers, topmost first */
	char *data_root;      /* the daemon's, where they must lie */
};

void tools_source_init(struct tools_source *s);
void tools_source_done(struct tools_source *s);

/* A path ("/..." or "./...") names a directory; anything else a local image, whose layers the
 * daemon is asked for: e is NULL where there is no Docker daemon (the other runtimes), and an image
 * then -EOPNOTSUPP. */
int tools_resolve(struct engine *e, const char *arg, struct tools_source *ret, char **reterr);

/* On the host, before any setns(): the tools as a detached mount; the program's PATH with the
 * tools' directories after its own; and, when no program is given and the container has no /bin/sh,
 * the tools' sh. */
int tools_plan(const struct nsenter_request *req, struct plan *p, char **reterr);

/* After the join: a private copy of the container's mount namespace, the mirror root with the tools
 * in it, which becomes the program's root. t->procfd reaches the host's /proc. */
int tools_attach(struct plan *p, const struct target *t, char **reterr);
