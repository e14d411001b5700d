// SPDX-License-Identifier: Apache-2.0
/* References with a scheme, Kubernetes names, and --exec's fields from an OCI spec; the pin of a
 * candidate, and CRI-O's steps (resolve-crio.c is compiled in, for its static ones), whose failures
 * leave their outputs alone. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "fake-container.h"
#include "oci-spec.h"
#include "resolve-crio.c"
#include "resolve-internal.h"
#include "resolve.h"
#include "target.h"
#include "unit.h"

static int parse(const char *ref, struct resolve_ref *r)
{
	char *err = NULL;
	int ret = resolve_parse(ref, r, &err);

	free(err);
	return ret;
}

static void schemes(void **state)
{
	struct resolve_ref r;

	(void)state;
	assert_int_equal(parse("web", &r), 0);
	assert_int_equal(r.scheme, RESOLVE_DOCKER);
	assert_string_equal(r.id, "web");
	resolve_ref_done(&r);
	assert_int_equal(parse("containerd://abc", &r), 0);
	assert_int_equal(r.scheme, RESOLVE_CONTAINERD);
	assert_string_equal(r.ns, "k8s.io");
	assert_string_equal(r.id, "abc");
	resolve_ref_done(&r);
	assert_int_equal(parse("containerd://moby/abc", &r), 0);
	assert_string_equal(r.ns, "moby");
	resolve_ref_done(&r);
	assert_int_equal(parse("k8s://default/web", &r), 0);
	assert_int_equal(r.scheme, RESOLVE_K8S);
	assert_string_equal(r.pod, "web");
	assert_null(r.container);
	resolve_ref_done(&r);
	assert_int_equal(parse("k8s://default/web/app", &r), 0);
	assert_string_equal(r.container, "app");
	resolve_ref_done(&r);
	assert_int_equal(parse("crio://0123abc", &r), 0);
	assert_int_equal(r.scheme, RESOLVE_CRIO);
	resolve_ref_done(&r);
}

static void bad_references(void **state)
{
	static const char *const bad[] = {
		"containerd://",
		"containerd://moby/",
		"containerd:///x",
		"containerd://a/b/c",
		"containerd://../x",
		"containerd://x y",
		"k8s://default",
		"k8s://default/",
		"k8s://Default/web",
		"k8s://default/web/",
		"k8s://default/w/c/x",
		"k8s://-a/web",
		"crio://",
		"crio://../info",
		"crio://XYZ",
		"http://x",
		"crio://0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
	};
	struct resolve_ref r;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse(bad[i], &r), -EINVAL);
}

static void k8s_names(void **state)
{
	char long_name[300];

	(void)state;
	assert_true(resolve_k8s_name("kube-system"));
	assert_true(resolve_k8s_name("coredns-5d78c9869d-abcde"));
	assert_true(resolve_k8s_name("a.b"));
	assert_false(resolve_k8s_name("POD"));
	assert_false(resolve_k8s_name("a\x1b[31m"));
	assert_false(resolve_k8s_name("-a"));
	assert_false(resolve_k8s_name("a-"));
	assert_false(resolve_k8s_name(""));
	memset(long_name, 'a', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	assert_false(resolve_k8s_name(long_name));
}

static void oci_spec(void **state)
{
	static const char spec[] =
	    "{\"hostname\": \"web-0\", \"process\": {\"user\": {\"uid\": 1000, \"gid\": 50}, "
	    "\"cwd\": \"/srv\", \"env\": [\"PATH=/bin\", \"A=1\"]}}";
	struct container_info c = { 0 };
	char *err = NULL;

	(void)state;
	assert_int_equal(oci_spec_process_info(spec, strlen(spec), &c, &err), 0);
	assert_string_equal(c.user, "1000:50");
	assert_string_equal(c.workdir, "/srv");
	assert_string_equal(c.hostname, "web-0");
	assert_int_equal(c.n_env, 2);
	assert_string_equal(c.env[1], "A=1");
	assert_int_equal(oci_spec_info_empty(&c), 0);
	assert_string_equal(c.name, "");
	container_info_done(&c);
	assert_int_equal(oci_spec_process_info("{}", 2, &c, &err), 0);
	assert_string_equal(c.user, "");
	assert_non_null(c.env);
	container_info_done(&c);
	assert_int_equal(
	    oci_spec_process_info("{\"process\": {\"user\": {\"uid\": \"0\"}}}", 34, &c, &err),
	    -EBADMSG);
	assert_int_equal(oci_spec_process_info("{\"process\": {\"env\": [1]}}", 26, &c, &err),
			 -EBADMSG);
	assert_int_equal(oci_spec_process_info("[]", 2, &c, &err), -EBADMSG);
	free(err);
}

/* A candidate whose process is pinned and proven but whose spec is no spec: the target is left as
 * it was. */
static void pin_failure_untouched(void **state)
{
	static char spec[] = "not a spec";
	struct fake_container fc;
	struct resolve_cand c;
	struct target t;
	char *err = NULL;
	int r;

	(void)state;
	fake_container_start(&fc);
	c = (struct resolve_cand){ .runtime = PROOF_CONTAINERD,
				   .id = fc.id,
				   .pid = fc.pid,
				   .spec = spec,
				   .spec_len = strlen(spec) };
	target_init(&t);
	t.pid = 4242;
	r = resolve_pin(&c, &t, &err);
	fake_container_stop(&fc);
	assert_int_equal(r, -EBADMSG);
	assert_string_equal(err, "the container's OCI spec is not valid");
	assert_null(t.info.id);
	assert_int_equal(t.pid, 4242);
	assert_int_equal(t.procfd, -EBADF);
	assert_int_equal(t.pidfd, -EBADF);
	target_done(&t);
	free(err);
}

/* Two CRI-O scopes whose IDs start alike: the prefix names neither, and the caller's ID is left as
 * it was. */
static void ambiguous_prefix_untouched(void **state)
{
	struct fake_container a, b;
	char id[65] = "sentinel", *err = NULL;
	int r;

	(void)state;
	fake_container_start_as(&a, "ab", "crio-");
	fake_container_start_as(&b, "ab", "crio-");
	r = complete_id("ab", id, &err);
	fake_container_stop(&b);
	fake_container_stop(&a);
	assert_int_equal(r, -ENOTUNIQ);
	assert_non_null(err);
	assert_string_equal(id, "sentinel");
	free(err);
}

/* No CRI-O to ask: the candidate found is left as it was. */
static void ask_untouched(void **state)
{
	struct resolve_cands cands = { 0 };
	struct resolve_cand *found = (struct resolve_cand *)&cands;
	struct crio_client c;
	char *err = NULL;

	(void)state;
	assert_int_equal(crio_init(&c, "/nonexistent/crio.sock", 100), 0);
	assert_int_equal(ask(&c, "ab", false, &cands, &found, &err), -ENOENT);
	assert_ptr_equal(found, &cands);
	assert_int_equal(cands.n, 0);
	crio_done(&c);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(schemes),
		cmocka_unit_test(bad_references),
		cmocka_unit_test(k8s_names),
		cmocka_unit_test(oci_spec),
		cmocka_unit_test(pin_failure_untouched),
		cmocka_unit_test(ambiguous_prefix_untouched),
		cmocka_unit_test(ask_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
