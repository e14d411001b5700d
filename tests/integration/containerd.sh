# SPDX-License-Identifier: Apache-2.0
# The containerd and CRI-O clients of lib/ (through tests/helpers/*-query) against real daemons: dockerd's own
# containerd (namespace moby) and a private containerd of this test's with kubelet-labelled containers in
# kubelet-style cgroups; then fakes for the answers real daemons never give, CRI-O's among them (it is not packaged
# for Debian 12: its endpoint is faked, the processes it names are real).
here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
# shellcheck source=tests/integration/containerd-env.sh
. "$here/containerd-env.sh"
Q=${BUILD_ROOT:?}/tests/helpers/containerd-query
CQ=$BUILD_ROOT/tests/helpers/crio-query
FAKE_GRPC=$here/../fake/fake-grpc.py
FAKE_CRIO=$here/../fake/fake-crio.py
DOCKER_CD=/run/docker/containerd/containerd.sock # CONTAINERD_DOCKER_ADDRESS
ENOENT=2 ESRCH=3 EBUSY=16 EINVAL=22 EFBIG=27 EPIPE=32 EPROTO=71 EBADMSG=74 ENOTUNIQ=76
EPROTONOSUPPORT=93 EOPNOTSUPP=95 ETIMEDOUT=110 ECONNREFUSED=111

# check_line NAME LINE TEXT: TEXT has LINE as one of its lines
check_line() {
	if grep -Fxq -- "$2" <<<"$3"; then
		pass "$1"
	else
		fail "$1" "expected the line: $2" "in: $(printf %q "$3")"
	fi
}

# ---- dockerd's own containerd: its tasks in namespace moby
web=$(start cd-web)
web_id=$(docker inspect -f '{{.Id}}' "$web")
web_pid=$(pid_of "$web")
check_status "moby: found by full ID" 0 "$Q" -a "$DOCKER_CD" -n moby find "$web_id"
check "moby: the ID found" "id=$web_id" "$(grep '^id=' <<<"$OUT")"
check_status "moby: found by a 12-digit prefix" 0 "$Q" -a "$DOCKER_CD" -n moby find "${web_id:0:12}"
check "moby: the prefix's container" "id=$web_id" "$(grep '^id=' <<<"$OUT")"
check_status "moby: the task's PID" 0 "$Q" -a "$DOCKER_CD" -n moby pid "$web_id"
check "moby: the PID is dockerd's State.Pid" "$web_pid" "$OUT"
check "moby: the PID is what ctr task ls says" \
	"$(ctr -a "$DOCKER_CD" -n moby task ls | awk -v id="$web_id" '$1 == id { print $2 }')" "$OUT"
check_status "moby: listed" 0 "$Q" -a "$DOCKER_CD" -n moby list
check_line "moby: the list holds the container" "$web_id" "$OUT"
check_status "moby: the default namespace k8s.io has no Docker container" "$ENOENT" \
	"$Q" -a "$DOCKER_CD" find "$web_id"
check_match "moby: ENOENT names the namespace" "no such container in containerd namespace k8s.io" "$ERR"

docker pause "$web" >/dev/null
check_status "moby: a paused task is refused" "$EBUSY" "$Q" -a "$DOCKER_CD" -n moby pid "$web_id"
check_match "moby: paused, it says" "is paused" "$ERR"
docker unpause "$web" >/dev/null

gone=$(start cd-gone)
gone_id=$(docker inspect -f '{{.Id}}' "$gone")
docker stop -t 0 "$gone" >/dev/null
# dockerd deletes the containerd container of a stopped one
check_status "moby: a stopped Docker container is not in containerd" "$ENOENT" \
	"$Q" -a "$DOCKER_CD" -n moby find "$gone_id"

# ---- a private containerd: pods as the kubelet makes them
cd_start
trap 'fakes_stop; cd_cleanup_chain' EXIT
uid_a=$$-aaaa-1111 uid_b=$$-bbbb-2222
cd_pod default web "$uid_a" app cgroupfs
app_a=$CD_ID
cd_pod default web "$uid_a" sidecar cgroupfs
side_a=$CD_ID
cd_pod other web "$uid_b" app systemd
app_b=$CD_ID
# ctr's cgroups are /<namespace>/<ID> in the host's tree: a namespace of this run's own keeps parallel runs apart
nsit=nsit-$$
cd_import "$nsit"
cd_run "$nsit" amb-one ""
cd_run "$nsit" amb-two ""
cd_run "$nsit" dup ""
cd_run "$nsit" dup-x ""
cd_run "$nsit" short "" -- true
cd_ctr -n "$nsit" containers create "docker.io/$IMAGE" created >/dev/null

for id in "$app_a" "$side_a" "$app_b"; do
	check_status "k8s.io: task PID of ${id:0:12}" 0 "$Q" -a "$CD_SOCK" pid "$id"
	check "k8s.io: the PID is what ctr task ls says (${id:0:12})" "$(cd_pid k8s.io "$id")" "$OUT"
	check "k8s.io: the process has its own network namespace (${id:0:12})" 0 \
		"$([ "$(ns_of "$OUT" net)" != "$(ns_of $$ net)" ] && echo 0 || echo 1)"
done
check_line "cgroupfs driver's path, as /proc says" \
	"0::/kubepods/burstable/pod$uid_a/$app_a" "$(cat "/proc/$(cd_pid k8s.io "$app_a")/cgroup")"
check_line "systemd driver's path, as /proc says" \
	"0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid_b//-/_}.slice/cri-containerd-$app_b.scope" \
	"$(cat "/proc/$(cd_pid k8s.io "$app_b")/cgroup")"
check_line "ctr's own path /<namespace>/<ID>, as /proc says" "0::/$nsit/dup" \
	"$(cat "/proc/$(cd_pid "$nsit" dup)/cgroup")"

check_status "k8s.io: a pod's containers by the kubelet's labels" 0 "$Q" -a "$CD_SOCK" list \
	io.kubernetes.pod.namespace=default io.kubernetes.pod.name=web
check "k8s.io: both containers of default/web, sorted" "$(printf '%s\n' "$app_a" "$side_a" | sort)" "$OUT"
check_status "k8s.io: default/web/app" 0 "$Q" -a "$CD_SOCK" list io.kubernetes.pod.namespace=default \
	io.kubernetes.pod.name=web io.kubernetes.container.name=app
check "k8s.io: default/web/app is the one of namespace default" "$app_a" "$OUT"
check_status "k8s.io: other/web/app" 0 "$Q" -a "$CD_SOCK" list io.kubernetes.pod.namespace=other \
	io.kubernetes.pod.name=web io.kubernetes.container.name=app
check "k8s.io: other/web/app is the one of namespace other" "$app_b" "$OUT"
check_status "k8s.io: same pod and container names, no namespace: both" 0 "$Q" -a "$CD_SOCK" list \
	io.kubernetes.pod.name=web io.kubernetes.container.name=app
check "k8s.io: the two pods' app containers" "$(printf '%s\n' "$app_a" "$app_b" | sort)" "$OUT"
check_status "k8s.io: a pod that does not exist" 0 "$Q" -a "$CD_SOCK" list io.kubernetes.pod.namespace=default \
	io.kubernetes.pod.name=nope
check "k8s.io: no container" "" "$OUT"
check_status "k8s.io: label values with quotes and commas stay values" 0 "$Q" -a "$CD_SOCK" list \
	'io.kubernetes.pod.name=web",labels.x==y'
check "k8s.io: nothing matches them" "" "$OUT"
check_status "k8s.io: the labels come back" 0 "$Q" -a "$CD_SOCK" find "$app_b"
check_match "k8s.io: pod namespace label" "label=io.kubernetes.pod.namespace=other" "$OUT"
check_match "k8s.io: image" "image=docker.io/$IMAGE" "$OUT"

check_status "nsit: exact ID" 0 "$Q" -a "$CD_SOCK" -n "$nsit" find amb-one
check "nsit: exact ID found" "id=amb-one" "$(grep '^id=' <<<"$OUT")"
check_status "nsit: unique prefix" 0 "$Q" -a "$CD_SOCK" -n "$nsit" find amb-t
check "nsit: unique prefix found" "id=amb-two" "$(grep '^id=' <<<"$OUT")"
check_status "nsit: ambiguous prefix refused" "$ENOTUNIQ" "$Q" -a "$CD_SOCK" -n "$nsit" find amb
check "nsit: ambiguity lists the candidates" \
	"containerd-query: ENOTUNIQ: 2 containers of containerd namespace $nsit start with amb: amb-one, amb-two" "$ERR"
check_status "nsit: an exact ID wins over longer ones" 0 "$Q" -a "$CD_SOCK" -n "$nsit" find dup
check "nsit: dup, not dup-x" "id=dup" "$(grep '^id=' <<<"$OUT")"
check_status "nsit: '.' in a prefix is no regular expression" "$ENOENT" "$Q" -a "$CD_SOCK" -n "$nsit" find d.p
check_status "nsit: no such container" "$ENOENT" "$Q" -a "$CD_SOCK" -n "$nsit" find zzz
check_status "nsit: a container without a task" "$ESRCH" "$Q" -a "$CD_SOCK" -n "$nsit" pid created
check_match "nsit: without a task, it says" "is not running \(it has no task\)" "$ERR"
for _ in $(seq 1 50); do
	cd_ctr -n "$nsit" task ls | grep -q '^short .*STOPPED' && break
	sleep 0.1
done
check_status "nsit: a stopped task" "$ESRCH" "$Q" -a "$CD_SOCK" -n "$nsit" pid short
check_match "nsit: stopped, it says, with its status" "its task stopped, exit status 0" "$ERR"
check_status "nsit: an ID containerd cannot have" "$EINVAL" "$Q" -a "$CD_SOCK" -n "$nsit" find 'a/b'
check_status "nsit: a namespace containerd cannot have" "$EINVAL" "$Q" -a "$CD_SOCK" -n '../x' find dup
check_status "an empty namespace has nothing" "$ENOENT" "$Q" -a "$CD_SOCK" -n empty find dup

check_status "CONTAINERD_ADDRESS names the socket" 0 env CONTAINERD_ADDRESS="$CD_SOCK" "$Q" -n "$nsit" find dup
check_status "CONTAINERD_ADDRESS as unix://" 0 env CONTAINERD_ADDRESS="unix://$CD_SOCK" "$Q" -n "$nsit" find dup
check_status "-a wins over CONTAINERD_ADDRESS" 0 env CONTAINERD_ADDRESS=/nonexistent "$Q" -a "$CD_SOCK" -n "$nsit" \
	find dup
check_status "tcp:// is refused" "$EPROTONOSUPPORT" env CONTAINERD_ADDRESS=tcp://127.0.0.1:1 "$Q" find dup
check_status "a socket nobody listens on" "$ENOENT" "$Q" -a "$BATS_TMP/none.sock" find dup
check_match "its message says so" "cannot connect to unix://$BATS_TMP/none.sock: No such file or directory" "$ERR"

# ---- hostile answers, from a fake containerd
grpc_case() { # NAME SCENARIO EXPECTED-STATUS COMMAND-ARGS...
	local name=$1 scenario=$2 want=$3
	shift 3
	fake_start "$FAKE_GRPC" "$BATS_TMP/fake.sock" "$scenario"
	check_status "fake containerd: $name" "$want" timeout 20 "$Q" -a "$FAKE_SOCK" -t 2000 "$@"
}
grpc_case "a well-formed list" "list=web-1,web-2" 0 list
check "fake containerd: both listed" "$(printf 'web-1\nweb-2')" "$OUT"
grpc_case "an ID containerd cannot have" "list=../etc" "$EBADMSG" list
grpc_case "a container the prefix filter excludes" "list=web-1,other" "$EBADMSG" find web
grpc_case "NOT_FOUND" "not-found" "$ENOENT" find web
check_match "fake containerd: the daemon's message, escape sequences gone" \
	'Containers/List: NOT_FOUND: container "x" not found: not found$' "$ERR"
check "fake containerd: no control characters reach the message" "" "$(tr -d '[:print:]' <<<"$ERR")"
grpc_case "NOT_FOUND of a task means not running" "not-found" "$ESRCH" pid web
grpc_case "UNIMPLEMENTED" "unimplemented" "$EOPNOTSUPP" list
grpc_case "HTTP/1.1 instead of HTTP/2" "http1" "$EPROTO" list
grpc_case "a 2 GiB message announced" "huge" "$EFBIG" list
grpc_case "a compressed message nobody asked for" "compressed" "$EPROTO" list
grpc_case "closed in the middle of the message" "close-mid" "$EPIPE" list
grpc_case "no grpc-status" "no-status" "$EPROTO" list
grpc_case "two messages in a unary answer" "two-messages" "$EPROTO" list
grpc_case "150 headers" "headers-flood" "$EFBIG" list
grpc_case "a task the daemon says runs as PID 1" "task=1:running" "$EBADMSG" pid web
grpc_case "a paused task" "task=4242:paused" "$EBUSY" pid web
start_s=$(date +%s%N)
grpc_case "a daemon that never answers: the timeout ends the wait" "silent" "$ETIMEDOUT" list
check "fake containerd: the timeout is kept (under 4 s for 2 s)" 1 \
	"$(( ($(date +%s%N) - start_s) / 1000000 < 4000 ))"
grpc_case "an answer dribbled past the deadline" "dribble" "$ETIMEDOUT" list
fakes_stop

# ---- CRI-O: its endpoint faked, its processes real (containers of the private containerd in CRI-O's cgroups)
crio_id=$(printf 'crio-%s' "$$" | sha256sum | cut -c1-64)
cd_run k8s.io "$crio_id" \
	"/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid_a//-/_}.slice/crio-$crio_id.scope" \
	io.kubernetes.pod.namespace=default io.kubernetes.pod.name=db io.kubernetes.container.name=postgres
CD_CGROUP_PARENTS+=("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid_a//-/_}.slice"
	/kubepods.slice/kubepods-burstable.slice /kubepods.slice)
crio_pid=$(cd_pid k8s.io "$crio_id")
cat >"$BATS_TMP/crio.json" <<EOF
{"$crio_id": {"name": "k8s_postgres_db_default_${uid_a}_0", "pid": $crio_pid, "image": "docker.io/$IMAGE",
 "image_ref": "docker.io/$IMAGE", "created_time": 1700000000123456789,
 "labels": {"io.kubernetes.container.name": "postgres", "io.kubernetes.pod.name": "db",
            "io.kubernetes.pod.namespace": "default", "io.kubernetes.pod.uid": "$uid_a"},
 "annotations": {"io.kubernetes.container.restartCount": "0"},
 "crio_annotations": {"io.kubernetes.cri-o.ContainerType": "container"},
 "log_path": "/var/log/pods/default_db_$uid_a/postgres/0.log", "root": "/var/lib/containers/storage/x/merged",
 "sandbox": "$(printf 'sandbox-%s' "$$" | sha256sum | cut -c1-64)", "ip_addresses": null, "host_network": false}}
EOF
crio_case() { # NAME SCENARIO EXPECTED-STATUS COMMAND-ARGS...
	local name=$1 scenario=$2 want=$3
	shift 3
	fake_start "$FAKE_CRIO" "$BATS_TMP/fake.sock" "$BATS_TMP/crio.json" "$scenario"
	check_status "fake CRI-O: $name" "$want" timeout 20 "$CQ" -a "$FAKE_SOCK" -t 2000 "$@"
}
crio_case "a container" ok 0 container "$crio_id"
check_line "fake CRI-O: the PID of the real process" "pid=$crio_pid" "$OUT"
check_match "fake CRI-O: the pod's labels" "label=io.kubernetes.pod.name=db" "$OUT"
check_match "fake CRI-O: host_network decoded" "host_network=0" "$OUT"
check_line "CRI-O's cgroup path for that PID, as /proc says" \
	"0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid_a//-/_}.slice/crio-$crio_id.scope" \
	"$(cat "/proc/$crio_pid/cgroup")"
crio_case "info" ok 0 info
check_match "fake CRI-O: the cgroup driver" "cgroup_driver=systemd" "$OUT"
crio_case "an unknown container" ok "$ENOENT" container "${crio_id%?}0"
check_match "fake CRI-O: its 404 message" "CRI-O answered 404: can't find the container with id" "$ERR"
crio_case "a 404 with escape sequences" error-escape "$ENOENT" container nope
check "fake CRI-O: no control characters reach the message" "" "$(tr -d '[:print:]' <<<"$ERR")"
crio_case "an ID that would change the path" ok "$EINVAL" container "../info"
crio_case "pid as a string" pid-string "$EBADMSG" container "$crio_id"
crio_case "a PID beyond any pid_max" pid-huge "$EBADMSG" container "$crio_id"
crio_case "labels of the wrong type" labels-list "$EBADMSG" container "$crio_id"
crio_case "JSON cut short" not-json "$EBADMSG" container "$crio_id"
crio_case "not HTTP" not-http "$EBADMSG" container "$crio_id"
crio_case "a 64 MiB body" huge-body "$EFBIG" container "$crio_id"
crio_case "a body shorter than its length" truncated "$EPIPE" container "$crio_id"
crio_case "a daemon that never answers" silent "$ETIMEDOUT" container "$crio_id"
crio_case "a socket nobody listens on" ok "$ENOENT" -a "$BATS_TMP/none.sock" info
fakes_stop
