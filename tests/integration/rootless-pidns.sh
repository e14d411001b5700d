# SPDX-License-Identifier: Apache-2.0
# A rootless dockerd whose RootlessKit got --pidns: the daemon runs in a PID namespace of its own, and State.Pid (and
# docker.pid) are PIDs of that namespace, not of the host. docker-nsenter finds the host PID the daemon means (the
# process whose NSpid has it at the daemon's level, in the daemon's PID namespace), then proves it as for any rootless
# container; util-linux nsenter with the raw number enters some other process, or none.

here=$(dirname "${BASH_SOURCE[0]}")
RL_ROOTLESSKIT_FLAGS=--pidns
# shellcheck source=tests/integration/rootless-env.sh
. "$here/rootless-env.sh"

host_net_before=$(rl_host_net)
_rl_require
rl_create_user
rl_start_docker
rl_load_images rl_docker

web=$(rl_run_docker web)
state_pid=$(rl_docker inspect -f '{{.State.Pid}}' "$web")
id=$(rl_docker inspect -f '{{.Id}}' "$web")
# the init, found as the kernel shows it: the child of the container's shim
shim=$(pgrep -u "$RL_UID" -f -- "-id $id")
init=$(pgrep -P "$shim" | head -n1)
check "the daemon runs in a PID namespace of its own" "" \
	"$(readlink "/proc/$RL_DOCKER_PID/ns/pid" | grep -xF "$(readlink /proc/self/ns/pid)")"
check_match "State.Pid is the init's PID in the daemon's PID namespace, not on the host" "^$init $state_pid 1$" \
	"$(awk '/^NSpid:/ {print $2, $3, $4}' "/proc/$init/status")"

re() { DOCKER_HOST=$RL_DOCKER_HOST "$NSENTER" "$@"; }
ue() { rl_as_user "$NSENTER" "$@"; }
check "root: --net enters the container's network namespace, found by its host PID" \
	"$(readlink "/proc/$init/ns/net")" "$(re "$web" --net readlink /proc/self/ns/net)"
check "root: -a: every namespace" "$(for n in user mnt net uts ipc pid; do readlink "/proc/$init/ns/$n"; done)" \
	"$(re "$web" -a sh -c 'for n in user mnt net uts ipc pid; do readlink /proc/self/ns/$n; done')"
check "root: --list --json names the host PID" "$init" \
	"$(re --list --json "$web" | python3 -c 'import json, sys; print(json.load(sys.stdin)["container"]["pid"])')"
check "user: --net, through the container's user namespace" "$(readlink "/proc/$init/ns/net")" \
	"$(ue "$web" --net readlink /proc/self/ns/net)"
check "user: -a as its root" "0 $(readlink "/proc/$init/ns/pid")" "$(ue "$web" -a sh -c 'echo $(id -u) $(readlink /proc/self/ns/pid)')"
rl_docker stop -t 1 "$web" >/dev/null
check_status "a stopped container is refused" 125 re "$web" --net true
check_match "  ... saying so" "not running" "$ERR"

rl_teardown
check "the host's docker0 and iptables are as they were" "$host_net_before" "$(rl_host_net)"
