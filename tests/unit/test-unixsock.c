// SPDX-License-Identifier: Apache-2.0
/* Connecting to a daemon's socket whose listen backlog is full: a non-blocking unix connect() says
 * EAGAIN at once and offers nothing to wait on, so the connection is tried again until the
 * deadline. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "unixsock.h"
#include "unit.h"

static char dir[64], path[96];

/* A listening socket with room for one pending connection, and that one taken: the backlog is full.
 * */
static int full_listener(int *ret_pending)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int l = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int c = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	assert_true(l >= 0 && c >= 0 && probe >= 0);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	unlink(path);
	assert_int_equal(bind(l, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(l, 0), 0);
	assert_int_equal(connect(c, (struct sockaddr *)&sa, sizeof(sa)), 0);
	/* the kernel's own answer for one more: the state this test is about */
	assert_int_equal(connect(probe, (struct sockaddr *)&sa, sizeof(sa)), -1);
	assert_int_equal(errno, EAGAIN);
	close(probe);
	*ret_pending = c;
	return l;
}

static int make_dir(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/test-unixsock-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/sock", dir);
	return 0;
}

static int remove_dir(void **state)
{
	(void)state;
	unlink(path);
	return rmdir(dir);
}

/* Nobody ever accepts: the deadline ends the wait, and no fd is handed out. */
static void full_backlog_times_out(void **state)
{
	int pending, fd = -1, l = full_listener(&pending);
	long long start = unixsock_now_ms();

	(void)state;
	assert_int_equal(unixsock_connect(path, start + 300, &fd), -ETIMEDOUT);
	assert_int_equal(fd, -1);
	assert_true(unixsock_now_ms() - start >= 300);
	assert_true(unixsock_now_ms() - start < 3000);
	close(pending);
	close(l);
}

struct acceptor {
	int listener;
	int accepted[4];
	int n;
};

/* The daemon catches up after 200 ms: it accepts what waits, and what comes next. */
static void *accept_later(void *arg)
{
	struct acceptor *a = arg;

	usleep(200 * 1000);
	while (a->n < 2) {
		int fd = accept4(a->listener, NULL, NULL, SOCK_CLOEXEC);

		if (fd < 0)
			break;
		a->accepted[a->n++] = fd;
	}
	return NULL;
}

static void connects_once_there_is_room(void **state)
{
	struct acceptor a = { .n = 0 };
	pthread_t thread;
	int pending, fd = -1, peer_sent = 0;
	char buf[8] = "";
	long long start;

	(void)state;
	a.listener = full_listener(&pending);
	assert_int_equal(pthread_create(&thread, NULL, accept_later, &a), 0);
	start = unixsock_now_ms();
	assert_int_equal(unixsock_connect(path, start + 5000, &fd), 0);
	assert_true(fd >= 0);
	/* really connected: what we send arrives at the second accepted end */
	assert_int_equal(unixsock_send_all(fd, "ping", 4, start + 5000), 0);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_int_equal(a.n, 2);
	peer_sent = (int)recv(a.accepted[1], buf, sizeof(buf) - 1, 0);
	assert_int_equal(peer_sent, 4);
	assert_string_equal(buf, "ping");
	assert_true(unixsock_now_ms() - start >= 150);
	close(fd);
	close(a.accepted[0]);
	close(a.accepted[1]);
	close(pending);
	close(a.listener);
}

/* A path where nothing listens is still an error at once. */
static void nothing_listens(void **state)
{
	int fd = -1;

	(void)state;
	unlink(path);
	assert_int_equal(unixsock_connect(path, unixsock_now_ms() + 5000, &fd), -ENOENT);
	assert_int_equal(fd, -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(full_backlog_times_out),
		cmocka_unit_test(connects_once_there_is_room),
		cmocka_unit_test(nothing_listens),
	};

	return cmocka_run_group_tests_name("unixsock", tests, make_dir, remove_dir);
}
