# SPDX-License-Identifier: Apache-2.0
# A container with no shell and no tools: host tools still work in its namespaces; no command says what to do.

name=${PREFIX}noshell
docker run -d --name "$name" "$NOSHELL" >/dev/null
pid=$(pid_of "$name")

check_status "no command and no shell fails with 127" 127 "$NSENTER" "$name"
check_match "the message says there is no shell and how to use host tools" \
	"container has no shell \(/bin/sh\); run a host tool in its namespaces instead" "$ERR"
check "host ip sees the container's network" "$(ns_of "$pid" net)" "$("$NSENTER" "$name" -n readlink /proc/self/ns/net)"
check_match "host ip lists its eth0" "eth0" "$("$NSENTER" "$name" -n ip -o link show)"
check "host hostname in its UTS namespace" "$(docker inspect -f '{{.Config.Hostname}}' "$name")" \
	"$("$NSENTER" "$name" -u hostname)"
check_status "a host tool in its mount namespace is not found" 127 "$NSENTER" "$name" -m ls
