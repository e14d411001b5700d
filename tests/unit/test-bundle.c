// SPDX-License-Identifier: Apache-2.0
/* The bundle directory must be the container's: for containerd's free-string IDs, by the place the
 * shim's directory has its namespace and ID, not by a component somewhere that happens to be
 * spelled like the ID. */
#include "bundle.h"
#include "unit.h"

#define ID    "f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4"
#define TASKS "/run/containerd/io.containerd.runtime.v2.task"

static void containerd_ids(void **state)
{
	(void)state;
	assert_true(bundle_path_names(TASKS "/nsit/run", "nsit", "run"));
	assert_true(bundle_path_names(TASKS "/k8s.io/" ID, "k8s.io", ID));
	/* "run" is a component of every containerd bundle path; "containerd" of most */
	assert_false(bundle_path_names(TASKS "/nsit/other", "nsit", "run"));
	assert_false(bundle_path_names(TASKS "/nsit/other", "nsit", "containerd"));
	/* another namespace's container of the same ID */
	assert_false(bundle_path_names(TASKS "/other/dup", "nsit", "dup"));
	assert_false(bundle_path_names(TASKS "/nsit/dup/x", "nsit", "dup"));
	assert_false(bundle_path_names(TASKS "/xnsit/dup", "nsit", "dup"));
	assert_false(bundle_path_names("/dup", "nsit", "dup"));
	assert_true(bundle_path_names("/nsit/dup", "nsit", "dup"));
}

static void other_runtimes(void **state)
{
	(void)state;
	assert_true(bundle_path_names(
	    "/run/docker/containerd/daemon/io.containerd.runtime.v2.task/moby/" ID, NULL, ID));
	assert_true(bundle_path_names("/run/containers/storage/overlay-containers/" ID "/userdata",
				      NULL, ID));
	assert_false(bundle_path_names(
	    "/run/containers/storage/overlay-containers/" ID "x/userdata", NULL, ID));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(containerd_ids),
		cmocka_unit_test(other_runtimes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
