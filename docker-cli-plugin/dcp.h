// SPDX-License-Identifier: Apache-2.0
/* Docker CLI plugin protocol: global flags, endpoint selection, metadata, the stop socket. */
#pragma once

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

/* The metadata request docker sends as argv[1] when it lists or validates plugins. */
#define DCP_METADATA_ARG "docker-cli-plugin-metadata"

/* How the program was invoked; see dcp_split(). */
enum dcp_mode {
	DCP_MODE_STANDALONE, /* run directly, not by docker */
	DCP_MODE_RUN,	     /* docker [GLOBALS] NAME ARGS... */
	DCP_MODE_HELP,	     /* docker [GLOBALS] help NAME, or docker --help NAME */
	DCP_MODE_COMPLETE,   /* shell completion request: __complete / __completeNoDesc */
	DCP_MODE_METADATA,   /* PLUGIN docker-cli-plugin-metadata */
	DCP_MODE_MAX,
};

/* Docker's global flags, as given. */
struct dcp_globals {
	char *host;	      /* -H/--host; docker refuses a second one, and so do we */
	char *context;	      /* -c/--context */
	char *config_dir;     /* --config */
	bool debug;	      /* -D/--debug */
	char *log_level;      /* -l/--log-level */
	bool tls;	      /* --tls(=true), --tlsverify, --tlscacert/--tlscert/--tlskey given */
	int tls_flag;	      /* value of --tls: -1 not given, else 0 or 1 */
	int tlsverify_flag;   /* value of --tlsverify: -1 not given, else 0 or 1 */
	bool help;	      /* -h/--help among the globals, or `docker help NAME` */
	bool version;	      /* -v/--version among the globals (docker passes it on) */
	bool complete_nodesc; /* completion without descriptions was asked for */
	enum dcp_mode mode;
};

/*
 * True when docker runs us as a plugin: it sets DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND in the
 * plugin's environment (to docker's own argv[0]).
 */
bool dcp_plugin_mode(void);

/*
 * Split argv into docker's global flags and our own arguments.
 *
 * In plugin mode docker passes argv = [plugin-path, <docker's global flags in the user's order>,
 * <name>, <our args...>]. Global flags are parsed as docker's flag parser (pflag) does: "--flag
 * value", "--flag=value", "-Hvalue", "-H value", "-H=value", grouped booleans ("-Dv"), booleans
 * with "=false", and "--" ending them. A value is always consumed as a value, so a value equal to
 * the plugin name or to a container name is never taken for either. The first non-flag must
 * equal `name`; *ret_first is then the index of the first argument after it.
 *
 * Besides the plain run (DCP_MODE_RUN) docker reaches a plugin in these shapes, reported in
 * ret->mode with *ret_first pointing after the name:
 *   [path, GLOBALS, "help", name, ...]                    `docker help NAME` -> DCP_MODE_HELP
 *   [path, "-h"/"--help", name, ...]                      `docker --help NAME` -> DCP_MODE_HELP
 *   [path, "__complete", name, ARGS..., WORD]             shell completion (docker 23+)
 *                                                         -> DCP_MODE_COMPLETE
 * and, in any mode, [path, "docker-cli-plugin-metadata"] -> DCP_MODE_METADATA, *ret_first = 2.
 * Completion output is cobra's: one candidate a line ("value\tdescription" unless
 * complete_nodesc), then a line ":<directive>" (4 = no file completion, 1 = error).
 *
 * Not in plugin mode: globals empty, mode DCP_MODE_STANDALONE and *ret_first = 1, except that
 * argv[1] "__complete"/"__completeNoDesc" (docker 20.10's bash completion runs the plugin binary
 * directly that way, without the name) gives DCP_MODE_COMPLETE and *ret_first = 2.
 *
 * Unknown global flag, missing value, bad boolean, second -H, or a first non-flag that is not
 * `name` -> -EINVAL with *reterr set. *ret is untouched on failure.
 */
int dcp_split(int argc, char **argv, const char *name, struct dcp_globals *ret, int *ret_first,
	      char **reterr);

void dcp_globals_free(struct dcp_globals *g);

/*
 * Whether docker would talk TLS to a TCP daemon: --tls, --tlsverify (any value), else the
 * DOCKER_TLS / DOCKER_TLS_VERIFY environment variables (non-empty means on).
 */
bool dcp_tls_enabled(const struct dcp_globals *g);

/*
 * Endpoint selection, as docker does it. The context name is --context, else "default" if --host
 * or DOCKER_HOST is set, else DOCKER_CONTEXT, else "currentContext" in config.json of the config
 * dir (--config, else DOCKER_CONFIG, else $HOME/.docker), else "default". Both --host and
 * --context is an error (-EINVAL), as in docker.
 *
 * The "default" context uses --host, else DOCKER_HOST, else unix:///var/run/docker.sock (or
 * tcp://localhost:2376 when dcp_tls_enabled()), normalised as docker does ("tcp://h" gets
 * ":2375", "unix://" gets the default path, a bare "h:1" means tcp). A named context uses
 * Endpoints.docker.Host of <config>/contexts/meta/<sha256 hex of name>/meta.json as is (an
 * empty Host means the default socket). An unknown context gives -ENOENT and a message naming
 * it and the directory looked in; a malformed meta.json gives -EINVAL (-EFBIG past 1 MiB).
 * A config.json that cannot be read or parsed is ignored, as docker does after its warning; the
 * origin then says so.
 *
 * *ret_endpoint is the endpoint as docker would use it ("unix:///run/x.sock", "tcp://h:2375",
 * "ssh://u@h", ...): the caller decides which schemes it accepts. *ret_origin says where it came
 * from, for error messages ("--host", "DOCKER_HOST", "context \"foo\" from --context", ...).
 */
int dcp_resolve_endpoint(const struct dcp_globals *g, char **ret_endpoint, char **ret_origin,
			 char **reterr);

/*
 * Write the metadata JSON docker asks for with `PLUGIN docker-cli-plugin-metadata`:
 * SchemaVersion "0.1.0", Vendor (mandatory: docker rejects a plugin without one), Version,
 * ShortDescription, URL; empty or NULL optional fields are left out, as docker's own encoder
 * does. -EINVAL without a vendor; -errno when writing fails.
 */
int dcp_write_metadata(FILE *f, const char *vendor, const char *version, const char *short_desc,
		       const char *url);

/*
 * Graceful stop. Docker 25+ listens on a socket named in DOCKER_CLI_PLUGIN_SOCKET (on Linux an
 * abstract name written "@docker_cli_<random>") and closes every connection to it when the user
 * interrupts docker while its output is not a terminal (on a terminal the plugin gets the
 * signal itself through the process group). Connect if the variable is set: *ret_fd is then a
 * CLOEXEC socket that becomes readable with EOF (POLLIN|POLLHUP) when docker wants us to stop.
 * Not set (older docker, or standalone): *ret_fd = -EBADF and 0. The variable is unset either
 * way so that it never reaches a child command. Abstract sockets belong to a network namespace:
 * call this before joining another one (the fd keeps working after setns). A failure to connect
 * is returned with *reterr, but docker's own plugins ignore it and so may the caller.
 */
int dcp_stop_socket_connect(int *ret_fd, char **reterr);

/*
 * After poll() says fd is readable: true once docker has closed its end (EOF or an error),
 * false if the wake-up was spurious. Stray bytes are read and dropped. Never blocks. An fd that
 * is not a socket (the pidfd or signalfd of dcp_stop_fd_open()) is readable only to say stop:
 * true.
 */
bool dcp_stop_requested(int fd);

/*
 * The fd a plugin run waits on for docker's request to stop, whatever the client: readable means
 * stop (check with dcp_stop_pending(), or hand it to a poll loop). Call it early in
 * DCP_MODE_RUN, before the first slow step and before joining another network namespace:
 *
 * - DOCKER_CLI_PLUGIN_SOCKET set (docker 25+): the connection to it. A refused connection means
 *   docker has already closed its listener, which it does only when asked to stop (or when the
 *   plugin is gone), so the fd returned is then readable at once.
 * - Otherwise, or if that connection fails in another way: an fd that becomes readable when docker,
 *   our parent, exits. Clients without the socket (20.10 checked) swallow SIGINT and SIGTERM to
 *   let the plugin stop first, as a terminal signals the whole process group, and exit at the
 *   third, leaving the plugin orphaned; this catches that. It is a pidfd of the parent, or on
 *   kernels without pidfd_open (before 5.3) a signalfd of DCP_PARENT_DEATH_SIGNAL, which is then
 *   blocked in this process and set as its PR_SET_PDEATHSIG (a child it forks starts without).
 * - Not DCP_MODE_RUN (standalone, help, completion): *ret_fd = -EBADF.
 *
 * DOCKER_CLI_PLUGIN_SOCKET is unset in every case. Returns 0, or a negative errno with *reterr
 * and *ret_fd = -EBADF when no fd could be made (the caller can go on without a graceful stop).
 */
#define DCP_PARENT_DEATH_SIGNAL SIGRTMAX
int dcp_stop_fd_open(const struct dcp_globals *g, int *ret_fd, char **reterr);

/*
 * Without blocking: true when fd (from dcp_stop_fd_open() or dcp_stop_socket_connect()) says stop.
 * False for a negative fd.
 */
bool dcp_stop_pending(int fd);

/*
 * Remove the variables docker sets for its plugin (DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND,
 * DOCKER_CLI_PLUGIN_SOCKET) so that a command we start, if it runs us again, is not taken for a
 * plugin invocation. Call after dcp_split() and dcp_stop_socket_connect().
 */
void dcp_env_scrub(void);
