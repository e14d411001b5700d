// SPDX-License-Identifier: Apache-2.0
/* A non-blocking unix-socket connection whose every wait ends at a deadline, and one HTTP/1.x
 * answer read on it. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "userns.h"

struct http_response;

/* Who serves a unix socket, as the kernel says: SO_PEERCRED's uid and PID, and whether that process
 * runs in a user namespace its own uid created (a rootless daemon: RootlessKit's dockerd, podman's
 * service), and which. */
struct unixsock_peer {
	uid_t uid;
	pid_t pid;
	bool rootless;
	struct ns_id userns; /* when rootless */
};

/* Now on CLOCK_MONOTONIC, in milliseconds: deadlines are now + a timeout. */
long long unixsock_now_ms(void);

/* Wait for events (POLLIN, POLLOUT) on fd until the deadline: 0, -ETIMEDOUT when it passes, or
 * poll's -errno. */
int unixsock_wait(int fd, short events, long long deadline);

/* Connect a close-on-exec, non-blocking stream socket to path, trying again while the daemon's
 * listen backlog is full. -ETIMEDOUT when the deadline passed while the daemon had not accepted;
 * connect's -errno (-ENOENT, -ECONNREFUSED, -EACCES...) otherwise. */
int unixsock_connect(const char *path, long long deadline, int *ret_fd);

/* The process at the other end of a connected unix socket; the PID is pinned (SO_PEERPIDFD, else a
 * pidfd) while its user namespace is read. */
int unixsock_peer(int fd, struct unixsock_peer *ret);

/* A daemon's answers name processes that we then join: only root's, the caller's own, or (for a
 * privileged caller that asks for the peer in ret) a rootless daemon of another user is believed;
 * what the last names is bounded by that user's user namespace (rootless_prove). With ret NULL
 * (containerd's and CRI-O's clients, whose answers are proven by cgroups only) a rootless daemon of
 * another user is refused too. -EPERM with a message naming the socket's owner otherwise. what
 * names the daemon ("the Docker daemon"). */
int unixsock_check_peer(int fd, const char *path, const char *what, struct unixsock_peer *ret,
			char **reterr);

/* Send all of buf, waiting for room until the deadline. */
int unixsock_send_all(int fd, const void *buf, size_t len, long long deadline);

/* Receive what is there, at most len bytes, waiting for some until the deadline: > 0 bytes, 0 at
 * end of stream. */
ssize_t unixsock_recv(int fd, void *buf, size_t len, long long deadline);

/* Read and frame one HTTP/1.x answer into r (initialised by the caller): bytes are parsed as they
 * come. -EPIPE when the peer closed before the answer was complete; http_response_feed's errors;
 * -ETIMEDOUT. */
int unixsock_http_read(int fd, struct http_response *r, long long deadline);
