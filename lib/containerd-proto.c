// SPDX-License-Identifier: Apache-2.0
/* Decoding of containerd's ListContainersResponse and GetResponse with protobuf-c under a memory
 * budget, checks of what they say, and the filter strings of Containers/List. */
#include <errno.h>
#include <stdalign.h>
#include <stdio.h>
#include <string.h>

#include "containerd-proto.h"
#include "error.h"
#include "macros.h"
#include "services-containers-v1-containers.pb-c.h"
#include "services-tasks-v1-tasks.pb-c.h"

#define PID_MAX_LIMIT 4194304 /* the kernel's ceiling for pid_max */

/* protobuf-c allocates as the message says: an allocator that refuses past a budget bounds what a
 * hostile answer of many tiny fields can make it take. */
struct budget {
	size_t left;
	bool exhausted;
};

union budget_header {
	size_t size;
	max_align_t align;
};

static void *budget_alloc(void *data, size_t size)
{
	struct budget *b = data;
	union budget_header *h;

	if (size > b->left || sizeof(*h) > b->left - size) {
		b->exhausted = true;
		return NULL;
	}
	h = malloc(sizeof(*h) + size);
	if (!h)
		return NULL;
	h->size = sizeof(*h) + size;
	b->left -= h->size;
	return h + 1;
}

static void budget_free(void *data, void *p)
{
	union budget_header *h;

	if (!p)
		return;
	h = (union budget_header *)p - 1;
	((struct budget *)data)->left += h->size;
	free(h);
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool containerd_valid_id(const char *s, bool prefix)
{
	size_t n = strlen(s);

	if (n == 0 || n > CONTAINERD_MAX_ID || !is_alnum(s[0]))
		return false;
	for (size_t i = 1; i < n; i++) {
		if (is_alnum(s[i]))
			continue;
		if (!strchr("._-", s[i]) || !is_alnum(s[i - 1]))
			return false;
	}
	return prefix || is_alnum(s[n - 1]);
}

char *containerd_filter_quote(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n * 4 + 3), *o = out;

	if (!out)
		return NULL;
	*o++ = '"';
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\\' || *p == '"') {
			*o++ = '\\';
			*o++ = (char)*p;
		} else if (*p < 0x20 || *p >= 0x7f) {
			o += sprintf(o, "\\x%02x", *p);
		} else {
			*o++ = (char)*p;
		}
	}
	*o++ = '"';
	*o = '\0';
	return out;
}

char *containerd_filter_prefix(const char *prefix)
{
	/* a regular expression anchored at the start; '.' is the only character of an identifier
	 * that means more in one, and "[.]" needs no backslash in the quotes around it */
	size_t n = strlen(prefix);
	char *re = malloc(n * 3 + 2), *o = re, *out;

	if (!re)
		return NULL;
	*o++ = '^';
	for (const char *p = prefix; *p; p++) {
		if (*p == '.')
			o = stpcpy(o, "[.]");
		else
			*o++ = *p;
	}
	*o = '\0';
	_cleanup_free_ char *quoted = containerd_filter_quote(re);
	free(re);
	if (!quoted || asprintf(&out, "id~=%s", quoted) < 0)
		return NULL;
	return out;
}

char *containerd_filter_labels(const struct containerd_label *match, size_t n_match)
{
	char *out = strdup("");

	for (size_t i = 0; out && i < n_match; i++) {
		_cleanup_free_ char *k = containerd_filter_quote(match[i].key);
		_cleanup_free_ char *v = containerd_filter_quote(match[i].value);
		char *next = NULL;

		if (!k || !v || asprintf(&next, "%s%slabels.%s==%s", out, i ? "," : "", k, v) < 0)
			next = NULL;
		free(out);
		out = next;
	}
	return out;
}

const char *containerd_label(const struct containerd_container *c, const char *key)
{
	for (size_t i = 0; i < c->n_labels; i++)
		if (strcmp(c->labels[i].key, key) == 0)
			return c->labels[i].value;
	return NULL;
}

void containerd_container_done(struct containerd_container *c)
{
	free(c->id);
	free(c->image);
	free(c->runtime);
	free(c->sandbox);
	free(c->spec);
	for (size_t i = 0; i < c->n_labels; i++) {
		free(c->labels[i].key);
		free(c->labels[i].value);
	}
	free(c->labels);
	*c = (struct containerd_container){ 0 };
}

void containerd_list_done(struct containerd_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		containerd_container_done(&l->items[i]);
	free(l->items);
	*l = (struct containerd_list){ 0 };
}

static void labels_free(struct containerd_label *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
}

static int copy_labels(const Containerd__Services__Containers__V1__Container *in,
		       struct containerd_label **ret, size_t *ret_n)
{
	struct containerd_label *v;
	size_t n = 0;
	int err = 0;

	if (in->n_labels > CONTAINERD_MAX_LABELS)
		return -E2BIG;
	v = calloc(in->n_labels ? in->n_labels : 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (; err >= 0 && n < in->n_labels; n++) {
		const char *k = in->labels[n]->key, *val = in->labels[n]->value;

		if (strlen(k) + strlen(val) > CONTAINERD_MAX_LABEL) {
			err = -E2BIG;
			break;
		}
		v[n] = (struct containerd_label){ strdup(k), strdup(val) };
		if (!v[n].key || !v[n].value)
			err = -ENOMEM;
	}
	if (err < 0) {
		labels_free(v, n);
		return err;
	}
	*ret = v;
	*ret_n = n;
	return 0;
}

/* out is written only when the whole container could be copied. */
static int copy_container(const Containerd__Services__Containers__V1__Container *in,
			  struct containerd_container *out)
{
	struct containerd_container c = {
		.id = strdup(in->id),
		.image = strdup(in->image),
		.runtime = strdup(in->runtime ? in->runtime->name : ""),
		.sandbox = strdup(in->sandbox),
	};
	int err = 0;

	if (!c.id || !c.image || !c.runtime || !c.sandbox)
		err = -ENOMEM;
	if (err >= 0 && in->spec && in->spec->type_url &&
	    strcmp(in->spec->type_url, CONTAINERD_SPEC_TYPE) == 0) {
		c.spec = malloc(in->spec->value.len + 1);
		if (!c.spec) {
			err = -ENOMEM;
		} else {
			if (in->spec->value.len)
				memcpy(c.spec, in->spec->value.data, in->spec->value.len);
			c.spec[in->spec->value.len] = '\0';
			c.spec_len = in->spec->value.len;
		}
	}
	if (err >= 0)
		err = copy_labels(in, &c.labels, &c.n_labels);
	if (err < 0) {
		containerd_container_done(&c);
		return err;
	}
	*out = c;
	return 0;
}

static int compare_ids(const void *a, const void *b)
{
	return strcmp(((const struct containerd_container *)a)->id,
		      ((const struct containerd_container *)b)->id);
}

/* ret is written only when every container could be copied. */
static int copy_list(const Containerd__Services__Containers__V1__ListContainersResponse *m,
		     struct containerd_list *ret, char **reterr)
{
	struct containerd_list l = { .n = 0 };
	int err = 0;

	if (m->n_containers > CONTAINERD_MAX_CONTAINERS)
		return error_set(reterr, -E2BIG, "containerd answered with more than %d containers",
				 CONTAINERD_MAX_CONTAINERS);
	l.items = calloc(m->n_containers ? m->n_containers : 1, sizeof(*l.items));
	if (!l.items)
		return -ENOMEM;
	for (size_t i = 0; err >= 0 && i < m->n_containers; i++) {
		if (!containerd_valid_id(m->containers[i]->id, false))
			err =
			    error_set(reterr, -EBADMSG,
				      "containerd answered with a container ID that is not valid");
		else if ((err = copy_container(m->containers[i], &l.items[l.n])) >= 0)
			l.n++;
		else if (err == -E2BIG)
			err = error_set(reterr, err,
					"containerd answered with too many or too large labels");
	}
	if (err < 0) {
		containerd_list_done(&l);
		return err;
	}
	qsort(l.items, l.n, sizeof(*l.items), compare_ids);
	*ret = l;
	return 0;
}

int containerd_decode_list(const uint8_t *buf, size_t len, struct containerd_list *ret,
			   char **reterr)
{
	struct budget b = { .left = CONTAINERD_MAX_DECODED };
	ProtobufCAllocator a = { budget_alloc, budget_free, &b };
	Containerd__Services__Containers__V1__ListContainersResponse *m;
	int err;

	m = containerd__services__containers__v1__list_containers_response__unpack(&a, len, buf);
	if (!m)
		return error_set(reterr, -EBADMSG,
				 "containerd's list of containers is not a valid message%s",
				 b.exhausted ? " or too large" : "");
	err = copy_list(m, ret, reterr);
	containerd__services__containers__v1__list_containers_response__free_unpacked(m, &a);
	return err;
}

int containerd_decode_task(const uint8_t *buf, size_t len, const char *id,
			   struct containerd_task *ret, char **reterr)
{
	struct budget b = { .left = CONTAINERD_MAX_DECODED };
	ProtobufCAllocator a = { budget_alloc, budget_free, &b };
	Containerd__Services__Tasks__V1__GetResponse *m;
	const Containerd__V1__Types__Process *p;
	int err = 0;

	m = containerd__services__tasks__v1__get_response__unpack(&a, len, buf);
	if (!m)
		return error_set(reterr, -EBADMSG,
				 "containerd's answer about the task is not a valid message");
	p = m->process;
	if (!p)
		err = error_set(reterr, -EBADMSG,
				"containerd's answer about the task has no process");
	else if (p->id[0] && strcmp(p->id, id) != 0)
		err =
		    error_set(reterr, -EBADMSG,
			      "containerd answered about another process than the task of %s", id);
	else if (p->pid > PID_MAX_LIMIT)
		err =
		    error_set(reterr, -EBADMSG, "containerd says the task runs as PID %u", p->pid);
	else
		*ret = (struct containerd_task){
			.pid = (pid_t)p->pid,
			.status =
			    (int)p->status >= 0 && (int)p->status < _CONTAINERD_TASK_STATUS_MAX
				? (enum containerd_task_status)p->status
				: CONTAINERD_TASK_UNKNOWN,
			.exit_status = p->exit_status,
		};
	containerd__services__tasks__v1__get_response__free_unpacked(m, &a);
	return err;
}

int containerd_task_check(const struct containerd_task *t, const char *id, char **reterr)
{
	switch (t->status) {
	case CONTAINERD_TASK_RUNNING:
		if (t->pid <= 1)
			return error_set(reterr, -EBADMSG,
					 "containerd says the task of %s runs as PID %d", id,
					 (int)t->pid);
		return 0;
	case CONTAINERD_TASK_PAUSED:
	case CONTAINERD_TASK_PAUSING:
		return error_set(reterr, -EBUSY, "container %s is paused", id);
	case CONTAINERD_TASK_CREATED:
		return error_set(reterr, -ESRCH,
				 "container %s is not running (its task is created, not started)",
				 id);
	case CONTAINERD_TASK_STOPPED:
		return error_set(reterr, -ESRCH,
				 "container %s is not running (its task stopped, exit status %u)",
				 id, t->exit_status);
	default:
		return error_set(reterr, -ESRCH,
				 "container %s is not running (its task's state is unknown)", id);
	}
}
