// SPDX-License-Identifier: Apache-2.0
/* Completion: options, running containers (from the daemon or its proven cache, never the docker
 * CLI), then host commands. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "complete-internal.h"
#include "complete.h"
#include "engine.h"
#include "filter.h"
#include "front.h"
#include "listing-cache.h"
#include "macros.h"
#include "options.h"

bool complete_with_desc = true;

void complete_candidate(const char *value, const char *desc)
{
	if (complete_with_desc && desc && *desc)
		printf("%s\t%s\n", value, desc);
	else
		printf("%s\n", value);
}

int complete_options(const char *word, const struct cli_option_doc *docs)
{
	for (const struct cli_option_doc *d = docs; d->long_name; d++) {
		char buf[64];

		snprintf(buf, sizeof(buf), "--%s", d->long_name);
		if (strncmp(buf, word, strlen(word)) == 0)
			complete_candidate(buf, d->help);
		snprintf(buf, sizeof(buf), "-%c", d->short_name);
		if (d->short_name && strncmp(buf, word, strlen(word)) == 0 && word[1] != '-')
			complete_candidate(buf, d->help);
	}
	return DIR_NO_FILES;
}

static bool looks_like_id(const char *w)
{
	return *w && strspn(w, "0123456789abcdef") == strlen(w);
}

/* Open name below parent (AT_FDCWD: an absolute path), without following a link, as a directory
 * that is ours and closed to everybody else; -1 otherwise. */
static int open_own_dir(int parent, const char *name, bool create)
{
	struct stat st;
	int fd;

	if (create && mkdirat(parent, name, 0700) < 0 && errno != EEXIST)
		return -1;
	fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || st.st_uid != geteuid() || (st.st_mode & 077)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Where the container list may be cached: $XDG_RUNTIME_DIR/docker-nsenter, or
 * /run/docker-nsenter-cache for root without one. $XDG_RUNTIME_DIR and the cache directory must
 * both be ours, closed to everybody else and no symbolic links; -1 when there is none such, or
 * DOCKER_NSENTER_NO_CACHE is set. */
static int cache_dir_open(void)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR"), *nc = getenv("DOCKER_NSENTER_NO_CACHE");
	_cleanup_close_ int xdgfd = -EBADF;

	if (nc && *nc && strcmp(nc, "0") != 0)
		return -1;
	if (xdg && xdg[0] == '/') {
		xdgfd = open_own_dir(AT_FDCWD, xdg, false);
		return xdgfd < 0 ? -1 : open_own_dir(xdgfd, "docker-nsenter", true);
	}
	return geteuid() == 0 ? open_own_dir(AT_FDCWD, "/run/docker-nsenter-cache", true) : -1;
}

/* No Docker daemon answers (a Kubernetes node runs none): a scheme typed in part is still offered;
 * otherwise an error, as always when the daemon is down. */
static int no_docker(int schemes)
{
	return schemes ? DIR_NO_FILES | schemes : DIR_ERROR;
}

int complete_containers(const char *word, const struct dcp_globals *g)
{
	struct container_summary *l = NULL;
	_cleanup_close_ int dirfd = -EBADF;
	char query[1024];
	struct engine e;
	size_t n = 0;
	int err, schemes;

	complete_runtimes.timeout_ms = COMPLETE_TIMEOUT_MS;
	err = complete_runtime_ref(word);
	if (err != -1)
		return err;
	schemes = complete_schemes(word);
	err = front_engine(g, COMPLETE_TIMEOUT_MS, &e, NULL);
	if (err < 0)
		return no_docker(schemes);
	dirfd = cache_dir_open();
	/* a word that may be an ID prefix needs every container; a name prefix only the matching
	 * ones */
	if (looks_like_id(word) || listing_name_filter(word, query, sizeof(query)) < 0)
		query[0] = '\0';
	err = listing_fetch_cached(&e, dirfd, query[0] ? query : NULL, &l, &n, NULL);
	engine_done(&e);
	if (err < 0)
		return no_docker(schemes);
	for (size_t i = 0; i < n; i++) {
		char desc[80];

		snprintf(desc, sizeof(desc), "container %.12s", l[i].id);
		if (l[i].name[0] && strncmp(l[i].name, word, strlen(word)) == 0)
			complete_candidate(l[i].name, desc);
	}
	if (looks_like_id(word))
		for (size_t i = 0; i < n; i++)
			if (strncmp(l[i].id, word, strlen(word)) == 0) {
				char id[13];

				snprintf(id, sizeof(id), "%.12s", l[i].id);
				complete_candidate(id, l[i].name);
			}
	listing_free(l, n);
	return DIR_NO_FILES | schemes;
}

/* Whether name was already offered (PATH often reaches one directory twice, /bin and /usr/bin). */
static bool seen_before(const char *name)
{
	static char **seen;
	static size_t n, cap;

	for (size_t i = 0; i < n; i++)
		if (strcmp(seen[i], name) == 0)
			return true;
	if (n == cap) {
		char **p = realloc(seen, (cap ? cap * 2 : 256) * sizeof(char *));

		if (!p)
			return false;
		seen = p;
		cap = cap ? cap * 2 : 256;
	}
	seen[n] = strdup(name);
	if (seen[n])
		n++;
	return false;
}

/* Executables of our PATH whose names start with word. */
static int commands(const char *word)
{
	const char *p = getenv("PATH");
	_cleanup_free_ char *path = strdup(p ? p : "/usr/local/bin:/usr/bin:/bin");
	char *save = NULL;

	if (!path)
		return DIR_ERROR;
	if (strchr(word, '/'))
		return DIR_DEFAULT;
	for (char *dir = strtok_r(path, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		DIR *d = opendir(dir);
		struct dirent *de;

		while (d && (de = readdir(d))) {
			if (de->d_name[0] == '.' || strncmp(de->d_name, word, strlen(word)) != 0)
				continue;
			if (faccessat(dirfd(d), de->d_name, X_OK, 0) == 0 &&
			    !seen_before(de->d_name))
				complete_candidate(de->d_name, NULL);
		}
		if (d)
			closedir(d);
	}
	return DIR_NO_FILES;
}

/* The value of an option: "follow" for -S/-G, directories for paths, images, filters, processes. */
static int option_value(const char *opt, const char *word, const struct dcp_globals *g)
{
	if (!strcmp(opt, "--tools"))
		return complete_tools(word, g);
	if (!strcmp(opt, "--filter"))
		return complete_filter_value(word, g);
	if (!strcmp(opt, "--which"))
		return complete_pids(word);
	if (!strcmp(opt, "-S") || !strcmp(opt, "--setuid") || !strcmp(opt, "-G") ||
	    !strcmp(opt, "--setgid")) {
		if (strncmp("follow", word, strlen(word)) == 0)
			complete_candidate("follow", "the container process's id");
		return DIR_NO_FILES;
	}
	if (!strcmp(opt, "-W") || !strcmp(opt, "--wdns") || !strcmp(opt, "--pin") ||
	    !strcmp(opt, "--unpin") || !strcmp(opt, "--pinned"))
		return DIR_DIRS;
	if (!strcmp(opt, "--containerd-address") || !strcmp(opt, "--crio-address"))
		return DIR_DEFAULT; /* a socket's path */
	if (!strcmp(opt, "--as") || !strcmp(opt, "--timeout") || !strcmp(opt, "-H") ||
	    !strcmp(opt, "--host"))
		return DIR_NO_FILES;
	return DIR_NO_FILES;
}

/* A word that starts with '-': an option, or an option with its value attached ("--setuid=f",
 * "-r/srv"). */
static int option_word(const char *word, const struct dcp_globals *g)
{
	const char *eq = strchr(word, '=');

	if (word[1] == '-' && eq) {
		char opt[64];

		if (strncmp(word, "--root=", 7) == 0 || strncmp(word, "--wd=", 5) == 0)
			return DIR_DIRS;
		snprintf(opt, sizeof(opt), "%.*s", (int)(eq - word), word);
		return cli_option_takes_next(opt) ? option_value(opt, eq + 1, g) : DIR_NO_FILES;
	}
	if (word[1] != '-' && (word[1] == 'r' || word[1] == 'w') && word[2])
		return DIR_DIRS;
	return complete_options(word, cli_option_docs);
}

/* The -H/--host of the words typed so far, as the command will use it. */
static const char *typed_host(const char *w, const char *next)
{
	if (!strcmp(w, "-H") || !strcmp(w, "--host"))
		return next;
	if (!strncmp(w, "--host=", 7))
		return w + 7;
	return NULL;
}

int complete_main(int argc, char **argv, const struct dcp_globals *g)
{
	const char *word = argc > 0 ? argv[argc - 1] : "";
	bool have_container = false, dashdash = false, stopped = false;
	struct dcp_globals typed = *g;
	int directive;

	complete_with_desc = !g->complete_nodesc;
	for (int i = 0; i < argc - 1; i++) {
		const char *w = argv[i];

		if (!dashdash && strcmp(w, "--") == 0) {
			dashdash = true;
		} else if (!dashdash && w[0] == '-' && w[1]) {
			const char *host = typed_host(w, i + 1 < argc - 1 ? argv[i + 1] : NULL);

			if (host && !typed.host)
				typed.host = (char *)host;
			stopped |= strcmp(w, "--stopped") == 0;
			/* --filter and --pinned take the place of the container */
			have_container |= !strncmp(w, "--filter", 8) || !strncmp(w, "--pinned", 8);
			if (cli_option_takes_next(w) && i + 1 < argc - 1)
				complete_runtime_option(w, argv[++i]);
			else if (cli_option_takes_next(w))
				return printf(":%d\n", option_value(w, word, g)), 0;
		} else if (!have_container) {
			have_container = true;
			dashdash = false;
		} else {
			/* the command has started: its arguments are files */
			puts(":0");
			return 0;
		}
	}
	if (!dashdash && word[0] == '-')
		directive = option_word(word, g);
	else if (!have_container && compose_ref_is(word))
		directive = complete_compose(word, g, stopped);
	else if (!have_container && stopped)
		directive = complete_stopped(word, g);
	else if (!have_container)
		directive = complete_containers(word, &typed);
	else
		directive = commands(word);
	printf(":%d\n", directive);
	return 0;
}
