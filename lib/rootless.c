// SPDX-License-Identifier: Apache-2.0
/* The proof of membership for a rootless engine's containers. On cgroup v1 a rootless container
 * runs in its daemon's cgroups, so its cgroup names nothing; what the user who runs the daemon
 * cannot forge is the kernel's word on user namespaces (who created each, which one owns a
 * namespace), on a process's IDs, and on its parent. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "fdutil.h"
#include "idmap.h"
#include "jsonutil.h"
#include "macros.h"
#include "reference.h"
#include "rootless.h"
#include "unixsock.h"
#include "userns.h"

#define STATUS_MAX   (64 * 1024)
#define CMDLINE_MAX  (64u << 10)
#define ANCESTRY_MAX 16

/* The first n (at most 4) numbers after "\nKEY:" in a /proc/PID/status text; out is written only
 * when all are there. */
static int status_numbers(const char *status, const char *key, unsigned long *out, size_t n)
{
	unsigned long v[4];
	char pat[32];
	const char *p;

	if (n > ARRAY_SIZE(v))
		return -EINVAL;
	snprintf(pat, sizeof(pat), "\n%s:", key);
	p = strstr(status, pat);
	if (!p)
		return -EBADMSG;
	p += strlen(pat);
	for (size_t i = 0; i < n; i++) {
		char *end;

		v[i] = strtoul(p, &end, 10);
		if (end == p)
			return -EBADMSG;
		p = end;
	}
	memcpy(out, v, n * sizeof(*v));
	return 0;
}

static int read_status(int procfd, char **ret)
{
	size_t len;
	int err = fd_read_file(procfd, "status", STATUS_MAX, ret, &len);

	return err == -ENOENT ? -ESRCH : err;
}

/* The value of one of the flags in names, as "-flag VALUE" or "-flag=VALUE". */
static const char *flag_value(const char *cmd, size_t len, const char *const *names)
{
	for (const char *p = cmd; p < cmd + len; p += strlen(p) + 1) {
		const char *next = p + strlen(p) + 1;

		for (const char *const *n = names; *n; n++) {
			size_t l = strlen(*n);

			if (strcmp(p, *n) == 0 && next < cmd + len)
				return next;
			if (strncmp(p, *n, l) == 0 && p[l] == '=')
				return p + l + 1;
		}
	}
	return NULL;
}

int rootless_cmdline_id(const char *cmd, size_t len, char ret[static ROOTLESS_ID_MAX + 1])
{
	static const char *const shim_flags[] = { "-id", "--id", NULL };
	static const char *const conmon_flags[] = { "-c", "--cid", NULL };
	const char *argv0, *base, *id = NULL;

	if (len == 0 || cmd[len - 1] != '\0')
		return -ENOENT;
	argv0 = cmd;
	base = strrchr(argv0, '/');
	base = base ? base + 1 : argv0;
	if (strncmp(base, "containerd-shim", 15) == 0)
		id = flag_value(cmd, len, shim_flags);
	else if (strcmp(base, "conmon") == 0)
		id = flag_value(cmd, len, conmon_flags);
	if (!id || !reference_is_full_id(id))
		return -ENOENT;
	memcpy(ret, id, ROOTLESS_ID_MAX + 1);
	return 0;
}

/* Steps 1 and 2: the process's user namespace chain up to the daemon's, and its IDs mapped there;
 * why says what failed when it returns -EPERM. */
static int prove_owner(const struct unixsock_peer *d, int procfd, const char *status,
		       struct userns_chain *ret_chain, char *why, size_t whylen)
{
	_cleanup_close_ int nsfd = openat(procfd, "ns/user", O_RDONLY | O_CLOEXEC);
	static const char *const keys[] = { "Uid", "Gid" }, *const maps[] = { "uid_map",
									      "gid_map" };
	struct userns_chain chain;
	int err;

	if (nsfd < 0)
		return errno == ENOENT ? -ESRCH : negative_errno();
	err = userns_chain_to(nsfd, &d->userns, d->uid, &chain);
	if (err == -ENOENT || err == -EPERM) {
		snprintf(why, whylen, "it does not run in a user namespace of uid %u",
			 (unsigned)d->uid);
		return -EPERM;
	}
	if (err < 0)
		return err;
	for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
		unsigned long ids[4];
		uint32_t out;

		if (status_numbers(status, keys[k], ids, 4) < 0)
			return -EBADMSG;
		for (size_t i = 0; i < 4; i++) {
			err = idmap_translate_proc(procfd, maps[k], (uint32_t)ids[i],
						   IDMAP_FROM_HOST, &out);
			if (err == -ERANGE) {
				snprintf(
				    why, whylen,
				    "it runs as host %s %lu, which its user namespace does not map",
				    k == 0 ? "uid" : "gid", ids[i]);
				return -EPERM;
			}
			if (err < 0)
				return err;
		}
	}
	*ret_chain = chain;
	return 0;
}

/* Step 3: every other namespace is owned by the chain, or is ours. */
static int prove_namespaces(int procfd, const struct userns_chain *chain, const char **why_ns)
{
	static const char *const types[] = { "mnt", "net", "pid", "uts", "ipc", "cgroup", "time" };

	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		_cleanup_close_ int fd = -EBADF, owner = -EBADF;
		struct ns_id theirs, ours, oid;
		char path[32];

		snprintf(path, sizeof(path), "ns/%s", types[i]);
		fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT) /* the kernel lacks this type */
			continue;
		if (fd < 0 || ns_id_of(fd, NULL, &theirs) < 0)
			return negative_errno();
		snprintf(path, sizeof(path), "/proc/self/ns/%s", types[i]);
		if (ns_id_of(AT_FDCWD, path, &ours) >= 0 && ns_id_equal(&ours, &theirs))
			continue;
		owner = ns_owner(fd);
		if (owner < 0 || ns_id_of(owner, NULL, &oid) < 0 ||
		    !userns_chain_has(chain, &oid)) {
			*why_ns = types[i];
			return -EPERM;
		}
	}
	return 0;
}

/* Whether the process pfd is run by the daemon's uid in the chain, and which container its command
 * line names. */
static int shim_id(const struct unixsock_peer *d, int pfd, const struct userns_chain *chain,
		   char id[static ROOTLESS_ID_MAX + 1])
{
	_cleanup_free_ char *cmd = NULL;
	struct ns_id uns;
	struct stat st;
	size_t len;

	if (fstat(pfd, &st) < 0 || st.st_uid != d->uid || ns_id_of(pfd, "ns/user", &uns) < 0 ||
	    !userns_chain_has(chain, &uns))
		return -ENOENT;
	if (fd_read_file(pfd, "cmdline", CMDLINE_MAX, &cmd, &len) < 0)
		return -ENOENT;
	return rootless_cmdline_id(cmd, len, id);
}

static int open_proc(unsigned long pid)
{
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "/proc/%lu", pid);
	fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -ESRCH : fd;
}

/* Step 4: the parent is the container's shim; checked again after its command line was read. */
static int prove_parent(const struct unixsock_peer *d, int procfd, const char *status,
			const struct userns_chain *c, const char *id, unsigned long *ret_ppid)
{
	_cleanup_close_ int pfd = -EBADF;
	_cleanup_free_ char *again = NULL;
	char named[ROOTLESS_ID_MAX + 1];
	unsigned long ppid, now;
	int err;

	if (status_numbers(status, "PPid", &ppid, 1) < 0)
		return -EBADMSG;
	*ret_ppid = ppid;
	if (ppid <= 1 || (pfd = open_proc(ppid)) < 0)
		return -EPERM;
	if (shim_id(d, pfd, c, named) < 0 || strcmp(named, id) != 0)
		return -EPERM;
	err = read_status(procfd, &again);
	if (err < 0)
		return err;
	if (status_numbers(again, "PPid", &now, 1) < 0 || now != ppid)
		return -EPERM;
	return 0;
}

int rootless_prove(const struct unixsock_peer *d, int procfd, pid_t pid, const char *id,
		   char **reterr)
{
	_cleanup_free_ char *status = NULL;
	struct userns_chain chain;
	const char *ns = NULL;
	unsigned long ppid = 0;
	char why[128];
	int err;

	if (!d->rootless)
		return error_set(reterr, -EPERM,
				 "the daemon (uid %u) does not run in a user namespace of its own, "
				 "as a rootless "
				 "daemon does: its containers cannot be told from any other "
				 "process of its user's",
				 (unsigned)d->uid);
	err = read_status(procfd, &status);
	if (err >= 0)
		err = prove_owner(d, procfd, status, &chain, why, sizeof(why));
	if (err == -EPERM)
		return error_set(reterr, err, "process %d does not belong to container %.12s: %s",
				 (int)pid, id, why);
	if (err >= 0)
		err = prove_namespaces(procfd, &chain, &ns);
	if (err == -EPERM)
		return error_set(reterr, err,
				 "process %d does not belong to container %.12s: its %s namespace "
				 "is not owned by a "
				 "user namespace of the daemon's user (uid %u)",
				 (int)pid, id, ns, (unsigned)d->uid);
	if (err >= 0)
		err = prove_parent(d, procfd, status, &chain, id, &ppid);
	if (err == -EPERM)
		return error_set(reterr, err,
				 "process %d does not belong to container %.12s: its parent (%lu) "
				 "is no runtime shim "
				 "of it (containerd-shim -id, conmon -c) run by uid %u",
				 (int)pid, id, ppid, (unsigned)d->uid);
	if (err == -ESRCH)
		return error_set(reterr, err, "process %d is gone: the container stopped",
				 (int)pid);
	if (err < 0)
		return error_set(reterr, err, "cannot check process %d: %s", (int)pid,
				 strerror(-err));
	return 0;
}

/* The NSpid line of a status text: up to n PIDs, from our PID namespace down; the count, or
 * -EBADMSG. */
static int nspids(const char *status, unsigned long *out, size_t n)
{
	const char *p = strstr(status, "\nNSpid:");
	size_t k = 0;

	if (!p)
		return -EBADMSG;
	p += 7;
	while (k < n) {
		char *end;
		unsigned long v = strtoul(p, &end, 10);

		if (end == p)
			break;
		out[k++] = v;
		p = end;
		if (*p == '\n' || *p == '\0')
			break;
	}
	return k > 0 ? (int)k : -EBADMSG;
}

/* Whether the PID namespace of the process pfd is top or lies below it, up levels up. */
static bool pidns_below(int pfd, const struct ns_id *top, int up)
{
	_cleanup_close_ int cur = openat(pfd, "ns/pid", O_RDONLY | O_CLOEXEC);
	struct ns_id id;

	for (; cur >= 0 && up > 0; up--) {
		int parent = ns_parent(cur);

		closep(&cur);
		cur = parent;
	}
	return cur >= 0 && ns_id_of(cur, NULL, &id) >= 0 && ns_id_equal(&id, top);
}

/* One /proc entry: whether it is the process the daemon at level calls pid. */
static bool is_daemons_pid(int procdir, const char *name, unsigned long pid, int level,
			   const struct ns_id *dns)
{
	_cleanup_close_ int pfd = openat(procdir, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
	_cleanup_free_ char *status = NULL;
	unsigned long ids[USERNS_MAX_DEPTH];
	int n;

	if (pfd < 0 || read_status(pfd, &status) < 0 ||
	    (n = nspids(status, ids, ARRAY_SIZE(ids))) <= level)
		return false;
	return ids[level] == pid && pidns_below(pfd, dns, n - 1 - level);
}

int rootless_host_pid(const struct unixsock_peer *d, pid_t pid, pid_t *ret, char **reterr)
{
	_cleanup_close_ int dfd = open_proc((unsigned long)d->pid);
	_cleanup_free_ char *status = NULL;
	unsigned long ids[USERNS_MAX_DEPTH];
	struct ns_id dns, ours;
	pid_t found = 0;
	struct dirent *de;
	DIR *dir;
	int level;

	if (dfd < 0 || ns_id_of(dfd, "ns/pid", &dns) < 0 || read_status(dfd, &status) < 0 ||
	    (level = nspids(status, ids, ARRAY_SIZE(ids))) < 1)
		return error_set(reterr, -ESRCH, "the daemon (PID %d) is gone", (int)d->pid);
	if (ns_id_of(AT_FDCWD, "/proc/self/ns/pid", &ours) >= 0 && ns_id_equal(&dns, &ours)) {
		*ret = pid;
		return 0;
	}
	level--; /* the daemon's own level, below ours */
	dir = opendir("/proc");
	if (!dir)
		return error_set(reterr, negative_errno(), "cannot read /proc: %m");
	while ((de = readdir(dir)))
		if (de->d_name[0] >= '1' && de->d_name[0] <= '9' &&
		    is_daemons_pid(dirfd(dir), de->d_name, (unsigned long)pid, level, &dns)) {
			found = (pid_t)strtol(de->d_name, NULL, 10);
			break;
		}
	closedir(dir);
	if (!found)
		return error_set(reterr, -ESRCH,
				 "no process has PID %d in the daemon's PID namespace "
				 "(RootlessKit's --pidns): the "
				 "container stopped",
				 (int)pid);
	*ret = found;
	return 0;
}

int rootless_container_of(const struct unixsock_peer *d, int procfd,
			  char ret[static ROOTLESS_ID_MAX + 1])
{
	_cleanup_close_ int nsfd = openat(procfd, "ns/user", O_RDONLY | O_CLOEXEC);
	_cleanup_close_ int cur = -EBADF;
	struct userns_chain chain;
	int at = procfd;

	if (!d->rootless || nsfd < 0 || userns_chain_to(nsfd, &d->userns, d->uid, &chain) < 0)
		return -ENOENT;
	for (int depth = 0; depth < ANCESTRY_MAX; depth++) {
		_cleanup_free_ char *status = NULL;
		unsigned long ppid;
		int next;

		if (read_status(at, &status) < 0 || status_numbers(status, "PPid", &ppid, 1) < 0 ||
		    ppid <= 1)
			return -ENOENT;
		next = open_proc(ppid);
		if (next < 0)
			return -ENOENT;
		closep(&cur);
		at = cur = next;
		if (shim_id(d, cur, &chain, ret) >= 0)
			return 0;
	}
	return -ENOENT;
}

int rootless_info_parse(const char *json, size_t len, bool *ret)
{
	_cleanup_(json_object_putp) json_object *root = NULL;
	json_object *opts;
	bool rootless = false;

	if (json_parse_bounded(json, len, &root) < 0 ||
	    !json_object_is_type(root, json_type_object))
		return -EBADMSG;
	if (json_get_bool(root, "Rootless", &rootless) == -EBADMSG)
		return -EBADMSG;
	opts = json_get_path(root, "SecurityOptions");
	if (opts && json_object_is_type(opts, json_type_array))
		for (size_t i = 0; i < json_object_array_length(opts); i++) {
			json_object *o = json_object_array_get_idx(opts, i);

			if (json_object_is_type(o, json_type_string) &&
			    strcmp(json_object_get_string(o), "name=rootless") == 0)
				rootless = true;
		}
	*ret = rootless;
	return 0;
}
