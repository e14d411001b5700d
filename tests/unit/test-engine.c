// SPDX-License-Identifier: Apache-2.0
/* The Engine client's pure parts: which endpoints are usable, and what the daemon's error answers
 * say. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

#include "engine.h"
#include "fake-engine.h"
#include "unit.h"

#define MSG_REMOTE                                                                                 \
	": only unix:// endpoints are supported: namespaces can only be joined on the daemon's "   \
	"own host"

static void expect_path(const char *endpoint, const char *want)
{
	char *p = NULL, *err = NULL;

	assert_int_equal(engine_endpoint_parse(endpoint, &p, &err), 0);
	assert_null(err);
	assert_non_null(p);
	assert_string_equal(p, want);
	assert_true(p != want && p != endpoint); /* a copy the caller owns */
	free(p);
}

/* Expect a refusal with want, a message, and ret_path untouched. */
static void expect_refusal(const char *endpoint, int want, const char *msg)
{
	char sentinel[] = "untouched", *p = sentinel, *err = NULL;

	assert_int_equal(engine_endpoint_parse(endpoint, &p, &err), want);
	assert_ptr_equal(p, sentinel);
	assert_non_null(err);
	if (msg)
		assert_string_equal(err, msg);
	free(err);
	assert_int_equal(engine_endpoint_parse(endpoint, &p, NULL), want);
	assert_ptr_equal(p, sentinel);
}

static void unix_endpoints(void **state)
{
	(void)state;
	expect_path("unix:///run/x.sock", "/run/x.sock");
	expect_path("unix:///var/run/docker.sock", "/var/run/docker.sock");
	expect_path("unix:///run/user/1000/docker.sock", "/run/user/1000/docker.sock");
	/* DOCKER_HOST=unix:// means the default socket */
	expect_path("unix://", ENGINE_DEFAULT_SOCKET);
	expect_path(NULL, ENGINE_DEFAULT_SOCKET);
	expect_path("", ENGINE_DEFAULT_SOCKET);
	assert_string_equal(ENGINE_DEFAULT_SOCKET, "/var/run/docker.sock");
	/* a plain absolute path is a socket path */
	expect_path("/run/docker.sock", "/run/docker.sock");
}

static void other_schemes(void **state)
{
	static const char *const remote[] = {
		"tcp://1.2.3.4:2375",
		"tcp://localhost:2376",
		"ssh://u@h",
		"ssh://user@host:22/var/run/docker.sock",
		"npipe:////./pipe/docker_engine",
		"fd://",
		"http://localhost:2375",
		"https://h:2376",
		"UNIX:///var/run/docker.sock",
		"unix:/var/run/docker.sock",
		"unix:",
		"run/docker.sock",
		"docker.sock",
		"./docker.sock",
		"~/docker.sock",
	};
	char want[256];

	(void)state;
	for (size_t i = 0; i < sizeof(remote) / sizeof(remote[0]); i++) {
		snprintf(want, sizeof(want), "%s" MSG_REMOTE, remote[i]);
		expect_refusal(remote[i], -EPROTONOSUPPORT, want);
	}
}

static void unusable_paths(void **state)
{
	size_t max = sizeof(((struct sockaddr_un *)0)->sun_path) - 1; /* room for the NUL */
	char ep[512];

	(void)state;
	expect_refusal("unix://relative", -EINVAL,
		       "unix://relative: not a usable unix socket path");
	expect_refusal("unix://run/docker.sock", -EINVAL,
		       "unix://run/docker.sock: not a usable unix socket path");

	/* the longest path a sockaddr_un holds, then one byte more */
	strcpy(ep, "unix://");
	memset(ep + 7, 'a', max);
	ep[7] = '/';
	ep[7 + max] = '\0';
	expect_path(ep, ep + 7);
	expect_path(ep + 7, ep + 7);
	ep[7 + max] = 'a';
	ep[7 + max + 1] = '\0';
	expect_refusal(ep, -EINVAL, NULL);
	expect_refusal(ep + 7, -EINVAL, NULL);
}

/* engine_error_message over a body of len bytes that is not NUL-terminated there. */
static char *message(const char *body, size_t len)
{
	struct http_response r;
	char *buf = malloc(len + 16), *m;

	assert_non_null(buf);
	memcpy(buf, body, len);
	memcpy(buf + len, "NOT-THE-BODY", 13);
	http_response_init(&r, ENGINE_MAX_BODY);
	r.state = HTTP_DONE;
	r.status = 404;
	r.body = buf;
	r.body_len = len;
	m = engine_error_message(&r);
	free(buf);
	return m;
}

static void expect_message(const char *body, const char *want)
{
	char *m = message(body, strlen(body));

	assert_non_null(m);
	assert_string_equal(m, want);
	free(m);
}

static void json_messages(void **state)
{
	(void)state;
	expect_message("{\"message\":\"No such container: web\"}", "No such container: web");
	expect_message("{\"message\":\"No such container: web\"}\n", "No such container: web");
	expect_message("{\"message\": \"Container f7fc is not running\", \"extra\": 1}",
		       "Container f7fc is not running");
	/* escapes decoded by JSON, then stripped */
	expect_message("{\"message\":\"no \\u001b[31mred\\u001b[0m\\r\\nway\\u0007\"}",
		       "no red way");
	expect_message("{\"message\":\"a\\u001b]0;owned\\u0007b\"}", "ab");
	expect_message("{\"message\":\"a\\u009b31mb\"}", "a31mb"); /* U+009B CSI, as UTF-8 C2 9B */
	expect_message("{\"message\":\"line one\\nline two\\n\"}", "line one line two");
	expect_message("{\"message\":\"tab\\there\"}", "tab here");
	expect_message("{\"message\":\"caf\\u00e9 \\u2603\"}", "caf\xc3\xa9 \xe2\x98\x83");
}

static void json_without_message(void **state)
{
	(void)state;
	/* no usable "message": the body itself, cleaned */
	expect_message("{\"error\":\"x\"}", "{\"error\":\"x\"}");
	expect_message("{\"message\":42}", "{\"message\":42}");
	expect_message("{\"message\":null}", "{\"message\":null}");
	expect_message("[\"message\"]", "[\"message\"]");
	expect_message("{\"message\":\"x\"} trailing", "{\"message\":\"x\"} trailing");
	expect_message("{\"message\":\"x\x1b[2J\"", "{\"message\":\"x\"");
}

static void plain_messages(void **state)
{
	(void)state;
	expect_message("404 page not found\n", "404 page not found");
	expect_message("page not found\r\n", "page not found");
	expect_message("\x1b[2J\x1b[Hcleared\x1b]0;title\x07 screen\x1b"
		       "c",
		       "cleared screen");
	expect_message("bell\x07 back\x08space del\x7f", "bell backspace del");
	expect_message("c1\xc2\x9b"
		       "31m \xc2\x85nel \xc2\x90"
		       "dcs",
		       "c131m nel dcs");
	expect_message("keeps \xc2\xa0nbsp and caf\xc3\xa9", "keeps \xc2\xa0nbsp and caf\xc3\xa9");
}

static void sizes(void **state)
{
	struct http_response r;
	char big[2048];
	char *m;
	char *json;

	(void)state;
	/* nothing to say */
	http_response_init(&r, 100);
	assert_null(engine_error_message(&r));
	r.body = (char *)"";
	assert_null(engine_error_message(&r));
	/* NUL bytes inside the length are not an end */
	m = message("a\0b", 3);
	assert_string_equal(m, "ab");
	free(m);

	/* a plain body is cut at 512 bytes */
	memset(big, 'x', sizeof(big));
	m = message(big, sizeof(big));
	assert_non_null(m);
	assert_int_equal(strlen(m), 512);
	free(m);
	/* a JSON message is not */
	json = malloc(sizeof(big) + 32);
	assert_non_null(json);
	if (!json)
		return;
	sprintf(json, "{\"message\":\"%.*s\"}", 1000, big);
	m = message(json, strlen(json));
	assert_non_null(m);
	assert_int_equal(strlen(m), 1000);
	free(m);
	free(json);
}

/* A failed request leaves the caller's answer as it was. */
static void failed_get_untouched(void **state)
{
	static const char *const answers[] = { NULL, "garbage\r\n\r\n" };
	static const int want[] = { -EPIPE, -EBADMSG };
	static char body[] = "sentinel";

	(void)state;
	for (size_t i = 0; i < sizeof(answers) / sizeof(answers[0]); i++) {
		struct http_response r = { .status = 4242, .body = body };
		struct engine e;
		char *err = NULL;
		int peer = fake_engine(&e, answers[i]);

		assert_int_equal(engine_get(&e, "/containers/web/json", &r, &err), want[i]);
		assert_non_null(err);
		assert_int_equal(r.status, 4242);
		assert_ptr_equal(r.body, body);
		free(err);
		engine_done(&e);
		if (peer >= 0)
			close(peer);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unix_endpoints),
		cmocka_unit_test(other_schemes),
		cmocka_unit_test(unusable_paths),
		cmocka_unit_test(json_messages),
		cmocka_unit_test(json_without_message),
		cmocka_unit_test(plain_messages),
		cmocka_unit_test(sizes),
		cmocka_unit_test(failed_get_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
