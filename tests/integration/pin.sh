# SPDX-License-Identifier: Apache-2.0
# --pin DIR and --pin-netns NAME keep a container's namespaces alive past its processes, usable by util-linux nsenter
# and ip netns; --unpin and --unpin-netns remove every trace. Refusals change nothing.

pins=$BATS_TMP/pins
netns=nsit-pin-$$
pin_cleanup() {
	"$NSENTER" --unpin "$pins" >/dev/null 2>&1
	"$NSENTER" --unpin-netns "$netns" >/dev/null 2>&1
	umount "/run/netns/$netns-foreign" 2>/dev/null
	rm -f "/run/netns/$netns-foreign"
	cleanup
}
trap pin_cleanup EXIT

# traces: every mount and file that names our pins
traces() {
	grep -E " ($pins|/run/netns/$netns)(/| )" /proc/self/mountinfo | awk '{print $5, $4}'
	ls -A "$pins" "/run/netns/$netns" "/run/docker-nsenter/netns/$netns" 2>/dev/null
}
before=$(traces)

c=$(start pin)
cpid=$(pid_of "$c")
check_status "--pin DIR pins the namespaces" 0 "$NSENTER" --pin "$pins" "$c"
for n in user cgroup ipc uts net pid mnt time; do
	[ -e "/proc/$cpid/ns/$n" ] || continue
	check "DIR/$n is a mount of the container's $n namespace" "nsfs $(ns_of "$cpid" "$n" | tr -dc 0-9)" \
		"$(findmnt -n -o FSTYPE "$pins/$n") $(stat -L -c %i "$pins/$n")"
done
check "util-linux nsenter --net=DIR/net joins it" "$(ns_of "$cpid" net)" \
	"$(nsenter --net="$pins/net" readlink /proc/self/ns/net)"
check "nsenter --uts=DIR/uts sees the container's hostname" "$(docker inspect -f '{{.Config.Hostname}}' "$c")" \
	"$(nsenter --uts="$pins/uts" hostname)"
check_status "--pinned DIR with its mount namespace: a program of the container's needs --privileged" 125 \
	"$NSENTER" --pinned "$pins" true
check_match "  ... since a pin keeps no process to take the container's restrictions from" \
	"a pin keeps no process whose restrictions .* add --privileged" "$ERR"
check "docker-nsenter --pinned DIR --privileged joins every pinned namespace" \
	"$(for n in mnt net uts ipc pid; do ns_of "$cpid" "$n"; done)" \
	"$("$NSENTER" --pinned "$pins" --privileged sh -c 'for n in mnt net uts ipc pid; do readlink /proc/self/ns/$n; done')"
check "--pinned DIR -n joins only the network namespace" "$(ns_of "$cpid" net) $(ns_of $$ mnt)" \
	"$("$NSENTER" --pinned "$pins" -n sh -c 'echo $(readlink /proc/self/ns/net) $(readlink /proc/self/ns/mnt)')"
check_status "--pinned refuses what needs the container's process" 125 "$NSENTER" --pinned "$pins" -e true
check_status "--pinned of a directory that is not a pin is refused" 125 "$NSENTER" --pinned "$BATS_TMP" true
check_match "  ... saying so" "is not a pin of docker-nsenter" "$ERR"
check_status "--pin-netns NAME pins the network namespace" 0 "$NSENTER" --pin-netns "$netns" "$c"
check "ip netns exec NAME sees the container's interfaces" "eth0 lo" \
	"$(ip netns exec "$netns" ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort | paste -sd' ')"
check_match "ip netns list shows NAME" "^$netns( |$)" "$(ip netns list | grep "^$netns")"

# Refusals that change nothing.
state=$(traces)
check_status "pinning the same DIR twice is refused" 125 "$NSENTER" --pin "$pins" "$c"
check_match "  ... saying it is already a pin" "already a pin" "$ERR"
check_status "pinning the same NAME twice is refused" 125 "$NSENTER" --pin-netns "$netns" "$c"
check_match "  ... saying it exists" "already exists" "$ERR"
check "  ... and nothing changed" "$state" "$(traces)"
mkdir -p "$BATS_TMP/notours"
echo keep >"$BATS_TMP/notours/file"
check_status "a DIR that is not empty and not ours is refused" 125 "$NSENTER" --pin "$BATS_TMP/notours" "$c"
check_match "  ... saying so" "not empty and not a pin" "$ERR"
check_status "--unpin of a DIR that is not ours is refused" 125 "$NSENTER" --unpin "$BATS_TMP/notours"
check "  ... and its files are untouched" "file" "$(ls -A "$BATS_TMP/notours")"
check_status "--unpin of something never pinned is refused" 125 "$NSENTER" --unpin "$BATS_TMP/never"
check_match "  ... saying it is not a pin" "is not a pin of docker-nsenter" "$ERR"
# a network namespace in /run/netns that is not ours, made as ip netns add makes one, without its shared self-mount
: >"/run/netns/$netns-foreign"
unshare --net="/run/netns/$netns-foreign" true
check_status "--unpin-netns of a namespace someone else pinned is refused" 125 "$NSENTER" --unpin-netns "$netns-foreign"
check "  ... which stays pinned" "nsfs" "$(findmnt -n -o FSTYPE "/run/netns/$netns-foreign")"
umount "/run/netns/$netns-foreign"
rm -f "/run/netns/$netns-foreign"
check_status "--unpin takes no container" 125 "$NSENTER" --unpin "$pins" "$c"
check_status "an invalid NAME is refused" 125 "$NSENTER" --pin-netns ../x "$c"

# The pins outlive the container's processes.
netino=$(ns_of "$cpid" net)
docker stop -t 1 "$c" >/dev/null
check "the container stopped" "false" "$(docker inspect -f '{{.State.Running}}' "$c")"
check_match "after docker stop, ip netns exec NAME still answers" "^1: lo:" \
	"$(ip netns exec "$netns" ip -o link show | head -n1)"
check "after docker stop, nsenter --net=DIR/net still joins the same namespace" "$netino" \
	"$(nsenter --net="$pins/net" readlink /proc/self/ns/net)"
check_match "  ... and ip there answers" "^1: lo:" "$(nsenter --net="$pins/net" ip -o link show | head -n1)"
check "after docker stop, docker-nsenter --pinned DIR -n -u still joins them" \
	"$netino $(docker inspect -f '{{.Config.Hostname}}' "$c")" \
	"$("$NSENTER" --pinned "$pins" -n -u sh -c 'echo $(readlink /proc/self/ns/net) $(hostname)')"

check_status "--unpin DIR" 0 "$NSENTER" --unpin "$pins"
check_status "--unpin-netns NAME" 0 "$NSENTER" --unpin-netns "$netns"
check "unpinning removes every trace (mountinfo, files, markers)" "$before" "$(traces)"
check "the DIR we created is gone" "no" "$([ -e "$pins" ] && echo yes || echo no)"
check_status "unpinning again is refused" 125 "$NSENTER" --unpin "$pins"

# A DIR that existed empty stays, empty.
mkdir -p "$BATS_TMP/empty"
c2=$(start pin2)
check_status "--pin into an existing empty DIR" 0 "$NSENTER" --pin "$BATS_TMP/empty" "$c2"
check_status "  ... and --unpin it" 0 "$NSENTER" --unpin "$BATS_TMP/empty"
check "  ... leaves the DIR there and empty" "yes:" "$([ -d "$BATS_TMP/empty" ] && echo yes):$(ls -A "$BATS_TMP/empty")"

# Pins that somebody else could have made are never trusted (issue 12): an unprivileged user forges a pin directory
# whose marker and namespace files lead to a mount namespace of their own, where their binary stands in for id.
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
evil=$(mktemp -d /tmp/nsit-evil.XXXXXX)
chmod 1777 "$evil" # like /tmp: anybody may make their own entries
printf '#!/bin/sh\necho pwned-as-$(cat /proc/self/status | grep CapEff)\ntouch /tmp/nsit-pwned-%s\n' $$ >"$evil/fake-id"
chmod 0755 "$evil/fake-id"
mkfifo -m 0666 "$evil/ready"
setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urm \
	sh -c "mount --bind $evil/fake-id /usr/bin/id && echo up >$evil/ready && exec sleep 100000" </dev/null >/dev/null 2>&1 &
userns_pid=$!
read -r -t 20 _ <>"$evil/ready" || fail "the user's own mount namespace could not be made"
inner=$(pgrep -P "$userns_pid" sleep || echo "$userns_pid")
forge() { # forge DIR TYPE TARGET: a pin directory of user nobody, with a marker in both formats and one link
	nobody mkdir -p "$1"
	nobody sh -c "printf 'docker-nsenter pin\\nid=%s\\nname=forged\\npid=1\\ncreated=no\\n' $(printf '%064d' 0) >$1/.docker-nsenter-pin"
	nobody ln -s "$3" "$1/$2"
}
forge "$evil/pin" mnt "/proc/$inner/ns/mnt"
check_status "--pinned of a pin directory a user made is refused" 125 "$NSENTER" --pinned "$evil/pin" -m id
check_match "  ... naming its owner" "belongs to uid 65534 .* must belong to root" "$ERR"
check "  ... and the user's program never ran as root" "no" "$([ -e /tmp/nsit-pwned-$$ ] && echo yes || echo no)"
# the same forged directory, made root's by a careless chown: still no symlink is followed, no marker of the old kind
chown -R root:root "$evil/pin"
check_status "--pinned of a root-owned directory whose mnt is a symlink is refused" 125 \
	"$NSENTER" --pinned "$evil/pin" -m id
check "  ... and the user's program never ran" "no" "$([ -e /tmp/nsit-pwned-$$ ] && echo yes || echo no)"
# --unpin of a forged pin whose net entry links to a namespace someone else pinned in /run/netns
victim=/run/netns/nsit-victim-$$
mkdir -p /run/netns
: >"$victim"
unshare --net="$victim" true
forge "$evil/unpin" net "$victim"
check_status "--unpin of a pin directory a user made is refused" 125 "$NSENTER" --unpin "$evil/unpin"
check "  ... and the unrelated namespace stays mounted" "nsfs" "$(findmnt -n -o FSTYPE "$victim")"
chown -R root:root "$evil/unpin"
check_status "--unpin of a root-owned forged directory is refused too" 125 "$NSENTER" --unpin "$evil/unpin"
check "  ... and the unrelated namespace stays mounted" "nsfs" "$(findmnt -n -o FSTYPE "$victim")"
umount "$victim"
rm -f "$victim"
# --pin into a directory that a user owns: they could swap its files afterwards
nobody mkdir "$evil/theirs"
c3=$(start pin3)
check_status "--pin into a directory a user owns is refused" 125 "$NSENTER" --pin "$evil/theirs" "$c3"
check "  ... and nothing was mounted there" "" "$(grep " $evil/theirs/" /proc/self/mountinfo)"
chmod 0777 "$BATS_TMP/empty"
check_status "--pin into a directory others may write is refused" 125 "$NSENTER" --pin "$BATS_TMP/empty" "$c3"
check_match "  ... saying why" "writable by nobody else" "$ERR"
chmod 0700 "$BATS_TMP/empty"
ln -s "$BATS_TMP/empty" "$BATS_TMP/link"
check_status "--pin through a symbolic link is refused" 125 "$NSENTER" --pin "$BATS_TMP/link" "$c3"
# a real pin whose namespace file is replaced by root with something else is no longer entered or unmounted
check_status "a pin of our own" 0 "$NSENTER" --pin "$BATS_TMP/empty" "$c3"
umount "$BATS_TMP/empty/uts"
check_status "--pinned refuses a namespace file that is no longer the pinned mount" 125 \
	"$NSENTER" --pinned "$BATS_TMP/empty" -u true
check_match "  ... saying which" "empty/uts is not a pinned namespace" "$ERR"
check_status "--unpin still removes what it can prove" 0 "$NSENTER" --unpin "$BATS_TMP/empty"
check "  ... leaving nothing mounted" "" "$(grep " $BATS_TMP/empty/" /proc/self/mountinfo)"
kill "$inner" "$userns_pid" 2>/dev/null
wait "$userns_pid" 2>/dev/null
grep " $evil/" /proc/self/mountinfo | awk '{print $5}' | xargs -r -n1 umount
rm -rf "$evil" /tmp/nsit-pwned-$$
