// SPDX-License-Identifier: Apache-2.0
/* The proof per runtime: each runtime's own cgroup forms, and nothing that merely has the ID in it.
 * */
#include <string.h>

#include "proof.h"
#include "unit.h"

#define ID	  "f7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4"
#define UID	  "0c1a5e1e-7d3b-4c6f-9e0a-2b1c3d4e5f60"
#define UID_	  "0c1a5e1e_7d3b_4c6f_9e0a_2b1c3d4e5f60"
#define OTHER_UID "11111111-2222-3333-4444-555555555555"

static bool cd(const char *text, const char *ns, const char *id, const char *uid)
{
	struct proof_claim c = { .runtime = PROOF_CONTAINERD, .id = id, .ns = ns, .pod_uid = uid };

	return proof_cgroup_names(text, strlen(text), &c);
}

static bool crio(const char *text, const char *id, const char *uid)
{
	struct proof_claim c = { .runtime = PROOF_CRIO, .id = id, .pod_uid = uid };

	return proof_cgroup_names(text, strlen(text), &c);
}

static bool docker(const char *text, const char *id)
{
	struct proof_claim c = { .runtime = PROOF_DOCKER, .id = id };

	return proof_cgroup_names(text, strlen(text), &c);
}

static void containerd_ctr_form(void **state)
{
	(void)state;
	assert_true(cd("0::/nsit/dup\n", "nsit", "dup", NULL));
	assert_true(cd("0::/nsit/dup", "nsit", "dup", NULL));
	/* a sub-cgroup the container made below its own */
	assert_true(cd("0::/nsit/dup/init\n", "nsit", "dup", NULL));
	/* cgroup v1: one line per hierarchy */
	assert_true(
	    cd("4:memory:/nsit/dup\n1:name=systemd:/nsit/dup\n0::/\n", "nsit", "dup", NULL));
	/* another namespace's container of the same ID */
	assert_false(cd("0::/other/dup\n", "nsit", "dup", NULL));
	/* the same two components anywhere but at the top: a delegated subtree could hold them */
	assert_false(
	    cd("0::/user.slice/user-1000.slice/user@1000.service/nsit/dup\n", "nsit", "dup", NULL));
	assert_false(cd("0::/nsit/dup-x\n", "nsit", "dup", NULL));
	assert_false(cd("0::/nsit\n", "nsit", "dup", NULL));
	assert_false(cd("0::/dup\n", "nsit", "dup", NULL));
	assert_false(cd("0::/nsit/nsit/dup\n", "nsit", "dup", NULL));
}

/* An ID that is a common cgroup name must not match the paths that merely have such a component. */
static void containerd_free_ids(void **state)
{
	(void)state;
	assert_false(cd("0::/system.slice/docker.service\n", "moby", "docker", NULL));
	assert_false(cd("0::/docker/docker\n", "moby", "docker", NULL));
	assert_false(cd("0::/system.slice/docker-docker.scope\n", "moby", "docker", NULL));
	assert_true(cd("0::/moby/docker\n", "moby", "docker", NULL));
	assert_false(cd("0::/system.slice/containerd.service\n", "k8s.io", "system.slice", NULL));
	assert_false(cd("0::/system.slice\n", "k8s.io", "system.slice", NULL));
	assert_false(cd("0::/init.scope\n", "k8s.io", "init.scope", NULL));
	assert_false(cd("0::/kubepods/burstable/pod" UID "/web\n", "k8s.io", "web", NULL));
	assert_false(cd("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
			".slice/cri-containerd-web.scope\n",
			"k8s.io", "web", NULL));
	assert_false(cd("0::/system.slice/cri-containerd-web.scope\n", "k8s.io", "web", NULL));
	/* Docker's forms hold only for 64-hex IDs, which are unique */
	assert_false(cd("0::/docker/abcdef012345\n", "moby", "abcdef012345", NULL));
}

static void containerd_kubelet_cgroupfs(void **state)
{
	(void)state;
	assert_true(cd("0::/kubepods/burstable/pod" UID "/" ID "\n", "k8s.io", ID, UID));
	assert_true(cd("0::/kubepods/besteffort/pod" UID "/" ID "\n", "k8s.io", ID, UID));
	/* guaranteed pods have no QoS level */
	assert_true(cd("0::/kubepods/pod" UID "/" ID "\n", "k8s.io", ID, UID));
	/* with the kubelet's labels a free ID is proven by the pod too */
	assert_true(cd("0::/kubepods/burstable/pod" UID "/web\n", "k8s.io", "web", UID));
	assert_false(cd("0::/kubepods/burstable/pod" OTHER_UID "/" ID "\n", "k8s.io", ID, UID));
	assert_false(cd("0::/kubepods/guaranteed/pod" UID "/" ID "\n", "k8s.io", ID, UID));
	assert_false(
	    cd("0::/kubepods/burstable/besteffort/pod" UID "/" ID "\n", "k8s.io", ID, UID));
	assert_false(
	    cd("0::/user.slice/kubepods/burstable/pod" UID "/" ID "\n", "k8s.io", ID, UID));
	assert_false(cd("0::/kubepods/burstable/" ID "\n", "k8s.io", ID, UID));
	/* a pod's container is proven by its pod, not by Docker's forms */
	assert_false(cd("0::/docker/" ID "\n", "k8s.io", ID, UID));
	assert_false(cd("0::/kubepods/burstable/pod" UID "/crio-" ID "\n", "k8s.io", ID, UID));
}

static void containerd_kubelet_systemd(void **state)
{
	(void)state;
	assert_true(cd("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
		       ".slice/cri-containerd-" ID ".scope\n",
		       "k8s.io", ID, UID));
	assert_true(cd("0::/kubepods.slice/kubepods-pod" UID_ ".slice/cri-containerd-" ID
		       ".scope\n",
		       "k8s.io", ID, UID));
	assert_false(cd("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-burstable-pod" UID_
			".slice/cri-containerd-" ID ".scope\n",
			"k8s.io", ID, UID));
	assert_false(cd("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID
			".slice/cri-containerd-" ID ".scope\n",
			"k8s.io", ID, UID));
	assert_false(cd("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
			".slice/" ID "\n",
			"k8s.io", ID, UID));
	assert_false(cd("0::/system.slice/cri-containerd-" ID ".scope\n", "k8s.io", ID, UID));
	/* without the pod's labels, a 64-hex ID in any engine's form, as for Docker */
	assert_true(cd("0::/system.slice/cri-containerd-" ID ".scope\n", "k8s.io", ID, NULL));
	assert_true(cd("0::/docker/" ID "\n", "moby", ID, NULL));
	assert_true(cd("0::/system.slice/docker-" ID ".scope\n", "moby", ID, NULL));
	assert_false(cd("0::/system.slice/docker-" ID ".service\n", "moby", ID, NULL));
}

static void crio_forms(void **state)
{
	(void)state;
	assert_true(crio("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
			 ".slice/crio-" ID ".scope\n",
			 ID, UID));
	assert_true(crio("0::/kubepods/burstable/pod" UID "/crio-" ID "\n", ID, UID));
	assert_false(crio("0::/kubepods/burstable/pod" UID "/" ID "\n", ID, UID));
	assert_false(crio("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
			  ".slice/crio-conmon-" ID ".scope\n",
			  ID, UID));
	assert_false(crio("0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
			  ".slice/cri-containerd-" ID ".scope\n",
			  ID, UID));
	assert_false(crio("0::/kubepods/burstable/pod" OTHER_UID "/crio-" ID "\n", ID, UID));
	/* without labels: CRI-O's own scopes anywhere, nothing else */
	assert_true(crio("0::/machine.slice/crio-" ID ".scope\n", ID, NULL));
	assert_true(crio("0::/machine.slice/crio-" ID "\n", ID, NULL));
	assert_false(crio("0::/docker/" ID "\n", ID, NULL));
	assert_false(crio("0::/machine.slice/crio-conmon-" ID ".scope\n", ID, NULL));
	assert_false(crio("0::/machine.slice/crio-abc.scope\n", "abc", NULL));
}

static void docker_forms(void **state)
{
	(void)state;
	assert_true(docker("0::/docker/" ID "\n", ID));
	assert_true(docker("0::/system.slice/docker-" ID ".scope\n", ID));
	assert_false(docker("0::/system.slice/docker-" ID ".service\n", ID));
	assert_false(docker("0::/docker/" ID "x\n", ID));
}

static void hex64(void **state)
{
	(void)state;
	assert_true(proof_is_hex64(ID));
	assert_false(proof_is_hex64(ID "0"));
	assert_false(
	    proof_is_hex64("F7fcffc93381deef8c8a89f07dc5578516362c95bd0681ca74b5cd50585e68d4"));
	assert_false(proof_is_hex64(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(containerd_ctr_form),
		cmocka_unit_test(containerd_free_ids),
		cmocka_unit_test(containerd_kubelet_cgroupfs),
		cmocka_unit_test(containerd_kubelet_systemd),
		cmocka_unit_test(crio_forms),
		cmocka_unit_test(docker_forms),
		cmocka_unit_test(hex64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
