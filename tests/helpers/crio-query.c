// SPDX-License-Identifier: Apache-2.0
/* Test helper: the CRI-O client of lib/ from the command line. Exits with the errno of a failure,
 * its message on stderr.   crio-query [-a SOCKET] [-t TIMEOUT_MS] container ID | info */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "crio.h"
#include "error.h"
#include "macros.h"

static void print_kv(const char *what, const struct crio_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *k = error_sanitize(kv[i].key, strlen(kv[i].key));
		_cleanup_free_ char *v = error_sanitize(kv[i].value, strlen(kv[i].value));
		printf("%s=%s=%s\n", what, k ? k : "", v ? v : "");
	}
}

static int container(struct crio_client *c, const char *id, char **err)
{
	struct crio_container ct;
	int r = crio_container(c, id, &ct, err);

	if (r >= 0)
		r = crio_container_check(&ct, id, err);
	if (r == -ESRCH || r >= 0) {
		_cleanup_free_ char *name = error_sanitize(ct.name, strlen(ct.name));
		printf("name=%s\npid=%d\nsandbox=%s\nhost_network=%d\ncreated_time=%lld\n",
		       name ? name : "", (int)ct.pid, ct.sandbox, ct.host_network,
		       (long long)ct.created_time);
		print_kv("label", ct.labels, ct.n_labels);
		print_kv("annotation", ct.annotations, ct.n_annotations);
		for (size_t i = 0; i < ct.n_ip_addresses; i++)
			printf("ip=%s\n", ct.ip_addresses[i]);
		crio_container_done(&ct);
	}
	return r;
}

int main(int argc, char **argv)
{
	_cleanup_free_ char *path = NULL, *err = NULL;
	const char *address = NULL;
	struct crio_client c;
	struct crio_info info;
	int timeout = CRIO_DEFAULT_TIMEOUT_MS, opt, r;

	while ((opt = getopt(argc, argv, "+a:t:")) != -1) {
		if (opt == 'a')
			address = optarg;
		else if (opt == 't')
			timeout = atoi(optarg);
		else
			return EINVAL;
	}
	argc -= optind;
	argv += optind;
	r = crio_address(address, &path, &err);
	if (r >= 0)
		r = crio_init(&c, path, timeout);
	if (r < 0)
		goto out;
	if (argc == 2 && strcmp(argv[0], "container") == 0) {
		r = container(&c, argv[1], &err);
	} else if (argc == 1 && strcmp(argv[0], "info") == 0) {
		r = crio_info(&c, &info, &err);
		if (r >= 0) {
			printf("storage_driver=%s\nstorage_root=%s\ncgroup_driver=%s\n",
			       info.storage_driver, info.storage_root, info.cgroup_driver);
			crio_info_done(&info);
		}
	} else {
		r = -EINVAL;
	}
	crio_done(&c);
out:
	if (r < 0) {
		fprintf(stderr, "crio-query: %s: %s\n",
			strerrorname_np(-r) ? strerrorname_np(-r) : "?", err ? err : strerror(-r));
		return -r;
	}
	return 0;
}
