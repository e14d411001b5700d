// SPDX-License-Identifier: Apache-2.0
/* Unix-socket I/O bounded by deadlines, shared by the daemons' clients (Docker, containerd, CRI-O).
 * */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "fdutil.h"
#include "http.h"
#include "macros.h"
#include "unixsock.h"

#ifndef SO_PEERPIDFD
#define SO_PEERPIDFD 77
#endif

long long unixsock_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int unixsock_wait(int fd, short events, long long deadline)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = events };
		long long left = deadline - unixsock_now_ms();
		int r;

		if (left <= 0)
			return -ETIMEDOUT;
		r = poll(&p, 1, left > 1000000 ? 1000000 : (int)left);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return negative_errno();
	}
}

/* A full listen backlog: a non-blocking unix connect() fails with EAGAIN at once and leaves nothing
 * to poll (the unconnected socket is "writable" at once), so wait a while, doubling up to 100 ms,
 * before trying again. */
static int backlog_pause(int *delay_ms, long long deadline)
{
	long long left = deadline - unixsock_now_ms();
	struct timespec ts;

	if (left <= 0)
		return -ETIMEDOUT;
	if (left > *delay_ms)
		left = *delay_ms;
	ts = (struct timespec){ .tv_sec = left / 1000, .tv_nsec = (left % 1000) * 1000000 };
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	*delay_ms = *delay_ms >= 50 ? 100 : *delay_ms * 2;
	return 0;
}

int unixsock_connect(const char *path, long long deadline, int *ret_fd)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	_cleanup_close_ int fd = -EBADF;
	int err = 0, delay_ms = 1;
	socklen_t elen = sizeof(err);

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return negative_errno();
	strncpy(sa.sun_path, path, sizeof(sa.sun_path) - 1);
	while (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		if (errno == EAGAIN) {
			err = backlog_pause(&delay_ms, deadline);
			if (err < 0)
				return err;
			continue;
		}
		if (errno != EINPROGRESS)
			return negative_errno();
		err = unixsock_wait(fd, POLLOUT, deadline);
		if (err < 0)
			return err;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) < 0)
			return negative_errno();
		if (err != 0)
			return -err;
		break;
	}
	*ret_fd = TAKE_FD(fd);
	return 0;
}

/* The listener's pidfd: SO_PEERPIDFD (Linux 6.5) names the very process that called listen();
 * before it, a pidfd of the PID SO_PEERCRED gave, checked to be alive after its /proc directory was
 * read. */
static int peer_pidfd(int fd, pid_t pid)
{
	int pidfd = -EBADF;
	socklen_t len = sizeof(pidfd);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERPIDFD, &pidfd, &len) == 0 && pidfd >= 0)
		return pidfd;
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	return pidfd >= 0 || errno == ENOSYS ? pidfd : negative_errno();
}

/* Whether the peer runs in a user namespace its uid created, and which: its euid is the socket's
 * uid and its user namespace's creator too. */
static int peer_userns(int fd, struct unixsock_peer *p)
{
	_cleanup_close_ int pidfd = peer_pidfd(fd, p->pid), procfd = -EBADF, nsfd = -EBADF;
	char path[32];
	struct stat st;
	uid_t owner;

	if (pidfd < 0 && pidfd != -1)
		return pidfd;
	snprintf(path, sizeof(path), "/proc/%d", (int)p->pid);
	procfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0 || fstat(procfd, &st) < 0)
		return -ESRCH;
	nsfd = openat(procfd, "ns/user", O_RDONLY | O_CLOEXEC);
	if (nsfd < 0)
		return negative_errno();
	if (st.st_uid == p->uid && userns_owner_uid(nsfd, &owner) >= 0 && owner == p->uid)
		p->rootless = ns_id_of(nsfd, NULL, &p->userns) >= 0;
	if (fd_pidfd_alive(pidfd) == -ESRCH) {
		p->rootless = false;
		return -ESRCH;
	}
	return 0;
}

int unixsock_peer(int fd, struct unixsock_peer *ret)
{
	struct unixsock_peer p = { .rootless = false };
	struct ucred cred;
	socklen_t len = sizeof(cred);
	int err;

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		return negative_errno();
	p.uid = cred.uid;
	p.pid = cred.pid;
	/* a peer gone meanwhile, or out of our sight (PID 0: another PID namespace), is no rootless
	 * daemon */
	if (p.uid != 0 && p.pid > 0 && (err = peer_userns(fd, &p)) < 0)
		p.rootless = false;
	*ret = p;
	return 0;
}

int unixsock_check_peer(int fd, const char *path, const char *what, struct unixsock_peer *ret,
			char **reterr)
{
	struct unixsock_peer p;
	struct passwd *pw;
	int err = unixsock_peer(fd, &p);

	if (err < 0)
		return error_set(reterr, err, "cannot tell who runs %s at unix://%s: %s", what,
				 path, strerror(-err));
	if (p.uid == 0 || p.uid == getuid() || (ret && p.rootless && userns_privileged())) {
		if (ret)
			*ret = p;
		return 0;
	}
	pw = getpwuid(p.uid);
	return error_set(
	    reterr, -EPERM,
	    "refusing %s at unix://%s: it is run by uid %u%s%s%s, not by root or you%s, and its "
	    "answers "
	    "would name the processes to enter",
	    what, path, (unsigned)p.uid, pw ? " (" : "", pw ? pw->pw_name : "", pw ? ")" : "",
	    ret && userns_privileged()
		? ", and is no rootless daemon (it does not run in a user namespace its "
		  "user created)"
		: "");
}

int unixsock_send_all(int fd, const void *buf, size_t len, long long deadline)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				return negative_errno();
			int err = unixsock_wait(fd, POLLOUT, deadline);
			if (err < 0)
				return err;
			continue;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

ssize_t unixsock_recv(int fd, void *buf, size_t len, long long deadline)
{
	for (;;) {
		ssize_t n = recv(fd, buf, len, 0);

		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return negative_errno();
		int err = unixsock_wait(fd, POLLIN, deadline);
		if (err < 0)
			return err;
	}
}

int unixsock_http_read(int fd, struct http_response *r, long long deadline)
{
	char buf[HTTP_MAX_LINE + 65536];
	size_t have = 0;

	while (r->state != HTTP_DONE) {
		ssize_t n = unixsock_recv(fd, buf + have, sizeof(buf) - have, deadline);
		long used;

		if (n < 0)
			return (int)n;
		if (n == 0)
			return have > 0 && r->state != HTTP_BODY_CLOSE ? -EPIPE
								       : http_response_eof(r);
		have += (size_t)n;
		used = http_response_feed(r, buf, have);
		if (used < 0)
			return (int)used;
		memmove(buf, buf + used, have - (size_t)used);
		have -= (size_t)used;
	}
	return 0;
}
