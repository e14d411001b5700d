# SPDX-License-Identifier: Apache-2.0
# Supplementary groups, side by side with util-linux nsenter: ours never reach a container's user namespace, even one
# whose setgroups() is denied; -S and -G change only what util-linux changes (sys-utils/nsenter.c of 2.42: the groups
# are dropped before the user namespace is entered and again after, an error only when both fail; -S alone sets the
# uid and nothing else). docker-nsenter runs with host groups 44 and 45 (setpriv), as a sudo from a user in them would.

# ids PROGRAM ARGS...: the Uid, Gid and Groups lines of /proc/self/status of the command, on one line
ids() {
	setpriv --groups 44,45 "$@" cat /proc/self/status | awk '/^(Uid|Gid|Groups):/ {$1 = $1; printf "%s;", $0}'
}

# A container whose init made a user namespace of its own the way an unprivileged process must: its setgroups is
# denied before its gid_map is written (busybox unshare -r), so nobody in it can change groups.
deny=$(start deny --cap-add SYS_ADMIN -- unshare -r sleep 100000)
dpid=$(pid_of "$deny")
for _ in $(seq 50); do
	[ "$(ns_of "$dpid" user)" != "$(ns_of $$ user)" ] && break
	sleep 0.1
done
check "the container's init is in a user namespace of its own" "deny" "$(cat "/proc/$dpid/setgroups")"
want=$(ids nsenter -t "$dpid" -a)
check "util-linux: no group of ours in that namespace" "Uid: 0 0 0 0;Gid: 0 0 0 0;Groups:;" "$want"
check "docker-nsenter: no group of ours either" "$want" "$(ids "$NSENTER" "$deny")"
check "  ... with -U alone" "$(ids nsenter -t "$dpid" -U)" "$(ids "$NSENTER" "$deny" -U)"

web=$(start web --user 1234:2345)
wpid=$(pid_of "$web")
# -S alone: the uid changes, our groups and gid stay; -G: the gid, and the groups are dropped.
for opts in "-S 1000" "-G 1001" "-S 1000 -G 1001"; do
	# shellcheck disable=SC2086
	check "-n $opts changes what util-linux changes" "$(ids nsenter -t "$wpid" -n $opts)" \
		"$(ids "$NSENTER" "$web" -n $opts)"
done
# follow (util-linux 2.40; Debian's nsenter is 2.38): the process's own IDs, as if given as numbers
check "-n -S follow is -S with the process's uid" "$(ids nsenter -t "$wpid" -n -S 1234)" \
	"$(ids "$NSENTER" "$web" -n -S follow)"
check "-n -G follow is -G with the process's gid" "$(ids nsenter -t "$wpid" -n -G 2345)" \
	"$(ids "$NSENTER" "$web" -n -G follow)"
check "-S 1000 alone keeps our groups" "Uid: 1000 1000 1000 1000;Gid: 0 0 0 0;Groups: 44 45;" \
	"$(ids "$NSENTER" "$web" -n -S 1000)"
