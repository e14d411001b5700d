// SPDX-License-Identifier: Apache-2.0
/* dlopen() of libmount for the pins, with every symbol resolved at once or none. */
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>

#include "error.h"
#include "mountlib.h"

typeof(mnt_new_context) *sym_mnt_new_context;
typeof(mnt_free_context) *sym_mnt_free_context;
typeof(mnt_context_disable_canonicalize) *sym_mnt_context_disable_canonicalize;
typeof(mnt_context_disable_helpers) *sym_mnt_context_disable_helpers;
typeof(mnt_context_disable_mtab) *sym_mnt_context_disable_mtab;
typeof(mnt_context_set_target) *sym_mnt_context_set_target;
typeof(mnt_context_set_source) *sym_mnt_context_set_source;
typeof(mnt_context_set_mflags) *sym_mnt_context_set_mflags;
typeof(mnt_context_mount) *sym_mnt_context_mount;
typeof(mnt_context_umount) *sym_mnt_context_umount;
typeof(mnt_context_get_status) *sym_mnt_context_get_status;
typeof(mnt_context_get_syscall_errno) *sym_mnt_context_get_syscall_errno;

#define SYM(name) { #name, (void **)&sym_##name }

static const struct {
	const char *name;
	void **ptr;
} symbols[] = {
	SYM(mnt_new_context),
	SYM(mnt_free_context),
	SYM(mnt_context_disable_canonicalize),
	SYM(mnt_context_disable_helpers),
	SYM(mnt_context_disable_mtab),
	SYM(mnt_context_set_target),
	SYM(mnt_context_set_source),
	SYM(mnt_context_set_mflags),
	SYM(mnt_context_mount),
	SYM(mnt_context_umount),
	SYM(mnt_context_get_status),
	SYM(mnt_context_get_syscall_errno),
};

int mountlib_load(char **reterr)
{
	static void *handle;
	void *h;

	if (handle)
		return 0;
	h = dlopen("libmount.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return error_set(reterr, -EOPNOTSUPP, "cannot load libmount: %s", dlerror());
	for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
		*symbols[i].ptr = dlsym(h, symbols[i].name);
		if (!*symbols[i].ptr) {
			error_set(reterr, -EOPNOTSUPP, "libmount lacks %s", symbols[i].name);
			for (size_t k = 0; k <= i; k++)
				*symbols[k].ptr = NULL;
			dlclose(h);
			return -EOPNOTSUPP;
		}
	}
	handle = h;
	return 0;
}
