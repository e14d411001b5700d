// SPDX-License-Identifier: Apache-2.0
/* The parent's side of a forked command: signal forwarding, stop/continue, graceful stop, exit status. */
#pragma once

#include <sys/types.h>

/* Install the forwarding handlers before fork (so no signal is lost); the child calls supervise_child_reset(). */
int supervise_prepare(void);
void supervise_child_reset(void);

/* Wait for child; forward SIGINT, SIGTERM, SIGHUP and SIGQUIT that a process sent us; follow its stops; when stop_fd
 * becomes readable or hangs up, SIGTERM the child and SIGKILL it after a grace period. Returns the exit status to pass
 * on (128+N for a signal), or a negative errno. */
int supervise_wait(pid_t child, int stop_fd);

#define SUPERVISE_GRACE_MS 2000
