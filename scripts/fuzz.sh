#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Fuzz every parser of outside input with libFuzzer (clang, from Debian) for SECONDS each (default 60), starting from
# the committed corpus. Prints executions and coverage per target. A crashing input is written to
# tests/fuzz/corpus/<target>/crash-*: commit it, and the fuzz-regress suite replays it in every build from then on.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

SECONDS_EACH=${1:-60}
BUILD=${BUILD:-build-fuzz}
scripts/deps.sh build fuzz
CC=clang scripts/build.sh "$BUILD" -Dfuzzing=true -Dtests=true \
	-Dc_args="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
	-Dc_link_args="-fsanitize=address,undefined" -Db_lundef=false >/dev/null

status=0
for target in http inspect creds cgroup reference context events grpc crio find; do
	work=$(mktemp -d)
	cp -r "tests/fuzz/corpus/$target/." "$work/"
	log=$BUILD/fuzz-$target.log
	if "$BUILD/tests/fuzz/fuzz-$target" -max_total_time="$SECONDS_EACH" -max_len=65536 -rss_limit_mb=2048 \
		-artifact_prefix="tests/fuzz/corpus/$target/" "$work" >"$log" 2>&1; then
		result=ok
	else
		result=CRASH
		status=1
	fi
	summary=$(grep -E '^#[0-9]+' "$log" | tail -n 1 | sed -E 's/^#([0-9]+)[[:space:]]+[A-Z]+[[:space:]]+cov: ([0-9]+) ft: ([0-9]+).*/\1 executions, coverage \2 edges, \3 features/')
	printf '%-10s %-6s %s\n' "$target" "$result" "$summary"
	rm -rf "$work"
done
exit "$status"
