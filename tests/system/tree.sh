# SPDX-License-Identifier: Apache-2.0
# copy_tree SOURCE DEST: the source tree as a checkout of it holds it (tracked and new files, no build directories).

copy_tree() {
	mkdir -p "$2"
	if git -C "$1" rev-parse --git-dir >/dev/null 2>&1; then
		git -C "$1" ls-files -z -co --exclude-standard | (cd "$1" && tar --null -T - -c) | tar -C "$2" -x
	else
		tar -C "$1" --exclude=./.git --exclude='./build*' --exclude='./obj-*' -c . | tar -C "$2" -x
	fi
}
