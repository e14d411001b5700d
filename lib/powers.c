// SPDX-License-Identifier: Apache-2.0
/* The container's restrictions, read from its process and applied in runc's order: the LSM label
 * and the bounding set first, seccomp before the identity change when no_new_privs is off
 * (installing it then needs CAP_SYS_ADMIN), the remaining capability sets after it, and with
 * no_new_privs the filters as late as possible. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "bundle.h"
#include "error.h"
#include "fdutil.h"
#include "lsm.h"
#include "macros.h"
#include "powers.h"
#include "target.h"
#include "userns.h"

#define STATUS_MAX (64 * 1024)

void powers_init(struct powers *p)
{
	*p = (struct powers){ .host_proc = -EBADF };
}

void powers_done(struct powers *p)
{
	seccomp_filters_done(&p->seccomp);
	free(p->lsm_attr);
	closep(&p->host_proc);
	powers_init(p);
}

/* The filters from the runtime's config, when the process would not give its own. */
static int seccomp_from_config(const struct target *t, struct seccomp_filters *ret, char **reterr)
{
	_cleanup_free_ char *json = NULL;
	size_t len;
	int err;

	/* root's engine: root's files; a rootless engine: its user's, whose user namespace the
	 * program then runs in */
	err = bundle_read_config(t, t->owner, &json, &len, reterr);
	if (err >= 0)
		err = seccomp_compile_oci(json, len, ret, reterr);
	return err;
}

static int read_seccomp(const struct target *t, struct powers *p, char **reterr)
{
	_cleanup_free_ char *copy_err = NULL, *config_err = NULL;
	int err;

	if (p->caps.seccomp_mode == 0)
		return 0;
	if (p->caps.seccomp_mode != 2)
		return error_set(reterr, -EOPNOTSUPP,
				 "the container's process runs in seccomp strict mode");
	/* PTRACE_SECCOMP_GET_FILTER needs CAP_SYS_ADMIN in the initial user namespace: a user
	 * entering its own rootless container has the filter from its runtime's config only */
	if (userns_privileged())
		err = seccomp_copy_from_process(t->pid, t->pidfd, &p->seccomp, &copy_err);
	else
		err = error_set(&copy_err, -EPERM, "copying a seccomp filter needs root");
	if (err >= 0 || err == -ESRCH)
		return err < 0 ? error_set(reterr, err, "%s", copy_err) : 0;
	err = seccomp_from_config(t, &p->seccomp, &config_err);
	if (err >= 0)
		return 0;
	return error_set(reterr, err,
			 "cannot take the container's seccomp filter: %s; and from its runtime: %s",
			 copy_err, config_err ? config_err : strerror(-err));
}

int powers_read(const struct target *t, struct powers *ret, char **reterr)
{
	_cleanup_free_ char *status = NULL;
	struct powers p;
	size_t len;
	int err;

	powers_init(&p);
	if (t->procfd < 0)
		return error_set(reterr, -EOPNOTSUPP,
				 "no process to take the container's restrictions from");
	err = fd_read_file(t->procfd, "status", STATUS_MAX, &status, &len);
	if (err < 0)
		return error_set(reterr, err, "cannot read the container process's status: %s",
				 strerror(-err));
	if (caps_parse_status(status, len, &p.caps) < 0)
		return error_set(reterr, -EBADMSG,
				 "cannot parse the container process's capabilities");
	p.last_cap = caps_last_cap();
	err = read_seccomp(t, &p, reterr);
	if (err >= 0)
		err = lsm_exec_label(t->procfd, &p.lsm_attr, &p.lsm_file, reterr);
	if (err >= 0 && p.lsm_attr &&
	    (p.host_proc = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		err = error_set(reterr, negative_errno(), "cannot open /proc: %m");
	if (err < 0) {
		powers_done(&p);
		return err;
	}
	*ret = p;
	return 0;
}

int powers_enter(const struct powers *p, char **reterr)
{
	int err;

	if (p->lsm_attr && (err = lsm_set_exec_label(p->host_proc, p->lsm_file, p->lsm_attr)) < 0)
		return error_set(reterr, err, "cannot set the container's LSM label: %s",
				 strerror(-err));
	err = caps_limit_bounding(p->caps.bounding, p->last_cap);
	if (err < 0)
		return error_set(reterr, err, "cannot limit the capability bounding set: %s",
				 strerror(-err));
	/* with a uid change ahead, keep the sets for the ambient capabilities to be raised after it
	 * */
	if (p->caps.ambient && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		return error_set(reterr, negative_errno(), "cannot keep capabilities: %m");
	if (!p->caps.no_new_privs && (err = seccomp_install(&p->seccomp)) < 0)
		return error_set(reterr, err, "cannot install the container's seccomp filter: %s",
				 strerror(-err));
	return 0;
}

int powers_finish(const struct powers *p, bool keep_caps, char **reterr)
{
	/* the process's own sets, as docker exec gives them (runc applies the container's sets,
	 * which are the init's); a user other than root keeps only ambient ones, and keep_caps
	 * makes every permitted one ambient */
	bool root = geteuid() == 0;
	uint64_t ambient = keep_caps ? p->caps.permitted : p->caps.ambient;
	uint64_t permitted = (root ? p->caps.permitted : 0) | ambient,
		 effective = (root ? p->caps.effective : 0) | ambient;
	int err;

	err = caps_set(p->caps.inheritable, permitted, effective, ambient);
	if (err < 0)
		return error_set(reterr, err, "cannot set the container's capabilities: %s",
				 strerror(-err));
	if (p->caps.no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return error_set(reterr, negative_errno(), "cannot set no_new_privs: %m");
	if (p->caps.no_new_privs && (err = seccomp_install(&p->seccomp)) < 0)
		return error_set(reterr, err, "cannot install the container's seccomp filter: %s",
				 strerror(-err));
	return 0;
}
