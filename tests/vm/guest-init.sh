#!/bin/busybox sh
# SPDX-License-Identifier: Apache-2.0
# PID 1 of the user-mode Linux guest of cgroup2-nsdelegate.sh: a cgroup v2 hierarchy mounted with nsdelegate (as
# systemd mounts it), a Docker daemon of its own on it (so its containers get a private cgroup namespace, Docker's
# default on cgroup v2), one container, and docker-nsenter run against it. Every result goes to the host through a
# hostfs directory ($OUT); the kernel hands us NSENTER, OUT and IMAGE_TAR from its command line.
#
# The guest's root is the host's root, read-only over hostfs: the programs are the host's, but every directory
# they write (/run, /tmp, /var/lib/docker, /etc/docker) is a tmpfs of the guest. /proc is mounted first, by busybox's
# full path: before that, a path such as /proc/self/exe (busybox runs its applets through it) resolves on the host,
# to the UML kernel's own binary.
/bin/busybox mount -t proc proc /proc
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DOCKER_CONFIG=/tmp/docker-config
trap 'sync; poweroff -f' EXIT
# the one directory of the host the guest writes: its own, mounted read-write over the read-only root
mount -t hostfs hostfs "$OUT" -o "$OUT" || exit 1

step() {
	echo "$(cut -d' ' -f1 /proc/uptime) $*" >>"$OUT/steps"
}

# fail WHAT: record why the guest could not run the cases, and stop
fail() {
	echo "$*" >>"$OUT/setup-failed"
	exit 1
}

mount -t sysfs sysfs /sys || fail "mount sysfs"
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup || fail "mount cgroup2 with nsdelegate"
for d in /tmp /run /var/lib/docker /etc/docker; do
	mount -t tmpfs tmpfs "$d" || fail "mount a tmpfs on $d"
done
mkdir -p /dev/pts /dev/shm /run/containerd "$DOCKER_CONFIG"
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
ip link set lo up
step "mounted"

containerd --root /var/lib/docker/containerd --state /run/containerd --address /run/containerd/containerd.sock \
	>"$OUT/containerd.log" 2>&1 &
for _ in $(seq 240); do
	[ -S /run/containerd/containerd.sock ] && break
	sleep 0.5
done
# In its own kernel the daemon may do what one on the host must not: --bridge=none touches no docker0 but the guest's.
dockerd -H unix:///run/docker.sock --containerd /run/containerd/containerd.sock --data-root /var/lib/docker/data \
	--exec-root /run/docker --pidfile /run/docker.pid --bridge=none --iptables=false --ip6tables=false \
	--storage-driver=vfs >"$OUT/dockerd.log" 2>&1 &
for _ in $(seq 240); do
	docker version >/dev/null 2>&1 && break
	sleep 0.5
done
docker version >/dev/null 2>&1 || fail "the guest's dockerd does not answer"
step "daemon"
docker load -i "$IMAGE_TAR" >/dev/null || fail "docker load"
docker run -d --network none --name nsdeleg docker-nsenter/busybox:latest sleep 100000 >/dev/null ||
	fail "docker run"
step "container"

pid=$(docker inspect -f '{{.State.Pid}}' nsdeleg)
id=$(docker inspect -f '{{.Id}}' nsdeleg)
{
	echo "cgroup_mount=$(awk '$5 == "/sys/fs/cgroup" {print $9 " " $NF}' /proc/self/mountinfo)"
	echo "cgroup_version=$(docker info --format '{{.CgroupVersion}}')"
	echo "private_cgroupns=$([ "$(readlink "/proc/$pid/ns/cgroup")" != "$(readlink /proc/self/ns/cgroup)" ] && echo yes)"
	echo "id=$id"
	echo "container_cgroup=$(cat "/proc/$pid/cgroup")"
	echo "docker_exec_cgroup=$(docker exec nsdeleg cat /proc/self/cgroup)"
} >"$OUT/facts"

# case NAME ARGS...: docker-nsenter ARGS against the container, its output, errors and status kept under NAME
case_() {
	name=$1
	shift
	DOCKER_HOST=unix:///run/docker.sock "$NSENTER" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err"
	echo $? >"$OUT/$name.status"
}
case_ join-cgroup -c nsdeleg cat /proc/self/cgroup
case_ join-cgroup-cgroupns -C -c nsdeleg cat /proc/self/cgroup
case_ exec --exec nsdeleg cat /proc/self/cgroup
case_ host-cgroupns -n -c nsdeleg cat /proc/self/cgroup
case_ no-join -C nsdeleg cat /proc/self/cgroup
step "done"
