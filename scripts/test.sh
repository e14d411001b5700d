#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The whole test suite on a fresh Debian 12 machine: dependencies, build, a Docker daemon (started only if none
# answers, and stopped again if we started it), the local test images, then the unit and integration suites.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

BUILD=${BUILD:-build-test}

scripts/deps.sh
if [ -d "$BUILD" ]; then
	meson setup --reconfigure "$BUILD" >/dev/null
else
	meson setup "$BUILD" >/dev/null
fi
ninja -C "$BUILD"

scripts/dockerd.sh start
trap 'scripts/dockerd.sh stop' EXIT
scripts/images.sh

status=0
meson test -C "$BUILD" --print-errorlogs --suite unit --suite integration || status=$?
exit "$status"
