// SPDX-License-Identifier: Apache-2.0
/* Run a command as if on an older kernel: a seccomp filter makes the newer system calls fail the
 *   way old kernels do. pre-5.3   pidfd_open, pidfd_send_signal, close_range, openat2, open_tree,
 *   move_mount, fsopen, fsconfig, fsmount, fspick and clone3 fail with ENOSYS 5.3-5.7   setns()
 *   given several namespace types at once (only a pidfd can be) fails with EINVAL pre-5.12
 *   mount_setattr fails with ENOSYS (the rest of the new mount API is there) Usage: enosys
 *   pre-5.3|5.3-5.7|pre-5.12 COMMAND [ARG...] */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ALLOW	BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
#define FAIL(e) BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (e))
#define LOAD_NR BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
/* the low 32 bits of args[1] on little-endian x86_64 */
#define LOAD_ARG1	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1]))
#define IF_NR(nr, skip) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, (skip))

static const int new_calls[] = {
	SYS_pidfd_open,	 SYS_pidfd_send_signal,
	SYS_close_range, SYS_openat2,
	SYS_open_tree,	 SYS_move_mount,
	SYS_fsopen,	 SYS_fsconfig,
	SYS_fsmount,	 SYS_fspick,
	SYS_clone3,
};

static int install_pre53(void)
{
	struct sock_filter f[64];
	struct sock_fprog prog;
	size_t n = 0;

	f[n++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
					      offsetof(struct seccomp_data, arch));
	f[n++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0);
	f[n++] = (struct sock_filter)ALLOW;
	f[n++] = (struct sock_filter)LOAD_NR;
	for (size_t i = 0; i < sizeof(new_calls) / sizeof(new_calls[0]); i++) {
		f[n++] = (struct sock_filter)IF_NR((unsigned)new_calls[i], 1);
		f[n++] = (struct sock_filter)FAIL(ENOSYS);
	}
	f[n++] = (struct sock_filter)ALLOW;
	prog.len = (unsigned short)n;
	prog.filter = f;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

/* setns(fd, nstype) with nstype neither 0 nor a single bit: only a pidfd can be given several types
 * at once. */
static int install_53_57(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		ALLOW,
		LOAD_NR,
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_setns, 1, 0),
		ALLOW,
		LOAD_ARG1,
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
		ALLOW,
		BPF_STMT(BPF_ST, 0),			      /* M[0] = nstype */
		BPF_STMT(BPF_ALU | BPF_SUB | BPF_K, 1),	      /* A = nstype - 1 */
		BPF_STMT(BPF_MISC | BPF_TAX, 0),	      /* X = A */
		BPF_STMT(BPF_LD | BPF_MEM, 0),		      /* A = nstype */
		BPF_STMT(BPF_ALU | BPF_AND | BPF_X, 0),	      /* A = nstype & (nstype - 1) */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1), /* one bit: allowed */
		ALLOW,
		FAIL(EINVAL),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

static int install_pre512(void)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		ALLOW,
		LOAD_NR,
		IF_NR(SYS_mount_setattr, 1),
		FAIL(ENOSYS),
		ALLOW,
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

int main(int argc, char **argv)
{
	int r;

	if (argc < 3) {
		fprintf(stderr, "usage: enosys pre-5.3|5.3-5.7|pre-5.12 COMMAND [ARG...]\n");
		return 2;
	}
	/* Only a caller without CAP_SYS_ADMIN needs no_new_privs to install a filter. Old kernels
	 * impose no such thing, and under it the setuid and file-capability helpers the suite runs
	 * would be powerless: newuidmap could not map the rootless engines' user namespaces. */
	if (geteuid() != 0 && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		perror("enosys: PR_SET_NO_NEW_PRIVS");
		return 1;
	}
	r = strcmp(argv[1], "pre-5.3") == 0    ? install_pre53()
	    : strcmp(argv[1], "5.3-5.7") == 0  ? install_53_57()
	    : strcmp(argv[1], "pre-5.12") == 0 ? install_pre512()
					       : -2;
	if (r == -2) {
		fprintf(stderr, "enosys: unknown kernel %s\n", argv[1]);
		return 2;
	}
	if (r < 0) {
		perror("enosys: seccomp");
		return 1;
	}
	/* tests that must expect "the kernel lacks it" instead of success look here */
	setenv("NSENTER_TEST_KERNEL", argv[1], 1);
	execvp(argv[2], argv + 2);
	perror("enosys: exec");
	return 127;
}
