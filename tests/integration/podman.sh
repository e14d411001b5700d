# SPDX-License-Identifier: Apache-2.0
# Rootful podman through its Docker-compatible API (DOCKER_HOST=unix:///run/podman/podman.sock): the same resolution,
# the same PID proof (podman's cgroups name the container as libpod-<ID>), the same joins. The service is started
# here when it does not answer, and stopped again if it was. Containers run with --network none and with rlimits
# this machine's sandbox accepts.

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pod_sock=/run/podman/podman.sock
pod_started=

if ! command -v podman >/dev/null; then
	echo "FAIL: podman is not installed (scripts/deps.sh installs it)" >&2
	exit 1
fi
pod_answers() { timeout 5 docker -H "unix://$pod_sock" version >/dev/null 2>&1; }
pod_stop() {
	podman ps -aq --filter "name=^$PREFIX" 2>/dev/null | xargs -r podman rm -f -t 0 >/dev/null 2>&1
	podman volume rm -f "nsit-pvol-$$" >/dev/null 2>&1
	if [ -n "$pod_started" ]; then
		kill "$pod_started" 2>/dev/null
		wait "$pod_started" 2>/dev/null
	fi
	cleanup
}
trap pod_stop EXIT
if ! pod_answers; then
	mkdir -p /run/podman
	podman system service --time=0 "unix://$pod_sock" >"$BATS_TMP/podman-service.log" 2>&1 &
	pod_started=$!
	for _ in $(seq 100); do pod_answers && break; sleep 0.1; done
fi
if ! pod_answers; then
	echo "FAIL: podman's API service does not answer on $pod_sock" >&2
	cat "$BATS_TMP/podman-service.log" >&2
	exit 1
fi
ENGINE=podman "$repo/scripts/images.sh" || { echo "FAIL: cannot import the test images into podman" >&2; exit 1; }

pe() { DOCKER_HOST=unix://$pod_sock "$NSENTER" "$@"; }
prun() {
	local name=$PREFIX$1
	shift
	podman run -d --name "$name" --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 "$@" \
		"$IMAGE" sleep 100000 >/dev/null || { echo "FAIL: podman cannot run $name" >&2; exit 1; }
	echo "$name"
}
p=$(prun pod)
app=$(prun app --user 1234 -e NSIT_VAR=podman -w /home/app)
pid=$(podman inspect -f '{{.State.Pid}}' "$p")
id=$(podman inspect -f '{{.Id}}' "$p")
check_match "podman's cgroup names the container as libpod-<ID>" "libpod-$id" "$(cat "/proc/$pid/cgroup")"

check "a podman container by name: -a joins every namespace" \
	"$(for n in mnt net uts ipc pid; do ns_of "$pid" "$n"; done)" \
	"$(pe "$p" -a sh -c 'for n in mnt net uts ipc pid; do readlink /proc/self/ns/$n; done')"
check "by full ID" "$(ns_of "$pid" net)" "$(pe "$id" -n readlink /proc/self/ns/net)"
check "by ID prefix" "$(ns_of "$pid" net)" "$(pe "${id:0:12}" -n readlink /proc/self/ns/net)"
for o in n:net u:uts i:ipc p:pid; do
	check "-${o%%:*} joins the ${o#*:} namespace" "$(ns_of "$pid" "${o#*:}")" \
		"$(pe "$p" "-${o%%:*}" readlink "/proc/self/ns/${o#*:}")"
	check "-${o%%:*} leaves the mount namespace ours" "$(ns_of $$ mnt)" \
		"$(pe "$p" "-${o%%:*}" readlink /proc/self/ns/mnt)"
done
check "-n sees only lo (--network none)" "lo" "$(pe "$p" -n ip -o link show | awk -F': ' '{print $2}')"
check "-u sees podman's hostname" "$(podman inspect -f '{{.Config.Hostname}}' "$p")" "$(pe "$p" -u hostname)"
check "-a -S follow -G follow" "1234 1234" "$(pe "$app" -a -S follow -G follow sh -c 'echo $(id -u) $(id -g)')"
check "-a -e: the container's environment" "podman" "$(pe "$app" -a -e sh -c 'echo $NSIT_VAR')"
check "-a -w: the container's working directory" "/home/app" "$(pe "$app" -a -w pwd)"
check "-a -x: podman's Config.User" "1234" "$(pe "$app" -a -x id -u)"
check "-a -c: the container's cgroups" "$(cat "/proc/$(podman inspect -f '{{.State.Pid}}' "$app")/cgroup")" \
	"$(pe "$app" -a -c cat /proc/self/cgroup)"
check_status "the command's exit status passes through" 7 pe "$p" -a sh -c 'exit 7'
# Completion through podman: its names carry no '/', so the name filter must still match them; podman's event log is
# not Docker's, so nothing is cached for its socket.
pod_xdg=$BATS_TMP/podman-xdg
mkdir -m 0700 "$pod_xdg"
pc() { XDG_RUNTIME_DIR=$pod_xdg DOCKER_HOST=unix://$pod_sock "$NSENTER" __completeNoDesc "$@" | grep -v '^:'; }
check "completion lists podman's containers" "$app
$p" "$(pc "" | grep "^$PREFIX" | sort)"
check "a typed prefix, asked as a name filter, matches podman's names" "$p" "$(pc "${p%?}")"
check "  ... and only the matching ones" "" "$(pc "${PREFIX}nothing")"
check "nothing is cached for podman's socket" "" "$(ls -A "$pod_xdg/docker-nsenter" 2>/dev/null)"

check "--list names the namespaces" "private" "$(pe --list "$p" | awk '$2 == "net" {print $3}')"
podman pause "$p" >/dev/null
check_status "a paused podman container is refused" 125 pe "$p" -a true
check_match "  ... saying so" "paused" "$ERR"
podman unpause "$p" >/dev/null
check_status "an unknown container is refused" 125 pe "${PREFIX}nothing" true
check_match "  ... saying so" "no such container" "$ERR"

# --stopped through podman's API: its overlay layers (GraphDriver "overlay") and its volume; --rw edits seen at the
# next start, and a start meanwhile refused by podman's own overlay mount; --which names podman as the engine.
podman volume create "nsit-pvol-$$" >/dev/null
ps_c=$(prun pstopped -v "nsit-pvol-$$:/data")
# the marker last: what --stopped writes would be newer than it, what this wrote before it is not
podman exec "$ps_c" sh -c 'echo from-its-volume > /data/file; rm /bin/vi; echo from-podman > /etc/marker'
podman stop -t 0 "$ps_c" >/dev/null
check "podman: --stopped shows its layer, its image and its volume" "from-podman from-its-volume no-vi busybox" \
	"$(pe --stopped "$ps_c" sh -c 'cat etc/marker data/file; [ -e bin/vi ] || echo no-vi; ls bin/busybox | sed s,.*/,,' | paste -sd' ')"
check_status "podman: read-only" 1 pe --stopped "$ps_c" touch etc/x
upper=$(podman inspect -f '{{.GraphDriver.Data.UpperDir}}' "$ps_c")
check "podman: nothing was written in its layer" "" "$(find "$upper" -newer "$upper/etc/marker" ! -path "$upper/etc")"
check_status "podman: --rw edits its layer" 0 pe --stopped --rw "$ps_c" sh -c 'echo edited > etc/edited'
podman start "$ps_c" >/dev/null
check "podman: the edit is there after podman start" "edited" "$(podman exec "$ps_c" cat /etc/edited)"
podman stop -t 0 "$ps_c" >/dev/null
pe --stopped --rw "$ps_c" sh -c 'echo held; sleep 4' >"$BATS_TMP/pheld" 2>&1 &
bg=$!
for _ in $(seq 100); do grep -q held "$BATS_TMP/pheld" && break; sleep 0.1; done
check_status "podman start while the --rw tree is held is refused" 125 podman start "$ps_c"
check_match "  ... by podman's own overlay mount" "creating overlay mount .*invalid argument" "$ERR"
wait "$bg"
check_status "  ... and works once docker-nsenter is gone" 0 podman start "$ps_c"
out=$(pe --which "$(podman inspect -f '{{.State.Pid}}' "$p")")
check "podman: --which names the container and podman" "CONTAINER  $p|ENGINE     podman" \
	"$(grep -E '^(CONTAINER|ENGINE)' <<<"$out" | paste -sd'|')"
