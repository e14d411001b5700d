// SPDX-License-Identifier: Apache-2.0
/* libmount for the pins, loaded on first use. docker-nsenter enters containers far more often than it pins, and
 * linking libmount would load it with libblkid, libselinux and pcre2 at every start (systemd dlopens it likewise). */
#pragma once

#include <libmount.h>

int mountlib_load(char **reterr);

extern typeof(mnt_new_context) *sym_mnt_new_context;
extern typeof(mnt_free_context) *sym_mnt_free_context;
extern typeof(mnt_context_disable_canonicalize) *sym_mnt_context_disable_canonicalize;
extern typeof(mnt_context_disable_helpers) *sym_mnt_context_disable_helpers;
extern typeof(mnt_context_disable_mtab) *sym_mnt_context_disable_mtab;
extern typeof(mnt_context_set_target) *sym_mnt_context_set_target;
extern typeof(mnt_context_set_source) *sym_mnt_context_set_source;
extern typeof(mnt_context_set_mflags) *sym_mnt_context_set_mflags;
extern typeof(mnt_context_mount) *sym_mnt_context_mount;
extern typeof(mnt_context_umount) *sym_mnt_context_umount;
extern typeof(mnt_context_get_status) *sym_mnt_context_get_status;
extern typeof(mnt_context_get_syscall_errno) *sym_mnt_context_get_syscall_errno;
