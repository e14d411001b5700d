// SPDX-License-Identifier: Apache-2.0
/* docker-nsmount's completion: apart from docker-nsenter's so that docker-nsenter never links
 * libmount. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "complete-internal.h"
#include "complete.h"
#include "engine.h"
#include "fdutil.h"
#include "front.h"
#include "macros.h"
#include "output.h"
#include "nsmount.h"
#include "target.h"

/* Directories inside the container's root that complete word (an absolute path), read through its
 * root. */
static int container_dirs(const struct target *t, const char *word)
{
	_cleanup_close_ int rootfd = openat(t->procfd, "root", O_PATH | O_DIRECTORY | O_CLOEXEC),
			    dfd = -EBADF;
	_cleanup_free_ char *dir = strdup(word[0] == '/' ? word : "/");
	const char *base;
	char *slash;
	DIR *d;
	struct dirent *de;

	if (rootfd < 0 || !dir)
		return DIR_ERROR;
	slash = strrchr(dir, '/');
	base = word[0] == '/' ? word + (slash - dir) + 1 : "";
	slash[1] = '\0';
	dfd = fd_open_in_root(rootfd, dir, O_RDONLY | O_DIRECTORY);
	if (dfd < 0 || !(d = fdopendir(dfd)))
		return DIR_NO_FILES;
	dfd = -EBADF; /* the DIR owns it now */
	while ((de = readdir(d))) {
		char cand[4096];
		struct stat st;

		if (de->d_name[0] == '.' || strncmp(de->d_name, base, strlen(base)) != 0 ||
		    out_has_control(de->d_name))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISDIR(st.st_mode))
			continue;
		snprintf(cand, sizeof(cand), "%s%s/", dir, de->d_name);
		complete_candidate(cand, NULL);
	}
	closedir(d);
	return DIR_NO_FILES | DIR_NO_SPACE;
}

/* The container's mount points that complete word, for -u. */
static int container_mounts(const struct target *t, const char *word)
{
	struct nsmount_entry *l = NULL;
	size_t n = 0;

	if (nsmount_list(t, &l, &n, NULL) < 0)
		return DIR_ERROR;
	for (size_t i = 0; i < n; i++)
		if (strncmp(l[i].target, word, strlen(word)) == 0 &&
		    !out_has_control(l[i].target) && !out_has_control(l[i].source))
			complete_candidate(l[i].target, l[i].source);
	nsmount_list_free(l, n);
	return DIR_NO_FILES;
}

/* The container positional that completion needs, resolved with one more request. */
static int with_container(const char *ref, const struct dcp_globals *g,
			  int (*fn)(const struct target *, const char *), const char *word)
{
	struct engine e;
	struct target t;
	int directive = DIR_ERROR;
	bool engine;

	target_init(&t);
	complete_runtimes.timeout_ms = COMPLETE_TIMEOUT_MS;
	if (front_resolve(g, ref, &complete_runtimes, &e, &engine, &t, NULL) >= 0)
		directive = fn(&t, word);
	if (engine)
		engine_done(&e);
	target_done(&t);
	return directive;
}

int complete_nsmount(int argc, char **argv, const struct dcp_globals *g,
		     const struct cli_option_doc *docs, bool (*takes_next)(const char *))
{
	const char *word = argc > 0 ? argv[argc - 1] : "", *pos[3] = { NULL };
	bool umount = false, dashdash = false;
	int npos = 0, directive;

	complete_with_desc = !g->complete_nodesc;
	for (int i = 0; i < argc - 1; i++) {
		const char *w = argv[i];

		if (!dashdash && strcmp(w, "--") == 0)
			dashdash = true;
		else if (!dashdash && w[0] == '-' && w[1]) {
			umount |= strcmp(w, "-u") == 0 || strcmp(w, "--umount") == 0;
			if (takes_next(w) && i + 1 < argc - 1)
				complete_runtime_option(w, argv[i + 1]);
			if (takes_next(w))
				i++;
		} else if (npos < 3) {
			pos[npos++] = w;
		}
	}
	if (argc >= 2 && !dashdash && takes_next(argv[argc - 2]))
		directive = DIR_NO_FILES; /* a value: a type, options or seconds */
	else if (!dashdash && word[0] == '-')
		directive = complete_options(word, docs);
	else if (npos == 0)
		directive = complete_containers(word, g);
	else if (umount && npos == 1)
		directive = with_container(pos[0], g, container_mounts, word);
	else if (!umount && npos == 1)
		directive = DIR_DEFAULT; /* SOURCE: the host's files */
	else if (!umount && npos == 2)
		directive = with_container(pos[0], g, container_dirs, word);
	else
		directive = DIR_NO_FILES;
	printf(":%d\n", directive);
	return 0;
}
