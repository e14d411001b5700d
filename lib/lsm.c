// SPDX-License-Identifier: Apache-2.0
/* LSM labels. Not testable on a host without AppArmor or SELinux (reading attr/current then fails
 * with EINVAL and nothing is done); the formats follow the kernel's documentation: AppArmor reads
 * "PROFILE (MODE)" and takes "exec PROFILE" in attr/exec, SELinux reads and takes a context. With
 * LSM stacking AppArmor has its own attr/apparmor/ files, which are preferred where they exist. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "fdutil.h"
#include "lsm.h"
#include "macros.h"

#define LABEL_MAX 4096

static bool apparmor_enabled(void)
{
	_cleanup_free_ char *buf = NULL;

	return fd_read_file(AT_FDCWD, "/sys/module/apparmor/parameters/enabled", 16, &buf, NULL) >=
		   0 &&
	       buf[0] == 'Y';
}

static bool selinux_enabled(void)
{
	return access("/sys/fs/selinux/enforce", F_OK) == 0;
}

static void strip_newline(char *s, size_t *len)
{
	while (*len > 0 && (s[*len - 1] == '\n' || s[*len - 1] == '\0'))
		s[--*len] = '\0';
}

/* The outputs are written here only, once nothing can fail any more. */
static int found(char *attr, const char *file, char **ret_attr, const char **ret_file)
{
	*ret_attr = attr;
	*ret_file = file;
	return 0;
}

int lsm_exec_label(int procfd, char **ret_attr, const char **ret_file, char **reterr)
{
	_cleanup_free_ char *label = NULL;
	bool stacked = faccessat(procfd, "attr/apparmor/current", F_OK, 0) == 0;
	char *attr;
	size_t len;
	int err;

	err = fd_read_file(procfd, stacked ? "attr/apparmor/current" : "attr/current", LABEL_MAX,
			   &label, &len);
	if (err == -EINVAL || err == -ENOENT || (err >= 0 && len == 0))
		return found(NULL, NULL, ret_attr, ret_file); /* no LSM labels processes here */
	if (err < 0)
		return error_set(reterr, err, "cannot read the container process's LSM label: %s",
				 strerror(-err));
	strip_newline(label, &len);
	if (strlen(label) != len || strchr(label, '\n'))
		return error_set(reterr, -EBADMSG,
				 "the container process's LSM label is malformed");
	if (stacked || apparmor_enabled()) {
		char *mode = strstr(label, " (");

		if (mode)
			*mode = '\0';
		if (strcmp(label, "unconfined") == 0)
			return found(NULL, NULL, ret_attr, ret_file);
		if (asprintf(&attr, "exec %s", label) < 0)
			return -ENOMEM;
		return found(attr, stacked ? "attr/apparmor/exec" : "attr/exec", ret_attr,
			     ret_file);
	}
	if (selinux_enabled())
		return found(TAKE_PTR(label), "attr/exec", ret_attr, ret_file);
	return error_set(reterr, -EOPNOTSUPP,
			 "the container's process has an LSM label (%s) of a security module "
			 "docker-nsenter cannot set",
			 label);
}

int lsm_set_exec_label(int host_proc, const char *file, const char *attr)
{
	_cleanup_close_ int fd = -EBADF;
	char path[64];
	size_t len = strlen(attr);

	snprintf(path, sizeof(path), "thread-self/%s", file);
	fd = openat(host_proc, path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return negative_errno();
	return write(fd, attr, len) == (ssize_t)len ? 0 : negative_errno();
}
