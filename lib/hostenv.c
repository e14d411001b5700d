// SPDX-License-Identifier: Apache-2.0
/* The allowlist of container variables a host program may see. A denylist cannot be complete: HOME
 * makes a shell read the container's rc files, XDG_CONFIG_HOME, OPENSSL_CONF, GIT_*, PYTHONSTARTUP,
 * GCONV_PATH... each loads code. */
#include <stdlib.h>
#include <string.h>

#include "hostenv.h"
#include "strv.h"

#define VALUE_MAX 4096

enum value_kind { V_WORD, V_LOCALE, V_TZ, V_NUMBER, V_HOST, V_URL };

static const struct {
	const char *name;
	enum value_kind kind;
} allowed[] = {
	{ "TERM", V_WORD },
	{ "LANG", V_LOCALE },
	{ "LANGUAGE", V_LOCALE },
	{ "LC_ALL", V_LOCALE },
	{ "LC_CTYPE", V_LOCALE },
	{ "LC_NUMERIC", V_LOCALE },
	{ "LC_TIME", V_LOCALE },
	{ "LC_COLLATE", V_LOCALE },
	{ "LC_MONETARY", V_LOCALE },
	{ "LC_MESSAGES", V_LOCALE },
	{ "LC_PAPER", V_LOCALE },
	{ "LC_NAME", V_LOCALE },
	{ "LC_ADDRESS", V_LOCALE },
	{ "LC_TELEPHONE", V_LOCALE },
	{ "LC_MEASUREMENT", V_LOCALE },
	{ "LC_IDENTIFICATION", V_LOCALE },
	{ "TZ", V_TZ },
	{ "COLUMNS", V_NUMBER },
	{ "LINES", V_NUMBER },
	{ "HOSTNAME", V_HOST },
	{ "http_proxy", V_URL },
	{ "HTTP_PROXY", V_URL },
	{ "https_proxy", V_URL },
	{ "HTTPS_PROXY", V_URL },
	{ "ftp_proxy", V_URL },
	{ "FTP_PROXY", V_URL },
	{ "no_proxy", V_URL },
	{ "NO_PROXY", V_URL },
	{ "all_proxy", V_URL },
	{ "ALL_PROXY", V_URL },
};

static bool only(const char *v, const char *extra)
{
	for (const char *p = v; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr(extra, *p)))
			return false;
	return true;
}

static bool value_ok(const char *v, enum value_kind kind)
{
	if (strlen(v) > VALUE_MAX)
		return false;
	switch (kind) {
	case V_WORD: return only(v, "._+-");
	case V_LOCALE: return only(v, "._@:-"); /* a '/' would make it a path to locale files */
	case V_TZ:
		return only(v, "_+,.:<>/-") && v[0] != '/' && strncmp(v, ":/", 2) != 0 &&
		       !strstr(v, "..");
	case V_NUMBER: return *v && only(v, "");
	case V_HOST: return only(v, ".-");
	case V_URL:
		for (const char *p = v; *p; p++)
			if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
				return false;
		return true;
	default: return false;
	}
}

bool hostenv_allowed(const char *kv)
{
	const char *eq = strchr(kv, '=');

	if (!eq)
		return false;
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (strlen(allowed[i].name) == (size_t)(eq - kv) &&
		    strncmp(kv, allowed[i].name, (size_t)(eq - kv)) == 0)
			return value_ok(eq + 1, allowed[i].kind);
	return false;
}

static size_t count(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

/* The index of the entry with kv's key in v[0..n), or n. */
static size_t find_key(char **v, size_t n, const char *kv)
{
	size_t klen = strcspn(kv, "=");

	for (size_t i = 0; i < n; i++)
		if (strncmp(v[i], kv, klen) == 0 && v[i][klen] == '=')
			return i;
	return n;
}

char **hostenv_merge(char *const *ours, char *const *container)
{
	size_t n = 0, cap = count(ours) + count(container) + 1;
	char **v = calloc(cap, sizeof(char *));

	if (!v)
		return NULL;
	for (size_t i = 0; ours && ours[i]; i++)
		if (strchr(ours[i], '=') && !(v[n++] = strdup(ours[i])))
			goto fail;
	for (size_t i = 0; container && container[i]; i++) {
		size_t at;

		if (!hostenv_allowed(container[i]))
			continue;
		at = find_key(v, n, container[i]);
		free(at < n ? v[at] : NULL);
		if (!(v[at] = strdup(container[i])))
			goto fail;
		if (at == n)
			n++;
	}
	return v;
fail:
	strv_free_n(v, cap);
	return NULL;
}
