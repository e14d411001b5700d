// SPDX-License-Identifier: Apache-2.0
/* What the resolvers of resolve.c share: a container some runtime knows, the kubelet's labels of
 * it, and the pin. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "proof.h"
#include "resolve.h"

struct target;

/* The kubelet's labels, as both runtimes carry them. */
#define K8S_LABEL_POD_NAMESPACE	 "io.kubernetes.pod.namespace"
#define K8S_LABEL_POD_NAME	 "io.kubernetes.pod.name"
#define K8S_LABEL_POD_UID	 "io.kubernetes.pod.uid"
#define K8S_LABEL_CONTAINER_NAME "io.kubernetes.container.name"

/* A container of a runtime. Names are the kubelet's labels when they are valid Kubernetes names,
 * else NULL. */
struct resolve_cand {
	enum proof_runtime runtime;
	char *id;
	char *ns;	 /* containerd's namespace */
	char *pod_uid;	 /* the pod's UID label, NULL when none */
	char *pod_ns;	 /* the pod's namespace */
	char *pod;	 /* the pod's name */
	char *container; /* the container's name in its pod */
	bool sandbox;	 /* the pod's sandbox (pause) container, never entered by name */
	pid_t pid;	 /* > 0: its process runs, as the runtime says */
	int state;	 /* else -ESRCH (not running) or -EBUSY (paused) */
	char *why;	 /* and why, the runtime's words */
	char *spec;	 /* containerd: the OCI spec's JSON, or NULL */
	size_t spec_len;
};

struct resolve_cands {
	struct resolve_cand *v;
	size_t n;
};

void resolve_cands_done(struct resolve_cands *c);
/* Append a copy of id and ns with empty names; the new candidate, or NULL when out of memory. */
struct resolve_cand *resolve_cands_add(struct resolve_cands *c, enum proof_runtime runtime,
				       const char *id, const char *ns);
/* Remove the last candidate. */
void resolve_cands_drop_last(struct resolve_cands *c);
/* Take the kubelet's labels from a label lookup (key -> value or NULL). */
int resolve_cand_labels(struct resolve_cand *c, const char *(*get)(const void *, const char *),
			const void *labels);

/* Pin and prove the candidate's process into ret, with its info: its ID, and --exec's fields from
 * its OCI spec (containerd) or its bundle's config.json (CRI-O, through conmon). */
int resolve_pin(const struct resolve_cand *c, struct target *ret, char **reterr);

/* The member for --list and completion. */
int resolve_member_add(struct resolve_member **m, size_t *n, const struct resolve_member *add);
int resolve_cand_member(const struct resolve_cand *c, struct resolve_member **m, size_t *n);

/* Whether path is a socket that exists. */
bool resolve_socket_exists(const char *path);

/* The runtimes' resolvers. */
int resolve_containerd(const struct resolve_options *o, const struct resolve_ref *r,
		       struct target *t, char **reterr);
int resolve_crio(const struct resolve_options *o, const struct resolve_ref *r, struct target *t,
		 char **reterr);
int resolve_k8s(const struct resolve_options *o, const struct resolve_ref *r, struct target *t,
		char **reterr);

/* The kubelet's containers of pod ns/name (name NULL: of every pod) with their running state,
 * appended to ret. */
int resolve_containerd_pods(const struct resolve_options *o, const char *ns, const char *name,
			    struct resolve_cands *ret, char **reterr);
int resolve_crio_pods(const struct resolve_options *o, const char *ns, const char *name,
		      struct resolve_cands *ret, char **reterr);

/* The kubelet's containers of pod ns/pod (pod NULL: of every pod of ns; ns NULL: of every pod) from
 * every runtime whose socket is there; running state only with a pod. -ENOENT when no runtime's
 * socket is. */
int resolve_k8s_collect(const struct resolve_options *o, const char *ns, const char *pod,
			struct resolve_cands *ret, char **reterr);

/* The socket paths the options name. */
int resolve_containerd_socket(const struct resolve_options *o, char **ret, char **reterr);
int resolve_crio_socket(const struct resolve_options *o, char **ret, char **reterr);

int resolve_containerd_members(const struct resolve_options *o, const char *ns,
			       struct resolve_member **ret, size_t *ret_n, char **reterr);
int resolve_crio_members(const struct resolve_options *o, struct resolve_member **ret,
			 size_t *ret_n, char **reterr);
