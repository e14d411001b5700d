// SPDX-License-Identifier: Apache-2.0
/* CRI-O's inspect answers as server/inspect.go writes them, and answers it would not write.
 * crio-info.c and crio.c themselves are compiled in, for their static helpers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "crio-info.c"
#include "crio.c"
#include "crio-info.h"
#include "unit.h"

#define ID "3f1b7a0c8e5d4f2a9b6c1d0e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a"

static const char real[] =
    "{\"name\":\"k8s_web_web-0_default_6d0c_0\",\"pid\":4242,\"image\":\"docker.io/library/"
    "nginx:latest\","
    "\"image_ref\":\"docker.io/library/nginx@sha256:00\",\"created_time\":1700000000123456789,"
    "\"labels\":{\"io.kubernetes.container.name\":\"web\",\"io.kubernetes.pod.name\":\"web-0\","
    "\"io.kubernetes.pod.namespace\":\"default\",\"io.kubernetes.pod.uid\":\"6d0c\"},"
    "\"annotations\":{\"io.kubernetes.container.hash\":\"1\"},"
    "\"crio_annotations\":{\"io.kubernetes.cri-o.ContainerType\":\"container\"},"
    "\"log_path\":\"/var/log/pods/x/web/0.log\",\"root\":\"/var/lib/containers/storage/overlay/x/"
    "merged\","
    "\"sandbox\":\"" ID
    "\",\"ip_addresses\":[\"10.85.0.4\",\"1100:200::4\"],\"host_network\":false}";

static void parse_real(void **state)
{
	struct crio_container ct;
	char *err = NULL;

	(void)state;
	assert_int_equal(crio_container_parse(real, strlen(real), &ct, &err), 0);
	assert_null(err);
	assert_string_equal(ct.name, "k8s_web_web-0_default_6d0c_0");
	assert_int_equal(ct.pid, 4242);
	assert_string_equal(ct.image, "docker.io/library/nginx:latest");
	assert_string_equal(ct.image_ref, "docker.io/library/nginx@sha256:00");
	assert_true(ct.created_time == 1700000000123456789LL);
	assert_int_equal(ct.n_labels, 4);
	assert_string_equal(crio_kv_get(ct.labels, ct.n_labels, "io.kubernetes.pod.namespace"),
			    "default");
	assert_null(crio_kv_get(ct.labels, ct.n_labels, "nope"));
	assert_string_equal(
	    crio_kv_get(ct.annotations, ct.n_annotations, "io.kubernetes.container.hash"), "1");
	assert_string_equal(crio_kv_get(ct.crio_annotations, ct.n_crio_annotations,
					"io.kubernetes.cri-o.ContainerType"),
			    "container");
	assert_string_equal(ct.sandbox, ID);
	assert_int_equal(ct.n_ip_addresses, 2);
	assert_string_equal(ct.ip_addresses[1], "1100:200::4");
	assert_int_equal(ct.host_network, 0);
	assert_int_equal(crio_container_check(&ct, ID, &err), 0);
	crio_container_done(&ct);
}

/* What Go writes for empty maps and lists, and an older CRI-O without host_network or image_ref. */
static void parse_nulls(void **state)
{
	static const char j[] =
	    "{\"name\":\"x\",\"pid\":0,\"image\":\"\",\"created_time\":0,\"labels\":null,"
	    "\"annotations\":null,\"crio_annotations\":{},\"log_path\":\"\",\"root\":\"\","
	    "\"sandbox\":\"\",\"ip_addresses\":null}";
	struct crio_container ct;
	char *err = NULL;

	(void)state;
	assert_int_equal(crio_container_parse(j, strlen(j), &ct, &err), 0);
	assert_int_equal(ct.n_labels + ct.n_annotations + ct.n_crio_annotations + ct.n_ip_addresses,
			 0);
	assert_int_equal(ct.host_network, -1);
	assert_string_equal(ct.image_ref, "");
	assert_int_equal(crio_container_check(&ct, "x", &err), -ESRCH);
	assert_string_equal(err, "CRI-O container x is not running (CRI-O names no process)");
	free(err);
	crio_container_done(&ct);
}

static void expect_bad(const char *j, int want)
{
	struct crio_container ct = { .pid = 77 };
	char *err = NULL;

	assert_int_equal(crio_container_parse(j, strlen(j), &ct, &err), want);
	assert_non_null(err);
	assert_int_equal(ct.pid, 77); /* untouched */
	free(err);
}

static void parse_hostile(void **state)
{
	char *many;
	size_t off;

	(void)state;
	expect_bad("", -EBADMSG);
	expect_bad("[]", -EBADMSG);
	expect_bad("{\"pid\":\"4242\"}", -EBADMSG);
	expect_bad("{}", -EBADMSG);
	expect_bad("{\"pid\":-1}", -EBADMSG);
	expect_bad("{\"pid\":4194305}", -EBADMSG);
	expect_bad("{\"pid\":1.5}", -EBADMSG);
	expect_bad("{\"pid\":2,\"name\":7}", -EBADMSG);
	expect_bad("{\"pid\":2,\"labels\":[\"a\"]}", -EBADMSG);
	expect_bad("{\"pid\":2,\"labels\":{\"a\":1}}", -EBADMSG);
	expect_bad("{\"pid\":2,\"labels\":{\"a\":null}}", -EBADMSG);
	expect_bad("{\"pid\":2,\"ip_addresses\":[1]}", -EBADMSG);
	expect_bad("{\"pid\":2,\"ip_addresses\":\"10.0.0.1\"}", -EBADMSG);
	expect_bad("{\"pid\":2,\"host_network\":\"no\"}", -EBADMSG);
	expect_bad("{\"pid\":2,\"created_time\":\"now\"}", -EBADMSG);
	expect_bad("{\"pid\":2} trailing", -EBADMSG);
	/* more labels than any container has */
	many = malloc(32 * (CRIO_MAX_MAP + 2) + 64);
	off = (size_t)sprintf(many, "{\"pid\":2,\"labels\":{");
	for (int i = 0; i <= CRIO_MAX_MAP; i++)
		off += (size_t)sprintf(many + off, "%s\"k%d\":\"v\"", i ? "," : "", i);
	strcpy(many + off, "}}");
	expect_bad(many, -E2BIG);
	free(many);
}

static void pid_one(void **state)
{
	struct crio_container ct = { .pid = 1 };
	char *err = NULL;

	(void)state;
	assert_int_equal(crio_container_check(&ct, "x", &err), -EBADMSG);
	free(err);
}

static void info(void **state)
{
	static const char j[] =
	    "{\"storage_driver\":\"overlay\",\"storage_image\":\"\",\"storage_root\":"
	    "\"/var/lib/containers/storage\",\"cgroup_driver\":\"systemd\",\"default_id_mappings\":"
	    "{\"uids\":[{\"container_id\":0,\"host_id\":0,\"size\":4294967295}],\"gids\":null}}";
	struct crio_info i;
	char *err = NULL;

	(void)state;
	assert_int_equal(crio_info_parse(j, strlen(j), &i, &err), 0);
	assert_string_equal(i.storage_driver, "overlay");
	assert_string_equal(i.storage_root, "/var/lib/containers/storage");
	assert_string_equal(i.cgroup_driver, "systemd");
	crio_info_done(&i);
	assert_int_equal(crio_info_parse("{\"cgroup_driver\":1}", 19, &i, &err), -EBADMSG);
	free(err);
}

static void ids(void **state)
{
	(void)state;
	assert_true(crio_valid_id(ID));
	assert_true(crio_valid_id("3f1b7a"));
	assert_false(crio_valid_id(""));
	assert_false(crio_valid_id("../info"));
	assert_false(crio_valid_id(".."));
	assert_false(crio_valid_id("a/b"));
	assert_false(crio_valid_id("a?b"));
	assert_false(crio_valid_id("a%2fb"));
	assert_false(crio_valid_id("a b"));
	assert_false(crio_valid_id(ID ID "0"));
}

/* A field of the wrong shape leaves the decoder's outputs as they were. */
static void fields_untouched(void **state)
{
	static const char *const bad[] = {
		"{\"f\":5}",
		"{\"f\":{\"a\":\"b\",\"c\":5}}",
		"{\"f\":[\"a\",5]}",
	};
	static char sentinel[] = "sentinel";

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_object *root = json_tokener_parse(bad[i]);
		struct crio_kv *kv = (struct crio_kv *)sentinel;
		char **v = (char **)sentinel, *str = sentinel;
		size_t n = 4242;

		assert_non_null(root);
		assert_int_equal(get_map(root, "f", &kv, &n), -EBADMSG);
		assert_ptr_equal(kv, sentinel);
		assert_int_equal(n, 4242);
		assert_int_equal(get_strings(root, "f", &v, &n), -EBADMSG);
		assert_ptr_equal(v, sentinel);
		assert_int_equal(n, 4242);
		assert_int_equal(get_string(root, "f", &str), -EBADMSG);
		assert_ptr_equal(str, sentinel);
		json_object_put(root);
	}
}

/* A CRI-O that takes the connection and never answers: the GET times out, and the caller's answer
 * is left as it was. */
static void get_untouched(void **state)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	static char body[] = "sentinel";
	struct http_response r = { .status = 4242, .body = body };
	char dir[] = "/tmp/test-crio-XXXXXX", *err = NULL;
	struct crio_client c;
	int l;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/crio.sock", dir);
	l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(l >= 0);
	assert_int_equal(bind(l, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(l, 4), 0);
	assert_int_equal(crio_init(&c, sa.sun_path, 50), 0);
	assert_int_equal(get(&c, "/info", &r, &err), -ETIMEDOUT);
	assert_non_null(err);
	assert_int_equal(r.status, 4242);
	assert_ptr_equal(r.body, body);
	crio_done(&c);
	free(err);
	close(l);
	unlink(sa.sun_path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_real),
		cmocka_unit_test(parse_nulls),
		cmocka_unit_test(parse_hostile),
		cmocka_unit_test(pid_one),
		cmocka_unit_test(info),
		cmocka_unit_test(ids),
		cmocka_unit_test(fields_untouched),
		cmocka_unit_test(get_untouched),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
