// SPDX-License-Identifier: Apache-2.0
/* The container's mount table, read with libmount; for mounts of a filesystem the host has mounted
 * too, the host path they show is found by device number and root. */
#include <errno.h>
#include <fcntl.h>
#include <libmount/libmount.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "macros.h"
#include "nsmount.h"
#include "target.h"

void nsmount_list_free(struct nsmount_entry *l, size_t n)
{
	for (size_t i = 0; l && i < n; i++) {
		free(l[i].target);
		free(l[i].source);
		free(l[i].fstype);
		free(l[i].options);
	}
	free(l);
}

/* The host path of the directory root of filesystem devno, or NULL when the host does not show it.
 * */
static char *host_path(struct libmnt_table *host, dev_t devno, const char *root)
{
	struct libmnt_iter *it = mnt_new_iter(MNT_ITER_FORWARD);
	struct libmnt_fs *fs;
	char *found = NULL;
	size_t best = 0;

	while (it && !found && mnt_table_next_fs(host, it, &fs) == 0) {
		const char *hroot = mnt_fs_get_root(fs), *htarget = mnt_fs_get_target(fs);
		size_t n = hroot ? strlen(hroot) : 0;

		if (mnt_fs_get_devno(fs) != devno || !hroot || !htarget ||
		    strncmp(root, hroot, n) != 0)
			continue;
		if (n > 1 && root[n] != '/' && root[n] != '\0')
			continue;
		if (n >= best) {
			const char *rest = n > 1 ? root + n : root;

			best = n;
			if (asprintf(&found, "%s%s",
				     strcmp(htarget, "/") == 0 && rest[0] == '/' ? "" : htarget,
				     strcmp(rest, "/") == 0 && strcmp(htarget, "/") != 0
					 ? ""
					 : rest) < 0)
				found = NULL;
		}
	}
	mnt_free_iter(it);
	return found;
}

static int add(struct libmnt_fs *fs, struct libmnt_table *host, struct nsmount_entry *e)
{
	const char *src = mnt_fs_get_source(fs), *root = mnt_fs_get_root(fs);
	char *hp = NULL;

	/* a bind (its root is not the filesystem's) or a block filesystem the host shows: name the
	 * host path */
	if (root && (strcmp(root, "/") != 0 || (src && src[0] == '/')))
		hp = host_path(host, mnt_fs_get_devno(fs), root);
	e->target = strdup(mnt_fs_get_target(fs) ? mnt_fs_get_target(fs) : "");
	e->source = hp ? hp : strdup(src ? src : "none");
	e->fstype = strdup(mnt_fs_get_fstype(fs) ? mnt_fs_get_fstype(fs) : "");
	e->options = strdup(mnt_fs_get_options(fs) ? mnt_fs_get_options(fs) : "");
	return e->target && e->source && e->fstype && e->options ? 0 : -ENOMEM;
}

/* The mount table of the pinned process, read through its /proc directory: never by its number,
 * which another process may have taken since; reading a dead process's table fails. */
static int parse_target_table(struct libmnt_table *tb, const struct target *t)
{
	int fd = openat(t->procfd, "mountinfo", O_RDONLY | O_CLOEXEC);
	FILE *f;
	int r;

	if (fd < 0)
		return negative_errno();
	f = fdopen(fd, "re");
	if (!f) {
		r = negative_errno();
		close(fd);
		return r;
	}
	r = mnt_table_parse_stream(tb, f, "mountinfo");
	fclose(f);
	return r < 0 ? r : 0;
}

int nsmount_list(const struct target *t, struct nsmount_entry **ret, size_t *ret_n, char **reterr)
{
	struct libmnt_table *ctr = mnt_new_table(), *host = mnt_new_table();
	struct libmnt_iter *it = mnt_new_iter(MNT_ITER_FORWARD);
	struct nsmount_entry *l = NULL;
	struct libmnt_fs *fs;
	size_t n = 0;
	int err = 0;

	if (!ctr || !host || !it)
		err = -ENOMEM;
	else if (parse_target_table(ctr, t) < 0 ||
		 mnt_table_parse_file(host, "/proc/self/mountinfo") < 0)
		err = error_set(reterr, -EIO, "cannot read the mount tables");
	else if (!(l = calloc((size_t)mnt_table_get_nents(ctr) + 1, sizeof(*l))))
		err = -ENOMEM;
	while (err >= 0 && mnt_table_next_fs(ctr, it, &fs) == 0)
		err = add(fs, host, &l[n++]);
	mnt_free_iter(it);
	mnt_unref_table(ctr);
	mnt_unref_table(host);
	if (err < 0) {
		nsmount_list_free(l, n);
		return err;
	}
	*ret = l;
	*ret_n = n;
	return 0;
}
