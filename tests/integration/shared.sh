# SPDX-License-Identifier: Apache-2.0
# Containers that share namespaces with another container (--net/--pid container:X) or with the host (--pid, --ipc,
# --uts host): every enter works, what is shared with us is skipped silently, and the command sees what the container
# sees. Networks are proven by interfaces, inodes and a server on 127.0.0.1 inside, never by packets elsewhere.

base=$(start base)
bpid=$(pid_of "$base")
netc=$(start netc --net "container:$base")
pidc=$(start pidc --pid "container:$base")
pidhost=$(start pidhost --pid host)
ipchost=$(start ipchost --ipc host)
utshost=$(start utshost --uts host)

# --net container:X
npid=$(pid_of "$netc")
check "--net container: the kernel agrees the two share a network namespace" "$(ns_of "$bpid" net)" "$(ns_of "$npid" net)"
check "--net container: -n joins that network namespace" "$(ns_of "$bpid" net)" \
	"$("$NSENTER" "$netc" -n readlink /proc/self/ns/net)"
check "--net container: -a joins it and the container's own uts" "$(ns_of "$bpid" net) $(ns_of "$npid" uts)" \
	"$("$NSENTER" "$netc" -a sh -c 'echo $(readlink /proc/self/ns/net) $(readlink /proc/self/ns/uts)')"
check "--net container: the same interfaces as X" "$("$NSENTER" "$base" -n ip -o link show | awk -F': ' '{print $2}')" \
	"$("$NSENTER" "$netc" -n ip -o link show | awk -F': ' '{print $2}')"
docker exec "$base" sh -c 'mkdir -p /www && echo shared-loopback >/www/index.html && httpd -p 127.0.0.1:7778 -h /www'
check "--net container: X's server on 127.0.0.1 answers in the other container" "shared-loopback" \
	"$("$NSENTER" "$netc" -n bash -c 'exec 3<>/dev/tcp/127.0.0.1/7778 &&
		printf "GET /index.html HTTP/1.0\r\n\r\n" >&3 && timeout 5 cat <&3' 2>/dev/null | tail -n 1)"

# --pid container:X
ppid=$(pid_of "$pidc")
check "--pid container: -p joins X's PID namespace" "$(ns_of "$bpid" pid)" \
	"$("$NSENTER" "$pidc" -p readlink /proc/self/ns/pid)"
check "--pid container: -a sees X's init as PID 1" "sleep 100000" \
	"$("$NSENTER" "$pidc" -a cat /proc/1/cmdline | tr '\0' ' ' | sed 's/ $//')"
check "--pid container: -a uses the container's own mount namespace" "$(ns_of "$ppid" mnt)" \
	"$("$NSENTER" "$pidc" -a readlink /proc/self/ns/mnt)"

# --pid host: -p is skipped silently, with and without naming it.
check_status "--pid host: -p is a silent no-op" 0 "$NSENTER" "$pidhost" -p true
check "  ... that prints nothing" "" "$ERR"
check "--pid host: -p leaves us in our PID namespace" "$(ns_of $$ pid)" \
	"$("$NSENTER" "$pidhost" -p readlink /proc/self/ns/pid)"
check "--pid host: -a sees the host's PID 1" "$(tr '\0' ' ' </proc/1/cmdline | sed 's/ $//')" \
	"$("$NSENTER" "$pidhost" -a cat /proc/1/cmdline | tr '\0' ' ' | sed 's/ $//')"
check "--pid host: -a still joins the container's network namespace" "$(ns_of "$(pid_of "$pidhost")" net)" \
	"$("$NSENTER" "$pidhost" -a readlink /proc/self/ns/net)"

# --ipc host, --uts host
check_status "--ipc host: -i is a silent no-op" 0 "$NSENTER" "$ipchost" -i true
check "  ... that prints nothing" "" "$ERR"
check "--ipc host: -a keeps our IPC namespace" "$(ns_of $$ ipc)" "$("$NSENTER" "$ipchost" -a readlink /proc/self/ns/ipc)"
check "--ipc host: -a joins its mount namespace" "$(ns_of "$(pid_of "$ipchost")" mnt)" \
	"$("$NSENTER" "$ipchost" -a readlink /proc/self/ns/mnt)"
check_status "--uts host: -u is a silent no-op" 0 "$NSENTER" "$utshost" -u true
check "--uts host: -a sees the host's hostname" "$(hostname)" "$("$NSENTER" "$utshost" -a hostname)"
check "--uts host: the other container sees its own" "$(docker inspect -f '{{.Config.Hostname}}' "$base")" \
	"$("$NSENTER" "$base" -a hostname)"
