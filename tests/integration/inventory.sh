# SPDX-License-Identifier: Apache-2.0
# --list: one row per namespace type with its inode and who shares it (host, other running containers, or nobody),
# as a table and as JSON, compared with the kernel's inodes.

base=$(start base)
netc=$(start netc --net "container:$base")
pidhost=$(start pidhost --pid host)
bpid=$(pid_of "$base")

# row NAME TYPE: the SHARED column of TYPE in NAME's table
row() {
	"$NSENTER" --list "$1" | awk -v t="$2" '$2 == t {print $3}'
}
check "the table's columns are lsns-like" "NS TYPE SHARED" "$("$NSENTER" --list "$base" | head -n1 | xargs)"
check "one row per namespace type the container has" \
	"$(for n in user cgroup ipc uts net pid mnt time; do [ -e "/proc/$bpid/ns/$n" ] && echo "$n"; done | sort)" \
	"$("$NSENTER" --list "$base" | awk 'NR > 1 {print $2}' | sort)"
for n in net ipc mnt; do
	check "the $n row carries the kernel's inode" "$(ns_of "$bpid" "$n" | tr -dc 0-9)" \
		"$("$NSENTER" --list "$base" | awk -v t="$n" '$2 == t {print $1}')"
done
check "--net container:X is shared with X" "$base" "$(row "$netc" net)"
check "X's network namespace is shared with the other container" "$netc" "$(row "$base" net)"
check "a namespace of nobody else is private" "private" "$(row "$base" ipc)"
check "--pid host is the host's" "host" "$(row "$pidhost" pid)"
check "the user namespace of a container without one is the host's" "host" "$(row "$base" user)"
check "its own pid namespace is private" "private" "$(row "$base" pid)"

json=$("$NSENTER" --list --json "$netc")
check "--json prints the container and its namespaces" \
	"$(docker inspect -f '{{.Id}}' "$netc") $netc $(pid_of "$netc")" \
	"$(python3 -c 'import json,sys; c=json.load(sys.stdin)["container"]; print(c["id"], c["name"], c["pid"])' <<<"$json")"
check "--json: the net entry names X, with the kernel's inode" "$(ns_of "$bpid" net | tr -dc 0-9) containers $base" \
	"$(python3 -c '
import json, sys
for n in json.load(sys.stdin)["namespaces"]:
    if n["type"] == "net":
        print(n["ns"], n["shared"], ",".join(n["containers"]))' <<<"$json")"
check "--json: every entry has the same keys, containers always a list" "ok" "$(python3 -c '
import json, sys
ns = json.load(sys.stdin)["namespaces"]
ok = all(sorted(n) == ["containers", "ns", "shared", "type"] and isinstance(n["containers"], list) and
         isinstance(n["ns"], int) and n["shared"] in ("private", "host", "containers") for n in ns)
print("ok" if ok and ns else "bad")' <<<"$json")"

check_status "--json without --list is a usage error" 125 "$NSENTER" --json "$base"
check_match "  ... that says so" "--json goes with --list" "$ERR"
check_status "--list runs no program" 125 "$NSENTER" --list "$base" true
check_status "--list and --pin are mutually exclusive" 125 "$NSENTER" --list --pin "$BATS_TMP/x" "$base"
check_status "--list of an unknown container fails" 125 "$NSENTER" --list "${PREFIX}nothing"
check_match "  ... naming it" "no such container" "$ERR"
