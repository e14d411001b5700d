// SPDX-License-Identifier: Apache-2.0
/* cgroup membership: /proc/PID/cgroup names each hierarchy and path; our mountinfo says where each
 * hierarchy is. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "error.h"
#include "fdutil.h"
#include "macros.h"

#define MOUNTINFO_MAX (8u << 20)

void cgroup_procs_done(struct cgroup_procs *c)
{
	for (size_t i = 0; i < c->n; i++) {
		closep(&c->fds[i]);
		free(c->names[i]);
	}
	c->n = 0;
}

/* Copy a mountinfo field, decoding its \ooo escapes. */
static void unescape(const char *s, size_t n, char *out, size_t size)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < size; i++) {
		if (s[i] == '\\' && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3') {
			out[o++] = (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) |
					  (s[i + 3] - '0'));
			i += 3;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
}

/* Whether every comma-separated item of want appears in the comma-separated list opts. */
static bool has_all(const char *opts, size_t olen, const char *want)
{
	while (*want) {
		size_t n = strcspn(want, ","), i = 0;
		bool found = false;

		while (i < olen && !found) {
			size_t m = 0;

			while (i + m < olen && opts[i + m] != ',')
				m++;
			found = m == n && memcmp(opts + i, want, n) == 0;
			i += m + 1;
		}
		if (!found)
			return false;
		want += n;
		if (*want == ',')
			want++;
	}
	return true;
}

struct mi_fields {
	const char *f[16]; /* 6 fields, optional tags, '-', 3 fields */
	size_t n[16];
	size_t count;
	size_t dash; /* index of the "-" separator */
};

static void split_fields(const char *s, size_t len, struct mi_fields *m)
{
	size_t i = 0;

	m->count = 0;
	m->dash = 0;
	while (i < len && m->count < ARRAY_SIZE(m->f)) {
		size_t j = i;

		while (j < len && s[j] != ' ')
			j++;
		m->f[m->count] = s + i;
		m->n[m->count] = j - i;
		if (m->n[m->count] == 1 && s[i] == '-' && !m->dash)
			m->dash = m->count;
		m->count++;
		i = j + 1;
	}
}

/* The directory of cgpath below the mount m, into buf; buf is written only when it fits. */
static int build_dir(const struct mi_fields *m, const char *cgpath, char *buf, size_t size)
{
	char root[4096], mnt[4096];
	size_t rlen;
	int n;

	unescape(m->f[3], m->n[3], root, sizeof(root));
	unescape(m->f[4], m->n[4], mnt, sizeof(mnt));
	rlen = strlen(root);
	if (strcmp(root, "/") == 0)
		rlen = 0;
	else if (strncmp(cgpath, root, rlen) != 0 || (cgpath[rlen] != '/' && cgpath[rlen] != '\0'))
		return -ENOENT;
	n = snprintf(NULL, 0, "%s%s", mnt, cgpath + rlen);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	snprintf(buf, size, "%s%s", mnt, cgpath + rlen);
	return 0;
}

int cgroup_resolve_path(const char *mi, size_t len, const char *controllers, const char *cgpath,
			char *buf, size_t size)
{
	const char *pos = mi, *end = mi + len;
	bool v2 = controllers[0] == '\0';

	while (pos < end) {
		const char *eol = memchr(pos, '\n', (size_t)(end - pos));
		struct mi_fields m;
		size_t llen = eol ? (size_t)(eol - pos) : (size_t)(end - pos);

		split_fields(pos, llen, &m);
		pos += llen + 1;
		if (m.dash < 6 || m.dash + 3 >= m.count)
			continue;
		if (v2 ? (m.n[m.dash + 1] == 7 && memcmp(m.f[m.dash + 1], "cgroup2", 7) == 0)
		       : (m.n[m.dash + 1] == 6 && memcmp(m.f[m.dash + 1], "cgroup", 6) == 0 &&
			  has_all(m.f[m.dash + 3], m.n[m.dash + 3], controllers)))
			if (build_dir(&m, cgpath, buf, size) == 0)
				return 0;
	}
	return -ENOENT;
}

static int open_one(const char *mi, size_t milen, const char *line, size_t n, bool unprivileged,
		    struct cgroup_procs *c)
{
	char ctrl[256], path[4096], dir[8192];
	const char *c1 = memchr(line, ':', n), *c2;
	_cleanup_close_ int dirfd = -EBADF;
	uid_t owner = (uid_t)-1;
	struct stat st;
	int fd;

	if (!c1 || !(c2 = memchr(c1 + 1, ':', n - (size_t)(c1 + 1 - line))))
		return 0;
	if ((size_t)(c2 - c1 - 1) >= sizeof(ctrl) || n - (size_t)(c2 + 1 - line) >= sizeof(path))
		return -ENAMETOOLONG;
	memcpy(ctrl, c1 + 1, (size_t)(c2 - c1 - 1));
	ctrl[c2 - c1 - 1] = '\0';
	memcpy(path, c2 + 1, n - (size_t)(c2 + 1 - line));
	path[n - (size_t)(c2 + 1 - line)] = '\0';
	if (path[0] != '/' || strstr(path, "/../") ||
	    cgroup_resolve_path(mi, milen, ctrl, path, dir, sizeof(dir)) < 0)
		return 0; /* a hierarchy we cannot see is skipped */
	if (c->n >= CGROUP_MAX_HIERARCHIES)
		return -E2BIG;
	dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return negative_errno();
	if (fstatat(dirfd, "cgroup.procs", &st, 0) == 0)
		owner = st.st_uid;
	fd = openat(dirfd, "cgroup.procs", O_WRONLY | O_CLOEXEC);
	if (fd < 0 && !(unprivileged && (errno == EACCES || errno == EPERM)))
		return negative_errno();
	c->names[c->n] = strndup(c1 + 1, n - (size_t)(c1 + 1 - line));
	if (!c->names[c->n]) {
		if (fd >= 0)
			close(fd);
		return -ENOMEM;
	}
	c->owners[c->n] = owner;
	c->fds[c->n++] = fd;
	return 0;
}

int cgroup_open_procs(int procfd, bool unprivileged, struct cgroup_procs *ret, char **reterr)
{
	_cleanup_free_ char *cg = NULL, *mi = NULL;
	struct cgroup_procs c = { .n = 0 };
	size_t cglen, milen;
	const char *pos;
	int err;

	err = fd_read_file(procfd, "cgroup", 64 * 1024, &cg, &cglen);
	if (err >= 0)
		err = fd_read_file(AT_FDCWD, "/proc/self/mountinfo", MOUNTINFO_MAX, &mi, &milen);
	if (err < 0)
		return error_set(reterr, err, "cannot read the container's cgroups: %s",
				 strerror(-err));
	for (pos = cg; pos < cg + cglen;) {
		const char *eol = strchr(pos, '\n');
		size_t n = eol ? (size_t)(eol - pos) : strlen(pos);

		err = open_one(mi, milen, pos, n, unprivileged, &c);
		if (err < 0) {
			cgroup_procs_done(&c);
			return error_set(reterr, err, "cannot open the container's cgroup: %s",
					 strerror(-err));
		}
		pos += n + 1;
	}
	if (c.n == 0)
		return error_set(reterr, -ENOENT,
				 "no cgroup hierarchy of the container is mounted here");
	*ret = c;
	return 0;
}

int cgroup_join(const struct cgroup_procs *c, char **reterr)
{
	for (size_t i = 0; i < c->n; i++)
		if (write(c->fds[i], "0", 1) != 1)
			return error_set(reterr, negative_errno(),
					 "cannot join the container's cgroup: %m");
	return 0;
}

/* Whether our own /proc/self/cgroup has the line "N:name". */
static bool in_cgroup(const char *ours, size_t len, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = ours; p < ours + len;) {
		size_t left = (size_t)(ours + len - p);
		const char *eol = memchr(p, '\n', left), *c = memchr(p, ':', left);
		size_t l = eol ? (size_t)(eol - p) : left;

		if (c && c < p + l && (size_t)(p + l - c - 1) == n && memcmp(c + 1, name, n) == 0)
			return true;
		p += l + 1;
	}
	return false;
}

static void drop_one(struct cgroup_procs *c, size_t i)
{
	closep(&c->fds[i]);
	free(c->names[i]);
	c->n--;
	c->fds[i] = c->fds[c->n];
	c->owners[i] = c->owners[c->n];
	c->names[i] = c->names[c->n];
}

int cgroup_procs_keep_joinable(struct cgroup_procs *c, bool drop, char **reterr)
{
	_cleanup_free_ char *ours = NULL;
	size_t len;
	int err = fd_read_file(AT_FDCWD, "/proc/self/cgroup", 64 * 1024, &ours, &len);

	if (err < 0)
		return error_set(reterr, err, "cannot read our own cgroups: %s", strerror(-err));
	/* refused before anything is dropped, so that a refusal leaves c as it was */
	for (size_t i = 0; !drop && i < c->n; i++)
		if (!in_cgroup(ours, len, c->names[i]) && c->fds[i] < 0)
			return error_set(reterr, -EACCES,
					 "cannot join the container's cgroup %s: it belongs to uid "
					 "%d, and only root "
					 "may move processes into it",
					 c->names[i],
					 c->owners[i] == (uid_t)-1 ? -1 : (int)c->owners[i]);
	for (size_t i = 0; i < c->n;)
		if (in_cgroup(ours, len, c->names[i]) || c->fds[i] < 0)
			drop_one(c, i);
		else
			i++;
	return 0;
}
