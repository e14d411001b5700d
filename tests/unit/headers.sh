#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Every header compiles on its own: a translation unit holding nothing but '#include "x.h"' builds without a warning,
# so each header includes what it uses (or declares the structs it only points to) and no file depends on the order
# of its includes. Usage: headers.sh SOURCE-ROOT BUILD-ROOT COMPILER...
set -uo pipefail
src=$1 build=$2
shift 2
cc=("$@")
dirs=(lib plugin docker-cli-plugin)
incs=(-I"$build")
for d in "${dirs[@]}"; do
	incs+=(-I"$src/$d")
done
# shellcheck disable=SC2207
incs+=($(pkg-config --cflags json-c mount blkid libseccomp))

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for d in "${dirs[@]}"; do
	for h in "$src/$d"/*.h; do
		name=$(basename "$h")
		printf '#include "%s"\n' "$name" >"$tmp/unit.c"
		if out=$("${cc[@]}" -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -fsyntax-only "${incs[@]}" \
			-I"$src/$d" "$tmp/unit.c" 2>&1); then
			pass=$((pass + 1))
			echo "ok - $d/$name compiles on its own"
		else
			fail=$((fail + 1))
			echo "not ok - $d/$name compiles on its own"
			sed 's/^/#   /' <<<"$out"
		fi
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
