#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Install what building, running and testing docker-nsenter needs, from Debian's packages. Idempotent.
set -euo pipefail

PACKAGES=(
	build-essential meson ninja-build pkg-config
	libjson-c-dev libmount-dev libblkid-dev libcmocka-dev libseccomp-dev
	docker.io busybox-static util-linux iproute2 procps bsdextrautils python3 time
	bash-completion zsh valgrind clang scdoc man-db
	podman
	rootlesskit slirp4netns uidmap
	tcpdump strace gdb bind9-dnsutils
)

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: these packages are missing and installing them needs root: ${missing[*]}" >&2
	exit 1
fi
echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
