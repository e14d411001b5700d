// SPDX-License-Identifier: Apache-2.0
/* The DOCKER_CLI_PLUGIN_SOCKET connection through which docker 25+ asks a plugin to stop. */

/*
 * What docker/cli does (cli-plugins/socket, cmd/docker/docker.go tryPluginRun):
 *
 * - Before running a plugin (not for `docker help NAME`, completion or the metadata query)
 *   docker listens on a unix socket and puts its address in DOCKER_CLI_PLUGIN_SOCKET. On Linux
 *   the address is abstract and written the Go way, "@docker_cli_<32 hex>" (25.0: a UUID with
 *   dashes): '@' stands for the leading NUL and the address length covers exactly the name, with
 *   no trailing NULs, so connect() must pass offsetof(sun_path) + strlen(value). Elsewhere it is
 *   a path in the temporary directory. 25.0 and 26.0 put the variable before the inherited
 *   environment, so an inherited value won there; 26.1+ appends it, so docker's wins.
 * - Nothing is ever written on the connection and docker never reads from it. When docker gets
 *   SIGINT/SIGTERM while its stdout is not a terminal, it closes every accepted connection (the
 *   plugin reads EOF) and the listener; at the third signal it SIGKILLs the plugin. When stdout
 *   is a terminal docker does nothing itself: the terminal already signalled the plugin's
 *   process group. Docker also closes the socket when the plugin exits.
 * - docker/cli's own plugins connect when their command starts and cancel their work on EOF;
 *   a missing variable (docker < 25) or a failed connect is silently ignored.
 * - Abstract addresses live in the network namespace: connect before setns(CLONE_NEWNET).
 * - docker 20.10 (cmd/docker/docker.go, measured with Debian's 20.10.24) sets no socket. It
 *   catches SIGINT and SIGTERM and does nothing with them, so that the plugin, which a terminal
 *   signals along with docker, can stop first; at the third signal it exits, and the plugin is
 *   left running without it. Watching the parent is what is left to a plugin there.
 */

#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>

#include "dcp-internal.h"
#include "dcp.h"

#define ENV_PLUGIN_SOCKET "DOCKER_CLI_PLUGIN_SOCKET"

/* Go's address form: "@name" is abstract, anything else a path. */
static int make_addr(const char *value, struct sockaddr_un *ret, socklen_t *ret_len)
{
	size_t len = strlen(value);

	*ret = (struct sockaddr_un){ .sun_family = AF_UNIX };
	if (value[0] == '@') {
		if (len > sizeof(ret->sun_path))
			return -ENAMETOOLONG;
		memcpy(ret->sun_path + 1, value + 1, len - 1);
		*ret_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
		return 0;
	}
	if (len >= sizeof(ret->sun_path))
		return -ENAMETOOLONG;
	memcpy(ret->sun_path, value, len);
	*ret_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len + 1);
	return 0;
}

int dcp_stop_socket_connect(int *ret_fd, char **reterr)
{
	_dcp_cleanup_close_ int fd = -EBADF;
	_dcp_cleanup_free_ char *value = NULL;
	const char *env = getenv(ENV_PLUGIN_SOCKET);
	struct sockaddr_un sa;
	socklen_t salen;
	int r;

	if (!env || !*env) {
		unsetenv(ENV_PLUGIN_SOCKET);
		*ret_fd = -EBADF;
		return 0;
	}
	value = strdup(env);
	unsetenv(ENV_PLUGIN_SOCKET);
	if (!value)
		return dcp_error(reterr, -ENOMEM, "out of memory");

	r = make_addr(value, &sa, &salen);
	if (r < 0)
		return dcp_error(reterr, r, "%s: address too long", ENV_PLUGIN_SOCKET);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return dcp_error(reterr, dcp_negative_errno(), "%s: socket: %s", ENV_PLUGIN_SOCKET,
				 strerror(errno));
	if (connect(fd, (struct sockaddr *)&sa, salen) < 0)
		return dcp_error(reterr, dcp_negative_errno(), "%s: connect to %s: %s",
				 ENV_PLUGIN_SOCKET, value, strerror(errno));
	*ret_fd = DCP_TAKE_FD(fd);
	return 0;
}

bool dcp_stop_requested(int fd)
{
	char buf[256];

	if (fd < 0)
		return false;
	/* Docker sends nothing, but drop whatever comes; bounded so a chatty peer cannot pin us. */
	for (int i = 0; i < 64; i++) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

		if (n > 0)
			continue;
		if (n == 0)
			return true;
		if (errno == EINTR)
			continue;
		return errno != EAGAIN && errno != EWOULDBLOCK;
	}
	return false;
}

/* An fd that is readable at once: the request to stop has already been made. */
static int stopped_fd(int *ret_fd, char **reterr)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return dcp_error(reterr, dcp_negative_errno(), "socketpair: %s", strerror(errno));
	close(sv[1]);
	*ret_fd = sv[0];
	return 0;
}

/*
 * A pidfd of our parent. If getppid() changed after the open, the parent died (and the pidfd may
 * name whatever reused its PID): that is already the request to stop.
 */
static int parent_pidfd(pid_t ppid, int *ret_fd, char **reterr)
{
	_dcp_cleanup_close_ int fd = (int)syscall(SYS_pidfd_open, ppid, 0);

	if (fd < 0)
		return dcp_error(reterr, dcp_negative_errno(), "pidfd_open: %s", strerror(errno));
	if (getppid() != ppid)
		return stopped_fd(ret_fd, reterr);
	*ret_fd = DCP_TAKE_FD(fd);
	return 0;
}

/* Before pidfds: the kernel signals us when the parent dies, and the signal waits in a signalfd. */
static int parent_death_signalfd(pid_t ppid, int *ret_fd, char **reterr)
{
	_dcp_cleanup_close_ int fd = -EBADF;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, DCP_PARENT_DEATH_SIGNAL);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return dcp_error(reterr, dcp_negative_errno(), "sigprocmask: %s", strerror(errno));
	fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (fd < 0)
		return dcp_error(reterr, dcp_negative_errno(), "signalfd: %s", strerror(errno));
	if (prctl(PR_SET_PDEATHSIG, DCP_PARENT_DEATH_SIGNAL, 0, 0, 0) < 0)
		return dcp_error(reterr, dcp_negative_errno(), "prctl(PR_SET_PDEATHSIG): %s",
				 strerror(errno));
	/* The parent may have died before the prctl: then nobody will send the signal. */
	if (getppid() != ppid)
		kill(getpid(), DCP_PARENT_DEATH_SIGNAL);
	*ret_fd = DCP_TAKE_FD(fd);
	return 0;
}

static int parent_watch(int *ret_fd, char **reterr)
{
	pid_t ppid = getppid();
	int r = parent_pidfd(ppid, ret_fd, reterr);

	if (r == -ENOSYS)
		r = parent_death_signalfd(ppid, ret_fd, reterr);
	return r;
}

int dcp_stop_fd_open(const struct dcp_globals *g, int *ret_fd, char **reterr)
{
	int fd = -EBADF, r;

	*ret_fd = -EBADF;
	if (g->mode != DCP_MODE_RUN) {
		unsetenv(ENV_PLUGIN_SOCKET);
		return 0;
	}
	r = dcp_stop_socket_connect(&fd, reterr);
	if (r == -ECONNREFUSED)
		return stopped_fd(ret_fd, reterr);
	if (r >= 0 && fd >= 0) {
		*ret_fd = fd;
		return 0;
	}
	return parent_watch(ret_fd, reterr);
}

bool dcp_stop_pending(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	if (fd < 0)
		return false;
	return poll(&pfd, 1, 0) > 0 && dcp_stop_requested(fd);
}
