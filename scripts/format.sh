#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The tree's C sources in the one style of .clang-format (STYLE.md's: kernel style, 100 columns).
#
#   scripts/format.sh          rewrite the files that differ
#   scripts/format.sh --check  list them and fail, changing nothing (the test command runs this)
#
# lib/proto/ holds containerd's files, kept verbatim: never formatted.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

mapfile -t files < <(git ls-files -co --exclude-standard -- '*.c' '*.h' ':!lib/proto/')
if [ "${1:-}" = --check ]; then
	bad=()
	for f in "${files[@]}"; do
		clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
	done
	if [ "${#bad[@]}" -gt 0 ]; then
		printf 'not formatted as .clang-format says (scripts/format.sh rewrites them): %s\n' "${bad[@]}" >&2
		exit 1
	fi
	echo "format: ${#files[@]} files as .clang-format says"
else
	clang-format -i "${files[@]}"
fi
