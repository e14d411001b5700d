// SPDX-License-Identifier: Apache-2.0
/* Docker's global flags in a plugin's argv, parsed the way docker's own flag parser does. */

/*
 * What docker/cli does, 20.10 to current (checked in cmd/docker/docker.go, cli/cobra.go,
 * cli/flags, cli-plugins/manager):
 *
 * - The plugin is exec'd with docker's full original argv minus argv[0]: global flags in the
 *   user's order, the plugin name, then the plugin's arguments. Docker has already parsed the
 *   globals (pflag, not interspersed: parsing stops at the first non-flag or after "--", and the
 *   "--" itself is passed on to us), so they are valid when we see them.
 * - The global flags are the same set in 20.10 and now: --config, -D/--debug, -l/--log-level,
 *   --tls, --tlsverify, --tlscacert, --tlscert, --tlskey, -H/--host, -c/--context, plus
 *   -v/--version (root command) and -h/--help (persistent). `docker -v NAME` and
 *   `docker --help NAME` do reach the plugin with that flag in front of the name.
 * - pflag always takes the next argument as a flag's value, even if it starts with '-' or equals
 *   a command name: `docker -c nsenter nsenter web` is context "nsenter". Booleans take a value
 *   only as "--debug=false" / "-D=false". Short flags group: "-DHunix:///x" is -D -H unix:///x.
 * - Docker refuses a second -H ("specify only one -H"); 20.10 failed at initialisation instead.
 *   So a plugin never sees two, and we refuse them too.
 * - `docker help NAME` runs the plugin with argv [path, GLOBALS, "help", NAME, ...], without the
 *   stop socket. Completion (docker 23+) runs [path, "__complete", NAME, ARGS..., WORD] with the
 *   plugin environment but none of the global flags, and with
 *   DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND set to the plugin's own path rather than docker's.
 * - The metadata query is [path, "docker-cli-plugin-metadata"] with docker's environment: when
 *   docker itself runs under a plugin that environment already holds
 *   DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND, so the query is recognised in every mode.
 */

#include <stdlib.h>
#include <string.h>

#include "dcp-internal.h"
#include "dcp.h"

#define ENV_ORIGINAL_CLI_COMMAND "DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND"
#define ENV_NO_COMPLETION_DESC	 "DOCKER_CLI_DISABLE_COMPLETION_DESCRIPTION"
#define COMPLETE_ARG		 "__complete"
#define COMPLETE_NODESC_ARG	 "__completeNoDesc"

enum gflag {
	GFLAG_HOST,
	GFLAG_CONTEXT,
	GFLAG_CONFIG,
	GFLAG_DEBUG,
	GFLAG_LOG_LEVEL,
	GFLAG_TLS,
	GFLAG_TLSVERIFY,
	GFLAG_TLSCACERT,
	GFLAG_TLSCERT,
	GFLAG_TLSKEY,
	GFLAG_HELP,
	GFLAG_VERSION,
	GFLAG_MAX,
};

struct gflag_def {
	const char *long_name;
	char short_name;
	bool boolean;
};

static const struct gflag_def gflags[GFLAG_MAX] = {
	[GFLAG_HOST] = { "host", 'H', false },
	[GFLAG_CONTEXT] = { "context", 'c', false },
	[GFLAG_CONFIG] = { "config", 0, false },
	[GFLAG_DEBUG] = { "debug", 'D', true },
	[GFLAG_LOG_LEVEL] = { "log-level", 'l', false },
	[GFLAG_TLS] = { "tls", 0, true },
	[GFLAG_TLSVERIFY] = { "tlsverify", 0, true },
	[GFLAG_TLSCACERT] = { "tlscacert", 0, false },
	[GFLAG_TLSCERT] = { "tlscert", 0, false },
	[GFLAG_TLSKEY] = { "tlskey", 0, false },
	[GFLAG_HELP] = { "help", 'h', true },
	[GFLAG_VERSION] = { "version", 'v', true },
};

/* Parser state: the globals being filled and whether TLS file flags were seen. */
struct split_state {
	struct dcp_globals g;
	bool tls_files;
};

bool dcp_plugin_mode(void)
{
	const char *v = getenv(ENV_ORIGINAL_CLI_COMMAND);

	return v && *v;
}

void dcp_globals_free(struct dcp_globals *g)
{
	if (!g)
		return;
	free(g->host);
	free(g->context);
	free(g->config_dir);
	free(g->log_level);
	*g = (struct dcp_globals){ .tls_flag = -1, .tlsverify_flag = -1 };
}

bool dcp_tls_enabled(const struct dcp_globals *g)
{
	const char *tls = getenv("DOCKER_TLS"), *verify = getenv("DOCKER_TLS_VERIFY");

	if (g->tlsverify_flag >= 0)
		return true;
	if (verify && *verify)
		return true;
	if (g->tls_flag >= 0)
		return g->tls_flag;
	return tls && *tls;
}

/* Go's strconv.ParseBool. */
static int parse_bool(const char *s, bool *ret)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };

	for (size_t i = 0; i < DCP_ARRAY_SIZE(yes); i++) {
		if (strcmp(s, yes[i]) == 0) {
			*ret = true;
			return 0;
		}
		if (strcmp(s, no[i]) == 0) {
			*ret = false;
			return 0;
		}
	}
	return -EINVAL;
}

static int set_string(char **dst, const char *value)
{
	char *copy = strdup(value);

	if (!copy)
		return -ENOMEM;
	free(*dst);
	*dst = copy;
	return 0;
}

static int apply_bool(struct split_state *st, enum gflag id, bool v)
{
	switch (id) {
	case GFLAG_DEBUG: st->g.debug = v; break;
	case GFLAG_TLS: st->g.tls_flag = v; break;
	case GFLAG_TLSVERIFY: st->g.tlsverify_flag = v; break;
	case GFLAG_HELP: st->g.help = v; break;
	case GFLAG_VERSION: st->g.version = v; break;
	default: return -EINVAL;
	}
	return 0;
}

static int apply_flag(struct split_state *st, enum gflag id, const char *value, char **reterr)
{
	const struct gflag_def *def = &gflags[id];
	bool b;

	if (def->boolean) {
		if (parse_bool(value, &b) < 0)
			return dcp_error(reterr, -EINVAL,
					 "invalid argument \"%s\" for \"--%s\" flag: not a boolean",
					 value, def->long_name);
		return apply_bool(st, id, b);
	}

	switch (id) {
	case GFLAG_HOST:
		if (st->g.host)
			return dcp_error(reterr, -EINVAL,
					 "invalid argument \"%s\" for \"-H, --host\" flag: "
					 "specify only one -H",
					 value);
		return set_string(&st->g.host, value);
	case GFLAG_CONTEXT: return set_string(&st->g.context, value);
	case GFLAG_CONFIG: return set_string(&st->g.config_dir, value);
	case GFLAG_LOG_LEVEL: return set_string(&st->g.log_level, value);
	case GFLAG_TLSCACERT:
	case GFLAG_TLSCERT:
	case GFLAG_TLSKEY:
		/* The paths only matter for TLS, which the caller refuses or handles itself. */
		st->tls_files = true;
		return 0;
	default: return -EINVAL;
	}
}

static int lookup_long(const char *name, size_t len)
{
	for (int id = 0; id < GFLAG_MAX; id++)
		if (strlen(gflags[id].long_name) == len &&
		    strncmp(gflags[id].long_name, name, len) == 0)
			return id;
	return -1;
}

static int lookup_short(char c)
{
	for (int id = 0; id < GFLAG_MAX; id++)
		if (gflags[id].short_name && gflags[id].short_name == c)
			return id;
	return -1;
}

/* "--name", "--name=value" or "--name value" at argv[*i]; *i is left on the last word used. */
static int parse_long(struct split_state *st, int argc, char **argv, int *i, char **reterr)
{
	const char *arg = argv[*i], *name = arg + 2, *eq, *value;
	size_t len;
	int id;

	if (name[0] == '-' || name[0] == '=')
		return dcp_error(reterr, -EINVAL, "bad flag syntax: %s", arg);
	eq = strchr(name, '=');
	len = eq ? (size_t)(eq - name) : strlen(name);
	id = lookup_long(name, len);
	if (id < 0)
		return dcp_error(reterr, -EINVAL, "unknown flag: --%.*s", (int)len, name);

	if (eq)
		value = eq + 1;
	else if (gflags[id].boolean)
		value = "true";
	else if (*i + 1 < argc)
		value = argv[++*i];
	else
		return dcp_error(reterr, -EINVAL, "flag needs an argument: --%s", name);
	return apply_flag(st, id, value, reterr);
}

/* "-D", "-Dv", "-Hvalue", "-H=value", "-H value", "-DH value" at argv[*i]. */
static int parse_short(struct split_state *st, int argc, char **argv, int *i, char **reterr)
{
	const char *arg = argv[*i], *s = arg + 1, *value;
	int id, r;

	while (*s) {
		id = lookup_short(*s);
		if (id < 0)
			return dcp_error(reterr, -EINVAL, "unknown shorthand flag: '%c' in %s", *s,
					 arg);
		if (s[1] == '=' && s[2]) {
			value = s + 2;
		} else if (gflags[id].boolean) {
			r = apply_flag(st, id, "true", reterr);
			if (r < 0)
				return r;
			s++;
			continue;
		} else if (s[1]) {
			value = s + 1;
		} else if (*i + 1 < argc) {
			value = argv[++*i];
		} else {
			return dcp_error(reterr, -EINVAL, "flag needs an argument: '%c' in %s", *s,
					 arg);
		}
		return apply_flag(st, id, value, reterr);
	}
	return 0;
}

/* Parse flags from argv[1]; *ret_next is the index of the first word that is not one. */
static int parse_globals(struct split_state *st, int argc, char **argv, int *ret_next,
			 char **reterr)
{
	int i, r;

	for (i = 1; i < argc; i++) {
		const char *arg = argv[i];

		if (arg[0] != '-' || arg[1] == '\0')
			break;
		if (strcmp(arg, "--") == 0) {
			i++;
			break;
		}
		if (arg[1] == '-')
			r = parse_long(st, argc, argv, &i, reterr);
		else
			r = parse_short(st, argc, argv, &i, reterr);
		if (r < 0)
			return r == -ENOMEM ? dcp_error(reterr, r, "out of memory") : r;
	}
	*ret_next = i;
	return 0;
}

static bool is_complete_arg(const char *s)
{
	return strcmp(s, COMPLETE_ARG) == 0 || strcmp(s, COMPLETE_NODESC_ARG) == 0;
}

static void note_complete(struct dcp_globals *g, const char *arg)
{
	const char *env = getenv(ENV_NO_COMPLETION_DESC);

	g->mode = DCP_MODE_COMPLETE;
	g->complete_nodesc = strcmp(arg, COMPLETE_NODESC_ARG) == 0 || (env && *env);
}

/* The word(s) after the globals: NAME, "help" NAME, or "__complete" NAME. */
static int match_name(struct dcp_globals *g, int argc, char **argv, int i, const char *name,
		      int *ret_first, char **reterr)
{
	if (i >= argc)
		return dcp_error(reterr, -EINVAL,
				 "missing plugin name \"%s\" after docker's options", name);
	if (strcmp(argv[i], name) == 0) {
		g->mode = g->help ? DCP_MODE_HELP : DCP_MODE_RUN;
		*ret_first = i + 1;
		return 0;
	}
	if (i + 1 < argc && strcmp(argv[i + 1], name) == 0) {
		if (strcmp(argv[i], "help") == 0) {
			g->mode = DCP_MODE_HELP;
			g->help = true;
			*ret_first = i + 2;
			return 0;
		}
		if (is_complete_arg(argv[i])) {
			note_complete(g, argv[i]);
			*ret_first = i + 2;
			return 0;
		}
	}
	return dcp_error(reterr, -EINVAL,
			 "expected plugin name \"%s\" after docker's options, got \"%s\"", name,
			 argv[i]);
}

int dcp_split(int argc, char **argv, const char *name, struct dcp_globals *ret, int *ret_first,
	      char **reterr)
{
	struct split_state st = { .g = { .tls_flag = -1, .tlsverify_flag = -1 } };
	int i = 0, first = 1, r;

	if (argc == 2 && strcmp(argv[1], DCP_METADATA_ARG) == 0) {
		st.g.mode = DCP_MODE_METADATA;
		first = 2;
	} else if (!dcp_plugin_mode()) {
		st.g.mode = DCP_MODE_STANDALONE;
		first = 1;
		if (argc >= 2 && is_complete_arg(argv[1])) {
			note_complete(&st.g, argv[1]);
			first = 2;
		}
	} else {
		r = parse_globals(&st, argc, argv, &i, reterr);
		if (r >= 0)
			r = match_name(&st.g, argc, argv, i, name, &first, reterr);
		if (r < 0) {
			dcp_globals_free(&st.g);
			return r;
		}
		st.g.tls = st.g.tls_flag == 1 || st.g.tlsverify_flag >= 0 || st.tls_files;
	}

	*ret = st.g;
	*ret_first = first;
	return 0;
}

void dcp_env_scrub(void)
{
	unsetenv(ENV_ORIGINAL_CLI_COMMAND);
	unsetenv("DOCKER_CLI_PLUGIN_SOCKET");
}
