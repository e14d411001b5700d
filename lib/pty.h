// SPDX-License-Identifier: Apache-2.0
/* A fresh pseudo-terminal for a program from the container, relayed to ours, so that it never holds
 * our terminal. */
#pragma once

#include <stdbool.h>
#include <termios.h>

struct pty {
	int master, slave; /* -EBADF when no pty is used */
	bool use[3];	   /* which of the program's fds 0-2 get the slave */
	int out;	   /* where the master's output goes: 1, 2, or -1 */
	bool relay_input;  /* our fd 0 is a terminal whose input we relay; its modes are in saved */
	bool raw;	   /* our terminal is in raw mode now */
	bool input_eof;
	struct termios saved;
};

void pty_init(struct pty *p);
void pty_done(struct pty *p);

/* Whether one of our fds 0-2 is a terminal. */
bool pty_have_terminal(void);

/* Open a pty (before any setns()) for the program's fds that are terminals, or for all three when
 * force is set: in the devpts of the root at rootfd when it has one (-EBADF: none), else on the
 * host; the slave takes our terminal's modes and size. */
int pty_open(struct pty *p, bool force, int rootfd, char **reterr);

/* In the program's process: a new session with the slave as its controlling terminal on the chosen
 * fds. Without a pty, only the new session (so our terminal is not its controlling terminal). */
int pty_child(struct pty *p);

/* In our process once the program runs: close the slave, put our terminal in raw mode when its
 * input is relayed. */
int pty_parent_start(struct pty *p);

/* Put our terminal in raw mode, or give it its saved modes back. */
int pty_set_raw(struct pty *p, bool on);

/* Relay what is ready: revents of the master and of our fd 0 as poll() gave them. Returns 0, or
 * -EIO once the program side is closed. */
int pty_relay(struct pty *p, short master_revents, short in_revents);

/* Copy our terminal's size to the pty (after SIGWINCH). */
void pty_resize(struct pty *p);

/* Pass on what the program wrote last, then give our terminal its modes back. */
void pty_finish(struct pty *p);
