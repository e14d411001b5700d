# SPDX-License-Identifier: Apache-2.0
# --stopped: a container that does not run, its files assembled from the daemon's GraphDriver and Mounts in a private
# mount namespace. Read-only (nothing written anywhere); --rw edits seen at the next start, and a start meanwhile
# refused; the host's tools by default, the container's own programs only with --privileged; every path the daemon
# names opened without following a link anybody but root made; nothing left behind.

FAKE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../fake/static-dockerd.py
secret=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
esc=/tmp/nsit-escape-$$
vol=nsit-vol-$$
dataroot=/var/lib/nsit-dataroot-$$
stopped_cleanup() {
	rm -rf "$esc" "/var/tmp/nsit-shocker-target" "/var/tmp/nsit-stopped-shocked-$$" "$dataroot"
	cleanup
	docker volume rm "$vol" >/dev/null 2>&1
	docker rmi "nsit-escape-image-$$" >/dev/null 2>&1
}
trap stopped_cleanup EXIT

ours() { # mounts in the host's table that --stopped could have made: below /run/docker-nsenter, on the container's dirs
	awk -v d="${upper%/diff}" '$5 ~ "^/run/docker-nsenter" || index($5, d) == 1 {print $1, $5}' /proc/self/mountinfo
}
# snap DIR: every file's name, type, size, mode, owner and times: what "nothing was written" means.
snap() { find "$1" -printf '%P %y %s %m %u %T@ %C@\n' | sort; }
gd() { docker inspect -f "{{.GraphDriver.Data.$2}}" "$1"; }

mkdir -p "$BATS_TMP/bind" && echo from-the-bind >"$BATS_TMP/bind/file"
docker volume create "$vol" >/dev/null
c=$(start stopped -v "$vol:/data" -v "$BATS_TMP/bind:/bind:ro" --tmpfs /scratch --hostname nsit-stopped -- \
	sh -c 'echo from-the-upper > /etc/marker; echo from-the-volume > /data/file; rm /bin/vi; exec sleep 100000')
sleep 0.5
docker stop -t 0 "$c" >/dev/null
upper=$(gd "$c" UpperDir)
work=$(gd "$c" WorkDir)
volpath=$(docker volume inspect -f '{{.Mountpoint}}' "$vol")

# ---- read-only: the host's tools with its files ----
upper_before=$(snap "$upper")
work_before=$(snap "$work")
vol_before=$(snap "$volpath")
out=$("$NSENTER" --stopped "$c" sh -c 'echo "root=$NSENTER_CONTAINER_ROOT"; echo "cwd=$(pwd)"; cat etc/marker data/file bind/file
	echo "hostname=$(hostname)"; readlink /proc/$$/exe; [ -e bin/vi ] || echo vi-deleted; [ -f bin/busybox ] && echo image
	grep -q . etc/hosts && echo hosts; [ -c dev/null ] && echo dev-null
	touch etc/x 2>/dev/null || echo root-ro; touch data/x 2>/dev/null || echo volume-ro; touch scratch/x 2>/dev/null || echo tmpfs-ro')
check "the tree is at \$NSENTER_CONTAINER_ROOT, the working directory" \
	"root=/run/docker-nsenter/$c cwd=/run/docker-nsenter/$c" "$(grep -E '^(root|cwd)=' <<<"$out" | paste -sd' ')"
check "its own layer, its volume and its bind mount are there" "from-the-upper from-the-volume from-the-bind" \
	"$(grep -E '^from-the-' <<<"$out" | paste -sd' ')"
check "its image's layers, with what its layer deleted gone" "vi-deleted image" \
	"$(grep -E '^(vi-deleted|image)$' <<<"$out" | paste -sd' ')"
check "docker's hosts file and a /dev of its own" "hosts dev-null" "$(grep -E '^(hosts|dev-null)$' <<<"$out" | paste -sd' ')"
check "its hostname" "hostname=nsit-stopped" "$(grep hostname= <<<"$out")"
check "the program is the host's shell, not the container's" "$(readlink -f /bin/sh)" \
	"$(grep -E '^/' <<<"$out" | grep -v docker-nsenter)"
check "read-only: its layer, its volume and its tmpfs" "root-ro volume-ro tmpfs-ro" \
	"$(grep -E -- '-ro$' <<<"$out" | paste -sd' ')"
"$NSENTER" --stopped "$c" sleep 3 &
bg=$!
sleep 1
check "no mount of it in the host's mount table while it is open" "" "$(ours)"
wait "$bg"
check "  ... nor after" "" "$(ours)"
check "nothing written in its layer" "$upper_before" "$(snap "$upper")"
check "nothing written in its work directory" "$work_before" "$(snap "$work")"
check "nothing written in its volume" "$vol_before" "$(snap "$volpath")"
check_status "nothing left at /run/docker-nsenter/$c" 1 test -e "/run/docker-nsenter/$c"

# ---- a start while a read-only view is open: allowed, and the view goes on ----
"$NSENTER" --stopped "$c" sh -c 'sleep 2; cat etc/marker' >"$BATS_TMP/ro-view" 2>&1 &
bg=$!
sleep 0.5
check_status "docker start while a read-only view is open works" 0 docker start "$c"
wait "$bg"
check "  ... and the view still reads its files" "from-the-upper" "$(cat "$BATS_TMP/ro-view")"
check_status "--stopped on a running container is refused" 125 "$NSENTER" --stopped "$c" true
check_match "  ... saying so" "container is running: enter it without --stopped" "$ERR"
docker stop -t 0 "$c" >/dev/null

# ---- --rw: the edit is there at the next start; a start meanwhile is refused ----
check_status "--rw: edit a file, delete one, write the volume" 0 "$NSENTER" --stopped --rw "$c" \
	sh -c 'echo edited >etc/edited && rm bin/vi-missing 2>/dev/null; rm bin/less && echo v2 >data/file2'
check_status "  ... a read-only bind stays read-only" 1 "$NSENTER" --stopped --rw "$c" touch bind/new
docker start "$c" >/dev/null
check "  ... docker exec sees the edit after the start" "edited" "$(docker exec "$c" cat /etc/edited)"
check_status "  ... and the deletion" 1 docker exec "$c" test -e /bin/less
check "  ... and the volume's new file" "v2" "$(docker exec "$c" cat /data/file2)"
docker stop -t 0 "$c" >/dev/null

"$NSENTER" --stopped --rw "$c" sh -c 'echo held; sleep 4' >"$BATS_TMP/held" 2>&1 &
bg=$!
for _ in $(seq 100); do grep -q held "$BATS_TMP/held" && break; sleep 0.1; done
check_status "docker start while the --rw tree is held is refused" 1 docker start "$c"
check_match "  ... by the engine's own overlay mount" "error creating overlay mount to .*: invalid argument" "$ERR"
check "  ... and the container stays stopped" "false" "$(docker inspect -f '{{.State.Running}}' "$c")"
wait "$bg"
check_status "once docker-nsenter is gone, docker start works" 0 docker start "$c"
docker stop -t 0 "$c" >/dev/null

out=$("$NSENTER" --stopped --rw "$c" sh -c 'setsid sleep 1000 >/dev/null 2>&1 </dev/null & echo $!')
# dead: gone, or a zombie until whoever inherited it reaps it
check "a process the program left running is killed with it" "dead" \
	"$(state=$(ps -o stat= -p "$out"); [ -z "$state" ] || [ "${state#Z}" != "$state" ] && echo dead)"
check_status "  ... so the container starts right away" 0 docker start "$c"
docker stop -t 0 "$c" >/dev/null

# docker-nsenter killed with SIGKILL: its helper kills what the program left running, then ends the hold.
"$NSENTER" --stopped --rw "$c" sh -c 'setsid sleep 1001 >/dev/null 2>&1 </dev/null & echo "left $!"; sleep 100' \
	>"$BATS_TMP/kill9" 2>&1 &
bg=$!
for _ in $(seq 100); do grep -q left "$BATS_TMP/kill9" && break; sleep 0.1; done
left=$(awk '/^left/ {print $2}' "$BATS_TMP/kill9")
kill -KILL "$bg"
wait "$bg" 2>/dev/null
for _ in $(seq 100); do awk -v w="$work" '$5 == w' /proc/self/mountinfo | grep -q . || break; sleep 0.1; done
check "killed with SIGKILL: the process the program left running is killed by the helper" "dead" \
	"$(state=$(ps -o stat= -p "$left"); [ -n "$left" ] && { [ -z "$state" ] || [ "${state#Z}" != "$state" ]; } && echo dead)"
check_status "  ... and the hold ends: the container starts" 0 docker start "$c"
docker stop -t 0 "$c" >/dev/null

# ---- chosen automatically for a container that does not run ----
out=$(echo 'pwd' | "$NSENTER" "$c" 2>"$BATS_TMP/err")
check "without a program: the host's shell in its files" "/run/docker-nsenter/$c" "$out"
check_match "  ... with a note saying so" "note: the container is not running \(exited\): opening its files instead, read-only" \
	"$(cat "$BATS_TMP/err")"
check_status "with a program of the container's files: refused, not run on the host" 125 "$NSENTER" "$c" cat /etc/marker
check_match "  ... naming --stopped" "container is not running \(state: exited\); --stopped opens its files" "$ERR"
check "--host-root's host tools: the same files" "from-the-upper" \
	"$("$NSENTER" "$c" --host-root sh -c 'cat "$NSENTER_CONTAINER_ROOT/etc/marker"' 2>/dev/null)"
check_status "a namespace option is refused: there is no namespace" 125 "$NSENTER" "$c" --net ip addr

# ---- a crash-looping container: open it between restarts, fix it, start it ----
loop=$(start stopped-loop --restart always -- sh -c '[ -e /etc/fixed ] || exit 3; exec sleep 100000')
for _ in $(seq 100); do [ "$(docker inspect -f '{{.State.Restarting}}' "$loop")" = true ] && break; sleep 0.1; done
fixed=1
for _ in $(seq 60); do # a restart may be under way (its files mounted): soon its back-off leaves longer gaps
	"$NSENTER" --stopped --rw "$loop" touch etc/fixed 2>"$BATS_TMP/err" && { fixed=0; break; }
	sleep 0.5
done
check "a crash-looping container is opened read-write between its restarts" "0" "$fixed"
docker start "$loop" >/dev/null 2>&1
for _ in $(seq 200); do [ "$(docker inspect -f '{{.State.Running}} {{.State.Restarting}}' "$loop")" = "true false" ] && break; sleep 0.1; done
check "  ... and once fixed, it runs" "true false" "$(docker inspect -f '{{.State.Running}} {{.State.Restarting}}' "$loop")"

# ---- the container's own programs need --privileged ----
shocker=$(static_helper shocker)
echo "host-secret-$secret" >/var/tmp/nsit-shocker-target
sh_ctr=$(start stopped-shocker)
docker cp "$shocker" "$sh_ctr:/shocker" >/dev/null
docker exec "$sh_ctr" /bin/busybox sh -c 'rm /bin/sh && cp /shocker /bin/sh'
docker stop -t 0 "$sh_ctr" >/dev/null
out=$(echo 'echo host-shell' | "$NSENTER" --stopped "$sh_ctr" 2>/dev/null)
check "a container whose /bin/sh is a shocker: the default shell is the host's, the shocker never runs" \
	"host-shell" "$out"
check "  ... its /bin/sh by name is the host's too" "$(readlink -f /bin/sh)" \
	"$("$NSENTER" --stopped "$sh_ctr" /bin/sh -c 'readlink /proc/$$/exe' 2>/dev/null)"
check_status "  ... and run as a path in its files by a host shell, it cannot be executed (noexec)" 126 \
	"$NSENTER" --stopped "$sh_ctr" sh -c './bin/sh /etc/hosts var/tmp/nsit-shocker-target'
check_match "  ... saying so" "Permission denied" "$ERR"
# --privileged asks for root's powers: the attack then works, which is what the option says and why it is not the
# default (the "numbers": without it the shocker is never run; with it, it reads the host's file)
check_status "--privileged runs the container's /bin/sh with root's powers" 0 \
	"$NSENTER" --stopped --privileged "$sh_ctr" </dev/null
check "  ... the shocker then reads the host's file, as documented" "read: host-secret-$secret" "$OUT"

# a device node the container made (docker gives it CAP_MKNOD; its device cgroup is not there when it is stopped)
dev_ctr=$(start stopped-dev -- sh -c 'mknod /disk b 254 0 && mknod /mem c 1 1 && mknod /zero c 1 5 && exec sleep 100000')
sleep 0.5
docker stop -t 0 "$dev_ctr" >/dev/null
check_status "a block device node of the container cannot be opened by the host's tools" 1 \
	"$NSENTER" --stopped "$dev_ctr" head -c 1 disk
check_match "  ... (nodev)" "Permission denied" "$ERR"
# where a device cgroup of the host's own would also refuse the disk, a harmless device shows nodev at work
check_status "  ... nor any device node: its copy of /dev/zero" 1 "$NSENTER" --stopped "$dev_ctr" head -c 1 zero
check_match "  ... (nodev)" "Permission denied" "$ERR"
check_status "  ... nor /dev/mem's twin by its own programs with --privileged" 1 \
	"$NSENTER" --stopped --privileged "$dev_ctr" head -c 1 /mem
check_match "  ... (nodev)" "Permission denied" "$ERR"

# ---- a mount point behind a link of the container stays in its tree ----
mkdir -p "$esc/data"
echo host-decoy >"$esc/data/decoy"
ln_ctr=${PREFIX}stopped-link-src
docker run --name "$ln_ctr" "$IMAGE" sh -c "rm -rf /opt && ln -s /../../../..$esc /opt" >/dev/null
docker commit "$ln_ctr" "nsit-escape-image-$$" >/dev/null
docker create --name "${PREFIX}stopped-link" -v "$vol:/opt/data" "nsit-escape-image-$$" sleep 100000 >/dev/null
docker start "${PREFIX}stopped-link" >/dev/null && docker stop -t 0 "${PREFIX}stopped-link" >/dev/null
out=$("$NSENTER" --stopped "${PREFIX}stopped-link" sh -c "cat .$esc/data/file; ls $esc/data; mountpoint -q $esc/data || echo host-untouched")
check "its volume is mounted where its link leads inside its tree" "from-the-volume" "$(head -n1 <<<"$out")"
check "  ... never on the host's directory the link names" "decoy host-untouched" "$(tail -n2 <<<"$out" | paste -sd' ')"

# ---- what the daemon says is input: a daemon (root's) that names paths no engine would ----
mkdir -p "$dataroot/overlay2/l1/diff" "$dataroot/overlay2/up/diff" "$dataroot/overlay2/up/work" "$dataroot/evil"
chmod 0711 "$dataroot"
echo hello >"$dataroot/overlay2/l1/diff/file"
mkdir -p "$BATS_TMP/fake" && chmod 0755 "$BATS_TMP/fake"
echo "{\"DockerRootDir\": \"$dataroot\"}" >"$BATS_TMP/fake/info.json"
fake_container() { # fake_container LOWER UPPER [MOUNTS]
	cat >"$BATS_TMP/fake/container-nsit-fake.json" <<EOF
{"Id": "$(printf 'f%.0s' $(seq 64))", "Name": "/nsit-fake", "State": {"Status": "exited", "Running": false, "Paused": false,
 "Restarting": false, "Pid": 0}, "Config": {"Hostname": "fake", "Env": []},
 "GraphDriver": {"Name": "overlay2", "Data": {"LowerDir": "$1", "UpperDir": "$2", "WorkDir": "$dataroot/overlay2/up/work"}},
 "Mounts": [${3:-}]}
EOF
}
mkdir -p "$dataroot/overlay2/open/diff" "$dataroot/overlay2/up/diff/mnt" && chmod 0777 "$dataroot/overlay2/open"
ln -s /etc "$dataroot/overlay2/link"
dataroot_before=$(snap "$dataroot")
python3 "$FAKE" "$BATS_TMP/fake.sock" "$BATS_TMP/fake" >"$BATS_TMP/fake.out" 2>&1 &
fake=$!
for _ in $(seq 100); do grep -q ready "$BATS_TMP/fake.out" 2>/dev/null && break; sleep 0.1; done
fakerun() { DOCKER_HOST=unix://$BATS_TMP/fake.sock "$NSENTER" --stopped nsit-fake "$@"; }
fake_container "$dataroot/overlay2/l1/diff" "$dataroot/overlay2/up/diff"
check "a daemon's well-formed paths work (the fake is sound)" "hello" "$(fakerun cat file 2>&1)"
fake_container "/etc" "$dataroot/overlay2/up/diff"
check_status "a layer outside the daemon's data root is refused" 125 fakerun cat passwd
check_match "  ... saying so" "/etc is not below the daemon's data root" "$ERR"
fake_container "$dataroot/overlay2/../../../etc" "$dataroot/overlay2/up/diff"
check_status "a layer path with .. is refused" 125 fakerun cat passwd
fake_container "$dataroot/overlay2/link" "$dataroot/overlay2/up/diff"
check_status "a layer reached through a link is refused" 125 fakerun cat passwd
check_match "  ... saying so" "link is a symbolic link" "$ERR"
fake_container "$dataroot/overlay2/open/diff" "$dataroot/overlay2/up/diff"
check_status "a layer in a directory anybody may write is refused" 125 fakerun true
check_match "  ... saying who could have changed it" "open belongs to uid 0, mode 0777" "$ERR"
mkdir -p "$BATS_TMP/users/real" && echo users-file >"$BATS_TMP/users/real/f" && chown -R nobody "$BATS_TMP/users"
ln -s "$BATS_TMP/users/real" "$BATS_TMP/users/link" && chown -h nobody "$BATS_TMP/users/link"
fake_container "$dataroot/overlay2/l1/diff" "$dataroot/overlay2/up/diff" \
	"{\"Type\": \"bind\", \"Source\": \"$BATS_TMP/users/link\", \"Destination\": \"/mnt\", \"RW\": true}"
check "a bind source through a user's link is not mounted" "empty" "$(fakerun sh -c 'ls mnt | grep -q . || echo empty' 2>"$BATS_TMP/err")"
check_match "  ... with a note saying so" "/mnt: not shown: .*link is a symbolic link that somebody other than root could have made" \
	"$(cat "$BATS_TMP/err")"
fake_container "$dataroot/overlay2/l1/diff" "$dataroot/overlay2/up/diff" \
	"{\"Type\": \"volume\", \"Source\": \"/etc\", \"Destination\": \"/mnt\", \"Driver\": \"local\", \"RW\": true}"
check "a local volume outside the data root is not mounted" "empty" "$(fakerun sh -c 'ls mnt | grep -q . || echo empty' 2>"$BATS_TMP/err")"
check_match "  ... with a note" "/mnt: not shown: /etc is not below the daemon's data root" "$(cat "$BATS_TMP/err")"
kill "$fake" 2>/dev/null
wait "$fake" 2>/dev/null
check "nothing was written in the fake data root" "$dataroot_before" "$(snap "$dataroot")"

# ---- usage ----
check_status "--rw without --stopped is refused" 125 "$NSENTER" --rw "$c" true
check_match "  ... saying so" "--rw goes with --stopped" "$ERR"
check_status "--stopped with a namespace option is refused" 125 "$NSENTER" --stopped -n "$c" true
check_status "--rw --no-fork is refused" 125 "$NSENTER" --stopped --rw -F "$c" true
check_status "an unknown container" 125 "$NSENTER" --stopped "${PREFIX}nothing" true
check_match "  ... saying so" "no such container" "$ERR"
check_status "--stopped with another runtime's reference is refused" 125 "$NSENTER" --stopped \
	"containerd://moby/$(docker inspect -f '{{.Id}}' "$c")" true
check_match "  ... saying so" "--stopped opens Docker's and Podman's containers only" "$ERR"
