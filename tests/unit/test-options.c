// SPDX-License-Identifier: Apache-2.0
/* The command line: options on both sides of the container, the command, values, conflicts and
 * errors. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "macros.h"
#include "options.h"
#include "unit.h"

#define MAX_ARGS 32

/* Parse "docker-nsenter" followed by the NULL-terminated words; the words stay valid until the next
 * call. */
static int parse_argv(struct cli *c, char **err, const char *const *words)
{
	static char *argv[MAX_ARGS + 2];
	int argc = 0;

	argv[argc++] = (char *)"docker-nsenter";
	while (*words && argc <= MAX_ARGS)
		argv[argc++] = (char *)*words++;
	argv[argc] = NULL;
	return cli_parse(argc, argv, c, err);
}

#define ARGS(...)	   ((const char *const[]){ __VA_ARGS__, NULL })
#define PARSE(c, err, ...) parse_argv((c), (err), ARGS(__VA_ARGS__))

static void expect_argv(const struct cli *c, const char *const *want)
{
	size_t i;

	assert_non_null(c->req.argv);
	for (i = 0; want[i]; i++) {
		assert_non_null(c->req.argv[i]);
		assert_string_equal(c->req.argv[i], want[i]);
	}
	assert_null(c->req.argv[i]);
}

/* Expect a refusal with -EINVAL and exactly msg. */
static void expect_refusal(const char *const *words, const char *msg)
{
	struct cli c;
	char *err = NULL;

	assert_int_equal(parse_argv(&c, &err, words), -EINVAL);
	assert_non_null(err);
	assert_string_equal(err, msg);
	free(err);
	assert_int_equal(parse_argv(&c, NULL, words), -EINVAL);
}

static void defaults(void **state)
{
	struct cli c;
	char *err = NULL;

	(void)state;
	assert_int_equal(PARSE(&c, &err, "web"), 0);
	assert_null(err);
	assert_string_equal(c.container, "web");
	assert_null(c.req.argv);
	assert_int_equal(c.req.ns_mask, 0);
	assert_int_equal(c.timeout_ms, 30000);
	assert_int_equal(c.req.uid_mode, ID_KEEP);
	assert_int_equal(c.req.gid_mode, ID_KEEP);
	assert_int_equal(c.req.root, ROOT_DEFAULT);
	assert_int_equal(c.req.wd, WD_DEFAULT);
	assert_null(c.req.as_user);
	assert_int_equal(c.req.stop_fd, -EBADF);
	assert_false(c.help || c.version || c.req.exec_like || c.req.copy_env || c.req.no_fork ||
		     c.req.join_cgroup || c.req.keep_caps || c.req.preserve_creds);
}

static void around_the_container(void **state)
{
	struct cli c;

	(void)state;
	/* the first non-option after the container starts the command: -4 is ip's */
	assert_int_equal(PARSE(&c, NULL, "web", "-n", "ip", "-4", "a"), 0);
	assert_string_equal(c.container, "web");
	assert_int_equal(c.req.ns_mask, NS_BIT(NS_NET));
	expect_argv(&c, ARGS("ip", "-4", "a"));
	/* options on both sides add up */
	assert_int_equal(PARSE(&c, NULL, "-n", "web", "-u", "ip", "-4", "a"), 0);
	assert_string_equal(c.container, "web");
	assert_int_equal(c.req.ns_mask, NS_BIT(NS_NET) | NS_BIT(NS_UTS));
	expect_argv(&c, ARGS("ip", "-4", "a"));
	/* options the command repeats are the command's */
	assert_int_equal(PARSE(&c, NULL, "web", "-m", "ls", "-m", "-u", "--net"), 0);
	assert_int_equal(c.req.ns_mask, NS_BIT(NS_MNT));
	expect_argv(&c, ARGS("ls", "-m", "-u", "--net"));
	/* no command: a shell */
	assert_int_equal(PARSE(&c, NULL, "-n", "web", "-p"), 0);
	assert_null(c.req.argv);
	assert_int_equal(c.req.ns_mask, NS_BIT(NS_NET) | NS_BIT(NS_PID));
}

static void double_dash(void **state)
{
	struct cli c;

	(void)state;
	assert_int_equal(PARSE(&c, NULL, "web", "-n", "--", "-x"), 0);
	assert_int_equal(c.req.ns_mask, NS_BIT(NS_NET));
	assert_false(c.req.exec_like);
	expect_argv(&c, ARGS("-x"));
	assert_int_equal(PARSE(&c, NULL, "--", "web", "ls"), 0);
	assert_string_equal(c.container, "web");
	expect_argv(&c, ARGS("ls"));
	assert_int_equal(PARSE(&c, NULL, "-n", "--", "web", "ip", "a"), 0);
	assert_string_equal(c.container, "web");
	expect_argv(&c, ARGS("ip", "a"));
	assert_int_equal(PARSE(&c, NULL, "web", "--", "ls", "--", "-n"), 0);
	assert_int_equal(c.req.ns_mask, 0);
	expect_argv(&c, ARGS("ls", "--", "-n"));
	assert_int_equal(PARSE(&c, NULL, "web", "--"), 0);
	assert_null(c.req.argv);
}

static void namespaces(void **state)
{
	struct cli c;

	(void)state;
	assert_int_equal(PARSE(&c, NULL, "-a", "web"), 0);
	assert_int_equal(c.req.ns_mask, NS_ALL);
	assert_int_equal(PARSE(&c, NULL, "--all", "web"), 0);
	assert_int_equal(c.req.ns_mask, NS_ALL);
	assert_int_equal(PARSE(&c, NULL, "-mnuipUCT", "web"), 0);
	assert_int_equal(c.req.ns_mask, NS_ALL);
	assert_int_equal(PARSE(&c, NULL, "--mount", "--uts", "--ipc", "--net", "web", "--pid",
			       "--user", "--cgroup", "--time"),
			 0);
	assert_int_equal(c.req.ns_mask, NS_ALL);
	assert_int_equal(PARSE(&c, NULL, "-nu", "web"), 0);
	assert_int_equal(c.req.ns_mask, NS_BIT(NS_NET) | NS_BIT(NS_UTS));
	assert_int_equal(PARSE(&c, NULL, "-U", "web", "-C"), 0);
	assert_int_equal(c.req.ns_mask, NS_BIT(NS_USER) | NS_BIT(NS_CGROUP));
	/* unambiguous abbreviations of long options, as getopt_long allows */
	assert_int_equal(PARSE(&c, NULL, "--mou", "web"), 0);
	assert_int_equal(c.req.ns_mask, NS_BIT(NS_MNT));
}

static void ids(void **state)
{
	struct cli c;

	(void)state;
	assert_int_equal(PARSE(&c, NULL, "-S", "follow", "web"), 0);
	assert_int_equal(c.req.uid_mode, ID_FOLLOW);
	assert_int_equal(c.req.gid_mode, ID_KEEP);
	assert_int_equal(PARSE(&c, NULL, "web", "-S", "1000", "-G", "follow"), 0);
	assert_int_equal(c.req.uid_mode, ID_VALUE);
	assert_int_equal(c.req.uid, 1000);
	assert_int_equal(c.req.gid_mode, ID_FOLLOW);
	assert_int_equal(PARSE(&c, NULL, "-S0", "--setgid=4294967294", "web"), 0);
	assert_int_equal(c.req.uid_mode, ID_VALUE);
	assert_int_equal(c.req.uid, 0);
	assert_int_equal(c.req.gid, 4294967294u);
	assert_int_equal(PARSE(&c, NULL, "--setuid", "7", "web"), 0);
	assert_int_equal(c.req.uid, 7);

	expect_refusal(ARGS("-S", "bad", "web"),
		       "invalid --setuid argument: 'bad' (a number or 'follow')");
	expect_refusal(ARGS("web", "-G", "-1"),
		       "invalid --setgid argument: '-1' (a number or 'follow')");
	expect_refusal(ARGS("-S", "4294967295", "web"),
		       "invalid --setuid argument: '4294967295' (a number or 'follow')");
	expect_refusal(ARGS("-S", "", "web"),
		       "invalid --setuid argument: '' (a number or 'follow')");
	expect_refusal(ARGS("-S", "Follow", "web"),
		       "invalid --setuid argument: 'Follow' (a number or 'follow')");
	expect_refusal(ARGS("-S", "root", "web"),
		       "invalid --setuid argument: 'root' (a number or 'follow')");
}

static void root_and_wd(void **state)
{
	struct cli c;

	(void)state;
	assert_int_equal(PARSE(&c, NULL, "-r", "web"), 0);
	assert_int_equal(c.req.root, ROOT_TARGET);
	assert_null(c.req.root_path);
	assert_int_equal(PARSE(&c, NULL, "--root", "web"), 0);
	assert_int_equal(c.req.root, ROOT_TARGET);
	assert_int_equal(PARSE(&c, NULL, "-r/srv", "web"), 0);
	assert_int_equal(c.req.root, ROOT_PATH);
	assert_string_equal(c.req.root_path, "/srv");
	assert_int_equal(PARSE(&c, NULL, "web", "--root=/dir", "ls"), 0);
	assert_int_equal(c.req.root, ROOT_PATH);
	assert_string_equal(c.req.root_path, "/dir");
	expect_argv(&c, ARGS("ls"));

	assert_int_equal(PARSE(&c, NULL, "-w", "web"), 0);
	assert_int_equal(c.req.wd, WD_TARGET);
	assert_null(c.req.wd_path);
	assert_int_equal(PARSE(&c, NULL, "-w/tmp", "web"), 0);
	assert_int_equal(c.req.wd, WD_HOST_PATH);
	assert_string_equal(c.req.wd_path, "/tmp");
	assert_int_equal(PARSE(&c, NULL, "--wd=/var", "web"), 0);
	assert_int_equal(c.req.wd, WD_HOST_PATH);
	assert_string_equal(c.req.wd_path, "/var");
	assert_int_equal(PARSE(&c, NULL, "web", "-W", "/etc"), 0);
	assert_int_equal(c.req.wd, WD_NS_PATH);
	assert_string_equal(c.req.wd_path, "/etc");
	assert_null(c.req.argv);
	assert_int_equal(PARSE(&c, NULL, "--wdns=/srv", "web", "pwd"), 0);
	assert_int_equal(c.req.wd, WD_NS_PATH);
	assert_string_equal(c.req.wd_path, "/srv");
	assert_int_equal(PARSE(&c, NULL, "-W/opt", "web"), 0);
	assert_string_equal(c.req.wd_path, "/opt");
	/* -w=DIR and -W=DIR drop the '=', as util-linux 2.42 does */
	assert_int_equal(PARSE(&c, NULL, "-w=/tmp", "web"), 0);
	assert_int_equal(c.req.wd, WD_HOST_PATH);
	assert_string_equal(c.req.wd_path, "/tmp");
	assert_int_equal(PARSE(&c, NULL, "web", "-W=/etc"), 0);
	assert_int_equal(c.req.wd, WD_NS_PATH);
	assert_string_equal(c.req.wd_path, "/etc");
	assert_int_equal(PARSE(&c, NULL, "--wdns", "=x", "web"), 0);
	assert_string_equal(c.req.wd_path, "x");
	/* -r=DIR keeps it: util-linux 2.42 does not strip it there */
	assert_int_equal(PARSE(&c, NULL, "-r=/srv", "web"), 0);
	assert_string_equal(c.req.root_path, "=/srv");
	/* the last one wins */
	assert_int_equal(PARSE(&c, NULL, "-W", "/a", "web", "-w"), 0);
	assert_int_equal(c.req.wd, WD_TARGET);
}

static void timeouts(void **state)
{
	static const char *const bad[] = { "0",	  "-1",	 "abc",	  "",	 "1x",
					   "nan", "inf", "86401", "1e9", "0.0" };
	struct cli c;
	char msg[128];

	(void)state;
	assert_int_equal(PARSE(&c, NULL, "--timeout", "2.5", "web"), 0);
	assert_int_equal(c.timeout_ms, 2500);
	assert_int_equal(PARSE(&c, NULL, "web", "--timeout=10"), 0);
	assert_int_equal(c.timeout_ms, 10000);
	assert_int_equal(PARSE(&c, NULL, "--timeout", "86400", "web"), 0);
	assert_int_equal(c.timeout_ms, 86400000);
	/* never rounded down to no time at all */
	assert_int_equal(PARSE(&c, NULL, "--timeout", "0.0001", "web"), 0);
	assert_int_equal(c.timeout_ms, 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(msg, sizeof(msg),
			 "invalid --timeout argument: '%s' (seconds, up to 86400)", bad[i]);
		expect_refusal(ARGS("--timeout", bad[i], "web"), msg);
	}
}

static void flags(void **state)
{
	struct cli c;

	(void)state;
	assert_int_equal(
	    PARSE(&c, NULL, "-x", "-c", "-F", "--keep-caps", "--preserve-credentials", "web"), 0);
	assert_true(c.req.exec_like && c.req.join_cgroup && c.req.no_fork && c.req.keep_caps &&
		    c.req.preserve_creds);
	assert_false(c.req.copy_env);
	assert_int_equal(PARSE(&c, NULL, "web", "--exec", "--join-cgroup", "--no-fork"), 0);
	assert_true(c.req.exec_like && c.req.join_cgroup && c.req.no_fork);
	assert_int_equal(PARSE(&c, NULL, "-e", "web"), 0);
	assert_true(c.req.copy_env);
	assert_int_equal(PARSE(&c, NULL, "web", "--env"), 0);
	assert_true(c.req.copy_env);
	assert_int_equal(PARSE(&c, NULL, "--as", "app:video", "web", "id"), 0);
	assert_string_equal(c.req.as_user, "app:video");
	expect_argv(&c, ARGS("id"));
	assert_int_equal(PARSE(&c, NULL, "web", "--as=1000"), 0);
	assert_string_equal(c.req.as_user, "1000");
	/* --as goes with --exec */
	assert_int_equal(PARSE(&c, NULL, "-x", "--as", "app", "web"), 0);
	assert_true(c.req.exec_like);
}

static void unknown_options(void **state)
{
	(void)state;
	expect_refusal(ARGS("--bogus", "web"), "unrecognized option '--bogus'");
	expect_refusal(ARGS("web", "--bogus=1"), "unrecognized option '--bogus=1'");
	expect_refusal(ARGS("-q", "web"), "invalid option -- 'q'");
	expect_refusal(ARGS("web", "-q"), "invalid option -- 'q'");
	expect_refusal(ARGS("-nq", "web"), "invalid option -- 'q'");
	expect_refusal(ARGS("-s", "web"), "invalid option -- 's'"); /* options are case-sensitive */
}

static void missing_values(void **state)
{
	(void)state;
	expect_refusal(ARGS("web", "-S"), "option requires an argument -- 'S'");
	expect_refusal(ARGS("-S"), "option requires an argument -- 'S'");
	expect_refusal(ARGS("web", "-G"), "option requires an argument -- 'G'");
	expect_refusal(ARGS("web", "-W"), "option requires an argument -- 'W'");
	/* a value taken from the next word can leave no container */
	expect_refusal(ARGS("-W", "web"), "no container specified");
	expect_refusal(ARGS("--as", "web"), "no container specified");
}

static void missing_container(void **state)
{
	struct cli c;
	char *err = NULL;

	(void)state;
	expect_refusal(ARGS(NULL), "no container specified");
	expect_refusal(ARGS("-n"), "no container specified");
	expect_refusal(ARGS("-n", "--"), "no container specified");
	expect_refusal(ARGS("--timeout", "5", "-a"), "no container specified");
	/* argc is what counts */
	assert_int_equal(
	    cli_parse(1, (char *[]){ (char *)"docker-nsenter", (char *)"web", NULL }, &c, &err),
	    -EINVAL);
	assert_string_equal(err, "no container specified");
	free(err);
}

static void conflicts(void **state)
{
	(void)state;
	expect_refusal(ARGS("--as", "app", "-S", "1", "web"),
		       "--as and --setuid/--setgid are mutually exclusive");
	expect_refusal(ARGS("--as", "app", "web", "-G", "follow"),
		       "--as and --setuid/--setgid are mutually exclusive");
	expect_refusal(ARGS("web", "-S", "follow", "--as=app"),
		       "--as and --setuid/--setgid are mutually exclusive");
	expect_refusal(ARGS("-x", "-S", "1", "web"),
		       "--exec and --setuid/--setgid are mutually exclusive");
	expect_refusal(ARGS("--exec", "web", "-G", "1"),
		       "--exec and --setuid/--setgid are mutually exclusive");
	expect_refusal(ARGS("-x", "-e", "web"), "--exec and --env are mutually exclusive");
	expect_refusal(ARGS("-x", "web", "-e"), "--exec and --env are mutually exclusive");
	expect_refusal(ARGS("--exec", "--env", "web", "ls"),
		       "--exec and --env are mutually exclusive");
}

/* --user-parent (util-linux 2.41) implies --user; the parent's IDs are not the container's. */
static void user_parent(void **state)
{
	const char *ids = "--user-parent: the IDs in the container's files and of its process are "
			  "not those of the parent user namespace; it excludes --as, --exec and "
			  "follow";
	const char *actions = "--user-parent runs a program in the parent of the container's user "
			      "namespace: it excludes --host-root, --list and --pin";
	struct cli c;

	(void)state;
	assert_int_equal(PARSE(&c, NULL, "--user-parent", "web"), 0);
	assert_true(c.req.user_parent);
	assert_int_equal(c.req.ns_mask, NS_BIT(NS_USER));
	assert_int_equal(PARSE(&c, NULL, "web", "-n", "--user-parent", "ip", "a"), 0);
	assert_true(c.req.user_parent);
	assert_int_equal(c.req.ns_mask, NS_BIT(NS_NET) | NS_BIT(NS_USER));
	assert_int_equal(PARSE(&c, NULL, "-a", "--user-parent", "-S", "5", "web"), 0);
	assert_int_equal(c.req.ns_mask, NS_ALL);
	assert_int_equal(PARSE(&c, NULL, "web"), 0);
	assert_false(c.req.user_parent);
	expect_refusal(ARGS("--user-parent", "--as", "app", "web"), ids);
	expect_refusal(ARGS("--user-parent", "-x", "web"), ids);
	expect_refusal(ARGS("web", "--user-parent", "-S", "follow"), ids);
	expect_refusal(ARGS("web", "--user-parent", "-G", "follow"), ids);
	expect_refusal(ARGS("--user-parent", "--host-root", "web"), actions);
	expect_refusal(ARGS("--list", "--user-parent", "web"), actions);
	expect_refusal(ARGS("--pin", "/tmp/x", "--user-parent", "web"), actions);
}

static void help_and_version(void **state)
{
	struct cli c;
	char *err = NULL;

	(void)state;
	/* no container needed, nothing after them matters */
	assert_int_equal(PARSE(&c, &err, "-h"), 0);
	assert_true(c.help);
	assert_false(c.version);
	assert_int_equal(PARSE(&c, &err, "--help"), 0);
	assert_true(c.help);
	assert_int_equal(PARSE(&c, &err, "-V"), 0);
	assert_true(c.version);
	assert_false(c.help);
	assert_int_equal(PARSE(&c, &err, "--version", "--bogus"), 0);
	assert_true(c.version);
	assert_int_equal(PARSE(&c, &err, "-n", "-h", "-x", "-e"), 0);
	assert_true(c.help);
	assert_int_equal(PARSE(&c, &err, "web", "--version"), 0);
	assert_true(c.version);
	assert_int_equal(PARSE(&c, &err, "web", "-h"), 0);
	assert_true(c.help);
	assert_null(err);
	/* after the command they are the command's */
	assert_int_equal(PARSE(&c, &err, "web", "ls", "--help"), 0);
	assert_false(c.help);
	expect_argv(&c, ARGS("ls", "--help"));
}

static void parse_again(void **state)
{
	struct cli c;
	char *err = NULL;

	(void)state;
	/* getopt's state from an earlier, failed parse does not leak into the next */
	assert_int_equal(PARSE(&c, &err, "-n", "-q", "web"), -EINVAL);
	free(err);
	assert_int_equal(PARSE(&c, NULL, "-u", "web", "sh"), 0);
	assert_int_equal(c.req.ns_mask, NS_BIT(NS_UTS));
	expect_argv(&c, ARGS("sh"));
	assert_int_equal(PARSE(&c, NULL, "web"), 0);
	assert_int_equal(c.req.ns_mask, 0);
	/* not even when it stopped in the middle of a cluster of short options */
	assert_int_equal(PARSE(&c, NULL, "-nqu", "web"), -EINVAL);
	assert_int_equal(PARSE(&c, NULL, "web"), 0);
	assert_int_equal(c.req.ns_mask, 0);
	assert_int_equal(PARSE(&c, NULL, "web", "-nqu"), -EINVAL);
	assert_int_equal(PARSE(&c, NULL, "web", "ls"), 0);
	assert_int_equal(c.req.ns_mask, 0);
	expect_argv(&c, ARGS("ls"));
}

static void takes_next(void **state)
{
	static const char *const yes[] = { "-S",       "-G",	 "-W",	 "--setuid",
					   "--setgid", "--wdns", "--as", "--timeout" };
	static const char *const no[] = { "-r",	   "-w",  "--root",	"--wd", "-n",
					  "--net", "-x",  "--exec",	"web",	"-",
					  "--",	   "-SS", "--setuid=1", "-S1",	"--as=app",
					  "",	   "--s", "--a" };

	(void)state;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(cli_option_takes_next(yes[i]));
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(cli_option_takes_next(no[i]));
}

static void option_docs(void **state)
{
	size_t n = 0;

	(void)state;
	/* every documented option parses, and those documented with a separate value take the next
	 * word */
	for (const struct cli_option_doc *d = cli_option_docs; d->long_name; d++, n++) {
		char word[64];
		bool sep = d->arg && d->arg[0] == ' ';

		snprintf(word, sizeof(word), "--%s", d->long_name);
		assert_int_equal(cli_option_takes_next(word), sep);
		if (d->short_name) {
			snprintf(word, sizeof(word), "-%c", d->short_name);
			assert_int_equal(cli_option_takes_next(word), sep);
		}
		assert_non_null(d->help);
	}
	assert_true(n >= 20);
}

static void expect_printable(const char *s)
{
	for (; *s; s++)
		assert_true(isprint((unsigned char)*s));
}

/* Regression: a long option without a short one (--as, --timeout) missing its value is reported
 * with optopt, which for them is a code above 127: "invalid option -- '\x82'", a raw byte on the
 * terminal. */
static void long_option_missing_argument(void **state)
{
	struct cli c;
	char *err = NULL;

	(void)state;
	assert_int_equal(PARSE(&c, &err, "web", "--as"), -EINVAL);
	expect_printable(err);
	assert_non_null(strstr(err, "--as"));
	assert_non_null(strstr(err, "requires an argument"));
	free(err);
	err = NULL;
	assert_int_equal(PARSE(&c, &err, "web", "--timeout"), -EINVAL);
	expect_printable(err);
	assert_non_null(strstr(err, "--timeout"));
	free(err);
}

/* Regression: "--net=foo" says "option requires an argument -- 'n'", the opposite of what is wrong.
 * */
static void argument_to_flag(void **state)
{
	struct cli c;
	char *err = NULL;

	(void)state;
	assert_int_equal(PARSE(&c, &err, "--net=foo", "web"), -EINVAL);
	assert_null(strstr(err, "requires an argument"));
	assert_non_null(strstr(err, "--net"));
	free(err);
}

/* Regression: an unknown option that happens to be a character of the getopt string ('+', ':') is
 * reported as a missing argument. */
static void punctuation_option(void **state)
{
	(void)state;
	expect_refusal(ARGS("-:", "web"), "invalid option -- ':'");
	expect_refusal(ARGS("-+", "web"), "invalid option -- '+'");
}

static void actions(void **state)
{
	_cleanup_free_ char *err = NULL;
	struct cli c;

	(void)state;
	assert_int_equal(PARSE(&c, NULL, "--list", "web"), 0);
	assert_int_equal(c.action, CLI_LIST);
	assert_false(c.json);
	assert_int_equal(PARSE(&c, NULL, "web", "--list", "--json"), 0);
	assert_int_equal(c.action, CLI_LIST);
	assert_true(c.json);
	assert_int_equal(PARSE(&c, NULL, "--pin", "/x", "--pin-netns", "n", "web"), 0);
	assert_int_equal(c.action, CLI_PIN);
	assert_string_equal(c.pin_dir, "/x");
	assert_string_equal(c.pin_netns, "n");
	assert_int_equal(PARSE(&c, NULL, "--unpin", "/x"), 0);
	assert_int_equal(c.action, CLI_UNPIN);
	assert_null(c.container);
	assert_int_equal(PARSE(&c, NULL, "--unpin-netns", "n"), 0);
	assert_string_equal(c.pin_netns, "n");
	assert_int_equal(PARSE(&c, &err, "--unpin", "/x", "web"), -EINVAL);
	assert_non_null(strstr(err, "no container"));
	assert_int_equal(PARSE(&c, &err, "web", "--unpin", "/x"), -EINVAL);
	assert_int_equal(PARSE(&c, &err, "--json", "web"), -EINVAL);
	assert_non_null(strstr(err, "--json goes with --list"));
	assert_int_equal(PARSE(&c, &err, "--list", "--pin", "/x", "web"), -EINVAL);
	assert_non_null(strstr(err, "mutually exclusive"));
	assert_int_equal(PARSE(&c, &err, "--list", "web", "ls"), -EINVAL);
	assert_int_equal(PARSE(&c, &err, "--pin"), -EINVAL);
	assert_int_equal(PARSE(&c, NULL, "--pinned", "/p", "-n", "ip", "-4", "a"), 0);
	assert_string_equal(c.pinned, "/p");
	assert_null(c.container);
	assert_int_equal(c.req.ns_mask, NS_BIT(NS_NET));
	assert_string_equal(c.req.argv[0], "ip");
	assert_string_equal(c.req.argv[1], "-4");
	assert_int_equal(PARSE(&c, NULL, "--pinned", "/p"), 0);
	assert_null(c.req.argv);
	assert_int_equal(PARSE(&c, &err, "--pinned", "/p", "-e", "true"), -EINVAL);
	assert_non_null(strstr(err, "a pin has no process"));
	assert_int_equal(PARSE(&c, &err, "--pinned", "/p", "-S", "follow"), -EINVAL);
	assert_int_equal(PARSE(&c, &err, "--pinned", "/p", "--list"), -EINVAL);
	assert_true(cli_option_takes_next("--pin"));
	assert_true(cli_option_takes_next("--unpin-netns"));
	assert_false(cli_option_takes_next("--list"));
}

/* --stopped, --rw, --tools, --filter and --which: where they stand, what they exclude. */
static void issue17(void **state)
{
	_cleanup_free_ char *err = NULL;
	struct cli c;

	(void)state;
	assert_int_equal(PARSE(&c, NULL, "--stopped", "--rw", "web", "sed", "-i", "x", "f"), 0);
	assert_true(c.req.stopped && c.req.rw);
	expect_argv(&c, ARGS("sed", "-i", "x", "f"));
	expect_refusal(ARGS("--rw", "web"), "--rw goes with --stopped");
	assert_int_equal(PARSE(&c, &err, "--stopped", "web", "-n", "ip"), -EINVAL);
	assert_non_null(strstr(err, "--stopped: a stopped container has no process"));
	assert_int_equal(PARSE(&c, &err, "--stopped", "--exec", "web"), -EINVAL);
	assert_int_equal(PARSE(&c, &err, "--stopped", "--list", "web"), -EINVAL);
	assert_int_equal(PARSE(&c, &err, "--stopped", "--rw", "-F", "web"), -EINVAL);
	assert_non_null(strstr(err, "excludes --no-fork"));
	assert_int_equal(PARSE(&c, NULL, "--stopped", "--privileged", "-W", "/etc", "web"), 0);
	assert_int_equal(PARSE(&c, NULL, "web", "--tools", "/opt/t", "strace"), 0);
	assert_string_equal(c.tools, "/opt/t");
	assert_int_equal(PARSE(&c, &err, "web", "--tools", "/opt/t", "--host-root"), -EINVAL);
	assert_int_equal(PARSE(&c, &err, "--stopped", "--tools", "x", "web"), -EINVAL);
	assert_int_equal(PARSE(&c, &err, "-n", "--tools", "x", "web"), -EINVAL);
	assert_non_null(strstr(err, "--tools needs the mount namespace"));
	assert_int_equal(PARSE(&c, NULL, "-m", "-n", "--tools", "x", "web"), 0);
	/* --filter takes the place of the container: the first word is the program */
	assert_int_equal(
	    PARSE(&c, NULL, "--filter", "label=a=b", "--filter", "name=x", "-n", "ss", "-t"), 0);
	assert_int_equal(c.n_filters, 2);
	assert_null(c.container);
	expect_argv(&c, ARGS("ss", "-t"));
	assert_int_equal(PARSE(&c, &err, "--filter", "colour=red", "true"), -EINVAL);
	assert_non_null(strstr(err, "invalid filter 'colour=red'"));
	assert_int_equal(PARSE(&c, &err, "--filter", "label=x", "--pinned", "/p"), -EINVAL);
	assert_int_equal(PARSE(&c, NULL, "--which", "4242"), 0);
	assert_int_equal(c.action, CLI_WHICH);
	assert_int_equal(c.which, 4242);
	assert_int_equal(PARSE(&c, NULL, "--which", "4242", "--json"), 0);
	assert_true(c.json);
	static const char *const bad_pids[] = { "0", "-1", "+5", "12ab", "", "99999999", " 7" };
	for (size_t i = 0; i < ARRAY_SIZE(bad_pids); i++)
		assert_int_equal(PARSE(&c, NULL, "--which", bad_pids[i]), -EINVAL);
	assert_int_equal(PARSE(&c, &err, "--which", "1", "web"), -EINVAL);
	assert_int_equal(PARSE(&c, &err, "--which", "1", "-n"), -EINVAL);
	assert_int_equal(PARSE(&c, &err, "--which", "1", "--list"), -EINVAL);
	assert_non_null(strstr(err, "mutually exclusive"));
	assert_true(cli_option_takes_next("--tools"));
	assert_true(cli_option_takes_next("--filter"));
	assert_true(cli_option_takes_next("--which"));
	assert_false(cli_option_takes_next("--stopped"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(around_the_container),
		cmocka_unit_test(double_dash),
		cmocka_unit_test(namespaces),
		cmocka_unit_test(ids),
		cmocka_unit_test(root_and_wd),
		cmocka_unit_test(timeouts),
		cmocka_unit_test(flags),
		cmocka_unit_test(unknown_options),
		cmocka_unit_test(missing_values),
		cmocka_unit_test(missing_container),
		cmocka_unit_test(conflicts),
		cmocka_unit_test(help_and_version),
		cmocka_unit_test(parse_again),
		cmocka_unit_test(takes_next),
		cmocka_unit_test(option_docs),
		cmocka_unit_test(long_option_missing_argument),
		cmocka_unit_test(argument_to_flag),
		cmocka_unit_test(punctuation_option),
		cmocka_unit_test(actions),
		cmocka_unit_test(issue17),
		cmocka_unit_test(user_parent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
