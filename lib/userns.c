// SPDX-License-Identifier: Apache-2.0
/* nsfs ioctls on namespace files. Only the kernel sets what they answer: a user cannot make a
 * process of root's, or of another user's, look like it lives in a user namespace that user
 * created. */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "macros.h"
#include "userns.h"

int ns_id_of(int dirfd, const char *name, struct ns_id *ret)
{
	struct stat st;

	if (name ? fstatat(dirfd, name, &st, 0) < 0 : fstat(dirfd, &st) < 0)
		return negative_errno();
	*ret = (struct ns_id){ .dev = st.st_dev, .ino = st.st_ino };
	return 0;
}

bool ns_id_equal(const struct ns_id *a, const struct ns_id *b)
{
	return a->dev == b->dev && a->ino == b->ino;
}

int userns_owner_uid(int fd, uid_t *ret)
{
	uid_t uid;

	if (ioctl(fd, NS_GET_OWNER_UID, &uid) < 0)
		return negative_errno();
	*ret = uid;
	return 0;
}

int ns_parent(int fd)
{
	int r = ioctl(fd, NS_GET_PARENT);

	return r < 0 ? negative_errno() : r;
}

int ns_owner(int fd)
{
	int r = ioctl(fd, NS_GET_USERNS);

	return r < 0 ? negative_errno() : r;
}

int userns_chain_to(int fd, const struct ns_id *top, uid_t uid, struct userns_chain *ret)
{
	_cleanup_close_ int cur = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	struct userns_chain c = { .n = 0 };

	if (cur < 0)
		return negative_errno();
	for (;;) {
		uid_t owner;
		int err, parent;

		if (c.n >= USERNS_MAX_DEPTH)
			return -ENOENT;
		err = ns_id_of(cur, NULL, &c.ids[c.n]);
		if (err >= 0)
			err = userns_owner_uid(cur, &owner);
		if (err < 0)
			return err;
		if (owner != uid)
			return -EPERM;
		if (ns_id_equal(&c.ids[c.n++], top))
			break;
		parent = ns_parent(cur);
		if (parent < 0) /* the top of what we see, and no uid but root created that */
			return parent == -EPERM ? -ENOENT : parent;
		closep(&cur);
		cur = parent;
	}
	*ret = c;
	return 0;
}

bool userns_chain_has(const struct userns_chain *c, const struct ns_id *id)
{
	for (size_t i = 0; i < c->n; i++)
		if (ns_id_equal(&c->ids[i], id))
			return true;
	return false;
}

bool userns_privileged(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data) < 0)
		return geteuid() == 0;
	return data[CAP_SYS_ADMIN / 32].effective & (1u << (CAP_SYS_ADMIN % 32));
}
