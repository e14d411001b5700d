# SPDX-License-Identifier: Apache-2.0
# Rootless engines for the integration tests, sourced: a throwaway user with subordinate ID ranges and its own
# XDG_RUNTIME_DIR, a rootless dockerd (Docker's dockerd-rootless.sh over RootlessKit) and a rootless
# `podman system service`, both running as that user, the test images loaded into both, and a teardown that
# removes all of it again, also on failure. Everything here runs as root; rl_as_user runs a command as the user.
#
#   . rootless-env.sh; rl_setup          user, both daemons, images; the EXIT trap tears it all down
#   rl_as_user [VAR=VALUE...] CMD...     CMD as the user, in a clean environment (HOME, XDG_RUNTIME_DIR, PATH)
#   rl_docker ARGS... / rl_podman ARGS... root's docker CLI against the rootless dockerd / podman's Docker API
#   rl_run_docker NAME [OPTS...] [-- CMD...], rl_run_podman ...   a container named $RL_PREFIX$NAME, its name echoed
#   rl_teardown                          stop and remove everything; idempotent, also run by the trap
#   rl_api SOCKET PATH, rl_peer_pid SOCKET, rl_userns_owner NSFILE, rl_pids, rl_host_net   what the kernel and the
#                                        engines say, for assertions; the RL_* variables below name the rest
#   RL_ROOTLESSKIT_FLAGS=...             more RootlessKit options (DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS), e.g. --pidns
#
# What differs from a desktop's rootless setup, and why:
# - No network uplink. Users cannot open /dev/net/tun on this machine, so RootlessKit's slirp4netns cannot start;
#   RootlessKit runs with --net=host and a one-line `dockerd` wrapper first in the daemon's PATH unshares a network
#   namespace of its own, owned by RootlessKit's user namespace as slirp4netns's would be, before it execs dockerd.
#   dockerd's docker0 and iptables rules live there; the host's docker0 and iptables are never in reach (rl_host_net
#   prints them so that a test can compare). Podman's containers run with --network none for the same reason.
# - The daemons run in a pids cgroup of their own, created here and owned by root, as a systemd user service's
#   would be: their containers' cgroups then differ from the caller's and the user cannot write to them, which
#   is what an unprivileged user meets on a cgroup v1 host.
# - No systemd user session: XDG_RUNTIME_DIR is made here (/run/user/UID, 0700, the user's) and removed again.

# shellcheck disable=SC2034 # the RL_* variables are for the tests that source this file
RL_USER=nsitrl$$
RL_PREFIX=nsrl-$$-
RL_UID=
RL_GID=
RL_HOME=
RL_XDG=
RL_DIR=
RL_DOCKER_SOCK=
RL_DOCKER_HOST=
RL_PODMAN_SOCK=
RL_PODMAN_HOST=
RL_DOCKER_PID=     # dockerd, a child of RootlessKit's child, as a host PID (SO_PEERCRED of docker.sock)
RL_ROOTLESSKIT_PID= # RootlessKit's parent process, in the host's namespaces
RL_PODMAN_PID=     # the podman service that listens (SO_PEERCRED of its socket), inside the pause process's userns
RL_PAUSE_PID=      # podman's pause process, holder of the rootless user and mount namespaces
RL_CGROUP=         # the pids cgroup the daemons run in, relative to the pids hierarchy
RL_CGROUP_DIR=     # ... and its directory
RL_IMAGES=(docker-nsenter/busybox:latest docker-nsenter/noshell:latest)
RL_WAIT=120        # half-seconds to wait for a daemon
_rl_docker_job=
_rl_podman_job=
_rl_made_run_user=
_rl_made_user=
_rl_torn_down=
_rl_cgroot=/sys/fs/cgroup/pids
# shellcheck source=tests/integration/run-args.sh
. "$(dirname "${BASH_SOURCE[0]}")/run-args.sh"

_rl_die() {
	echo "FAIL: rootless-env: $*" >&2
	exit 1
}

# rl_wait COMMAND...: up to RL_WAIT half-seconds for COMMAND to succeed.
rl_wait() {
	local i
	for ((i = 0; i < RL_WAIT; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.5
	done
	return 1
}

rl_as_user() {
	# a sanitizer build's settings go along (LeakSanitizer must stay off where namespaces are joined)
	local san=()
	[ -n "${ASAN_OPTIONS+set}" ] && san+=("ASAN_OPTIONS=$ASAN_OPTIONS")
	[ -n "${UBSAN_OPTIONS+set}" ] && san+=("UBSAN_OPTIONS=$UBSAN_OPTIONS")
	(cd "$RL_HOME" && exec runuser -u "$RL_USER" -- env -i HOME="$RL_HOME" USER="$RL_USER" LOGNAME="$RL_USER" \
		XDG_RUNTIME_DIR="$RL_XDG" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${san[@]}" "$@")
}

rl_docker() { docker -H "$RL_DOCKER_HOST" "$@"; }
rl_podman() { docker -H "$RL_PODMAN_HOST" "$@"; }

# rl_peer_pid SOCKET: the PID of the process listening on SOCKET, as the kernel reports it (SO_PEERCRED).
rl_peer_pid() {
	python3 -c 'import socket, struct, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
print(struct.unpack("3i", s.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))[0])' "$1"
}

# rl_api SOCKET PATH: the body of GET PATH from an Engine API socket (Docker's or podman's), as the caller.
rl_api() {
	python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(30)
s.connect(sys.argv[1])
s.sendall(b"GET " + sys.argv[2].encode() + b" HTTP/1.0\r\nHost: docker\r\n\r\n")
data = b""
while len(data) < 1 << 22:
    b = s.recv(65536)
    if not b:
        break
    data += b
sys.stdout.write(data.split(b"\r\n\r\n", 1)[1].decode())' "$1" "$2"
}

# rl_userns_owner NSFILE: the uid that created the user namespace NSFILE (/proc/PID/ns/user), NS_GET_OWNER_UID.
rl_userns_owner() {
	python3 -c 'import fcntl, os, struct, sys
fd = os.open(sys.argv[1], os.O_RDONLY)
buf = bytearray(4)
fcntl.ioctl(fd, 0xb704, buf)
print(struct.unpack("I", buf)[0])' "$1"
}

_rl_ppid() { ps -o ppid= -p "$1" 2>/dev/null | tr -d ' '; }

# rl_pids: every live process that is the user's: its uid is the user's, or its user namespace was created by the
# user (NS_GET_OWNER_UID), which takes in the containers' processes running as subordinate IDs. Zombies are left out.
rl_pids() {
	[ -n "$RL_UID" ] && [ "$RL_UID" -gt 0 ] || return 0
	python3 - "$RL_UID" <<'PY'
import fcntl, os, struct, sys
uid = int(sys.argv[1])
for p in filter(str.isdigit, os.listdir("/proc")):
    try:
        st = dict(l.split(":", 1) for l in open("/proc/%s/status" % p).read().splitlines() if ":" in l)
        if st["State"].split()[0] in ("Z", "X"):
            continue
        mine = uid in map(int, st["Uid"].split())
        if not mine:
            fd = os.open("/proc/%s/ns/user" % p, os.O_RDONLY)
            try:
                buf = bytearray(4)
                fcntl.ioctl(fd, 0xb704, buf)  # NS_GET_OWNER_UID
                mine = struct.unpack("I", buf)[0] == uid and os.readlink("/proc/%s/ns/user" % p) != os.readlink("/proc/self/ns/user")
            finally:
                os.close(fd)
        if mine:
            print(p)
    except (OSError, KeyError, ValueError):
        pass
PY
}

# rl_host_net: what the host's network shows of docker0 and the firewall, for a before/after comparison: docker0's
# index, name, MTU, address and IP addresses, and the rules of iptables and ip6tables without their counters.
rl_host_net() {
	ip -o link show dev docker0 2>&1 | awk '{for (i = 1; i <= NF; i++) if ($i == "link/ether") print $1, $2, $5, $(i + 1)}'
	ip -o addr show dev docker0 2>&1 | awk '{print $3, $4}'
	iptables-save 2>&1 | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//'
	ip6tables-save 2>&1 | grep -v '^#' | sed 's/\[[0-9]*:[0-9]*\]//'
}

_rl_require() {
	local c
	for c in runuser useradd userdel newuidmap newgidmap rootlesskit slirp4netns dockerd podman python3 unshare \
		iptables-save; do
		command -v "$c" >/dev/null || _rl_die "$c is missing (scripts/deps.sh installs what the tests need)"
	done
	RL_DOCKERD_ROOTLESS=$(command -v dockerd-rootless.sh || dpkg -L docker.io 2>/dev/null | grep '/dockerd-rootless\.sh$')
	[ -x "$RL_DOCKERD_ROOTLESS" ] || _rl_die "dockerd-rootless.sh is missing (Debian's docker.io ships it)"
	[ "$(id -u)" -eq 0 ] || _rl_die "the rootless environment is set up by root"
}

# rl_create_user: the user, its subordinate ID ranges (useradd allocates them from /etc/login.defs's SUB_*),
# its home, its XDG_RUNTIME_DIR, and a directory for the wrapper and the logs.
rl_create_user() {
	useradd -m -U -s /bin/sh -c "docker-nsenter rootless test" "$RL_USER" || _rl_die "cannot create user $RL_USER"
	_rl_made_user=yes
	RL_UID=$(id -u "$RL_USER")
	RL_GID=$(id -g "$RL_USER")
	RL_HOME=$(getent passwd "$RL_USER" | cut -d: -f6)
	grep -q "^$RL_USER:" /etc/subuid || _rl_die "useradd gave $RL_USER no subordinate uids"
	grep -q "^$RL_USER:" /etc/subgid || _rl_die "useradd gave $RL_USER no subordinate gids"
	if [ ! -d /run/user ]; then
		install -d -m 0755 /run/user && _rl_made_run_user=yes
	fi
	RL_XDG=/run/user/$RL_UID
	[ -e "$RL_XDG" ] && _rl_die "$RL_XDG already exists"
	install -d -m 0700 -o "$RL_USER" -g "$RL_USER" "$RL_XDG" || _rl_die "cannot create $RL_XDG"
	if ! RL_DIR=$(mktemp -d /tmp/nsit-rootless.XXXXXX) || ! chmod 0755 "$RL_DIR" || ! mkdir "$RL_DIR/bin"; then
		_rl_die "cannot create a work directory"
	fi
	RL_DOCKER_SOCK=$RL_XDG/docker.sock
	RL_DOCKER_HOST=unix://$RL_DOCKER_SOCK
	RL_PODMAN_SOCK=$RL_XDG/podman/podman.sock
	RL_PODMAN_HOST=unix://$RL_PODMAN_SOCK
	RL_CGROUP=nsit-rootless-$$
	RL_CGROUP_DIR=$_rl_cgroot/$RL_CGROUP
	mkdir "$RL_CGROUP_DIR" || _rl_die "cannot create the pids cgroup $RL_CGROUP"
}

# _rl_start_as_user LOG CMD...: CMD as the user in the background, in the daemons' cgroup and a session of its own;
# the background job's PID (runuser's) lands in $_rl_job.
_rl_start_as_user() {
	local log=$1
	shift
	(
		echo "$BASHPID" >"$_rl_cgroot/$RL_CGROUP/cgroup.procs" || exit 1
		cd "$RL_HOME" || exit 1
		exec runuser -u "$RL_USER" -- env -i HOME="$RL_HOME" USER="$RL_USER" LOGNAME="$RL_USER" \
			XDG_RUNTIME_DIR="$RL_XDG" \
			PATH="$RL_DIR/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "$@" \
			</dev/null >"$log" 2>&1
	) &
	_rl_job=$!
}

rl_start_docker() {
	local dockerd
	dockerd=$(command -v dockerd)
	printf '#!/bin/sh\n# RootlessKit runs with --net=host here: give dockerd a network namespace of its own.\n' \
		>"$RL_DIR/bin/dockerd"
	printf 'exec unshare --net -- %s "$@"\n' "$dockerd" >>"$RL_DIR/bin/dockerd"
	chmod 0755 "$RL_DIR/bin/dockerd"
	_rl_start_as_user "$RL_DIR/dockerd.log" setsid env DOCKERD_ROOTLESS_ROOTLESSKIT_NET=host \
		DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER=none \
		DOCKERD_ROOTLESS_ROOTLESSKIT_FLAGS="${RL_ROOTLESSKIT_FLAGS:-}" sh "$RL_DOCKERD_ROOTLESS"
	_rl_docker_job=$_rl_job
	if ! rl_wait rl_docker version; then
		tail -n 20 "$RL_DIR/dockerd.log" >&2
		_rl_die "the rootless dockerd does not answer on $RL_DOCKER_SOCK"
	fi
	# the kernel's word for who serves the socket, as a host PID; docker.pid holds the same process's PID as
	# dockerd sees it (the last NSpid: a host PID unless RootlessKit got --pidns)
	RL_DOCKER_PID=$(rl_peer_pid "$RL_DOCKER_SOCK")
	[ "$(awk '/^NSpid:/ {print $NF}' "/proc/$RL_DOCKER_PID/status")" = "$(cat "$RL_XDG/docker.pid")" ] ||
		_rl_die "docker.sock is not served by the dockerd of docker.pid"
	# dockerd's parent is RootlessKit's child (in the new user namespace), whose parent is RootlessKit itself
	RL_ROOTLESSKIT_PID=$(_rl_ppid "$(_rl_ppid "$RL_DOCKER_PID")")
	if [ "$(ps -o comm= -p "$RL_ROOTLESSKIT_PID")" != rootlesskit ] || ! _rl_ours "$RL_ROOTLESSKIT_PID"; then
		_rl_die "RootlessKit is not dockerd's grandparent"
	fi
	# the user's docker CLI talks to it as dockerd-rootless-setuptool.sh sets it up: a context named rootless
	if ! rl_as_user docker context create rootless --docker "host=$RL_DOCKER_HOST" >/dev/null 2>&1 ||
		! rl_as_user docker context use rootless >/dev/null 2>&1; then
		_rl_die "cannot create the user's rootless context"
	fi
}

rl_start_podman() {
	# podman's rootless service needs its socket's directory to exist before it starts
	install -d -m 0700 -o "$RL_USER" -g "$RL_USER" "$RL_XDG/podman" || _rl_die "cannot create $RL_XDG/podman"
	_rl_start_as_user "$RL_DIR/podman.log" setsid podman system service --time=0 "$RL_PODMAN_HOST"
	_rl_podman_job=$_rl_job
	if ! rl_wait rl_podman version; then
		tail -n 20 "$RL_DIR/podman.log" >&2
		_rl_die "the rootless podman service does not answer on $RL_PODMAN_SOCK"
	fi
	RL_PODMAN_PID=$(rl_peer_pid "$RL_PODMAN_SOCK")
	RL_PAUSE_PID=$(cat "$RL_XDG/libpod/tmp/pause.pid" 2>/dev/null)
	[ -n "$RL_PAUSE_PID" ] || _rl_die "podman left no pause.pid in $RL_XDG/libpod/tmp"
}

# rl_load_images CLIENT-FUNCTION: the test images, from the host's dockerd, through the engine's load endpoint.
rl_load_images() {
	local img
	local out
	out=$(docker save "${RL_IMAGES[@]}" | "$1" load 2>&1) || _rl_die "cannot load the test images with $1: $out"
	for img in "${RL_IMAGES[@]}"; do
		"$1" image inspect "$img" >/dev/null 2>&1 || _rl_die "$img is missing after loading it with $1"
	done
}

rl_setup() {
	_rl_require
	local img
	for img in "${RL_IMAGES[@]}"; do
		docker image inspect "$img" >/dev/null 2>&1 || _rl_die "test image $img is missing (scripts/images.sh)"
	done
	rl_create_user
	rl_start_docker
	rl_load_images rl_docker
	rl_start_podman
	rl_load_images rl_podman
}

# rl_run_docker NAME [docker run options...] [-- command...]
rl_run_docker() { _rl_run rl_docker "$@"; }
# rl_run_podman NAME [options...] [-- command...]: with --network none and the rlimits this machine accepts
rl_run_podman() {
	local name=$1
	shift
	_rl_run rl_podman "$name" --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 "$@"
}

_rl_run() {
	local client=$1 name=$RL_PREFIX$2
	shift 2
	run_args_split "$@"
	"$client" run -d --name "$name" "${RUN_OPTS[@]}" "${RL_IMAGES[0]}" "${RUN_CMD[@]}" >/dev/null ||
		_rl_die "$client cannot run $name"
	echo "$name"
}

# _rl_ours PID: PID is one of the runuser jobs started here, or a process running as the user. Nothing else is
# ever signalled: an empty or stale PID must not become `kill 0` or hit someone else's process.
_rl_ours() {
	[[ $1 =~ ^[1-9][0-9]*$ ]] && [ "$1" -gt 1 ] || return 1
	if [ "$1" = "$_rl_docker_job" ] || [ "$1" = "$_rl_podman_job" ]; then
		return 0
	fi
	[ -n "$RL_UID" ] && [ "$(ps -o uid= -p "$1" | tr -d ' ')" = "$RL_UID" ]
}

# _rl_stop PID: SIGTERM, up to 30 s, then SIGKILL; only for a process of ours.
_rl_stop() {
	local i
	_rl_ours "$1" || return 0
	kill -TERM "$1" 2>/dev/null || return 0
	for ((i = 0; i < 60; i++)); do
		kill -0 "$1" 2>/dev/null || return 0
		sleep 0.5
	done
	kill -KILL "$1" 2>/dev/null
}

# _rl_rm_containers HOST: every container of the engine on HOST (all of them are ours), bounded.
_rl_rm_containers() {
	local ids
	ids=$(timeout 30 docker -H "$1" ps -aq 2>/dev/null) || return 0
	# shellcheck disable=SC2086
	[ -z "$ids" ] || timeout 60 docker -H "$1" rm -f $ids >/dev/null 2>&1
}

_rl_sweep() {
	local i pids p
	for ((i = 0; i < 40; i++)); do
		pids=$(rl_pids)
		[ -z "$pids" ] && return 0
		for p in $pids; do
			[[ $p =~ ^[1-9][0-9]*$ ]] && [ "$p" -gt 1 ] && kill -KILL "$p" 2>/dev/null
		done
		sleep 0.25
	done
	echo "rootless-env: processes of $RL_USER survive: $pids" >&2
	return 1
}

rl_teardown() {
	local st=$? i
	[ -n "$_rl_torn_down" ] && return 0
	_rl_torn_down=yes
	if [ "$st" -ne 0 ] && [ -n "$RL_DIR" ]; then
		for i in dockerd podman; do
			[ -s "$RL_DIR/$i.log" ] && { echo "# last lines of the rootless $i's log:"; tail -n 15 "$RL_DIR/$i.log"; } >&2
		done
	fi
	if [ -n "$_rl_podman_job" ]; then
		_rl_rm_containers "$RL_PODMAN_HOST"
		# runuser passes SIGTERM to the podman it started, but the service that listens is that one's re-executed
		# child in the rootless user namespace: stop it first, then the pause process
		_rl_stop "$RL_PODMAN_PID"
		_rl_stop "$_rl_podman_job"
		_rl_stop "$RL_PAUSE_PID"
	fi
	if [ -n "$_rl_docker_job" ]; then
		_rl_rm_containers "$RL_DOCKER_HOST"
		# RootlessKit passes SIGTERM on to dockerd, which stops containerd and its containers
		_rl_stop "${RL_ROOTLESSKIT_PID:-$RL_DOCKER_PID}"
		_rl_stop "$_rl_docker_job"
	fi
	_rl_sweep
	# nothing of theirs should be mounted in the host's namespace; if it is, it goes before the files do
	if [ -n "$RL_XDG" ]; then
		awk -v h="$RL_HOME/" -v x="$RL_XDG/" 'index($5 "/", h) == 1 || index($5 "/", x) == 1 {print $5}' \
			/proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
	fi
	if [ -n "$_rl_made_user" ]; then
		# podman's rootless lock (/dev/shm/libpod_rootless_lock_UID) and whatever else the user left in the
		# shared temporary places
		[ -n "$RL_UID" ] && [ "$RL_UID" -gt 0 ] &&
			find /tmp /var/tmp /dev/shm -xdev -uid "$RL_UID" -delete 2>/dev/null
		userdel -r -f "$RL_USER" 2>/dev/null
		sed -i "/^$RL_USER:/d" /etc/subuid /etc/subgid
		getent group "$RL_USER" >/dev/null && groupdel "$RL_USER"
		[ -n "$RL_HOME" ] && rm -rf "$RL_HOME"
	fi
	[ -n "$RL_XDG" ] && rm -rf "$RL_XDG"
	[ -n "$_rl_made_run_user" ] && rmdir /run/user 2>/dev/null
	[ -n "$RL_DIR" ] && rm -rf "$RL_DIR"
	if [ -n "$RL_CGROUP" ] && [ -d "$_rl_cgroot/$RL_CGROUP" ]; then
		for ((i = 0; i < 20; i++)); do
			rmdir "$_rl_cgroot/$RL_CGROUP" 2>/dev/null && break
			sleep 0.25
		done
	fi
	return 0
}

_rl_on_exit() {
	local st=$?
	(exit "$st")
	rl_teardown
	declare -F cleanup >/dev/null && cleanup
	return "$st"
}
trap _rl_on_exit EXIT
trap 'exit 130' INT HUP
trap 'exit 143' TERM
