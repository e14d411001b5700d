// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: docker's global flags and the context metadata the endpoint is chosen from. The
 * input is "argv words separated by \n" NUL "config.json" NUL "meta.json"; the files go to a
 * scratch config directory. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dcp.h"
#include "fuzz.h"

/* sha256("fuzz"), the directory docker keeps the context named "fuzz" in */
#define META_DIR "contexts/meta/93850b707585e404e4951a3ddc1f05a34b3d4f5fc081d616f46d8a2e8f1c8e68"

static char dir[] = "/tmp/fuzz-context-XXXXXX";

static void put(const char *name, const char *data, size_t len)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	if (write(fd, data, len) < 0)
		(void)0;
	close(fd);
}

static void split_words(char *s, size_t len, char **argv, int *argc)
{
	*argc = 0;
	argv[(*argc)++] = (char *)"docker-nsenter";
	for (char *p = s; p < s + len && *argc < 30;) {
		char *nl = memchr(p, '\n', (size_t)(s + len - p));

		if (nl)
			*nl = '\0';
		argv[(*argc)++] = p;
		if (!nl)
			break;
		p = nl + 1;
	}
	argv[*argc] = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *s = (const char *)data, *end = s + size, *p1, *p2;
	char *words, *argv[32], *ep = NULL, *origin = NULL, *err = NULL, sub[512];
	struct dcp_globals g;
	int argc, first;

	if (!ready) {
		if (!mkdtemp(dir))
			return 0;
		snprintf(sub, sizeof(sub), "%s/contexts", dir);
		mkdir(sub, 0700);
		snprintf(sub, sizeof(sub), "%s/contexts/meta", dir);
		mkdir(sub, 0700);
		snprintf(sub, sizeof(sub), "%s/%s", dir, META_DIR);
		mkdir(sub, 0700);
		setenv("DOCKER_CONFIG", dir, 1);
		setenv("DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND", "docker", 1);
		unsetenv("DOCKER_HOST");
		unsetenv("DOCKER_CONTEXT");
		ready = 1;
	}
	p1 = memchr(s, '\0', size);
	p2 = p1 ? memchr(p1 + 1, '\0', (size_t)(end - p1 - 1)) : NULL;
	if (!p1 || !p2 || p1 - s > 400)
		return 0;
	put("config.json", p1 + 1, (size_t)(p2 - p1 - 1));
	put(META_DIR "/meta.json", p2 + 1, (size_t)(end - p2 - 1));
	words = strndup(s, (size_t)(p1 - s));
	split_words(words, strlen(words), argv, &argc);
	if (dcp_split(argc, argv, "nsenter", &g, &first, &err) == 0) {
		if (first > argc)
			__builtin_trap();
		if (dcp_resolve_endpoint(&g, &ep, &origin, &err) == 0 && !ep)
			__builtin_trap();
		dcp_globals_free(&g);
	}
	free(ep);
	free(origin);
	free(err);
	free(words);
	return 0;
}
