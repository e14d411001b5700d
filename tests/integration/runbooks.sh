# SPDX-License-Identifier: Apache-2.0
# The README's runbooks: every block marked `<!-- runbook: NAME -->` is taken from README.md, its placeholders
# replaced, run with bash, and its effect checked against the kernel, docker exec and the files it wrote.
# All traffic stays on 127.0.0.1 inside the test containers' own network namespaces; DNS goes to a stand-in there.

# shellcheck source=tests/integration/runbook-text.sh
. "$(dirname "${BASH_SOURCE[0]}")/runbook-text.sh"
NSMOUNT=${DOCKER_NSMOUNT:?DOCKER_NSMOUNT must name the docker-nsmount binary}
RAN=()

# runbook NAME CONTAINER [FROM TO]...: run the recipe on CONTAINER with the placeholders FROM replaced by TO;
# its output in $OUT and $ERR, its exit status in $RB_STATUS. A recipe that hangs is ended after two minutes.
runbook() {
	local name=$1 ctr=$2 text
	shift 2
	RAN+=("$name")
	if ! text=$(runbook_text "$name") || [ -z "$text" ]; then
		fail "the README has the runbook $name" "no \`\`\`sh block after <!-- runbook: $name -->"
		OUT='' ERR='' RB_STATUS=125
		return
	fi
	while [ $# -gt 0 ]; do
		text=${text//"$1"/"$2"}
		shift 2
	done
	# shellcheck disable=SC2016 # the recipe's bash expands them
	text=$(sed -e 's/\<docker nsenter\>/"$NSENTER"/g' -e 's/\<docker nsmount\>/"$DOCKER_NSMOUNT"/g' \
		-e "s/\\<web\\>/$ctr/g" <<<"$text")
	OUT=$(NSENTER=$NSENTER DOCKER_NSMOUNT=$NSMOUNT timeout 120 bash -c "$text" 2>"$BATS_TMP/rb-err")
	RB_STATUS=$?
	# shellcheck disable=SC2034 # for the checks, as check_status keeps it
	ERR=$(cat "$BATS_TMP/rb-err")
}

# A busybox httpd listening on 127.0.0.1:8080 inside the container, and a client beside it.
web=$(start rb-web -- httpd -f -p 127.0.0.1:8080 -h /tmp)
web_pid=$(pid_of "$web")
fetch() {
	docker exec "$web" wget -q -O- http://127.0.0.1:8080/ >/dev/null 2>&1
}

# tcpdump: the capture ends after 20 packets; requests are made until it has them.
pcap=/tmp/${PREFIX}capture.pcap
(
	for _ in $(seq 120); do
		[ -e "$BATS_TMP/captured" ] && break
		fetch
		sleep 0.5
	done
) &
traffic=$!
runbook tcpdump "$web" /tmp/capture.pcap "$pcap"
touch "$BATS_TMP/captured"
wait "$traffic"
check "tcpdump: the recipe ended by itself" "0" "$RB_STATUS"
check "tcpdump: the capture file has the 20 packets" "20" "$(tcpdump -nr "$pcap" 2>/dev/null | wc -l)"
check_match "tcpdump: they are the requests to 127.0.0.1:8080 in the container" \
	"IP 127\.0\.0\.1\.[0-9]+ > 127\.0\.0\.1\.8080: Flags \[S\]" "$(tcpdump -nr "$pcap" 2>/dev/null)"
rm -f "$pcap"

runbook sockets "$web"
check_match "ss: the listener bound to 127.0.0.1 in the container, with its host PID" \
	"LISTEN .* 127\.0\.0\.1:8080 .*users:\(\(\"httpd\",pid=$web_pid," "$OUT"
check_status "ss: nothing of it is on the host's own loopback" 1 sh -c "ss -tlnH | grep -q ' 127.0.0.1:8080 '"

# --host-root needs the new mount API: as on a pre-5.3 kernel (tests/oldkernel/enosys) its recipes must be refused
# with a message saying so, and run nothing; the resolve recipe builds on one of them and is not run there at all.
if [ "${NSENTER_TEST_KERNEL:-}" = pre-5.3 ]; then
	for name in strace gdb distroless resolv-conf; do
		runbook "$name" "$web" /tmp/strace.txt "$BATS_TMP/strace.txt"
		check_match "$name: refused where the kernel lacks the new mount API" "needs the new mount API" "$ERR"
	done
	RAN+=(resolve)
	check_match "resolve: builds on --host-root" "--host-root" "$(runbook_text resolve)"
else

# strace and gdb: PID 1 is a shell loop whose syscalls are known.
loop=$(start rb-loop -- sh -c 'while :; do echo tick >/tmp/tick; sleep 1; done')
trace=$BATS_TMP/strace.txt
runbook strace "$loop" /tmp/strace.txt "$trace"
check_match "strace: ps lists the container's PID 1 by its own PID" "root +1 +0 .* sh -c while" "$OUT"
check "strace: it ran its ten seconds" "124" "$RB_STATUS"
check_match "strace: the trace has the loop's redirect" "openat\(AT_FDCWD, \"/tmp/tick\"" "$(cat "$trace" 2>&1)"
check_match "strace: and its wait for the sleep (-f followed it too)" "wait4\(" "$(cat "$trace" 2>&1)"

runbook gdb "$loop"
check_match "gdb: attached to the container's PID 1" "process 1" "$OUT"
check_match "gdb: its executable, as the container names it" "exe = '/bin/busybox'" "$OUT"
check_match "gdb: a backtrace" "#0 +0x" "$OUT"

# distroless: the noshell image has /sleep and nothing else.
noshell=${PREFIX}rb-noshell
docker run -d --name "$noshell" "$NOSHELL" >/dev/null
runbook distroless "$noshell"
check "distroless: its files are listed" "sleep" "$(grep -o ' sleep$' <<<"$OUT" | tr -d ' ')"
check_match "distroless: its processes are listed by its PIDs" "root +1 +0 .* /sleep infinity" "$OUT"

# resolv.conf and resolution: the container's only nameserver is a stand-in on its own 127.0.0.1.
dns=$(start rb-dns --dns 127.0.0.1 --dns-search runbook.test)
check "resolv.conf: the test container asks only 127.0.0.1" "nameserver 127.0.0.1" \
	"$(docker exec "$dns" grep nameserver /etc/resolv.conf)"
runbook resolv-conf "$dns"
check "resolv.conf: the recipe prints the container's file" "$(docker exec "$dns" cat /etc/resolv.conf)" "$OUT"

# The stand-in answers A queries from a config of "name address" lines, as busybox dnsd's does (Debian's
# busybox has no dnsd); it is the host's python3 in the container's network namespace, bound to 127.0.0.1:53.
cat >"$BATS_TMP/dnsd.conf" <<'CONF'
svc.runbook.test 192.0.2.53
CONF
cat >"$BATS_TMP/dnsd.py" <<'PY'
import socket, struct, sys
names = dict(l.split()[:2] for l in open(sys.argv[1]) if l.strip())
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
print("ready", flush=True)
while True:
    q, peer = s.recvfrom(512)
    i, labels = 12, []
    while q[i]:
        labels.append(q[i + 1:i + 1 + q[i]].decode())
        i += 1 + q[i]
    qtype = struct.unpack("!H", q[i + 1:i + 3])[0]
    question = q[12:i + 5]
    addr = names.get(".".join(labels).lower())
    answers = b""
    if addr and qtype == 1:
        answers = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + socket.inet_aton(addr)
    flags = 0x8180 if addr else 0x8183
    s.sendto(q[:2] + struct.pack("!HHHHH", flags, 1, 1 if answers else 0, 0, 0) + question + answers, peer)
PY
"$NSENTER" "$dns" --net python3 "$BATS_TMP/dnsd.py" "$BATS_TMP/dnsd.conf" >"$BATS_TMP/dnsd.out" 2>&1 &
dnsd=$!
for _ in $(seq 50); do
	grep -q ready "$BATS_TMP/dnsd.out" && break
	sleep 0.1
done
runbook resolve "$dns" example.com svc.runbook.test
check "resolve: the recipe's lookup is answered by the stand-in in the container" "192.0.2.53" "$OUT"
check "resolve: the container's own resolver agrees" "192.0.2.53" \
	"$(docker exec "$dns" nslookup svc.runbook.test 2>/dev/null | awk '/^Address/ { a = $NF } END { print a }')"
kill "$dnsd" 2>/dev/null
wait "$dnsd" 2>/dev/null

fi

# Attaching needs the new mount API too: as on a pre-5.3 kernel the attach recipes are refused with a message saying
# so and change nothing (the classic technique, which exposed the host's filesystem to the container, is gone); the
# detach recipes then find nothing to detach.
if [ "${NSENTER_TEST_KERNEL:-}" = pre-5.3 ]; then
	truncate -s 32M "$BATS_TMP/disk.img"
	mkfs.ext4 -q -F "$BATS_TMP/disk.img"
	loopdev=$(losetup -f --show "$BATS_TMP/disk.img")
	for name in logdir-attach disk-attach; do
		runbook "$name" "$web" /srv/debug-logs "$BATS_TMP/debug-logs" /dev/sdb1 "$loopdev"
		check_match "$name: refused where the kernel lacks the new mount API" "needs the new mount API" "$ERR"
	done
	losetup -d "$loopdev"
	for name in logdir-detach disk-detach; do
		runbook "$name" "$web"
		check_match "$name: nothing to detach" "cannot detach: No such file or directory" "$ERR"
	done
	check_status "the refused attaches left no directory in the container" 1 docker exec "$web" test -e /var/log/debug
else

# A log directory: seen by docker exec, written by the container, gone after the detach, the data kept.
logs=$BATS_TMP/debug-logs
runbook logdir-attach "$web" /srv/debug-logs "$logs"
check "logdir: attached" "0" "$RB_STATUS"
check_match "logdir: the list shows it" "/var/log/debug +$logs " "$OUT"
echo from-the-host >"$logs/host.log"
check "logdir: docker exec sees the host's file" "from-the-host" "$(docker exec "$web" cat /var/log/debug/host.log)"
docker exec "$web" sh -c 'echo from-the-container > /var/log/debug/app.log'
check "logdir: what the container writes lands on the host" "from-the-container" "$(cat "$logs/app.log")"
runbook logdir-detach "$web"
check "logdir: detached" "0" "$RB_STATUS"
check_status "logdir: gone from the container" 1 docker exec "$web" test -e /var/log/debug/host.log
check "logdir: the host keeps the data" "from-the-container from-the-host" \
	"$(cat "$logs/app.log" "$logs/host.log" | tr '\n' ' ' | sed 's/ $//')"

# A disk: an ext4 image on a loop device stands for /dev/sdb1.
img=$BATS_TMP/disk.img
truncate -s 32M "$img"
mkfs.ext4 -q -F "$img"
loopdev=$(losetup -f --show "$img")
mkdir -p "$BATS_TMP/m" && mount "$loopdev" "$BATS_TMP/m" && echo on-the-disk >"$BATS_TMP/m/f" && umount "$BATS_TMP/m"
runbook disk-attach "$web" /dev/sdb1 "$loopdev"
check "disk: attached, and docker exec lists its file" "f" "$(grep -x f <<<"$OUT")"
check "disk: its content" "on-the-disk" "$(docker exec "$web" cat /mnt/disk/f)"
check_status "disk: it is read-only" 1 docker exec "$web" touch /mnt/disk/nope
runbook disk-detach "$web"
check "disk: detached" "0" "$RB_STATUS"
check_status "disk: gone from the container" 1 docker exec "$web" test -e /mnt/disk/f
losetup -d "$loopdev"

fi

# cgroup limits: a container started with limits, the recipe must print them.
limited=$(start rb-limited --memory 64m --pids-limit 50)
if [ "${NSENTER_TEST_KERNEL:-}" = pre-5.3 ]; then
	runbook cgroup-limits "$limited"
	check_match "cgroup-limits: refused where the kernel lacks the new mount API" "needs the new mount API" "$ERR"
else
	runbook cgroup-limits "$limited"
	check "cgroup: the memory limit is --memory's" "$(docker inspect -f '{{.HostConfig.Memory}}' "$limited")" \
		"$(sed -n 's/^memory\(\/memory\.limit_in_bytes\|\.max\)://p' <<<"$OUT")"
	check "cgroup: the PID limit is --pids-limit's" "50" "$(sed -n 's/^pids\(\/pids\)\{0,1\}\.max://p' <<<"$OUT")"
fi
runbook cgroup-join "$limited"
limited_id=$(docker inspect -f '{{.Id}}' "$limited")
check "cgroup: the joined command's cgroups are the container's" \
	"$(cat "/proc/$(pid_of "$limited")/cgroup")" "$OUT"
check_match "cgroup: they name the container" "$limited_id" "$OUT"

# --exec and --as: the same identity, environment and directory as docker exec.
user=$(start rb-user --user app -e GREETING=hello -w /home/app)
runbook exec "$user"
check "exec: id, env and pwd equal docker exec's" \
	"$(docker exec "$user" id; docker exec "$user" env; docker exec "$user" pwd)" "$OUT"
check_match "exec: it is the container's user" "uid=1234\(app\)" "$OUT"
runbook as-user "$user"
check "as: equal to docker exec -u app:audio" "$(docker exec -u app:audio "$user" id)" "$OUT"

# --- Issue 17's recipes: a container that crashed, tools brought along, finding the container ---
shop=nsit$$shop
rb17_cleanup() {
	docker ps -aq --filter "label=com.docker.compose.project=$shop" | xargs -r docker rm -f >/dev/null 2>&1
	cleanup
	docker rmi "nsit-rb-app-$$" >/dev/null 2>&1
}
trap rb17_cleanup EXIT

# A container whose configuration makes it exit at once; the recipes look, fix and start it.
docker run --name "${PREFIX}rb-app-src" "$IMAGE" sh -c 'echo port=80 > /etc/app.conf' >/dev/null
docker commit "${PREFIX}rb-app-src" "nsit-rb-app-$$" >/dev/null
crashed=${PREFIX}rb-crashed
docker run -d --name "$crashed" "nsit-rb-app-$$" \
	sh -c 'grep -q "^port=8080$" /etc/app.conf || exit 1; exec httpd -f -p 127.0.0.1:8080 -h /tmp' >/dev/null
for _ in $(seq 100); do [ "$(docker inspect -f '{{.State.Status}}' "$crashed")" = exited ] && break; sleep 0.1; done
runbook stopped-inspect "$crashed"
check "stopped-inspect: the recipe prints the stopped container's file" "port=80" "$OUT"
runbook stopped-fix "$crashed"
check "stopped-fix: the recipe ended well" "0" "$RB_STATUS"
for _ in $(seq 100); do [ "$(docker inspect -f '{{.State.Running}}' "$crashed")" = true ] && break; sleep 0.1; done
check "stopped-fix: the container runs with the fixed file" "true port=8080" \
	"$(docker inspect -f '{{.State.Running}}' "$crashed") $(docker exec "$crashed" cat /etc/app.conf 2>&1)"

# Static tools (busybox-static's applets) from a host directory and from an image, in the shell-less image.
dbg=$BATS_TMP/debug-tools
mkdir -p "$dbg/bin" && cp /bin/busybox "$dbg/bin/"
for a in sh ps netstat ls grep; do ln -s busybox "$dbg/bin/$a"; done
distro=${PREFIX}rb-distro
docker run -d --name "$distro" "$NOSHELL" >/dev/null
runbook tools-dir "$distro" /opt/debug-tools "$dbg"
runbook_tools_out=$OUT
runbook tools-image "$distro" busybox:latest "$IMAGE"
if [ "${NSENTER_TEST_KERNEL:-}" = pre-5.3 ]; then
	check_match "tools: refused where the kernel lacks the new mount API" "needs the new mount API" "$ERR"
else
	check_match "tools-dir: ps lists the container's processes" "1 +[^ ]+ +/sleep infinity" "$runbook_tools_out"
	check_match "tools-dir: netstat reads its network namespace" "Active Internet connections" "$runbook_tools_out"
	check_match "tools-image: its main process" "/proc/1/exe -> /sleep" "$OUT"
	check "tools-image: with its capabilities" "$(grep ^Cap "/proc/$(pid_of "$distro")/status")" "$(grep ^Cap <<<"$OUT")"
fi

# A compose project whose service api runs twice, each listening on 127.0.0.1:8080 in a network namespace of its own.
mkdir -p "$BATS_TMP/shop"
printf '%s\n' 'version: "2.4"' 'services:' '  api:' "    image: $IMAGE" '    command: httpd -f -p 127.0.0.1:8080 -h /tmp' \
	'    network_mode: none' >"$BATS_TMP/shop/docker-compose.yml"
(cd "$BATS_TMP/shop" && timeout 180 docker-compose -p "$shop" up -d --scale api=2) >/dev/null 2>&1
api2=$(docker ps -q --filter "label=com.docker.compose.project=$shop" --filter label=com.docker.compose.service=api \
	--filter label=com.docker.compose.container-number=2)
runbook compose "$api2" shop/api/2 "$shop/api/2"
check_match "compose: the listener of the service's second container, with its host PID" \
	"LISTEN .* 127\.0\.0\.1:8080 .*users:\(\(\"httpd\",pid=$(pid_of "$api2")," "$OUT"

front=$(start rb-front --label "com.example.role=frontend-$$" -- httpd -f -p 127.0.0.1:8081 -h /tmp)
runbook filter "$front" com.example.role=frontend "com.example.role=frontend-$$"
check_match "filter: the labelled container's listener" \
	"LISTEN .* 127\.0\.0\.1:8081 .*users:\(\(\"httpd\",pid=$(pid_of "$front")," "$OUT"

runbook which "$web" 12345 "$web_pid"
check "which: the recipe names the process's container" "CONTAINER  $web|PID        1" \
	"$(grep -E '^(CONTAINER|PID)' <<<"$OUT" | paste -sd'|')"

# Every marked block of the README was run above, but those for rootless engines, which rootless-enter.sh runs.
marked=$(sed -n 's/^<!-- runbook: \(.*\) -->$/\1/p' "$README" | grep -v '^rootless-' | sort)
check "every runbook in the README is tested" "$marked" "$(printf '%s\n' "${RAN[@]}" | sort)"
