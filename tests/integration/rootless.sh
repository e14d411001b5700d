# SPDX-License-Identifier: Apache-2.0
# The rootless environment that rootless support relies on, asserted against the real thing: a rootless dockerd
# (dockerd-rootless.sh, RootlessKit) and a rootless podman service, run by a throwaway user (rootless-env.sh).
# Each answers as the user and as root and says it is rootless; a container's State.Pid is a host PID in the
# user's user namespace, whose parent (containerd-shim, conmon) names the container; util-linux nsenter enters it
# as root, and as the user only through that user namespace; the container gets no cgroup of its own and the user
# cannot write the one it is in. Last, the harness must leave nothing behind, the host's docker0 and iptables as
# they were, also when a run is killed half-way.

here=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=tests/integration/rootless-env.sh
. "$here/rootless-env.sh"

host_net_before=$(rl_host_net)
host_userns=$(readlink /proc/self/ns/user)
host_netns=$(readlink /proc/self/ns/net)
host_cgroupns=$(readlink /proc/self/ns/cgroup)
rl_setup

# peercred_as_user SOCKET: "PID UID" of the process serving SOCKET, asked by the user.
peercred_as_user() {
	rl_as_user python3 -c 'import socket, struct, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
print("%d %d" % struct.unpack("3i", s.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))[:2])' "$1"
}

# argv_after PID FLAG: the argument that follows FLAG in PID's command line.
argv_after() {
	tr '\0' '\n' <"/proc/$1/cmdline" | grep -A1 -x -e "$2" | sed -n 2p
}

nsenter_as_user() {
	rl_as_user nsenter "$@"
}

# container_checks ENGINE CLIENT CONTAINER PARENT-COMM ID-FLAG USERNS-HOLDER-PID
# What both engines must show of a running container; sets $pid, $id and $parent.
container_checks() {
	local engine=$1 client=$2 c=$3 parent_comm=$4 id_flag=$5 holder=$6 want
	id=$("$client" inspect -f '{{.Id}}' "$c")
	pid=$("$client" inspect -f '{{.State.Pid}}' "$c")
	check "$engine: the container runs" true "$("$client" inspect -f '{{.State.Running}}' "$c")"
	check "$engine: State.Pid is a host PID, the init of the container's PID namespace (NSpid)" "$pid 1" \
		"$(awk '/^NSpid:/ {print $2, $3}' "/proc/$pid/status")"
	check "$engine: State.Pid runs the container's command" "sleep 100000" \
		"$(tr '\0' ' ' <"/proc/$pid/cmdline" | sed 's/ $//')"
	check "$engine: the init runs as the user's own uid (container root maps to it)" "$RL_UID" \
		"$(ps -o uid= -p "$pid" | tr -d ' ')"

	# ancestry: the parent is the engine's per-container process, which names the container
	parent=$(ps -o ppid= -p "$pid" | tr -d ' ')
	check "$engine: the init's parent is $parent_comm" "$parent_comm" "$(ps -o comm= -p "$parent")"
	check "$engine: $parent_comm's $id_flag names the container's full ID" "$id" "$(argv_after "$parent" "$id_flag")"
	check "$engine: $parent_comm runs as the user" "$RL_UID" "$(ps -o uid= -p "$parent" | tr -d ' ')"
	check "$engine: $parent_comm is in the same user namespace" "$(readlink "/proc/$pid/ns/user")" \
		"$(readlink "/proc/$parent/ns/user")"

	# namespaces: the rootless user namespace, created by the user, owns the container's own namespaces
	check "$engine: the container's user namespace is the daemon's (held by PID $holder)" \
		"$(readlink "/proc/$holder/ns/user")" "$(readlink "/proc/$pid/ns/user")"
	check_match "$engine: ... not the host's" "^user:\[[0-9]+\]$" \
		"$(readlink "/proc/$pid/ns/user" | grep -vxF "$host_userns")"
	check "$engine: ... created by the user (NS_GET_OWNER_UID)" "$RL_UID" "$(rl_userns_owner "/proc/$pid/ns/user")"
	check "$engine: ... mapping container root to the user, then the subordinate range" \
		"0 $RL_UID 1|1 $(awk -F: -v u="$RL_USER" '$1 == u {print $2, $3}' /etc/subuid)" \
		"$(awk '{print $1, $2, $3}' "/proc/$pid/uid_map" | paste -sd'|')"
	check "$engine: the container's network namespace is not the host's" "" \
		"$(readlink "/proc/$pid/ns/net" | grep -xF "$host_netns")"
	check "$engine: the container's cgroup namespace is the host's (cgroup v1)" "$host_cgroupns" \
		"$(readlink "/proc/$pid/ns/cgroup")"

	# cgroups: none of its own; the daemon's, which is root's here, and the user cannot write it
	check "$engine: the container has no pids cgroup of its own: the daemon's" ":pids:/$RL_CGROUP" \
		"$(grep -o ':pids:.*' "/proc/$pid/cgroup")"
	check_status "$engine: the user cannot move a process into the container's cgroup" 2 \
		rl_as_user sh -c "echo \$\$ >$RL_CGROUP_DIR/cgroup.procs"
	check_match "  ... Permission denied" "Permission denied" "$ERR"

	# util-linux nsenter as root: the host PID is enough
	check "$engine: root: nsenter -t State.Pid -n enters the container's network namespace" \
		"$(readlink "/proc/$pid/ns/net")" "$(nsenter -t "$pid" -n readlink /proc/self/ns/net)"
	want=$(for n in user mnt net uts ipc pid; do readlink "/proc/$pid/ns/$n"; done)
	check "$engine: root: nsenter -a enters every namespace, the user namespace too" "$want" \
		"$(nsenter -a -t "$pid" sh -c 'for n in user mnt net uts ipc pid; do readlink /proc/self/ns/$n; done')"

	# util-linux nsenter as the user: not without the user namespace, and with it, each namespace
	check_status "$engine: user: nsenter -n without -U is refused" 1 nsenter_as_user -t "$pid" -n true
	check_match "  ... with EPERM" "reassociate to namespace 'ns/net' failed: Operation not permitted" "$ERR"
	check "$engine: user: nsenter -U --preserve-credentials -n enters the network namespace" \
		"$(readlink "/proc/$pid/ns/net")" \
		"$(nsenter_as_user -U --preserve-credentials -n -t "$pid" readlink /proc/self/ns/net)"
	check "$engine: user: ... as root of the user namespace, which is the user's own uid outside" "0 $RL_UID" \
		"$(nsenter_as_user -U --preserve-credentials -n -t "$pid" sh -c 'id -u; head -n1 /proc/self/uid_map' |
			awk 'NR == 1 {u = $1} NR == 2 {print u, $2}')"
	check "$engine: user: -U --preserve-credentials -m -n -u -i -p enter all five" "$want" \
		"$(nsenter_as_user -U --preserve-credentials -m -n -u -i -p -t "$pid" \
			sh -c 'for n in user mnt net uts ipc pid; do readlink /proc/self/ns/$n; done')"
	check_status "$engine: user: the cgroup namespace (the host's) cannot be joined, even with -U" 1 \
		nsenter_as_user -U --preserve-credentials -C -t "$pid" true
	check_match "  ... with EPERM" "reassociate to namespace 'ns/cgroup' failed: Operation not permitted" "$ERR"
	check_status "$engine: user: so util-linux nsenter -a fails as the user" 1 nsenter_as_user -a -t "$pid" true
}

# --- Docker, rootless ---
check "docker: root reaches the rootless dockerd" "20.10" "$(rl_docker version --format '{{.Server.Version}}' | cut -c1-5)"
check "docker: the user's docker CLI uses the rootless context" rootless "$(rl_as_user docker context show)"
check "docker: ... and reaches the rootless dockerd through it" "$(rl_docker info --format '{{.ID}}')" \
	"$(rl_as_user docker info --format '{{.ID}}')"
check "docker: the host's dockerd is another daemon" "" \
	"$(docker info --format '{{.ID}}' | grep -xF "$(rl_docker info --format '{{.ID}}')")"
check "docker: SO_PEERCRED of docker.sock, asked by the user: dockerd, the user" "$RL_DOCKER_PID $RL_UID" \
	"$(peercred_as_user "$RL_DOCKER_SOCK")"
check "docker: docker.pid is that dockerd, a host PID" "$RL_DOCKER_PID" "$(cat "$RL_XDG/docker.pid")"
check_match "docker: GET /info: SecurityOptions lists name=rootless" '"name=rootless"' \
	"$(rl_api "$RL_DOCKER_SOCK" /info | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["SecurityOptions"]))')"
check "docker: GET /info: CgroupDriver none, cgroup v1" "none 1" "$(rl_docker info --format '{{.CgroupDriver}} {{.CgroupVersion}}')"
check "docker: the host's dockerd does not list name=rootless" "" \
	"$(docker info --format '{{json .SecurityOptions}}' | grep -o name=rootless)"
check "docker: RootlessKit runs in the host's user namespace" "$host_userns" "$(readlink "/proc/$RL_ROOTLESSKIT_PID/ns/user")"
check "docker: dockerd's network namespace is its own, not the host's" "" \
	"$(readlink "/proc/$RL_DOCKER_PID/ns/net" | grep -xF "$host_netns")"
check "docker: user: Docker's recipe, nsenter -U --preserve-credentials -n -m -t \$(cat docker.pid), enters dockerd's" \
	"$(readlink "/proc/$RL_DOCKER_PID/ns/net") $(readlink "/proc/$RL_DOCKER_PID/ns/mnt")" \
	"$(nsenter_as_user -U --preserve-credentials -n -m -t "$(cat "$RL_XDG/docker.pid")" \
		sh -c 'echo $(readlink /proc/self/ns/net) $(readlink /proc/self/ns/mnt)')"

web=$(rl_run_docker web)
container_checks docker rl_docker "$web" containerd-shim -id "$RL_DOCKER_PID"
key=$(rl_docker inspect -f '{{.NetworkSettings.SandboxKey}}' "$web")
check "docker: SandboxKey, opened in dockerd's mount namespace, is the init's network namespace" \
	"$(stat -L -c %i "/proc/$pid/ns/net")" "$(stat -L -c %i "/proc/$RL_DOCKER_PID/root$key")"
app=$(rl_run_docker app --user 1234 -w /home/app)
apid=$(rl_docker inspect -f '{{.State.Pid}}' "$app")
check "docker: --user 1234 runs as the subordinate uid start+1233" \
	"$(awk -F: -v u="$RL_USER" '$1 == u {print $2 + 1233}' /etc/subuid)" "$(ps -o uid= -p "$apid" | tr -d ' ')"
check "docker: user: enters that container's network namespace too (it owns the user namespace)" \
	"$(readlink "/proc/$apid/ns/net")" \
	"$(nsenter_as_user -U --preserve-credentials -n -t "$apid" readlink /proc/self/ns/net)"

# --- Podman, rootless, through its Docker API ---
check "podman: root reaches the rootless service" "4." "$(rl_podman version --format '{{.Server.Version}}' | cut -c1-2)"
check "podman: ... and the user does, with DOCKER_HOST: its storage in the user's home" \
	"$RL_HOME/.local/share/containers/storage" \
	"$(rl_as_user DOCKER_HOST="$RL_PODMAN_HOST" docker info --format '{{.DockerRootDir}}')"
check "podman: SO_PEERCRED of podman.sock, asked by the user: the service in the user namespace" \
	"$RL_PODMAN_PID $RL_UID" "$(peercred_as_user "$RL_PODMAN_SOCK")"
check "podman: the listening service shares the pause process's user namespace" \
	"$(readlink "/proc/$RL_PAUSE_PID/ns/user")" "$(readlink "/proc/$RL_PODMAN_PID/ns/user")"
info=$(rl_api "$RL_PODMAN_SOCK" /info)
check "podman: GET /info says \"Rootless\": true" True \
	"$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["Rootless"])' "$info")"
check "podman: ... but its SecurityOptions do not list name=rootless" '["name=seccomp,profile=default"]' \
	"$(python3 -c 'import json, sys; print(json.dumps(json.loads(sys.argv[1])["SecurityOptions"], separators=(",", ":")))' "$info")"
check "podman: the host's dockerd has no Rootless key" "False" \
	"$(rl_api /var/run/docker.sock /info | python3 -c 'import json, sys; print("Rootless" in json.load(sys.stdin))')"

pweb=$(rl_run_podman pweb)
container_checks podman rl_podman "$pweb" conmon -c "$RL_PAUSE_PID"
check "podman: libpod's inspect names conmon as State.ConmonPid" "$parent" \
	"$(rl_api "$RL_PODMAN_SOCK" "/v4.0.0/libpod/containers/$id/json" |
		python3 -c 'import json, sys; print(json.load(sys.stdin)["State"]["ConmonPid"])')"

# --- Nothing left behind ---
# check_gone WHAT USER UID HOME XDG CGROUP
check_gone() {
	local what=$1 user=$2 uid=$3 home=$4 xdg=$5 cg=$6
	check "$what: nothing runs as the user or in its user namespaces" "" "$(RL_UID=$uid rl_pids)"
	check "$what: the user is gone" "" "$(getent passwd "$user"; getent group "$user")"
	check "$what: its subordinate ranges are gone" "" "$(grep -h "^$user:" /etc/subuid /etc/subgid)"
	check "$what: its home and runtime directory are gone" "" "$(ls -d "$home" "$xdg" 2>/dev/null)"
	check "$what: its cgroup is gone" "" "$(ls -d "/sys/fs/cgroup/pids/$cg" 2>/dev/null)"
	check "$what: nothing of it stays mounted" "" "$(grep -e " $home" -e " $xdg" /proc/self/mountinfo)"
	check "$what: no file of its uid is left in /tmp, /var/tmp, /run, /dev/shm" "" \
		"$(find /tmp /var/tmp /run /dev/shm -xdev -uid "$uid" 2>/dev/null | head -5)"
	check "$what: the host's docker0 and iptables are as they were" "$host_net_before" "$(rl_host_net)"
}
rl_teardown
check_gone teardown "$RL_USER" "$RL_UID" "$RL_HOME" "$RL_XDG" "$RL_CGROUP"

# A run killed half-way, containers running in both engines: its EXIT trap must remove all the same.
killed=$(bash -c '. "$1" && rl_setup && rl_run_docker x >/dev/null && rl_run_podman y >/dev/null &&
	echo "$RL_USER $RL_UID $RL_HOME $RL_XDG $RL_CGROUP" && kill -TERM $$; sleep 60' _ "$here/rootless-env.sh" \
	2>"$BATS_TMP/killed.err")
st=$?
check "a run killed by SIGTERM exits 143" 143 "$st"
read -r k_user k_uid k_home k_xdg k_cg <<<"$killed"
check_match "  ... after it had set everything up" "^nsitrl[0-9]+ [0-9]+ /home/[^ ]+ /run/user/[0-9]+ nsit-" "$killed"
if [ -n "$k_cg" ]; then
	check_gone "killed run" "$k_user" "$k_uid" "$k_home" "$k_xdg" "$k_cg"
else
	fail "the killed run said nothing to look for" "stderr: $(tail -n 5 "$BATS_TMP/killed.err")"
fi
