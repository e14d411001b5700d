# SPDX-License-Identifier: Apache-2.0
# Containers in their own user namespace: a second dockerd, started here with --userns-remap=default on its own
# socket, data root, exec root, pid file and bridge (the first daemon and its docker0 stay untouched), and stopped
# again with everything it made. Its containers run with --network none: no packet leaves anything.

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
uns_dir=$(mktemp -d /tmp/nsit-userns.XXXXXX)
chmod 755 "$uns_dir" # the remapped root must reach its data root
uns_sock=$uns_dir/docker.sock
uns_bridge=nsitu$$
uns_had_remap_user=$(id -u dockremap >/dev/null 2>&1 && echo yes)

dk() { docker -H "unix://$uns_sock" "$@"; }
ue() { DOCKER_HOST=unix://$uns_sock "$NSENTER" "$@"; }

uns_stop() {
	local pid
	dk ps -aq 2>/dev/null | xargs -r docker -H "unix://$uns_sock" rm -f >/dev/null 2>&1
	pid=$(cat "$uns_dir/docker.pid" 2>/dev/null)
	if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
		for _ in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
		kill -9 "$pid" 2>/dev/null
	fi
	# whatever it left mounted below its directories, deepest first
	awk -v d="$uns_dir" '$5 ~ "^"d {print $5}' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
	rm -rf "$uns_dir"
	ip link del "$uns_bridge" 2>/dev/null
	# the daemon created the dockremap user and its subordinate ranges: remove them again unless they were there
	if [ -z "$uns_had_remap_user" ]; then
		userdel dockremap 2>/dev/null
		sed -i '/^dockremap:/d' /etc/subuid /etc/subgid 2>/dev/null
	fi
	cleanup
}
trap uns_stop EXIT

ip link add "$uns_bridge" type bridge || { echo "FAIL: cannot create bridge $uns_bridge" >&2; exit 1; }
dockerd --userns-remap=default -H "unix://$uns_sock" --data-root "$uns_dir/data" --exec-root "$uns_dir/exec" \
	--pidfile "$uns_dir/docker.pid" --bridge="$uns_bridge" --iptables=false --ip-masq=false \
	>"$uns_dir/dockerd.log" 2>&1 &
for _ in $(seq 120); do dk version >/dev/null 2>&1 && break; sleep 0.5; done
check "the userns-remap daemon answers on its own socket" "name=userns" \
	"$(dk info --format '{{range .SecurityOptions}}{{println .}}{{end}}' | grep -o name=userns)"
DOCKER_HOST=unix://$uns_sock "$repo/scripts/images.sh" || { tail "$uns_dir/dockerd.log"; exit 1; }

uns_run() {
	local name=$PREFIX$1
	shift
	dk run -d --name "$name" --network none "$@" "$IMAGE" sleep 100000 >/dev/null || {
		echo "FAIL: cannot start $name on the userns daemon" >&2
		tail "$uns_dir/dockerd.log" >&2
		exit 1
	}
	echo "$name"
}
u=$(uns_run u)
app=$(uns_run app --user 1234 -e NSIT_VAR=remapped -w /home/app)
pid=$(dk inspect -f '{{.State.Pid}}' "$u")
apid=$(dk inspect -f '{{.State.Pid}}' "$app")
remap=$(awk '{print $1, $2, $3}' "/proc/$pid/uid_map")
check_match "the container runs in a remapped user namespace" "^0 [1-9][0-9]* [0-9]+$" "$remap"
check "the first daemon's docker0 is still there" yes "$(ip link show docker0 >/dev/null 2>&1 && echo yes)"

# -a (and no option): every namespace, the user namespace too, compared with the kernel's inodes.
for mode in -a ""; do
	# shellcheck disable=SC2086
	got=$(ue "$u" $mode sh -c 'for n in user mnt net uts ipc pid cgroup; do readlink /proc/self/ns/$n; done')
	want=$(for n in user mnt net uts ipc pid cgroup; do ns_of "$pid" "$n"; done)
	check "${mode:-no option} joins every namespace, user included" "$want" "$got"
done
check "-a: the command is root inside the user namespace" 0 "$(ue "$u" -a id -u)"
check "-a: its uid_map shows the remap" "$remap" "$(ue "$u" -a cat /proc/self/uid_map | awk '{print $1, $2, $3}')"
ue "$u" -a touch /tmp/made-inside
host_root=$(awk '{print $2}' <<<"$remap")
check "-a: a file it creates belongs to the remapped root on the host" "$host_root $host_root" \
	"$(stat -c '%u %g' "/proc/$pid/root/tmp/made-inside")"

# Selective options without -U: the namespaces asked for, from the host, as host root.
check "-n joins the network namespace" "$(ns_of "$pid" net)" "$(ue "$u" -n readlink /proc/self/ns/net)"
check "-n leaves the user namespace ours" "$(ns_of $$ user)" "$(ue "$u" -n readlink /proc/self/ns/user)"
check "-n runs as host root" "0 0 4294967295" "$(ue "$u" -n cat /proc/self/uid_map | awk '{print $1, $2, $3}')"
check "-n sees only lo (--network none)" "lo" "$(ue "$u" -n ip -o link show | awk -F': ' '{print $2}')"
check "-m -p joins the mount namespace" "$(ns_of "$pid" mnt)" "$(ue "$u" -m -p readlink /proc/self/ns/mnt)"
ue "$u" -m -p touch /tmp/made-by-m
check "-m -p: a program from the container runs in its user namespace, as the remapped root, never as host root" \
	"$host_root $(ns_of "$pid" user)" \
	"$(stat -c %u "/proc/$pid/root/tmp/made-by-m") $(ue "$u" -m -p readlink /proc/self/ns/user)"
check "-u -i -p join those three" "$(for n in uts ipc pid; do ns_of "$pid" $n; done)" \
	"$(ue "$u" -u -i -p sh -c 'for n in uts ipc pid; do readlink /proc/self/ns/$n; done')"
check "-U alone joins only the user namespace" "$(ns_of "$pid" user) $(ns_of $$ net)" \
	"$(ue "$u" -U readlink /proc/self/ns/user /proc/self/ns/net | paste -sd' ')"

# Identity: IDs are the container's inside its user namespace, the host's outside it.
host_app=$(awk '{print $2 + 1234}' "/proc/$apid/uid_map")
check "-a -S follow -G follow: the container's uid and gid" "1234 1234" \
	"$(ue "$app" -a -S follow -G follow sh -c 'echo $(id -u) $(id -g)')"
check "-n -S follow: the process's host uid" "$host_app" "$(ue "$app" -n -S follow id -u)"
check "-a --as app: uid 1234 inside" "1234" "$(ue "$app" -a --as app id -u)"
check "-n --as app: the host uid the container's app maps to" "$host_app" "$(ue "$app" -n --as app id -u)"
check "-a -x: docker exec's user" "1234" "$(ue "$app" -a -x id -u)"
check "-a -S 5 -G 6: IDs of the user namespace" "5 6" "$(ue "$u" -a -S 5 -G 6 sh -c 'echo $(id -u) $(id -g)')"
check "-a -e: the container's environment" "remapped" "$(ue "$app" -a -e sh -c 'echo $NSIT_VAR')"
check "-a -w: the container's working directory" "/home/app" "$(ue "$app" -a -w pwd)"
check "-a -c: the container's cgroups" "$(cat "/proc/$apid/cgroup")" "$(ue "$app" -a -c cat /proc/self/cgroup)"
check "-n -c: the container's cgroups from the host" "$(cat "/proc/$apid/cgroup")" \
	"$(ue "$app" -n -c cat /proc/self/cgroup)"
# Host root's IDs, unmapped inside, would let the container's root trace the process (it has CAP_SYS_PTRACE in the
# namespace the process joined) and act as host root through it.
check_status "-a --preserve-credentials (host root's IDs inside the user namespace) is refused" 125 \
	ue "$u" -a --preserve-credentials touch /tmp/made-preserved
check_match "  ... saying why" "--preserve-credentials would keep host root's IDs" "$ERR"
check "  ... and nothing ran" "" "$(ls "/proc/$pid/root/tmp/made-preserved" 2>/dev/null)"

# --user-parent (util-linux 2.41): the parent of the container's user namespace in its place. A container whose init
# made a user namespace of its own (B, with a network namespace it owns) below the daemon's remapped one (A); a sleep
# left behind in A shows A's inode. CAP_SYS_ADMIN lets docker's default seccomp profile allow unshare().
nested=${PREFIX}nested
dk run -d --name "$nested" --network none --cap-add SYS_ADMIN "$IMAGE" \
	sh -c 'sleep 100000 & exec unshare -U -r -n sleep 100000' >/dev/null
npid=$(dk inspect -f '{{.State.Pid}}' "$nested")
for _ in $(seq 50); do
	aside=$(cat "/proc/$npid/task/$npid/children" 2>/dev/null | awk '{print $1}')
	[ -n "$aside" ] && [ "$(ns_of "$npid" user)" != "$(ns_of "$pid" user)" ] && break
	sleep 0.1
done
nparent=$(python3 -c 'import fcntl, os, sys
print(os.fstat(fcntl.ioctl(os.open(sys.argv[1], os.O_RDONLY), 0xb702)).st_ino)' "/proc/$npid/ns/user") # NS_GET_PARENT
check "the nested container's init is in a user namespace of its own below the remapped one" \
	"user:[$nparent] $remap yes" \
	"$(ns_of "$aside" user) $(awk '{print $1, $2, $3}' "/proc/$aside/uid_map") \
$([ "$(ns_of "$npid" user)" != "$(ns_of "$aside" user)" ] && echo yes)"
check "-U joins its own user namespace" "$(ns_of "$npid" user)" "$(ue "$nested" -U readlink /proc/self/ns/user)"
check "--user-parent joins the parent instead, and only it" "$(ns_of "$aside" user) $(ns_of $$ net)" \
	"$(ue "$nested" --user-parent readlink /proc/self/ns/user /proc/self/ns/net | paste -sd' ')"
check "--user-parent: root there, with the parent's uid_map" "0 $remap" \
	"$(ue "$nested" --user-parent sh -c 'echo $(id -u) $(cat /proc/self/uid_map)')"
check "--user-parent -n: the container's network namespace (owned by its own user namespace), the parent's user" \
	"$(ns_of "$aside" user) $(ns_of "$npid" net)" \
	"$(ue "$nested" --user-parent -n readlink /proc/self/ns/user /proc/self/ns/net | paste -sd' ')"
check "-a --user-parent: a program from the container runs in the parent user namespace, its others joined" \
	"$(for n in user mnt net pid; do [ $n = user ] && ns_of "$aside" $n || ns_of "$npid" $n; done)" \
	"$(ue "$nested" -a --user-parent sh -c 'for n in user mnt net pid; do readlink /proc/self/ns/$n; done')"
check "-F --user-parent -n: the same without a fork" "$(ns_of "$aside" user) $(ns_of "$npid" net)" \
	"$(ue "$nested" -F --user-parent -n readlink /proc/self/ns/user /proc/self/ns/net | paste -sd' ')"
# The remapped container's parent is the host's user namespace: host tools go in as they would without the option,
# the container's own programs never run there as host root.
check "--user-parent -n of a remapped container: our user namespace, its network" \
	"$(ns_of $$ user) $(ns_of "$pid" net)" \
	"$(ue "$u" --user-parent -n readlink /proc/self/ns/user /proc/self/ns/net | paste -sd' ')"
check_status "--user-parent with the mount namespace, where the parent is the host's, is refused" 125 \
	ue "$u" -a --user-parent touch /tmp/made-in-parent
check_match "  ... saying why" "a program from the container would run with host root's identity" "$ERR"
check "  ... and nothing ran" "" "$(ls "/proc/$pid/root/tmp/made-in-parent" 2>/dev/null)"
docker run -d --name "${PREFIX}ours" --network none "$IMAGE" sleep 100000 >/dev/null
check_status "--user-parent of a container in our own user namespace is refused" 125 \
	"$NSENTER" "${PREFIX}ours" --user-parent -n true
check_match "  ... saying why" "shares our user namespace" "$ERR"
check_status "--user-parent with --as is refused" 125 ue "$nested" --user-parent --as root true
check_match "  ... saying why" "it excludes --as, --exec and follow" "$ERR"
check_status "--user-parent with -S follow is refused" 125 ue "$nested" --user-parent -S follow true
check_status "--user-parent with --host-root is refused" 125 ue "$nested" --user-parent --host-root true
check_status "--user-parent with --list is refused" 125 ue --list --user-parent "$nested"

# --list and --pin know the container's own user namespace.
check "--list: the user namespace is the container's, private" "$(ns_of "$pid" user | tr -dc 0-9) private" \
	"$(ue --list "$u" | awk '$2 == "user" {print $1, $3}')"
check_status "--pin DIR of a remapped container" 0 ue --pin "$uns_dir/pins" "$u"
check "nsenter --user=DIR/user --net=DIR/net joins both" "$(ns_of "$pid" user) $(ns_of "$pid" net)" \
	"$(nsenter --user="$uns_dir/pins/user" --net="$uns_dir/pins/net" sh -c 'echo $(readlink /proc/self/ns/user) $(readlink /proc/self/ns/net)')"
check_status "--pin DIR of the nested container" 0 ue --pin "$uns_dir/npins" "$nested"
check "--pinned DIR --user-parent -n: the pinned user namespace's parent, the pinned network namespace" \
	"$(ns_of "$aside" user) $(ns_of "$npid" net)" \
	"$(ue --pinned "$uns_dir/npins" --user-parent -n readlink /proc/self/ns/user /proc/self/ns/net | paste -sd' ')"
check_status "--unpin DIR" 0 ue --unpin "$uns_dir/npins"
check_status "--unpin DIR" 0 ue --unpin "$uns_dir/pins"
