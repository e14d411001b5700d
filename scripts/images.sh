#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Build the local test images with `docker import` (no registry is reachable):
#   docker-nsenter/busybox    busybox-static and its applets, with users and groups for the identity tests
#   docker-nsenter/noshell    one static binary (busybox as /sleep) and nothing else: no shell, no tools
# into the daemon docker talks to (DOCKER_HOST), or with ENGINE=podman into podman's store.
set -euo pipefail

ENGINE=${ENGINE:-docker}
import=("$ENGINE" import)
[ "$ENGINE" = podman ] && import+=(--quiet)

BUSYBOX=${BUSYBOX:-/bin/busybox}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

have() { "$ENGINE" image inspect "$1" >/dev/null 2>&1; }

if ! have docker-nsenter/busybox:latest; then
	root=$tmp/busybox
	mkdir -p "$root"/{bin,etc,tmp,proc,sys,dev,root,home/app}
	cp "$BUSYBOX" "$root/bin/busybox"
	for applet in $("$root/bin/busybox" --list); do
		[ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
	done
	cat >"$root/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/sh
app:x:1234:1234:app user:/home/app:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PW
	cat >"$root/etc/group" <<'GR'
root:x:0:
app:x:1234:
audio:x:2345:app
video:x:2346:other,app
nogroup:x:65534:
GR
	chmod 1777 "$root/tmp"
	tar -C "$root" --numeric-owner -c . | "${import[@]}" -c 'CMD ["/bin/sh"]' - docker-nsenter/busybox:latest >/dev/null
fi

if ! have docker-nsenter/noshell:latest; then
	root=$tmp/noshell
	mkdir -p "$root"/{proc,sys,dev,etc}
	cp "$BUSYBOX" "$root/sleep"
	tar -C "$root" --numeric-owner -c . |
		"${import[@]}" -c 'ENTRYPOINT ["/sleep"]' -c 'CMD ["infinity"]' - docker-nsenter/noshell:latest >/dev/null
fi
