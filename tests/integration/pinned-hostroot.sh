# SPDX-License-Identifier: Apache-2.0
# --pinned DIR --host-root: the host's tools in the pinned namespaces, the container's tree (cloned from its pinned
# mount namespace) at $NSENTER_CONTAINER_ROOT, as --host-root gives them for a container.

pins=$BATS_TMP/pins
trap '"$NSENTER" --unpin "$pins" >/dev/null 2>&1; cleanup' EXIT
c=$(start pinned-hostroot)
cpid=$(pid_of "$c")
docker exec "$c" sh -c 'echo from-the-image > /marker'
check_status "--pin DIR pins the namespaces" 0 "$NSENTER" --pin "$pins" "$c"

if [ "${NSENTER_TEST_KERNEL:-}" = pre-5.3 ]; then
	check_status "without the new mount API --pinned --host-root says the kernel lacks it" 125 \
		"$NSENTER" --pinned "$pins" --host-root true
	check_match "  ... naming what is missing" "needs the new mount API .*Linux 5.2" "$ERR"
	check_status "--unpin removes the pins" 0 "$NSENTER" --unpin "$pins"
	return 0
fi

check_status "--pinned DIR --host-root runs a host program" 0 "$NSENTER" --pinned "$pins" --host-root \
	bash -c 'echo "$(command -v bash)|$(cat "$NSENTER_CONTAINER_ROOT/marker")|$(readlink /proc/self/ns/net)|$(readlink /proc/self/ns/mnt)"'
check "  ... with the container's tree at \$NSENTER_CONTAINER_ROOT, in its network namespace, in a mount namespace of its own" \
	"/usr/bin/bash|from-the-image|$(ns_of "$cpid" net)|yes" \
	"$(IFS='|' read -r b m n mnt <<<"$OUT"; echo "$b|$m|$n|$([ "$mnt" != "$(ns_of $$ mnt)" ] && [ "$mnt" != "$(ns_of "$cpid" mnt)" ] && echo yes)")"
check "  ... and a /proc of the container's PID namespace" "sleep" \
	"$("$NSENTER" --pinned "$pins" --host-root sh -c 'cat /proc/1/comm')"
check "  ... leaving no mount behind on the host" "" "$(grep -F "/run/docker-nsenter/" /proc/self/mountinfo)"
check_status "--unpin removes the pins" 0 "$NSENTER" --unpin "$pins"
