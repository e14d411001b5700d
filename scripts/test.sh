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

# One closing line over every check of every suite: the integration files count theirs, cmocka its tests.
log=$BUILD/meson-logs/testlog.txt
passed=$(awk '/^[0-9]+ passed, [0-9]+ failed$/ {p += $1} /^\[  PASSED  \] [0-9]+ test/ {p += $4} END {print p + 0}' "$log")
failed=$(awk '/^[0-9]+ passed, [0-9]+ failed$/ {f += $3} /^\[  FAILED  \] [0-9]+ test/ {f += $4} END {print f + 0}' "$log")
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "tests: $passed passed, $failed failed"
exit "$status"
