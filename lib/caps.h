// SPDX-License-Identifier: Apache-2.0
/* A process's capability sets and the flags that go with them, read from /proc/PID/status, and
 * applied to ourselves before a program from the container runs. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct caps {
	uint64_t inheritable, permitted, effective, bounding, ambient;
	bool no_new_privs;
	int seccomp_mode; /* 0 none, 1 strict, 2 filter */
};

/* Parse the text of a /proc/PID/status file. -EBADMSG when a capability line or NoNewPrivs/Seccomp
 * is missing. */
int caps_parse_status(const char *text, size_t len, struct caps *ret);

/* The highest capability number this kernel knows (/proc/sys/kernel/cap_last_cap), for the bounding
 * set. */
int caps_last_cap(void);

/* Remove every capability not in keep from our bounding set (needs CAP_SETPCAP; last is
 * caps_last_cap()). */
int caps_limit_bounding(uint64_t keep, int last);

/* Set our inheritable, permitted and effective sets and raise the ambient ones; each is limited to
 * what we have. */
int caps_set(uint64_t inheritable, uint64_t permitted, uint64_t effective, uint64_t ambient);
