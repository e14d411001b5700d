// SPDX-License-Identifier: Apache-2.0
/* Before the first setns() every host resource is opened here: root and cwd fds, cgroup
 * directories, the container's passwd and group files, the target's environment. After the join,
 * host paths would mean something else. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "fdutil.h"
#include "hostenv.h"
#include "idmap.h"
#include "macros.h"
#include "mountns.h"
#include "plan-userns.h"
#include "plan.h"
#include "strv.h"
#include "target.h"
#include "tools.h"
#include "userns.h"

#define ENVIRON_MAX	  (4u << 20)
#define ENV_MAX_ENTRIES	  8192
#define CONTAINER_PATH	  "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#define DEFAULT_PATH	  "PATH=" CONTAINER_PATH
#define HOST_DEFAULT_PATH "/usr/local/bin:/usr/bin:/bin"

extern char **environ;

void plan_init(struct plan *p)
{
	*p = (struct plan){ .rootfd = -EBADF,
			    .wdfd = -EBADF,
			    .errfd = -EBADF,
			    .treefd = -EBADF,
			    .tools_fd = -EBADF };
	for (int i = 0; i < _NS_MAX; i++)
		p->ns_fds[i] = -EBADF;
	powers_init(&p->powers);
	pty_init(&p->pty);
}

void plan_done(struct plan *p)
{
	for (int i = 0; i < _NS_MAX; i++)
		closep(&p->ns_fds[i]);
	closep(&p->rootfd);
	closep(&p->wdfd);
	closep(&p->treefd);
	closep(&p->tools_fd);
	free(p->tree_name);
	free(p->tree_path);
	free(p->wd_path);
	cgroup_procs_done(&p->cg);
	creds_done(&p->creds);
	strv_free(p->env);
	strv_free(p->argv);
	powers_done(&p->powers);
	pty_done(&p->pty);
	free(p->exec_path);
	plan_init(p);
}

/* Which requested namespaces differ from ours; those we share (host network, our own user
 * namespace) are skipped. */
static int plan_namespaces(const struct target *t, unsigned mask, struct plan *p, char **reterr)
{
	for (int i = 0; i < _NS_MAX; i++) {
		char path[32];
		struct stat theirs, ours;

		if (!(mask & NS_BIT(i)))
			continue;
		if (fstatat(t->nsfd, ns_proc_file(i), &theirs, 0) < 0) {
			if (errno == ENOENT) /* the kernel lacks this namespace type */
				continue;
			return error_set(reterr, errno == ESRCH ? -ESRCH : negative_errno(),
					 "cannot inspect the container's %s namespace: %m",
					 ns_name(i));
		}
		snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_proc_file(i));
		if (stat(path, &ours) == 0 && ours.st_ino == theirs.st_ino &&
		    ours.st_dev == theirs.st_dev)
			continue;
		p->join |= NS_BIT(i);
	}
	return 0;
}

/* --user-parent (util-linux 2.41): the user namespace joined is the parent of the target's, opened
 * now by NS_GET_PARENT; none is joined when that parent is ours. A target that shares our user
 * namespace (plan_namespaces() left it out of p->join) has no parent we could enter. */
static int plan_user_parent(const struct target *t, struct plan *p, char **reterr)
{
	_cleanup_close_ int user = openat(t->nsfd, ns_proc_file(NS_USER), O_RDONLY | O_CLOEXEC);
	_cleanup_close_ int parent = -EBADF;
	struct ns_id theirs, ours;

	if (user < 0)
		return error_set(reterr, errno == ESRCH ? -ESRCH : negative_errno(),
				 "cannot open the container's user namespace: %m");
	if (!(p->join & NS_BIT(NS_USER)))
		return error_set(reterr, -EINVAL,
				 "--user-parent: the container shares our user namespace; it has "
				 "no user namespace of its own whose parent could be entered");
	parent = ns_parent(user);
	if (parent < 0)
		return error_set(reterr, parent,
				 "cannot open the parent of the container's user namespace: %s",
				 strerror(-parent));
	if (ns_id_of(parent, NULL, &theirs) < 0 ||
	    ns_id_of(AT_FDCWD, "/proc/self/ns/user", &ours) < 0)
		return error_set(reterr, negative_errno(), "cannot inspect a user namespace: %m");
	p->user_parent = true;
	p->join &= ~NS_BIT(NS_USER);
	if (ns_id_equal(&theirs, &ours))
		return 0;
	p->ns_fds[NS_USER] = TAKE_FD(parent);
	p->join |= NS_BIT(NS_USER);
	return 0;
}

static int open_root_and_wd(const struct target *t, const struct nsenter_request *req,
			    struct plan *p, char **reterr)
{
	const char *what = "root";

	if (req->root == ROOT_PATH)
		p->rootfd = open(req->root_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	else if (req->root == ROOT_TARGET || ((p->join & NS_BIT(NS_MNT)) && t->procfd >= 0))
		/* a pin has no process: setns() into its mount namespace sets the root itself */
		p->rootfd = openat(t->procfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (p->rootfd == -1)
		goto fail;
	what = "working directory";
	if (req->wd == WD_TARGET)
		p->wdfd = openat(t->procfd, "cwd", O_PATH | O_DIRECTORY | O_CLOEXEC);
	else if (req->wd == WD_HOST_PATH)
		p->wdfd = open(req->wd_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (p->wdfd == -1)
		goto fail;
	if (req->wd == WD_NS_PATH && !(p->wd_path = strdup(req->wd_path)))
		return -ENOMEM;
	if (req->wd == WD_DEFAULT && req->exec_like && t->info.workdir[0] &&
	    !(p->wd_path = strdup(t->info.workdir)))
		return -ENOMEM;
	p->chdir_root = p->rootfd >= 0 && p->wdfd < 0 && !p->wd_path;
	return 0;
fail:
	return error_set(reterr, negative_errno(), "cannot open the %s: %m", what);
}

/* Read one of the container's account files through its root, never following a link out of it, and
 * never opening anything but a regular file (a device or FIFO in its place is refused unopened). */
static int read_container_file(const struct target *t, const char *path, char **ret,
			       size_t *ret_len)
{
	_cleanup_close_ int rootfd = openat(t->procfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC);
	_cleanup_close_ int fd = -EBADF;

	if (rootfd < 0)
		return negative_errno();
	fd = fd_open_regular_in_root(rootfd, path);
	if (fd == -ENOENT) { /* no such file: none, and no error */
		*ret = NULL;
		*ret_len = 0;
		return 0;
	}
	if (fd < 0)
		return fd;
	return fd_read_file(fd, NULL, CREDS_MAX_FILE, ret, ret_len);
}

/* IDs named by the container (--as, --exec) are its user namespace's: when we do not join that
 * namespace, they become the host IDs it maps them to (identity for containers without a user
 * namespace of their own). IDs taken from the process on the host (follow) go the other way when we
 * do join it. */
static int map_id(const struct target *t, const char *file, unsigned *id, enum idmap_direction dir,
		  char **reterr)
{
	uint32_t out;
	int err = idmap_translate_proc(t->procfd, file, *id, dir, &out);

	if (err < 0)
		return error_set(reterr, err, "%s %u has no mapping in the container's %s",
				 file[0] == 'u' ? "uid" : "gid", *id, file);
	*id = out;
	return 0;
}

static int map_creds(const struct target *t, struct plan *p, enum idmap_direction dir, bool uid,
		     bool gid, char **reterr)
{
	int err = 0;

	if (uid)
		err = map_id(t, "uid_map", &p->creds.uid, dir, reterr);
	if (err >= 0 && gid)
		err = map_id(t, "gid_map", &p->creds.gid, dir, reterr);
	for (size_t i = 0; err >= 0 && gid && i < p->creds.n_groups; i++)
		err = map_id(t, "gid_map", &p->creds.groups[i], dir, reterr);
	return err;
}

int plan_identity(const struct target *t, const struct nsenter_request *req, struct plan *p,
		  char **reterr)
{
	const char *spec = req->as_user ? req->as_user : req->exec_like ? t->info.user : NULL;
	_cleanup_free_ char *passwd = NULL, *group = NULL;
	size_t plen, glen;
	struct stat st = { 0 };
	bool root_in_userns;
	int err;

	if (spec) {
		const char *file = "/etc/passwd";

		err = read_container_file(t, file, &passwd, &plen);
		if (err >= 0)
			err = read_container_file(t, file = "/etc/group", &group, &glen);
		if (err < 0)
			return error_set(reterr, err, "cannot read the container's %s: %s", file,
					 err == -EFBIG	  ? "file too large"
					 : err == -EINVAL ? "not a regular file"
							  : strerror(-err));
		err = creds_resolve(spec, passwd, plen, group, glen, &p->creds, reterr);
		if (err < 0)
			return err;
		p->set_uid = p->set_gid = true;
		p->groups = PLAN_GROUPS_SET;
		p->drop_groups_early = p->join & NS_BIT(NS_USER);
		return (p->join & NS_BIT(NS_USER))
			   ? 0
			   : map_creds(t, p, IDMAP_TO_HOST, true, true, reterr);
	}
	if ((req->uid_mode == ID_FOLLOW || req->gid_mode == ID_FOLLOW) && fstat(t->procfd, &st) < 0)
		return error_set(reterr, negative_errno(),
				 "cannot inspect the container's process: %m");
	p->creds.uid = req->uid_mode == ID_FOLLOW  ? st.st_uid
		       : req->uid_mode == ID_VALUE ? req->uid
						   : 0;
	p->creds.gid = req->gid_mode == ID_FOLLOW  ? st.st_gid
		       : req->gid_mode == ID_VALUE ? req->gid
						   : 0;
	/* As util-linux 2.42: -S sets the uid and nothing else; -G sets the gid and drops our
	 * groups; entering a user namespace does both (making us its root unless told otherwise)
	 * unless credentials are preserved, and drops our groups before it is joined too: inside it
	 * setgroups() may be denied, and a group of ours must never survive. An unprivileged caller
	 * always preserves them (Docker's rootless recipe, nsenter -U --preserve-credentials): it
	 * is root there already. */
	root_in_userns = (p->join & NS_BIT(NS_USER)) && !req->preserve_creds && !p->unprivileged;
	p->set_uid = req->uid_mode != ID_KEEP || root_in_userns;
	p->set_gid = req->gid_mode != ID_KEEP || root_in_userns;
	p->groups = p->set_gid ? PLAN_GROUPS_DROP : PLAN_GROUPS_KEEP;
	p->drop_groups_early = root_in_userns;
	if (p->join & NS_BIT(NS_USER))
		return map_creds(t, p, IDMAP_FROM_HOST, req->uid_mode == ID_FOLLOW,
				 req->gid_mode == ID_FOLLOW, reterr);
	return 0;
}

static int strv_push(char ***v, size_t *n, const char *s, size_t len)
{
	char **nv;

	if (*n >= ENV_MAX_ENTRIES)
		return -E2BIG;
	nv = realloc(*v, (*n + 2) * sizeof(char *));
	if (!nv)
		return -ENOMEM;
	*v = nv;
	nv[*n] = strndup(s, len);
	if (!nv[*n])
		return -ENOMEM;
	nv[++*n] = NULL;
	return 0;
}

/* Set "KEY=..." in v, replacing an earlier entry with the same key. */
static int env_set(char ***v, size_t *n, const char *kv)
{
	size_t klen = strcspn(kv, "=");

	for (size_t i = 0; i < *n; i++)
		if (strncmp((*v)[i], kv, klen) == 0 && (*v)[i][klen] == '=') {
			char *s = strdup(kv);

			if (!s)
				return -ENOMEM;
			free((*v)[i]);
			(*v)[i] = s;
			return 0;
		}
	return strv_push(v, n, kv, strlen(kv));
}

static bool env_has(char **v, size_t n, const char *key)
{
	size_t klen = strlen(key);

	for (size_t i = 0; i < n; i++)
		if (strncmp(v[i], key, klen) == 0 && v[i][klen] == '=')
			return true;
	return false;
}

/* Set "KEY=value" built from two parts, however long. */
static int env_set2(char ***v, size_t *n, const char *key, const char *value)
{
	_cleanup_free_ char *kv = NULL;

	if (asprintf(&kv, "%s=%s", key, value) < 0)
		return -ENOMEM;
	return env_set(v, n, kv);
}

char **plan_exec_env(const struct container_info *c, const char *home, bool tty)
{
	char **v = NULL;
	size_t n = 0;
	int err = strv_push(&v, &n, DEFAULT_PATH, strlen(DEFAULT_PATH));

	if (err >= 0 && c->hostname[0])
		err = env_set2(&v, &n, "HOSTNAME", c->hostname);
	if (err >= 0 && tty)
		err = env_set(&v, &n, "TERM=xterm");
	for (size_t i = 0; err >= 0 && i < c->n_env; i++)
		if (strchr(c->env[i], '='))
			err = env_set(&v, &n, c->env[i]);
	if (err >= 0 && !env_has(v, n, "HOME"))
		err = env_set2(&v, &n, "HOME", home && *home ? home : "/");
	if (err < 0) {
		strv_free(v);
		return NULL;
	}
	return v;
}

/* A host program never takes the container's environment: ours, with only the container's harmless
 * settings. */
static int plan_host_environment(struct plan *p, char **reterr)
{
	char **merged;

	if (!p->env || p->container_program)
		return 0;
	merged = hostenv_merge(environ, p->env);
	if (!merged)
		return error_set(reterr, -ENOMEM, "cannot build the environment");
	strv_free(p->env);
	p->env = merged;
	return 0;
}

static int plan_environment(const struct target *t, const struct nsenter_request *req,
			    struct plan *p, char **reterr)
{
	_cleanup_free_ char *buf = NULL;
	size_t len, n = 0;
	int err;

	if (req->exec_like) {
		p->env = plan_exec_env(&t->info, p->creds.home, isatty(STDIN_FILENO));
		if (!p->env)
			return error_set(reterr, -ENOMEM, "cannot build the environment");
		return plan_host_environment(p, reterr);
	}
	if (!req->copy_env)
		return 0;
	err = fd_read_file(t->procfd, "environ", ENVIRON_MAX, &buf, &len);
	if (err < 0)
		return error_set(reterr, err, "cannot read the container's environment: %s",
				 strerror(-err));
	for (size_t i = 0; i < len && err >= 0;) {
		size_t l = strnlen(buf + i, len - i);

		if (l > 0)
			err = strv_push(&p->env, &n, buf + i, l);
		i += l + 1;
	}
	if (err >= 0 && !p->env)
		p->env = calloc(1, sizeof(char *));
	if (err < 0 || !p->env)
		return error_set(reterr, err < 0 ? err : -ENOMEM,
				 "cannot copy the container's environment");
	return plan_host_environment(p, reterr);
}

/* Where the command is looked up: a host program in our PATH, never the container's; a program from
 * the container in the PATH of its own environment. */
static int plan_search_path(struct plan *p)
{
	const char *path = getenv("PATH") ?: HOST_DEFAULT_PATH;

	if (p->container_program && p->env) {
		path = CONTAINER_PATH;
		for (size_t i = 0; p->env[i]; i++)
			if (strncmp(p->env[i], "PATH=", 5) == 0) {
				path = p->env[i] + 5;
				break;
			}
	}
	p->exec_path = strdup(path);
	return p->exec_path ? 0 : -ENOMEM;
}

/* The command, or a shell: the container's /bin/sh when we enter its root, else ours. */
static int plan_command(const struct target *t, const struct nsenter_request *req, struct plan *p,
			int *ret_status, char **reterr)
{
	size_t n = 0;
	int err = 0;

	if (p->argv) /* chosen already: the shell of --tools */
		return 0;
	if (req->argv && req->argv[0]) {
		for (size_t i = 0; req->argv[i] && err >= 0; i++)
			err = strv_push(&p->argv, &n, req->argv[i], strlen(req->argv[i]));
		return err;
	}
	if (p->rootfd >= 0) {
		_cleanup_close_ int sh = fd_open_in_root(p->rootfd, "/bin/sh", O_PATH);

		if (sh < 0) {
			*ret_status = NSENTER_NOT_FOUND;
			return error_set(reterr, -ENOENT,
					 "the container has no shell (/bin/sh); run a host tool in "
					 "its namespaces "
					 "instead, e.g. '--net --pid ps' or '--net ip addr'");
		}
		return strv_push(&p->argv, &n, "/bin/sh", 7);
	}
	const char *sh = getenv("SHELL");
	if (!sh || !*sh || (t->procfd < 0 && (p->join & NS_BIT(NS_MNT))))
		sh = "/bin/sh";
	return strv_push(&p->argv, &n, sh, strlen(sh));
}

/* --host-root keeps our mount namespace (a private copy of it) and our user namespace, so host
 * files keep their owners and we keep the right to mount. */
static unsigned plan_mask(const struct nsenter_request *req)
{
	unsigned mask = req->ns_mask ? req->ns_mask : NS_ALL;

	if (req->host_root)
		mask &= ~(NS_BIT(NS_MNT) | NS_BIT(NS_USER));
	return mask;
}

static int plan_host_root(const struct target *t, struct plan *p, char **reterr)
{
	const char *name = t->info.name[0] ? t->info.name : t->info.id;

	p->tree_name = strndup(name, 64);
	if (!p->tree_name)
		return -ENOMEM;
	return mountns_clone_root(t, &p->treefd, reterr);
}

/* A program from the container's files runs with the container's restrictions, unless --privileged.
 * */
static int plan_powers(const struct target *t, const struct nsenter_request *req, struct plan *p,
		       char **reterr)
{
	if (!p->container_program || req->privileged)
		return 0;
	if (t->procfd < 0)
		return error_set(
		    reterr, -EPERM,
		    "a pin keeps no process whose restrictions a program from the container could "
		    "take: "
		    "enter without the mount namespace (e.g. --net), or add --privileged");
	p->apply_powers = true;
	return powers_read(t, &p->powers, reterr);
}

/* A program from the container gets a session of its own, and a pty of its own when it would get
 * our terminal. */
int plan_terminal(const struct nsenter_request *req, struct plan *p, char **reterr)
{
	bool want_pty = req->tty == TTY_ALWAYS ||
			(req->tty == TTY_AUTO && p->container_program && pty_have_terminal());

	p->new_session = p->container_program || want_pty;
	if (req->no_fork && want_pty)
		return error_set(
		    reterr, -EINVAL,
		    "--no-fork cannot relay a terminal of its own to a program from the "
		    "container; add --no-tty to give it this one");
	return want_pty ? pty_open(&p->pty, req->tty == TTY_ALWAYS,
				   p->container_program ? p->rootfd : -EBADF, reterr)
			: 0;
}

int plan_prepare(const struct target *t, const struct nsenter_request *req, struct plan *p,
		 int *ret_status, char **reterr)
{
	int err;

	*ret_status = NSENTER_FAILED;
	/* setns() into namespaces we do not own needs CAP_SYS_ADMIN, or a user namespace of ours
	 * that owns them: say so before anything fails halfway. */
	err = plan_userns_caller(t, req, p, reterr);
	if (err < 0)
		return err;
	/* Nobody in the container may ptrace us or open our fds while we hold host resources. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return error_set(reterr, negative_errno(),
				 "cannot make the process non-dumpable: %m");
	err = plan_namespaces(t, plan_mask(req), p, reterr);
	if (err >= 0 && req->user_parent)
		err = plan_user_parent(t, p, reterr);
	if (err >= 0 && req->host_root)
		err = plan_host_root(t, p, reterr);
	if (err >= 0)
		err = open_root_and_wd(t, req, p, reterr);
	p->container_program = !req->host_root && (p->rootfd >= 0 || (p->join & NS_BIT(NS_MNT)));
	if (err >= 0)
		err = plan_userns_join(t, req, p, reterr);
	if (err >= 0 && (req->join_cgroup || req->exec_like))
		err = cgroup_open_procs(t->procfd, p->unprivileged, &p->cg, reterr);
	if (err >= 0)
		err = plan_userns_cgroups(req, p, reterr);
	if (err >= 0)
		err = plan_identity(t, req, p, reterr);
	if (err >= 0)
		err = plan_environment(t, req, p, reterr);
	if (err >= 0 && req->tools)
		err = tools_plan(req, p, reterr);
	if (err >= 0)
		err = plan_search_path(p);
	if (err >= 0)
		err = plan_command(t, req, p, ret_status, reterr);
	if (err >= 0)
		err = plan_powers(t, req, p, reterr);
	if (err >= 0)
		err = plan_terminal(req, p, reterr);
	p->keep_caps = req->keep_caps;
	if (err == -ENOMEM)
		return error_set(reterr, err, "out of memory");
	return err;
}
