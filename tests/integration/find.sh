# SPDX-License-Identifier: Apache-2.0
# Finding the container meant: compose services as PROJECT/SERVICE[/NUMBER] (made by Debian's docker-compose, whose
# labels are compose v2's), docker's --filter, and the reverse, --which PID; their completion.

proj=nsit$$proj
compose_dir=$BATS_TMP/compose
find_cleanup() {
	docker ps -aq --filter "label=com.docker.compose.project=$proj" | xargs -r docker rm -f >/dev/null 2>&1
	cleanup
}
trap find_cleanup EXIT
if ! command -v docker-compose >/dev/null; then
	echo "FAIL: docker-compose is not installed (scripts/deps.sh installs it)" >&2
	exit 1
fi
mkdir -p "$compose_dir"
cat >"$compose_dir/docker-compose.yml" <<EOF
version: "2.4"
services:
  web:
    image: $IMAGE
    command: sleep 100000
    network_mode: none
  db:
    image: $IMAGE
    command: sleep 100000
    network_mode: none
EOF
(cd "$compose_dir" && timeout 180 docker-compose -p "$proj" up -d --scale web=2) >"$BATS_TMP/compose.log" 2>&1 ||
	{ echo "FAIL: docker-compose up failed" >&2; cat "$BATS_TMP/compose.log" >&2; exit 1; }
hostname_of() { docker inspect -f '{{.Config.Hostname}}' "$1"; }
inside_pid() { # inside_pid CONTAINER ARG: the PID the container's ps shows for "sleep ARG"
	docker exec "$1" ps | awk -v a="$2" '$3 == "sleep" && $4 == a { print $1 }'
}
by_label() { # by_label SERVICE NUMBER: the container compose made
	docker ps -aq --filter "label=com.docker.compose.project=$proj" --filter "label=com.docker.compose.service=$1" \
		--filter "label=com.docker.compose.container-number=$2"
}
db=$(by_label db 1)
web1=$(by_label web 1)
web2=$(by_label web 2)
check "compose made three containers (the test is sound)" "3" "$(printf '%s\n' "$db" "$web1" "$web2" | grep -c .)"

# ---- PROJECT/SERVICE[/NUMBER] ----
check "PROJECT/SERVICE names the service's container" "$(hostname_of "$db")" "$("$NSENTER" "$proj/db" hostname)"
check_status "a scaled service without a number is ambiguous" 125 "$NSENTER" "$proj/web" hostname
check_match "  ... and the message lists its containers by number" "2 containers match: .*$proj/web/[12].*$proj/web/[12].*name one with PROJECT/SERVICE/NUMBER" "$ERR"
check "PROJECT/SERVICE/NUMBER names one of them" "$(hostname_of "$web2")" "$("$NSENTER" "$proj/web/2" hostname)"
check "  ... the other" "$(hostname_of "$web1")" "$("$NSENTER" "$proj/web/1" -u hostname)"
check_status "a number that does not exist" 125 "$NSENTER" "$proj/web/3" true
check_match "  ... no container matches" "no container matches" "$ERR"
for bad in "$proj/" "$proj/web/0" "$proj/web/x" "$proj/web/1/2" "-x/web" "$proj/we b"; do
	check_status "'$bad' is not a compose reference" 125 "$NSENTER" -- "$bad" true
done
(cd "$compose_dir" && timeout 120 docker-compose -p "$proj" run -d db sleep 100000) >/dev/null 2>&1
check "a one-off container (docker-compose run) is not the service's" "$(hostname_of "$db")" \
	"$("$NSENTER" "$proj/db" hostname)"

# ---- docker's filters ----
check "--filter label=K=V: the one container matching" "$(hostname_of "$web2")" \
	"$("$NSENTER" --filter "label=com.docker.compose.project=$proj" --filter label=com.docker.compose.service=web \
		--filter label=com.docker.compose.container-number=2 hostname)"
check_status "filters are ANDed: project and service db (one-off excluded by its own label)" 0 \
	"$NSENTER" --filter "label=com.docker.compose.project=$proj" --filter label=com.docker.compose.service=db \
	--filter label=com.docker.compose.oneoff=False true
check_status "a filter matching several is refused" 125 "$NSENTER" --filter "label=com.docker.compose.project=$proj" true
check_match "  ... listing them" "containers match: .*${proj}_web_1.*; add a filter or name one" "$ERR"
check "--filter name=" "$(hostname_of "$db")" "$("$NSENTER" --filter "name=^/${proj}_db_1$" hostname)"
check_status "a filter matching nothing" 125 "$NSENTER" --filter "label=nsit-nothing-$$" true
check_match "  ... saying so" "no container matches" "$ERR"
check_status "an unknown filter key is refused" 125 "$NSENTER" --filter "colour=red" true
check_match "  ... naming the keys" "invalid filter 'colour=red'" "$ERR"
check "options after the filter go on, then the program" "$(readlink "/proc/$(pid_of "$db")/ns/net")" \
	"$("$NSENTER" --filter "name=^/${proj}_db_1$" -n readlink /proc/self/ns/net)"

# ---- a compose service that does not run ----
docker stop -t 0 "$db" >/dev/null
check_status "a stopped service's program is refused" 125 "$NSENTER" "$proj/db" true
check_match "  ... naming --stopped" "is not running; --stopped opens its files" "$ERR"
check "without a program: its files, with a note" "/run/docker-nsenter/${proj}_db_1" "$(echo pwd | "$NSENTER" "$proj/db" 2>/dev/null)"
check "--stopped PROJECT/SERVICE" "$(hostname_of "$db")" "$("$NSENTER" --stopped "$proj/db" cat etc/hostname)"
check "--stopped --filter" "$(hostname_of "$db")" \
	"$("$NSENTER" --stopped --filter "name=^/${proj}_db_1$" cat etc/hostname)"
docker start "$db" >/dev/null

# ---- --which PID ----
dbpid=$(pid_of "$db")
out=$("$NSENTER" --which "$dbpid")
check "--which the main process: its container, engine, ID, PID 1, every namespace" \
	"CONTAINER  ${proj}_db_1|ENGINE     docker|ID         $(docker inspect -f '{{.Id}}' "$db")|PID        1|OWN        -" \
	"$(grep -Ev '^SHARES' <<<"$out" | paste -sd'|')"
check_match "  ... sharing all of them" "^SHARES +.*net.*pid.*mnt" "$(grep SHARES <<<"$out")"
docker exec -d "$db" sleep 5001
for _ in $(seq 50); do execpid=$(pgrep -f '^sleep 5001$') && break; sleep 0.1; done
check "a docker exec'd process: the same container, its PID inside" \
	"${proj}_db_1 $(inside_pid "$db" 5001)" \
	"$("$NSENTER" --which "$execpid" | awk '/^CONTAINER|^PID/ {print $2}' | paste -sd' ')"
nested=$(start find-nested --cap-add SYS_ADMIN --security-opt seccomp=unconfined)
docker exec -d "$nested" unshare -fp sleep 5002
for _ in $(seq 50); do npid=$(pgrep -f '^sleep 5002$') && break; sleep 0.1; done
out=$("$NSENTER" --which "$npid")
check "a process in a PID namespace below the container's: its container and PID there" \
	"$nested $(inside_pid "$nested" 5002)" \
	"$(awk '/^CONTAINER|^PID/ {print $2}' <<<"$out" | paste -sd' ')"
check "  ... and its own PID namespace is not the container's" "pid" "$(awk '/^OWN/ {print $2}' <<<"$out")"
check_status "a host process belongs to no container" 1 "$NSENTER" --which $$
check "  ... saying so" "process $$ belongs to no container" "$OUT"
"$NSENTER" "$db" -n sleep 5003 &
bg=$!
for _ in $(seq 50); do hpid=$(pgrep -f '^sleep 5003$') && break; sleep 0.1; done
check_status "a host process in a container's network namespace belongs to no container" 1 "$NSENTER" --which "$hpid"
check "  ... but shares its namespace, and says whose" "its net namespace is that of ${proj}_db_1" "$(sed -n 2p <<<"$OUT")"
kill "$bg" 2>/dev/null
wait "$bg" 2>/dev/null
check "--which --json" "${proj}_db_1 docker 1 none" \
	"$("$NSENTER" --which "$dbpid" --json | python3 -c 'import json, sys; d = json.load(sys.stdin); c = d["container"]
print(c["name"], c["engine"], c["pid"], "none" if not c["own"] else c["own"])')"
check "--which --json for no container" "null" \
	"$("$NSENTER" --which $$ --json | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)["container"]))')"
# a node without a Docker daemon (a Kubernetes node): the cgroup alone names the container, with a note
out=$(DOCKER_HOST=unix://$BATS_TMP/no-daemon.sock "$NSENTER" --which "$dbpid" 2>"$BATS_TMP/err")
check "--which with no daemon answering: the ID and the engine its cgroup shows, no name" \
	"CONTAINER  -|ENGINE     docker|ID         $(docker inspect -f '{{.Id}}' "$db")" \
	"$(grep -E '^(CONTAINER|ENGINE|ID)' <<<"$out" | paste -sd'|')"
check_match "  ... with a note saying why" "note: cannot connect to the Docker daemon.*naming the container by its cgroup alone" \
	"$(cat "$BATS_TMP/err")"
check_status "  ... and a host process still belongs to none" 1 env DOCKER_HOST="unix://$BATS_TMP/no-daemon.sock" \
	"$NSENTER" --which $$
check_status "--which a PID that does not exist" 125 "$NSENTER" --which 4194304
check_match "  ... saying so" "no such process" "$ERR"
check_status "--which something that is not a PID" 125 "$NSENTER" --which 12ab
check_status "--which with a container is refused" 125 "$NSENTER" --which "$dbpid" "$db"

# ---- completion ----
comp() { "$NSENTER" __completeNoDesc "$@" | grep -v '^:'; }
check "completion offers the compose references of a project" "$proj/db
$proj/web/1
$proj/web/2" "$(comp "$proj/" | sort)"
check "  ... and of one service" "$proj/web/1
$proj/web/2" "$(comp "$proj/w" | sort)"
docker stop -t 0 "$db" >/dev/null
check "after --stopped, the containers that do not run" "${proj}_db_1" "$(comp --stopped "${proj}_d")"
check "  ... and their compose references" "$proj/db" "$(comp --stopped "$proj/")"
check "--filter offers docker's keys" "label=" "$(comp --filter la)"
check "  ... and the labels of running containers" "label=com.docker.compose.service=web" \
	"$(comp --filter label=com.docker.compose.service=w | sort -u)"
check "--which offers processes" "$$" "$(comp --which "$$" | grep -x "$$")"
check "after --filter, the program" "" "$(comp --filter label=x "${proj}_d")"
dbid=$(docker inspect -f '{{.Id}}' "$web1")
check "a reference with a scheme is completed as one, not as a compose service" "containerd://moby/$dbid" \
	"$(comp "containerd://moby/${dbid:0:12}")"
check "  ... also while its scheme is typed in part" "containerd://" "$(comp "containerd:/")"
