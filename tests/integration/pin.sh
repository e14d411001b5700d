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
