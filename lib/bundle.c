// SPDX-License-Identifier: Apache-2.0
/* The runtime config of a container from its shim. The shim is the container's init's parent for as
 * long as the container runs (it is the subreaper the runtime leaves it with); the pinned init is
 * re-checked to still have it as its parent after the file is open, so a shim that died and whose
 * PID was reused meanwhile cannot be mistaken. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bundle.h"
#include "error.h"
#include "fdpass.h"
#include "fdutil.h"
#include "idmap.h"
#include "macros.h"
#include "target.h"

#define CONFIG_MAX  (4u << 20)
#define CMDLINE_MAX (64u << 10)

/* Whose files are trusted: the engine's owner, and for a rootless engine (owner not root) every uid
 * its user namespace maps, as the shim's uid_map shows it (the user's own and subordinate IDs, all
 * the user's to use). */
struct owner {
	uid_t uid;
	int shim; /* the shim's /proc directory */
};

static bool owned_closed(const struct stat *st, const struct owner *o)
{
	uint32_t inside;

	if (st->st_mode & (S_IWGRP | S_IWOTH))
		return false;
	return st->st_uid == o->uid ||
	       (o->uid != 0 && idmap_translate_proc(o->shim, "uid_map", st->st_uid, IDMAP_FROM_HOST,
						    &inside) == 0);
}

#define OPEN_TIMEOUT_MS 5000

/* config.json opened (O_PATH) from inside the shim's user namespace: a rootless engine may keep the
 * bundle in a directory of a subordinate uid's (Podman's keep-id), which its user can cross only as
 * the owner of that namespace. A helper joins it and passes the fd back; the checks are the
 * caller's. */
static int open_config_in_userns(int pfd, int dirfd)
{
	_cleanup_close_ int nsfd = openat(pfd, "ns/user", O_RDONLY | O_CLOEXEC), mine = -EBADF,
			    theirs = -EBADF;
	int sv[2], err, fd = -EBADF, st;
	pid_t pid;

	if (nsfd < 0)
		return negative_errno();
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return negative_errno();
	mine = sv[0];
	theirs = sv[1];
	pid = fork();
	if (pid < 0)
		return negative_errno();
	if (pid == 0) {
		if (setns(nsfd, CLONE_NEWUSER) < 0)
			_exit(fdpass_send(theirs, -1, negative_errno()) < 0);
		fd = openat(dirfd, "config.json", O_PATH | O_NOFOLLOW | O_CLOEXEC);
		_exit(fdpass_send(theirs, fd, fd < 0 ? negative_errno() : 0) < 0);
	}
	closep(&theirs);
	theirs = -EBADF;
	err = fdpass_recv(mine, OPEN_TIMEOUT_MS, &fd);
	if (err == -ETIMEDOUT)
		kill(pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return err < 0 ? err : fd;
}

/* The bundle directory named on a conmon command line (-b DIR / --bundle DIR), NULL when none is.
 * */
static const char *cmdline_bundle(const char *cmd, size_t len)
{
	for (const char *p = cmd; p < cmd + len; p += strlen(p) + 1) {
		const char *next = p + strlen(p) + 1;

		if ((strcmp(p, "-b") == 0 || strcmp(p, "--bundle") == 0) && next < cmd + len)
			return next;
		if (strncmp(p, "--bundle=", 9) == 0)
			return p + 9;
	}
	return NULL;
}

/* Whether path has a component equal to id. */
static bool path_names(const char *path, const char *id)
{
	size_t n = strlen(id);

	for (const char *p = strstr(path, id); n && p; p = strstr(p + 1, id))
		if (p > path && p[-1] == '/' && (p[n] == '/' || p[n] == '\0'))
			return true;
	return false;
}

/* containerd's IDs are free strings ("run", "containerd"): only the place the shim's directory has
 * them proves. */
bool bundle_path_names(const char *dir, const char *ns, const char *id)
{
	size_t d = strlen(dir), n = ns ? strlen(ns) : 0, i = strlen(id);

	if (!ns)
		return path_names(dir, id);
	return n && i && d >= n + i + 2 && dir[d - i - 1] == '/' && strcmp(dir + d - i, id) == 0 &&
	       dir[d - i - n - 2] == '/' && strncmp(dir + d - i - n - 1, ns, n) == 0;
}

/* Open the bundle directory of the shim whose /proc directory is pfd, through the shim's own
 * directories: a rootless engine's shim runs in a mount namespace of its own, where its paths mean
 * something else than on the host. */
static int open_bundle(int pfd, const struct target *t, char **reterr)
{
	_cleanup_free_ char *cmd = NULL;
	_cleanup_close_ int rootfd = -EBADF;
	char cwd[PATH_MAX];
	const char *dir;
	size_t len;
	ssize_t n;
	int err;

	err = fd_read_file(pfd, "cmdline", CMDLINE_MAX, &cmd, &len);
	if (err < 0)
		return error_set(reterr, err, "cannot read the shim's command line: %s",
				 strerror(-err));
	dir = cmdline_bundle(cmd, len);
	if (!dir) {
		n = readlinkat(pfd, "cwd", cwd, sizeof(cwd) - 1);
		if (n < 0)
			return error_set(reterr, negative_errno(),
					 "cannot read the shim's directory: %m");
		cwd[n] = '\0';
		dir = cwd;
	}
	if (dir[0] != '/' ||
	    !bundle_path_names(dir, t->runtime == PROOF_CONTAINERD ? t->ns : NULL, t->info.id))
		return error_set(reterr, -ENOENT,
				 "the container's parent process is no runtime shim of it");
	if (dir == cwd)
		err = (err = openat(pfd, "cwd", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0
			  ? negative_errno()
			  : err;
	else if ((rootfd = openat(pfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		err = negative_errno();
	else
		err = fd_open_in_root(rootfd, dir, O_PATH | O_DIRECTORY);
	return err < 0
		   ? error_set(reterr, err, "cannot open the bundle %s: %s", dir, strerror(-err))
		   : err;
}

static int read_config(int dirfd, const struct owner *o, char **ret, size_t *ret_len, char **reterr)
{
	_cleanup_close_ int fd = openat(dirfd, "config.json", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	struct stat dst, st;
	char path[64];
	int err;

	if (fd < 0 && errno == EACCES && o->uid != 0 && o->uid == geteuid())
		fd = open_config_in_userns(o->shim, dirfd);
	else if (fd < 0)
		fd = negative_errno();
	if (fd < 0)
		return error_set(reterr, fd, "cannot open the bundle's config.json: %s",
				 strerror(-fd));
	if (fstat(dirfd, &dst) < 0 || fstat(fd, &st) < 0)
		return error_set(reterr, negative_errno(), "cannot inspect the bundle: %m");
	if (!S_ISREG(st.st_mode) || !owned_closed(&st, o) || !owned_closed(&dst, o))
		return error_set(reterr, -EPERM,
				 "the bundle's config.json is not a file only uid %u%s can write",
				 (unsigned)o->uid,
				 o->uid ? " (and the IDs its user namespace maps)" : "");
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	err = fd_read_file(AT_FDCWD, path, CONFIG_MAX, ret, ret_len);
	return err < 0 ? error_set(reterr, err, "cannot read the bundle's config.json: %s",
				   strerror(-err))
		       : 0;
}

static int current_ppid(const struct target *t, pid_t *ret)
{
	_cleanup_free_ char *status = NULL;
	const char *p;
	size_t len;
	int err = fd_read_file(t->procfd, "status", 64 * 1024, &status, &len);

	if (err < 0)
		return err;
	p = strstr(status, "\nPPid:");
	if (!p || sscanf(p + 6, "%d", ret) != 1)
		return -EBADMSG;
	return 0;
}

int bundle_read_config(const struct target *t, uid_t owner, char **ret, size_t *ret_len,
		       char **reterr)
{
	_cleanup_close_ int pfd = -EBADF, dirfd = -EBADF;
	_cleanup_free_ char *buf = NULL;
	char path[32];
	struct stat st;
	size_t len;
	pid_t ppid = 0, now;
	int err;

	if (current_ppid(t, &ppid) < 0 || ppid <= 1)
		return error_set(reterr, -ENOENT,
				 "the container's process has no runtime shim as its parent");
	snprintf(path, sizeof(path), "/proc/%d", (int)ppid);
	pfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0 || fstat(pfd, &st) < 0)
		return error_set(reterr, -ESRCH, "the container's runtime shim %d is gone",
				 (int)ppid);
	if (st.st_uid != owner)
		return error_set(reterr, -EPERM,
				 "the container's parent process %d belongs to uid %u, not %u",
				 (int)ppid, (unsigned)st.st_uid, (unsigned)owner);
	dirfd = open_bundle(pfd, t, reterr);
	if (dirfd < 0)
		return dirfd;
	err = read_config(dirfd, &(struct owner){ .uid = owner, .shim = pfd }, &buf, &len, reterr);
	if (err < 0)
		return err;
	if (current_ppid(t, &now) < 0 || now != ppid)
		return error_set(reterr, -ESRCH,
				 "the container's runtime shim changed while it was read");
	*ret = TAKE_PTR(buf);
	*ret_len = len;
	return 0;
}
