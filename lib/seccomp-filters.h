// SPDX-License-Identifier: Apache-2.0
/* A container's seccomp filters, taken from its process and installed on ourselves before its
 * program runs. */
#pragma once

#include <linux/filter.h>
#include <stddef.h>
#include <sys/types.h>

#define SECCOMP_MAX_FILTERS 32
#define SECCOMP_MAX_INSNS   4096 /* BPF_MAXINSNS */

struct seccomp_filter_copy {
	struct sock_filter *insns;
	unsigned short len;
	unsigned flags; /* SECCOMP_FILTER_FLAG_LOG, ..._SPEC_ALLOW */
};

/* The filters in the order they were installed: the oldest first. */
struct seccomp_filters {
	struct seccomp_filter_copy f[SECCOMP_MAX_FILTERS];
	size_t n;
};

void seccomp_filters_done(struct seccomp_filters *s);

/* Copy the filters of the process pid (pinned by pidfd, checked alive afterwards) with
 * PTRACE_SECCOMP_GET_FILTER. A short-lived helper attaches with PTRACE_SEIZE and stops it with
 * PTRACE_INTERRUPT for the copy; the process goes on as before. -EACCES when we may not (no
 * CAP_SYS_ADMIN, or we run under seccomp ourselves), -EPERM when the process is traced already,
 * -EINVAL/-EIO when the kernel cannot give filters out. */
int seccomp_copy_from_process(pid_t pid, int pidfd, struct seccomp_filters *ret, char **reterr);

/* Compile the "linux.seccomp" object of an OCI runtime config (config.json's text) with libseccomp,
 * loaded on first use. -ENOENT when the config has no seccomp profile, -EOPNOTSUPP when a part of
 * it cannot be reproduced. */
int seccomp_compile_oci(const char *json, size_t len, struct seccomp_filters *ret, char **reterr);

/* Install the filters on the calling thread, oldest first. Without no_new_privs this needs
 * CAP_SYS_ADMIN. */
int seccomp_install(const struct seccomp_filters *s);
