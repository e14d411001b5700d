// SPDX-License-Identifier: Apache-2.0
/* The command line: options on both sides of the container, the command, conflicts and errors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "macros.h"
#include "options.h"
#include "unit.h"

static int parse(struct cli *c, char **err, ...)
{
	char *argv[32] = { (char *)"docker-nsenter" };
	int argc = 1;
	va_list ap;
	char *a;

	va_start(ap, err);
	while ((a = va_arg(ap, char *)) && argc < 31)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	static char *keep[32];
	memcpy(keep, argv, sizeof(argv));
	return cli_parse(argc, keep, c, err);
}

static void around_the_container(void **state)
{
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, NULL, "-n", "web", "-u", "ip", "-4", "a", NULL), 0);
	assert_string_equal(c.container, "web");
	assert_int_equal(c.req.ns_mask, NS_BIT(NS_NET) | NS_BIT(NS_UTS));
	assert_string_equal(c.req.argv[0], "ip");
	assert_string_equal(c.req.argv[1], "-4");
	assert_string_equal(c.req.argv[2], "a");
	assert_null(c.req.argv[3]);
	assert_int_equal(parse(&c, NULL, "web", NULL), 0);
	assert_int_equal(c.req.ns_mask, 0);
	assert_null(c.req.argv);
	assert_int_equal(parse(&c, NULL, "web", "-n", "--", "-x", NULL), 0);
	assert_string_equal(c.req.argv[0], "-x");
	assert_false(c.req.exec_like);
	assert_int_equal(parse(&c, NULL, "--", "web", "ls", NULL), 0);
	assert_string_equal(c.container, "web");
	assert_int_equal(parse(&c, NULL, "-a", "web", NULL), 0);
	assert_int_equal(c.req.ns_mask, NS_ALL);
}

static void values(void **state)
{
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, NULL, "-S", "follow", "-G", "1001", "web", NULL), 0);
	assert_int_equal(c.req.uid_mode, ID_FOLLOW);
	assert_int_equal(c.req.gid_mode, ID_VALUE);
	assert_int_equal(c.req.gid, 1001);
	assert_int_equal(parse(&c, NULL, "-r", "web", NULL), 0);
	assert_int_equal(c.req.root, ROOT_TARGET);
	assert_int_equal(parse(&c, NULL, "-r/srv", "--wd=/tmp", "web", NULL), 0);
	assert_int_equal(c.req.root, ROOT_PATH);
	assert_string_equal(c.req.root_path, "/srv");
	assert_int_equal(c.req.wd, WD_HOST_PATH);
	assert_int_equal(parse(&c, NULL, "web", "-W", "/etc", "--as", "app:video", "--timeout", "2.5", NULL), 0);
	assert_int_equal(c.req.wd, WD_NS_PATH);
	assert_string_equal(c.req.wd_path, "/etc");
	assert_string_equal(c.req.as_user, "app:video");
	assert_int_equal(c.timeout_ms, 2500);
	assert_int_equal(parse(&c, NULL, "-x", "-c", "-F", "--keep-caps", "--preserve-credentials", "web", NULL), 0);
	assert_true(c.req.exec_like && c.req.join_cgroup && c.req.no_fork && c.req.keep_caps && c.req.preserve_creds);
}

static void errors(void **state)
{
	struct cli c;
	char *err = NULL;

	(void)state;
	assert_int_equal(parse(&c, &err, "--bogus", "web", NULL), -EINVAL);
	assert_string_equal(err, "unrecognized option '--bogus'");
	free(err);
	err = NULL;
	assert_int_equal(parse(&c, &err, "-q", "web", NULL), -EINVAL);
	assert_string_equal(err, "invalid option -- 'q'");
	free(err);
	err = NULL;
	assert_int_equal(parse(&c, &err, "web", "-S", NULL), -EINVAL);
	assert_string_equal(err, "option requires an argument -- 'S'");
	free(err);
	err = NULL;
	assert_int_equal(parse(&c, &err, "-n", NULL), -EINVAL);
	assert_string_equal(err, "no container specified");
	free(err);
	err = NULL;
	assert_int_equal(parse(&c, &err, "-S", "nobody", "web", NULL), -EINVAL);
	free(err);
	err = NULL;
	assert_int_equal(parse(&c, &err, "--timeout", "0", "web", NULL), -EINVAL);
	free(err);
	err = NULL;
	assert_int_equal(parse(&c, &err, "--as", "app", "-S", "1", "web", NULL), -EINVAL);
	assert_string_equal(err, "--as and --setuid/--setgid are mutually exclusive");
	free(err);
	err = NULL;
	assert_int_equal(parse(&c, &err, "-x", "-e", "web", NULL), -EINVAL);
	free(err);
}

static void help_and_version(void **state)
{
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, NULL, "-h", NULL), 0);
	assert_true(c.help);
	assert_int_equal(parse(&c, NULL, "web", "--version", NULL), 0);
	assert_true(c.version);
	assert_true(cli_option_takes_next("-S"));
	assert_true(cli_option_takes_next("--as"));
	assert_false(cli_option_takes_next("-r"));
	assert_false(cli_option_takes_next("-n"));
}

static void actions(void **state)
{
	_cleanup_free_ char *err = NULL;
	struct cli c;

	(void)state;
	assert_int_equal(parse(&c, NULL, "--list", "web", NULL), 0);
	assert_int_equal(c.action, CLI_LIST);
	assert_false(c.json);
	assert_int_equal(parse(&c, NULL, "web", "--list", "--json", NULL), 0);
	assert_int_equal(c.action, CLI_LIST);
	assert_true(c.json);
	assert_int_equal(parse(&c, NULL, "--pin", "/x", "--pin-netns", "n", "web", NULL), 0);
	assert_int_equal(c.action, CLI_PIN);
	assert_string_equal(c.pin_dir, "/x");
	assert_string_equal(c.pin_netns, "n");
	assert_int_equal(parse(&c, NULL, "--unpin", "/x", NULL), 0);
	assert_int_equal(c.action, CLI_UNPIN);
	assert_null(c.container);
	assert_int_equal(parse(&c, NULL, "--unpin-netns", "n", NULL), 0);
	assert_string_equal(c.pin_netns, "n");
	assert_int_equal(parse(&c, &err, "--unpin", "/x", "web", NULL), -EINVAL);
	assert_non_null(strstr(err, "no container"));
	assert_int_equal(parse(&c, &err, "web", "--unpin", "/x", NULL), -EINVAL);
	assert_int_equal(parse(&c, &err, "--json", "web", NULL), -EINVAL);
	assert_non_null(strstr(err, "--json goes with --list"));
	assert_int_equal(parse(&c, &err, "--list", "--pin", "/x", "web", NULL), -EINVAL);
	assert_non_null(strstr(err, "mutually exclusive"));
	assert_int_equal(parse(&c, &err, "--list", "web", "ls", NULL), -EINVAL);
	assert_int_equal(parse(&c, &err, "--pin", NULL), -EINVAL);
	assert_int_equal(parse(&c, NULL, "--pinned", "/p", "-n", "ip", "-4", "a", NULL), 0);
	assert_string_equal(c.pinned, "/p");
	assert_null(c.container);
	assert_int_equal(c.req.ns_mask, NS_BIT(NS_NET));
	assert_string_equal(c.req.argv[0], "ip");
	assert_string_equal(c.req.argv[1], "-4");
	assert_int_equal(parse(&c, NULL, "--pinned", "/p", NULL), 0);
	assert_null(c.req.argv);
	assert_int_equal(parse(&c, &err, "--pinned", "/p", "-e", "true", NULL), -EINVAL);
	assert_non_null(strstr(err, "a pin has no process"));
	assert_int_equal(parse(&c, &err, "--pinned", "/p", "-S", "follow", NULL), -EINVAL);
	assert_int_equal(parse(&c, &err, "--pinned", "/p", "--list", NULL), -EINVAL);
	assert_true(cli_option_takes_next("--pin"));
	assert_true(cli_option_takes_next("--unpin-netns"));
	assert_false(cli_option_takes_next("--list"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(around_the_container),
		cmocka_unit_test(values),
		cmocka_unit_test(errors),
		cmocka_unit_test(help_and_version),
		cmocka_unit_test(actions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
