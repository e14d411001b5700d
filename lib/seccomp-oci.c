// SPDX-License-Identifier: Apache-2.0
/* The seccomp profile of an OCI runtime config, compiled with libseccomp as the runtime compiles
 * it, for when the process's own filter cannot be copied (we run under seccomp ourselves, or lack
 * CAP_SYS_ADMIN). libseccomp is loaded only then. Rules follow runc: rules whose action is the
 * default are dropped, names libseccomp does not know are skipped, several comparisons of one
 * argument make one rule each. runc's extra "-ENOSYS for syscalls newer than the profile" stub is
 * not reproduced: such calls fail with the default action instead. */
#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "jsonutil.h"
#include "macros.h"
#include "seccomp-filters.h"

#define MAX_RULES 4096
#define MAX_ARGS  6

static struct {
	typeof(seccomp_init) *init;
	typeof(seccomp_release) *release;
	typeof(seccomp_arch_add) *arch_add;
	typeof(seccomp_arch_resolve_name) *arch_resolve_name;
	typeof(seccomp_syscall_resolve_name) *syscall_resolve_name;
	typeof(seccomp_rule_add_array) *rule_add_array;
	typeof(seccomp_export_bpf) *export_bpf;
} sym;

static int load_libseccomp(char **reterr)
{
	static void *handle;
	static const char *const names[] = { "seccomp_init",
					     "seccomp_release",
					     "seccomp_arch_add",
					     "seccomp_arch_resolve_name",
					     "seccomp_syscall_resolve_name",
					     "seccomp_rule_add_array",
					     "seccomp_export_bpf" };
	void **slots[] = { (void **)&sym.init,
			   (void **)&sym.release,
			   (void **)&sym.arch_add,
			   (void **)&sym.arch_resolve_name,
			   (void **)&sym.syscall_resolve_name,
			   (void **)&sym.rule_add_array,
			   (void **)&sym.export_bpf };
	void *h;

	if (handle)
		return 0;
	h = dlopen("libseccomp.so.2", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return error_set(reterr, -EOPNOTSUPP, "cannot load libseccomp: %s", dlerror());
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!(*slots[i] = dlsym(h, names[i]))) {
			dlclose(h);
			return error_set(reterr, -EOPNOTSUPP, "libseccomp lacks %s", names[i]);
		}
	handle = h;
	return 0;
}

static const struct {
	const char *name;
	uint32_t action;
	bool takes_errno;
} actions[] = {
	{ "SCMP_ACT_KILL", SCMP_ACT_KILL, false },
	{ "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL, false },
	{ "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS, false },
	{ "SCMP_ACT_TRAP", SCMP_ACT_TRAP, false },
	{ "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0), true },
	{ "SCMP_ACT_TRACE", SCMP_ACT_TRACE(0), true },
	{ "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW, false },
	{ "SCMP_ACT_LOG", SCMP_ACT_LOG, false },
};

/* An OCI action name to libseccomp's; ERRNO and TRACE carry errno_ret, EPERM when the profile gives
 * none. */
static int parse_action(json_object *name, json_object *errno_ret, uint32_t *ret)
{
	const char *s =
	    json_object_is_type(name, json_type_string) ? json_object_get_string(name) : NULL;
	long long e = EPERM;

	if (!s)
		return -EBADMSG;
	if (errno_ret) {
		if (!json_object_is_type(errno_ret, json_type_int))
			return -EBADMSG;
		e = json_object_get_int64(errno_ret);
	}
	if (e < 0 || e > 0xffff)
		return -EBADMSG;
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		if (strcmp(s, actions[i].name) == 0) {
			*ret = actions[i].takes_errno ? actions[i].action | (uint32_t)e
						      : actions[i].action;
			return 0;
		}
	return -EOPNOTSUPP; /* SCMP_ACT_NOTIFY needs an agent we do not have */
}

static const struct {
	const char *name;
	enum scmp_compare op;
} compare_ops[] = {
	{ "SCMP_CMP_NE", SCMP_CMP_NE },
	{ "SCMP_CMP_LT", SCMP_CMP_LT },
	{ "SCMP_CMP_LE", SCMP_CMP_LE },
	{ "SCMP_CMP_EQ", SCMP_CMP_EQ },
	{ "SCMP_CMP_GE", SCMP_CMP_GE },
	{ "SCMP_CMP_GT", SCMP_CMP_GT },
	{ "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

static int parse_arg(json_object *a, struct scmp_arg_cmp *ret)
{
	const char *op = json_get_string(a, "op");
	long long index, value = 0, value2 = 0;

	if (!op || json_get_int(a, "index", 0, MAX_ARGS - 1, &index) < 0 ||
	    json_get_int(a, "value", 0, INT64_MAX, &value) == -EBADMSG ||
	    json_get_int(a, "valueTwo", 0, INT64_MAX, &value2) == -EBADMSG)
		return -EBADMSG;
	for (size_t i = 0; i < ARRAY_SIZE(compare_ops); i++)
		if (strcmp(op, compare_ops[i].name) == 0) {
			*ret = (struct scmp_arg_cmp){ .arg = (unsigned)index,
						      .op = compare_ops[i].op,
						      .datum_a = (scmp_datum_t)value,
						      .datum_b = (scmp_datum_t)value2 };
			return 0;
		}
	return -EBADMSG;
}

/* One entry of "syscalls": every name with the entry's action and argument comparisons. */
static int add_rules(scmp_filter_ctx ctx, json_object *entry, uint32_t dflt)
{
	json_object *names = json_get_path(entry, "names"), *args = json_get_path(entry, "args");
	struct scmp_arg_cmp cmp[MAX_ARGS];
	size_t n_args = 0, n_names;
	bool same_index = false;
	uint32_t action;
	int err;

	err =
	    parse_action(json_get_path(entry, "action"), json_get_path(entry, "errnoRet"), &action);
	if (err < 0)
		return err;
	if (!json_object_is_type(names, json_type_array) ||
	    (args && !json_object_is_type(args, json_type_null) &&
	     !json_object_is_type(args, json_type_array)))
		return -EBADMSG;
	if (action == dflt)
		return 0;
	n_args =
	    args && json_object_is_type(args, json_type_array) ? json_object_array_length(args) : 0;
	if (n_args > MAX_ARGS)
		return -EBADMSG;
	for (size_t i = 0; i < n_args; i++) {
		err = parse_arg(json_object_array_get_idx(args, i), &cmp[i]);
		if (err < 0)
			return err;
		for (size_t j = 0; j < i; j++)
			same_index |= cmp[j].arg == cmp[i].arg;
	}
	n_names = json_object_array_length(names);
	for (size_t i = 0; i < n_names; i++) {
		json_object *nm = json_object_array_get_idx(names, i);
		int nr;

		if (!json_object_is_type(nm, json_type_string))
			return -EBADMSG;
		nr = sym.syscall_resolve_name(json_object_get_string(nm));
		if (nr == __NR_SCMP_ERROR)
			continue; /* unknown to libseccomp, as runc does */
		if (!same_index) {
			err = sym.rule_add_array(ctx, action, nr, (unsigned)n_args, cmp);
		} else {
			for (size_t k = 0; k < n_args && err >= 0; k++)
				err = sym.rule_add_array(ctx, action, nr, 1, &cmp[k]);
		}
		if (err < 0)
			return err;
	}
	return 0;
}

static int add_architectures(scmp_filter_ctx ctx, json_object *archs)
{
	size_t n = archs && json_object_is_type(archs, json_type_array)
		       ? json_object_array_length(archs)
		       : 0;

	for (size_t i = 0; i < n; i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(archs, i));
		char name[32];
		size_t k = 0;
		uint32_t arch;
		int err;

		if (!s || strncmp(s, "SCMP_ARCH_", 10) != 0 || strlen(s + 10) >= sizeof(name))
			return -EBADMSG;
		for (const char *p = s + 10; *p; p++)
			name[k++] = (char)tolower((unsigned char)*p);
		name[k] = '\0';
		arch = sym.arch_resolve_name(name);
		if (arch == 0)
			continue; /* an architecture libseccomp does not know cannot run here either
				   */
		err = sym.arch_add(ctx, arch);
		if (err < 0 && err != -EEXIST)
			return err;
	}
	return 0;
}

static int parse_flags(json_object *flags, unsigned *ret)
{
	size_t n = flags && json_object_is_type(flags, json_type_array)
		       ? json_object_array_length(flags)
		       : 0;
	unsigned f = 0;

	for (size_t i = 0; i < n; i++) {
		const char *s = json_object_get_string(json_object_array_get_idx(flags, i));

		if (!s)
			return -EBADMSG;
		if (strcmp(s, "SECCOMP_FILTER_FLAG_LOG") == 0)
			f |= SECCOMP_FILTER_FLAG_LOG;
		else if (strcmp(s, "SECCOMP_FILTER_FLAG_SPEC_ALLOW") == 0)
			f |= SECCOMP_FILTER_FLAG_SPEC_ALLOW;
		else if (strcmp(s, "SECCOMP_FILTER_FLAG_TSYNC") != 0)
			return -EOPNOTSUPP;
	}
	*ret = f;
	return 0;
}

/* libseccomp writes the program to an fd; a memfd takes it back into memory. */
static int export_program(scmp_filter_ctx ctx, struct seccomp_filter_copy *ret)
{
	_cleanup_close_ int fd = memfd_create("seccomp", MFD_CLOEXEC);
	_cleanup_free_ struct sock_filter *insns = NULL;
	struct stat st;
	int err;

	if (fd < 0)
		return negative_errno();
	err = sym.export_bpf(ctx, fd);
	if (err < 0)
		return err;
	if (fstat(fd, &st) < 0)
		return negative_errno();
	if (st.st_size <= 0 || st.st_size % sizeof(struct sock_filter) ||
	    st.st_size / sizeof(struct sock_filter) > SECCOMP_MAX_INSNS)
		return -E2BIG;
	insns = malloc((size_t)st.st_size);
	if (!insns)
		return -ENOMEM;
	if (pread(fd, insns, (size_t)st.st_size, 0) != st.st_size)
		return -EIO;
	ret->insns = TAKE_PTR(insns);
	ret->len = (unsigned short)(st.st_size / sizeof(struct sock_filter));
	return 0;
}

static int compile(json_object *profile, struct seccomp_filters *ret)
{
	json_object *calls = json_get_path(profile, "syscalls");
	struct seccomp_filter_copy f = { 0 };
	scmp_filter_ctx ctx;
	uint32_t dflt;
	size_t n;
	int err;

	err = parse_action(json_get_path(profile, "defaultAction"),
			   json_get_path(profile, "defaultErrnoRet"), &dflt);
	if (err >= 0)
		err = parse_flags(json_get_path(profile, "flags"), &f.flags);
	if (err < 0)
		return err;
	if (calls && !json_object_is_type(calls, json_type_null) &&
	    !json_object_is_type(calls, json_type_array))
		return -EBADMSG;
	n = calls && json_object_is_type(calls, json_type_array) ? json_object_array_length(calls)
								 : 0;
	if (n > MAX_RULES)
		return -E2BIG;
	ctx = sym.init(dflt);
	if (!ctx)
		return -ENOMEM;
	err = add_architectures(ctx, json_get_path(profile, "architectures"));
	for (size_t i = 0; i < n && err >= 0; i++)
		err = add_rules(ctx, json_object_array_get_idx(calls, i), dflt);
	if (err >= 0)
		err = export_program(ctx, &f);
	sym.release(ctx);
	if (err < 0)
		return err;
	ret->f[0] = f;
	ret->n = 1;
	return 0;
}

int seccomp_compile_oci(const char *json, size_t len, struct seccomp_filters *ret, char **reterr)
{
	_cleanup_(json_object_putp) json_object *root = NULL;
	json_object *profile;
	int err;

	err = json_parse_bounded(json, len, &root);
	if (err < 0)
		return error_set(reterr, err, "the runtime's config.json is not valid JSON");
	profile = json_get_path(root, "linux.seccomp");
	if (!profile || json_object_is_type(profile, json_type_null))
		return error_set(reterr, -ENOENT,
				 "the runtime's config.json has no seccomp profile");
	if (!json_object_is_type(profile, json_type_object))
		return error_set(reterr, -EBADMSG,
				 "the runtime's seccomp profile is not an object");
	err = load_libseccomp(reterr);
	if (err < 0)
		return err;
	err = compile(profile, ret);
	if (err == -EOPNOTSUPP)
		return error_set(
		    reterr, err,
		    "the runtime's seccomp profile uses an action or flag that cannot be "
		    "reproduced here (SCMP_ACT_NOTIFY?)");
	if (err < 0)
		return error_set(reterr, err, "cannot compile the runtime's seccomp profile: %s",
				 strerror(-err));
	return 0;
}
