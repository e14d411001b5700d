# SPDX-License-Identifier: Apache-2.0
# Each namespace option joins exactly that namespace of the container, compared with what the kernel says.

web=$(start ns)
pid=$(pid_of "$web")

# The host's readlink reads the host's /proc: /proc/self is the command itself.
declare -A opt=([net]=-n [uts]=-u [ipc]=-i [pid]=-p)
for ns in net uts ipc pid; do
	got=$("$NSENTER" "$web" "${opt[$ns]}" readlink "/proc/self/ns/$ns")
	check "${opt[$ns]} joins the $ns namespace" "$(ns_of "$pid" "$ns")" "$got"
	for other in net uts ipc mnt; do
		[ "$other" = "$ns" ] && continue
		got=$("$NSENTER" "$web" "${opt[$ns]}" readlink "/proc/self/ns/$other")
		check "${opt[$ns]} leaves the $other namespace ours" "$(ns_of $$ "$other")" "$got"
	done
done

# The mount namespace: the container's own readlink, through the container's /proc.
got=$("$NSENTER" "$web" -m -p readlink /proc/self/ns/mnt)
check "-m joins the mount namespace" "$(ns_of "$pid" mnt)" "$got"
docker exec "$web" sh -c 'echo inside > /marker'
check "-m sees the container's files" "inside" "$("$NSENTER" "$web" -m cat /marker)"

# No option and -a: everything the container has.
for mode in "" "-a"; do
	for ns in net uts ipc pid mnt; do
		# shellcheck disable=SC2086
		got=$("$NSENTER" "$web" $mode readlink "/proc/self/ns/$ns")
		check "${mode:-no option} joins $ns" "$(ns_of "$pid" "$ns")" "$got"
	done
done

# Namespaces shared with the host are skipped, not an error.
hostnet=$(start hostnet --net host)
check_status "--net host container: -n is a no-op" 0 "$NSENTER" "$hostnet" -n true
got=$("$NSENTER" "$hostnet" -a readlink /proc/self/ns/net)
check "--net host container: all namespaces still work" "$(ns_of $$ net)" "$got"
check "--net host container: uts is still the container's" "$(ns_of "$(pid_of "$hostnet")" uts)" \
	"$("$NSENTER" "$hostnet" -a readlink /proc/self/ns/uts)"

# The network namespace shows the container's interfaces only; a server on its loopback is reachable only there.
links=$("$NSENTER" "$web" -n ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort | tr '\n' ' ')
check "the network namespace has lo and eth0" "eth0 lo " "$links"
docker exec "$web" sh -c 'mkdir -p /www && echo hello-from-inside >/www/index.html && httpd -p 127.0.0.1:7777 -h /www'
check "a server on the container's 127.0.0.1 answers inside" "hello-from-inside" \
	"$("$NSENTER" "$web" -n bash -c 'exec 3<>/dev/tcp/127.0.0.1/7777 &&
		printf "GET /index.html HTTP/1.0\r\n\r\n" >&3 && timeout 5 cat <&3' 2>/dev/null | tail -n 1)"
if ! (exec 3<>/dev/tcp/127.0.0.1/7777) 2>/dev/null; then
	pass "the same port is closed on the host's loopback"
else
	fail "the same port is closed on the host's loopback"
fi
