// SPDX-License-Identifier: Apache-2.0
/* The LSM label (AppArmor profile or SELinux context) of a container's process, given to the
 * program we run there. */
#pragma once

/* What must be written to our attr/exec file so that the next exec runs under the label of the
 * process at procfd: *ret_attr is NULL when no LSM labels it (or AppArmor calls it "unconfined"),
 * and *ret_file the attr file below /proc/thread-self ("attr/apparmor/exec" or "attr/exec").
 * -EOPNOTSUPP for a label of an LSM we cannot set. */
int lsm_exec_label(int procfd, char **ret_attr, const char **ret_file, char **reterr);

/* Write attr into file below host_proc/thread-self: host_proc is the host's /proc, opened before
 * any setns(). */
int lsm_set_exec_label(int host_proc, const char *file, const char *attr);
