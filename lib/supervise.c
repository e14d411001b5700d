// SPDX-License-Identifier: Apache-2.0
/* The parent waits for the command. Signals from the terminal already reach a command in our
 * process group; signals that a process sent to us alone (kill, docker, systemd) are forwarded, and
 * for a command in a session of its own the terminal's too. A command with a pty of its own is
 * relayed here. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "macros.h"
#include "pty.h"
#include "supervise.h"

static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static volatile pid_t child_pid;
static volatile sig_atomic_t pending_sig, winch;
static bool forward_all;

static void on_forwarded(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (si->si_code > 0 &&
	    !forward_all) /* from the kernel, e.g. the terminal: the command got it too */
		return;
	if (child_pid > 0)
		kill(child_pid, sig);
	else
		pending_sig = sig;
}

static void on_child(int sig)
{
	(void)sig;
}

static void on_winch(int sig)
{
	(void)sig;
	winch = 1;
}

int supervise_prepare(bool own_session)
{
	struct sigaction sa = { .sa_sigaction = on_forwarded, .sa_flags = SA_SIGINFO | SA_RESTART };
	struct sigaction sc = { .sa_handler = on_child }, sw = { .sa_handler = on_winch };
	sigset_t block;

	child_pid = 0;
	pending_sig = 0;
	winch = 0;
	forward_all = own_session;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(forwarded); i++)
		if (sigaction(forwarded[i], &sa, NULL) < 0)
			return negative_errno();
	sigemptyset(&sc.sa_mask);
	sigemptyset(&sw.sa_mask);
	if (sigaction(SIGCHLD, &sc, NULL) < 0 || sigaction(SIGWINCH, &sw, NULL) < 0)
		return negative_errno();
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGWINCH);
	return sigprocmask(SIG_BLOCK, &block, NULL) < 0 ? negative_errno() : 0;
}

void supervise_child_reset(void)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t none;

	sigemptyset(&dfl.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(forwarded); i++)
		sigaction(forwarded[i], &dfl, NULL);
	sigaction(SIGCHLD, &dfl, NULL);
	sigaction(SIGWINCH, &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int status_of(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}

/* One wait for whatever comes first: a signal (SIGCHLD, SIGWINCH), the stop fd, the pty, or the
 * grace period's end. Returns true when the stop fd asked us to stop (it is then no longer
 * watched). */
static bool wait_events(int *stop_fd, struct pty *pty, long long kill_at, const sigset_t *waitmask)
{
	struct pollfd pfd[3] = { { .fd = *stop_fd, .events = POLLIN }, { .fd = -1 }, { .fd = -1 } };
	struct timespec ts, *tsp = NULL;

	if (pty && pty->master >= 0) {
		pfd[1] = (struct pollfd){ .fd = pty->master, .events = POLLIN };
		if (pty->use[0] && !pty->input_eof)
			pfd[2] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
	}
	if (kill_at >= 0) {
		long long left = kill_at - now_ms();

		left = left < 0 ? 0 : left;
		ts = (struct timespec){ .tv_sec = left / 1000, .tv_nsec = (left % 1000) * 1000000 };
		tsp = &ts;
	}
	if (ppoll(pfd, 3, tsp, waitmask) <= 0)
		return false;
	if (pfd[1].revents || pfd[2].revents)
		pty_relay(pty, pfd[1].revents, pfd[2].revents);
	if (*stop_fd >= 0 && pfd[0].revents) {
		/* docker asked us to stop: end the command, then give up waiting politely */
		kill(child_pid, SIGTERM);
		*stop_fd = -1;
		return true;
	}
	return false;
}

/* Follow the command's stop, as a shell job: stop ourselves with our terminal's modes given back,
 * and wake the command when we are continued. */
static void follow_stop(pid_t child, struct pty *pty)
{
	if (pty)
		pty_set_raw(pty, false);
	kill(getpid(), SIGSTOP);
	if (pty)
		pty_set_raw(pty, true);
	kill(child, SIGCONT);
}

static int wait_loop(pid_t child, int stop_fd, struct pty *pty)
{
	long long kill_at = -1;
	sigset_t waitmask;

	sigprocmask(SIG_SETMASK, NULL, &waitmask);
	sigdelset(&waitmask, SIGCHLD);
	sigdelset(&waitmask, SIGWINCH);
	for (;;) {
		int st;
		pid_t r = waitpid(child, &st, WNOHANG | WUNTRACED);

		if (r < 0 && errno != EINTR)
			return negative_errno();
		if (r == child && WIFSTOPPED(st)) {
			follow_stop(child, pty);
			continue;
		}
		if (r == child)
			return status_of(st);
		if (winch) {
			winch = 0;
			if (pty)
				pty_resize(pty);
		}
		if (kill_at >= 0 && now_ms() >= kill_at) {
			kill(child, SIGKILL);
			kill_at = -1;
			continue;
		}
		if (wait_events(&stop_fd, pty, kill_at, &waitmask))
			kill_at = now_ms() + SUPERVISE_GRACE_MS;
	}
}

int supervise_wait(pid_t child, int stop_fd, struct pty *pty)
{
	int r;

	child_pid = child;
	if (pending_sig)
		kill(child, pending_sig);
	if (pty && pty->master < 0)
		pty = NULL;
	if (pty && (r = pty_parent_start(pty)) < 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		return r;
	}
	r = wait_loop(child, stop_fd, pty);
	if (pty)
		pty_finish(pty);
	return r;
}
