// SPDX-License-Identifier: Apache-2.0
/* passwd/group parsing over in-memory text read from the container's root; malformed lines are
 * skipped, sizes bounded. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "creds.h"
#include "error.h"
#include "macros.h"

#define MAX_FIELDS 8

struct line {
	const char *f[MAX_FIELDS];
	size_t n[MAX_FIELDS];
	size_t count;
};

void creds_done(struct creds *c)
{
	free(c->groups);
	free(c->home);
	*c = (struct creds){ 0 };
}

int creds_parse_id(const char *s, size_t n, unsigned *ret)
{
	unsigned long long v = 0;

	if (n == 0 || n > 10)
		return -EINVAL;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v >= 0xffffffffULL)
		return -EINVAL;
	*ret = (unsigned)v;
	return 0;
}

/* Split the next line of text into ':' fields; returns false at the end of the text. */
static bool next_line(const char **pos, const char *end, struct line *l)
{
	const char *s = *pos, *eol;

	if (s >= end)
		return false;
	eol = memchr(s, '\n', (size_t)(end - s));
	if (!eol)
		eol = end;
	*pos = eol + 1;
	l->count = 0;
	while (l->count < MAX_FIELDS) {
		const char *c = memchr(s, ':', (size_t)(eol - s));
		const char *fe = c ? c : eol;

		l->f[l->count] = s;
		l->n[l->count++] = (size_t)(fe - s);
		if (!c)
			break;
		s = c + 1;
	}
	return true;
}

static bool field_is(const struct line *l, size_t i, const char *s, size_t n)
{
	return l->n[i] == n && memcmp(l->f[i], s, n) == 0;
}

/* Find the passwd entry whose name (by_id false) or uid (by_id true) matches. */
static bool passwd_find(const char *text, size_t len, const char *key, size_t klen, bool by_id,
			unsigned id, struct line *ret)
{
	const char *pos = text, *end;
	struct line l;

	if (!text)
		return false;
	end = text + len;
	while (next_line(&pos, end, &l)) {
		unsigned uid, gid;

		if (l.count < 7 || l.n[0] == 0 || creds_parse_id(l.f[2], l.n[2], &uid) < 0 ||
		    creds_parse_id(l.f[3], l.n[3], &gid) < 0)
			continue;
		if (by_id ? uid == id : field_is(&l, 0, key, klen)) {
			*ret = l;
			return true;
		}
	}
	return false;
}

static bool group_find(const char *text, size_t len, const char *key, size_t klen,
		       unsigned *ret_gid)
{
	const char *pos = text, *end;
	struct line l;

	if (!text)
		return false;
	end = text + len;
	while (next_line(&pos, end, &l)) {
		unsigned gid;

		if (l.count < 3 || creds_parse_id(l.f[2], l.n[2], &gid) < 0)
			continue;
		if (field_is(&l, 0, key, klen)) {
			*ret_gid = gid;
			return true;
		}
	}
	return false;
}

static bool member_of(const char *list, size_t n, const char *user, size_t ulen)
{
	while (n > 0) {
		const char *c = memchr(list, ',', n);
		size_t m = c ? (size_t)(c - list) : n;

		if (m == ulen && memcmp(list, user, ulen) == 0)
			return true;
		if (!c)
			break;
		n -= m + 1;
		list = c + 1;
	}
	return false;
}

static int add_group(struct creds *c, gid_t gid)
{
	if (c->n_groups >= CREDS_MAX_GROUPS)
		return -E2BIG;
	if (!c->groups && !(c->groups = calloc(CREDS_MAX_GROUPS, sizeof(gid_t))))
		return -ENOMEM;
	c->groups[c->n_groups++] = gid;
	return 0;
}

static int supplementary(const char *text, size_t len, const char *user, size_t ulen, gid_t primary,
			 struct creds *c)
{
	const char *pos = text, *end;
	struct line l;

	if (!text)
		return 0;
	end = text + len;
	while (ulen > 0 && next_line(&pos, end, &l)) {
		unsigned gid;
		int err;

		if (l.count < 4 || creds_parse_id(l.f[2], l.n[2], &gid) < 0 || gid == primary ||
		    !member_of(l.f[3], l.n[3], user, ulen))
			continue;
		err = add_group(c, gid);
		if (err < 0)
			return err;
	}
	return 0;
}

static int resolve_user(const char *u, size_t ulen, const char *passwd, size_t plen,
			struct creds *c, struct line *entry, bool *found, char **reterr)
{
	unsigned id;
	bool numeric = creds_parse_id(u, ulen, &id) == 0;

	*found = passwd_find(passwd, plen, u, ulen, numeric, numeric ? id : 0, entry);
	if (*found) {
		unsigned uid, gid;

		creds_parse_id(entry->f[2], entry->n[2], &uid);
		creds_parse_id(entry->f[3], entry->n[3], &gid);
		c->uid = uid;
		c->gid = gid;
		c->home = entry->n[5] > 0 && entry->f[5][0] == '/'
			      ? strndup(entry->f[5], entry->n[5])
			      : strdup("/");
		return c->home ? 0 : -ENOMEM;
	}
	if (!numeric)
		return error_set(reterr, -ENOENT,
				 "unable to find user %.*s: no matching entries in passwd file",
				 (int)(ulen > 64 ? 64 : ulen), u);
	c->uid = id;
	c->gid = 0;
	c->home = strdup("/");
	return c->home ? 0 : -ENOMEM;
}

int creds_resolve(const char *spec, const char *passwd, size_t plen, const char *group, size_t glen,
		  struct creds *ret, char **reterr)
{
	struct creds c = { 0 };
	const char *colon = strchr(spec, ':'), *u = spec;
	size_t ulen = colon ? (size_t)(colon - spec) : strlen(spec);
	struct line entry = { 0 };
	bool found;
	int err;

	if (ulen == 0 && (!colon || colon[1] == '\0')) {
		u = "0";
		ulen = 1;
	}
	if (ulen == 0 || strlen(spec) > 512)
		return error_set(reterr, -EINVAL, "invalid user specification");
	err = resolve_user(u, ulen, passwd, plen, &c, &entry, &found, reterr);
	if (err >= 0 && colon && colon[1]) {
		const char *g = colon + 1;
		unsigned gid;

		if (creds_parse_id(g, strlen(g), &gid) == 0 ||
		    group_find(group, glen, g, strlen(g), &gid))
			c.gid = gid;
		else
			err = error_set(
			    reterr, -ENOENT,
			    "unable to find group %.64s: no matching entries in group file", g);
	}
	/* As docker exec (runc): the groups are the primary group, plus the user's memberships in
	 * the group file when no group was named. */
	if (err >= 0)
		err = add_group(&c, c.gid);
	if (err >= 0 && found && !(colon && colon[1]))
		err = supplementary(group, glen, entry.f[0], entry.n[0], c.gid, &c);
	if (err < 0) {
		creds_done(&c);
		return err == -E2BIG ? error_set(reterr, err, "user is in too many groups") : err;
	}
	*ret = c;
	return 0;
}
