# SPDX-License-Identifier: Apache-2.0
# docker-nsenter and docker-nsmount on Kubernetes-node references, against real daemons: containerd://moby/ID through
# dockerd's own containerd joins what docker-nsenter ID joins; a private containerd holds kubelet-labelled pods in
# kubelet-style cgroups (k8s:// picks the right one and refuses the ambiguous) and ctr's containers with free-string IDs;
# CRI-O's endpoint is faked (not packaged for Debian 12) and names real processes of real containers. The proof is
# attacked with containers whose cgroup merely has the ID in it, and daemons run by another user are refused.
here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
# shellcheck source=tests/integration/containerd-env.sh
. "$here/containerd-env.sh"
NSMOUNT=${DOCKER_NSMOUNT:?}
FAKE_CRIO=$here/../fake/fake-crio.py
FAKE_GRPC=$here/../fake/fake-grpc.py
NS_TYPES="cgroup ipc mnt net pid uts"

# the namespaces a program run by "docker-nsenter REF [OPTIONS]" is in, one "type:[inode]" per word
joined() {
	local ref=$1
	shift
	"$NSENTER" "$@" "$ref" -- sh -c 'for t in '"$NS_TYPES"'; do printf "%s " "$(readlink /proc/self/ns/$t)"; done'
}
# the namespaces of a process
ns_line() {
	local t
	for t in $NS_TYPES; do printf "%s " "$(ns_of "$1" "$t")"; done
}

# ---- dockerd's containerd: containerd://moby/ID is the Docker container ID
web=$(start rt-web)
web_id=$(docker inspect -f '{{.Id}}' "$web")
want=$(joined "$web")
check "moby: docker-nsenter ID joins the container's namespaces" "$(ns_line "$(pid_of "$web")")" "$want"
check "moby: containerd://moby/ID joins exactly those" "$want" "$(joined "containerd://moby/$web_id")"
check "moby: and by a unique prefix" "$want" "$(joined "containerd://moby/${web_id:0:10}")"
check "moby: --containerd-address names dockerd's containerd" "$want" \
	"$(joined "containerd://moby/$web_id" --containerd-address /run/docker/containerd/containerd.sock)"
check_status "moby: the default namespace k8s.io does not hold it" 125 "$NSENTER" \
	--containerd-address /run/docker/containerd/containerd.sock "containerd://$web_id" true
check_match "moby: it says where it looked" "no such container in containerd namespace k8s.io" "$ERR"
check "moby: --exec takes the user and working directory from the OCI spec" "0:0 /" \
	"$("$NSENTER" "containerd://moby/$web_id" --exec sh -c 'echo "$(id -u):$(id -g) $PWD"')"

# ---- a private containerd: pods as the kubelet makes them, ctr's containers
cd_start
trap 'fakes_stop; cd_cleanup_chain' EXIT
CA=(--containerd-address "$CD_SOCK" --crio-address "$BATS_TMP/no-crio.sock")
uid_a=$$-aaaa-1111 uid_b=$$-bbbb-2222
cd_pod default web "$uid_a" app cgroupfs -- httpd -f -p 127.0.0.1:8080 -h /tmp
app_a=$CD_ID
cd_pod default web "$uid_a" sidecar cgroupfs
side_a=$CD_ID
cd_pod other web "$uid_b" app systemd
app_b=$CD_ID
cd_pod default solo "$uid_a-s" only cgroupfs
solo=$CD_ID
nsit=rt-$$
cd_import "$nsit"
cd_run "$nsit" docker ""
cd_run "$nsit" run ""
cd_run "$nsit" runner ""
cd_run "$nsit" stopped "" -- true
# a container whose cgroup has its (12+ character) ID in it, in no form containerd or the kubelet makes
attack_id=proof-attack-$$
cd_run "$nsit" "$attack_id" "/nsit-elsewhere-$$/$attack_id"
CD_CGROUP_PARENTS+=("/nsit-elsewhere-$$")

check "k8s://default/web/app is the pod of namespace default" "$(ns_line "$(cd_pid k8s.io "$app_a")")" \
	"$(joined k8s://default/web/app "${CA[@]}")"
check "k8s://other/web/app is the pod of namespace other (systemd's cgroup form)" \
	"$(ns_line "$(cd_pid k8s.io "$app_b")")" "$(joined k8s://other/web/app "${CA[@]}")"
check "k8s://default/web/sidecar" "$(ns_line "$(cd_pid k8s.io "$side_a")")" \
	"$(joined k8s://default/web/sidecar "${CA[@]}")"
check "k8s://default/solo: a pod of one container needs no name" "$(ns_line "$(cd_pid k8s.io "$solo")")" \
	"$(joined k8s://default/solo "${CA[@]}")"
check_status "k8s://default/web: two containers, refused" 125 "$NSENTER" "${CA[@]}" k8s://default/web true
check_match "  ... listing them" "pod default/web has 2 containers \(app, sidecar\): name one" "$ERR"
check_status "k8s://default/web/nope" 125 "$NSENTER" "${CA[@]}" k8s://default/web/nope true
check_match "  ... names what it has" "pod default/web has no container nope \(it has app, sidecar\)" "$ERR"
check_status "k8s://nope/web" 125 "$NSENTER" "${CA[@]}" k8s://nope/web true
check_match "  ... no such pod" "no pod nope/web here" "$ERR"
check_status "k8s:// with a name Kubernetes cannot have" 125 "$NSENTER" "${CA[@]}" 'k8s://default/Web"x' true
check_status "k8s:// with neither runtime here" 125 "$NSENTER" --containerd-address "$BATS_TMP/none.sock" \
	--crio-address "$BATS_TMP/none2.sock" k8s://default/web/app true
check_match "  ... says which sockets it tried" "neither containerd at unix://$BATS_TMP/none.sock nor CRI-O" "$ERR"
check "CONTAINERD_ADDRESS names the socket too" "$(ns_line "$(cd_pid k8s.io "$app_a")")" \
	"$(CONTAINERD_ADDRESS=$CD_SOCK joined k8s://default/web/app --crio-address "$BATS_TMP/none.sock")"
check "containerd://ID: namespace k8s.io by default" "$(ns_line "$(cd_pid k8s.io "$app_b")")" \
	"$(joined "containerd://${app_b:0:12}" "${CA[@]}")"

check "containerd://$nsit/docker: an ID that is a common cgroup name, in ctr's /NS/ID" \
	"$(ns_line "$(cd_pid "$nsit" docker)")" "$(joined "containerd://$nsit/docker" "${CA[@]}")"
check "containerd://$nsit/run" "$(ns_line "$(cd_pid "$nsit" run)")" "$(joined "containerd://$nsit/run" "${CA[@]}")"
check_status "containerd://$nsit/ru: ambiguous prefix" 125 "$NSENTER" "${CA[@]}" "containerd://$nsit/ru" true
check_match "  ... lists the candidates" "2 containers of containerd namespace $nsit start with ru: run, runner" "$ERR"
check "containerd://$nsit/run: the exact ID wins over a longer one" "$(ns_line "$(cd_pid "$nsit" run)")" \
	"$(joined "containerd://$nsit/run" "${CA[@]}")"
for _ in $(seq 1 50); do
	cd_ctr -n "$nsit" task ls | grep -q '^stopped .*STOPPED' && break
	sleep 0.1
done
check_status "a stopped task" 125 "$NSENTER" "${CA[@]}" "containerd://$nsit/stopped" true
check_match "  ... says so" "is not running \(its task stopped" "$ERR"
check_status "the proof: a cgroup that merely has the ID in it is refused" 125 \
	"$NSENTER" "${CA[@]}" "containerd://$nsit/$attack_id" true
check_match "  ... as not the container's" "does not belong to container $attack_id" "$ERR"

# --list, --pin, --pinned, docker-nsmount with the new references
list=$("$NSENTER" "${CA[@]}" k8s://default/web/app --list --json)
check_match "--list --json: the reference" "\"reference\": \"containerd://k8s.io/$app_a\"" "$list"
check_match "--list --json: the runtime" '"runtime": "containerd"' "$list"
check_match "--list: the pod's sidecar shares no namespace here (ctr gave each its own)" '"shared": "private"' "$list"
pin=$BATS_TMP/pin
check_status "--pin with containerd://" 0 "$NSENTER" "${CA[@]}" "containerd://$nsit/docker" --pin "$pin"
check "--pinned enters the pinned namespaces" "$(ns_of "$(cd_pid "$nsit" docker)" net)" \
	"$("$NSENTER" --pinned "$pin" -n readlink /proc/self/ns/net)"
check_status "--unpin" 0 "$NSENTER" --unpin "$pin"
check_match "docker-nsmount lists a pod container's mounts" $'\n/proc +proc' \
	"$("$NSMOUNT" "${CA[@]}" k8s://default/web/app)"
mkdir -p "$BATS_TMP/src" && echo hello >"$BATS_TMP/src/f"
if [ "${NSENTER_TEST_KERNEL:-}" = pre-5.3 ]; then
	# no new mount API: attaching is refused, whoever's container it is
	check_status "docker-nsmount refuses to attach without the new mount API" 32 \
		"$NSMOUNT" "${CA[@]}" --mkdir "containerd://$nsit/run" "$BATS_TMP/src" /mnt/src
else
	check_status "docker-nsmount attaches into a containerd:// container" 0 \
		"$NSMOUNT" "${CA[@]}" --mkdir "containerd://$nsit/run" "$BATS_TMP/src" /mnt/src
	check "  ... the container sees it" hello "$("$NSENTER" "${CA[@]}" "containerd://$nsit/run" cat /mnt/src/f)"
	check_status "  ... and detaches it" 0 "$NSMOUNT" "${CA[@]}" -u "containerd://$nsit/run" /mnt/src
fi

# the container's powers: the seccomp filter from the runtime's config.json through the shim (the copy refused while
# another tracer holds the process): the bundle directory must be the shim's NAMESPACE/ID
cd_run "$nsit" secd "" --seccomp
sec_pid=$(cd_pid "$nsit" secd)
strace -p "$sec_pid" -o /dev/null 2>/dev/null &
tracer=$!
sleep 0.5
check "the seccomp filter from the bundle's config.json, as the process has it" \
	"$(grep -E '^Seccomp:' "/proc/$sec_pid/status")" \
	"$("$NSENTER" "${CA[@]}" "containerd://$nsit/secd" grep -E '^Seccomp:' /proc/self/status)"
kill "$tracer"
wait "$tracer" 2>/dev/null

# completion
comp() { "$NSENTER" __completeNoDesc "${CA[@]}" "$1" | grep -v '^:'; }
check "completion: containerd://NS/ lists the namespace's IDs" \
	"$(printf 'containerd://%s/%s\n' "$nsit" docker "$nsit" "$attack_id" "$nsit" run "$nsit" runner "$nsit" secd \
		"$nsit" stopped | sort)" \
	"$(comp "containerd://$nsit/" | sort)"
check "completion: k8s:// lists the pods' namespaces" "$(printf 'k8s://default/\nk8s://other/')" \
	"$(comp k8s:// | sort)"
check "completion: k8s://default/ lists its pods, a pod of several containers ending in /" \
	"$(printf 'k8s://default/solo\nk8s://default/web/')" "$(comp k8s://default/ | sort)"
check "completion: k8s://default/web/ lists its containers" \
	"$(printf 'k8s://default/web/app\nk8s://default/web/sidecar')" "$(comp k8s://default/web/ | sort)"
check_match "completion: a scheme from its first letters" "k8s://" "$(comp k8)"
check "completion on a node without dockerd: a scheme typed in part" "$(printf 'containerd://\ncrio://\n:6')" \
	"$(DOCKER_HOST=unix://$BATS_TMP/no-docker.sock "$NSENTER" __completeNoDesc "c")"

# ---- the README's runbooks for a node, as written (the pod default/web's container app is theirs): docker-nsenter
# and ctr are ours, the socket is the private containerd's through CONTAINERD_ADDRESS, which both read
README=$here/../../README.md
K8S_RAN=()
k8s_runbook() { # NAME [FROM TO]...
	local name=$1 text
	shift
	K8S_RAN+=("$name")
	text=$(awk -v want="<!-- k8s-runbook: $name -->" '
		$0 == want { state = 1; next }
		state == 1 && $0 == "```sh" { state = 2; next }
		state == 1 { exit }
		state == 2 && $0 == "```" { exit }
		state == 2 { print }' "$README")
	while [ $# -gt 0 ]; do
		text=${text//"$1"/"$2"}
		shift 2
	done
	text=${text//docker-nsenter/\"\$NSENTER\"}
	OUT=$(NSENTER=$NSENTER CONTAINERD_ADDRESS=$CD_SOCK timeout 120 bash -c "$text" 2>"$BATS_TMP/rb-err")
	RB_STATUS=$?
	ERR=$(cat "$BATS_TMP/rb-err")
	check "runbook $name: ran (status 0)" "0|" "$RB_STATUS|$([ -n "$text" ] || echo empty)"
}
k8s_runbook pod-sockets
check_match "runbook pod-sockets: the pod's listener, with its host PID" \
	"LISTEN .* 127\.0\.0\.1:8080 .*users:\(\(\"httpd\",pid=$(cd_pid k8s.io "$app_a")," "$OUT"
k8s_runbook pod-netns web-pod "${PREFIX}pod"
check_match "runbook pod-netns: ip netns exec sees the pod's interfaces" "^1: lo:" "$OUT"
check "runbook pod-netns: the pin is gone afterwards" no "$([ -e "/run/netns/${PREFIX}pod" ] && echo yes || echo no)"
k8s_runbook pod-list
check_match "runbook pod-list: the namespace table" "NS TYPE +SHARED" "$OUT"
check_match "runbook pod-list: its net namespace" "$(ns_of "$(cd_pid k8s.io "$app_a")" net | tr -dc 0-9) net +private" "$OUT"
k8s_runbook containerd-ps
check_match "runbook containerd-ps: the container's PID 1" "^ *PID +COMMAND"$'\n'" +1 " "$OUT"
check "every k8s runbook in the README is tested" \
	"$(sed -n 's/^<!-- k8s-runbook: \(.*\) -->$/\1/p' "$README" | sort)" "$(printf '%s\n' "${K8S_RAN[@]}" | sort)"

# ---- daemons run by another user are not believed
chmod 755 "$BATS_TMP"
fake_start nobody "$FAKE_GRPC" "$BATS_TMP/nobody/fake.sock" "list=web-1"
check_status "a containerd run by uid 65534 is refused" 125 "$NSENTER" --containerd-address "$FAKE_SOCK" \
	containerd://web-1 true
check_match "  ... saying who runs it" "refusing the daemon at unix://$FAKE_SOCK: it is run by uid 65534" "$ERR"
echo '{}' >"$BATS_TMP/empty.json"
chmod 644 "$BATS_TMP/empty.json"
fake_start nobody "$FAKE_CRIO" "$BATS_TMP/nobody/fake.sock" "$BATS_TMP/empty.json" ok
check_status "a CRI-O run by uid 65534 is refused" 125 "$NSENTER" --crio-address "$FAKE_SOCK" \
	"crio://$(printf '%064d' 1)" true
check_match "  ... saying who runs it" "refusing CRI-O at unix://$FAKE_SOCK: it is run by uid 65534" "$ERR"
fakes_stop

# ---- CRI-O: its endpoint faked, its processes real (containers of the private containerd in CRI-O's cgroups)
crio_pod=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${uid_a//-/_}.slice
CD_CGROUP_PARENTS+=("$crio_pod" /kubepods.slice/kubepods-burstable.slice /kubepods.slice)
crio_id=$(printf 'crio-%s' "$$" | sha256sum | cut -c1-64)
cd_run k8s.io "$crio_id" "$crio_pod/crio-$crio_id.scope"
crio_pid=$(cd_pid k8s.io "$crio_id")
evil_id=$(printf 'crio-evil-%s' "$$" | sha256sum | cut -c1-64)
cd_run k8s.io "$evil_id" "/nsit-elsewhere-$$/crio-$evil_id.scope"
evil_pid=$(cd_pid k8s.io "$evil_id")
crio_entry() { # ID PID POD CONTAINER
	cat <<EOF2
"$1": {"name": "k8s_$4_$3_default_${uid_a}_0", "pid": $2, "image": "docker.io/$IMAGE", "image_ref": "x",
 "created_time": 1700000000123456789,
 "labels": {"io.kubernetes.container.name": "$4", "io.kubernetes.pod.name": "$3",
            "io.kubernetes.pod.namespace": "default", "io.kubernetes.pod.uid": "$uid_a"},
 "annotations": {"io.kubernetes.container.restartCount": "0"},
 "crio_annotations": {"io.kubernetes.cri-o.ContainerType": "container"},
 "log_path": "/var/log/pods/x/0.log", "root": "/var/lib/containers/storage/x/merged", "sandbox": "$3",
 "ip_addresses": null, "host_network": false}
EOF2
}
printf '{%s,\n%s}\n' "$(crio_entry "$crio_id" "$crio_pid" db postgres)" "$(crio_entry "$evil_id" "$evil_pid" evil x)" \
	>"$BATS_TMP/crio.json"
fake_start "$FAKE_CRIO" "$BATS_TMP/fake.sock" "$BATS_TMP/crio.json" ok
CR=(--crio-address "$FAKE_SOCK" --containerd-address "$BATS_TMP/none.sock")
check "crio://ID joins the real process CRI-O names" "$(ns_line "$crio_pid")" "$(joined "crio://$crio_id" "${CR[@]}")"
check "crio://PREFIX: a unique prefix among CRI-O's scopes" "$(ns_line "$crio_pid")" \
	"$(joined "crio://${crio_id:0:12}" "${CR[@]}")"
check "k8s://default/db/postgres on CRI-O" "$(ns_line "$crio_pid")" "$(joined k8s://default/db/postgres "${CR[@]}")"
check "k8s://default/db on CRI-O: its only container" "$(ns_line "$crio_pid")" "$(joined k8s://default/db "${CR[@]}")"
check_status "the proof: CRI-O names a process outside its pod's cgroup" 125 "$NSENTER" "${CR[@]}" \
	"crio://$evil_id" true
check_match "  ... refused as not the container's" "does not belong to container" "$ERR"
check "completion: crio:// from CRI-O's scopes" "crio://${crio_id:0:12}" \
	"$("$NSENTER" __completeNoDesc "${CR[@]}" "crio://${crio_id:0:4}" | grep -v '^:')"
check_status "crio:// with a name that is no ID" 125 "$NSENTER" "${CR[@]}" "crio://../info" true
fake_start "$FAKE_CRIO" "$BATS_TMP/fake.sock" "$BATS_TMP/crio.json" pid-string
check_status "a hostile CRI-O answer (pid as a string) is refused" 125 "$NSENTER" "${CR[@]}" "crio://$crio_id" true
fake_start "$FAKE_CRIO" "$BATS_TMP/fake.sock" "$BATS_TMP/crio.json" silent
check_status "a CRI-O that never answers: --timeout ends the wait" 125 timeout 20 "$NSENTER" "${CR[@]}" --timeout 1 \
	"crio://$crio_id" true
check_match "  ... saying so" "CRI-O did not answer in time" "$ERR"
fakes_stop
