// SPDX-License-Identifier: Apache-2.0
/* References with a scheme: containerd://[NAMESPACE/]ID, k8s://NAMESPACE/POD[/CONTAINER] and
 * crio://ID pick the resolver of their runtime; a reference without one is Docker's
 * (target_resolve). Every resolver ends in target_pin_claim, the same pin and proof for all. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "proof.h"

struct target;

enum resolve_scheme {
	RESOLVE_DOCKER,
	RESOLVE_CONTAINERD,
	RESOLVE_K8S,
	RESOLVE_CRIO,
	_RESOLVE_SCHEME_MAX
};

#define RESOLVE_K8S_MAX_NAME 253 /* a DNS-1123 subdomain, the longest Kubernetes object name */

struct resolve_ref {
	enum resolve_scheme scheme;
	char *ns;  /* containerd: its namespace (default k8s.io); k8s: the pod's namespace */
	char *id;  /* docker: the whole reference; containerd and crio: an ID or a unique prefix of
		      one */
	char *pod; /* k8s */
	char *container; /* k8s: NULL when not named */
};

struct resolve_options {
	const char *containerd_address; /* NULL: $CONTAINERD_ADDRESS, else containerd's default */
	const char *crio_address;	/* NULL: CRI-O's default */
	int timeout_ms;
};

/* Split and check a reference. A reference without "scheme://" is Docker's, left whole in ret->id;
 * an unknown scheme or a malformed part is -EINVAL with a message. */
int resolve_parse(const char *ref, struct resolve_ref *ret, char **reterr);
void resolve_ref_done(struct resolve_ref *r);

/* Whether s can be a Kubernetes name: lower-case letters, digits, '-' and '.', starting and ending
 * with a letter or digit, at most RESOLVE_K8S_MAX_NAME characters. Label values that are not are
 * never printed or matched. */
bool resolve_k8s_name(const char *s);

/* Resolve a reference of containerd, k8s or crio to its container's running process, pinned and
 * proven in t. t's info carries the runtime's ID, no name, and --exec's user, working directory,
 * environment and hostname from the container's OCI spec. -ENOENT, -ENOTUNIQ (the message lists the
 * candidates), -ESRCH, -EBUSY, -EPERM as target_resolve. */
int resolve_target(const struct resolve_options *o, const struct resolve_ref *r, struct target *t,
		   char **reterr);

/* The reference that names t again (containerd://NS/ID, crio://ID, or Docker's ID), for messages
 * and --list. */
char *resolve_target_ref(const struct target *t);

/* A running container of a runtime, for --list to name who shares a namespace and for completion.
 * */
struct resolve_member {
	char *name; /* its reference: k8s://NS/POD/CONTAINER where the kubelet's labels are valid
		       names, else the runtime's own */
	char *id;
	char *ns;
	char *pod_uid;
	enum proof_runtime runtime;
};

/* The containers of t's runtime (for containerd, of t's namespace) as members. */
int resolve_members(const struct resolve_options *o, const struct target *t,
		    struct resolve_member **ret, size_t *ret_n, char **reterr);
void resolve_members_free(struct resolve_member *m, size_t n);
