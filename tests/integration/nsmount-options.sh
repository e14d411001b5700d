# SPDX-License-Identifier: Apache-2.0
# docker-nsmount -o: every option the user asks for is in the mount, or the mount is refused; none is dropped. The
# atime choices and nosymfollow are per mount (mount_setattr, fsmount); sync, dirsync and lazytime change the
# filesystem itself, so a new filesystem (a device) takes them and a bind of an existing one is refused.

NSMOUNT=${DOCKER_NSMOUNT:?DOCKER_NSMOUNT must name the docker-nsmount binary}
web=$(start nsmount-options)
pid=$(pid_of "$web")
src=$(mktemp -d -p /var/tmp)
loop=
options_cleanup() {
	[ -n "$loop" ] && losetup -d "$loop"
	rm -rf "$src"
	cleanup
}
trap options_cleanup EXIT

# mount_options TARGET: "per-mount options - superblock options" of TARGET in the container's mount table
mount_options() {
	awk -v t="$1" '$5 == t { for (i = 7; $i != "-"; i++); print $6, "-", $(i + 3) }' "/proc/$pid/mountinfo"
}
# has WORD LIST: whether the comma-separated LIST holds WORD
has() {
	[[ ",$2," == *",$1,"* ]] && echo yes || echo no
}

if [ "${NSENTER_TEST_KERNEL:-}" = pre-5.3 ]; then
	check_status "without the new mount API -o nosymfollow is refused as any attach" 32 \
		"$NSMOUNT" "$web" "$src" /o --mkdir -o nosymfollow
	return 0
fi

for o in noatime strictatime relatime nosymfollow nodiratime; do
	check_status "a bind with -o $o" 0 "$NSMOUNT" "$web" "$src" "/b-$o" --mkdir -o "$o"
	per_mount=$(mount_options "/b-$o" | cut -d' ' -f1)
	if [ "$o" = strictatime ]; then
		# the kernel shows strictatime as neither relatime nor noatime
		check "  ... has neither relatime nor noatime" "no no" "$(has relatime "$per_mount") $(has noatime "$per_mount")"
	else
		check "  ... has $o" yes "$(has "$o" "$per_mount")"
	fi
	"$NSMOUNT" -u "$web" "/b-$o"
done
check_status "nosymfollow is kept: a link in it is not followed" 0 "$NSMOUNT" "$web" "$src" /nf --mkdir -o nosymfollow
ln -s host-file "$src/link" && echo x >"$src/host-file"
check_match "  ... opening the link fails in the container" "(Too many|loop|ELOOP|symbolic)" \
	"$(docker exec "$web" cat /nf/link 2>&1)"
"$NSMOUNT" -u "$web" /nf

for o in sync dirsync lazytime; do
	check_status "a bind with -o $o is refused (it would change the host's filesystem)" 32 \
		"$NSMOUNT" "$web" "$src" "/r-$o" --mkdir -o "$o"
	check_match "  ... saying why" "$o.*filesystem itself" "$ERR"
	check_status "  ... and leaves no directory behind" 1 docker exec "$web" test -e "/r-$o"
done
for o in mand iversion; do
	check_status "-o $o, which nothing here applies, is refused" 32 "$NSMOUNT" "$web" "$src" "/u-$o" --mkdir -o "$o"
	check_match "  ... saying so" "$o.*not supported" "$ERR"
done

img=$BATS_TMP/disk.img
truncate -s 16M "$img"
mkfs.ext4 -q -F "$img"
loop=$(losetup -f --show "$img")
check_status "a device with -o sync,dirsync,lazytime,noatime,nosymfollow" 0 \
	"$NSMOUNT" "$web" "$loop" /disk --mkdir -o sync,dirsync,lazytime,noatime,nosymfollow
opts=$(mount_options /disk)
check "  ... the filesystem has sync, dirsync and lazytime" "yes yes yes" \
	"$(has sync "${opts##* }") $(has dirsync "${opts##* }") $(has lazytime "${opts##* }")"
check "  ... the mount noatime and nosymfollow" "yes yes" "$(has noatime "${opts%% *}") $(has nosymfollow "${opts%% *}")"
"$NSMOUNT" -u "$web" /disk
