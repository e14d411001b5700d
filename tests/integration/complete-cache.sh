# SPDX-License-Identifier: Apache-2.0
# Completion's cache of the running containers, against the real daemon: written on the first completion, trusted only
# while one GET /events shows that nothing started, stopped or renamed a container since (exec and health probes do
# not count), never trusted from a file or directory that is not ours alone, off with DOCKER_NSENTER_NO_CACHE, and
# replaced by a name filter when a typed prefix meets no usable cache. Every request is seen through a logging proxy
# (request-log.py). Last, a second dockerd of our own (own socket, roots, pid file and bridge, --network none
# containers) is restarted under a cache that its old log vouched for: a restarted daemon is not believed. Not
# --bridge=none: a dockerd started so deletes the host's docker0, the first daemon's bridge.

here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
repo=$(cd "$here/../.." && pwd)
NSMOUNT=${DOCKER_NSMOUNT:?DOCKER_NSMOUNT must name the docker-nsmount binary}

# A private runtime directory: the cache lives in $XDG_RUNTIME_DIR/docker-nsenter.
export XDG_RUNTIME_DIR=$BATS_TMP/xdg
mkdir -m 0700 "$XDG_RUNTIME_DIR"
unset DOCKER_NSENTER_NO_CACHE DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND
cdir=$XDG_RUNTIME_DIR/docker-nsenter
sock=$BATS_TMP/engine.sock
log=$BATS_TMP/requests
proxies=()

pd_dir=
pd_sock=
pd_bridge=
pdk() { docker -H "unix://$pd_sock" "$@"; }

# pd_kill: SIGTERM to the private daemon (it stops its containers), then wait until it is gone.
pd_kill() {
	local pid
	pid=$(cat "$pd_dir/docker.pid" 2>/dev/null)
	if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
		for _ in $(seq 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
		kill -9 "$pid" 2>/dev/null
		for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
	fi
}

cc_stop() {
	local p
	for p in "${proxies[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	if [ -n "$pd_dir" ]; then
		pdk ps -aq 2>/dev/null | xargs -r docker -H "unix://$pd_sock" rm -f >/dev/null 2>&1
		pd_kill
		# whatever it left mounted below its directories, deepest first
		awk -v d="$pd_dir" '$5 ~ "^"d {print $5}' /proc/self/mountinfo | sort -r | xargs -r -n1 umount -l 2>/dev/null
		rm -rf "$pd_dir"
	fi
	[ -n "$pd_bridge" ] && ip link del "$pd_bridge" 2>/dev/null
	touch "$BATS_TMP/stop-loops" 2>/dev/null
	wait
	[ -d "$cdir" ] && { chown -R 0:0 "$cdir"; chmod 0700 "$cdir"; } 2>/dev/null
	cleanup
}
trap cc_stop EXIT

# proxy_start SOCKET LOG [UPSTREAM]: the logging proxy, waited for.
proxy_start() {
	python3 "$here/request-log.py" "$@" &
	proxies+=($!)
	for _ in $(seq 100); do [ -S "$1" ] && return 0; sleep 0.05; done
	echo "FAIL: the request log proxy does not listen on $1" >&2
	exit 1
}
proxy_start "$sock" "$log"

# cache_file SOCKET: the cache's path for the daemon at SOCKET: listing-<FNV-1a of the socket path, 16 hex>.
cache_file() {
	echo "$cdir/$(python3 -c '
import sys
h = 0xcbf29ce484222325
for b in sys.argv[1].encode():
    h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
print("listing-%016x" % h)' "$1")"
}
file=$(cache_file "$sock")
name=${file##*/}

# comp WORD [SOCKET [LOG]]: complete a container for WORD (docker-nsenter __completeNoDesc WORD) through SOCKET (the
# logging proxy unless told). OUT: what it offered, sorted (the directive line apart in DIR); ST: its exit status;
# REQ: the requests it made.
comp() {
	local word=$1 s=${2:-$sock} l=${3:-$log}
	: >"$l"
	OUT=$(DOCKER_HOST=unix://$s timeout 60 "$NSENTER" __completeNoDesc "$word" 2>"$BATS_TMP/err")
	ST=$?
	DIR=$(tail -n1 <<<"$OUT")
	OUT=$(sed '$d' <<<"$OUT" | sort)
	REQ=$(cat "$l")
}
# ours: the names in OUT that are our containers (the daemon may run others).
ours() {
	grep -e "^$PREFIX" <<<"$OUT"
}
# sorted WORDS...: one a line, in sort's order (as comp leaves OUT).
sorted() {
	printf '%s\n' "$@" | sort
}
# mark_of FILE: the time of the event the cache FILE was made after, as GET /events writes it (seconds.nanoseconds).
mark_of() {
	local t
	t=$(sed -n '3s/^mark \([0-9]*\) [0-9]*$/\1/p' "$1")
	[ -n "$t" ] && printf '%d.%09d' $((t / 1000000000)) $((t % 1000000000))
}

T='[0-9]+\.[0-9]{9}'
COLD="^GET /containers/json HTTP/1\\.1
GET /events\\?since=0\\.000000000&until=$T HTTP/1\\.1\$"
LIST_ONLY="GET /containers/json HTTP/1.1"
# warm SINCE: the one request of a completion the cache answers; stale SINCE: the cache was asked about and refused.
warm() { echo "^GET /events\\?since=${1//./\\.}&until=$T HTTP/1\\.1\$"; }
stale() { echo "^GET /events\\?since=${1//./\\.}&until=$T HTTP/1\\.1
GET /containers/json HTTP/1\\.1\$"; }

# ---- cold, then warm ----

c1=$(start one --network none)
id1=$(docker inspect -f '{{.Id}}' "$c1")
comp ""
check "cold: completion exits 0 with its directive" "0 :4" "$ST $DIR"
check "cold: it offers our running container" "$c1" "$(ours)"
check_match "cold: it asks the list, then the event log since 0 for the mark" "$COLD" "$REQ"
check "the cache directory is made ours, mode 0700" "700 0 directory" "$(stat -c '%a %u %F' "$cdir")"
check "the cache file is written, named for the socket, ours, mode 0600" "$name 600 0 regular file" \
	"$(cd "$cdir" && stat -c '%n %a %u %F' -- *)"
check "  ... its first lines name the format and the socket" "docker-nsenter listing cache 1
socket $sock" "$(head -n2 "$file")"
check "  ... it lists the container, ID and name" "$id1 $c1" "$(grep -x "$id1 $c1" "$file")"
mark=$(mark_of "$file")
check_match "  ... it holds a mark: an event's time" "^$T\$" "$mark"
check "  ... and the event's bytes, a JSON event of that time" "\"timeNano\":$(sed -n 3p "$file" | cut -d' ' -f2)}" \
	"$(sed -n 4p "$file" | grep -o '"timeNano":[0-9]*}$')"
# the daemon's own answer, read here without the proxy: the mark is its first event, byte for byte
check "  ... exactly as the daemon's event log since that time begins" "$(sed -n 4p "$file")" \
	"$(curl -s --max-time 10 --unix-socket /var/run/docker.sock \
		"http://localhost/events?since=$mark&until=$(date +%s.%N)" | head -n1)"
check "the mark was logged before the list was asked for: the newest event is no later" yes \
	"$([ "$(docker events --since "$mark" --until "$(date +%s.%N)" --format '{{.TimeNano}}' | tail -n1)" \
		-le "$(sed -n 3p "$file" | cut -d' ' -f2)" ] && echo yes)"
first=$OUT
cp "$file" "$BATS_TMP/before"

comp ""
check_match "warm: exactly one request, GET /events since the mark until now" "$(warm "$mark")" "$REQ"
check "warm: it offers the same" "$first" "$OUT"
check "warm: exits 0 with its directive" "0 :4" "$ST $DIR"
check "warm: the cache file is left as it was" "" "$(cmp "$BATS_TMP/before" "$file" 2>&1)"

comp "${c1%?}"
check "warm: a name prefix is answered from the cache too" "$c1" "$OUT"
check_match "  ... with one GET /events" "$(warm "$mark")" "$REQ"

: >"$log"
out=$(DOCKER_HOST=unix://$sock DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=$NSENTER "$NSENTER" __complete nsenter "${c1%?}")
check "docker nsenter's completion (__complete nsenter WORD) answers from the same cache" \
	"$c1	container ${id1:0:12}
:4" "$out"
check_match "  ... with one GET /events" "$(warm "$mark")" "$(cat "$log")"
: >"$log"
out=$(DOCKER_HOST=unix://$sock "$NSMOUNT" __completeNoDesc "${c1%?}")
check "docker-nsmount's completion answers from the same cache" "$c1
:4" "$out"
check_match "  ... with one GET /events" "$(warm "$mark")" "$(cat "$log")"

# ---- never stale: every start, stop, rename and removal is seen ----

c2=$(start two --network none)
id2=$(docker inspect -f '{{.Id}}' "$c2")
comp ""
check "after docker run: the new container is offered" "$(sorted "$c1" "$c2")" "$(ours)"
check_match "  ... the event log refused the cache, the list was asked again" "$(stale "$mark")" "$REQ"
check "  ... the new mark is the newest event: $c2's start" "container start $id2" \
	"$(sed -n 4p "$file" | jq -r '[.Type, .Action, .id] | join(" ")')"
check "  ... and the cache lists it" "$id2 $c2" "$(grep -x "$id2 $c2" "$file")"
mark=$(mark_of "$file")
comp ""
check_match "the rewritten cache answers the next completion with one GET /events" "$(warm "$mark")" "$REQ"
check "  ... and offers the same" "$(sorted "$c1" "$c2")" "$(ours)"

docker stop -t 0 "$c2" >/dev/null
comp ""
check "after docker stop: the stopped container is not offered" "$c1" "$(ours)"
check_match "  ... the list was asked again" "$(stale "$mark")" "$REQ"
check "  ... and the cache no longer lists it" "" "$(grep -e "^$id2 " "$file")"
mark=$(mark_of "$file")

docker start "$c2" >/dev/null
comp ""
check "after docker start: it is offered again" "$(sorted "$c1" "$c2")" "$(ours)"
check_match "  ... the list was asked again" "$(stale "$mark")" "$REQ"
mark=$(mark_of "$file")

docker rename "$c1" "${PREFIX}renamed"
comp ""
check "after docker rename: the new name is offered, the old one not" "$(sorted "${PREFIX}renamed" "$c2")" \
	"$(ours)"
check_match "  ... the list was asked again" "$(stale "$mark")" "$REQ"
check "  ... the cache lists the new name" "$id1 ${PREFIX}renamed" "$(grep -e "^$id1 " "$file")"
mark=$(mark_of "$file")
comp "$c1"
check "  ... the old name's prefix completes to nothing" "" "$OUT"
check_match "  ... from the cache" "$(warm "$mark")" "$REQ"

docker rm -f "${PREFIX}renamed" >/dev/null
comp ""
check "after docker rm -f: it is gone" "$c2" "$(ours)"
check_match "  ... the list was asked again" "$(stale "$mark")" "$REQ"
check "  ... and the cache no longer lists it" "" "$(grep -e "^$id1 " "$file")"
mark=$(mark_of "$file")

# A container that exits by itself while completions run back to back: dockerd 20.10 logs its die before its list
# shows it stopped (it cleans up in between), and a list asked for in that gap must not become a cache the log vouches
# for. Through the daemon's own socket, so that the loops do not fill the request log.
stale_after=
for round in 1 2 3; do
	e=$(start "exits$round" --network none -- sleep 1)
	loops=()
	for _ in 1 2 3 4; do
		(while [ ! -e "$BATS_TMP/stop-loops" ]; do
			DOCKER_HOST=unix:///var/run/docker.sock "$NSENTER" __completeNoDesc "" >/dev/null 2>&1
		done) &
		loops+=($!)
	done
	docker wait "$e" >/dev/null
	sleep 0.3
	touch "$BATS_TMP/stop-loops"
	wait "${loops[@]}"
	rm -f "$BATS_TMP/stop-loops"
	comp "" /var/run/docker.sock
	stale_after+=$(grep -x -e "$e" <<<"$OUT")
	docker rm "$e" >/dev/null
done
check "a container that exited while completions ran is not offered afterwards (3 rounds)" "" "$stale_after"
rm -f "$(cache_file /var/run/docker.sock)"
comp ""
mark=$(mark_of "$file")

# ---- exec and health probes change nothing ----

docker exec "$c2" true
docker exec "$c2" sh -c 'exit 3'
comp ""
check_match "after docker exec: one GET /events, the cache still holds" "$(warm "$mark")" "$REQ"
check "  ... and offers the same" "$c2" "$(ours)"
check_match "  ... though the daemon logged the execs after the mark" "^exec_create: true *
exec_start: true *
exec_die\$" "$(docker events --since "$mark" --until "$(date +%s.%N)" --filter "container=$id2" --format '{{.Action}}' |
	head -n3)"

h=$(start health --network none --health-cmd 'test ! -e /tmp/sick' --health-interval 1s --health-retries 1)
hid=$(docker inspect -f '{{.Id}}' "$h")
for _ in $(seq 60); do [ "$(docker inspect -f '{{.State.Health.Status}}' "$h")" = healthy ] && break; sleep 0.5; done
check "a container with a health check becomes healthy" healthy "$(docker inspect -f '{{.State.Health.Status}}' "$h")"
comp ""
mark=$(mark_of "$file")
check "  ... and is offered" "$(sorted "$c2" "$h")" "$(ours)"
docker exec "$h" touch /tmp/sick
for _ in $(seq 60); do [ "$(docker inspect -f '{{.State.Health.Status}}' "$h")" = unhealthy ] && break; sleep 0.5; done
sleep 1.5 # one more probe
comp ""
check_match "after health probes and a health_status change: one GET /events, the cache still holds" \
	"$(warm "$mark")" "$REQ"
check "  ... and offers the same" "$(sorted "$c2" "$h")" "$(ours)"
check_match "  ... though the daemon logged probes and the change after the mark" \
	"exec_start: /bin/sh -c test ! -e /tmp/sick.*health_status: unhealthy" \
	"$(docker events --since "$mark" --until "$(date +%s.%N)" --filter "container=$hid" --format '{{.Action}}' |
		paste -sd' ')"
docker rm -f "$h" >/dev/null # its probes would fill the daemon's event log

# ---- a cache file or directory that is not ours alone, or broken, is never believed ----

comp ""
check "a cold completion again" "$c2" "$(ours)"
check_match "  ... through the list" "$(stale "$mark")" "$REQ"
cp "$file" "$BATS_TMP/valid"
ghost_id=$(printf 'f%.0s' $(seq 64))
{ cat "$BATS_TMP/valid"; echo "$ghost_id ${PREFIX}ghost"; } >"$BATS_TMP/poisoned"
chmod 0600 "$BATS_TMP/poisoned"
mark=$(mark_of "$file")
good="$c2"

# install FILE [MODE]: put FILE where the cache is.
install_cache() {
	rm -rf "$file"
	cp "$1" "$file"
	chmod "${2:-0600}" "$file"
}

# First, that a file of ours is believed: a container the daemon never ran, added to a current cache, is offered.
install_cache "$BATS_TMP/poisoned"
comp ""
check "control: a current cache file of ours, mode 0600, is believed (it offers what it lists)" \
	"$(sorted "$c2" "${PREFIX}ghost")" "$(ours)"
check_match "  ... after one GET /events" "$(warm "$mark")" "$REQ"

# bad_file WHAT: after a completion with a broken or foreign file in the cache's place: output right, no ghost, the
# list asked, and a good cache written in its place.
bad_file() {
	check "$1: completion exits 0" "0 :4" "$ST $DIR"
	check "$1: it offers the running containers, no ghost" "$good" "$(ours)"
	check_match "$1: it asked the daemon for the list" "(^|
)GET /containers/json HTTP/1\\.1(
|\$)" "$REQ"
	check "$1: a good cache file replaced it (ours, 0600, regular)" "600 0 regular file|docker-nsenter listing cache 1|$id2 $c2|" \
		"$(stat -c '%a %u %F' "$file")|$(head -n1 "$file")|$(grep -x "$id2 $c2" "$file")|$(grep -e "$ghost_id" "$file")"
	check "$1: nothing else is left in the directory" "$name" "$(ls -A "$cdir")"
}

head -c 4096 /dev/urandom >"$BATS_TMP/garbage"
install_cache "$BATS_TMP/garbage"
comp ""
bad_file "garbage"
check_match "  ... asked as a cold completion" "$COLD" "$REQ"

{ echo "docker-nsenter listing cache 1"; head -c 3000 /dev/urandom; } >"$BATS_TMP/garbage2"
install_cache "$BATS_TMP/garbage2"
comp ""
bad_file "the right first line, then garbage"

head -c 50 "$BATS_TMP/poisoned" >"$BATS_TMP/trunc-head"
install_cache "$BATS_TMP/trunc-head"
comp ""
bad_file "a file cut in its header"

head -c 300 "$BATS_TMP/poisoned" >"$BATS_TMP/trunc-mark"
install_cache "$BATS_TMP/trunc-mark"
comp ""
bad_file "a file cut in its mark"

head -c -1 "$BATS_TMP/poisoned" >"$BATS_TMP/trunc-nl"
install_cache "$BATS_TMP/trunc-nl"
comp ""
bad_file "a file cut before its last newline"

{ cat "$BATS_TMP/poisoned"; echo "$ghost_id ${PREFIX}bad!name"; } >"$BATS_TMP/badname"
install_cache "$BATS_TMP/badname"
comp ""
bad_file "a line with an invalid name"

{ cat "$BATS_TMP/poisoned"; echo "$ghost_id /${PREFIX}slash"; } >"$BATS_TMP/slash"
install_cache "$BATS_TMP/slash"
comp ""
bad_file "a line with a name that starts with /"

{ cat "$BATS_TMP/poisoned"; echo "$(printf 'z%.0s' $(seq 64)) ${PREFIX}ghost2"; } >"$BATS_TMP/badid"
install_cache "$BATS_TMP/badid"
comp ""
bad_file "a line with an ID that is not hex"

{ cat "$BATS_TMP/poisoned"; printf '%s\0x\n' "$ghost_id ${PREFIX}nul"; } >"$BATS_TMP/nul"
install_cache "$BATS_TMP/nul"
comp ""
bad_file "a line with a NUL byte"

sed "2s|.*|socket /var/run/docker.sock|" "$BATS_TMP/poisoned" >"$BATS_TMP/othersock"
install_cache "$BATS_TMP/othersock"
comp ""
bad_file "a cache of another socket under this socket's name"

install_cache "$BATS_TMP/poisoned"
truncate -s 17M "$file"
comp ""
bad_file "a file of 17 MiB"

# Write bits for others make a file not ours alone; read bits do not (nobody else reaches into the 0700 directory).
for mode in 0664 0646 0620 0602; do
	install_cache "$BATS_TMP/poisoned" "$mode"
	comp ""
	bad_file "a current cache of mode $mode"
	check_match "  ... asked as a cold completion" "$COLD" "$REQ"
done
install_cache "$BATS_TMP/valid" 0644
comp ""
check "a current cache of mode 0644 (no write bit but ours): it offers the running containers" "$good" "$(ours)"
check_match "  ... from the cache, as documented (no group or other write bit)" "$(warm "$mark")" "$REQ"

install_cache "$BATS_TMP/poisoned"
chown nobody "$file"
comp ""
bad_file "a current cache owned by nobody"

rm -f "$file"
cp -p "$BATS_TMP/poisoned" "$BATS_TMP/target"
ln -s "$BATS_TMP/target" "$file"
comp ""
bad_file "a symlink to a current cache"
check "  ... the symlink's target is left alone" "" "$(cmp "$BATS_TMP/poisoned" "$BATS_TMP/target" 2>&1)"

rm -f "$file"
mkfifo -m 0600 "$file"
comp ""
bad_file "a FIFO (completion does not hang on it)"

rm -f "$file"
mkdir -m 0700 "$file"
: >"$file/x"
comp ""
check "a directory in the cache file's place: completion exits 0" "0 :4" "$ST $DIR"
check "  ... it offers the running containers" "$good" "$(ours)"
check "  ... the directory stays, no temporary file is left" "directory|$name" \
	"$(stat -c '%F' "$file")|$(ls -A "$cdir")"
rm -rf "$file"

# A directory that is not ours alone is not used at all: nothing read, nothing written.
for mode in 0777 0710 0702; do
	install_cache "$BATS_TMP/poisoned"
	chmod "$mode" "$cdir"
	comp ""
	check "directory of mode $mode: it offers the running containers, no ghost" "$good" "$(ours)"
	check "  ... asking only for the list" "$LIST_ONLY" "$REQ"
	check "  ... and writing nothing there" "$name|" "$(ls -A "$cdir")|$(cmp "$BATS_TMP/poisoned" "$file" 2>&1)"
	chmod 0700 "$cdir"
done

install_cache "$BATS_TMP/poisoned"
chown nobody "$cdir"
comp ""
check "directory owned by nobody: it offers the running containers, no ghost" "$good" "$(ours)"
check "  ... asking only for the list" "$LIST_ONLY" "$REQ"
check "  ... and writing nothing there" "$name|" "$(ls -A "$cdir")|$(cmp "$BATS_TMP/poisoned" "$file" 2>&1)"
chown 0 "$cdir"

mv "$cdir" "$BATS_TMP/real-cdir"
ln -s "$BATS_TMP/real-cdir" "$cdir"
comp ""
check "the directory a symlink to one of ours: it offers the running containers, no ghost" "$good" "$(ours)"
check "  ... asking only for the list" "$LIST_ONLY" "$REQ"
check "  ... and writing nothing there" "$name|" "$(ls -A "$BATS_TMP/real-cdir")|$(cmp "$BATS_TMP/poisoned" "$file" 2>&1)"
rm "$cdir"
mv "$BATS_TMP/real-cdir" "$cdir"

# ---- DOCKER_NSENTER_NO_CACHE ----

rm -rf "$cdir"
DOCKER_NSENTER_NO_CACHE=1 comp ""
check "DOCKER_NSENTER_NO_CACHE=1: it offers the running containers" "$good" "$(ours)"
check "  ... asking only for the list, no GET /events" "$LIST_ONLY" "$REQ"
check "  ... and making no cache (not even its directory)" "no" "$([ -e "$cdir" ] && echo yes || echo no)"
DOCKER_NSENTER_NO_CACHE=1 comp "${PREFIX}t"
check "DOCKER_NSENTER_NO_CACHE=1, a name prefix: it offers the match" "$c2" "$OUT"
check "  ... asking for it by name" \
	"GET /containers/json?filters=%7B%22name%22%3A%5B%22%5E%2F%3F${PREFIX}t%22%5D%7D HTTP/1.1" "$REQ"
comp ""
install_cache "$BATS_TMP/poisoned"
DOCKER_NSENTER_NO_CACHE=1 comp ""
check "DOCKER_NSENTER_NO_CACHE=1 with a current cache: not read (no ghost)" "$good" "$(ours)"
check "  ... asking only for the list" "$LIST_ONLY" "$REQ"
check "  ... and the file is left as it was" "" "$(cmp "$BATS_TMP/poisoned" "$file" 2>&1)"
DOCKER_NSENTER_NO_CACHE=0 comp ""
check "DOCKER_NSENTER_NO_CACHE=0 keeps the cache: the current file is read" "$(sorted "$c2" "${PREFIX}ghost")" \
	"$(ours)"
check_match "  ... with one GET /events" "$(warm "$mark")" "$REQ"

# ---- a typed name prefix without a usable cache: the daemon filters ----

rm -f "$file"
ab=$(start a.b --network none)
axb=$(start aXb --network none)
abid=$(docker inspect -f '{{.Id}}' "$ab")
check "unescaped, the daemon's name filter is a regex: ^/?${PREFIX}a. matches both" "$(sorted "$ab" "$axb")" \
	"$(docker ps --filter "name=^/?${PREFIX}a." --format '{{.Names}}' | sort)"
comp "${PREFIX}a."
check "no cache, prefix with a '.': it offers exactly ${PREFIX}a.b" "$ab" "$OUT"
check "  ... asking once, by a name filter with the '.' escaped" \
	"GET /containers/json?filters=%7B%22name%22%3A%5B%22%5E%2F%3F${PREFIX}a%5C%5C.%22%5D%7D HTTP/1.1" "$REQ"
check "  ... and writing no cache" "" "$(ls -A "$cdir")"
comp "${PREFIX}a"
check "no cache, prefix ${PREFIX}a: both" "$(sorted "$ab" "$axb")" "$OUT"
check "  ... by a name filter" \
	"GET /containers/json?filters=%7B%22name%22%3A%5B%22%5E%2F%3F${PREFIX}a%22%5D%7D HTTP/1.1" "$REQ"
comp "${PREFIX}aX"
check "no cache, prefix ${PREFIX}aX: only aXb" "$axb" "$OUT"
comp "${PREFIX}zzz"
check "no cache, a prefix nothing has: nothing" "" "$OUT"
check "  ... exits 0 with its directive" "0 :4" "$ST $DIR"
comp "${PREFIX}a!"
check "a word that is no name: nothing offered" "" "$OUT"
check_match "  ... asked as a cold completion (no filter can be made of it)" "$COLD" "$REQ"
rm -f "$file"
comp "${abid:0:10}"
check "no cache, an ID prefix: the container's short ID" "${abid:0:12}" "$OUT"
check_match "  ... through the whole list (an ID cannot be filtered by name), then the mark" "$COLD" "$REQ"
check "  ... and the cache is written" "$name" "$(ls -A "$cdir")"
mark=$(mark_of "$file")
comp "${PREFIX}a."
check "with a usable cache, prefix ${PREFIX}a.: still only a.b" "$ab" "$OUT"
check_match "  ... from the cache, one GET /events" "$(warm "$mark")" "$REQ"
comp "$PREFIX"
check "with a usable cache, prefix $PREFIX: all of ours" "$(sorted "$ab" "$axb" "$c2")" "$OUT"

# ---- a daemon restarted under the cache ----

pd_dir=$(mktemp -d /tmp/nsit-cc.XXXXXX)
pd_bridge=nsitc$$
ip link add "$pd_bridge" type bridge || { echo "FAIL: cannot create bridge $pd_bridge" >&2; exit 1; }
pd_sock=$pd_dir/docker.sock
pd_psock=$pd_dir/proxy.sock
pd_log=$BATS_TMP/pd-requests
pd_start() {
	dockerd -H "unix://$pd_sock" --data-root "$pd_dir/data" --exec-root "$pd_dir/exec" \
		--pidfile "$pd_dir/docker.pid" --bridge="$pd_bridge" --iptables=false --ip-masq=false \
		>>"$pd_dir/dockerd.log" 2>&1 &
	for _ in $(seq 120); do pdk version >/dev/null 2>&1 && return 0; sleep 0.5; done
	echo "FAIL: the private dockerd does not answer on $pd_sock" >&2
	tail "$pd_dir/dockerd.log" >&2
	exit 1
}
pd_start
check "a second dockerd answers on its own socket" "$pd_dir/data" "$(pdk info --format '{{.DockerRootDir}}')"
check "  ... on its own bridge" "$pd_bridge" \
	"$(pdk network inspect bridge --format '{{index .Options "com.docker.network.bridge.name"}}')"
DOCKER_HOST=unix://$pd_sock "$repo/scripts/images.sh" || { tail "$pd_dir/dockerd.log"; exit 1; }
p=${PREFIX}restart
pdk run -d --name "$p" --network none --stop-timeout 1 "$IMAGE" sleep 100000 >/dev/null ||
	{ echo "FAIL: cannot start $p on the private daemon" >&2; tail "$pd_dir/dockerd.log" >&2; exit 1; }
proxy_start "$pd_psock" "$pd_log" "$pd_sock"
pfile=$(cache_file "$pd_psock")
dfile=$(cache_file "$pd_sock")

comp "" "$pd_psock" "$pd_log"
check "private daemon: completion offers its container" "$p" "$OUT"
check_match "  ... cold" "$COLD" "$REQ"
check "  ... and writes a cache for that socket" "$p" "$(grep -o -e "$p\$" "$pfile")"
pmark=$(mark_of "$pfile")
comp "" "$pd_psock" "$pd_log"
check "private daemon: the next completion offers it from the cache" "$p" "$OUT"
check_match "  ... with one GET /events" "$(warm "$pmark")" "$REQ"
comp "" "$pd_sock"
check "private daemon, its own socket: it is offered" "$p" "$OUT"
check "  ... and a cache of that socket is written" "$p" "$(grep -o -e "$p\$" "$dfile" 2>&1)"
cp "$pfile" "$BATS_TMP/p-before"
cp "$dfile" "$BATS_TMP/d-before"

pd_kill
check "SIGTERM stopped the private dockerd" "no" "$(pdk version >/dev/null 2>&1 && echo yes || echo no)"
comp "" "$pd_psock" "$pd_log"
check "while it is down, completion offers nothing, exits 0 and says error (directive 1)" "|0 :1" "$OUT|$ST $DIR"
pd_start
check "it runs again on the same roots: the container is there, stopped" "false" \
	"$(pdk inspect -f '{{.State.Running}}' "$p")"
comp "" "$pd_psock" "$pd_log"
check "after the restart, completion does not offer the stopped container" "" "$OUT"
check_match "  ... the restarted daemon's log refused the cache, the list was asked" \
	"^GET /events\\?since=${pmark//./\\.}&until=$T HTTP/1\\.1
GET /containers/json HTTP/1\\.1" "$REQ"
echo "# after the restart: $(cmp -s "$pfile" "$BATS_TMP/p-before" && echo "the cache file was left" ||
	echo "the cache file was rewritten"); requests: $(paste -sd' ' <<<"$REQ")"
comp "" "$pd_psock" "$pd_log"
check "  ... nor does the next completion" "" "$OUT"
check_match "  ... which asks the list again" "GET /containers/json HTTP/1\\.1" "$REQ"
comp "" "$pd_sock"
check "after the restart, its own socket: not offered either" "" "$OUT"
pdk start "$p" >/dev/null
comp "" "$pd_psock" "$pd_log"
check "started again on the restarted daemon: offered" "$p" "$OUT"
check_match "  ... through the list" "GET /containers/json HTTP/1\\.1" "$REQ"
check "the first daemon's docker0 is still there" yes "$(ip link show docker0 >/dev/null 2>&1 && echo yes)"
