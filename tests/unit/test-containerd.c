// SPDX-License-Identifier: Apache-2.0
/* containerd's pure half: identifiers, filter strings, and the decoding and checks of List and
 * Tasks/Get answers, built here with protobuf-c's own packing. containerd-proto.c is compiled in,
 * for its static copies of the messages. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "containerd-proto.c"
#include "containerd-proto.h"
#include "services-containers-v1-containers.pb-c.h"
#include "services-tasks-v1-tasks.pb-c.h"
#include "unit.h"

typedef Containerd__Services__Containers__V1__Container Container;
typedef Containerd__Services__Containers__V1__Container__LabelsEntry Label;

static void ids(void **state)
{
	static const char *const good[] = {
		"a",	   "abc",
		"moby",	   "k8s.io",
		"a-b_c.d", "0",
		"A9",	   "f0757c7f0e60f9639db5c96c52129dd78ef3b6764fa4d35bd33ea7ee14b8958d"
	};
	static const char *const bad[] = {
		"",
		"-a",
		".a",
		"a..b",
		"a-.b",
		"a/b",
		"a b",
		"a\n",
		"ä",
		"a%2f",
		"x1234567890123456789012345678901234567890123456789012345678901234567890123456"
	};

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_true(containerd_valid_id(good[i], false));
		assert_true(containerd_valid_id(good[i], true));
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_false(containerd_valid_id(bad[i], false));
		assert_false(containerd_valid_id(bad[i], true));
	}
	/* a prefix may stop at a separator, an ID may not */
	assert_true(containerd_valid_id("web-", true));
	assert_false(containerd_valid_id("web-", false));
	assert_true(containerd_valid_id(
	    "x123456789012345678901234567890123456789012345678901234567890123456789012345", false));
}

static void filters(void **state)
{
	const struct containerd_label match[] = {
		{ "io.kubernetes.pod.namespace", "default" },
		{ "io.kubernetes.pod.name", "we\"b\\1" },
		{ "x", "a\x01\xc3\xa4 b,c" },
	};
	char *f;

	(void)state;
	f = containerd_filter_quote("plain");
	assert_string_equal(f, "\"plain\"");
	free(f);
	f = containerd_filter_prefix("a.b-c_d");
	assert_string_equal(f, "id~=\"^a[.]b-c_d\"");
	free(f);
	f = containerd_filter_labels(match, 3);
	assert_string_equal(f, "labels.\"io.kubernetes.pod.namespace\"==\"default\","
			       "labels.\"io.kubernetes.pod.name\"==\"we\\\"b\\\\1\","
			       "labels.\"x\"==\"a\\x01\\xc3\\xa4 b,c\"");
	free(f);
	f = containerd_filter_labels(match, 0);
	assert_string_equal(f, "");
	free(f);
}

static uint8_t *pack_list(Container **items, size_t n, size_t *len)
{
	Containerd__Services__Containers__V1__ListContainersResponse m =
	    CONTAINERD__SERVICES__CONTAINERS__V1__LIST_CONTAINERS_RESPONSE__INIT;
	uint8_t *buf;

	m.n_containers = n;
	m.containers = items;
	*len = containerd__services__containers__v1__list_containers_response__get_packed_size(&m);
	buf = malloc(*len + 1);
	assert_non_null(buf);
	containerd__services__containers__v1__list_containers_response__pack(&m, buf);
	return buf;
}

static void decode_list(void **state)
{
	Container a = CONTAINERD__SERVICES__CONTAINERS__V1__CONTAINER__INIT;
	Container b = CONTAINERD__SERVICES__CONTAINERS__V1__CONTAINER__INIT;
	Containerd__Services__Containers__V1__Container__Runtime rt =
	    CONTAINERD__SERVICES__CONTAINERS__V1__CONTAINER__RUNTIME__INIT;
	Label l1 = CONTAINERD__SERVICES__CONTAINERS__V1__CONTAINER__LABELS_ENTRY__INIT;
	Label l2 = CONTAINERD__SERVICES__CONTAINERS__V1__CONTAINER__LABELS_ENTRY__INIT;
	Label *labels[] = { &l1, &l2 };
	Container *items[] = { &a, &b };
	struct containerd_list l;
	char *err = NULL;
	uint8_t *buf;
	size_t len;

	(void)state;
	a.id = "zeta";
	b.id = "alpha";
	b.image = "docker.io/library/busybox:latest";
	rt.name = "io.containerd.runc.v2";
	b.runtime = &rt;
	l1.key = "io.kubernetes.pod.name";
	l1.value = "web";
	l2.key = "io.kubernetes.container.name";
	l2.value = "nginx";
	b.n_labels = 2;
	b.labels = labels;
	buf = pack_list(items, 2, &len);
	assert_int_equal(containerd_decode_list(buf, len, &l, &err), 0);
	free(buf);
	assert_int_equal(l.n, 2);
	/* sorted by ID */
	assert_string_equal(l.items[0].id, "alpha");
	assert_string_equal(l.items[0].image, "docker.io/library/busybox:latest");
	assert_string_equal(l.items[0].runtime, "io.containerd.runc.v2");
	assert_string_equal(l.items[0].sandbox, "");
	assert_string_equal(containerd_label(&l.items[0], "io.kubernetes.container.name"), "nginx");
	assert_null(containerd_label(&l.items[0], "io.kubernetes.pod.namespace"));
	assert_string_equal(l.items[1].id, "zeta");
	assert_string_equal(l.items[1].runtime, "");
	assert_int_equal(l.items[1].n_labels, 0);
	containerd_list_done(&l);

	/* an empty answer */
	assert_int_equal(containerd_decode_list((const uint8_t *)"", 0, &l, &err), 0);
	assert_int_equal(l.n, 0);
	containerd_list_done(&l);

	/* an ID containerd would never have made */
	a.id = "../x";
	buf = pack_list(items, 2, &len);
	assert_int_equal(containerd_decode_list(buf, len, &l, &err), -EBADMSG);
	assert_non_null(err);
	free(buf);
	free(err);
}

static void decode_hostile_list(void **state)
{
	struct containerd_list l = { .n = 99 };
	size_t n = 4u << 20, len = 2 * n;
	uint8_t *buf;
	char *err = NULL;

	(void)state;
	/* not protobuf: a field with wire type 7 */
	assert_int_equal(containerd_decode_list((const uint8_t *)"\x0f\x01", 2, &l, &err),
			 -EBADMSG);
	assert_int_equal(l.n, 99); /* untouched */
	free(err);
	err = NULL;
	/* truncated: a container of 16 bytes with 2 there */
	assert_int_equal(containerd_decode_list((const uint8_t *)"\x0a\x10\x0a\x01", 4, &l, &err),
			 -EBADMSG);
	free(err);
	err = NULL;
	/* 4 Mi empty containers in 8 MiB: more memory than the budget allows, refused rather than
	 * taken */
	buf = malloc(len);
	assert_non_null(buf);
	for (size_t i = 0; i < n; i++) {
		buf[2 * i] = 0x0a;
		buf[2 * i + 1] = 0;
	}
	assert_int_equal(containerd_decode_list(buf, len, &l, &err), -EBADMSG);
	assert_non_null(strstr(err, "too large"));
	free(err);
	free(buf);
}

static void too_many_labels(void **state)
{
	Container a = CONTAINERD__SERVICES__CONTAINERS__V1__CONTAINER__INIT;
	Container *items[] = { &a };
	Label *labels[CONTAINERD_MAX_LABELS + 1];
	Label one = CONTAINERD__SERVICES__CONTAINERS__V1__CONTAINER__LABELS_ENTRY__INIT;
	struct containerd_list l;
	char *err = NULL, *big;
	uint8_t *buf;
	size_t len;

	(void)state;
	one.key = "k";
	one.value = "v";
	for (size_t i = 0; i <= CONTAINERD_MAX_LABELS; i++)
		labels[i] = &one;
	a.id = "a";
	a.labels = labels;
	a.n_labels = CONTAINERD_MAX_LABELS + 1;
	buf = pack_list(items, 1, &len);
	assert_int_equal(containerd_decode_list(buf, len, &l, &err), -E2BIG);
	free(buf);
	free(err);
	err = NULL;
	/* one label larger than containerd allows */
	big = malloc(CONTAINERD_MAX_LABEL + 2);
	memset(big, 'v', CONTAINERD_MAX_LABEL + 1);
	big[CONTAINERD_MAX_LABEL + 1] = '\0';
	one.value = big;
	a.n_labels = 1;
	buf = pack_list(items, 1, &len);
	assert_int_equal(containerd_decode_list(buf, len, &l, &err), -E2BIG);
	free(buf);
	free(big);
	free(err);
}

/* A container whose labels are refused: the copy and its labels are left as they were. */
static void copy_untouched(void **state)
{
	Container a = CONTAINERD__SERVICES__CONTAINERS__V1__CONTAINER__INIT;
	Label *labels[CONTAINERD_MAX_LABELS + 1];
	Label one = CONTAINERD__SERVICES__CONTAINERS__V1__CONTAINER__LABELS_ENTRY__INIT;
	static char sentinel[] = "sentinel";
	struct containerd_container out = { .id = sentinel, .n_labels = 4242 };
	char *big = malloc(CONTAINERD_MAX_LABEL + 2);

	(void)state;
	assert_non_null(big);
	one.key = "k";
	one.value = "v";
	for (size_t i = 0; i <= CONTAINERD_MAX_LABELS; i++)
		labels[i] = &one;
	a.id = "a";
	a.labels = labels;
	a.n_labels = CONTAINERD_MAX_LABELS + 1;
	assert_int_equal(copy_container(&a, &out), -E2BIG);
	assert_ptr_equal(out.id, sentinel);
	assert_null(out.labels);
	assert_int_equal(out.n_labels, 4242);
	/* the second label too large, after a first that was copied */
	memset(big, 'v', CONTAINERD_MAX_LABEL + 1);
	big[CONTAINERD_MAX_LABEL + 1] = '\0';
	labels[1] = &(Label){ .base = one.base, .key = "k2", .value = big };
	a.n_labels = 2;
	assert_int_equal(copy_container(&a, &out), -E2BIG);
	assert_ptr_equal(out.id, sentinel);
	assert_null(out.labels);
	assert_int_equal(out.n_labels, 4242);
	free(big);
}

static uint8_t *pack_task(const char *pid_id, uint32_t pid, Containerd__V1__Types__Status status,
			  size_t *len)
{
	Containerd__Services__Tasks__V1__GetResponse m =
	    CONTAINERD__SERVICES__TASKS__V1__GET_RESPONSE__INIT;
	Containerd__V1__Types__Process p = CONTAINERD__V1__TYPES__PROCESS__INIT;
	uint8_t *buf;

	p.id = (char *)pid_id;
	p.pid = pid;
	p.status = status;
	p.exit_status = 137;
	m.process = &p;
	*len = containerd__services__tasks__v1__get_response__get_packed_size(&m);
	buf = malloc(*len + 1);
	assert_non_null(buf);
	containerd__services__tasks__v1__get_response__pack(&m, buf);
	return buf;
}

static int task(const char *pid_id, uint32_t pid, Containerd__V1__Types__Status status,
		struct containerd_task *t, char **err)
{
	size_t len;
	uint8_t *buf = pack_task(pid_id, pid, status, &len);
	int r = containerd_decode_task(buf, len, "web", t, err);

	free(buf);
	if (r >= 0)
		r = containerd_task_check(t, "web", err);
	return r;
}

static void tasks(void **state)
{
	struct containerd_task t;
	char *err = NULL;

	(void)state;
	assert_int_equal(task("web", 4242, CONTAINERD__V1__TYPES__STATUS__RUNNING, &t, &err), 0);
	assert_int_equal(t.pid, 4242);
	assert_null(err);
	assert_int_equal(task("", 4242, CONTAINERD__V1__TYPES__STATUS__RUNNING, &t, &err), 0);
	assert_int_equal(task("web", 4242, CONTAINERD__V1__TYPES__STATUS__STOPPED, &t, &err),
			 -ESRCH);
	assert_string_equal(err,
			    "container web is not running (its task stopped, exit status 137)");
	assert_int_equal(task("web", 0, CONTAINERD__V1__TYPES__STATUS__CREATED, &t, &err), -ESRCH);
	assert_int_equal(task("web", 4242, CONTAINERD__V1__TYPES__STATUS__PAUSED, &t, &err),
			 -EBUSY);
	assert_int_equal(task("web", 4242, CONTAINERD__V1__TYPES__STATUS__PAUSING, &t, &err),
			 -EBUSY);
	assert_int_equal(task("web", 4242, CONTAINERD__V1__TYPES__STATUS__UNKNOWN, &t, &err),
			 -ESRCH);
	assert_int_equal(task("web", 4242, (Containerd__V1__Types__Status)77, &t, &err), -ESRCH);
	/* what a daemon must not say */
	assert_int_equal(task("web", 1, CONTAINERD__V1__TYPES__STATUS__RUNNING, &t, &err),
			 -EBADMSG);
	assert_int_equal(task("web", 0, CONTAINERD__V1__TYPES__STATUS__RUNNING, &t, &err),
			 -EBADMSG);
	assert_int_equal(task("web", 4194305, CONTAINERD__V1__TYPES__STATUS__RUNNING, &t, &err),
			 -EBADMSG);
	assert_int_equal(task("other", 4242, CONTAINERD__V1__TYPES__STATUS__RUNNING, &t, &err),
			 -EBADMSG);
	assert_int_equal(containerd_decode_task((const uint8_t *)"", 0, "web", &t, &err), -EBADMSG);
	assert_string_equal(err, "containerd's answer about the task has no process");
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ids),
		cmocka_unit_test(filters),
		cmocka_unit_test(decode_list),
		cmocka_unit_test(decode_hostile_list),
		cmocka_unit_test(too_many_labels),
		cmocka_unit_test(copy_untouched),
		cmocka_unit_test(tasks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
