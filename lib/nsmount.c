// SPDX-License-Identifier: Apache-2.0
/* docker-nsmount's work. The mount is made on the host side with the new mount API (open_tree for a
 * directory, fsopen/fsconfig/fsmount for a block device that libblkid identified), the target is
 * opened through the container's root with RESOLVE_IN_ROOT, and a short-lived helper that joined
 * the container's mount namespace moves the detached mount onto that target fd. libmount parses the
 * options and the mount tables. */
#include <blkid/blkid.h>
#include <errno.h>
#include <fcntl.h>
#include <libmount/libmount.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "fdutil.h"
#include "macros.h"
#include "namespaces.h"
#include "nsmount.h"
#include "target.h"
#include "userns.h"

#define MAX_CREATED 64

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif

/* What the VFS options of -o become: per-mount attributes (fsmount, mount_setattr), or flags of a
 * new filesystem (fsconfig), which a bind of an existing one cannot take without changing it for
 * every mount of it. */
struct mount_opts {
	unsigned attr; /* MOUNT_ATTR_* */
	bool atime;    /* attr holds an atime choice: mount_setattr must clear the old one */
	unsigned sb;   /* SB_FLAG_* */
	char *fs;      /* the filesystem's own options */
};

enum { SB_FLAG_SYNC = 1 << 0, SB_FLAG_DIRSYNC = 1 << 1, SB_FLAG_LAZYTIME = 1 << 2 };

static const struct {
	unsigned long ms;
	unsigned attr;
	unsigned sb;
} vfs_options[] = {
	{ MS_RDONLY, MOUNT_ATTR_RDONLY, 0 },	     { MS_NOSUID, MOUNT_ATTR_NOSUID, 0 },
	{ MS_NODEV, MOUNT_ATTR_NODEV, 0 },	     { MS_NOEXEC, MOUNT_ATTR_NOEXEC, 0 },
	{ MS_NODIRATIME, MOUNT_ATTR_NODIRATIME, 0 }, { MS_NOSYMFOLLOW, MOUNT_ATTR_NOSYMFOLLOW, 0 },
	{ MS_NOATIME, MOUNT_ATTR_NOATIME, 0 },	     { MS_STRICTATIME, MOUNT_ATTR_STRICTATIME, 0 },
	{ MS_RELATIME, MOUNT_ATTR_RELATIME, 0 },     { MS_SYNCHRONOUS, 0, SB_FLAG_SYNC },
	{ MS_DIRSYNC, 0, SB_FLAG_DIRSYNC },	     { MS_LAZYTIME, 0, SB_FLAG_LAZYTIME },
};

static const char *const sb_flag_names[] = { "sync", "dirsync", "lazytime" };

/* One VFS option, alone. An option that only clears a flag (rw, exec, atime, async, ...) asks for
 * the default. */
static int add_vfs_option(const char *optstr, const char *name, struct mount_opts *o, char **reterr)
{
	unsigned long flags = 0;
	if (mnt_optstr_get_flags(name, &flags, mnt_get_builtin_optmap(MNT_LINUX_MAP)) < 0)
		return error_set(reterr, -EINVAL, "%s: invalid mount options", optstr);
	if (flags &
	    (MS_BIND | MS_MOVE | MS_REMOUNT | MS_SHARED | MS_SLAVE | MS_PRIVATE | MS_UNBINDABLE))
		return error_set(
		    reterr, -EINVAL,
		    "%s: bind, move, remount and propagation options are not supported", optstr);
	for (size_t i = 0; i < ARRAY_SIZE(vfs_options); i++) {
		unsigned attr = vfs_options[i].attr;

		if (!(flags & vfs_options[i].ms))
			continue;
		flags &= ~vfs_options[i].ms;
		o->sb |= vfs_options[i].sb;
		if (!(vfs_options[i].ms & (MS_NOATIME | MS_STRICTATIME | MS_RELATIME))) {
			o->attr |= attr;
			continue;
		}
		if (o->atime && (o->attr & MOUNT_ATTR__ATIME) != attr)
			return error_set(reterr, -EINVAL,
					 "%s: noatime, strictatime and relatime exclude each other",
					 optstr);
		o->attr = (o->attr & ~MOUNT_ATTR__ATIME) | attr;
		o->atime = true;
	}
	if (flags)
		return error_set(reterr, -EINVAL, "%s: option %s is not supported", optstr, name);
	return 0;
}

/* Mount options: the VFS flags become mount attributes or filesystem flags, the rest goes to the
 * filesystem. None is dropped: what cannot be applied is refused. */
static int parse_options(const char *optstr, bool ro, struct mount_opts *ret, char **reterr)
{
	_cleanup_free_ char *user = NULL, *vfs = NULL, *fs = NULL;
	struct mount_opts o = { .attr = ro ? MOUNT_ATTR_RDONLY : 0 };
	char *next, *name, *value;
	size_t nsz, vsz;
	int err;

	if (optstr && *optstr && mnt_split_optstr(optstr, &user, &vfs, &fs, 0, 0) < 0)
		return error_set(reterr, -EINVAL, "%s: invalid mount options", optstr);
	if (user)
		return error_set(reterr, -EINVAL,
				 "%s: options for fstab users (%s) mean nothing here", optstr,
				 user);
	next = vfs;
	while (vfs && mnt_optstr_next_option(&next, &name, &nsz, &value, &vsz) == 0) {
		_cleanup_free_ char *one = strndup(name, nsz);

		if (!one)
			return -ENOMEM;
		err = add_vfs_option(optstr, one, &o, reterr);
		if (err < 0)
			return err;
	}
	o.fs = TAKE_PTR(fs);
	*ret = o;
	return 0;
}

/* UUID=/LABEL= to a device path (libblkid), and a device's filesystem type. */
static int resolve_device(const char *source, char **ret_dev, char **reterr)
{
	char *name, *value;
	char *dev = NULL;

	if (strncmp(source, "UUID=", 5) && strncmp(source, "LABEL=", 6) &&
	    strncmp(source, "PARTUUID=", 9) && strncmp(source, "PARTLABEL=", 10)) {
		*ret_dev = strdup(source);
		return *ret_dev ? 0 : -ENOMEM;
	}
	if (blkid_parse_tag_string(source, &name, &value) == 0) {
		dev = blkid_evaluate_tag(name, value, NULL);
		free(name);
		free(value);
	}
	if (!dev)
		return error_set(reterr, -ENOENT, "%s: no such device", source);
	*ret_dev = dev;
	return 0;
}

static int probe_fstype(const char *dev, char **ret, char **reterr)
{
	blkid_probe pr = blkid_new_probe_from_filename(dev);
	const char *type = NULL;
	int err = -ENOENT;

	if (!pr)
		return error_set(reterr, negative_errno(), "%s: cannot probe the device: %m", dev);
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
	if (blkid_do_safeprobe(pr) == 0 && blkid_probe_lookup_value(pr, "TYPE", &type, NULL) == 0 &&
	    type) {
		*ret = strdup(type);
		err = *ret ? 0 : -ENOMEM;
	}
	blkid_free_probe(pr);
	if (err == -ENOENT)
		return error_set(reterr, err,
				 "%s: no filesystem found on the device (give one with -t)", dev);
	return err;
}

/* fsconfig() every "key[=value]" of a filesystem option string. */
static int config_fs_options(int fsfd, const char *fs)
{
	char *name, *value;
	size_t nsz, vsz;
	char *opts = (char *)fs;

	while (fs && mnt_optstr_next_option(&opts, &name, &nsz, &value, &vsz) == 0) {
		char key[256], val[1024];

		snprintf(key, sizeof(key), "%.*s", (int)nsz, name);
		if (value) {
			snprintf(val, sizeof(val), "%.*s", (int)vsz, value);
			if (fsconfig(fsfd, FSCONFIG_SET_STRING, key, val, 0) < 0)
				return negative_errno();
		} else if (fsconfig(fsfd, FSCONFIG_SET_FLAG, key, NULL, 0) < 0) {
			return negative_errno();
		}
	}
	return 0;
}

/* fsconfig() the filesystem flags of -o. */
static int config_sb_flags(int fsfd, unsigned sb)
{
	for (size_t i = 0; i < ARRAY_SIZE(sb_flag_names); i++)
		if ((sb & (1u << i)) &&
		    fsconfig(fsfd, FSCONFIG_SET_FLAG, sb_flag_names[i], NULL, 0) < 0)
			return negative_errno();
	return 0;
}

static int mount_device(const char *dev, const char *fstype, const struct mount_opts *o,
			int *ret_fd, char **reterr)
{
	_cleanup_free_ char *type = NULL;
	_cleanup_close_ int fsfd = -EBADF;
	int mfd, err;

	if (fstype)
		type = strdup(fstype);
	else if ((err = probe_fstype(dev, &type, reterr)) < 0)
		return err;
	if (!type)
		return -ENOMEM;
	fsfd = fsopen(type, FSOPEN_CLOEXEC);
	if (fsfd < 0)
		return error_set(reterr, negative_errno(), "%s: cannot use filesystem type %s: %m",
				 dev, type);
	if (fsconfig(fsfd, FSCONFIG_SET_STRING, "source", dev, 0) < 0 ||
	    config_fs_options(fsfd, o->fs) < 0 || config_sb_flags(fsfd, o->sb) < 0 ||
	    ((o->attr & MOUNT_ATTR_RDONLY) &&
	     fsconfig(fsfd, FSCONFIG_SET_FLAG, "ro", NULL, 0) < 0) ||
	    fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return error_set(reterr, negative_errno(), "%s: cannot mount (%s): %m", dev, type);
	mfd = fsmount(fsfd, FSMOUNT_CLOEXEC, o->attr);
	if (mfd < 0)
		return error_set(reterr, negative_errno(), "%s: cannot mount (%s): %m", dev, type);
	*ret_fd = mfd;
	return 0;
}

static int bind_tree(const char *path, const struct mount_opts *o, int *ret_fd, char **reterr)
{
	_cleanup_close_ int tree =
	    open_tree(AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	/* the atime setting is one field, not a flag: it is set only with the old value cleared */
	struct mount_attr ma = { .attr_set = o->attr,
				 .attr_clr = o->atime ? MOUNT_ATTR__ATIME : 0 };

	if (tree < 0)
		return error_set(reterr, negative_errno(), "%s: cannot bind: %m", path);
	if ((ma.attr_set || ma.attr_clr) &&
	    mount_setattr(tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &ma, sizeof(ma)) < 0)
		return error_set(reterr, negative_errno(), "%s: cannot apply the mount options: %m",
				 path);
	*ret_fd = TAKE_FD(tree);
	return 0;
}

struct source {
	char *dev; /* the path, or the device UUID=/LABEL= named */
	struct stat st;
	struct mount_opts o; /* what -o and -r ask for */
};

static void source_done(struct source *s)
{
	free(s->dev);
	free(s->o.fs);
}

/* What a user without root's powers cannot attach, said before anything is touched: a block device
 * (the kernel lets such a user mount only filesystems made for user namespaces, never a disk's),
 * and a host directory (cloning a mount of the host's needs CAP_SYS_ADMIN in the host's mount
 * namespace). */
static int refuse_unprivileged(const struct nsmount_request *req, char **reterr)
{
	static const char *const tags[] = { "UUID=", "LABEL=", "PARTUUID=", "PARTLABEL=" };
	struct stat st = { .st_mode = 0 };

	if (userns_privileged())
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(tags); i++)
		if (strncmp(req->source, tags[i], strlen(tags[i])) == 0)
			st.st_mode = S_IFBLK;
	if (st.st_mode == 0 && stat(req->source, &st) < 0)
		return error_set(reterr, negative_errno(), "%s: %m", req->source);
	if (S_ISBLK(st.st_mode))
		return error_set(
		    reterr, -EPERM,
		    "%s: mounting a block device needs root: without it the kernel mounts only "
		    "filesystems made for user namespaces, never a disk's, even in a container of "
		    "your own",
		    req->source);
	return error_set(reterr, -EPERM,
			 "%s: attaching a host directory or file needs root: cloning a mount of "
			 "the host's (open_tree) "
			 "needs CAP_SYS_ADMIN in the host's mount namespace",
			 req->source);
}

/* What of the source cannot be attached, or 0. */
static int check_source(const struct nsmount_request *req, const struct source *s, char **reterr)
{
	if (!S_ISDIR(s->st.st_mode) && !S_ISREG(s->st.st_mode) && !S_ISBLK(s->st.st_mode))
		return error_set(reterr, -ENOTSUP,
				 "%s: unsupported source: a directory, a file or a block device",
				 req->source);
	if (!S_ISBLK(s->st.st_mode) && (req->fstype || s->o.fs))
		return error_set(reterr, -EINVAL,
				 "%s: -t and filesystem options apply to block devices only",
				 req->source);
	if (!S_ISBLK(s->st.st_mode) && s->o.sb)
		return error_set(reterr, -EINVAL,
				 "%s: sync, dirsync and lazytime change the filesystem itself, for "
				 "every mount of it: "
				 "they apply to block devices only",
				 req->source);
	return 0;
}

/* Everything about the source, found on the host before anything enters the container; ret is
 * written only when the source can be used. */
static int inspect_source(const struct nsmount_request *req, struct source *ret, char **reterr)
{
	struct source s = { .dev = NULL };
	int err;

	err = refuse_unprivileged(req, reterr);
	if (err >= 0)
		err = parse_options(req->options, req->read_only, &s.o, reterr);
	if (err >= 0)
		err = resolve_device(req->source, &s.dev, reterr);
	if (err >= 0 && stat(s.dev, &s.st) < 0)
		err = error_set(reterr, negative_errno(), "%s: %m", req->source);
	if (err >= 0)
		err = check_source(req, &s, reterr);
	if (err < 0) {
		source_done(&s);
		return err;
	}
	*ret = s;
	return 0;
}

/* The detached mount of the source, made on the host with the new mount API. */
static int open_source(const struct nsmount_request *req, const struct source *s, int *ret_fd,
		       char **reterr)
{
	if (S_ISBLK(s->st.st_mode))
		return mount_device(s->dev, req->fstype, &s->o, ret_fd, reterr);
	return bind_tree(s->dev, &s->o, ret_fd, reterr);
}

struct created {
	int parent[MAX_CREATED];
	char *name[MAX_CREATED];
	size_t n;
};

static void created_undo(struct created *c, bool remove)
{
	while (c->n > 0) {
		c->n--;
		if (remove)
			unlinkat(c->parent[c->n], c->name[c->n], AT_REMOVEDIR);
		close(c->parent[c->n]);
		free(c->name[c->n]);
	}
}

/* Open target inside the container's root; with mkdir, create what is missing and remember it. */
static int open_target(int rootfd, const char *target, bool want_dir, bool mkdir_missing,
		       struct created *c, char **reterr)
{
	_cleanup_free_ char *path = strdup(target);
	char *slash;
	int fd, err;

	if (!path)
		return -ENOMEM;
	if (target[0] != '/')
		return error_set(reterr, -EINVAL, "%s: the target must be an absolute path",
				 target);
	fd = fd_open_in_root(rootfd, target, O_PATH);
	if (fd == -ENOENT && mkdir_missing) {
		/* create the last missing component after its parent exists, recursively */
		while (strlen(path) > 1 && path[strlen(path) - 1] == '/')
			path[strlen(path) - 1] = '\0';
		slash = strrchr(path, '/');
		*slash = '\0';
		int parent = open_target(rootfd, *path ? path : "/", true, true, c, reterr);
		if (parent < 0)
			return parent;
		if (c->n >= MAX_CREATED) {
			close(parent);
			return error_set(reterr, -E2BIG, "%s: too many directories to create",
					 target);
		}
		if (mkdirat(parent, slash + 1, 0755) < 0) {
			err = negative_errno();
			close(parent);
			return error_set(reterr, err, "%s: cannot create the target: %s", target,
					 strerror(-err));
		}
		c->parent[c->n] = parent;
		c->name[c->n] = strdup(slash + 1);
		c->n++;
		fd = fd_open_in_root(rootfd, target, O_PATH);
	}
	if (fd < 0)
		return error_set(reterr, fd, "%s: %s in the container%s", target, strerror(-fd),
				 fd == -ENOENT ? " (--mkdir creates it)" : "");
	struct stat st;
	if (fstat(fd, &st) == 0 && want_dir != !!S_ISDIR(st.st_mode)) {
		close(fd);
		return error_set(reterr, -ENOTDIR, "%s: the target must be a %s, like the source",
				 target, want_dir ? "directory" : "file");
	}
	return fd;
}

/* Join one of the container's namespaces, by its pidfd or by its /proc file. */
static int join_ns(const struct target *t, enum ns_type type)
{
	_cleanup_close_ int nsfd = -EBADF;

	if (t->pidfd >= 0 && setns(t->pidfd, ns_clone_flag(type)) == 0)
		return 0;
	nsfd = openat(t->nsfd, ns_proc_file(type), O_RDONLY | O_CLOEXEC);
	if (nsfd < 0 || setns(nsfd, ns_clone_flag(type)) < 0)
		return negative_errno();
	return 0;
}

/* Run fn in a helper that joined the container's mount namespace; returns its result. A user
 * without root's powers (its own rootless container) joins the container's user namespace first:
 * only that gives it the right. */
static int in_container_mntns(const struct target *t, int (*fn)(void *), void *arg)
{
	bool own_userns = !userns_privileged();
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return negative_errno();
	if (pid == 0) {
		int r = own_userns ? join_ns(t, NS_USER) : 0;

		if (r >= 0)
			r = join_ns(t, NS_MNT);
		if (r < 0)
			_exit(-r & 0xff);
		r = fn(arg);
		_exit(r < 0 ? -r & 0xff : 0);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return negative_errno();
	if (!WIFEXITED(st))
		return -EIO;
	return -WEXITSTATUS(st);
}

struct move_args {
	int from, to;
};

static int do_move(void *p)
{
	struct move_args *a = p;

	return move_mount(a->from, "", a->to, "",
			  MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0
		   ? negative_errno()
		   : 0;
}

int nsmount_attach(const struct target *t, const struct nsmount_request *req, char **reterr)
{
	_cleanup_close_ int src = -EBADF, rootfd = -EBADF, dst = -EBADF;
	struct created created = { .n = 0 };
	struct source s = { 0 };
	struct move_args a;
	int err;

	err = inspect_source(req, &s, reterr);
	if (err >= 0)
		err = open_source(req, &s, &src, reterr);
	if (err == -ENOSYS)
		/* The classic way (a device node and a scratch mount of the whole host filesystem
		 * inside the container) let a racing process of the container reach every host
		 * file: it is gone. */
		err = error_set(
		    reterr, err,
		    "attaching needs the new mount API (open_tree, move_mount: Linux 5.2 or "
		    "later), which this kernel lacks");
	if (err >= 0) {
		rootfd = openat(t->procfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (rootfd < 0)
			err = error_set(reterr, negative_errno(),
					"cannot open the container's root: %m");
	}
	if (err >= 0)
		err = dst =
		    open_target(rootfd, req->target, S_ISDIR(s.st.st_mode) || S_ISBLK(s.st.st_mode),
				req->mkdir, &created, reterr);
	if (err >= 0) {
		a = (struct move_args){ .from = src, .to = dst };
		err = in_container_mntns(t, do_move, &a);
	}
	if (err < 0 && dst >= 0)
		error_set(reterr, err, "%s: cannot attach in the container: %s", req->target,
			  strerror(-err));
	created_undo(&created, err < 0);
	source_done(&s);
	return err;
}

struct umount_args {
	int rootfd;
	const char *target;
	int flags;
};

static int do_umount(void *p)
{
	struct umount_args *a = p;

	/* resolve the path as the container sees it: inside its root, links included */
	if (fchdir(a->rootfd) < 0 || chroot(".") < 0)
		return negative_errno();
	return umount2(a->target, a->flags | UMOUNT_NOFOLLOW) < 0 ? negative_errno() : 0;
}

int nsmount_detach(const struct target *t, const char *target, bool lazy, char **reterr)
{
	_cleanup_close_ int rootfd = openat(t->procfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
	struct umount_args a = { .target = target, .flags = lazy ? MNT_DETACH : 0 };
	int err;

	if (rootfd < 0)
		return error_set(reterr, negative_errno(), "cannot open the container's root: %m");
	if (target[0] != '/')
		return error_set(reterr, -EINVAL, "%s: the target must be an absolute path",
				 target);
	a.rootfd = rootfd;
	err = in_container_mntns(t, do_umount, &a);
	if (err == -EINVAL)
		return error_set(reterr, err, "%s: not mounted in the container", target);
	if (err < 0)
		return error_set(reterr, err, "%s: cannot detach: %s", target, strerror(-err));
	return 0;
}
