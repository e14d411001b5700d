// SPDX-License-Identifier: Apache-2.0
/* docker-nsmount on kernels without the new mount API: the classic device technique. libmount finds the filesystem
 * and sub-root that hold the host path, libblkid the device; a helper in the container's mount namespace, chrooted
 * into its root, makes a device node on its /dev, mounts the filesystem there, binds the sub-root onto the target and
 * removes the node and the scratch mount again. Filesystems without a block device cannot be reached this way. */
#include <blkid/blkid.h>
#include <errno.h>
#include <fcntl.h>
#include <libmount/libmount.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "macros.h"
#include "nsmount-internal.h"

void classic_done(struct classic *c)
{
	free(c->fstype);
	free(c->subroot);
	free(c->fsopts);
	*c = (struct classic){ 0 };
}

/* The filesystem holding path on the host, its device and the sub-root of path in it. */
static int locate_path(const char *path, struct classic *c, char **reterr)
{
	struct libmnt_table *tb = mnt_new_table();
	struct libmnt_fs *fs;
	char real[PATH_MAX], *dev = NULL;
	const char *target, *root;
	size_t tlen;
	int err = 0;

	if (!tb || !realpath(path, real)) {
		err = error_set(reterr, tb ? negative_errno() : -ENOMEM, "%s: %m", path);
		goto out;
	}
	if (mnt_table_parse_file(tb, "/proc/self/mountinfo") < 0 ||
	    !(fs = mnt_table_find_mountpoint(tb, real, MNT_ITER_BACKWARD))) {
		err = error_set(reterr, -ENOENT, "%s: cannot find the filesystem that holds it", path);
		goto out;
	}
	target = mnt_fs_get_target(fs);
	root = mnt_fs_get_root(fs);
	c->dev = mnt_fs_get_devno(fs);
	dev = blkid_devno_to_devname(c->dev);
	if (!dev || !target || !root) {
		err = error_set(reterr, -ENOTSUP,
				"%s: its filesystem (%s) has no block device, and without the new mount API (Linux 5.2) "
				"only block filesystems can be attached",
				path, mnt_fs_get_fstype(fs) ? mnt_fs_get_fstype(fs) : "?");
		goto out;
	}
	tlen = strcmp(target, "/") == 0 ? 0 : strlen(target);
	if (asprintf(&c->subroot, "%s%s", strcmp(root, "/") == 0 ? "" : root, real + tlen) < 0 ||
	    !(c->fstype = strdup(mnt_fs_get_fstype(fs))))
		err = -ENOMEM;
out:
	free(dev);
	mnt_unref_table(tb);
	return err;
}

int classic_prepare(const char *source, const char *dev, const char *fstype, const char *fs, unsigned long flags,
		    struct classic *c, char **reterr)
{
	struct stat st;
	int err;

	*c = (struct classic){ .flags = flags };
	if (stat(dev, &st) < 0)
		return error_set(reterr, negative_errno(), "%s: %m", source);
	if (S_ISBLK(st.st_mode)) {
		c->dev = st.st_rdev;
		c->subroot = strdup("");
		c->fstype = fstype ? strdup(fstype) : NULL;
		if (!fstype && (err = classic_probe(dev, &c->fstype, reterr)) < 0)
			return err;
		if (!c->subroot || !c->fstype)
			return -ENOMEM;
	} else {
		err = locate_path(dev, c, reterr);
		if (err < 0)
			return err;
	}
	c->fsopts = fs ? strdup(fs) : NULL;
	return 0;
}

/* In the helper: chrooted in the container, mount and bind, leaving nothing behind on failure. */
static int classic_in_container(struct classic *c, int rootfd, const char *target)
{
	char node[64], scratch[64], from[PATH_MAX + 64];
	int err = 0;

	if (fchdir(rootfd) < 0 || chroot(".") < 0)
		return negative_errno();
	snprintf(node, sizeof(node), "/dev/.docker-nsmount-%d", (int)getpid());
	snprintf(scratch, sizeof(scratch), "/dev/.docker-nsmount-%d.mnt", (int)getpid());
	if (mknod(node, S_IFBLK | 0600, c->dev) < 0)
		return negative_errno();
	if (mkdir(scratch, 0700) < 0) {
		err = negative_errno();
		goto node;
	}
	/* no flags here: the host may have this very filesystem mounted read-write, and a second mount with other
	 * flags is refused (EBUSY); they go on the bind instead */
	if (mount(node, scratch, c->fstype, 0, c->fsopts) < 0) {
		err = negative_errno();
		goto dir;
	}
	snprintf(from, sizeof(from), "%s%s", scratch, c->subroot);
	if (mount(from, target, NULL, MS_BIND | MS_REC, NULL) < 0)
		err = negative_errno();
	else if (c->flags && mount(NULL, target, NULL, MS_REMOUNT | MS_BIND | c->flags, NULL) < 0) {
		err = negative_errno();
		umount2(target, MNT_DETACH);
	}
	umount2(scratch, MNT_DETACH);
dir:
	rmdir(scratch);
node:
	unlink(node);
	return err;
}

int classic_attach(const struct target *t, struct classic *c, int rootfd, const char *target)
{
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return negative_errno();
	if (pid == 0) {
		int nsfd = openat(t->procfd, "ns/mnt", O_RDONLY | O_CLOEXEC), r;

		if (nsfd < 0 || setns(nsfd, CLONE_NEWNS) < 0)
			_exit(errno & 0xff);
		r = classic_in_container(c, rootfd, target);
		_exit(r < 0 ? -r & 0xff : 0);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return negative_errno();
	return WIFEXITED(st) ? -WEXITSTATUS(st) : -EIO;
}
