// SPDX-License-Identifier: Apache-2.0
/* Outputs stay as the caller passed them when memory runs out. This executable is linked with
 * --wrap for the malloc family, so that the library's allocations can be made to fail: each test
 * fails the first, then the second, ... until the call succeeds, and every -ENOMEM must have left
 * the outputs alone. json-c (linked statically where Debian ships its archive, so wrapped too) is
 * not written to survive a failed allocation: what it allocates in the calls the library makes to
 * it never fails. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "fake-engine.h"
#include "jsonutil.h"
#include "listing-cache.h"
#include "listing.h"
#include "oci-spec.h"
#include "resolve-internal.h"
#include "rootfs.h"
#include "unit.h"

#define ID1 "44df6725dbabbeb877a0a851030be32033ba9c8a98ed021dbe4bf5c8acf1d23d"

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
json_tokener *__real_json_tokener_new_ex(int depth);
json_object *__real_json_tokener_parse_ex(json_tokener *tok, const char *s, int len);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
json_tokener *__wrap_json_tokener_new_ex(int depth);
json_object *__wrap_json_tokener_parse_ex(json_tokener *tok, const char *s, int len);

static long fail_in = -1; /* allocations left before the one that fails; -1: none fails */
static int in_jsonc;	  /* inside a call to json-c */

static bool fail_now(void)
{
	if (fail_in < 0 || in_jsonc || fail_in-- > 0)
		return false;
	errno = ENOMEM;
	return true;
}

void *__wrap_malloc(size_t size)
{
	return fail_now() ? NULL : __real_malloc(size);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t size)
{
	return fail_now() ? NULL : __real_realloc(p, size);
}

char *__wrap_strdup(const char *s)
{
	return fail_now() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fail_now() ? NULL : __real_strndup(s, n);
}

json_tokener *__wrap_json_tokener_new_ex(int depth)
{
	json_tokener *t;

	in_jsonc++;
	t = __real_json_tokener_new_ex(depth);
	in_jsonc--;
	return t;
}

json_object *__wrap_json_tokener_parse_ex(json_tokener *tok, const char *s, int len)
{
	json_object *o;

	in_jsonc++;
	o = __real_json_tokener_parse_ex(tok, s, len);
	in_jsonc--;
	return o;
}

static char sentinel[] = "sentinel";

static void info_empty(void **state)
{
	(void)state;
	for (long k = 0;; k++) {
		struct container_info c = { .user = sentinel };
		int r;

		fail_in = k;
		r = oci_spec_info_empty(&c);
		fail_in = -1;
		assert_ptr_equal(c.user, sentinel);
		if (r == 0) {
			assert_string_equal(c.workdir, "");
			assert_non_null(c.env);
			c.user = NULL;
			container_info_done(&c);
			break;
		}
		assert_int_equal(r, -ENOMEM);
		assert_null(c.workdir);
		assert_null(c.hostname);
		assert_null(c.status);
		assert_null(c.name);
		assert_null(c.env);
	}
}

static void dup_string(void **state)
{
	json_object *o = json_tokener_parse("{\"a\":\"text\"}");

	(void)state;
	assert_non_null(o);
	for (long k = 0;; k++) {
		char *s = sentinel;
		int r;

		fail_in = k;
		r = json_dup_string(o, "a", 100, &s);
		fail_in = -1;
		if (r == 0) {
			assert_string_equal(s, "text");
			free(s);
			break;
		}
		assert_int_equal(r, -ENOMEM);
		assert_ptr_equal(s, sentinel);
	}
	json_object_put(o);
}

static void cache_parse(void **state)
{
	static const char empty[] = "docker-nsenter listing cache 1\nsocket /s\nmark 1 2\n{}\n";
	static const char one[] =
	    "docker-nsenter listing cache 1\nsocket /s\nmark 1 2\n{}\n" ID1 " web\n";
	const char *const bufs[] = { empty, one };

	(void)state;
	for (size_t i = 0; i < 2; i++)
		for (long k = 0;; k++) {
			struct events_mark m = { .time_nano = 4242 };
			struct container_summary *l = (struct container_summary *)sentinel;
			size_t n = 4242;
			int r;

			fail_in = k;
			r = listing_cache_parse(bufs[i], strlen(bufs[i]), "/s", &m, &l, &n);
			fail_in = -1;
			if (r == 0) {
				assert_int_equal(n, i);
				listing_free(l, n);
				break;
			}
			assert_int_equal(r, -ENOMEM);
			assert_int_equal(m.time_nano, 4242);
			assert_ptr_equal(l, sentinel);
			assert_int_equal(n, 4242);
		}
}

static void data_root(void **state)
{
	(void)state;
	for (long k = 0;; k++) {
		char *dir = sentinel, *err = NULL;
		struct engine e;
		int peer = fake_engine_json(&e, 200, "Docker/27.0.0 (linux)",
					    "{\"DockerRootDir\":\"/var/lib/docker\"}");
		int r;

		fail_in = k;
		r = rootfs_fetch_data_root(&e, &dir, &err);
		fail_in = -1;
		engine_done(&e);
		close(peer);
		free(err);
		if (r == 0) {
			assert_string_equal(dir, "/var/lib/docker");
			free(dir);
			break;
		}
		assert_int_equal(r, -ENOMEM);
		assert_ptr_equal(dir, sentinel);
	}
}

/* The list grows only by a whole member. */
static void member_add(void **state)
{
	const struct resolve_member add = { .name = (char *)"k8s://a/b/c",
					    .id = (char *)"id",
					    .ns = (char *)"k8s.io" };

	(void)state;
	for (long k = 0;; k++) {
		struct resolve_member *m = NULL, *before;
		size_t n = 0;
		int r;

		assert_int_equal(resolve_member_add(&m, &n, &add), 0);
		before = m;
		fail_in = k;
		r = resolve_member_add(&m, &n, &add);
		fail_in = -1;
		if (r == 0) {
			assert_int_equal(n, 2);
			assert_string_equal(m[1].ns, "k8s.io");
			resolve_members_free(m, n);
			break;
		}
		assert_int_equal(r, -ENOMEM);
		assert_ptr_equal(m, before);
		assert_int_equal(n, 1);
		resolve_members_free(m, n);
	}
}

static const char *label(const void *labels, const char *key)
{
	(void)labels;
	return strcmp(key, K8S_LABEL_POD_UID) == 0 ? "6d0c" : "web";
}

/* The candidate takes the kubelet's labels all together. */
static void cand_labels(void **state)
{
	(void)state;
	for (long k = 0;; k++) {
		struct resolve_cand c = { .id = sentinel };
		int r;

		fail_in = k;
		r = resolve_cand_labels(&c, label, NULL);
		fail_in = -1;
		if (r == 0) {
			assert_string_equal(c.pod, "web");
			assert_string_equal(c.pod_uid, "6d0c");
			free(c.pod_ns);
			free(c.pod);
			free(c.container);
			free(c.pod_uid);
			break;
		}
		assert_int_equal(r, -ENOMEM);
		assert_null(c.pod_ns);
		assert_null(c.pod);
		assert_null(c.container);
		assert_null(c.pod_uid);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(info_empty),  cmocka_unit_test(dup_string),
		cmocka_unit_test(cache_parse), cmocka_unit_test(data_root),
		cmocka_unit_test(member_add),  cmocka_unit_test(cand_labels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
