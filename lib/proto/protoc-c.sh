#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# protoc-c writes its output in a tree that mirrors the import paths, and meson wants flat outputs in one directory:
# generate into a temporary directory, then name each file by its path with '/' turned into '-', and rewrite the
# generated #include "a/b.pb-c.h" lines alike. Usage: protoc-c.sh PROTOC-C OUTDIR protoc-arguments...
set -eu
protoc=$1
out=$(cd "$2" && pwd)
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$protoc" --c_out="$tmp" "$@"
cd "$tmp"
find . -name '*.pb-c.[ch]' | while read -r f; do
	flat=$(printf '%s' "${f#./}" | tr / -)
	sed -E '/^#include "/ s|/|-|g' "$f" >"$out/$flat.tmp"
	mv "$out/$flat.tmp" "$out/$flat"
done
