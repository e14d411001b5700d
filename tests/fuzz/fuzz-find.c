// SPDX-License-Identifier: Apache-2.0
/* Fuzz target: what issue 17 reads from outside: a container's or an image's GraphDriver and
 * Mounts, the container list with its labels, compose references, filters, the IDs a cgroup names,
 * the engine's mount in a mount table. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "fuzz.h"
#include "hold.h"
#include "rootfs.h"
#include "which.h"

static void ref_and_filter(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	const char *f[1];
	struct compose_ref c;
	char *q = NULL;

	if (!s)
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	if (compose_ref_parse(s, &c, NULL) == 0 && (!c.project[0] || !c.service[0]))
		__builtin_trap();
	f[0] = s;
	if (filter_query(f, 1, &q, NULL) == 0 && strchr(q, '"'))
		__builtin_trap(); /* everything reserved is encoded */
	free(q);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char ids[WHICH_MAX_IDS][65];
	const char *engines[WHICH_MAX_IDS];
	struct filter_match *m = NULL;
	struct rootfs r;
	size_t n = 0;

	if (rootfs_parse_container(text, size, &r, NULL) == 0)
		rootfs_done(&r);
	if (rootfs_parse_image(text, size, &r, NULL) == 0)
		rootfs_done(&r);
	if (filter_parse_list(text, size, &m, &n, NULL) == 0)
		filter_matches_free(m, n);
	n = which_cgroup_ids(text, size, ids, engines, WHICH_MAX_IDS);
	for (size_t i = 0; i < n; i++)
		if (strlen(ids[i]) != 64)
			__builtin_trap();
	(void)hold_mountinfo_uses(text, size, "/var/lib/docker/overlay2/abc/diff");
	ref_and_filter(data, size);
	return 0;
}
