// SPDX-License-Identifier: Apache-2.0
/* Decoding of GraphDriver, Mounts and HostConfig.Tmpfs: every field type-checked, every path
 * absolute and normal, every list bounded. Where the paths may lead is judged later, when they are
 * opened (safepath.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "error.h"
#include "jsonutil.h"
#include "macros.h"
#include "rootfs.h"
#include "safepath.h"

static const char *const mount_type_names[_ROOTFS_MOUNT_TYPE_MAX] = {
	[ROOTFS_BIND] = "bind",
	[ROOTFS_VOLUME] = "volume",
	[ROOTFS_TMPFS] = "tmpfs",
	[ROOTFS_OTHER] = "other",
};

static const char *const etc_keys[_ROOTFS_ETC_MAX] = {
	[ROOTFS_HOSTS] = "HostsPath",
	[ROOTFS_HOSTNAME] = "HostnamePath",
	[ROOTFS_RESOLV_CONF] = "ResolvConfPath",
};

const char *rootfs_mount_type_name(enum rootfs_mount_type t)
{
	return t < _ROOTFS_MOUNT_TYPE_MAX ? mount_type_names[t] : NULL;
}

void rootfs_done(struct rootfs *r)
{
	for (size_t i = 0; i < r->n_lower; i++)
		free(r->lower[i]);
	free(r->lower);
	free(r->upper);
	free(r->work);
	for (size_t i = 0; i < r->n_mounts; i++) {
		free(r->mounts[i].source);
		free(r->mounts[i].dest);
		free(r->mounts[i].driver);
	}
	free(r->mounts);
	for (int i = 0; i < _ROOTFS_ETC_MAX; i++)
		free(r->etc[i]);
	*r = (struct rootfs){ 0 };
}

/* A path field: absent or "" gives NULL; otherwise it must be absolute and normal. *ret is written
 * only on success. */
static int dup_path(json_object *root, const char *key, char **ret)
{
	json_object *v = json_get_path(root, key);
	const char *s = NULL;
	char *copy = NULL;

	if (v && !json_object_is_type(v, json_type_null)) {
		if (!json_object_is_type(v, json_type_string))
			return -EBADMSG;
		s = json_object_get_string(v);
	}
	if (s && *s && !safepath_is_normal(s))
		return -EBADMSG;
	if (s && *s && !(copy = strdup(s)))
		return -ENOMEM;
	*ret = copy;
	return 0;
}

static int push_lower(struct rootfs *r, const char *s, size_t n)
{
	char **v;

	if (r->n_lower >= ROOTFS_MAX_LAYERS)
		return -E2BIG;
	v = realloc(r->lower, (r->n_lower + 1) * sizeof(char *));
	if (!v)
		return -ENOMEM;
	r->lower = v;
	if (!(v[r->n_lower] = strndup(s, n)))
		return -ENOMEM;
	r->n_lower++;
	return safepath_is_normal(v[r->n_lower - 1]) ? 0 : -EBADMSG;
}

/* LowerDir: "a:b:c", topmost first, as overlay's lowerdir option takes it. */
static int parse_lower(json_object *data, struct rootfs *r)
{
	const char *s = json_get_string(data, "LowerDir");

	if (!s || !*s)
		return 0;
	for (;;) {
		size_t n = strcspn(s, ":");
		int err = push_lower(r, s, n);

		if (err < 0)
			return err;
		if (!s[n])
			return 0;
		s += n + 1;
	}
}

static int parse_graph_driver(json_object *root, bool image, struct rootfs *r, char **reterr)
{
	const char *name = json_get_string(root, "GraphDriver.Name");
	json_object *data = json_get_path(root, "GraphDriver.Data");
	_cleanup_free_ char *upper = NULL;
	int err;

	if (!name)
		return error_set(reterr, -EBADMSG, "inspect answer: GraphDriver.Name missing");
	if (strcmp(name, "overlay2") != 0 && strcmp(name, "overlay") != 0) {
		_cleanup_free_ char *shown = error_sanitize(name, strlen(name));

		return error_set(reterr, -EOPNOTSUPP,
				 "the storage driver '%s' is not supported: only overlay "
				 "(docker's overlay2, podman's overlay)",
				 shown ? shown : "?");
	}
	if (!data || !json_object_is_type(data, json_type_object))
		return error_set(reterr, -EBADMSG, "inspect answer: GraphDriver.Data missing");
	err = dup_path(data, "UpperDir", &upper);
	if (err >= 0 && upper && image)
		err = push_lower(r, upper, strlen(upper));
	else if (err >= 0 && upper)
		r->upper = TAKE_PTR(upper);
	if (err >= 0)
		err = parse_lower(data, r);
	if (err >= 0 && !image)
		err = dup_path(data, "WorkDir", &r->work);
	if (err == -E2BIG)
		return error_set(reterr, err, "inspect answer: more than %d layers",
				 ROOTFS_MAX_LAYERS);
	if (err < 0)
		return error_set(reterr, err,
				 "inspect answer: GraphDriver.Data holds a path that is not "
				 "absolute and normal");
	if (image ? r->n_lower == 0 : !r->upper || !r->work || r->n_lower == 0)
		return error_set(reterr, -EBADMSG, "inspect answer: GraphDriver.Data lacks %s",
				 image ? "the image's layers" : "UpperDir, WorkDir or LowerDir");
	return 0;
}

static enum rootfs_mount_type mount_type(const char *s)
{
	for (int i = 0; i < ROOTFS_OTHER; i++)
		if (strcmp(s, mount_type_names[i]) == 0)
			return i;
	return ROOTFS_OTHER;
}

static int add_mount(struct rootfs *r, struct rootfs_mount *m)
{
	struct rootfs_mount *v;

	for (size_t i = 0; i < r->n_mounts; i++)
		if (strcmp(r->mounts[i].dest, m->dest) == 0)
			return -EBADMSG; /* two mounts at one place: not a container any engine made
					  */
	if (r->n_mounts >= ROOTFS_MAX_MOUNTS)
		return -E2BIG;
	v = realloc(r->mounts, (r->n_mounts + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	r->mounts = v;
	v[r->n_mounts++] = *m;
	*m = (struct rootfs_mount){ 0 };
	return 0;
}

static void mount_free(struct rootfs_mount *m)
{
	free(m->source);
	free(m->dest);
	free(m->driver);
}

static int parse_one_mount(json_object *o, struct rootfs *r)
{
	struct rootfs_mount m = { 0 };
	const char *type = json_get_string(o, "Type"), *driver = json_get_string(o, "Driver");
	int err;

	if (!type || json_get_bool(o, "RW", &m.rw) == -EBADMSG)
		return -EBADMSG;
	m.type = mount_type(type);
	err = dup_path(o, "Destination", &m.dest);
	if (err >= 0 && (!m.dest || strcmp(m.dest, "/") == 0))
		err = -EBADMSG;
	if (err >= 0 && m.type != ROOTFS_TMPFS)
		err = dup_path(o, "Source", &m.source);
	if (err >= 0 && (m.type == ROOTFS_BIND || m.type == ROOTFS_VOLUME) && !m.source)
		err = -EBADMSG;
	if (err >= 0 && m.type == ROOTFS_VOLUME && driver && !(m.driver = strdup(driver)))
		err = -ENOMEM;
	if (err >= 0)
		err = add_mount(r, &m);
	mount_free(&m);
	return err;
}

/* HostConfig.Tmpfs: {"/run": "options"}; each an empty tmpfs, writable, as the container gets it at
 * a start. */
static int parse_tmpfs(json_object *root, struct rootfs *r)
{
	json_object *t = json_get_path(root, "HostConfig.Tmpfs");
	int err = 0;

	if (!t || json_object_is_type(t, json_type_null))
		return 0;
	if (!json_object_is_type(t, json_type_object))
		return -EBADMSG;
	json_object_object_foreach(t, key, val)
	{
		struct rootfs_mount m = { .type = ROOTFS_TMPFS, .rw = true };

		(void)val;
		if (err < 0)
			break;
		if (!safepath_is_normal(key) || strcmp(key, "/") == 0)
			return -EBADMSG;
		m.dest = strdup(key);
		err = m.dest ? add_mount(r, &m) : -ENOMEM;
		mount_free(&m);
	}
	return err;
}

static size_t depth_of(const char *path)
{
	size_t n = 0;

	for (; *path; path++)
		n += *path == '/';
	return n;
}

/* Mounts below others after them, as docker orders them; stable, so the daemon's order holds among
 * equals. */
static void sort_by_depth(struct rootfs_mount *m, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct rootfs_mount x = m[i];
		size_t j = i, d = depth_of(x.dest);

		for (; j > 0 && depth_of(m[j - 1].dest) > d; j--)
			m[j] = m[j - 1];
		m[j] = x;
	}
}

static int parse_mounts(json_object *root, struct rootfs *r, char **reterr)
{
	json_object *v = json_get_path(root, "Mounts");
	size_t n = 0;
	int err = 0;

	if (v && json_object_is_type(v, json_type_array))
		n = json_object_array_length(v);
	else if (v && !json_object_is_type(v, json_type_null))
		err = -EBADMSG;
	if (n > ROOTFS_MAX_MOUNTS)
		err = -E2BIG;
	for (size_t i = 0; err >= 0 && i < n; i++) {
		json_object *o = json_object_array_get_idx(v, i);

		err = json_object_is_type(o, json_type_object) ? parse_one_mount(o, r) : -EBADMSG;
	}
	if (err >= 0)
		err = parse_tmpfs(root, r);
	if (err == -ENOMEM)
		return err;
	if (err < 0)
		return error_set(reterr, err, "inspect answer: Mounts or HostConfig.Tmpfs %s",
				 err == -E2BIG ? "holds too many mounts" : "is out of shape");
	sort_by_depth(r->mounts, r->n_mounts);
	return 0;
}

static int parse_etc(json_object *root, struct rootfs *r, char **reterr)
{
	for (int i = 0; i < _ROOTFS_ETC_MAX; i++) {
		int err = dup_path(root, etc_keys[i], &r->etc[i]);

		if (err < 0)
			return err == -ENOMEM
				   ? err
				   : error_set(reterr, err, "inspect answer: %s is out of shape",
					       etc_keys[i]);
	}
	return 0;
}

static int parse(const char *json, size_t len, bool image, struct rootfs *ret, char **reterr)
{
	_cleanup_(json_object_putp) json_object *root = NULL;
	struct rootfs r = { 0 };
	int err;

	err = json_parse_bounded(json, len, &root);
	if (err < 0 || !json_object_is_type(root, json_type_object))
		return error_set(reterr, -EBADMSG, "inspect answer is not a JSON object");
	err = parse_graph_driver(root, image, &r, reterr);
	if (err >= 0 && !image)
		err = parse_mounts(root, &r, reterr);
	if (err >= 0 && !image)
		err = parse_etc(root, &r, reterr);
	if (err < 0) {
		rootfs_done(&r);
		return err == -ENOMEM ? error_set(reterr, err, "out of memory") : err;
	}
	*ret = r;
	return 0;
}

int rootfs_parse_container(const char *json, size_t len, struct rootfs *ret, char **reterr)
{
	return parse(json, len, false, ret, reterr);
}

int rootfs_parse_image(const char *json, size_t len, struct rootfs *ret, char **reterr)
{
	return parse(json, len, true, ret, reterr);
}

int rootfs_fetch_data_root(struct engine *e, char **ret, char **reterr)
{
	_cleanup_(json_object_putp) json_object *root = NULL;
	struct http_response r;
	const char *dir;
	char *copy;
	int err;

	err = engine_get(e, "/info", &r, reterr);
	if (err < 0)
		return err;
	if (r.status != 200) {
		_cleanup_free_ char *msg = engine_error_message(&r);

		http_response_done(&r);
		return error_set(reterr, -EPROTO, "the daemon answered %d to /info: %s", r.status,
				 msg ? msg : "no message");
	}
	err = json_parse_bounded(r.body, r.body_len, &root);
	http_response_done(&r);
	dir = err >= 0 ? json_get_string(root, "DockerRootDir") : NULL;
	if (!dir || !safepath_is_normal(dir))
		return error_set(reterr, -EBADMSG,
				 "the daemon's /info names no usable data root (DockerRootDir)");
	copy = strdup(dir);
	if (!copy)
		return -ENOMEM;
	*ret = copy;
	return 0;
}
