// SPDX-License-Identifier: Apache-2.0
/* Unit tests of docker-cli-plugin: global flags, endpoint selection, metadata, stop socket. */
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "dcp-internal.h"
#include "dcp.h"

#define NAME	  "nsenter"
#define ARGV(...) ((char *[]){ "/usr/libexec/docker/cli-plugins/docker-nsenter", __VA_ARGS__ })
#define ARGC(...) ((int)(sizeof((char *[]){ "x", __VA_ARGS__ }) / sizeof(char *)))
#define SPLIT(g, first, err, ...)                                                                  \
	dcp_split(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), NAME, g, first, err)

/* ---- helpers ---- */

static void plugin_env(bool on)
{
	if (on)
		setenv("DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND", "docker", 1);
	else
		unsetenv("DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND");
}

static void write_file(const char *path, const char *content)
{
	_dcp_cleanup_free_ char *dir = strdup(path);
	FILE *f;

	assert_non_null(dir);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0755) < 0)
			assert_int_equal(errno, EEXIST);
		*p = '/';
	}
	f = fopen(path, "we");
	assert_non_null(f);
	assert_true(fputs(content, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/* Write <cfg>/contexts/meta/<sha256(name)>/meta.json as docker lays it out. */
static void write_meta(const char *cfg, const char *name, const char *json)
{
	_dcp_cleanup_free_ char *path = NULL;
	char hash[65];

	dcp_sha256_hex(name, strlen(name), hash);
	assert_true(asprintf(&path, "%s/contexts/meta/%s/meta.json", cfg, hash) > 0);
	write_file(path, json);
}

static void write_context(const char *cfg, const char *name, const char *host)
{
	_dcp_cleanup_free_ char *json = NULL;

	assert_true(
	    asprintf(&json,
		     "{\"Name\":\"%s\",\"Metadata\":{\"Description\":\"\"},"
		     "\"Endpoints\":{\"docker\":{\"Host\":\"%s\",\"SkipTLSVerify\":false}}}\n",
		     name, host) > 0);
	write_meta(cfg, name, json);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

struct fixture {
	char root[64];
	char *home; /* $HOME; its .docker is the last-resort config dir */
	char *cfg;  /* a config dir given with --config or DOCKER_CONFIG */
};

static void clear_docker_env(void)
{
	static const char *const vars[] = { "DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG",
					    "DOCKER_TLS", "DOCKER_TLS_VERIFY" };

	for (size_t i = 0; i < DCP_ARRAY_SIZE(vars); i++)
		unsetenv(vars[i]);
}

static int setup_fixture(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	strcpy(fx->root, "/tmp/test-dcp-XXXXXX");
	if (!mkdtemp(fx->root))
		return -1;
	if (asprintf(&fx->home, "%s/home", fx->root) < 0 ||
	    asprintf(&fx->cfg, "%s/cfg", fx->root) < 0)
		return -1;
	clear_docker_env();
	setenv("HOME", fx->home, 1);
	*state = fx;
	return 0;
}

static int teardown_fixture(void **state)
{
	struct fixture *fx = *state;

	nftw(fx->root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	clear_docker_env();
	free(fx->home);
	free(fx->cfg);
	free(fx);
	return 0;
}

/* Resolve and compare; origin_part may be NULL. */
static void expect_endpoint(const struct dcp_globals *g, const char *endpoint,
			    const char *origin_part)
{
	_dcp_cleanup_free_ char *ep = NULL, *origin = NULL, *err = NULL;
	int r = dcp_resolve_endpoint(g, &ep, &origin, &err);

	if (r < 0)
		fail_msg("resolve failed: %d %s", r, err ? err : "");
	assert_string_equal(ep, endpoint);
	if (origin_part && !strstr(origin, origin_part))
		fail_msg("origin \"%s\" lacks \"%s\"", origin, origin_part);
}

static void expect_resolve_error(const struct dcp_globals *g, int err_expected,
				 const char *msg_part)
{
	_dcp_cleanup_free_ char *ep = NULL, *origin = NULL, *err = NULL;
	int r = dcp_resolve_endpoint(g, &ep, &origin, &err);

	assert_int_equal(r, err_expected);
	assert_null(ep);
	assert_non_null(err);
	if (msg_part && !strstr(err, msg_part))
		fail_msg("message \"%s\" lacks \"%s\"", err, msg_part);
}

static struct dcp_globals empty_globals(void)
{
	return (struct dcp_globals){ .tls_flag = -1, .tlsverify_flag = -1 };
}

/* ---- dcp_split ---- */

static void test_split_not_plugin_mode(void **state)
{
	struct dcp_globals g;
	int first = -1;

	(void)state;
	plugin_env(false);
	assert_false(dcp_plugin_mode());
	assert_int_equal(SPLIT(&g, &first, NULL, "-H", "unix:///x", "web"), 0);
	assert_int_equal(first, 1);
	assert_int_equal(g.mode, DCP_MODE_STANDALONE);
	assert_null(g.host);
	assert_null(g.context);
	assert_false(g.debug);
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "__completeNoDesc", "w"), 0);
	assert_int_equal(g.mode, DCP_MODE_COMPLETE);
	assert_true(g.complete_nodesc);
	assert_int_equal(first, 2);
	dcp_globals_free(&g);
}

static void test_split_plain(void **state)
{
	struct dcp_globals g;
	int first = -1;

	(void)state;
	plugin_env(true);
	assert_true(dcp_plugin_mode());
	assert_int_equal(SPLIT(&g, &first, NULL, NAME, "web", "--net", "ss", "-tlnp"), 0);
	assert_int_equal(first, 2);
	assert_int_equal(g.mode, DCP_MODE_RUN);
	assert_null(g.host);
	assert_false(g.tls);
	dcp_globals_free(&g);
	plugin_env(false);
}

static void test_split_values_equal_to_name(void **state)
{
	struct dcp_globals g;
	char **argv = ARGV("-c", NAME, "--config", NAME, "-l", NAME, NAME, NAME, "sh");
	int first = -1;

	(void)state;
	plugin_env(true);
	assert_int_equal(dcp_split(10, argv, NAME, &g, &first, NULL), 0);
	assert_string_equal(g.context, NAME);
	assert_string_equal(g.config_dir, NAME);
	assert_string_equal(g.log_level, NAME);
	assert_int_equal(first, 8);
	assert_string_equal(argv[first], NAME); /* a container named like the plugin */
	dcp_globals_free(&g);

	/* A value that looks like a flag is still a value. */
	assert_int_equal(SPLIT(&g, &first, NULL, "--config", "-D", NAME, "web"), 0);
	assert_string_equal(g.config_dir, "-D");
	assert_false(g.debug);
	assert_int_equal(first, 4);
	dcp_globals_free(&g);
	plugin_env(false);
}

static void test_split_host_forms(void **state)
{
	struct dcp_globals g;
	int first = -1;

	(void)state;
	plugin_env(true);
	assert_int_equal(SPLIT(&g, &first, NULL, "-Hunix:///x", NAME, "web"), 0);
	assert_string_equal(g.host, "unix:///x");
	assert_int_equal(first, 3);
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "--host=tcp://h:1", NAME, "web"), 0);
	assert_string_equal(g.host, "tcp://h:1");
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "--host", "unix:///y", NAME), 0);
	assert_string_equal(g.host, "unix:///y");
	assert_int_equal(first, 4);
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "-H=unix:///z", NAME), 0);
	assert_string_equal(g.host, "unix:///z");
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "-H", NAME, NAME, "web"), 0);
	assert_string_equal(g.host, NAME);
	assert_int_equal(first, 4);
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "-DHunix:///g", NAME), 0);
	assert_true(g.debug);
	assert_string_equal(g.host, "unix:///g");
	dcp_globals_free(&g);
	plugin_env(false);
}

static void test_split_booleans(void **state)
{
	struct dcp_globals g;
	int first = -1;

	(void)state;
	plugin_env(true);
	assert_int_equal(SPLIT(&g, &first, NULL, "-D", "-l", "debug", NAME, "web"), 0);
	assert_true(g.debug);
	assert_string_equal(g.log_level, "debug");
	assert_int_equal(first, 5);
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "-Dc", "ctx", NAME), 0);
	assert_true(g.debug);
	assert_string_equal(g.context, "ctx");
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "--debug=false", "--log-level=warn", NAME), 0);
	assert_false(g.debug);
	assert_string_equal(g.log_level, "warn");
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "--tls=false", NAME), 0);
	assert_false(g.tls);
	assert_int_equal(g.tls_flag, 0);
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "--tlsverify=false", NAME), 0);
	assert_true(g.tls);
	assert_int_equal(g.tlsverify_flag, 0);
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "--tlscert", "/c.pem", NAME), 0);
	assert_true(g.tls);
	assert_int_equal(first, 4);
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "-D", "--", NAME, "web"), 0);
	assert_int_equal(first, 4);
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "-v", NAME), 0);
	assert_true(g.version);
	assert_int_equal(g.mode, DCP_MODE_RUN);
	dcp_globals_free(&g);
	plugin_env(false);
}

static void expect_split_error(int argc, char **argv, const char *msg_part)
{
	struct dcp_globals g = { .host = (char *)"sentinel" };
	_dcp_cleanup_free_ char *err = NULL;
	int first = -7;

	assert_int_equal(dcp_split(argc, argv, NAME, &g, &first, &err), -EINVAL);
	assert_non_null(err);
	if (!strstr(err, msg_part))
		fail_msg("message \"%s\" lacks \"%s\"", err, msg_part);
	assert_int_equal(first, -7);
	assert_string_equal(g.host, "sentinel");
}

static void test_split_errors(void **state)
{
	(void)state;
	plugin_env(true);
	expect_split_error(ARGC("--bogus", NAME), ARGV("--bogus", NAME), "unknown flag: --bogus");
	expect_split_error(ARGC("--bogus=1", NAME), ARGV("--bogus=1", NAME), "--bogus");
	expect_split_error(ARGC("-Dx", NAME), ARGV("-Dx", NAME), "'x'");
	expect_split_error(ARGC("--context"), ARGV("--context"), "needs an argument");
	expect_split_error(ARGC("-H"), ARGV("-H"), "needs an argument");
	expect_split_error(ARGC("-H", "a", "-H", "b", NAME), ARGV("-H", "a", "-H", "b", NAME),
			   "only one -H");
	expect_split_error(ARGC("--debug=maybe", NAME), ARGV("--debug=maybe", NAME), "maybe");
	expect_split_error(ARGC("web", "sh"), ARGV("web", "sh"), "\"web\"");
	expect_split_error(ARGC("-D"), ARGV("-D"), "missing plugin name");
	expect_split_error(ARGC("---x", NAME), ARGV("---x", NAME), "bad flag syntax");
	plugin_env(false);
}

static void test_split_help_complete_metadata(void **state)
{
	struct dcp_globals g;
	int first = -1;

	(void)state;
	plugin_env(true);
	assert_int_equal(SPLIT(&g, &first, NULL, "-D", "help", NAME), 0);
	assert_int_equal(g.mode, DCP_MODE_HELP);
	assert_true(g.help);
	assert_int_equal(first, 4);
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "--help", NAME), 0);
	assert_int_equal(g.mode, DCP_MODE_HELP);
	assert_int_equal(first, 3);
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "__complete", NAME, "--net", ""), 0);
	assert_int_equal(g.mode, DCP_MODE_COMPLETE);
	assert_false(g.complete_nodesc);
	assert_int_equal(first, 3);
	dcp_globals_free(&g);

	assert_int_equal(SPLIT(&g, &first, NULL, "__completeNoDesc", NAME, ""), 0);
	assert_true(g.complete_nodesc);
	dcp_globals_free(&g);

	/* Docker queries metadata with its own environment, which may be a plugin's. */
	assert_int_equal(SPLIT(&g, &first, NULL, DCP_METADATA_ARG), 0);
	assert_int_equal(g.mode, DCP_MODE_METADATA);
	assert_int_equal(first, 2);
	dcp_globals_free(&g);
	plugin_env(false);
	assert_int_equal(SPLIT(&g, &first, NULL, DCP_METADATA_ARG), 0);
	assert_int_equal(g.mode, DCP_MODE_METADATA);
	dcp_globals_free(&g);
}

static void test_env_scrub(void **state)
{
	(void)state;
	plugin_env(true);
	setenv("DOCKER_CLI_PLUGIN_SOCKET", "@x", 1);
	dcp_env_scrub();
	assert_false(dcp_plugin_mode());
	assert_null(getenv("DOCKER_CLI_PLUGIN_SOCKET"));
}

/* ---- SHA-256 ---- */

static void expect_sha(const void *data, size_t len, const char *hex)
{
	char out[65];

	dcp_sha256_hex(data, len, out);
	assert_string_equal(out, hex);
}

static void test_sha256(void **state)
{
	_dcp_cleanup_free_ char *big = malloc(1000000);
	char x[120];

	(void)state;
	expect_sha("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	expect_sha("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	expect_sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
		   "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	expect_sha("foo", 3, "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae");
	memset(x, 'x', sizeof(x));
	expect_sha(x, 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
	expect_sha(x, 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
	expect_sha(x, 119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c");
	assert_non_null(big);
	memset(big, 'a', 1000000);
	expect_sha(big, 1000000,
		   "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* ---- dcp_resolve_endpoint ---- */

static void test_endpoint_default_and_host(void **state)
{
	struct dcp_globals g = empty_globals();

	(void)state; /* the fixture's $HOME has no config.json */
	expect_endpoint(&g, "unix:///var/run/docker.sock", "default");

	g.host = (char *)"unix:///x.sock";
	expect_endpoint(&g, "unix:///x.sock", "--host");
	g.host = (char *)"  tcp://h  ";
	expect_endpoint(&g, "tcp://h:2375", "--host");
	g.host = (char *)"h:1";
	expect_endpoint(&g, "tcp://h:1", NULL);
	g.host = (char *)":2376";
	expect_endpoint(&g, "tcp://localhost:2376", NULL);
	g.host = (char *)"tcp://[::1]:5";
	expect_endpoint(&g, "tcp://[::1]:5", NULL);
	g.host = (char *)"tcp://::1";
	expect_endpoint(&g, "tcp://[::1]:2375", NULL);
	g.host = (char *)"tcp://h:7/path?q";
	expect_endpoint(&g, "tcp://h:7/path", NULL);
	g.host = (char *)"unix://";
	expect_endpoint(&g, "unix:///var/run/docker.sock", NULL);
	g.host = (char *)"";
	expect_endpoint(&g, "unix:///var/run/docker.sock", "--host");
	g.host = (char *)"ssh://me@box";
	expect_endpoint(&g, "ssh://me@box", NULL);
	g.host = (char *)"ftp://x";
	expect_resolve_error(&g, -EINVAL, "invalid bind address format: ftp://x");
	g.host = (char *)"tcp://h:port";
	expect_resolve_error(&g, -EINVAL, "--host");

	g.host = NULL;
	setenv("DOCKER_HOST", "unix:///env.sock", 1);
	expect_endpoint(&g, "unix:///env.sock", "DOCKER_HOST");
	setenv("DOCKER_HOST", "", 1);
	expect_endpoint(&g, "unix:///var/run/docker.sock", "default");
	unsetenv("DOCKER_HOST");

	setenv("DOCKER_TLS_VERIFY", "1", 1);
	expect_endpoint(&g, "tcp://localhost:2376", "default");
	unsetenv("DOCKER_TLS_VERIFY");
	g.tls_flag = 1;
	expect_endpoint(&g, "tcp://localhost:2376", "default");
}

static void test_endpoint_conflict(void **state)
{
	struct dcp_globals g = empty_globals();

	(void)state;
	g.host = (char *)"unix:///x";
	g.context = (char *)"foo";
	expect_resolve_error(&g, -EINVAL, "conflicting options");
}

static void test_endpoint_precedence(void **state)
{
	struct fixture *fx = *state;
	struct dcp_globals g = empty_globals();
	_dcp_cleanup_free_ char *path = NULL, *homecfg = NULL;

	assert_true(asprintf(&homecfg, "%s/.docker", fx->home) > 0);
	write_context(fx->cfg, "foo", "unix:///foo.sock");
	write_context(fx->cfg, "bar", "unix:///bar.sock");
	write_context(homecfg, "home", "unix:///home.sock");
	assert_true(asprintf(&path, "%s/config.json", fx->cfg) > 0);
	write_file(path, "{\n  \"auths\": {},\n  \"currentContext\": \"bar\"\n}\n");
	free(path);
	assert_true(asprintf(&path, "%s/config.json", homecfg) > 0);
	write_file(path, "{\"currentContext\": \"home\"}");

	/* Nothing set: $HOME/.docker/config.json names "home". */
	expect_endpoint(&g, "unix:///home.sock", "context \"home\"");
	/* DOCKER_CONFIG moves the config dir. */
	setenv("DOCKER_CONFIG", fx->cfg, 1);
	expect_endpoint(&g, "unix:///bar.sock", "config.json");
	unsetenv("DOCKER_CONFIG");
	/* --config beats DOCKER_CONFIG. */
	setenv("DOCKER_CONFIG", homecfg, 1);
	g.config_dir = fx->cfg;
	expect_endpoint(&g, "unix:///bar.sock", "context \"bar\"");
	unsetenv("DOCKER_CONFIG");
	/* DOCKER_CONTEXT beats currentContext. */
	setenv("DOCKER_CONTEXT", "foo", 1);
	expect_endpoint(&g, "unix:///foo.sock", "DOCKER_CONTEXT");
	/* DOCKER_HOST beats DOCKER_CONTEXT. */
	setenv("DOCKER_HOST", "unix:///env.sock", 1);
	expect_endpoint(&g, "unix:///env.sock", "DOCKER_HOST");
	/* --context beats DOCKER_HOST. */
	g.context = (char *)"foo";
	expect_endpoint(&g, "unix:///foo.sock", "--context");
	/* --host beats all but --context. */
	g.context = NULL;
	g.host = (char *)"unix:///flag.sock";
	expect_endpoint(&g, "unix:///flag.sock", "--host");
}

static void test_endpoint_default_context(void **state)
{
	struct fixture *fx = *state;
	struct dcp_globals g = empty_globals();

	/* A stored context called "default" is never used: "default" is the virtual one. */
	write_context(fx->cfg, "default", "unix:///stored-default.sock");
	g.config_dir = fx->cfg;
	g.context = (char *)"default";
	expect_endpoint(&g, "unix:///var/run/docker.sock", "default");
	setenv("DOCKER_HOST", "tcp://h", 1);
	expect_endpoint(&g, "tcp://h:2375", "DOCKER_HOST");
	unsetenv("DOCKER_HOST");
	g.context = NULL;
	setenv("DOCKER_CONTEXT", "default", 1);
	expect_endpoint(&g, "unix:///var/run/docker.sock", NULL);
}

static void test_endpoint_unknown_context(void **state)
{
	struct fixture *fx = *state;
	struct dcp_globals g = empty_globals();
	_dcp_cleanup_free_ char *path = NULL;

	g.config_dir = fx->cfg;
	g.context = (char *)"nope";
	expect_resolve_error(&g, -ENOENT, "\"nope\"");
	expect_resolve_error(&g, -ENOENT, "/cfg/contexts/meta");

	/* Named in config.json but missing. */
	g.context = NULL;
	assert_true(asprintf(&path, "%s/config.json", fx->cfg) > 0);
	write_file(path, "{\"currentContext\":\"gone\"}");
	expect_resolve_error(&g, -ENOENT, "config.json");
}

static void test_endpoint_malformed_meta(void **state)
{
	struct fixture *fx = *state;
	struct dcp_globals g = empty_globals();

	g.config_dir = fx->cfg;
	g.context = (char *)"bad";
	write_meta(fx->cfg, "bad", "{\"Name\":\"bad\",\"Endpoints\":{\"docker\":{\"Host\":");
	expect_resolve_error(&g, -EINVAL, "meta.json");
	write_meta(fx->cfg, "bad", "{\"Name\":\"bad\",}");
	expect_resolve_error(&g, -EINVAL, "parsing");
	write_meta(fx->cfg, "bad", "{\"Name\":\"bad\"} trailing");
	expect_resolve_error(&g, -EINVAL, "parsing");
	write_meta(fx->cfg, "bad", "[1, 2]");
	expect_resolve_error(&g, -EINVAL, "not a JSON object");
	write_meta(fx->cfg, "bad", "{\"Name\":\"bad\",\"Endpoints\":{}}");
	expect_resolve_error(&g, -EINVAL, "cannot find docker endpoint");
	write_meta(fx->cfg, "bad", "{\"Name\":\"bad\",\"Endpoints\":{\"docker\":null}}");
	expect_resolve_error(&g, -EINVAL, "docker");
	write_meta(fx->cfg, "bad", "{\"Name\":\"bad\",\"Endpoints\":{\"docker\":{\"Host\":5}}}");
	expect_resolve_error(&g, -EINVAL, "Host");
	write_meta(
	    fx->cfg, "bad",
	    "{\"Name\":\"bad\",\"Endpoints\":{\"docker\":{\"Host\":\"unix:///a\\u0000b\"}}}");
	expect_resolve_error(&g, -EINVAL, "Host");

	/* Deeper than the tokener allows. */
	{
		char deep[300];

		memset(deep, '[', 200);
		deep[200] = '\0';
		write_meta(fx->cfg, "bad", deep);
		expect_resolve_error(&g, -EINVAL, "parsing");
	}

	/* Lenient where Go is: case-insensitive names, empty Host, whitespace around. */
	write_meta(
	    fx->cfg, "bad",
	    "\n {\"name\":\"bad\",\"endpoints\":{\"docker\":{\"host\":\"unix:///lc\"}}}\n\n");
	expect_endpoint(&g, "unix:///lc", NULL);
	write_meta(fx->cfg, "bad", "{\"Endpoints\":{\"docker\":{\"Host\":\"\"}}}");
	expect_endpoint(&g, "unix:///var/run/docker.sock", "context \"bad\"");
}

static void test_endpoint_oversized_meta(void **state)
{
	struct fixture *fx = *state;
	struct dcp_globals g = empty_globals();
	_dcp_cleanup_free_ char *big = malloc(2 * 1024 * 1024 + 64);
	size_t n;

	assert_non_null(big);
	n = (size_t)sprintf(big, "{\"Name\":\"big\",\"X\":\"");
	memset(big + n, 'a', 2 * 1024 * 1024);
	strcpy(big + n + 2 * 1024 * 1024, "\"}");
	write_meta(fx->cfg, "big", big);
	g.config_dir = fx->cfg;
	g.context = (char *)"big";
	expect_resolve_error(&g, -EFBIG, "larger than");
}

static void test_endpoint_malformed_config(void **state)
{
	struct fixture *fx = *state;
	struct dcp_globals g = empty_globals();
	_dcp_cleanup_free_ char *path = NULL;

	g.config_dir = fx->cfg;
	write_context(fx->cfg, "foo", "unix:///foo.sock");
	assert_true(asprintf(&path, "%s/config.json", fx->cfg) > 0);

	/* Docker warns and carries on without it. */
	write_file(path, "{\"currentContext\": \"foo\"");
	expect_endpoint(&g, "unix:///var/run/docker.sock", "ignored");
	/* A streaming decoder stops after the object. */
	write_file(path, "{\"currentContext\": \"foo\"} junk");
	expect_endpoint(&g, "unix:///foo.sock", "context \"foo\"");
	/* A field of the wrong type is skipped alone. */
	write_file(path, "{\"currentContext\": 7}");
	expect_endpoint(&g, "unix:///var/run/docker.sock", "default");
	write_file(path, "null");
	expect_endpoint(&g, "unix:///var/run/docker.sock", "default");
}

/* ---- dcp_write_metadata ---- */

static void test_metadata(void **state)
{
	_dcp_cleanup_json_ struct json_object *obj = NULL;
	struct json_object *v;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(dcp_write_metadata(f, "Example Vendor", "1.2.3",
					    "Run a program in a container's namespaces", NULL),
			 0);
	assert_int_equal(fclose(f), 0);
	assert_true(len > 0 && buf[len - 1] == '\n');
	obj = json_tokener_parse(buf);
	free(buf);
	assert_non_null(obj);
	assert_true(json_object_object_get_ex(obj, "SchemaVersion", &v));
	assert_string_equal(json_object_get_string(v), "0.1.0");
	assert_true(json_object_object_get_ex(obj, "Vendor", &v));
	assert_string_equal(json_object_get_string(v), "Example Vendor");
	assert_true(json_object_object_get_ex(obj, "Version", &v));
	assert_string_equal(json_object_get_string(v), "1.2.3");
	assert_true(json_object_object_get_ex(obj, "ShortDescription", &v));
	assert_string_equal(json_object_get_string(v), "Run a program in a container's namespaces");
	assert_false(json_object_object_get_ex(obj, "URL", &v));

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(dcp_write_metadata(f, "", "1", "x", "https://example.org/a/b"), -EINVAL);
	assert_int_equal(dcp_write_metadata(f, "V", NULL, NULL, "https://example.org/a/b"), 0);
	assert_int_equal(fclose(f), 0);
	/* Slashes stay readable. */
	assert_non_null(strstr(buf, "\"https://example.org/a/b\""));
	free(buf);
}

/* ---- dcp_stop_socket_connect ---- */

static int listen_abstract(const char *name)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t len = strlen(name);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	/* Go's form: exactly the name after the leading NUL, no padding. */
	memcpy(sa.sun_path + 1, name, len);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa,
			      (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)),
			 0);
	assert_int_equal(listen(fd, 4), 0);
	return fd;
}

static void test_stop_socket_absent(void **state)
{
	int fd = 42;

	(void)state;
	unsetenv("DOCKER_CLI_PLUGIN_SOCKET");
	assert_int_equal(dcp_stop_socket_connect(&fd, NULL), 0);
	assert_int_equal(fd, -EBADF);
	assert_false(dcp_stop_requested(fd));
}

static void test_stop_socket_eof(void **state)
{
	_dcp_cleanup_close_ int lfd = -EBADF, conn = -EBADF, fd = -EBADF;
	_dcp_cleanup_free_ char *err = NULL;
	char name[64], value[80];
	struct pollfd p;
	char c;

	(void)state;
	snprintf(name, sizeof(name), "docker_cli_test_%d", (int)getpid());
	snprintf(value, sizeof(value), "@%s", name);
	lfd = listen_abstract(name);
	setenv("DOCKER_CLI_PLUGIN_SOCKET", value, 1);

	assert_int_equal(dcp_stop_socket_connect(&fd, &err), 0);
	assert_true(fd >= 0);
	assert_null(getenv("DOCKER_CLI_PLUGIN_SOCKET"));
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);

	conn = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	assert_true(conn >= 0);
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	assert_int_equal(poll(&p, 1, 0), 0);
	assert_false(dcp_stop_requested(fd));

	/* Stray bytes are not a stop request. */
	assert_int_equal(write(conn, "x", 1), 1);
	assert_int_equal(poll(&p, 1, 1000), 1);
	assert_false(dcp_stop_requested(fd));

	close(DCP_TAKE_FD(conn));
	p.revents = 0;
	assert_int_equal(poll(&p, 1, 1000), 1);
	assert_true(p.revents & (POLLIN | POLLHUP));
	assert_int_equal(read(fd, &c, 1), 0);
	assert_true(dcp_stop_requested(fd));
}

static void test_stop_socket_refused(void **state)
{
	_dcp_cleanup_free_ char *err = NULL;
	char value[80];
	int fd = 42;

	(void)state;
	snprintf(value, sizeof(value), "@docker_cli_nobody_%d", (int)getpid());
	setenv("DOCKER_CLI_PLUGIN_SOCKET", value, 1);
	assert_int_equal(dcp_stop_socket_connect(&fd, &err), -ECONNREFUSED);
	assert_int_equal(fd, 42);
	assert_non_null(err);
	assert_null(getenv("DOCKER_CLI_PLUGIN_SOCKET"));
}

static void test_stop_socket_path(void **state)
{
	struct fixture *fx = *state;
	_dcp_cleanup_close_ int lfd = -EBADF, conn = -EBADF, fd = -EBADF;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char c;

	/* Where abstract sockets do not exist docker passes a path. */
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/s", fx->root);
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(lfd >= 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 1), 0);
	setenv("DOCKER_CLI_PLUGIN_SOCKET", sa.sun_path, 1);
	assert_int_equal(dcp_stop_socket_connect(&fd, NULL), 0);
	conn = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	assert_true(conn >= 0);
	close(DCP_TAKE_FD(conn));
	assert_int_equal(read(fd, &c, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_not_plugin_mode),
		cmocka_unit_test(test_split_plain),
		cmocka_unit_test(test_split_values_equal_to_name),
		cmocka_unit_test(test_split_host_forms),
		cmocka_unit_test(test_split_booleans),
		cmocka_unit_test(test_split_errors),
		cmocka_unit_test(test_split_help_complete_metadata),
		cmocka_unit_test(test_env_scrub),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test_setup_teardown(test_endpoint_default_and_host, setup_fixture,
						teardown_fixture),
		cmocka_unit_test_setup_teardown(test_endpoint_conflict, setup_fixture,
						teardown_fixture),
		cmocka_unit_test_setup_teardown(test_endpoint_precedence, setup_fixture,
						teardown_fixture),
		cmocka_unit_test_setup_teardown(test_endpoint_default_context, setup_fixture,
						teardown_fixture),
		cmocka_unit_test_setup_teardown(test_endpoint_unknown_context, setup_fixture,
						teardown_fixture),
		cmocka_unit_test_setup_teardown(test_endpoint_malformed_meta, setup_fixture,
						teardown_fixture),
		cmocka_unit_test_setup_teardown(test_endpoint_oversized_meta, setup_fixture,
						teardown_fixture),
		cmocka_unit_test_setup_teardown(test_endpoint_malformed_config, setup_fixture,
						teardown_fixture),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_stop_socket_absent),
		cmocka_unit_test(test_stop_socket_eof),
		cmocka_unit_test(test_stop_socket_refused),
		cmocka_unit_test_setup_teardown(test_stop_socket_path, setup_fixture,
						teardown_fixture),
	};

	return cmocka_run_group_tests_name("dcp", tests, NULL, NULL);
}
