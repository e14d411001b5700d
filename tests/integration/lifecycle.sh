# SPDX-License-Identifier: Apache-2.0
# Killing docker-nsenter never leaves the command running in the container; signals are forwarded.

web=$(start life)

# count_in_container PATTERN: processes in the container whose command line matches.
count_in_container() {
	docker exec "$web" ps -o args | grep -c -- "$1" || true
}

wait_count() {
	local pat=$1 want=$2
	for _ in $(seq 1 50); do
		[ "$(count_in_container "$pat")" = "$want" ] && return 0
		sleep 0.1
	done
	return 1
}

"$NSENTER" "$web" sleep 4242 &
ns=$!
wait_count "sleep 4242" 1 && pass "the command runs in the container" || fail "the command runs in the container"
kill -KILL "$ns"
wait "$ns" 2>/dev/null
if wait_count "sleep 4242" 0; then
	pass "SIGKILL of docker-nsenter leaves no orphan"
else
	fail "SIGKILL of docker-nsenter leaves no orphan" "$(docker exec "$web" ps -o pid,args)"
fi

"$NSENTER" "$web" sleep 4343 &
ns=$!
wait_count "sleep 4343" 1 || true
kill -TERM "$ns"
wait "$ns"
st=$?
check "SIGTERM is forwarded and the status is the command's death by SIGTERM" 143 "$st"
wait_count "sleep 4343" 0 && pass "SIGTERM leaves no orphan" || fail "SIGTERM leaves no orphan"

for sig in INT HUP QUIT; do
	"$NSENTER" "$web" sh -c "trap 'echo got-$sig; exit 3' $sig; while :; do sleep 0.05; done" >"$BATS_TMP/out" &
	ns=$!
	sleep 0.5
	kill -"$sig" "$ns"
	wait "$ns"
	st=$?
	check "SIG$sig is forwarded to the command" "got-$sig/3" "$(cat "$BATS_TMP/out")/$st"
done

# Stop and continue follow the command.
"$NSENTER" "$web" sleep 4444 &
ns=$!
wait_count "sleep 4444" 1 || true
kill -STOP "$ns"
sleep 0.3
kill -CONT "$ns"
kill -TERM "$ns"
wait "$ns"
check "a stopped and continued docker-nsenter still forwards and exits" 143 "$?"
