// SPDX-License-Identifier: Apache-2.0
/* What CRI-O's inspect endpoint answers (server/inspect.go's ContainerInfo and CrioInfo), decoded
 * from JSON with every type checked and every size bounded: the pure half of the CRI-O client. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CRIO_MAX_ID	   128	/* CRI-O's IDs are 64 hex digits; anything longer is not one */
#define CRIO_MAX_MAP	   4096 /* entries of labels, annotations, crio_annotations */
#define CRIO_MAX_ADDRESSES 64

struct crio_kv {
	char *key;
	char *value;
};

/* server/inspect.go's ContainerInfo. Strings are as CRI-O sent them (control characters included):
 * sanitise before printing. */
struct crio_container {
	char *name;
	pid_t pid; /* 0 when CRI-O knows no process; after the container stopped, the PID it had
		      (maybe reused) */
	char *image;
	char *image_ref;
	int64_t created_time; /* nanoseconds since the epoch */
	struct crio_kv *labels;
	size_t n_labels;
	struct crio_kv *annotations;
	size_t n_annotations;
	struct crio_kv *crio_annotations;
	size_t n_crio_annotations;
	char *log_path;
	char *root;
	char *sandbox;
	char **ip_addresses;
	size_t n_ip_addresses;
	int host_network; /* 1, 0, or -1 when CRI-O does not say (older versions) */
};

/* server/inspect.go's CrioInfo, the parts we use. */
struct crio_info {
	char *storage_driver;
	char *storage_root;
	char *storage_image;
	char *cgroup_driver; /* "systemd" or "cgroupfs" */
};

/* 0 when CRI-O names a process to enter; -ESRCH (no process) otherwise. The PID of a stopped
 * container may have been reused: only the proof that it is in the container's cgroup makes it the
 * container's. */
int crio_container_check(const struct crio_container *ct, const char *id, char **reterr);

/* The value of key in a map, or NULL. */
const char *crio_kv_get(const struct crio_kv *kv, size_t n, const char *key);

/* Whether id can be a CRI-O ID (letters, digits, '.', '_', '-'; nothing that would change the
 * request path). */
bool crio_valid_id(const char *id);

/* Decode an answer's JSON body. */
int crio_container_parse(const char *json, size_t len, struct crio_container *ret, char **reterr);
int crio_info_parse(const char *json, size_t len, struct crio_info *ret, char **reterr);
void crio_container_done(struct crio_container *ct);
void crio_info_done(struct crio_info *info);
