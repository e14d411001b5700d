// SPDX-License-Identifier: Apache-2.0
/* Shared by the front ends: the daemon docker would use, and --help's option columns. */
#include <stdio.h>
#include <stdlib.h>

#include "front.h"
#include "macros.h"
#include "target.h"

int front_engine(const struct dcp_globals *g, int timeout_ms, struct engine *ret, char **reterr)
{
	_cleanup_free_ char *endpoint = NULL, *origin = NULL, *path = NULL;
	int r;

	r = dcp_resolve_endpoint(g, &endpoint, &origin, reterr);
	if (r >= 0)
		r = engine_endpoint_parse(endpoint, &path, reterr);
	if (r < 0)
		return r;
	engine_init(ret, path, timeout_ms);
	return 0;
}

int front_resolve(const struct dcp_globals *g, const char *ref, const struct resolve_options *o,
		  struct engine *e, bool *have_engine, struct target *t, char **reterr)
{
	struct resolve_ref r;
	int err;

	*have_engine = false;
	err = resolve_parse(ref, &r, reterr);
	if (err < 0)
		return err;
	if (r.scheme != RESOLVE_DOCKER) {
		err = resolve_target(o, &r, t, reterr);
		resolve_ref_done(&r);
		return err;
	}
	resolve_ref_done(&r);
	err = front_engine(g, o->timeout_ms, e, reterr);
	if (err < 0)
		return err;
	*have_engine = true;
	err = engine_ping(e, reterr);
	return err < 0 ? err : target_resolve(e, ref, t, reterr);
}

void front_print_options(const struct cli_option_doc *docs, int width)
{
	for (const struct cli_option_doc *d = docs; d->long_name; d++) {
		char left[64];

		snprintf(left, sizeof(left), "%c%c%c --%s%s", d->short_name ? '-' : ' ',
			 d->short_name ? d->short_name : ' ', d->short_name ? ',' : ' ',
			 d->long_name, d->arg ? d->arg : "");
		printf(" %-*s %s\n", width, left, d->help);
	}
}
