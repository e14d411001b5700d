// SPDX-License-Identifier: Apache-2.0
/* Capability sets: /proc/PID/status says what a process has; capset(2), prctl(2) give the same to
 * us. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caps.h"
#include "fdutil.h"
#include "macros.h"

/* The value after "Name:\t" on its own line of a status text; NULL when the line is missing. */
static const char *status_field(const char *text, size_t len, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = text; p && p < text + len;
	     p = memchr(p, '\n', (size_t)(text + len - p)), p = p ? p + 1 : p)
		if ((size_t)(text + len - p) > n + 1 && memcmp(p, name, n) == 0 && p[n] == ':')
			return p + n + 1;
	return NULL;
}

static int parse_hex(const char *text, size_t len, const char *name, uint64_t *ret)
{
	const char *v = status_field(text, len, name);
	unsigned long long n;
	char *end;

	if (!v)
		return -EBADMSG;
	errno = 0;
	n = strtoull(v, &end, 16);
	if (errno || end == v || (*end != '\n' && *end != '\0'))
		return -EBADMSG;
	*ret = n;
	return 0;
}

static int parse_small(const char *text, size_t len, const char *name, int *ret)
{
	const char *v = status_field(text, len, name);

	while (v && (*v == ' ' || *v == '\t'))
		v++;
	if (!v || *v < '0' || *v > '2' || (v[1] != '\n' && v[1] != '\0'))
		return -EBADMSG;
	*ret = *v - '0';
	return 0;
}

int caps_parse_status(const char *text, size_t len, struct caps *ret)
{
	struct caps c = { 0 };
	int nnp = 0;

	if (parse_hex(text, len, "CapInh", &c.inheritable) < 0 ||
	    parse_hex(text, len, "CapPrm", &c.permitted) < 0 ||
	    parse_hex(text, len, "CapEff", &c.effective) < 0 ||
	    parse_hex(text, len, "CapBnd", &c.bounding) < 0 ||
	    parse_hex(text, len, "CapAmb", &c.ambient) < 0 ||
	    parse_small(text, len, "NoNewPrivs", &nnp) < 0 || nnp > 1 ||
	    parse_small(text, len, "Seccomp", &c.seccomp_mode) < 0)
		return -EBADMSG;
	c.no_new_privs = nnp;
	*ret = c;
	return 0;
}

int caps_last_cap(void)
{
	_cleanup_free_ char *buf = NULL;
	int last;

	if (fd_read_file(AT_FDCWD, "/proc/sys/kernel/cap_last_cap", 64, &buf, NULL) < 0 ||
	    sscanf(buf, "%d", &last) != 1 || last < 0 || last > 63)
		return CAP_LAST_CAP;
	return last;
}

int caps_limit_bounding(uint64_t keep, int last)
{
	for (int cap = 0; cap <= last; cap++) {
		if (keep & (UINT64_C(1) << cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
			return negative_errno();
	}
	return 0;
}

int caps_set(uint64_t inheritable, uint64_t permitted, uint64_t effective, uint64_t ambient)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];
	uint64_t have;

	if (syscall(SYS_capget, &hdr, data) < 0)
		return negative_errno();
	have = data[0].permitted | (uint64_t)data[1].permitted << 32;
	permitted &= have;
	effective &= permitted;
	/* an ambient capability must be permitted and inheritable */
	ambient &= permitted;
	inheritable |= ambient;
	for (int i = 0; i < 2; i++) {
		data[i].inheritable = (uint32_t)(inheritable >> (32 * i));
		data[i].permitted = (uint32_t)(permitted >> (32 * i));
		data[i].effective = (uint32_t)(effective >> (32 * i));
	}
	if (syscall(SYS_capset, &hdr, data) < 0)
		return negative_errno();
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return negative_errno();
	for (int cap = 0; cap < 64; cap++)
		if ((ambient & (UINT64_C(1) << cap)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			return negative_errno();
	return 0;
}
