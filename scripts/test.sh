#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The whole test suite on a fresh Debian 12 machine: dependencies, build, a Docker daemon (started only if none
# answers, and stopped again if we started it), the local test images, then the unit and integration suites, the
# system and vm suites once, the first three again under ASan and UBSan, and the integration suite as on older kernels.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

BUILD=${BUILD:-build-test}
ASAN_BUILD=$BUILD-asan

scripts/deps.sh build run test
# -Dman=enabled: the docs tests check the installed man pages, so a build without them must fail here.
scripts/build.sh "$BUILD" -Dman=enabled
# The same suites again under AddressSanitizer and UndefinedBehaviorSanitizer; any report fails the run.
scripts/build.sh "$ASAN_BUILD" -Dman=enabled -Db_sanitize=address,undefined -Db_lundef=false \
	-Dc_args=-fno-sanitize-recover=all

scripts/dockerd.sh start
trap 'scripts/dockerd.sh stop' EXIT
scripts/images.sh

status=0
echo "== the sources' format"
scripts/format.sh --check || status=$?
meson test -C "$BUILD" --print-errorlogs --suite unit --suite fuzz-regress --suite integration || status=$?
# What this machine's kernel cannot be made to show without changing it for everybody (cgroup v2 with nsdelegate),
# once, in a user-mode Linux kernel of its own (tests/vm/).
echo "== in a kernel of their own"
meson test -C "$BUILD" --print-errorlogs --logbase vm --suite vm || status=$?
# Once, and only here: a newcomer's fresh Debian root (debootstrap) and the Debian package installed and purged.
echo "== the system suite"
meson test -C "$BUILD" --print-errorlogs --logbase system --suite system || status=$?
echo "== the same suites under ASan and UBSan"
# LeakSanitizer stops the world with a ptrace helper thread, which cannot trace a process that has joined another PID
# namespace (it hangs): leaks are checked in the unit suite, which joins nothing, and not in the integration suite.
meson test -C "$ASAN_BUILD" --print-errorlogs --logbase unit --suite unit --suite fuzz-regress || status=$?
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	meson test -C "$ASAN_BUILD" --print-errorlogs --logbase integration --suite integration || status=$?
asan_logs=("$ASAN_BUILD/meson-logs/unit.txt" "$ASAN_BUILD/meson-logs/integration.txt")

# Older kernels: a seccomp filter makes pidfd_open, close_range, openat2, the new mount API (ENOSYS) and
# setns() on a pidfd (EINVAL) fail as they do there; every feature must still work through its fallback.
# The rootless engines' tests (about four minutes) run on pre-5.3 only: their one fallback, joining the user
# namespace by its file when setns() on the pidfd fails, is the same code for both kernels.
for kernel in pre-5.3 5.3-5.7; do
	echo "== the integration suite as on a $kernel kernel"
	skip=()
	[ "$kernel" = 5.3-5.7 ] && skip=(--no-suite rootless)
	meson test -C "$BUILD" --print-errorlogs --logbase "kernel-$kernel" --suite integration "${skip[@]}" \
		--wrapper "$(readlink -f "$BUILD")/tests/oldkernel/enosys $kernel" || status=$?
done
if grep -lE "ERROR: (Address|Leak)Sanitizer|runtime error:" "${asan_logs[@]}"; then
	echo "sanitizer reports found in the logs above" >&2
	status=1
fi

# One closing line over every check of every suite: the integration files count theirs, cmocka its tests.
logs=("$BUILD/meson-logs/testlog.txt" "$BUILD/meson-logs/vm.txt" "$BUILD/meson-logs/system.txt" "${asan_logs[@]}"
	"$BUILD"/meson-logs/kernel-*.txt)
passed=$(awk '/^[0-9]+ passed, [0-9]+ failed$/ {p += $1} /^\[  PASSED  \] [0-9]+ test/ {p += $4} END {print p + 0}' "${logs[@]}")
failed=$(awk '/^[0-9]+ passed, [0-9]+ failed$/ {f += $3} /^\[  FAILED  \] [0-9]+ test/ {f += $4} END {print f + 0}' "${logs[@]}")
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
echo "tests: $passed passed, $failed failed"
exit "$status"
