// SPDX-License-Identifier: Apache-2.0
/* The pty relay, as docker exec -t, LXC and cntr do it: the program gets a new session and the
 * slave of a pty we opened on the host; we copy our input to the master and its output to our
 * terminal. A process of the container that pushes input into its terminal (TIOCSTI) or keeps it
 * open after we are gone reaches only the slave. */
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "error.h"
#include "fdutil.h"
#include "macros.h"
#include "pty.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

void pty_init(struct pty *p)
{
	*p = (struct pty){ .master = -EBADF, .slave = -EBADF, .out = -1 };
}

void pty_done(struct pty *p)
{
	pty_finish(p);
	closep(&p->master);
	closep(&p->slave);
	pty_init(p);
}

bool pty_have_terminal(void)
{
	return isatty(STDIN_FILENO) || isatty(STDOUT_FILENO) || isatty(STDERR_FILENO);
}

static int first_terminal(void)
{
	for (int fd = 0; fd < 3; fd++)
		if (isatty(fd))
			return fd;
	return -1;
}

/* The pty multiplexer of the container's own devpts instance, where its programs find their
 * terminal by name (tty, ttyname()). Its /dev/pts is the container's to shape: only a real devpts
 * ptmx (5:2) is taken. */
static int open_container_ptmx(int rootfd)
{
	_cleanup_close_ int fd = fd_open_in_root(rootfd, "/dev/pts/ptmx", O_PATH | O_NOFOLLOW);
	struct statfs sf;
	struct stat st;
	char path[32];

	if (fd < 0)
		return fd;
	if (fstatfs(fd, &sf) < 0 || sf.f_type != DEVPTS_SUPER_MAGIC || fstat(fd, &st) < 0 ||
	    !S_ISCHR(st.st_mode) || st.st_rdev != makedev(5, 2))
		return -EPERM;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	return open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
}

/* A master and its slave: in the container's devpts when it has one (TIOCGPTPEER opens the slave
 * without a path), else on the host's. */
static int open_pair(int rootfd, int *ret_master, int *ret_slave)
{
	_cleanup_close_ int master = -EBADF, slave = -EBADF;
	char name[64];

	if (rootfd >= 0 && (master = open_container_ptmx(rootfd)) >= 0) {
		if (unlockpt(master) == 0)
			slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (slave < 0) {
			closep(&master);
			master = -EBADF;
		}
	}
	if (master < 0) {
		master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (master < 0 || unlockpt(master) < 0)
			return negative_errno();
		slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (slave < 0 && (ptsname_r(master, name, sizeof(name)) != 0 ||
				  (slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0))
			return negative_errno();
	}
	*ret_master = TAKE_FD(master);
	*ret_slave = TAKE_FD(slave);
	return 0;
}

int pty_open(struct pty *p, bool force, int rootfd, char **reterr)
{
	int tty = first_terminal(), master, slave, err;
	struct termios tio;
	struct winsize ws;

	err = open_pair(rootfd, &master, &slave);
	if (err < 0)
		return error_set(reterr, err, "cannot open a pseudo-terminal: %s", strerror(-err));
	p->master = master;
	p->slave = slave;
	for (int fd = 0; fd < 3; fd++)
		p->use[fd] = force || isatty(fd);
	p->out = p->use[1] ? 1 : p->use[2] ? 2 : -1;
	if (tty >= 0 && tcgetattr(tty, &tio) == 0)
		tcsetattr(p->slave, TCSANOW, &tio);
	if (tty >= 0 && ioctl(tty, TIOCGWINSZ, &ws) == 0)
		ioctl(p->master, TIOCSWINSZ, &ws);
	return 0;
}

int pty_child(struct pty *p)
{
	if (setsid() < 0)
		return negative_errno();
	if (p->slave < 0)
		return 0;
	if (ioctl(p->slave, TIOCSCTTY, 0) < 0)
		return negative_errno();
	for (int fd = 0; fd < 3; fd++)
		if (p->use[fd] && dup2(p->slave, fd) < 0)
			return negative_errno();
	return 0;
}

static void write_all(int fd, const char *buf, size_t len);

/* What was typed before our terminal is in raw mode is still in its line discipline as complete
 * lines or an end of file (VEOF at the start of a line), which raw mode would hand us as a NUL:
 * pass it on as it was meant, first. */
static void pass_typeahead(struct pty *p)
{
	char buf[4096];

	for (int i = 0; i < 64; i++) {
		struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, 0) <= 0 || !(pfd.revents & POLLIN))
			return;
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n < 0)
			return;
		if (n == 0) {
			write_all(p->master, (const char[]){ (char)p->saved.c_cc[VEOF] }, 1);
			return;
		}
		write_all(p->master, buf, (size_t)n);
	}
}

int pty_parent_start(struct pty *p)
{
	if (p->master < 0)
		return 0;
	closep(&p->slave);
	p->slave = -EBADF;
	if (fcntl(p->master, F_SETFL, O_NONBLOCK) < 0)
		return negative_errno();
	p->relay_input =
	    p->use[0] && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &p->saved) == 0;
	if (!p->relay_input)
		return 0;
	if (p->saved.c_lflag & ICANON)
		pass_typeahead(p);
	return pty_set_raw(p, true);
}

int pty_set_raw(struct pty *p, bool on)
{
	struct termios raw = p->saved;

	if (!p->relay_input || p->raw == on)
		return 0;
	if (on)
		cfmakeraw(&raw);
	if (tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) < 0)
		return negative_errno();
	p->raw = on;
	return 0;
}

static void write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			if (poll(&pfd, 1, 1000) <= 0)
				return;
			continue;
		}
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* Copy what the master has to our terminal; -EIO when the program side is gone. Bounded, so that a
 * process that keeps writing to the slave cannot keep us here. */
static int drain_master(struct pty *p)
{
	char buf[4096];

	for (int i = 0; i < 256; i++) {
		ssize_t n = read(p->master, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n <= 0)
			return -EIO;
		if (p->out >= 0)
			write_all(p->out, buf, (size_t)n);
	}
	return 0;
}

int pty_relay(struct pty *p, short master_revents, short in_revents)
{
	char buf[4096];

	if (in_revents & (POLLIN | POLLHUP)) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

		if (n > 0) {
			write_all(p->master, buf, (size_t)n);
		} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
			/* our input ended: the program reads an end of file (VEOF) */
			p->input_eof = true;
			if (!p->raw)
				write_all(p->master, "\004", 1);
		}
	}
	if (master_revents & (POLLIN | POLLHUP | POLLERR))
		return drain_master(p);
	return 0;
}

void pty_resize(struct pty *p)
{
	struct winsize ws;
	int tty = first_terminal();

	if (p->master >= 0 && tty >= 0 && ioctl(tty, TIOCGWINSZ, &ws) == 0)
		ioctl(p->master, TIOCSWINSZ, &ws);
}

void pty_finish(struct pty *p)
{
	if (p->master >= 0 && p->slave < 0)
		drain_master(p);
	pty_set_raw(p, false);
}
