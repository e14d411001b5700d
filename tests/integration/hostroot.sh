# SPDX-License-Identifier: Apache-2.0
# --host-root: every namespace of the container but the mount namespace; the host's tools, the container's whole
# tree at $NSENTER_CONTAINER_ROOT, a /proc of the container's PID namespace; no mount table changes anywhere.

vol=$(mktemp -d)
echo from-the-volume >"$vol/file"
web=$(start hostroot -v "$vol:/data")
pid=$(pid_of "$web")
docker exec "$web" sh -c 'echo from-the-image > /marker'
noshell=${PREFIX}hostroot-noshell
docker run -d --name "$noshell" "$NOSHELL" >/dev/null

if [ "${NSENTER_TEST_KERNEL:-}" = pre-5.3 ]; then
	check_status "without the new mount API --host-root says the kernel lacks it" 125 "$NSENTER" "$web" --host-root true
	check_match "the message names what is missing" "needs the new mount API .*Linux 5.2" "$ERR"
	rm -rf "$vol"
	return 0
fi

mounts() {
	# the engines' per-container mounts and other tests' scratch mounts under /tmp come and go; the rest must stay
	awk '{print $1, $5}' "$1" | grep -Ev ' (/var/lib/docker/overlay2/|/run/docker/netns/|/var/lib/docker/containers/|/var/lib/containers/storage/|/run/containers/|/run/netns/|/tmp/)' | sort
}
host_before=$(mounts /proc/self/mountinfo)
ctr_before=$(mounts "/proc/$pid/mountinfo")

inside() {
	"$NSENTER" "$web" --host-root bash -c "$1"
}
check "the host's tools are there" "/usr/bin/bash" "$(inside 'command -v bash')"
check "the container's tree is at \$NSENTER_CONTAINER_ROOT" "from-the-image" \
	"$(inside 'cat "$NSENTER_CONTAINER_ROOT/marker"')"
check "its volumes are there too" "from-the-volume" "$(inside 'cat "$NSENTER_CONTAINER_ROOT/data/file"')"
check "its own /proc is in the tree" "sleep100000" "$(inside 'tr -d "\0" < "$NSENTER_CONTAINER_ROOT/proc/1/cmdline"')"
check "the hostname is the container's" "$(docker inspect -f '{{.Config.Hostname}}' "$web")" "$(inside hostname)"
for ns in net uts ipc pid; do
	check "the $ns namespace is the container's" "$(ns_of "$pid" "$ns")" "$(inside "readlink /proc/self/ns/$ns")"
done
check "the mount namespace is not the container's" "different" \
	"$(inside "[ \"\$(readlink /proc/self/ns/mnt)\" != '$(ns_of "$pid" mnt)' ] && echo different")"
check "the host's ps sees the container's processes by their PIDs" "1 sleep" \
	"$(inside 'ps -o pid=,comm= -p 1' | awk '{print $1, $2}')"
check "/proc shows only the container's PID namespace" "yes" \
	"$(inside '[ $(ls -d /proc/[0-9]* | wc -l) -lt 10 ] && echo yes')"

# The mount tables while a --host-root command runs, and after.
"$NSENTER" "$web" --host-root sleep 3 &
bg=$!
sleep 1
check "the host's mount table is unchanged during the command" "$host_before" "$(mounts /proc/self/mountinfo)"
check "the container's mount table is unchanged during the command" "$ctr_before" "$(mounts "/proc/$pid/mountinfo")"
wait "$bg"
check "the host's mount table is unchanged after" "$host_before" "$(mounts /proc/self/mountinfo)"
check "the container's mount table is unchanged after" "$ctr_before" "$(mounts "/proc/$pid/mountinfo")"
check_status "nothing of it is left under /run/docker-nsenter" 1 test -e "/run/docker-nsenter/$web"

# A container with no shell and no tools at all.
check "a shell-less container: host tools and its tree" "sleep" \
	"$("$NSENTER" "$noshell" --host-root sh -c 'ls "$NSENTER_CONTAINER_ROOT" | grep -x sleep')"
check "a shell-less container: its processes" "1 sleep" \
	"$("$NSENTER" "$noshell" --host-root ps -o pid=,comm= -p 1 | awk '{print $1, $2}')"

check_status "--host-root with --mount is refused" 125 "$NSENTER" "$web" --host-root -m true
check_match "it says why" "excludes --mount" "$ERR"
check_status "--host-root with --root is refused" 125 "$NSENTER" "$web" --host-root -r true
rm -rf "$vol"
