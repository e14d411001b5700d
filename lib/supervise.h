// SPDX-License-Identifier: Apache-2.0
/* The parent's side of a forked command: signal forwarding, stop/continue, graceful stop, the pty
 * relay, exit status. */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

struct pty;

/* Install the handlers before fork (so no signal is lost); the child calls supervise_child_reset().
 * own_session: the command runs in a session of its own, so signals our terminal sends us are meant
 * for it too. */
int supervise_prepare(bool own_session);
void supervise_child_reset(void);

/* Wait for child; forward SIGINT, SIGTERM, SIGHUP and SIGQUIT (those a process sent us, or all of
 * them for a command in its own session); follow its stops; relay pty (may be NULL) and pass on
 * window size changes; when stop_fd becomes readable or hangs up, SIGTERM the child and SIGKILL it
 * after a grace period. Our terminal gets its modes back before this returns. Returns the exit
 * status to pass on (128+N for a signal), or a negative errno. */
int supervise_wait(pid_t child, int stop_fd, struct pty *pty);

#define SUPERVISE_GRACE_MS 2000
