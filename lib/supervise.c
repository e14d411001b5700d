// SPDX-License-Identifier: Apache-2.0
/* The parent waits for the command. Signals from the terminal already reach the command (same process group); signals
 * that a process sent to us alone (kill, docker, systemd) are forwarded. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "macros.h"
#include "supervise.h"

static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static volatile pid_t child_pid;
static volatile sig_atomic_t pending_sig;

static void on_forwarded(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	if (si->si_code > 0) /* from the kernel, e.g. the terminal: the command got it too */
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

int supervise_prepare(void)
{
	struct sigaction sa = { .sa_sigaction = on_forwarded, .sa_flags = SA_SIGINFO | SA_RESTART };
	struct sigaction sc = { .sa_handler = on_child };
	sigset_t block;

	child_pid = 0;
	pending_sig = 0;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(forwarded); i++)
		if (sigaction(forwarded[i], &sa, NULL) < 0)
			return negative_errno();
	sigemptyset(&sc.sa_mask);
	if (sigaction(SIGCHLD, &sc, NULL) < 0)
		return negative_errno();
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
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

int supervise_wait(pid_t child, int stop_fd)
{
	long long kill_at = -1;
	sigset_t waitmask;

	child_pid = child;
	if (pending_sig)
		kill(child, pending_sig);
	sigprocmask(SIG_SETMASK, NULL, &waitmask);
	sigdelset(&waitmask, SIGCHLD);
	for (;;) {
		struct pollfd pfd = { .fd = stop_fd, .events = POLLIN };
		struct timespec ts, *tsp = NULL;
		int st;
		pid_t r = waitpid(child, &st, WNOHANG | WUNTRACED);

		if (r < 0 && errno != EINTR)
			return negative_errno();
		if (r == child && WIFSTOPPED(st)) {
			/* follow the command's stop, as a shell job, and wake it when we are continued */
			kill(getpid(), SIGSTOP);
			kill(child, SIGCONT);
			continue;
		}
		if (r == child)
			return status_of(st);
		if (kill_at >= 0) {
			long long left = kill_at - now_ms();

			if (left <= 0) {
				kill(child, SIGKILL);
				kill_at = -1;
				continue;
			}
			ts = (struct timespec){ .tv_sec = left / 1000, .tv_nsec = (left % 1000) * 1000000 };
			tsp = &ts;
		}
		if (ppoll(&pfd, stop_fd >= 0 ? 1 : 0, tsp, &waitmask) > 0 && pfd.revents) {
			/* docker asked us to stop: end the command, then give up waiting politely */
			kill(child, SIGTERM);
			kill_at = now_ms() + SUPERVISE_GRACE_MS;
			stop_fd = -1;
		}
	}
}
