// SPDX-License-Identifier: Apache-2.0
/* The namespace types: one table gives each its name, its CLONE_NEW* flag and its file below
 * /proc/PID/ns. */
#pragma once

/* util-linux nsenter's order, the user namespace first: the join sequence relies on it. */
enum ns_type {
	NS_USER,
	NS_CGROUP,
	NS_IPC,
	NS_UTS,
	NS_NET,
	NS_PID,
	NS_MNT,
	NS_TIME,
	_NS_MAX,
};

#define NS_BIT(t) (1u << (t))
#define NS_ALL	  ((1u << _NS_MAX) - 1)

/* The type's name as lsns and our messages write it ("net", "mnt"); NULL for a value out of range.
 * */
const char *ns_name(enum ns_type t);

/* The type's file below /proc/PID/ns, and below a pin directory; NULL for a value out of range. */
const char *ns_proc_file(enum ns_type t);

/* The type's CLONE_NEW* flag for setns(); 0 for a value out of range. */
int ns_clone_flag(enum ns_type t);

/* The type whose name is name, or -EINVAL. */
int ns_from_name(const char *name);
