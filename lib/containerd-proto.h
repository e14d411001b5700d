// SPDX-License-Identifier: Apache-2.0
/* What containerd's answers say, decoded from protobuf and checked, and the filter strings its List
 * reads: the pure half of the containerd client, for the tests and the fuzzer. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CONTAINERD_MAX_ID	  76	/* containerd's identifiers: IDs and namespaces */
#define CONTAINERD_MAX_CONTAINERS 65536 /* in one answer */
#define CONTAINERD_MAX_LABELS	  4096	/* on one container */
#define CONTAINERD_MAX_LABEL	  4096	/* bytes of a key and its value, containerd's own limit */
#define CONTAINERD_MAX_DECODED	  (64u << 20) /* memory protobuf-c may take to decode one answer */
#define CONTAINERD_SPEC_TYPE	  "types.containerd.io/opencontainers/runtime-spec/1/Spec"

struct containerd_label {
	char *key;
	char *value;
};

struct containerd_container {
	char *id;
	char *image;   /* may be "" */
	char *runtime; /* the runtime's name ("io.containerd.runc.v2"), may be "" */
	char *sandbox; /* the sandbox's ID (containerd 2), may be "" */
	struct containerd_label *labels; /* as the daemon sent them: sanitise before printing */
	size_t n_labels;
	char *spec; /* the OCI runtime spec's JSON when the container's spec is one, else NULL */
	size_t spec_len;
};

struct containerd_list {
	struct containerd_container *items; /* sorted by ID */
	size_t n;
};

enum containerd_task_status {
	CONTAINERD_TASK_UNKNOWN = 0, /* the values of containerd.v1.types.Status */
	CONTAINERD_TASK_CREATED = 1,
	CONTAINERD_TASK_RUNNING = 2,
	CONTAINERD_TASK_STOPPED = 3,
	CONTAINERD_TASK_PAUSED = 4,
	CONTAINERD_TASK_PAUSING = 5,
	_CONTAINERD_TASK_STATUS_MAX,
};

struct containerd_task {
	pid_t pid;
	enum containerd_task_status status;
	uint32_t exit_status;
};

/* The value of label key, or NULL. */
const char *containerd_label(const struct containerd_container *c, const char *key);

void containerd_container_done(struct containerd_container *c);
void containerd_list_done(struct containerd_list *l);

/* Whether s is a containerd identifier ([A-Za-z0-9]+ joined by single '.', '_' or '-', at most 76
 * bytes); with prefix true, whether s can start one. */
bool containerd_valid_id(const char *s, bool prefix);

/* s in double quotes as containerd's filter syntax reads them: '\\' and '"' escaped, other bytes
 * below 0x20 or from 0x7f up as \xNN. */
char *containerd_filter_quote(const char *s);

/* The filter for IDs that start with prefix (a valid one), or for the labels of match. */
char *containerd_filter_prefix(const char *prefix);
char *containerd_filter_labels(const struct containerd_label *match, size_t n_match);

/* Decode a ListContainersResponse; every container's ID must be a valid identifier. */
int containerd_decode_list(const uint8_t *buf, size_t len, struct containerd_list *ret,
			   char **reterr);

/* Decode a Tasks GetResponse for container id. */
int containerd_decode_task(const uint8_t *buf, size_t len, const char *id,
			   struct containerd_task *ret, char **reterr);

/* 0 when the task can be entered, else -ESRCH or -EBUSY with a message. */
int containerd_task_check(const struct containerd_task *t, const char *id, char **reterr);
