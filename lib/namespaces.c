// SPDX-License-Identifier: Apache-2.0
/* The namespace table: everything that names a namespace type looks it up here. */
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "namespaces.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static const struct {
	const char *name;
	const char *proc_file;
	int clone_flag;
} ns_table[_NS_MAX] = {
	[NS_USER] = { "user", "user", CLONE_NEWUSER },
	[NS_CGROUP] = { "cgroup", "cgroup", CLONE_NEWCGROUP },
	[NS_IPC] = { "ipc", "ipc", CLONE_NEWIPC },
	[NS_UTS] = { "uts", "uts", CLONE_NEWUTS },
	[NS_NET] = { "net", "net", CLONE_NEWNET },
	[NS_PID] = { "pid", "pid", CLONE_NEWPID },
	[NS_MNT] = { "mnt", "mnt", CLONE_NEWNS },
	[NS_TIME] = { "time", "time", CLONE_NEWTIME },
};

const char *ns_name(enum ns_type t)
{
	return (unsigned)t < _NS_MAX ? ns_table[t].name : NULL;
}

const char *ns_proc_file(enum ns_type t)
{
	return (unsigned)t < _NS_MAX ? ns_table[t].proc_file : NULL;
}

int ns_clone_flag(enum ns_type t)
{
	return (unsigned)t < _NS_MAX ? ns_table[t].clone_flag : 0;
}

int ns_from_name(const char *name)
{
	for (int i = 0; i < _NS_MAX; i++)
		if (strcmp(ns_table[i].name, name) == 0)
			return i;
	return -EINVAL;
}
