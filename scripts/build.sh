#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# build.sh DIR [meson options...]: configure the build directory DIR with these options and build it. A configured
# build is reconfigured. One that a failed `meson setup` left half made (meson then refuses both --reconfigure and
# --wipe: "Directory does not contain a valid build tree") is removed and set up afresh. Anything else of that name
# is refused and left alone.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

dir=${1:?usage: scripts/build.sh DIR [meson options...]}
shift

setup=(meson setup "$@" "$dir")
if [ -f "$dir/meson-private/coredata.dat" ]; then
	setup=(meson setup --reconfigure "$@" "$dir")
elif [ -e "$dir" ]; then
	if [ -d "$dir/meson-private" ] || [ -d "$dir/meson-logs" ] || [ -z "$(ls -A "$dir")" ]; then
		echo "build.sh: $dir is left from a meson setup that did not finish; setting it up afresh"
		rm -rf "$dir"
	else
		echo "build.sh: $dir exists and is no meson build directory; move it away or choose another name" >&2
		exit 1
	fi
fi
# meson's report is long; it is shown when the setup fails.
if ! out=$("${setup[@]}" 2>&1); then
	printf '%s\n' "$out" >&2
	echo "build.sh: ${setup[*]} failed" >&2
	exit 1
fi
ninja -C "$dir"
