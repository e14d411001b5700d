// SPDX-License-Identifier: Apache-2.0
/* Decoding of CRI-O's inspect answers: strict JSON types (null only where Go writes it for an empty
 * map or list), bounded counts, and the checks a PID from CRI-O needs. */
#include <errno.h>
#include <string.h>

#include "crio-info.h"
#include "error.h"
#include "jsonutil.h"
#include "macros.h"
#include "strv.h"

#define PID_MAX_LIMIT 4194304

static bool is_id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

bool crio_valid_id(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > CRIO_MAX_ID || id[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_id_char(id[i]))
			return false;
	return true;
}

const char *crio_kv_get(const struct crio_kv *kv, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(kv[i].key, key) == 0)
			return kv[i].value;
	return NULL;
}

static void kv_free(struct crio_kv *kv, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

void crio_container_done(struct crio_container *ct)
{
	free(ct->name);
	free(ct->image);
	free(ct->image_ref);
	kv_free(ct->labels, ct->n_labels);
	kv_free(ct->annotations, ct->n_annotations);
	kv_free(ct->crio_annotations, ct->n_crio_annotations);
	free(ct->log_path);
	free(ct->root);
	free(ct->sandbox);
	strv_free_n(ct->ip_addresses, ct->n_ip_addresses);
	*ct = (struct crio_container){ 0 };
}

void crio_info_done(struct crio_info *info)
{
	free(info->storage_driver);
	free(info->storage_root);
	free(info->storage_image);
	free(info->cgroup_driver);
	*info = (struct crio_info){ 0 };
}

/* A string member: "" when absent, -EBADMSG when of another type (Go never writes null for a
 * string). The decoders write their outputs only on success. */
static int get_string(json_object *root, const char *key, char **ret)
{
	json_object *v;
	const char *s = "";
	size_t len = 0;
	char *copy;

	if (json_object_object_get_ex(root, key, &v)) {
		if (!json_object_is_type(v, json_type_string))
			return -EBADMSG;
		s = json_object_get_string(v);
		len = (size_t)json_object_get_string_len(v);
	}
	copy = strndup(s, len);
	if (!copy)
		return -ENOMEM;
	*ret = copy;
	return 0;
}

/* A map[string]string member: null or absent is empty. */
static int get_map(json_object *root, const char *key, struct crio_kv **ret, size_t *ret_n)
{
	struct crio_kv *kv = NULL;
	json_object *m;
	size_t n = 0;
	int err = 0;

	if (!json_object_object_get_ex(root, key, &m) || json_object_is_type(m, json_type_null)) {
		*ret = NULL;
		*ret_n = 0;
		return 0;
	}
	if (!json_object_is_type(m, json_type_object))
		return -EBADMSG;
	if ((size_t)json_object_object_length(m) > CRIO_MAX_MAP)
		return -E2BIG;
	kv = calloc((size_t)json_object_object_length(m) + 1, sizeof(*kv));
	if (!kv)
		return -ENOMEM;
	json_object_object_foreach(m, k, v)
	{
		if (!json_object_is_type(v, json_type_string)) {
			err = -EBADMSG;
			break;
		}
		kv[n] =
		    (struct crio_kv){ strdup(k), strndup(json_object_get_string(v),
							 (size_t)json_object_get_string_len(v)) };
		n++;
		if (!kv[n - 1].key || !kv[n - 1].value) {
			err = -ENOMEM;
			break;
		}
	}
	if (err < 0) {
		kv_free(kv, n);
		return err;
	}
	*ret = kv;
	*ret_n = n;
	return 0;
}

static int get_strings(json_object *root, const char *key, char ***ret, size_t *ret_n)
{
	json_object *a;
	size_t n;
	char **v;

	if (!json_object_object_get_ex(root, key, &a) || json_object_is_type(a, json_type_null)) {
		*ret = NULL;
		*ret_n = 0;
		return 0;
	}
	if (!json_object_is_type(a, json_type_array))
		return -EBADMSG;
	n = json_object_array_length(a);
	if (n > CRIO_MAX_ADDRESSES)
		return -E2BIG;
	v = calloc(n + 1, sizeof(char *));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(a, i);

		if (!json_object_is_type(e, json_type_string)) {
			strv_free_n(v, i);
			return -EBADMSG;
		}
		v[i] = strndup(json_object_get_string(e), (size_t)json_object_get_string_len(e));
		if (!v[i]) {
			strv_free_n(v, i);
			return -ENOMEM;
		}
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

static int get_numbers(json_object *root, struct crio_container *ct, char **reterr)
{
	json_object *v;
	long long pid;
	int err;

	err = json_get_int(root, "pid", 0, PID_MAX_LIMIT, &pid);
	if (err < 0)
		return error_set(reterr, -EBADMSG, "CRI-O's answer: pid %s",
				 err == -ENOENT ? "missing" : "is not a valid process ID");
	ct->pid = (pid_t)pid;
	if (json_object_object_get_ex(root, "created_time", &v)) {
		if (!json_object_is_type(v, json_type_int))
			return error_set(reterr, -EBADMSG,
					 "CRI-O's answer: created_time is not a number");
		ct->created_time = json_object_get_int64(v);
	}
	ct->host_network = -1;
	if (json_object_object_get_ex(root, "host_network", &v) &&
	    !json_object_is_type(v, json_type_null)) {
		if (!json_object_is_type(v, json_type_boolean))
			return error_set(reterr, -EBADMSG,
					 "CRI-O's answer: host_network is not a boolean");
		ct->host_network = json_object_get_boolean(v) ? 1 : 0;
	}
	return 0;
}

static int get_fields(json_object *root, struct crio_container *ct)
{
	int err = 0;

	if (err >= 0)
		err = get_string(root, "name", &ct->name);
	if (err >= 0)
		err = get_string(root, "image", &ct->image);
	if (err >= 0)
		err = get_string(root, "image_ref", &ct->image_ref);
	if (err >= 0)
		err = get_string(root, "log_path", &ct->log_path);
	if (err >= 0)
		err = get_string(root, "root", &ct->root);
	if (err >= 0)
		err = get_string(root, "sandbox", &ct->sandbox);
	if (err >= 0)
		err = get_map(root, "labels", &ct->labels, &ct->n_labels);
	if (err >= 0)
		err = get_map(root, "annotations", &ct->annotations, &ct->n_annotations);
	if (err >= 0)
		err = get_map(root, "crio_annotations", &ct->crio_annotations,
			      &ct->n_crio_annotations);
	if (err >= 0)
		err = get_strings(root, "ip_addresses", &ct->ip_addresses, &ct->n_ip_addresses);
	return err;
}

int crio_container_parse(const char *json, size_t len, struct crio_container *ret, char **reterr)
{
	_cleanup_(json_object_putp) json_object *root = NULL;
	struct crio_container ct = { 0 };
	int err;

	err = json_parse_bounded(json, len, &root);
	if (err < 0)
		return error_set(reterr, err, "CRI-O's answer is not valid JSON");
	if (!json_object_is_type(root, json_type_object))
		return error_set(reterr, -EBADMSG, "CRI-O's answer is not a JSON object");
	err = get_numbers(root, &ct, reterr);
	if (err < 0)
		return err;
	err = get_fields(root, &ct);
	if (err < 0) {
		crio_container_done(&ct);
		return error_set(reterr, err, "CRI-O's answer: %s",
				 err == -E2BIG ? "too many labels, annotations or addresses"
					       : "a field is not of the type CRI-O writes");
	}
	*ret = ct;
	return 0;
}

int crio_info_parse(const char *json, size_t len, struct crio_info *ret, char **reterr)
{
	_cleanup_(json_object_putp) json_object *root = NULL;
	struct crio_info info = { 0 };
	int err;

	err = json_parse_bounded(json, len, &root);
	if (err < 0)
		return error_set(reterr, err, "CRI-O's info is not valid JSON");
	if (!json_object_is_type(root, json_type_object))
		return error_set(reterr, -EBADMSG, "CRI-O's info is not a JSON object");
	err = get_string(root, "storage_driver", &info.storage_driver);
	if (err >= 0)
		err = get_string(root, "storage_root", &info.storage_root);
	if (err >= 0)
		err = get_string(root, "storage_image", &info.storage_image);
	if (err >= 0)
		err = get_string(root, "cgroup_driver", &info.cgroup_driver);
	if (err < 0) {
		crio_info_done(&info);
		return error_set(reterr, err, "CRI-O's info: a field is not a string");
	}
	*ret = info;
	return 0;
}

int crio_container_check(const struct crio_container *ct, const char *id, char **reterr)
{
	if (ct->pid == 0)
		return error_set(reterr, -ESRCH,
				 "CRI-O container %s is not running (CRI-O names no process)", id);
	if (ct->pid == 1)
		return error_set(reterr, -EBADMSG, "CRI-O says container %s runs as PID 1", id);
	return 0;
}
