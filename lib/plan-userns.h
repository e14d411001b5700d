// SPDX-License-Identifier: Apache-2.0
/* The plan's decisions about the container's user namespace: who may enter a container whose
 * namespaces a user namespace of its own owns (a rootless engine's, a remapped one), and how. */
#pragma once

struct nsenter_request;
struct plan;
struct target;

/* Before anything is opened: a caller without CAP_SYS_ADMIN may enter only a container whose user
 * namespace it created (its own rootless engine's), through that user namespace, with its IDs kept
 * (--preserve-credentials) and never with --host-root; sets p->unprivileged. -EPERM with a message
 * otherwise. */
int plan_userns_caller(const struct target *t, const struct nsenter_request *req, struct plan *p,
		       char **reterr);

/* Once the namespaces and the program are known: the container's user namespace is joined whenever
 * a program from the container runs (its code never runs as host root) or an unprivileged caller
 * joins anything; root's own IDs never stay inside it (--preserve-credentials is refused then), nor
 * root's supplementary groups. */
int plan_userns_join(const struct target *t, const struct nsenter_request *req, struct plan *p,
		     char **reterr);

/* For an unprivileged caller, the cgroups it can join: those it is in already are left out; one it
 * may not write is refused with a message for --join-cgroup, and left out for --exec, as a rootless
 * runtime leaves it. */
int plan_userns_cgroups(const struct nsenter_request *req, struct plan *p, char **reterr);
