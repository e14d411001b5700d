// SPDX-License-Identifier: Apache-2.0
/* The inspect answer decoded into our struct: real shapes, missing fields, wrong types, hostile sizes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "engine.h"
#include "error.h"
#include "plan.h"
#include "unit.h"

#define ID "f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4"

static char *doc(const char *state, const char *config)
{
	char *s;

	if (asprintf(&s, "{\"Id\":\"" ID "\",\"Name\":\"/web\",\"State\":{%s},\"Config\":{%s}}", state, config) < 0)
		return NULL;
	return s;
}

static int parse(const char *state, const char *config, struct container_info *c, char **err)
{
	char *s = doc(state, config);
	int r = container_info_parse(s, strlen(s), c, err);

	free(s);
	return r;
}

#define RUNNING "\"Status\":\"running\",\"Running\":true,\"Paused\":false,\"Restarting\":false,\"Pid\":4242"

static void real_shape(void **state)
{
	struct container_info c;

	(void)state;
	assert_int_equal(parse(RUNNING, "\"User\":\"app:app\",\"Env\":[\"PATH=/bin\",\"A=b=c\"],\"WorkingDir\":\"/srv\","
					 "\"Hostname\":\"f7fcffc93381\"",
			       &c, NULL),
			 0);
	assert_string_equal(c.id, ID);
	assert_string_equal(c.name, "web");
	assert_int_equal(c.pid, 4242);
	assert_true(c.running);
	assert_string_equal(c.user, "app:app");
	assert_string_equal(c.workdir, "/srv");
	assert_int_equal(c.n_env, 2);
	assert_string_equal(c.env[1], "A=b=c");
	assert_null(c.env[2]);
	assert_int_equal(container_info_check_state(&c, NULL), 0);
	container_info_done(&c);
}

static void optional_fields(void **state)
{
	struct container_info c;

	(void)state;
	assert_int_equal(parse(RUNNING, "\"Env\":null", &c, NULL), 0);
	assert_int_equal(c.n_env, 0);
	assert_non_null(c.env);
	assert_string_equal(c.user, "");
	assert_string_equal(c.workdir, "");
	container_info_done(&c);
}

static void wrong_types(void **state)
{
	static const char *const states[] = {
		"\"Running\":true,\"Pid\":\"4242\"", "\"Running\":true,\"Pid\":-5",   "\"Running\":true,\"Pid\":1.5",
		"\"Running\":true,\"Pid\":99999999999", "\"Running\":true",	     "\"Running\":\"yes\",\"Pid\":4",
		"\"Pid\":4",			     "\"Running\":true,\"Paused\":1,\"Pid\":4",
	};
	struct container_info c;
	char *err = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		assert_int_equal(parse(states[i], "", &c, &err), -EBADMSG);
		assert_non_null(err);
		free(err);
		err = NULL;
	}
	assert_int_equal(parse(RUNNING, "\"Env\":[\"A=1\",2]", &c, NULL), -EBADMSG);
	assert_int_equal(parse(RUNNING, "\"User\":7", &c, NULL), -EBADMSG);
	assert_int_equal(container_info_parse("[]", 2, &c, NULL), -EBADMSG);
	assert_int_equal(container_info_parse("{\"Id\":\"xyz\"}", 12, &c, NULL), -EBADMSG);
	assert_int_equal(container_info_parse("{} trailing", 11, &c, NULL), -EBADMSG);
}

static void deep_nesting(void **state)
{
	size_t n = 100000;
	char *s = malloc(2 * n + 1);
	struct container_info c;

	(void)state;
	memset(s, '[', n);
	memset(s + n, ']', n);
	s[2 * n] = '\0';
	assert_int_equal(container_info_parse(s, 2 * n, &c, NULL), -EBADMSG);
	free(s);
}

static void states(void **state)
{
	struct container_info c;
	char *err = NULL;

	(void)state;
	assert_int_equal(parse("\"Status\":\"paused\",\"Running\":true,\"Paused\":true,\"Pid\":5", "", &c, NULL), 0);
	assert_int_equal(container_info_check_state(&c, &err), -EBUSY);
	assert_string_equal(err, "container is paused");
	free(err);
	err = NULL;
	container_info_done(&c);
	assert_int_equal(parse("\"Status\":\"exited\",\"Running\":false,\"Pid\":0", "", &c, NULL), 0);
	assert_int_equal(container_info_check_state(&c, &err), -ESRCH);
	assert_string_equal(err, "container is not running (state: exited)");
	free(err);
	err = NULL;
	container_info_done(&c);
	assert_int_equal(parse("\"Running\":true,\"Restarting\":true,\"Pid\":0", "", &c, NULL), 0);
	assert_int_equal(container_info_check_state(&c, NULL), -EAGAIN);
	container_info_done(&c);
	assert_int_equal(parse("\"Running\":true,\"Pid\":1", "", &c, NULL), 0);
	assert_int_equal(container_info_check_state(&c, NULL), -EBADMSG);
	container_info_done(&c);
}

static void exec_env(void **state)
{
	struct container_info c;
	char **env;

	(void)state;
	assert_int_equal(parse(RUNNING, "\"Env\":[\"PATH=/custom\",\"HOME=/h\",\"A=1\"],\"Hostname\":\"box\"", &c, NULL),
			 0);
	env = plan_exec_env(&c, "/root", true);
	assert_string_equal(env[0], "PATH=/custom");
	assert_string_equal(env[1], "HOSTNAME=box");
	assert_string_equal(env[2], "TERM=xterm");
	assert_string_equal(env[3], "HOME=/h");
	assert_string_equal(env[4], "A=1");
	assert_null(env[5]);
	for (size_t i = 0; env[i]; i++)
		free(env[i]);
	free(env);
	container_info_done(&c);
	assert_int_equal(parse(RUNNING, "\"Hostname\":\"box\"", &c, NULL), 0);
	env = plan_exec_env(&c, "/home/app", false);
	assert_string_equal(env[0], "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	assert_string_equal(env[2], "HOME=/home/app");
	assert_null(env[3]);
	for (size_t i = 0; env[i]; i++)
		free(env[i]);
	free(env);
	container_info_done(&c);
}

static void daemon_messages(void **state)
{
	struct http_response r;
	char body[] = "{\"message\":\"no \\u001b[31mred\\u001b[0m\\r\\nway\\u0007\"}";
	char *m;

	(void)state;
	http_response_init(&r, 100);
	r.body = body;
	r.body_len = strlen(body);
	m = engine_error_message(&r);
	assert_string_equal(m, "no red way");
	free(m);
	r.body = (char *)"plain \x1b]0;title\x07text\xc2\x9b";
	r.body_len = strlen(r.body);
	m = engine_error_message(&r);
	assert_string_equal(m, "plain text");
	free(m);
}

static void endpoints(void **state)
{
	char *p = NULL, *err = NULL;

	(void)state;
	assert_int_equal(engine_endpoint_parse("unix:///run/x.sock", &p, NULL), 0);
	assert_string_equal(p, "/run/x.sock");
	free(p);
	assert_int_equal(engine_endpoint_parse("unix://", &p, NULL), 0);
	assert_string_equal(p, "/var/run/docker.sock");
	free(p);
	assert_int_equal(engine_endpoint_parse(NULL, &p, NULL), 0);
	assert_string_equal(p, "/var/run/docker.sock");
	free(p);
	assert_int_equal(engine_endpoint_parse("tcp://1.2.3.4:2375", &p, &err), -EPROTONOSUPPORT);
	assert_non_null(strstr(err, "daemon's own host"));
	free(err);
	assert_int_equal(engine_endpoint_parse("ssh://u@h", &p, NULL), -EPROTONOSUPPORT);
	assert_int_equal(engine_endpoint_parse("unix://relative", &p, NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_shape),	cmocka_unit_test(optional_fields), cmocka_unit_test(wrong_types),
		cmocka_unit_test(deep_nesting), cmocka_unit_test(states),	   cmocka_unit_test(exec_env),
		cmocka_unit_test(daemon_messages), cmocka_unit_test(endpoints),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
