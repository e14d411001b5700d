// SPDX-License-Identifier: Apache-2.0
/* docker-nsmount's listing reads the pinned process's table, never the one of whoever has its
 * number now; and a source that cannot be used leaves nothing behind (nsmount.c is compiled in, for
 * its static inspect_source). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nsmount.c"
#include "nsmount.h"
#include "target.h"
#include "unit.h"

/* A target as a resolver leaves it, for a child of ours. */
static void pin_child(struct target *t, pid_t *ret_child)
{
	char path[64];
	pid_t child = fork();

	assert_true(child >= 0);
	if (child == 0) {
		pause();
		_exit(0);
	}
	target_init(t);
	t->pid = child;
	snprintf(path, sizeof(path), "/proc/%d", (int)child);
	t->procfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	assert_true(t->procfd >= 0);
	*ret_child = child;
}

static void lists_the_pinned_process(void **state)
{
	struct nsmount_entry *l = NULL;
	struct target t;
	size_t n = 0;
	pid_t child;
	bool root = false;
	int r;

	(void)state;
	pin_child(&t, &child);
	r = nsmount_list(&t, &l, &n, NULL);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	target_done(&t);
	assert_int_equal(r, 0);
	for (size_t i = 0; i < n; i++)
		root = root || strcmp(l[i].target, "/") == 0;
	nsmount_list_free(l, n);
	assert_true(root);
}

/* The pinned process is gone and its number names another (ours, standing in for a reuse): no table
 * is listed. */
static void never_by_number(void **state)
{
	struct nsmount_entry *l = NULL;
	char *err = NULL;
	struct target t;
	size_t n = 0;
	pid_t child;

	(void)state;
	pin_child(&t, &child);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	t.pid = getpid();
	assert_true(nsmount_list(&t, &l, &n, &err) < 0);
	assert_null(l);
	assert_int_equal(n, 0);
	free(err);
	target_done(&t);
}

/* A source that is not there, after options that parse: the caller's source is left as it was. */
static void source_untouched(void **state)
{
	static char sentinel[] = "sentinel";
	struct nsmount_request req = { .source = "/nonexistent/docker-nsmount-test",
				       .options = "ro,noexec",
				       .target = "/mnt" };
	struct source s = { .dev = sentinel, .o = { .attr = 4242 } };
	char *err = NULL;

	(void)state;
	if (!userns_privileged())
		skip(); /* refused before anything else without root */
	assert_int_equal(inspect_source(&req, &s, &err), -ENOENT);
	assert_non_null(err);
	assert_ptr_equal(s.dev, sentinel);
	assert_int_equal(s.o.attr, 4242);
	assert_null(s.o.fs);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lists_the_pinned_process),
		cmocka_unit_test(never_by_number),
		cmocka_unit_test(source_untouched),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
