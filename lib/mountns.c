// SPDX-License-Identifier: Apache-2.0
/* --host-root: the host's mount namespace, privately copied, with the container's tree attached
 * beside it. open_tree(OPEN_TREE_CLONE) of "/" works only from inside the container's mount
 * namespace (cloning /proc/PID/root from outside is refused), so a short-lived helper joins it and
 * passes the detached tree back over a socket. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "fdpass.h"
#include "macros.h"
#include "mountns.h"
#include "namespaces.h"
#include "target.h"

#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif

#define HELPER_TIMEOUT_MS 10000

static _Noreturn void clone_helper(const struct target *t, int sock)
{
	int nsfd, tree;

	/* a pidfd first; before Linux 5.8 setns() refuses it with EINVAL and the ns file does the
	 * job (a pin has only its namespace files) */
	if (t->pidfd < 0 || setns(t->pidfd, CLONE_NEWNS) < 0) {
		nsfd = openat(t->nsfd, ns_proc_file(NS_MNT), O_RDONLY | O_CLOEXEC);
		if (nsfd < 0 || setns(nsfd, CLONE_NEWNS) < 0)
			_exit(fdpass_send(sock, -1, negative_errno()) < 0);
	}
	tree = (int)syscall(SYS_open_tree, AT_FDCWD, "/",
			    OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	_exit(fdpass_send(sock, tree, tree < 0 ? negative_errno() : 0) < 0);
}

int mountns_clone_root(const struct target *t, int *ret_fd, char **reterr)
{
	_cleanup_close_ int mine = -EBADF, theirs = -EBADF;
	int sv[2], err, st;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return error_set(reterr, negative_errno(), "socketpair failed: %m");
	mine = sv[0];
	theirs = sv[1];
	pid = fork();
	if (pid < 0)
		return error_set(reterr, negative_errno(), "fork failed: %m");
	if (pid == 0) {
		close(mine);
		clone_helper(t, theirs);
	}
	closep(&theirs);
	theirs = -EBADF;
	err = fdpass_recv(mine, HELPER_TIMEOUT_MS, ret_fd);
	if (err == -ETIMEDOUT)
		kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (err == -ENOSYS)
		return error_set(
		    reterr, err,
		    "--host-root needs the new mount API (open_tree, move_mount: Linux 5.2 "
		    "or later), which this kernel lacks");
	if (err < 0)
		return error_set(reterr, err, "cannot clone the container's mount tree: %s",
				 strerror(-err));
	return 0;
}

int mountns_unshare_private(int extra_flags, char **reterr)
{
	if (unshare(CLONE_NEWNS | extra_flags) < 0)
		return error_set(reterr, negative_errno(),
				 "cannot create a private mount namespace: %m");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return error_set(reterr, negative_errno(),
				 "cannot make the mount namespace private: %m");
	return 0;
}

int mountns_run_dir(const char *name, char **ret_path, char **reterr)
{
	_cleanup_free_ char *path = NULL;

	if (asprintf(&path, "%s/%s", MOUNTNS_RUN_DIR, name) < 0)
		return -ENOMEM;
	/* The one trace on the host: an empty directory under /run, created once, like /run/netns.
	 * */
	if (mkdir(MOUNTNS_RUN_DIR, 0700) < 0 && errno != EEXIST)
		return error_set(reterr, negative_errno(), "cannot create %s: %m", MOUNTNS_RUN_DIR);
	if (mount("docker-nsenter", MOUNTNS_RUN_DIR, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  "mode=0755,size=64k") < 0)
		return error_set(reterr, negative_errno(), "cannot mount a tmpfs on %s: %m",
				 MOUNTNS_RUN_DIR);
	if (mkdir(path, 0755) < 0)
		return error_set(reterr, negative_errno(), "cannot create %s: %m", path);
	*ret_path = TAKE_PTR(path);
	return 0;
}

int mountns_attach_private(int treefd, const char *name, char **ret_path, char **reterr)
{
	_cleanup_free_ char *path = NULL;
	int err = mountns_unshare_private(0, reterr);

	if (err >= 0)
		err = mountns_run_dir(name, &path, reterr);
	if (err < 0)
		return err;
	if (syscall(SYS_move_mount, treefd, "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return error_set(reterr, negative_errno(),
				 "cannot attach the container's tree at %s: %m", path);
	*ret_path = TAKE_PTR(path);
	return 0;
}

int mountns_mount_proc(char **reterr)
{
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return error_set(reterr, negative_errno(),
				 "cannot mount /proc for the container's processes: %m");
	return 0;
}
