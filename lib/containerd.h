// SPDX-License-Identifier: Apache-2.0
/* containerd's containers and tasks through its gRPC API (Containers/List, Tasks/Get): find a
 * container in a namespace by ID or unique prefix, list containers by labels, get a task's PID. */
#pragma once

#include <sys/types.h>

#include "containerd-proto.h"
#include "grpc.h"

#define CONTAINERD_DEFAULT_ADDRESS   "/run/containerd/containerd.sock"
#define CONTAINERD_ADDRESS_ENV	     "CONTAINERD_ADDRESS" /* as ctr reads it */
#define CONTAINERD_DEFAULT_NAMESPACE "k8s.io"		  /* the kubelet's (CRI) namespace */
#define CONTAINERD_DOCKER_ADDRESS                                                                  \
	"/run/docker/containerd/containerd.sock" /* the containerd dockerd starts */
#define CONTAINERD_DOCKER_NAMESPACE   "moby"	 /* where dockerd's tasks live */
#define CONTAINERD_DEFAULT_TIMEOUT_MS 30000
#define CONTAINERD_MAX_AMBIGUOUS      10 /* candidates named in an ambiguity message */

struct containerd_client {
	struct grpc_client grpc;
};

/* The socket: address if given, else $CONTAINERD_ADDRESS, else the default; a path or unix://path.
 * Other schemes are refused with -EPROTONOSUPPORT and a message. */
int containerd_address(const char *address, char **ret_path, char **reterr);

int containerd_init(struct containerd_client *c, const char *socket_path, int timeout_ms);
void containerd_done(struct containerd_client *c);

/* The container of namespace ns whose ID is ref, or else the only one whose ID starts with ref.
 * -ENOENT when none, -ENOTUNIQ when several (the message names them), -EINVAL for a ref or ns that
 * cannot be a containerd identifier. */
int containerd_find(struct containerd_client *c, const char *ns, const char *ref,
		    struct containerd_container *ret, char **reterr);

/* The containers of namespace ns that carry every label of match (key and value equal); all of them
 * when n_match is
 * 0. The daemon filters, and every answer is checked again here. */
int containerd_list(struct containerd_client *c, const char *ns,
		    const struct containerd_label *match, size_t n_match,
		    struct containerd_list *ret, char **reterr);

/* The PID of the running task of container id: -ESRCH when it has no task or the task is created or
 * stopped, -EBUSY when paused, with a message saying which. */
int containerd_task_pid(struct containerd_client *c, const char *ns, const char *id, pid_t *ret_pid,
			char **reterr);
