# SPDX-License-Identifier: Apache-2.0
# -c and --exec on a cgroup v2 host whose hierarchy is mounted with nsdelegate (systemd's default), where Docker gives
# every container a private cgroup namespace: the kernel refuses (ENOENT) a cgroup.procs write from a file opened
# inside the container's cgroup namespace, so the file must be opened before the first setns().
#
# This machine cannot show it: nsdelegate is a flag of the one cgroup2 hierarchy, settable only from the initial
# cgroup namespace, where a mount or remount with it changes it for every process here (a mount from a new cgroup
# namespace is accepted but ignores it). So the host is left alone and a kernel of our own is booted: user-mode Linux
# (Debian's user-mode-linux), its root the host's root read-only, running a Docker daemon of its own on a cgroup2
# hierarchy with nsdelegate (guest-init.sh). Nothing of it touches the host: no network device, no mount, no cgroup;
# what it writes lands in one directory, removed at the end with the rest.

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
vm_dir=$(mktemp -d /var/tmp/nsit-vm.XXXXXX)
vm_pid=

vm_stop() {
	if [ -n "$vm_pid" ] && kill -0 "$vm_pid" 2>/dev/null; then
		# the timeout's process group: the kernel and the host processes it runs its guest in
		kill -KILL -- "-$vm_pid" 2>/dev/null
		wait "$vm_pid" 2>/dev/null
	fi
	rm -rf "$vm_dir"
	cleanup
}
trap vm_stop EXIT

command -v linux.uml >/dev/null || { echo "FAIL: linux.uml is missing; scripts/deps.sh installs user-mode-linux" >&2; exit 1; }
docker save "$IMAGE" -o "$vm_dir/image.tar" || { echo "FAIL: cannot save $IMAGE" >&2; exit 1; }
mkdir "$vm_dir/out" "$vm_dir/uml"
# the guest has a tmpfs of its own on /tmp and /run, which would hide a build tree there: it runs a copy in ours
install -m 0755 "$NSENTER" "$vm_dir/docker-nsenter" || { echo "FAIL: cannot copy $NSENTER" >&2; exit 1; }

# Unknown name=value words of the kernel's command line become the environment of its init.
setsid timeout --kill-after=10 480 linux.uml mem=1024M "uml_dir=$vm_dir/uml" "umid=nsit-$$" \
	root=/dev/root rootfstype=hostfs rootflags=/ ro "init=$repo/tests/vm/guest-init.sh" \
	"NSENTER=$vm_dir/docker-nsenter" "OUT=$vm_dir/out" "IMAGE_TAR=$vm_dir/image.tar" \
	con0=null,fd:1 con=null >"$vm_dir/console.log" 2>&1 &
vm_pid=$!
wait "$vm_pid"
vm_status=$?
vm_pid=
out=$vm_dir/out

if [ ! -e "$out/facts" ]; then
	fail "the guest ran its cases" "kernel status $vm_status" "setup: $(cat "$out/setup-failed" 2>/dev/null)" \
		"steps: $(tr '\n' ' ' <"$out/steps" 2>/dev/null)" "$(tail -5 "$out/dockerd.log" 2>/dev/null)" \
		"$(grep -a -v '^<' "$vm_dir/console.log" | tail -5)"
	exit 1
fi
echo "# guest: $(tr '\n' ' ' <"$out/steps")"
fact() {
	sed -n "s/^$1=//p" "$out/facts"
}
id=$(fact id)
check_match "the guest's hierarchy is cgroup2 with nsdelegate" "^cgroup2 .*nsdelegate" "$(fact cgroup_mount)"
check "its Docker daemon runs on cgroup v2" 2 "$(fact cgroup_version)"
check "the container has a private cgroup namespace" yes "$(fact private_cgroupns)"
check "docker exec puts a process in the container's cgroup" "0::/" "$(fact docker_exec_cgroup)"

# result NAME: "status|output|errors" of a case
result() {
	echo "$(cat "$out/$1.status")|$(cat "$out/$1.out")|$(cat "$out/$1.err")"
}
check "-c joins the container's cgroup as docker exec does" "0|0::/|" "$(result join-cgroup)"
check "-C -c joins it too" "0|0::/|" "$(result join-cgroup-cgroupns)"
check "--exec joins it too" "0|0::/|" "$(result exec)"
check "-n -c, from our own cgroup namespace, is in the container's cgroup" "0|0::/docker/$id|" \
	"$(result host-cgroupns)"
# without -c the command stays in our cgroup, outside the container's namespace: a path above its root
check_match "-C alone leaves the command in our cgroup" "^0\|0::/\.\./" "$(result no-join)"
