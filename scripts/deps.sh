#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# deps.sh GROUP...: install from Debian's packages what the groups need, those missing only, with apt's progress.
# deps.sh --print GROUP...: print the packages of the groups, one line, and install nothing.
# Groups: build (compile and install, man pages included), run (the demo: a Docker daemon, its container, man and
# completion), test (what the test suites call besides), fuzz (scripts/fuzz.sh). The README lists the same packages
# (tests/system/newcomer.sh holds the two to each other). Without root, a missing package is named with the exact
# apt-get line that installs it.
set -euo pipefail

# scdoc renders the man pages (-Dman=auto skips them without it); cmocka is for the unit tests. containerd's gRPC API
# needs libnghttp2 (HTTP/2), protobuf-c (messages) and protoc-c with the well-known .proto files of libprotobuf-dev.
BUILD=(gcc libc6-dev meson ninja-build pkg-config libjson-c-dev libmount-dev libblkid-dev libseccomp-dev libcmocka-dev
	libnghttp2-dev libprotobuf-c-dev protobuf-c-compiler libprotobuf-dev scdoc)
# docker.io recommends apparmor, which --no-install-recommends would skip: on a kernel with AppArmor on (Debian's
# own, by default) Docker 20.10 then cannot start any container (moby#44900). busybox-static fills the demo's image.
RUN=(docker.io apparmor iproute2 busybox-static man-db bash-completion)
# build-essential, debhelper and lintian build and check the Debian package, debootstrap the newcomer's machine;
# python3 runs the fake daemons, zsh and bash-completion the completion tests, podman its API tests, tcpdump strace
# gdb bind9-dnsutils e2fsprogs the README's runbooks; procps bsdextrautils time curl jq are called by the suites;
# containerd (with ctr) is the standalone containerd of the Kubernetes-node tests; docker-compose makes the
# Compose services of the reference tests; user-mode-linux is the kernel of their own that the vm suite boots
# (cgroup v2 with nsdelegate); rootlesskit slirp4netns uidmap run the rootless Docker and Podman of the rootless tests;
# clang-format checks the sources' style (scripts/format.sh).
TEST=(build-essential debhelper lintian debootstrap python3 zsh podman tcpdump strace gdb bind9-dnsutils e2fsprogs
	procps bsdextrautils time curl jq containerd docker-compose user-mode-linux rootlesskit slirp4netns uidmap
	clang-format)
FUZZ=(clang)

usage() {
	echo "usage: $0 [--print] build|run|test|fuzz..." >&2
	exit 2
}

print=false
if [ "${1:-}" = --print ]; then
	print=true
	shift
fi
[ $# -gt 0 ] || usage
packages=()
for group in "$@"; do
	case $group in
	build) packages+=("${BUILD[@]}") ;;
	run) packages+=("${RUN[@]}") ;;
	test) packages+=("${TEST[@]}") ;;
	fuzz) packages+=("${FUZZ[@]}") ;;
	*) usage ;;
	esac
done
if $print; then
	echo "${packages[*]}"
	exit 0
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
install=(apt-get install --no-install-recommends "${missing[@]}")
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: ${#missing[@]} packages are missing ($*); as root, install them with:" >&2
	echo "  ${install[*]}" >&2
	exit 1
fi
echo "deps.sh: installing ${#missing[@]} packages ($*) and what they depend on: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Others may hold dpkg's lock for a while (unattended-upgrades): wait for it rather than fail.
apt=(apt-get -q -o DPkg::Lock::Timeout=600)
"${apt[@]}" update
"${apt[@]}" install -y --no-install-recommends "${missing[@]}"
echo "deps.sh: installed ${missing[*]}"
