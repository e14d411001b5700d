#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# From nothing to `docker nsenter demo --net ip addr` on a fresh Debian 12 machine: dependencies, build, install into
# /usr/local (where docker looks for CLI plugins), a Docker daemon if none answers, a small local demo container.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

PREFIX=${PREFIX:-/usr/local}

scripts/deps.sh
scripts/build.sh build --prefix "$PREFIX"
meson install -C build --quiet
scripts/dockerd.sh start
scripts/images.sh
if [ "$(docker inspect -f '{{.State.Running}}' demo 2>/dev/null)" != true ]; then
	docker rm -f demo >/dev/null 2>&1 || true
	docker run -d --name demo docker-nsenter/busybox:latest sleep infinity >/dev/null
fi
echo "+ docker nsenter demo --net ip addr"
docker nsenter demo --net ip addr
