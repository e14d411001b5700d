# SPDX-License-Identifier: Apache-2.0
# docker-nsmount: attach host directories and block devices inside a running container, list, detach; every error
# leaves both mount tables and the container's files as they were.

NSMOUNT=${DOCKER_NSMOUNT:?DOCKER_NSMOUNT must name the docker-nsmount binary}
web=$(start nsmount)
pid=$(pid_of "$web")
src=$(mktemp -d -p /var/tmp)
echo from-the-host >"$src/host-file"

# On a kernel without the new mount API (NSENTER_TEST_KERNEL=pre-5.3) attaching is refused (the classic device
# technique exposed the host's whole filesystem to the container for a moment, and is gone); listing and detaching
# still work.
old_kernel=no
[ "${NSENTER_TEST_KERNEL:-}" = pre-5.3 ] && old_kernel=yes
table() {
	# the engines' per-container mounts and other tests' scratch mounts under /tmp come and go; the rest must stay
	awk '{print $1, $5}' "$1" | grep -Ev ' (/var/lib/docker/overlay2/|/run/docker/netns/|/var/lib/docker/containers/|/var/lib/containers/storage/|/run/containers/|/run/netns/|/tmp/)' | sort
}
host_before=$(table /proc/self/mountinfo)
ctr_before=$(table "/proc/$pid/mountinfo")

# A process of the container racing the attach never reaches anything of the host but SOURCE (issue 12): the classic
# technique mounted the host's root filesystem on /dev/.docker-nsmount-PID.mnt inside the container for a moment.
racer=$(static_helper racer)
docker cp "$racer" "$web:/racer" >/dev/null
docker exec -d "$web" sh -c '/racer var/tmp nsit-raced-'$$' >/tmp/racer.log 2>&1'
sleep 0.5
for i in 1 2 3 4 5 6 7 8 9 10; do
	"$NSMOUNT" "$web" "$src" "/race$i" --mkdir >/dev/null 2>&1
	"$NSMOUNT" -u "$web" "/race$i" >/dev/null 2>&1
	docker exec "$web" rmdir "/race$i" 2>/dev/null
done
check "a racing process of the container never reached the host's files" "no" \
	"$([ -e /var/tmp/nsit-raced-$$ ] && echo yes || echo no)"
check "  ... nor saw a scratch mount" "watching" "$(docker exec "$web" cat /tmp/racer.log)"
rm -f /var/tmp/nsit-raced-$$

if [ "$old_kernel" = yes ]; then
	check_status "attaching a directory is refused without the new mount API" 32 "$NSMOUNT" "$web" "$src" /data/in --mkdir
	check_match "  ... saying what is missing" "needs the new mount API \\(open_tree, move_mount: Linux 5.2" "$ERR"
	check_status "  ... leaving no directory behind" 1 docker exec "$web" test -e /data
	check "  ... nor a mount" "$ctr_before" "$(table "/proc/$pid/mountinfo")"
	# a mount made inside the container by other means is listed and detached
	docker exec "$web" mkdir /other
	nsenter -t "$pid" -m mount -t tmpfs -o size=1m nsit-tmpfs /other
	check_match "the list shows a mount made by other means" "^/other +nsit-tmpfs +tmpfs" \
		"$("$NSMOUNT" "$web" | grep '^/other ')"
	check_status "detaching works without the new mount API" 0 "$NSMOUNT" -u "$web" /other
	check "  ... and the container's mount table is back" "$ctr_before" "$(table "/proc/$pid/mountinfo")"
else
	# A host directory: visible from docker exec, writes cross both ways.
	check_status "attaching a host directory with --mkdir" 0 "$NSMOUNT" "$web" "$src" /data/in --mkdir
	check "docker exec sees the host's file" "from-the-host" "$(docker exec "$web" cat /data/in/host-file)"
	docker exec "$web" sh -c 'echo from-the-container > /data/in/ctr-file'
	check "a write in the container reaches the host" "from-the-container" "$(cat "$src/ctr-file")"
	echo later >"$src/later"
	check "a later write on the host reaches the container" "later" "$(docker exec "$web" cat /data/in/later)"
	check "the host's mount table did not change" "$host_before" "$(table /proc/self/mountinfo)"

	list=$("$NSMOUNT" "$web")
	check_match "the list has findmnt-like columns" "^TARGET +SOURCE +FSTYPE +OPTIONS" "$list"
	check_match "the list shows the bind with its host path" "/data/in +$src " "$list"
	json=$("$NSMOUNT" --json "$web")
	check "--json gives the same mount" "$src" "$(python3 -c 'import json,sys
m = [x for x in json.load(sys.stdin)["mounts"] if x["target"] == "/data/in"]
print(m[0]["source"] if len(m) == 1 else "missing")' <<<"$json")"

	check_status "detaching" 0 "$NSMOUNT" -u "$web" /data/in
	check_status "the mount is gone from the container" 1 docker exec "$web" test -e /data/in/host-file
	check "the host's data is kept" "from-the-host from-the-container" "$(cat "$src/host-file" "$src/ctr-file" | tr '\n' ' ' | sed 's/ $//')"
	check "the container's mount table is back as it was" "$ctr_before" "$(table "/proc/$pid/mountinfo")"

	# Read-only, by -r and by -o ro; options anywhere on the line.
	check_status "-r attaches read-only" 0 "$NSMOUNT" -r "$web" "$src" /data/in
	check_status "a write is refused" 1 docker exec "$web" touch /data/in/nope
	"$NSMOUNT" -u "$web" /data/in
	check_status "-o ro,nosuid,nodev,noexec after the arguments" 0 "$NSMOUNT" "$web" "$src" /data/in -o ro,nosuid,nodev,noexec
	check_match "the options show in the list" "/data/in .*ro,nosuid,nodev,noexec" "$("$NSMOUNT" "$web" | grep /data/in)"
	"$NSMOUNT" -u --lazy "$web" /data/in
	check "--lazy detaches" "$ctr_before" "$(table "/proc/$pid/mountinfo")"

	# A block device: an ext4 image on a loop device, found by its label.
	img=$BATS_TMP/disk.img
	truncate -s 32M "$img"
	mkfs.ext4 -q -F -L "nsit$$" "$img"
	loop=$(losetup -f --show "$img")
	mkdir -p "$BATS_TMP/m" && mount "$loop" "$BATS_TMP/m" && echo on-the-disk >"$BATS_TMP/m/f" && umount "$BATS_TMP/m"
	check_status "attaching LABEL=nsit$$" 0 "$NSMOUNT" "$web" "LABEL=nsit$$" /disk --mkdir
	check "the disk's file is in the container" "on-the-disk" "$(docker exec "$web" cat /disk/f)"
	check_match "libblkid found ext4" "/disk +$loop +ext4" "$("$NSMOUNT" "$web" | grep /disk)"
	check_status "detaching the disk" 0 "$NSMOUNT" -u "$web" /disk
	check_status "-t overrides the probe (a wrong type fails)" 32 "$NSMOUNT" -t xfs "$web" "$loop" /disk
	losetup -d "$loop"

	# The target is resolved inside the container's root: no link leaves it.
	docker exec "$web" sh -c 'ln -s / /up && ln -s ../../../../.. /dots'
	check_status "a target through an absolute link" 0 "$NSMOUNT" "$web" "$src" /up/linked --mkdir
	check "lands inside the container" "from-the-host" "$(docker exec "$web" cat /linked/host-file)"
	check_status "and not on the host" 1 test -e /linked
	"$NSMOUNT" -u "$web" /linked
	check_status "a target through .. links" 0 "$NSMOUNT" "$web" "$src" /dots/tmp/dotted --mkdir
	check "lands inside the container too" "from-the-host" "$(docker exec "$web" cat /tmp/dotted/host-file)"
	"$NSMOUNT" -u "$web" /tmp/dotted
	check "after all that the host's mount table is unchanged" "$host_before" "$(table /proc/self/mountinfo)"

fi

# Errors: a message, a failure status, nothing left behind.
ctr_before=$(table "/proc/$pid/mountinfo")
errors=(
	"missing source|32|/nonexistent-source: No such file or directory|$web /nonexistent-source /e1 --mkdir"
	"missing target|32|$([ "$old_kernel" = yes ] && echo 'needs the new mount API' ||
		echo '/e2/deep: No such file or directory in the container')|$web $src /e2/deep"
	"unsupported source|32|unsupported source|$web /dev/null /e3 --mkdir"
	"unknown container|32|no such container|nsit-no-such-container $src /e4"
	"unknown label|32|LABEL=nsit-none-$$: no such device|$web LABEL=nsit-none-$$ /e5 --mkdir"
	"bad options|32|propagation options are not supported|$web $src /e6 --mkdir -o bind"
	"not mounted|32|not mounted in the container|-u $web /tmp"
	"usage|1|expected <container>|$web $src"
)
for e in "${errors[@]}"; do
	IFS='|' read -r what status msg args <<<"$e"
	# shellcheck disable=SC2086
	check_status "$what fails with $status" "$status" "$NSMOUNT" $args
	check_match "$what says so" "$msg" "$ERR"
done
stopped=${PREFIX}nsmount-stopped
docker create --name "$stopped" "$IMAGE" true >/dev/null
check_status "a stopped container fails" 32 "$NSMOUNT" "$stopped" "$src" /x
check_match "a stopped container says so" "not running" "$ERR"
check "no error left a mount behind" "$ctr_before" "$(table "/proc/$pid/mountinfo")"
for d in /e1 /e2 /e3 /e5 /e6; do
	check_status "no error left $d behind" 1 docker exec "$web" test -e "$d"
done
check "the host's mount table is unchanged at the end" "$host_before" "$(table /proc/self/mountinfo)"

# Its documentation and completion: every option of --help is in the man page and is completed, and the reverse.
help_opts=$("$NSMOUNT" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u)
man_page=$BUILD_ROOT/man/docker-nsmount.1
man_opts=$(MANWIDTH=200 man -l "$man_page" 2>/dev/null | sed -n '/^OPTIONS/,/^EXIT STATUS/p' | grep -oE -- '--[a-z][a-z-]+' | sort -u)
check "the man page documents exactly the options of --help" "$help_opts" "$man_opts"
comp_opts=$("$NSMOUNT" __completeNoDesc -- | grep -E '^--' | sort -u)
check "completion offers exactly the options of --help" "$help_opts" "$comp_opts"
check "completion offers the running container" "$web" \
	"$("$NSMOUNT" __completeNoDesc "${web:0:${#web}-1}" | grep -x "$web")"
docker exec "$web" mkdir -p /srv/inner
check "TARGET completes from the container's own directories" "/srv/inner/" \
	"$("$NSMOUNT" __completeNoDesc "$web" "$src" /srv/in | grep -x /srv/inner/)"
check "-u completes the container's mount points" "/proc" "$("$NSMOUNT" __completeNoDesc -u "$web" /pro | grep -x /proc)"

# As a Docker CLI plugin, through each client on the machine.
plugdir=$BATS_TMP/plugins
mkdir -p "$plugdir" && ln -sf "$NSMOUNT" "$plugdir/docker-nsmount"
printf '{"cliPluginsExtraDirs": ["%s"]}\n' "$plugdir" >"$BATS_TMP/config.json"
for client in /usr/bin/docker /usr/local/bin/docker; do
	[ -x "$client" ] || continue
	check_match "$client --help lists nsmount" "nsmount" "$(DOCKER_CONFIG=$BATS_TMP "$client" --help 2>/dev/null)"
	[ "$old_kernel" = yes ] && continue
	check_status "$client nsmount attaches" 0 env DOCKER_CONFIG="$BATS_TMP" "$client" nsmount "$web" "$src" /via-docker --mkdir
	check "$client nsmount: docker exec sees it" "from-the-host" "$(docker exec "$web" cat /via-docker/host-file)"
	check_status "$client nsmount -u detaches" 0 env DOCKER_CONFIG="$BATS_TMP" "$client" nsmount -u "$web" /via-docker
done
rm -rf "$src"
