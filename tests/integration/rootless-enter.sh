# SPDX-License-Identifier: Apache-2.0
# Rootless Docker and rootless Podman (issue 15), for real: a throwaway user runs dockerd-rootless.sh and
# `podman system service` (rootless-env.sh). docker-nsenter enters their containers as root, through the user's
# socket, and as that user, unprivileged, through the user namespace that owns the containers' namespaces; what an
# unprivileged user cannot do is refused with words, never a bare EPERM. The proof of membership holds on this
# cgroup v1 host, where a rootless container has no cgroup of its own, and a fake daemon of that user, run inside
# its own user namespace, cannot make root enter anything but that user's containers.

here=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=tests/integration/rootless-env.sh
. "$here/rootless-env.sh"
# shellcheck source=tests/integration/runbook-text.sh
. "$here/runbook-text.sh"
NSMOUNT=${DOCKER_NSMOUNT:?DOCKER_NSMOUNT must name the docker-nsmount binary}
FAKE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../fake/fake-dockerd.py

host_net_before=$(rl_host_net)
host_userns=$(readlink /proc/self/ns/user)
rl_setup

status_caps() { grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):' | tr '\t' ' '; }
# owner_of FILE: the host uid that owns FILE.
owner_of() { stat -c %u "$1" 2>&1; }
subuid_start=$(awk -F: -v u="$RL_USER" '$1 == u {print $2}' /etc/subuid)

# The user's docker CLI gets docker-nsenter as a plugin, as `make install` into ~/.docker/cli-plugins would.
rl_as_user mkdir -p "$RL_HOME/.docker/cli-plugins"
rl_as_user ln -s "$NSENTER" "$RL_HOME/.docker/cli-plugins/docker-nsenter"
check "the binary the user runs is no setuid program" "" "$(find "$(readlink -f "$NSENTER")" -perm /6000)"

# A seccomp profile that makes mkdir fail with ENOTSOCK: the filter's origin shows in the error.
profile=$RL_DIR/profile.json
cat >"$profile" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 88}]}
EOF
enotsock="mkdir: can't create directory '/tmp/a': Socket operation on non-socket"

# engine_checks ENGINE CLIENT ROOT-FN USER-FN PLUGIN-FN SOCKET
#   CLIENT: root's docker CLI on the engine's socket; ROOT-FN: docker-nsenter as root on it; USER-FN: docker-nsenter as
#   the user with the engine the user's docker would use; PLUGIN-FN: `docker nsenter` as the user.
engine_checks() {
	local e=$1 client=$2 re=$3 ue=$4 up=$5 sock=$6 run=rl_run_$1
	local web app side sec wpid apid want ulimits=() exec_probe='id; env | sort; pwd' as_probe=id
	if [ "$e" = podman ]; then
		ulimits=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
		# podman's exec is not docker's (no HOSTNAME, other groups): compare what --exec promises, docker's rules
		exec_probe='id -u; id -g; echo "$GREETING $HOME"; pwd'
		as_probe='id -u; id -g'
	fi

	web=$($run web -- httpd -f -p 127.0.0.1:8080 -h /tmp)
	app=$($run app --user app -e GREETING=hello -w /home/app)
	side=$(_rl_run "$client" side --network "container:$web" "${ulimits[@]}")
	if [ "$e" = podman ]; then
		# podman's Docker API takes a profile only as a file of its own host: its own CLI, then
		sec=${RL_PREFIX}sec
		rl_as_user podman run -d --name "$sec" --network none "${ulimits[@]}" --security-opt "seccomp=$profile" \
			"${RL_IMAGES[0]}" sleep 100000 >/dev/null || fail "podman cannot run $sec"
	else
		sec=$($run sec --security-opt "seccomp=$profile")
	fi
	wpid=$("$client" inspect -f '{{.State.Pid}}' "$web")
	apid=$("$client" inspect -f '{{.State.Pid}}' "$app")
	want=$(for n in user mnt net uts ipc pid; do readlink "/proc/$wpid/ns/$n"; done)
	for _ in $(seq 50); do
		nsenter -t "$wpid" -n ss -tlnH | grep -q 127.0.0.1:8080 && break
		sleep 0.1
	done

	# --- root, entering the user's containers through the user's socket ---
	check_status "$e: root: --net ss -tlnp" 0 "$re" "$web" --net ss -tlnp
	check_match "$e: root:   ... lists the listener in the container, with its host PID" \
		"LISTEN .* 127\.0\.0\.1:8080 .*users:\(\(\"httpd\",pid=$wpid," "$OUT"
	check "$e: root: --net joins the network namespace, no other, as host root (a host program)" \
		"$(readlink "/proc/$wpid/ns/net") $host_userns 0" \
		"$("$re" "$web" --net sh -c 'echo $(readlink /proc/self/ns/net) $(readlink /proc/self/ns/user) $(id -u)')"
	check "$e: root: --pid" "$(readlink "/proc/$wpid/ns/pid")" "$("$re" "$web" --pid readlink /proc/self/ns/pid)"
	check "$e: root: -a joins every namespace, the user namespace too" "$want" \
		"$("$re" "$web" -a sh -c 'for n in user mnt net uts ipc pid; do readlink /proc/self/ns/$n; done')"
	"$re" "$web" -a touch /tmp/made-by-a
	check "$e: root: -a: the container's program runs as the user's uid on the host, never as host root" \
		"$RL_UID" "$(owner_of "/proc/$wpid/root/tmp/made-by-a")"
	"$re" "$web" -m -p touch /tmp/made-by-m
	check "$e: root: -m -p (no -U): the container's program still runs in its user namespace, as the user's uid" \
		"$RL_UID" "$(owner_of "/proc/$wpid/root/tmp/made-by-m")"
	check "$e: root:   ... in the container's user namespace" "$(readlink "/proc/$wpid/ns/user")" \
		"$("$re" "$web" -m -p readlink /proc/self/ns/user)"
	check_status "$e: root: -a --preserve-credentials (host root's IDs in the user's namespace) is refused" 125 \
		"$re" "$web" -a --preserve-credentials touch /tmp/made-preserved
	check_match "$e: root:   ... saying why" "--preserve-credentials would keep host root's IDs" "$ERR"
	check "$e: root:   ... and nothing ran" "" "$(ls "/proc/$wpid/root/tmp/made-preserved" 2>/dev/null)"
	# --user-parent: the parent of the engine's user namespace is the host's, the user's own: root's host tools go in
	# as without the option; the user, who needs the engine's user namespace to join the others, is refused.
	check "$e: root: --user-parent -n: our user namespace, the container's network" \
		"$host_userns $(readlink "/proc/$wpid/ns/net")" \
		"$("$re" "$web" --user-parent -n sh -c 'echo $(readlink /proc/self/ns/user) $(readlink /proc/self/ns/net)')"
	check_status "$e: user: --user-parent -n, the parent being the user's own user namespace, is refused" 125 \
		"$ue" "$web" --user-parent -n true
	check_match "$e: user:   ... saying why" "parent of the container's user namespace is yours" "$ERR"
	check "$e: root: --exec: the user, environment and directory of docker exec" \
		"$("$client" exec "$app" sh -c "$exec_probe")" "$("$re" "$app" --exec sh -c "$exec_probe")"
	check "$e: root: --as app:audio equals docker exec -u app:audio" \
		"$("$client" exec -u app:audio "$app" sh -c "$as_probe")" "$("$re" "$app" --as app:audio sh -c "$as_probe")"
	"$re" "$app" --as app touch /tmp/made-by-as
	check "$e: root: --as app: a subordinate uid of the user's on the host" "$((subuid_start + 1233))" \
		"$(owner_of "/proc/$apid/root/tmp/made-by-as")"
	check "$e: root: the capability sets, no_new_privs and seccomp are docker exec's" \
		"$("$client" exec "$web" cat /proc/self/status | status_caps)" \
		"$("$re" "$web" cat /proc/self/status | status_caps)"
	check "$e: root: a seccomp profile fails mkdir as under docker exec" "$enotsock | $enotsock" \
		"$("$client" exec "$sec" mkdir /tmp/a 2>&1) | $("$re" "$sec" mkdir /tmp/a 2>&1)"
	if [ "${NSENTER_TEST_KERNEL:-}" = pre-5.3 ]; then
		check_status "$e: root: --host-root is refused where the kernel lacks the new mount API" 125 \
			"$re" "$web" --host-root true
		check_match "$e: root:   ... saying so" "needs the new mount API" "$ERR"
	else
		check "$e: root: --host-root: the host's tools, the container's tree" "busybox" \
			"$("$re" "$web" --host-root sh -c 'ls "$NSENTER_CONTAINER_ROOT/bin/busybox" >/dev/null && echo busybox')"
	fi
	check "$e: root: --list: the network namespace is shared with the container joined to it" "$side" \
		"$("$re" --list "$web" | awk '$2 == "net" {print $3}')"
	check_match "$e: root: --list says the daemon is rootless, and whose" \
		"rootless daemon: uid $RL_UID \($RL_USER\)" "$("$re" --list "$web" | tail -n1)"
	check "$e: root: --list --json: daemon.rootless and daemon.uid" "True $RL_UID" \
		"$("$re" --list --json "$web" | python3 -c 'import json, sys; d = json.load(sys.stdin)["daemon"]; print(d["rootless"], d["uid"])')"
	check "$e: root: completion offers the user's containers" "$(printf '%s\n' "$app" "$sec" "$side" "$web" | sort)" \
		"$(DOCKER_HOST=unix://$sock "$NSENTER" __completeNoDesc "$RL_PREFIX" | grep -v '^:' | sort)"
	check_status "$e: root: -H unix://SOCKET, as docker's -H" 0 "$NSENTER" -H "unix://$sock" "$web" --net true
	check_match "$e: root: on a terminal, the container's program gets a terminal of its own in its devpts" \
		"^/dev/pts/[0-9]+$" "$(script -qec "$NSENTER -H unix://$sock $web tty" /dev/null | tr -d '\r')"

	# --- the user, unprivileged ---
	check_status "$e: user: docker nsenter web --net ss -tlnp" 0 "$up" "$web" --net ss -tlnp
	check_match "$e: user:   ... lists the listener, with its host PID" \
		"LISTEN .* 127\.0\.0\.1:8080 .*users:\(\(\"httpd\",pid=$wpid," "$OUT"
	check "$e: user: --net: the network namespace, through the container's user namespace, as its root" \
		"$(readlink "/proc/$wpid/ns/net") $(readlink "/proc/$wpid/ns/user") 0 0 $RL_UID 1" \
		"$("$ue" "$web" --net sh -c 'echo $(readlink /proc/self/ns/net) $(readlink /proc/self/ns/user) $(id -u) $(head -n1 /proc/self/uid_map)' | xargs)"
	check "$e: user: --net: still no host privilege" "Permission denied" \
		"$("$ue" "$web" --net cat /etc/shadow 2>&1 | grep -o 'Permission denied')"
	check "$e: user: --pid" "$(readlink "/proc/$wpid/ns/pid")" "$("$ue" "$web" --pid readlink /proc/self/ns/pid)"
	check "$e: user: -a joins every namespace it can, the cgroup namespace (the host's) left out" "$want" \
		"$("$ue" "$web" -a sh -c 'for n in user mnt net uts ipc pid; do readlink /proc/self/ns/$n; done')"
	"$ue" "$web" -a touch /tmp/made-by-user
	check "$e: user: -a: its files are the user's own on the host" "$RL_UID" \
		"$(owner_of "/proc/$wpid/root/tmp/made-by-user")"
	check "$e: user: --preserve-credentials semantics: the user's own supplementary groups" \
		"$(rl_as_user id -G | wc -w)" "$("$ue" "$web" --net sh -c 'id -G | wc -w')"
	check "$e: user: --exec: the user, environment and directory of docker exec" \
		"$("$client" exec "$app" sh -c "$exec_probe")" "$("$ue" "$app" --exec sh -c "$exec_probe")"
	check "$e: user: --as app:audio equals docker exec -u app:audio" \
		"$("$client" exec -u app:audio "$app" sh -c "$as_probe")" "$("$ue" "$app" --as app:audio sh -c "$as_probe")"
	check "$e: user: the capability sets, no_new_privs and seccomp are docker exec's" \
		"$("$client" exec "$web" cat /proc/self/status | status_caps)" \
		"$("$ue" "$web" cat /proc/self/status | status_caps)"
	check "$e: user: the seccomp profile, from the runtime's config.json (the user's own), fails mkdir the same" \
		"$enotsock" "$("$ue" "$sec" mkdir /tmp/a 2>&1)"
	check "$e: user: --list: the sharer" "$side" "$("$ue" --list "$web" | awk '$2 == "net" {print $3}')"
	check_match "$e: user: --list says the daemon is rootless" "rootless daemon: uid $RL_UID" \
		"$("$ue" --list "$web" | tail -n1)"
	check "$e: user: completion" "$(printf '%s\n' "$app" "$sec" "$side" "$web" | sort)" \
		"$("$ue" __completeNoDesc "$RL_PREFIX" | grep -v '^:' | sort)"
	check "$e: user: completion through docker (its __complete)" \
		"$(printf '%s\n' "$app" "$sec" "$side" "$web" | sort)" \
		"$("$up" __complete_via_docker "$RL_PREFIX" | grep -v '^:' | cut -f1 | sort)"
	check_match "$e: user: on a terminal, the container's program gets a terminal of its own in its devpts" \
		"^/dev/pts/[0-9]+$" "$(rl_as_user env DOCKER_HOST="unix://$sock" script -qec "$NSENTER $web tty" /dev/null |
			tr -d '\r')"
	check_status "$e: user: --join-cgroup is refused" 125 "$ue" "$web" --net -c true
	check_match "$e: user:   ... saying whose cgroup it is and that only root may join it" \
		"cannot join the container's cgroup pids:/$RL_CGROUP: it belongs to uid 0, and only root may move processes into it" \
		"$ERR"
	check "$e: user: --exec leaves out the cgroup it cannot join, as docker exec's runtime does for rootless" \
		"$(grep ':pids:' /proc/self/cgroup | cut -d: -f3)" \
		"$("$ue" "$web" --exec cat /proc/self/cgroup | grep ':pids:' | cut -d: -f3)"
	check_status "$e: user: --host-root is refused" 125 "$ue" "$web" --host-root true
	check_match "$e: user:   ... saying it needs root and why" "--host-root needs root" "$ERR"
	check_status "$e: user: docker-nsmount of a block device is refused" 32 \
		rl_as_user env DOCKER_HOST="unix://$sock" "$NSMOUNT" "$web" "$loopdev" /mnt/disk --mkdir
	check_match "$e: user:   ... saying it needs root" "mounting a block device needs root" "$ERR"
	check "$e: user:   ... and nothing was made in the container" "" "$(ls -d "/proc/$wpid/root/mnt/disk" 2>/dev/null)"
	check_status "$e: user: --pin is refused" 125 "$ue" --pin "$RL_HOME/pins" "$web"
	check_match "$e: user:   ... saying it needs root" "pinning needs root" "$ERR"
	check "$e: user:   ... and made nothing" "" "$(ls -d "$RL_HOME/pins" 2>/dev/null)"
	check_match "$e: user: docker-nsmount lists the container's mounts" "^/ +" \
		"$(rl_as_user env DOCKER_HOST="unix://$sock" "$NSMOUNT" "$web" | sed -n 2p)"
}

# A block device for the refusal above: an ext4 image on a loop device.
img=$BATS_TMP/disk.img
truncate -s 8M "$img"
mkfs.ext4 -q -F "$img"
loopdev=$(losetup -f --show "$img")
detach_loop() { losetup -d "$loopdev" 2>/dev/null; }

rootless_docker_root() { DOCKER_HOST=$RL_DOCKER_HOST "$NSENTER" "$@"; }
rootless_docker_user() { rl_as_user "$NSENTER" "$@"; }
rootless_docker_plugin() {
	if [ "$1" = __complete_via_docker ]; then
		rl_as_user docker __complete nsenter "$2"
	else
		rl_as_user docker nsenter "$@"
	fi
}
rootless_podman_root() { DOCKER_HOST=$RL_PODMAN_HOST "$NSENTER" "$@"; }
rootless_podman_user() { rl_as_user DOCKER_HOST="$RL_PODMAN_HOST" "$NSENTER" "$@"; }
rootless_podman_plugin() {
	if [ "$1" = __complete_via_docker ]; then
		rl_as_user DOCKER_HOST="$RL_PODMAN_HOST" docker __complete nsenter "$2"
	else
		rl_as_user DOCKER_HOST="$RL_PODMAN_HOST" docker nsenter "$@"
	fi
}
engine_checks docker rl_docker rootless_docker_root rootless_docker_user rootless_docker_plugin "$RL_DOCKER_SOCK"
engine_checks podman rl_podman rootless_podman_root rootless_podman_user rootless_podman_plugin "$RL_PODMAN_SOCK"
detach_loop

# Podman's --userns=keep-id (its own CLI, as the user): the container's user namespace is nested in the pause
# process's, so the proof walks up from it.
keep=${RL_PREFIX}keepid
rl_as_user podman run -d --name "$keep" --userns=keep-id --network none --ulimit nofile=1024:1024 \
	--ulimit nproc=1024:1024 "${RL_IMAGES[0]}" sleep 100000 >/dev/null || fail "podman cannot run $keep"
kpid=$(rl_podman inspect -f '{{.State.Pid}}' "$keep")
check "keep-id: the container's user namespace is a child of the pause process's (NS_GET_PARENT)" \
	"$(readlink "/proc/$RL_PAUSE_PID/ns/user")" \
	"$(python3 -c 'import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
print(os.readlink("/proc/self/fd/%d" % fcntl.ioctl(fd, 0xb702)))' "/proc/$kpid/ns/user")"
check "keep-id: root: -a joins the nested user namespace and the rest" \
	"$(for n in user mnt net pid; do readlink "/proc/$kpid/ns/$n"; done)" \
	"$(rootless_podman_root "$keep" -a sh -c 'for n in user mnt net pid; do readlink /proc/self/ns/$n; done')"
check "keep-id: user: -a, the same" "$(for n in user mnt net pid; do readlink "/proc/$kpid/ns/$n"; done)" \
	"$(rootless_podman_user "$keep" -a sh -c 'for n in user mnt net pid; do readlink /proc/self/ns/$n; done')"
check "keep-id: user: -S follow: the user's own uid inside" "$RL_UID" "$(rootless_podman_user "$keep" -a -S follow id -u)"
# --user-parent: the pause process's user namespace (the user's rootless one) in place of the nested one.
pause_user=$(readlink "/proc/$RL_PAUSE_PID/ns/user")
check "keep-id: user: --user-parent -n: the pause process's user namespace, the container's network" \
	"$pause_user $(readlink "/proc/$kpid/ns/net")" \
	"$(rootless_podman_user "$keep" --user-parent -n sh -c 'echo $(readlink /proc/self/ns/user) $(readlink /proc/self/ns/net)')"
check "keep-id: user: -a --user-parent: the container's program, root of the pause process's user namespace" \
	"$pause_user $(for n in mnt net pid; do readlink "/proc/$kpid/ns/$n"; done | paste -sd' ') 0" \
	"$(rootless_podman_user "$keep" -a --user-parent sh -c 'echo $(for n in user mnt net pid; do readlink /proc/self/ns/$n; done) $(id -u)')"
check "keep-id: root: -a --user-parent: the same, as that namespace's root" \
	"$pause_user $(for n in mnt net pid; do readlink "/proc/$kpid/ns/$n"; done | paste -sd' ') 0" \
	"$(rootless_podman_root "$keep" -a --user-parent sh -c 'echo $(for n in user mnt net pid; do readlink /proc/self/ns/$n; done) $(id -u)')"

# --- A lying daemon of the user's -------------------------------------------------------------------------------------
# The user runs a daemon of its own in its own user namespace (RootlessKit's, as the real one), and root talks to it.
# It names processes that are not the user's containers': each must be refused, and nothing may run.
web=${RL_PREFIX}web
victim() { # victim SECONDS CMD...: CMD ends in `sleep SECONDS` (a number no other process sleeps); its PID in $vpid
	"${@:2}" >/dev/null 2>&1 &
	disown # killed below, by its command line
	vpid=
	for _ in $(seq 50); do
		vpid=$(pgrep -x -f "sleep $1")
		[ -n "$vpid" ] && break
		sleep 0.1
	done
}
fake_sock=
fake_pid=
fake_start() { # fake_start SCENARIO [env...]: the fake, as the user (FAKE_UID) or in its user namespace (FAKE_USERNS)
	local dir
	dir=$(mktemp -d "$RL_XDG/fake.XXXXXX")
	chown "$RL_USER" "$dir"
	env "${@:2}" FAKE_REAL="$RL_DOCKER_SOCK" /usr/bin/python3 "$FAKE" "$dir/fake.sock" "$1" "$web" \
		>"$dir/out" 2>&1 &
	fake_pid=$!
	for _ in $(seq 50); do
		grep -q ready "$dir/out" 2>/dev/null && break
		sleep 0.1
	done
	fake_sock=$dir/fake.sock
}
fake_stop() {
	kill "$fake_pid" 2>/dev/null
	wait "$fake_pid" 2>/dev/null
	rm -rf "$(dirname "$fake_sock")"
}
# attack NAME PID REGEX: the fake, in the user's RootlessKit user namespace, names PID as web's init; root's
# docker-nsenter must refuse it, saying REGEX, and run nothing.
attack() {
	local peer
	fake_start "pid=$2" FAKE_USERNS="/proc/$RL_DOCKER_PID/ns/user"
	peer=$(rl_peer_pid "$fake_sock")
	check "attack: the fake runs as the user, in its rootless user namespace" \
		"$RL_UID $(readlink "/proc/$RL_DOCKER_PID/ns/user")" \
		"$(ps -o uid= -p "$peer" | tr -d ' ') $(readlink "/proc/$peer/ns/user")"
	rm -f "$BATS_TMP/ran"
	check_status "attack: $1: refused" 125 env DOCKER_HOST="unix://$fake_sock" "$NSENTER" "$web" -n touch "$BATS_TMP/ran"
	check_match "  ... saying so" "$3" "$ERR"
	check "  ... and nothing ran" "no" "$([ -e "$BATS_TMP/ran" ] && echo yes || echo no)"
	fake_stop
}
not_users="does not belong to container .*: it does not run in a user namespace of uid $RL_UID"
victim 1002 sleep 1002
attack "a root process of the host" "$vpid" "$not_users"
victim 1003 runuser -u nobody -- sleep 1003
attack "another user's process" "$vpid" "$not_users"
victim 1004 runuser -u nobody -- unshare -U sleep 1004
attack "a process in another user's user namespace" "$vpid" "$not_users"
victim 1005 nsenter -U --preserve-credentials -t "$RL_DOCKER_PID" sleep 1005
attack "a root process that joined the user's user namespace, keeping host root's IDs" "$vpid" \
	"does not belong to container .*: it runs as host uid 0, which its user namespace does not map"
victim 1006 rl_as_user sleep 1006
attack "the user's own process outside its user namespace" "$vpid" "$not_users"
victim 1007 rl_as_user nsenter -U --preserve-credentials -t "$RL_DOCKER_PID" sleep 1007
attack "the user's process in its user namespace, no container's" "$vpid" \
	"does not belong to container .*: its parent \([0-9]+\) is no runtime shim of it"
attack "a PID that does not exist" 4194000 "process 4194000 is gone"
# The user's own "shim": a process it names containerd-shim, with the container's ID after -id, whose child is a
# setuid-root program (passwd, waiting for a password): a root process whose parent names the container. Only the
# user namespace steps tell it from the container's init.
shim_py='import subprocess, time
p = subprocess.Popen(["/usr/bin/passwd"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(p.pid, flush=True)
time.sleep(1008)'
rl_as_user bash -c 'exec -a containerd-shim python3 -c "$1" -id "$2"' _ "$shim_py" "$(rl_docker inspect -f '{{.Id}}' "$web")" \
	>"$BATS_TMP/shim.out" 2>/dev/null &
disown
for _ in $(seq 50); do
	[ -s "$BATS_TMP/shim.out" ] && break
	sleep 0.1
done
setuid_child=$(head -n1 "$BATS_TMP/shim.out")
check "the user's fake shim names the container and has a setuid-root child" "containerd-shim 0" \
	"$(tr '\0' '\n' <"/proc/$(ps -o ppid= -p "$setuid_child" | tr -d ' ')/cmdline" | head -n1) $(ps -o euid= -p "$setuid_child" | tr -d ' ')"
attack "a setuid-root child of the user's fake shim, which names the container" "$setuid_child" "$not_users"
kill -KILL "$setuid_child" 2>/dev/null
for s in 1002 1003 1004 1005 1006 1007; do
	pkill -KILL -x -f "sleep $s"
done
pkill -KILL -u "$RL_UID" -f '^containerd-shim -c import subprocess'

fake_start content-length FAKE_UID="$RL_UID"
check_status "a daemon of the user's outside any user namespace of its own (no rootless daemon) is refused" 125 \
	env DOCKER_HOST="unix://$fake_sock" "$NSENTER" "$web" -n true
check_match "  ... saying who runs it" "refusing the Docker daemon at unix://$fake_sock: it is run by uid $RL_UID \($RL_USER\)" \
	"$ERR"
fake_stop

# --- The README's runbooks for rootless engines ------------------------------------------------------------------
# rootless_runbook NAME CONTAINER root|user: run the block as root, or as the user (then `docker nsenter` is the user's
# docker CLI with the plugin installed above); /run/user/1000 stands for the user's runtime directory.
RAN=()
rootless_runbook() {
	local text
	RAN+=("$1")
	if ! text=$(runbook_text "$1") || [ -z "$text" ]; then
		fail "the README has the runbook $1"
		return
	fi
	text=${text//\/run\/user\/1000\//$RL_XDG/}
	# shellcheck disable=SC2016 # expanded by the recipe's bash
	text=$(sed -e "s/\\<web\\>/$2/g" -e 's/\<docker-nsenter\>/"$NSENTER"/g' <<<"$text")
	if [ "$3" = user ]; then
		OUT=$(rl_as_user bash -c "$text" 2>"$BATS_TMP/rb-err")
	else
		OUT=$(NSENTER=$NSENTER timeout 120 bash -c "$text" 2>"$BATS_TMP/rb-err")
	fi
	RB_STATUS=$?
	ERR=$(cat "$BATS_TMP/rb-err")
}
for e in docker podman; do
	for who in root user; do
		rootless_runbook "rootless-$e-$who" "${RL_PREFIX}web" "$who"
		check "runbook rootless-$e-$who: ran" "0" "$RB_STATUS"
		check_match "runbook rootless-$e-$who: the listener in the container" \
			"LISTEN .* 127\.0\.0\.1:8080 .*users:\(\(\"httpd\"" "$OUT"
		check_match "runbook rootless-$e-$who: docker exec's user, root of the container" "uid=0\(root\)" "$OUT"
	done
done
check "every rootless runbook in the README is tested here" \
	"$(sed -n 's/^<!-- runbook: \(rootless-.*\) -->$/\1/p' "$README" | sort)" "$(printf '%s\n' "${RAN[@]}" | sort)"

rl_teardown
check "the host's docker0 and iptables are as they were" "$host_net_before" "$(rl_host_net)"
