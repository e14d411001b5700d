# SPDX-License-Identifier: Apache-2.0
# A daemon whose listen backlog is full: a non-blocking unix connect() fails with EAGAIN at once, and docker-nsenter
# keeps trying until --timeout instead of failing with "Transport endpoint is not connected".

web=$(start backlog)
here=$(dirname "${BASH_SOURCE[0]}")
relay_pid=

# relay DELAY: a full socket in $BATS_TMP/full.sock that starts relaying to the real daemon after DELAY seconds
relay() {
	rm -f "$BATS_TMP/full.sock"
	"$here/backlog-relay.py" "$BATS_TMP/full.sock" "$1" >"$BATS_TMP/relay.out" 2>&1 &
	relay_pid=$!
	for _ in $(seq 50); do
		grep -q ready "$BATS_TMP/relay.out" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "FAIL: the relay did not start: $(cat "$BATS_TMP/relay.out")" >&2
	exit 1
}
relay_stop() {
	[ -n "$relay_pid" ] && kill "$relay_pid" 2>/dev/null && wait "$relay_pid" 2>/dev/null
	relay_pid=
}
trap 'relay_stop; cleanup' EXIT

# The daemon catches up after a second: the command runs.
relay 1
start_ms=$(date +%s%3N)
check_status "a full backlog is waited out" 0 env DOCKER_HOST="unix://$BATS_TMP/full.sock" \
	"$NSENTER" --timeout 10 "$web" --net cat /proc/self/net/dev
took=$(($(date +%s%3N) - start_ms))
check_match "  ... for as long as the backlog stays full (about a second)" "^([89][0-9]{2}|[1-9][0-9]{3})$" "$took"
check_match "  ... and the command ran in the container" "lo:" "$OUT"
relay_stop

# It never does: --timeout ends the wait, with words that say so.
relay -1
start_ms=$(date +%s%3N)
check_status "a backlog that stays full ends at --timeout" 125 env DOCKER_HOST="unix://$BATS_TMP/full.sock" \
	"$NSENTER" --timeout 1 "$web" true
took=$(($(date +%s%3N) - start_ms))
check_match "  ... after about a second" "^(9[0-9]{2}|1[0-9]{3}|2[0-9]{3})$" "$took"
check "  ... and says why" \
	"docker-nsenter: $web: cannot connect to the Docker daemon at unix://$BATS_TMP/full.sock: Connection timed out" \
	"$ERR"
relay_stop
