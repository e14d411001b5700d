// SPDX-License-Identifier: Apache-2.0
/* A cache of the running containers, trusted only while the daemon's event log proves it current.
 *  The file holds the list and the newest event the daemon had logged before the list was asked for
 * (its exact bytes). Asking the log for the events since that one's time shows whether the cache
 * still holds: the same daemon answers that event first, in the same bytes, and logs every start,
 * stop and rename after it; a restarted or other daemon does not have it; a log that has moved on
 * past 256 newer events has dropped it too. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "fdutil.h"
#include "listing-cache.h"
#include "macros.h"
#include "reference.h"

#define CACHE_MAGIC "docker-nsenter listing cache 1\n"

void listing_cache_file_name(const char *socket_path, char ret[static 32])
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)socket_path; *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	snprintf(ret, 32, "listing-%016llx", (unsigned long long)h);
}

/* The next line of buf at *off, without its '\n'; NULL at the end or for an unterminated line. */
static const char *next_line(const char *buf, size_t len, size_t *off, size_t *ret_len)
{
	const char *s = buf + *off, *nl = *off < len ? memchr(s, '\n', len - *off) : NULL;

	if (!nl)
		return NULL;
	*ret_len = (size_t)(nl - s);
	*off += *ret_len + 1;
	return s;
}

/* The header: magic, socket and mark; *off and *ret are written only when it is whole. */
static int parse_header(const char *buf, size_t len, size_t *off, const char *socket_path,
			struct events_mark *ret)
{
	struct events_mark m;
	char mark[64];
	unsigned long long mlen;
	const char *line;
	size_t n, at;
	int used = 0;

	if (len < strlen(CACHE_MAGIC) || memcmp(buf, CACHE_MAGIC, strlen(CACHE_MAGIC)) != 0)
		return -EBADMSG;
	at = strlen(CACHE_MAGIC);
	line = next_line(buf, len, &at, &n);
	if (!line || n != strlen("socket ") + strlen(socket_path) ||
	    memcmp(line, "socket ", 7) != 0 || memcmp(line + 7, socket_path, n - 7) != 0)
		return -EBADMSG;
	line = next_line(buf, len, &at, &n);
	if (!line || n >= sizeof(mark))
		return -EBADMSG;
	memcpy(mark, line, n);
	mark[n] = '\0';
	/* "mark <digits> <digits>", nothing looser */
	if (strncmp(mark, "mark ", 5) != 0 || strspn(mark + 5, "0123456789 ") != n - 5 ||
	    sscanf(mark, "mark %lld %llu%n", &m.time_nano, &mlen, &used) != 2 ||
	    (size_t)used != n || m.time_nano < 0 || mlen == 0 || mlen > sizeof(m.raw) ||
	    mlen + 1 > len - at || buf[at + mlen] != '\n')
		return -EBADMSG;
	memcpy(m.raw, buf + at, mlen);
	m.len = mlen;
	*off = at + mlen + 1;
	*ret = m;
	return 0;
}

/* "<64 hex id>" or "<64 hex id> <name>"; c is written only when the entry is valid. */
static int parse_entry(const char *line, size_t n, struct container_summary *c)
{
	char id[65];
	char *name;

	if (memchr(line, '\0', n) || n < 64 || (n > 64 && (line[64] != ' ' || n == 65)) ||
	    n > 65 + REFERENCE_MAX)
		return -EBADMSG;
	memcpy(id, line, 64);
	id[64] = '\0';
	if (!reference_is_full_id(id))
		return -EBADMSG;
	name = strndup(n > 64 ? line + 65 : "", n > 64 ? n - 65 : 0);
	if (!name)
		return -ENOMEM;
	if (name[0] && (name[0] == '/' || reference_validate(name, NULL) < 0)) {
		free(name);
		return -EBADMSG;
	}
	memcpy(c->id, id, sizeof(id));
	c->name = name;
	return 0;
}

int listing_cache_parse(const char *buf, size_t len, const char *socket_path,
			struct events_mark *ret_mark, struct container_summary **ret, size_t *ret_n)
{
	struct container_summary *l = NULL;
	struct events_mark m;
	size_t off, n = 0, cap = 0, ln;
	const char *line;
	int err;

	err = parse_header(buf, len, &off, socket_path, &m);
	if (err < 0)
		return err;
	while ((line = next_line(buf, len, &off, &ln))) {
		if (n + 1 >= cap) {
			struct container_summary *p =
			    realloc(l, (cap = cap ? cap * 2 : 64) * sizeof(*l));

			if (!p) {
				listing_free(l, n);
				return -ENOMEM;
			}
			l = p;
		}
		err = parse_entry(line, ln, &l[n]);
		if (err < 0) {
			listing_free(l, n);
			return err;
		}
		n++;
	}
	if (off != len) {
		listing_free(l, n);
		return -EBADMSG;
	}
	if (!l && !(l = calloc(1, sizeof(*l))))
		return -ENOMEM;
	*ret_mark = m;
	*ret = l;
	*ret_n = n;
	return 0;
}

int listing_cache_format(const char *socket_path, const struct events_mark *mark,
			 const struct container_summary *l, size_t n, char **ret, size_t *ret_len)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return -ENOMEM;
	fprintf(f, "%ssocket %s\nmark %lld %zu\n", CACHE_MAGIC, socket_path, mark->time_nano,
		mark->len);
	fwrite(mark->raw, 1, mark->len, f);
	fputc('\n', f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%s%s\n", l[i].id, l[i].name[0] ? " " : "", l[i].name);
	if (fclose(f) != 0 || !buf) {
		free(buf);
		return -ENOMEM;
	}
	*ret = buf;
	*ret_len = len;
	return 0;
}

static int cache_load(int dirfd, const char *name, const char *socket_path, struct events_mark *m,
		      struct container_summary **ret, size_t *ret_n)
{
	_cleanup_close_ int fd = -EBADF;
	_cleanup_free_ char *buf = NULL;
	struct stat st;
	size_t len;
	int err;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return negative_errno();
	/* ours alone: nobody else may choose what we offer */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 022))
		return -EPERM;
	err = fd_read_file(fd, NULL, LISTING_CACHE_MAX, &buf, &len);
	if (err < 0)
		return err;
	return listing_cache_parse(buf, len, socket_path, m, ret, ret_n);
}

/* Write the cache beside its final name and rename it over: readers see the old file or the new
 * one. */
static int cache_store(int dirfd, const char *name, const char *socket_path,
		       const struct events_mark *m, const struct container_summary *l, size_t n)
{
	_cleanup_free_ char *buf = NULL;
	_cleanup_close_ int fd = -EBADF;
	char tmp[64];
	size_t len, done = 0;
	int err;

	err = listing_cache_format(socket_path, m, l, n, &buf, &len);
	if (err < 0)
		return err;
	snprintf(tmp, sizeof(tmp), ".%s.%d", name, (int)getpid());
	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return negative_errno();
	while (done < len) {
		ssize_t w = write(fd, buf + done, len - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			err = w < 0 ? negative_errno() : -EIO;
			break;
		}
		done += (size_t)w;
	}
	if (err >= 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		err = negative_errno();
	if (err < 0)
		(void)unlinkat(dirfd, tmp, 0);
	return err;
}

static long long realtime_nano(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Whether the list shows a container running whose newest die, start or destroy in the scanned log
 * is a die: the daemon logs the die before its list shows the container stopped, so the list may be
 * out of date already. */
static bool list_behind_log(const struct events_scan *s, const struct container_summary *l,
			    size_t n)
{
	if (s->died_unknown)
		return true;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < s->n_died; j++)
			if (strcmp(l[i].id, s->died[j]) == 0)
				return true;
	return false;
}

/* 1 when the cache's mark is still the daemon's: the log since its time starts with it and shows no
 * change after it; 0 when not (*scan holds what the log answered, if anything); a negative errno
 * when the daemon did not answer. */
static int cache_current(struct engine *e, const struct events_mark *m, struct events_scan *scan,
			 bool *docker)
{
	int err = events_fetch(e, m->time_nano, scan, docker, NULL);

	if (err < 0)
		return err == -ETIMEDOUT ? err : 0;
	return *docker && scan->have_first && scan->first.len == m->len &&
	       memcmp(scan->first.raw, m->raw, m->len) == 0 && !scan->changed_after_first;
}

int listing_fetch_cached(struct engine *e, int dirfd, const char *miss_query,
			 struct container_summary **ret, size_t *ret_n, char **reterr)
{
	struct container_summary *l = NULL;
	struct events_scan scan = { 0 };
	struct events_mark m;
	bool docker = false, have_mark = false;
	char name[32];
	long long asked;
	size_t n = 0;
	int err;

	if (dirfd >= 0 && e->socket_path) {
		listing_cache_file_name(e->socket_path, name);
		(void)cache_load(dirfd, name, e->socket_path, &m, &l, &n);
	}
	if (l) {
		err = cache_current(e, &m, &scan, &docker);
		if (err > 0) {
			*ret = l;
			*ret_n = n;
			return 0;
		}
		listing_free(l, n);
		if (err == -ETIMEDOUT)
			return error_set(reterr, err,
					 "unix://%s: the daemon did not answer in time",
					 e->socket_path);
		/* the newest event of that answer was logged before the list below is asked for */
		have_mark = docker && scan.have_last;
		if (have_mark)
			m = scan.last;
	}
	if (miss_query || dirfd < 0 || !e->socket_path)
		return listing_fetch_query(e, miss_query, ret, ret_n, NULL, reterr);
	asked = realtime_nano();
	err = listing_fetch_query(e, NULL, &l, &n, &docker, reterr);
	if (err < 0)
		return err;
	if (docker && !have_mark && events_fetch(e, 0, &scan, &docker, NULL) >= 0 && docker &&
	    scan.have_last && scan.last.time_nano < asked) {
		/* logged before the list was asked for, so the list shows what it did; anything
		 * later is after it */
		m = scan.last;
		have_mark = true;
	}
	/* scan is the answer the mark came from: every event up to the mark is in it or was checked
	 * before it */
	if (docker && have_mark && !list_behind_log(&scan, l, n))
		(void)cache_store(dirfd, name, e->socket_path, &m, l, n);
	*ret = l;
	*ret_n = n;
	return 0;
}
