# SPDX-License-Identifier: Apache-2.0
# Sourced helpers: a private containerd of the test's own (its own socket, root and state directories, all removed
# afterwards, on failure too) and containers run in it with ctr, carrying the kubelet's labels and kubelet-style
# cgroup paths. It shares nothing with dockerd's containerd (/run/docker/containerd/) and touches no network: ctr
# gives each container a new network namespace with only lo (no CNI), and the CRI plugin is disabled.
#
#   cd_start                       start the daemon; sets CD_SOCK, CD_DIR; imports $IMAGE into namespace k8s.io
#   cd_import NS                   import $IMAGE into namespace NS too
#   cd_run NS ID CGROUP [LABEL=VALUE|--FLAG...] [-- CMD...]   ctr run -d in namespace NS, cgroup path CGROUP ("": ctr's
#                                  own, /NS/ID)
#   cd_pod NS POD UID CONTAINER CGROUP-STYLE           a container with the kubelet's labels (see below); sets CD_ID
#   cd_pid NS ID                   the task's PID as ctr task ls says it
#   cd_stop                        (called at exit) remove every container, the daemon, its directories, cgroups
#
# It runs from lib.sh's EXIT trap through cd_cleanup_chain, so lib.sh's own cleanup still runs.

CD_DIR=
CD_SOCK=
CD_PID=
CD_CGROUPS=()		# cgroup paths of our containers, relative to each hierarchy's root
CD_CGROUP_PARENTS=()	# pod-level directories the kubelet would have made, removed when empty

cd_ctr() {
	timeout 60 ctr --address "$CD_SOCK" "$@"
}

cd_start() {
	CD_DIR=$(mktemp -d /var/tmp/nsenter-containerd.XXXXXX)
	CD_SOCK=$CD_DIR/containerd.sock
	mkdir -p "$CD_DIR/root" "$CD_DIR/state"
	cat >"$CD_DIR/config.toml" <<EOF
version = 2
root = "$CD_DIR/root"
state = "$CD_DIR/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.tracing.processor.v1.otlp", "io.containerd.internal.v1.tracing"]
[grpc]
  address = "$CD_SOCK"
[ttrpc]
  address = "$CD_SOCK.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
EOF
	trap cd_cleanup_chain EXIT
	# killed by meson's timeout or ^C: still clean up
	trap 'exit 143' TERM
	trap 'exit 130' INT
	containerd --config "$CD_DIR/config.toml" >"$CD_DIR/containerd.log" 2>&1 &
	CD_PID=$!
	local i
	for i in $(seq 1 100); do
		[ -S "$CD_SOCK" ] && cd_ctr version >/dev/null 2>&1 && break
		kill -0 "$CD_PID" 2>/dev/null || break
		sleep 0.1
	done
	if ! cd_ctr version >/dev/null 2>&1; then
		echo "FAIL: the private containerd did not start; its log:" >&2
		cat "$CD_DIR/containerd.log" >&2
		exit 1
	fi
	cd_import k8s.io
}

cd_import() {
	if ! docker save "$IMAGE" | cd_ctr -n "$1" images import - >/dev/null; then
		echo "FAIL: cannot import $IMAGE into namespace $1 of the private containerd" >&2
		exit 1
	fi
}

# cd_run NS ID CGROUP [LABEL=VALUE...] [-- CMD...]
cd_run() {
	local ns=$1 id=$2 cg=$3
	shift 3
	local labels=() cmd=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		case $1 in
		--*) labels+=("$1") ;; # a flag of ctr run's
		*) labels+=(--label "$1") ;;
		esac
		shift
	done
	[ "${1:-}" = "--" ] && shift
	cmd=("$@")
	[ ${#cmd[@]} -eq 0 ] && cmd=(sleep 100000)
	# Under the old-kernel wrapper (tests/oldkernel/enosys) this containerd, started by the test, inherits the
	# wrapper's seccomp filter, and so does every container it runs: a filter docker-nsenter (filtered too) may not
	# copy, and that a config.json without a profile does not name. A profile in the config, as the kubelet's
	# RuntimeDefault gives, is what docker-nsenter then takes the container's filter from.
	[ -n "${NSENTER_TEST_KERNEL:-}" ] && [[ " ${labels[*]} " != *" --seccomp "* ]] && labels+=(--seccomp)
	if [ -n "$cg" ]; then
		CD_CGROUPS+=("$cg")
		labels+=(--cgroup "$cg")
	else
		CD_CGROUPS+=("/$ns/$id")
		CD_CGROUP_PARENTS+=("/$ns")
	fi
	if ! cd_ctr -n "$ns" run -d "${labels[@]}" "docker.io/$IMAGE" "$id" "${cmd[@]}" \
		>"$CD_DIR/run.out" 2>&1; then
		echo "FAIL: ctr run $id:" >&2
		cat "$CD_DIR/run.out" >&2
		exit 1
	fi
}

# cd_pod NS POD UID CONTAINER STYLE [-- CMD...]: a container of pod NS/POD named CONTAINER, labelled as the kubelet
# labels it (through containerd's CRI plugin), in a cgroup as the kubelet's driver names it: STYLE cgroupfs gives
# /kubepods/burstable/pod<UID>/<ID>, STYLE systemd the directories the systemd driver makes,
# /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod<UID>.slice/cri-containerd-<ID>.scope (runc's
# systemd driver itself needs systemd as PID 1). The container's ID is left in CD_ID (not echoed: a subshell would
# lose the cgroups to remove).
cd_pod() {
	local ns=$1 pod=$2 uid=$3 name=$4 style=$5 id cg parent
	shift 5
	id=$(printf '%s' "$ns/$pod/$name/$uid" | sha256sum | cut -c1-64)
	if [ "$style" = systemd ]; then
		parent=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid//-/_}.slice
		cg=$parent/cri-containerd-$id.scope
		CD_CGROUP_PARENTS+=("$parent" /kubepods.slice/kubepods-burstable.slice /kubepods.slice)
	else
		parent=/kubepods/burstable/pod$uid
		cg=$parent/$id
		CD_CGROUP_PARENTS+=("$parent" /kubepods/burstable /kubepods)
	fi
	cd_run k8s.io "$id" "$cg" \
		io.kubernetes.pod.namespace="$ns" io.kubernetes.pod.name="$pod" io.kubernetes.pod.uid="$uid" \
		io.kubernetes.container.name="$name" io.cri-containerd.kind=container "$@"
	CD_ID=$id
}

cd_pid() {
	cd_ctr -n "$1" task ls | awk -v id="$2" '$1 == id { print $2 }'
}

# Every cgroup hierarchy's mount point (v1 controllers and the unified one).
cd_cgroup_roots() {
	awk '$3 == "cgroup" || $3 == "cgroup2" { print $2 }' /proc/self/mounts
}

cd_stop() {
	local ns id root cg pidfile
	[ -n "$CD_DIR" ] || return 0
	if [ -n "$CD_PID" ] && kill -0 "$CD_PID" 2>/dev/null; then
		for ns in $(cd_ctr namespaces ls -q 2>/dev/null); do
			for id in $(cd_ctr -n "$ns" tasks ls -q 2>/dev/null); do
				cd_ctr -n "$ns" tasks kill -s KILL "$id" >/dev/null 2>&1
			done
			for id in $(cd_ctr -n "$ns" tasks ls -q 2>/dev/null); do
				for _ in $(seq 1 50); do
					cd_ctr -n "$ns" tasks delete "$id" >/dev/null 2>&1 && break
					sleep 0.1
				done
			done
			for id in $(cd_ctr -n "$ns" containers ls -q 2>/dev/null); do
				cd_ctr -n "$ns" containers delete "$id" >/dev/null 2>&1
			done
		done
		kill "$CD_PID" 2>/dev/null
		for _ in $(seq 1 100); do
			kill -0 "$CD_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$CD_PID" 2>/dev/null
		wait "$CD_PID" 2>/dev/null
	fi
	# shims of tasks that would not die: each wrote its PID in our state directory
	for pidfile in "$CD_DIR"/state/io.containerd.runtime.v2.task/*/*/shim.pid; do
		[ -f "$pidfile" ] && kill -KILL "$(cat "$pidfile")" 2>/dev/null
	done
	# mounts left under our directories (rootfs of a task that was not deleted), deepest first
	findmnt -rn -o TARGET | grep "^$CD_DIR/" | sort -r | while read -r m; do
		umount -l "$m" 2>/dev/null
	done
	for root in $(cd_cgroup_roots); do
		for cg in "${CD_CGROUPS[@]}" "${CD_CGROUP_PARENTS[@]}"; do
			[ -d "$root$cg" ] && rmdir "$root$cg" 2>/dev/null
		done
	done
	rm -rf "$CD_DIR"
	CD_DIR=
}

cd_cleanup_chain() {
	cd_stop
	cleanup
}

# Fake daemons for the answers real ones never give; stopped by fakes_stop (also from the EXIT trap).
FAKE_PIDS=()
fakes_stop() {
	local p
	for p in "${FAKE_PIDS[@]}"; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	FAKE_PIDS=()
}
# fake_start [nobody] PROGRAM ARGS...: a fake daemon on $BATS_TMP/fake.sock (run as nobody, on a socket in a
# directory nobody can write, when asked), ready when this returns
fake_start() {
	local sock=$BATS_TMP/fake.sock i run=()
	if [ "$1" = nobody ]; then
		run=(setpriv --reuid=65534 --regid=65534 --clear-groups)
		sock=$BATS_TMP/nobody/fake.sock
		mkdir -p "$BATS_TMP/nobody"
		chmod 1777 "$BATS_TMP/nobody"
		shift
	fi
	fakes_stop
	rm -f "$sock"
	"${run[@]}" /usr/bin/python3 "$@" >"$BATS_TMP/fake.out" 2>&1 &
	FAKE_PIDS+=($!)
	for i in $(seq 1 50); do
		grep -q ready "$BATS_TMP/fake.out" 2>/dev/null && break
		sleep 0.1
	done
	FAKE_SOCK=$sock
}
