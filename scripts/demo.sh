#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# From nothing to `docker nsenter demo --net ip addr` on a fresh Debian 12 machine: what building and running need
# (not what the tests need), build, install into /usr/local (where docker looks for CLI plugins), a Docker daemon if
# none answers, a small local demo container.
#
# DOCKER_NSENTER_DEMO_NO_DAEMON=1 stops the demo right before its first step that needs a Docker daemon. The
# newcomer test (tests/system/newcomer.sh) runs the demo so in a fresh Debian root, where no daemon may be started:
# one there would share the host's network namespace, its docker0 and its iptables.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

PREFIX=${PREFIX:-/usr/local}

scripts/deps.sh build run
scripts/build.sh build --prefix "$PREFIX"
meson install -C build --quiet
echo "demo.sh: installed docker-nsenter and docker-nsmount into $PREFIX"
if [ "${DOCKER_NSENTER_DEMO_NO_DAEMON:-}" = 1 ]; then
	echo "demo.sh: stopping before the Docker daemon (DOCKER_NSENTER_DEMO_NO_DAEMON=1)"
	exit 0
fi
scripts/dockerd.sh start
scripts/images.sh
if [ "$(docker inspect -f '{{.State.Running}}' demo 2>/dev/null)" != true ]; then
	docker rm -f demo >/dev/null 2>&1 || true
	docker run -d --name demo docker-nsenter/busybox:latest sleep infinity >/dev/null
fi
echo "+ docker nsenter demo --net ip addr"
docker nsenter demo --net ip addr
