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

# The command itself stops (SIGSTOP, or ^Z in a session of its own): docker-nsenter stops too, as a shell job does,
# and when it is continued it wakes the command.
state_of() {
	awk '{print $3}' "/proc/$1/stat" 2>/dev/null
}
wait_state() {
	for _ in $(seq 1 50); do
		[ "$(state_of "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	return 1
}
"$NSENTER" "$web" sleep 4545 &
ns=$!
wait_count "sleep 4545" 1 || true
cmd=$(pgrep -P "$ns" -x sleep)
check "the command is docker-nsenter's child" "4545" "$(tr '\0' ' ' <"/proc/$cmd/cmdline" | awk '{print $2}')"
kill -STOP "$cmd"
if wait_state "$ns" T; then
	pass "a stopped command stops docker-nsenter"
else
	fail "a stopped command stops docker-nsenter" "state: $(state_of "$ns")"
fi
kill -CONT "$ns"
if wait_state "$cmd" S; then
	pass "continuing docker-nsenter continues the command"
else
	fail "continuing docker-nsenter continues the command" "state: $(state_of "$cmd")"
fi
kill -CONT "$cmd" # whatever happened above, the command must not stay stopped
kill -TERM "$ns"
for _ in $(seq 1 50); do
	kill -0 "$ns" 2>/dev/null || break
	sleep 0.1
done
kill -KILL "$ns" 2>/dev/null
wait "$ns"
check "  ... and it still forwards and exits" 143 "$?"
