// SPDX-License-Identifier: Apache-2.0
/* Which daemon endpoint docker would talk to: --host, contexts, DOCKER_HOST, config.json. */

/*
 * What docker/cli does (cli/command/cli.go, cli/config, cli/context/store, opts/hosts.go):
 *
 * - Context name: --context; else "default" if --host was given or DOCKER_HOST is non-empty;
 *   else DOCKER_CONTEXT if non-empty; else "currentContext" of config.json; else "default".
 *   (20.10 counted DOCKER_HOST and DOCKER_CONTEXT when merely present, even empty, and failed
 *   early on a currentContext that did not exist; current docker fails when it is used.)
 *   --host together with --context is refused.
 * - Config dir: --config (cleaned), else DOCKER_CONFIG, else $HOME/.docker, $HOME falling back
 *   to the passwd entry. Contexts live in <config>/contexts/meta/<sha256 hex of name>/meta.json;
 *   docker hashes the name, so any name is safe as a path and a directory whose meta.json holds
 *   another name is never found by it. We do the same.
 * - config.json is read with a streaming decoder: trailing bytes after the object are ignored,
 *   a syntax error loses the whole file (docker prints a warning and carries on with defaults),
 *   but a field of the wrong type only loses that field. meta.json is decoded whole: trailing
 *   bytes are an error. Field names match case-insensitively (Go's encoding/json); endpoint
 *   names ("docker") are map keys and match exactly.
 * - The default context's host goes through opts.ParseHost (trimmed, "tcp" assumed without a
 *   scheme, default ports and paths filled in); a named context's Host is used as stored, and
 *   an empty one means the client library's default, unix:///var/run/docker.sock.
 * - A named context may carry TLS material in <config>/contexts/tls/<hash>/docker/; endpoint
 *   selection does not need it and we do not read it.
 */

#include <ctype.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "dcp-internal.h"
#include "dcp.h"

#define DEFAULT_UNIX_HOST "unix:///var/run/docker.sock"
#define DEFAULT_TLS_HOST  "tcp://localhost:2376"
#define DEFAULT_TCP_HOST  "localhost"
#define DEFAULT_TCP_PORT  "2375"
#define JSON_MAX_BYTES	  (1024 * 1024)
#define JSON_MAX_DEPTH	  64

/* ---- SHA-256 (FIPS 180-4), only for naming context directories ---- */

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static inline uint32_t ror32(uint32_t x, unsigned n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], s[8];

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(s, h, sizeof(s));
	for (int i = 0; i < 64; i++) {
		uint32_t e = s[4], a = s[0];
		uint32_t t1 = s[7] + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) +
			      ((e & s[5]) ^ (~e & s[6])) + sha256_k[i] + w[i];
		uint32_t t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) +
			      ((a & s[1]) ^ (a & s[2]) ^ (s[1] & s[2]));

		memmove(s + 1, s, 7 * sizeof(s[0]));
		s[4] += t1;
		s[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		h[i] += s[i];
}

void dcp_sha256_hex(const void *data, size_t len, char out[65])
{
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	const uint8_t *p = data;
	uint8_t tail[128] = { 0 };
	size_t rest = len % 64, tail_len = rest < 56 ? 64 : 128;
	uint64_t bits = (uint64_t)len * 8;

	for (size_t off = 0; off + 64 <= len; off += 64)
		sha256_block(h, p + off);
	if (rest)
		memcpy(tail, p + len - rest, rest);
	tail[rest] = 0x80;
	for (int i = 0; i < 8; i++)
		tail[tail_len - 1 - i] = (uint8_t)(bits >> (8 * i));
	for (size_t off = 0; off < tail_len; off += 64)
		sha256_block(h, tail + off);
	for (int i = 0; i < 8; i++)
		snprintf(out + 8 * i, 9, "%08x", h[i]);
}

/* ---- bounded JSON files ---- */

static int read_bounded(const char *path, char **ret, size_t *ret_len, char **reterr)
{
	_dcp_cleanup_close_ int fd = -EBADF;
	_dcp_cleanup_free_ char *buf = NULL;
	size_t len = 0;
	struct stat st;

	/* O_NONBLOCK: a FIFO planted in place of the file must not hang us. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return dcp_error(reterr, dcp_negative_errno(), "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0)
		return dcp_error(reterr, dcp_negative_errno(), "%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return dcp_error(reterr, -EINVAL, "%s: not a regular file", path);
	buf = malloc(JSON_MAX_BYTES + 1);
	if (!buf)
		return dcp_error(reterr, -ENOMEM, "out of memory");
	while (len <= JSON_MAX_BYTES) {
		ssize_t n = read(fd, buf + len, JSON_MAX_BYTES + 1 - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return dcp_error(reterr, dcp_negative_errno(), "%s: %s", path,
					 strerror(errno));
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > JSON_MAX_BYTES)
		return dcp_error(reterr, -EFBIG, "%s: larger than %d bytes", path, JSON_MAX_BYTES);
	*ret = DCP_TAKE_PTR(buf);
	*ret_len = len;
	return 0;
}

/*
 * Parse path as one JSON object (JSON null counts as an empty one, as for Go's decoder);
 * trailing bytes are allowed only if allow_trailing. -ENOENT when the file does not exist.
 */
static int read_json_object(const char *path, bool allow_trailing, struct json_object **ret,
			    char **reterr)
{
	_dcp_cleanup_(dcp_json_tokener_freep) struct json_tokener *tok = NULL;
	_dcp_cleanup_json_ struct json_object *obj = NULL;
	_dcp_cleanup_free_ char *buf = NULL;
	enum json_tokener_error jerr;
	size_t len = 0;
	int r;

	r = read_bounded(path, &buf, &len, reterr);
	if (r < 0)
		return r;
	tok = json_tokener_new_ex(JSON_MAX_DEPTH);
	if (!tok)
		return dcp_error(reterr, -ENOMEM, "out of memory");
	/* Strict, as Go is; without ALLOW_TRAILING_CHARS only whitespace may follow. */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
					(allow_trailing ? JSON_TOKENER_ALLOW_TRAILING_CHARS : 0));
	obj = json_tokener_parse_ex(tok, buf, (int)len);
	jerr = json_tokener_get_error(tok);
	if (jerr == json_tokener_continue)
		return dcp_error(reterr, -EINVAL, "parsing %s: unexpected end of JSON input", path);
	if (jerr != json_tokener_success)
		return dcp_error(reterr, -EINVAL, "parsing %s: %s", path,
				 json_tokener_error_desc(jerr));
	if (!obj)
		obj = json_object_new_object();
	if (!obj)
		return dcp_error(reterr, -ENOMEM, "out of memory");
	if (!json_object_is_type(obj, json_type_object))
		return dcp_error(reterr, -EINVAL, "parsing %s: not a JSON object", path);
	*ret = DCP_TAKE_PTR(obj);
	return 0;
}

/* A struct field as Go's encoding/json finds it: case-insensitive, the last match wins. */
static struct json_object *json_field(struct json_object *obj, const char *name)
{
	struct json_object *found = NULL;

	json_object_object_foreach(obj, key, val)
	{
		if (strcasecmp(key, name) == 0)
			found = val;
	}
	return found;
}

/* A string field: NULL if absent or null; -EINVAL if another type or holding a NUL byte. */
static int json_string_field(struct json_object *obj, const char *name, const char **ret)
{
	struct json_object *v = json_field(obj, name);
	const char *s;

	if (!v) {
		*ret = NULL;
		return 0;
	}
	if (!json_object_is_type(v, json_type_string))
		return -EINVAL;
	s = json_object_get_string(v);
	if (strlen(s) != (size_t)json_object_get_string_len(v))
		return -EINVAL;
	*ret = s;
	return 0;
}

/* ---- where things are ---- */

static int home_dir(char **ret)
{
	const char *home = getenv("HOME");
	struct passwd pw, *res = NULL;
	char buf[4096];

	if (home && *home) {
		*ret = strdup(home);
		return *ret ? 0 : -ENOMEM;
	}
	if (getpwuid_r(getuid(), &pw, buf, sizeof(buf), &res) != 0 || !res || !res->pw_dir ||
	    !*res->pw_dir)
		return -ENOENT;
	*ret = strdup(res->pw_dir);
	return *ret ? 0 : -ENOMEM;
}

static int config_dir(const struct dcp_globals *g, char **ret, char **reterr)
{
	_dcp_cleanup_free_ char *home = NULL;
	const char *env = getenv("DOCKER_CONFIG");
	int r;

	if (g->config_dir && *g->config_dir)
		*ret = strdup(g->config_dir);
	else if (env && *env)
		*ret = strdup(env);
	else {
		r = home_dir(&home);
		if (r == -ENOENT)
			return dcp_error(reterr, r,
					 "cannot find the docker config directory: HOME is not set "
					 "and the user has no home directory");
		if (r < 0 || asprintf(ret, "%s/.docker", home) < 0)
			*ret = NULL;
	}
	return *ret ? 0 : dcp_error(reterr, -ENOMEM, "out of memory");
}

/*
 * currentContext of <dir>/config.json, or NULL. Like docker, an unreadable or malformed file is
 * no error; *ret_note then says why it was ignored.
 */
static int current_context(const char *dir, char **ret_name, char **ret_note)
{
	_dcp_cleanup_json_ struct json_object *cfg = NULL;
	_dcp_cleanup_free_ char *path = NULL, *err = NULL;
	const char *name = NULL;
	int r;

	*ret_name = *ret_note = NULL;
	if (asprintf(&path, "%s/config.json", dir) < 0)
		return -ENOMEM;
	r = read_json_object(path, true, &cfg, &err);
	if (r == -ENOENT)
		return 0;
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		if (asprintf(ret_note, "ignored %s", err ? err : path) < 0)
			*ret_note = NULL;
		return 0;
	}
	/* A currentContext of another type is skipped by Go's decoder, the rest still used. */
	if (json_string_field(cfg, "currentContext", &name) < 0 || !name || !*name)
		return 0;
	*ret_name = strdup(name);
	return *ret_name ? 0 : -ENOMEM;
}

/* Endpoints.docker.Host of a parsed meta.json; an empty Host means the default socket. */
static int meta_docker_host(struct json_object *meta, const char *path, char **ret, char **reterr)
{
	struct json_object *eps = json_field(meta, "Endpoints"), *docker = NULL, *skip;
	const char *host = NULL;

	if (eps && !json_object_is_type(eps, json_type_object))
		return dcp_error(reterr, -EINVAL, "parsing %s: Endpoints is not an object", path);
	if (!eps || !json_object_object_get_ex(eps, "docker", &docker))
		return dcp_error(reterr, -EINVAL, "%s: cannot find docker endpoint in context",
				 path);
	if (!docker || !json_object_is_type(docker, json_type_object))
		return dcp_error(reterr, -EINVAL, "%s: endpoint \"docker\" is not an object", path);
	skip = json_field(docker, "SkipTLSVerify");
	if (skip && !json_object_is_type(skip, json_type_boolean))
		return dcp_error(reterr, -EINVAL, "parsing %s: SkipTLSVerify is not a boolean",
				 path);
	if (json_string_field(docker, "Host", &host) < 0)
		return dcp_error(reterr, -EINVAL, "parsing %s: Host is not a string", path);
	*ret = strdup(host && *host ? host : DEFAULT_UNIX_HOST);
	return *ret ? 0 : dcp_error(reterr, -ENOMEM, "out of memory");
}

static int context_endpoint(const char *dir, const char *name, const char *via, char **ret,
			    char **reterr)
{
	_dcp_cleanup_json_ struct json_object *meta = NULL;
	_dcp_cleanup_free_ char *path = NULL;
	const char *stored = NULL;
	char hash[65];
	int r;

	dcp_sha256_hex(name, strlen(name), hash);
	if (asprintf(&path, "%s/contexts/meta/%s/meta.json", dir, hash) < 0)
		return dcp_error(reterr, -ENOMEM, "out of memory");
	r = read_json_object(path, false, &meta, reterr);
	if (r == -ENOENT || r == -ENOTDIR)
		return dcp_error(reterr, -ENOENT,
				 "context \"%s\" not found (from %s; looked for %s/meta.json in "
				 "%s/contexts/meta)",
				 name, via, hash, dir);
	if (r < 0)
		return r;
	if (json_string_field(meta, "Name", &stored) < 0)
		return dcp_error(reterr, -EINVAL, "parsing %s: Name is not a string", path);
	return meta_docker_host(meta, path, ret, reterr);
}

/* ---- opts.ParseHost ---- */

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Split a URL authority into host and port as url.Parse and net.SplitHostPort would. */
static int split_host_port(char *auth, const char **ret_host, const char **ret_port)
{
	char *colon, *close;

	if (auth[0] == '[') {
		close = strchr(auth, ']');
		/* "[::1]" without a port fails in docker too. */
		if (!close || close[1] != ':' || !all_digits(close + 2, strlen(close + 2)))
			return -EINVAL;
		*close = '\0';
		*ret_host = auth + 1;
		*ret_port = close + 2;
		return 0;
	}
	colon = strrchr(auth, ':');
	if (colon && !all_digits(colon + 1, strlen(colon + 1)))
		return -EINVAL;
	if (colon && strchr(auth, ':') == colon) {
		*colon = '\0';
		*ret_port = colon + 1;
	} else {
		/* No port, or a bare IPv6 address: the whole is the host. */
		*ret_port = "";
	}
	*ret_host = auth;
	return 0;
}

static int parse_tcp(const char *addr, char **ret)
{
	_dcp_cleanup_free_ char *auth = NULL, *path = NULL;
	const char *host, *port;
	size_t alen;
	char *at;

	if (*addr == '\0' || strcmp(addr, "tcp://") == 0)
		return asprintf(ret, "tcp://%s:%s", DEFAULT_TCP_HOST, DEFAULT_TCP_PORT) < 0
			   ? -ENOMEM
			   : 0;
	if (strncmp(addr, "tcp://", 6) == 0)
		addr += 6;
	if (*addr == '\0' || strstr(addr, "://"))
		return -EINVAL;
	alen = strcspn(addr, "/?#");
	auth = strndup(addr, alen);
	/* url.Parse keeps the path and drops query and fragment; docker keeps the path. */
	path = addr[alen] == '/' ? strndup(addr + alen, strcspn(addr + alen, "?#")) : strdup("");
	if (!auth || !path)
		return -ENOMEM;
	at = strrchr(auth, '@');
	if (split_host_port(at ? at + 1 : auth, &host, &port) < 0)
		return -EINVAL;
	if (!*host)
		host = DEFAULT_TCP_HOST;
	if (asprintf(ret, "tcp://%s%s%s:%s%s", strchr(host, ':') ? "[" : "", host,
		     strchr(host, ':') ? "]" : "", *port ? port : DEFAULT_TCP_PORT, path) < 0)
		return -ENOMEM;
	return 0;
}

static int parse_simple(const char *proto, const char *addr, const char *def, char **ret)
{
	size_t plen = strlen(proto);

	if (strncmp(addr, proto, plen) == 0 && strncmp(addr + plen, "://", 3) == 0)
		addr += plen + 3;
	if (strstr(addr, "://"))
		return -EINVAL;
	return asprintf(ret, "%s://%s", proto, *addr ? addr : def) < 0 ? -ENOMEM : 0;
}

static bool proto_is(const char *s, size_t len, const char *proto)
{
	return strlen(proto) == len && strncmp(s, proto, len) == 0;
}

/* The default context's host, normalised as docker's opts.ParseHost does. */
static int parse_host(bool tls, const char *val, char **ret, char **reterr)
{
	_dcp_cleanup_free_ char *s = NULL;
	const char *sep, *rest;
	size_t len, plen;
	int r;

	while (isspace((unsigned char)*val))
		val++;
	for (len = strlen(val); len > 0 && isspace((unsigned char)val[len - 1]); len--)
		;
	s = strndup(val, len);
	if (!s)
		return dcp_error(reterr, -ENOMEM, "out of memory");
	if (!*s) {
		*ret = strdup(tls ? DEFAULT_TLS_HOST : DEFAULT_UNIX_HOST);
		return *ret ? 0 : dcp_error(reterr, -ENOMEM, "out of memory");
	}
	sep = strstr(s, "://");
	plen = sep ? (size_t)(sep - s) : 0;
	rest = sep ? sep + 3 : s;

	if (!sep || proto_is(s, plen, "tcp"))
		r = parse_tcp(rest, ret);
	else if (proto_is(s, plen, "unix"))
		r = parse_simple("unix", rest, "/var/run/docker.sock", ret);
	else if (proto_is(s, plen, "npipe"))
		r = parse_simple("npipe", rest, "//./pipe/docker_engine", ret);
	else if (proto_is(s, plen, "fd") || proto_is(s, plen, "ssh"))
		r = (*ret = strdup(s)) ? 0 : -ENOMEM;
	else
		r = -EINVAL;
	if (r == -ENOMEM)
		return dcp_error(reterr, r, "out of memory");
	if (r < 0)
		return dcp_error(reterr, r, "invalid bind address format: %s", s);
	return 0;
}

/* ---- the selection ---- */

static int default_endpoint(const struct dcp_globals *g, const char *note, char **ret_endpoint,
			    char **ret_origin, char **reterr)
{
	_dcp_cleanup_free_ char *endpoint = NULL, *origin = NULL;
	const char *env = getenv("DOCKER_HOST"), *host = "", *from = "default";
	int r;

	if (g->host) {
		host = g->host;
		from = "--host";
	} else if (env && *env) {
		host = env;
		from = "DOCKER_HOST";
	}
	r = parse_host(dcp_tls_enabled(g), host, &endpoint, reterr);
	if (r < 0) {
		_dcp_cleanup_free_ char *why = reterr ? DCP_TAKE_PTR(*reterr) : NULL;

		return dcp_error(reterr, r, "%s: %s", from, why ? why : strerror(-r));
	}
	if (note ? asprintf(&origin, "%s (%s)", from, note) < 0 : !(origin = strdup(from)))
		return dcp_error(reterr, -ENOMEM, "out of memory");
	*ret_endpoint = DCP_TAKE_PTR(endpoint);
	*ret_origin = DCP_TAKE_PTR(origin);
	return 0;
}

int dcp_resolve_endpoint(const struct dcp_globals *g, char **ret_endpoint, char **ret_origin,
			 char **reterr)
{
	_dcp_cleanup_free_ char *dir = NULL, *name = NULL, *note = NULL, *via = NULL,
				*endpoint = NULL, *origin = NULL;
	const char *env_host = getenv("DOCKER_HOST"), *env_ctx = getenv("DOCKER_CONTEXT");
	int r;

	if (g->context && *g->context && g->host)
		return dcp_error(reterr, -EINVAL,
				 "conflicting options: cannot specify both --host and --context");
	if (g->context && *g->context) {
		name = strdup(g->context);
		via = strdup("--context");
	} else if (g->host || (env_host && *env_host)) {
		return default_endpoint(g, NULL, ret_endpoint, ret_origin, reterr);
	} else if (env_ctx && *env_ctx) {
		name = strdup(env_ctx);
		via = strdup("DOCKER_CONTEXT");
	} else {
		r = config_dir(g, &dir, reterr);
		if (r < 0)
			return r;
		r = current_context(dir, &name, &note);
		if (r < 0)
			return dcp_error(reterr, r, "out of memory");
		if (name && asprintf(&via, "%s/config.json", dir) < 0)
			via = NULL;
	}
	if (name && !via)
		return dcp_error(reterr, -ENOMEM, "out of memory");
	if (!name || strcmp(name, "default") == 0)
		return default_endpoint(g, note, ret_endpoint, ret_origin, reterr);

	if (!dir) {
		r = config_dir(g, &dir, reterr);
		if (r < 0)
			return r;
	}
	r = context_endpoint(dir, name, via, &endpoint, reterr);
	if (r < 0)
		return r;
	if (asprintf(&origin, "context \"%s\" from %s", name, via) < 0)
		return dcp_error(reterr, -ENOMEM, "out of memory");
	*ret_endpoint = DCP_TAKE_PTR(endpoint);
	*ret_origin = DCP_TAKE_PTR(origin);
	return 0;
}
