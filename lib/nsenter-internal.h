// SPDX-License-Identifier: Apache-2.0
/* The join step of nsenter.c on its own, and its seam, so that tests can watch the order of setns() calls. */
#pragma once

struct plan;
struct target;

/* The join's one syscall: setns(), unless a test puts a recorder in its place. */
extern int (*nsenter_setns)(int fd, int nstype);

/* Step 4 of the sequence: join p->join of t's namespaces (and, for --host-root, move into a private copy of our
 * mount namespace with the container's tree attached). */
int nsenter_join(struct plan *p, const struct target *t, char **reterr);
