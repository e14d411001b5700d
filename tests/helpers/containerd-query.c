// SPDX-License-Identifier: Apache-2.0
/* Test helper: the containerd client of lib/ from the command line, so the integration tests can
 * compare what it finds with what ctr says. Exits with the errno of a failure (ENOENT, ENOTUNIQ,
 * ESRCH...), its message on stderr. containerd-query [-a SOCKET] [-n NAMESPACE] [-t TIMEOUT_MS]
 * find REF | pid ID | resolve REF | list [KEY=VALUE...] resolve is find then pid on one connection,
 * as an enter will do it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "containerd.h"
#include "error.h"
#include "macros.h"

static void print_container(const struct containerd_container *c)
{
	printf("id=%s\nimage=%s\nruntime=%s\n", c->id, c->image, c->runtime);
	for (size_t i = 0; i < c->n_labels; i++) {
		_cleanup_free_ char *k = error_sanitize(c->labels[i].key, strlen(c->labels[i].key));
		_cleanup_free_ char *v =
		    error_sanitize(c->labels[i].value, strlen(c->labels[i].value));
		printf("label=%s=%s\n", k ? k : "", v ? v : "");
	}
}

static int run(struct containerd_client *c, const char *ns, int argc, char **argv, char **err)
{
	struct containerd_container ct;
	struct containerd_list l;
	struct containerd_label match[16];
	pid_t pid;
	int r;

	if (argc == 2 && strcmp(argv[0], "find") == 0) {
		if ((r = containerd_find(c, ns, argv[1], &ct, err)) < 0)
			return r;
		print_container(&ct);
		containerd_container_done(&ct);
	} else if (argc == 2 && strcmp(argv[0], "resolve") == 0) {
		if ((r = containerd_find(c, ns, argv[1], &ct, err)) < 0)
			return r;
		r = containerd_task_pid(c, ns, ct.id, &pid, err);
		if (r >= 0)
			printf("%s %d\n", ct.id, (int)pid);
		containerd_container_done(&ct);
		return r;
	} else if (argc == 2 && strcmp(argv[0], "pid") == 0) {
		if ((r = containerd_task_pid(c, ns, argv[1], &pid, err)) < 0)
			return r;
		printf("%d\n", (int)pid);
	} else if (argc >= 1 && strcmp(argv[0], "list") == 0 &&
		   argc - 1 <= (int)ARRAY_SIZE(match)) {
		for (int i = 1; i < argc; i++) {
			char *eq = strchr(argv[i], '=');
			if (!eq)
				return -EINVAL;
			*eq = '\0';
			match[i - 1] = (struct containerd_label){ argv[i], eq + 1 };
		}
		if ((r = containerd_list(c, ns, match, (size_t)argc - 1, &l, err)) < 0)
			return r;
		for (size_t i = 0; i < l.n; i++)
			printf("%s\n", l.items[i].id);
		containerd_list_done(&l);
	} else {
		return -EINVAL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *address = NULL, *ns = CONTAINERD_DEFAULT_NAMESPACE;
	_cleanup_free_ char *path = NULL, *err = NULL;
	struct containerd_client c;
	int timeout = CONTAINERD_DEFAULT_TIMEOUT_MS, opt, r;

	while ((opt = getopt(argc, argv, "+a:n:t:")) != -1) {
		if (opt == 'a')
			address = optarg;
		else if (opt == 'n')
			ns = optarg;
		else if (opt == 't')
			timeout = atoi(optarg);
		else
			return EINVAL;
	}
	r = containerd_address(address, &path, &err);
	if (r >= 0)
		r = containerd_init(&c, path, timeout);
	if (r >= 0) {
		r = run(&c, ns, argc - optind, argv + optind, &err);
		containerd_done(&c);
	}
	if (r < 0) {
		fprintf(stderr, "containerd-query: %s: %s\n",
			strerrorname_np(-r) ? strerrorname_np(-r) : "?", err ? err : strerror(-r));
		return -r;
	}
	return 0;
}
