// SPDX-License-Identifier: Apache-2.0
/* The inspect answer decoded into our struct: a real shape, missing fields, wrong types, hostile
 * sizes, and states. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "unit.h"

#define ID "f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4"
#define RUNNING                                                                                    \
	"\"Status\":\"running\",\"Running\":true,\"Paused\":false,\"Restarting\":false,\"Pid\":"   \
	"4242"
#define MSG_CONFIG "inspect answer: Config has fields of the wrong type"
#define MSG_PID	   "inspect answer: State.Pid is not a valid process ID"
#define MSG_ID	   "inspect answer: Id missing or not a 64-digit hex ID"
#define MSG_JSON   "inspect answer is not valid JSON"

/* GET /containers/web/json from Docker 27, trimmed to a realistic subset. */
static const char real[] =
    "{\n"
    "  \"Id\": \"" ID "\",\n"
    "  \"Created\": \"2024-11-23T00:34:40.116817799Z\",\n"
    "  \"Path\": \"nginx\",\n"
    "  \"Args\": [\"-g\", \"daemon off;\"],\n"
    "  \"State\": {\n"
    "    \"Status\": \"running\", \"Running\": true, \"Paused\": false, \"Restarting\": false,\n"
    "    \"OOMKilled\": false, \"Dead\": false, \"Pid\": 19497, \"ExitCode\": 0, \"Error\": \"\",\n"
    "    \"StartedAt\": \"2024-11-23T00:34:40.364099477Z\", \"FinishedAt\": "
    "\"0001-01-01T00:00:00Z\"\n"
    "  },\n"
    "  \"Image\": \"sha256:0c94290c35b0c62e14c613ea4bc4f3070f945010d18371aba2157c0c0303c8b8\",\n"
    "  \"Name\": \"/web\",\n"
    "  \"RestartCount\": 0,\n"
    "  \"Driver\": \"overlay2\",\n"
    "  \"HostConfig\": {\"NetworkMode\": \"default\", \"PidMode\": \"\", \"Privileged\": false,\n"
    "                 \"ShmSize\": 67108864},\n"
    "  \"Config\": {\n"
    "    \"Hostname\": \"f7fcffc93381\", \"Domainname\": \"\", \"User\": \"nginx:nginx\",\n"
    "    \"AttachStdin\": false, \"Tty\": false, \"OpenStdin\": false,\n"
    "    \"Env\": [\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\",\n"
    "            \"NGINX_VERSION=1.27.3\", \"EMPTY=\", \"EQ=a=b=c\"],\n"
    "    \"Cmd\": [\"nginx\", \"-g\", \"daemon off;\"], \"Image\": \"nginx:latest\", \"Volumes\": "
    "null,\n"
    "    \"WorkingDir\": \"/usr/share/nginx/html\", \"Entrypoint\": [\"/docker-entrypoint.sh\"],\n"
    "    \"Labels\": {\"maintainer\": \"NGINX Docker Maintainers\"}, \"StopSignal\": \"SIGQUIT\"\n"
    "  },\n"
    "  \"NetworkSettings\": {\"SandboxKey\": \"/var/run/docker/netns/e02903f4e76c\", \"Ports\": "
    "{}}\n"
    "}\n";

static char *doc(const char *state, const char *config)
{
	char *s;

	if (asprintf(&s, "{\"Id\":\"" ID "\",\"Name\":\"/web\",\"State\":{%s},\"Config\":{%s}}",
		     state, config) < 0)
		return NULL;
	return s;
}

static int parse_doc(const char *state, const char *config, struct container_info *c, char **err)
{
	char *s = doc(state, config);
	int r;

	assert_non_null(s);
	r = container_info_parse(s, strlen(s), c, err);
	free(s);
	return r;
}

static int parse_str(const char *s, struct container_info *c, char **err)
{
	return container_info_parse(s, strlen(s), c, err);
}

/* Expect parsing to fail with err and message msg (NULL: any message), leaving c untouched. */
static void expect_refusal(const char *json, int want, const char *msg)
{
	struct container_info c;
	char *err = NULL;

	memset(&c, 0x5a, sizeof(c));
	assert_int_equal(parse_str(json, &c, &err), want);
	assert_non_null(err);
	if (msg)
		assert_string_equal(err, msg);
	free(err);
	for (size_t i = 0; i < sizeof(c); i++)
		assert_int_equal(((unsigned char *)&c)[i], 0x5a);
}

static void expect_doc_refusal(const char *state, const char *config, int want, const char *msg)
{
	char *s = doc(state, config);

	assert_non_null(s);
	expect_refusal(s, want, msg);
	free(s);
}

static void real_answer(void **state)
{
	struct container_info c;
	char *err = NULL;

	(void)state;
	assert_int_equal(parse_str(real, &c, &err), 0);
	assert_null(err);
	assert_string_equal(c.id, ID);
	assert_string_equal(c.name, "web");
	assert_string_equal(c.status, "running");
	assert_int_equal(c.pid, 19497);
	assert_true(c.running);
	assert_false(c.paused);
	assert_false(c.restarting);
	assert_string_equal(c.user, "nginx:nginx");
	assert_string_equal(c.workdir, "/usr/share/nginx/html");
	assert_string_equal(c.hostname, "f7fcffc93381");
	assert_int_equal(c.n_env, 4);
	assert_string_equal(c.env[0],
			    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	assert_string_equal(c.env[1], "NGINX_VERSION=1.27.3");
	assert_string_equal(c.env[2], "EMPTY=");
	assert_string_equal(c.env[3], "EQ=a=b=c");
	assert_null(c.env[4]);
	assert_int_equal(container_info_check_state(&c, &err), 0);
	assert_null(err);
	container_info_done(&c);
	assert_null(c.id);
	assert_null(c.env);
	container_info_done(&c); /* twice is harmless */
}

static void length_is_respected(void **state)
{
	size_t len = strlen(real);
	char *copy = malloc(len + 8);
	struct container_info c;

	(void)state;
	assert_non_null(copy);
	/* not NUL-terminated, and followed by garbage beyond len */
	memcpy(copy, real, len);
	memcpy(copy + len, "garbage!", 8);
	assert_int_equal(container_info_parse(copy, len, &c, NULL), 0);
	assert_int_equal(c.pid, 19497);
	container_info_done(&c);
	/* the same garbage inside len is refused */
	assert_int_equal(container_info_parse(copy, len + 8, &c, NULL), -EBADMSG);
	/* cut short inside len */
	assert_int_equal(container_info_parse(copy, len / 2, &c, NULL), -EBADMSG);
	free(copy);
}

static void names(void **state)
{
	struct container_info c;

	(void)state;
	assert_int_equal(
	    parse_str("{\"Id\":\"" ID "\",\"Name\":\"web\",\"State\":{" RUNNING "}}", &c, NULL), 0);
	assert_string_equal(c.name, "web");
	container_info_done(&c);
	/* the name is only for messages: missing or mistyped, it is empty */
	assert_int_equal(parse_str("{\"Id\":\"" ID "\",\"State\":{" RUNNING "}}", &c, NULL), 0);
	assert_string_equal(c.name, "");
	container_info_done(&c);
	assert_int_equal(
	    parse_str("{\"Id\":\"" ID "\",\"Name\":5,\"State\":{" RUNNING "}}", &c, NULL), 0);
	assert_string_equal(c.name, "");
	container_info_done(&c);
}

static void missing_fields(void **state)
{
	struct container_info c;
	char *err = NULL;

	(void)state;
	expect_refusal("{\"Name\":\"/web\",\"State\":{" RUNNING "}}", -EBADMSG, MSG_ID);
	expect_refusal("{\"Id\":\"" ID "\",\"Name\":\"/web\"}", -EBADMSG,
		       "inspect answer: State.Running missing or not a boolean");
	expect_doc_refusal("\"Status\":\"running\",\"Pid\":4242", "", -EBADMSG,
			   "inspect answer: State.Running missing or not a boolean");
	expect_doc_refusal("\"Status\":\"running\",\"Running\":true", "", -EBADMSG,
			   "inspect answer: State.Pid missing");

	/* Paused, Restarting, Status and all of Config are optional */
	assert_int_equal(
	    parse_str("{\"Id\":\"" ID "\",\"State\":{\"Running\":true,\"Pid\":7}}", &c, &err), 0);
	assert_null(err);
	assert_false(c.paused);
	assert_false(c.restarting);
	assert_string_equal(c.status, "");
	assert_string_equal(c.user, "");
	assert_string_equal(c.workdir, "");
	assert_string_equal(c.hostname, "");
	assert_non_null(c.env);
	assert_int_equal(c.n_env, 0);
	assert_null(c.env[0]);
	container_info_done(&c);

	/* null is as good as missing */
	assert_int_equal(
	    parse_doc("\"Running\":true,\"Pid\":5,\"Status\":null",
		      "\"User\":null,\"WorkingDir\":null,\"Hostname\":null,\"Env\":null", &c, NULL),
	    0);
	assert_string_equal(c.user, "");
	assert_string_equal(c.status, "");
	assert_int_equal(c.n_env, 0);
	assert_non_null(c.env);
	container_info_done(&c);
	/* a Config that is not an object has no fields */
	assert_int_equal(
	    parse_str("{\"Id\":\"" ID "\",\"State\":{" RUNNING "},\"Config\":null}", &c, NULL), 0);
	assert_int_equal(c.n_env, 0);
	container_info_done(&c);
}

static void pid_types(void **state)
{
	static const char *const bad[] = {
		"\"4242\"",
		"-5",
		"-1",
		"1.5",
		"4242.0",
		"1e3",
		"99999999999",
		"4194305",
		"9223372036854775807",
		"9223372036854775808",
		"18446744073709551617",
		"true",
		"[4242]",
		"{}",
	};
	struct container_info c;
	char st[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(st, sizeof(st), "\"Running\":true,\"Pid\":%s", bad[i]);
		expect_doc_refusal(st, "", -EBADMSG, MSG_PID);
	}
	/* the largest PID Linux can have, and 0 for a stopped container */
	assert_int_equal(parse_doc("\"Running\":true,\"Pid\":4194304", "", &c, NULL), 0);
	assert_int_equal(c.pid, 4194304);
	container_info_done(&c);
	assert_int_equal(parse_doc("\"Running\":false,\"Pid\":0", "", &c, NULL), 0);
	assert_int_equal(c.pid, 0);
	container_info_done(&c);
}

static void state_types(void **state)
{
	static const char *const bad_running[] = {
		"\"Running\":\"yes\",\"Pid\":4",
		"\"Running\":1,\"Pid\":4",
		"\"Running\":null,\"Pid\":4",
		"\"Running\":[true],\"Pid\":4",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad_running) / sizeof(bad_running[0]); i++)
		expect_doc_refusal(bad_running[i], "", -EBADMSG,
				   "inspect answer: State.Running missing or not a boolean");
	expect_doc_refusal("\"Running\":true,\"Paused\":1,\"Pid\":4", "", -EBADMSG,
			   "inspect answer: State.Paused/Restarting not a boolean");
	expect_doc_refusal("\"Running\":true,\"Restarting\":\"no\",\"Pid\":4", "", -EBADMSG,
			   "inspect answer: State.Paused/Restarting not a boolean");
	expect_refusal("{\"Id\":\"" ID "\",\"State\":\"running\"}", -EBADMSG, NULL);
	expect_refusal("{\"Id\":\"" ID "\",\"State\":[true]}", -EBADMSG, NULL);
	expect_doc_refusal(RUNNING ",\"Status\":5", "", -EBADMSG, MSG_CONFIG);
}

static void config_types(void **state)
{
	static const char *const bad[] = {
		"\"User\":7",		"\"User\":[\"root\"]",
		"\"WorkingDir\":false", "\"Hostname\":{}",
		"\"Env\":\"A=1\"",	"\"Env\":{\"A\":\"1\"}",
		"\"Env\":[\"A=1\",2]",	"\"Env\":[\"A=1\",null]",
		"\"Env\":[[\"A=1\"]]",	"\"Env\":[\"A=1\",\"B=2\",{}]",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_doc_refusal(RUNNING, bad[i], -EBADMSG, MSG_CONFIG);
}

static void env_size(void **state)
{
	size_t n = 4097, len = 0;
	char *config = malloc(n * 16 + 32);
	struct container_info c;

	(void)state;
	assert_non_null(config);
	len += (size_t)sprintf(config, "\"Env\":[");
	for (size_t i = 0; i < n - 1; i++)
		len += (size_t)sprintf(config + len, "%s\"V%zu=x\"", i ? "," : "", i);
	strcpy(config + len, "]");
	/* 4096 entries are accepted... */
	assert_int_equal(parse_doc(RUNNING, config, &c, NULL), 0);
	assert_int_equal(c.n_env, 4096);
	assert_string_equal(c.env[4095], "V4095=x");
	assert_null(c.env[4096]);
	container_info_done(&c);
	/* ...one more is too many */
	len += (size_t)sprintf(config + len, ",\"V4096=x\"]");
	expect_doc_refusal(RUNNING, config, -E2BIG, MSG_CONFIG);
	free(config);
}

/* A failed decoding of the environment leaves c's env as it was. */
static void env_untouched(void **state)
{
	static const char *const bad[] = { "{\"Env\":[\"A=1\",5]}", "{\"Env\":{}}",
					   "{\"Env\":[\"A=1\",\"B=2\",null]}" };
	char *sentinel[] = { (char *)"KEEP=1", NULL };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_object *root = json_tokener_parse(bad[i]);
		struct container_info c = { .env = sentinel, .n_env = 1 };

		assert_non_null(root);
		assert_int_equal(container_info_parse_env(root, "Env", &c), -EBADMSG);
		assert_ptr_equal(c.env, sentinel);
		assert_int_equal(c.n_env, 1);
		json_object_put(root);
	}
}

static void ids(void **state)
{
	static const char *const bad[] = {
		"{\"Id\":\"xyz\",\"State\":{" RUNNING "}}",
		"{\"Id\":\"f7fcffc93381\",\"State\":{" RUNNING "}}",
		"{\"Id\":\"" ID "0\",\"State\":{" RUNNING "}}",
		"{\"Id\":\"F7FCFFC93381DEEF8C8A89F07DC5578516362C95BD0681CA74B5CD50585E68D4\","
		"\"State\":{" RUNNING "}}",
		"{\"Id\":\"g7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4\","
		"\"State\":{" RUNNING "}}",
		"{\"Id\":\"../../../../etc/passwd\",\"State\":{" RUNNING "}}",
		"{\"Id\":null,\"State\":{" RUNNING "}}",
		"{\"Id\":12345,\"State\":{" RUNNING "}}",
		"{\"Id\":[\"" ID "\"],\"State\":{" RUNNING "}}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		expect_refusal(bad[i], -EBADMSG, MSG_ID);
}

static void not_an_object(void **state)
{
	static const char *const not_json[] = {
		"",
		" ",
		"{",
		"{\"Id\":",
		"nul",
		"\xff\xfe{}",
		"{\"Id\" \"" ID "\"}",
		"{\"State\":{}",
	};
	static const char *const not_object[] = { "[]",	  "\"" ID "\"", "42",
						  "null", "true",	"[{\"Id\":\"" ID "\"}]" };

	(void)state;
	for (size_t i = 0; i < sizeof(not_json) / sizeof(not_json[0]); i++)
		expect_refusal(not_json[i], -EBADMSG, MSG_JSON);
	for (size_t i = 0; i < sizeof(not_object) / sizeof(not_object[0]); i++)
		expect_refusal(not_object[i], -EBADMSG, NULL);
	expect_refusal("[]", -EBADMSG, "inspect answer is not a JSON object");
}

/* Nesting that would exhaust a recursive decoder's stack must be refused cleanly. */
static void deep_nesting(void **state)
{
	size_t n = 100000;
	char *s = malloc(6 * n + 256);
	size_t len;

	(void)state;
	assert_non_null(s);
	if (!s)
		return;
	memset(s, '[', n);
	memset(s + n, ']', n);
	s[2 * n] = '\0';
	expect_refusal(s, -EBADMSG, MSG_JSON);

	len = 0;
	for (size_t i = 0; i < n; i++) {
		memcpy(s + len, "{\"a\":", 5);
		len += 5;
	}
	s[len++] = '1';
	memset(s + len, '}', n);
	s[len + n] = '\0';
	expect_refusal(s, -EBADMSG, MSG_JSON);

	/* deep inside an otherwise valid answer, in a field we never read */
	len = (size_t)sprintf(s, "{\"Id\":\"" ID "\",\"State\":{" RUNNING "},\"Junk\":");
	memset(s + len, '[', n);
	memset(s + len + n, ']', n);
	strcpy(s + len + 2 * n, "}");
	expect_refusal(s, -EBADMSG, MSG_JSON);

	/* unbalanced: only openings */
	memset(s, '[', n);
	s[n] = '\0';
	expect_refusal(s, -EBADMSG, MSG_JSON);
	free(s);
}

static void moderate_nesting(void **state)
{
	char s[512];
	struct container_info c;
	size_t len = (size_t)sprintf(s, "{\"Id\":\"" ID "\",\"State\":{" RUNNING "},\"Junk\":");

	(void)state;
	/* nesting well within the bound is an ordinary answer */
	memset(s + len, '[', 30);
	memset(s + len + 30, ']', 30);
	strcpy(s + len + 60, "}");
	assert_int_equal(parse_str(s, &c, NULL), 0);
	container_info_done(&c);
}

static void trailing_data(void **state)
{
	static const char *const tails[] = {
		" x", "{}", "]", "}", ",", "\"", "\n{\"Id\":1}", "nul"
	};
	char *base = doc(RUNNING, ""), buf[512];
	struct container_info c;

	(void)state;
	assert_non_null(base);
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		snprintf(buf, sizeof(buf), "%s%s", base, tails[i]);
		expect_refusal(buf, -EBADMSG, MSG_JSON);
	}
	/* trailing white space is fine */
	snprintf(buf, sizeof(buf), " \r\n\t%s \r\n\t", base);
	assert_int_equal(parse_str(buf, &c, NULL), 0);
	container_info_done(&c);
	free(base);
}

static int check(const char *st, char **err)
{
	struct container_info c;
	int r;

	assert_int_equal(parse_doc(st, "", &c, NULL), 0);
	r = container_info_check_state(&c, err);
	container_info_done(&c);
	return r;
}

static void expect_state(const char *st, int want, const char *msg)
{
	char *err = NULL;

	assert_int_equal(check(st, &err), want);
	if (msg) {
		assert_non_null(err);
		assert_string_equal(err, msg);
	} else {
		assert_null(err);
	}
	free(err);
	assert_int_equal(check(st, NULL), want);
}

static void states(void **state)
{
	(void)state;
	expect_state(RUNNING, 0, NULL);
	expect_state(
	    "\"Status\":\"paused\",\"Running\":true,\"Paused\":true,\"Restarting\":false,\"Pid\":5",
	    -EBUSY, "container is paused");
	expect_state("\"Status\":\"restarting\",\"Running\":true,\"Paused\":false,\"Restarting\":"
		     "true,\"Pid\":0",
		     -EAGAIN, "container is restarting");
	expect_state("\"Status\":\"exited\",\"Running\":false,\"Paused\":false,\"Restarting\":"
		     "false,\"Pid\":0",
		     -ESRCH, "container is not running (state: exited)");
	expect_state("\"Status\":\"created\",\"Running\":false,\"Pid\":0", -ESRCH,
		     "container is not running (state: created)");
	expect_state("\"Status\":\"dead\",\"Running\":false,\"Pid\":0", -ESRCH,
		     "container is not running (state: dead)");
	expect_state("\"Running\":false,\"Pid\":0", -ESRCH,
		     "container is not running (state: unknown)");
	expect_state("\"Status\":\"\",\"Running\":false,\"Pid\":0", -ESRCH,
		     "container is not running (state: unknown)");
	/* paused comes first: a paused container cannot be restarting it as well */
	expect_state("\"Running\":true,\"Paused\":true,\"Restarting\":true,\"Pid\":5", -EBUSY,
		     "container is paused");
	/* a daemon that says running without a usable PID is not believed */
	expect_state("\"Status\":\"running\",\"Running\":true,\"Pid\":0", -EBADMSG,
		     "the daemon says the container runs as PID 0");
	expect_state("\"Status\":\"running\",\"Running\":true,\"Pid\":1", -EBADMSG,
		     "the daemon says the container runs as PID 1");
	expect_state("\"Running\":true,\"Pid\":2", 0, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_answer),	 cmocka_unit_test(length_is_respected),
		cmocka_unit_test(names),	 cmocka_unit_test(missing_fields),
		cmocka_unit_test(pid_types),	 cmocka_unit_test(state_types),
		cmocka_unit_test(config_types),	 cmocka_unit_test(env_size),
		cmocka_unit_test(ids),		 cmocka_unit_test(not_an_object),
		cmocka_unit_test(deep_nesting),	 cmocka_unit_test(moderate_nesting),
		cmocka_unit_test(trailing_data), cmocka_unit_test(states),
		cmocka_unit_test(env_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
