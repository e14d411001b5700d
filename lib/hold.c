// SPDX-License-Identifier: Apache-2.0
/* The --rw hold: a helper joins the daemon's mount namespace, binds the container's overlay work
 * directory onto itself there (the engine's overlay mount then refuses that work directory),
 * reports, and waits for the lifeline to close. It runs in a session of its own and ignores the
 * terminal's signals, so that it outlives us just long enough to remove the bind. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "fdutil.h"
#include "hold.h"
#include "macros.h"
#include "safepath.h"

#define HOLD_TIMEOUT_MS 10000
#define KILL_ROUNDS	20
#define MOUNTINFO_MAX	(16u << 20)

struct hold_report {
	int err;
	char msg[508];
};

void hold_init(struct hold *h)
{
	*h = (struct hold){ .lifeline = -EBADF };
}

/* Close every fd from 3 up but the three the helper keeps. */
static void close_others(int a, int b, int c)
{
	int keep[3] = { a, b, c }, from = 3;

	for (int i = 0; i < 3; i++)
		for (int j = i + 1; j < 3; j++)
			if (keep[j] < keep[i]) {
				int t = keep[i];

				keep[i] = keep[j];
				keep[j] = t;
			}
	for (int i = 0; i < 3; i++) {
		for (int fd = from; fd < keep[i]; fd++)
			close(fd);
		from = keep[i] + 1;
	}
	fd_close_from(from, -1);
}

/* s as mountinfo shows it: the characters in `escaped` as \ooo. */
static char *mountinfo_escape(const char *s, size_t n, const char *escaped)
{
	char *out = malloc(n * 4 + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] && strchr(escaped, s[i]))
			o += sprintf(o, "\\%03o", (unsigned char)s[i]);
		else
			*o++ = s[i];
	}
	*o = '\0';
	return out;
}

/* Whether the comma-separated options hold key=value exactly. */
static bool has_option(const char *opts, size_t len, const char *kv)
{
	size_t n = strlen(kv);

	for (size_t at = 0; at < len;) {
		const char *comma = memchr(opts + at, ',', len - at);
		size_t m = comma ? (size_t)(comma - opts - at) : len - at;

		if (m == n && memcmp(opts + at, kv, n) == 0)
			return true;
		at += m + 1;
	}
	return false;
}

static bool line_uses(const char *line, size_t n, const char *merged, const char *upperopt)
{
	const char *f = line, *end = line + n, *sep;
	size_t mlen = strlen(merged);

	/* ID PARENT MAJ:MIN ROOT MOUNTPOINT ... - FSTYPE SOURCE OPTIONS */
	for (int i = 0; i < 4 && f < end; i++) {
		const char *sp = memchr(f, ' ', (size_t)(end - f));

		f = sp ? sp + 1 : end;
	}
	if ((size_t)(end - f) > mlen && memcmp(f, merged, mlen) == 0 && f[mlen] == ' ')
		return true;
	sep = memmem(line, n, " - overlay ", 11);
	if (!sep)
		return false;
	sep = memchr(sep + 11, ' ', (size_t)(end - sep - 11));
	return sep && has_option(sep + 1, (size_t)(end - sep - 1), upperopt);
}

bool hold_mountinfo_uses(const char *text, size_t len, const char *upper)
{
	const char *slash = strrchr(upper, '/');
	_cleanup_free_ char *dir = NULL, *merged = NULL, *up = NULL, *upperopt = NULL;

	if (!slash)
		return false;
	dir = mountinfo_escape(upper, (size_t)(slash - upper), " \t\n\\");
	up = mountinfo_escape(upper, strlen(upper), " \t\n\\,=");
	if (!dir || !up || asprintf(&merged, "%s/merged", dir) < 0 ||
	    asprintf(&upperopt, "upperdir=%s", up) < 0)
		return true; /* out of memory: assume the worst */
	for (size_t at = 0; at < len;) {
		const char *eol = memchr(text + at, '\n', len - at);
		size_t n = eol ? (size_t)(eol - text - at) : len - at;

		if (line_uses(text + at, n, merged, upperopt))
			return true;
		at += n + 1;
	}
	return false;
}

static int engine_uses(const char *upper, char **reterr)
{
	_cleanup_free_ char *text = NULL;
	size_t len;
	int err = fd_read_file(AT_FDCWD, "/proc/self/mountinfo", MOUNTINFO_MAX, &text, &len);

	if (err < 0)
		return error_set(reterr, err, "cannot read the daemon's mount table: %s",
				 strerror(-err));
	if (hold_mountinfo_uses(text, len, upper))
		return error_set(
		    reterr, -EBUSY,
		    "the engine has the container's files mounted (it is starting, or a "
		    "docker cp is under way): try again when it is stopped");
	return 0;
}

/* Bind work onto itself in the daemon's mount namespace; the fd of the bind in *ret_fd. */
static int place(int nsfd, const char *data_root, const char *upper, const char *work, int *ret_fd,
		 char **reterr)
{
	_cleanup_close_ int root = -EBADF, wfd = -EBADF;
	char proc[64];
	int err;

	if (setns(nsfd, CLONE_NEWNS) < 0)
		return error_set(reterr, negative_errno(),
				 "cannot enter the daemon's mount namespace: %m");
	err = safepath_open_data_root(data_root, &root, reterr);
	if (err >= 0)
		err = safepath_open_below(root, data_root, work, SAFEPATH_DIR, &wfd, reterr);
	if (err < 0)
		return err;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", wfd);
	if (mount(proc, proc, NULL, MS_BIND, NULL) < 0)
		return error_set(reterr, negative_errno(), "cannot hold %s: %m", work);
	/* the same walk again ends on the bind */
	err = safepath_open_below(root, data_root, work, SAFEPATH_DIR, ret_fd, reterr);
	if (err >= 0)
		err = engine_uses(upper, reterr);
	if (err < 0) {
		if (*ret_fd >= 0)
			snprintf(proc, sizeof(proc), "/proc/self/fd/%d", *ret_fd);
		umount2(proc, MNT_DETACH);
	}
	return err;
}

/* Wait (bounded) for a process we hold a pidfd of to be gone. */
static void wait_gone(int pidfd, pid_t pid)
{
	struct timespec ts = { .tv_nsec = 10 * 1000 * 1000 };

	if (pidfd >= 0) {
		struct pollfd p = { .fd = pidfd, .events = POLLIN };

		poll(&p, 1, 2000);
		return;
	}
	for (int i = 0; i < 200 && kill(pid, 0) == 0; i++)
		nanosleep(&ts, NULL);
}

/* One pass over /proc; how many processes of ns were found (and killed). */
static int kill_round(const struct stat *ns, pid_t spare)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int found = 0;

	while (d && (de = readdir(d))) {
		char path[64];
		struct stat st;
		pid_t pid;
		int pidfd;

		if (!isdigit((unsigned char)de->d_name[0]) ||
		    (pid = (pid_t)atoi(de->d_name)) == spare)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)pid);
		if (stat(path, &st) < 0 || st.st_ino != ns->st_ino || st.st_dev != ns->st_dev)
			continue;
		/* through a pidfd where the kernel has them, so that a PID reused meanwhile is
		 * never hit */
		pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
		found++;
		if (pidfd >= 0)
			syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
		else
			kill(pid, SIGKILL);
		wait_gone(pidfd, pid);
		if (pidfd >= 0)
			close(pidfd);
	}
	if (d)
		closedir(d);
	return found;
}

void hold_kill_namespace(const struct stat *ns, pid_t spare)
{
	for (int i = 0; i < KILL_ROUNDS && kill_round(ns, spare) > 0; i++)
		;
}

static _Noreturn void helper(int nsfd, int life, int report, const char *data_root,
			     const char *upper, const char *work, pid_t parent)
{
	struct hold_report rep = { 0 };
	_cleanup_free_ char *msg = NULL;
	struct stat private = { 0 };
	int mfd = -EBADF;
	char proc[64], c;

	setsid();
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	close_others(nsfd, life, report);
	/* our private mount namespace, where the tree is: nothing of it may outlive the hold, even
	 * if we are killed */
	if (stat("/proc/self/ns/mnt", &private) < 0)
		rep.err = negative_errno();
	if (rep.err >= 0)
		rep.err = place(nsfd, data_root, upper, work, &mfd, &msg);
	snprintf(rep.msg, sizeof(rep.msg), "%s", msg ? msg : "");
	if (write(report, &rep, sizeof(rep)) != sizeof(rep) || rep.err < 0)
		_exit(rep.err < 0 ? 1 : 0);
	close(report);
	while (read(life, &c, 1) < 0 && errno == EINTR)
		;
	hold_kill_namespace(
	    &private, parent); /* while it lives, it ends the hold itself, after its own clean-up */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", mfd);
	_exit(umount2(proc, MNT_DETACH) < 0 && errno != EINVAL);
}

static int read_report(int fd, struct hold_report *rep)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, HOLD_TIMEOUT_MS) <= 0)
		return -ETIMEDOUT;
	n = read(fd, rep, sizeof(*rep));
	return n == sizeof(*rep) ? 0 : -EIO;
}

int hold_take(pid_t daemon_pid, const char *data_root, const char *upper, const char *work,
	      struct hold *ret, char **reterr)
{
	_cleanup_close_ int nsfd = -EBADF, life_r = -EBADF, life_w = -EBADF, rep_r = -EBADF,
			    rep_w = -EBADF;
	struct hold_report rep = { 0 };
	char path[64];
	int fds[2], err;
	pid_t pid, self = getpid();

	snprintf(path, sizeof(path), "/proc/%d/ns/mnt", (int)daemon_pid);
	nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0)
		return error_set(reterr, negative_errno(),
				 "cannot open the daemon's mount namespace (%s): %m", path);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return negative_errno();
	life_r = fds[0];
	life_w = fds[1];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return negative_errno();
	rep_r = fds[0];
	rep_w = fds[1];
	pid = fork();
	if (pid < 0)
		return error_set(reterr, negative_errno(), "fork failed: %m");
	if (pid == 0)
		helper(nsfd, life_r, rep_w, data_root, upper, work, self);
	closep(&rep_w);
	rep_w = -EBADF;
	err = read_report(rep_r, &rep);
	if (err < 0 || rep.err < 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		rep.msg[sizeof(rep.msg) - 1] = '\0';
		if (err < 0)
			return error_set(
			    reterr, err,
			    "the helper that holds the container's files did not answer");
		return error_set(reterr, rep.err, "%s", rep.msg);
	}
	ret->pid = pid;
	ret->lifeline = TAKE_FD(life_w);
	return 0;
}

void hold_release(struct hold *h)
{
	struct timespec ts = { .tv_nsec = 5 * 1000 * 1000 };

	closep(&h->lifeline);
	for (int i = 0; h->pid > 0 && i < 1000; i++) {
		pid_t r = waitpid(h->pid, NULL, WNOHANG);

		if (r == h->pid || (r < 0 && errno != EINTR))
			h->pid = 0;
		else
			nanosleep(&ts, NULL);
	}
	if (h->pid > 0) {
		kill(h->pid, SIGKILL);
		waitpid(h->pid, NULL, 0);
	}
	hold_init(h);
}
