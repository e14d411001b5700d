# SPDX-License-Identifier: Apache-2.0
# A daemon that misbehaves (tests/fake/fake-dockerd.py in front of the real one): every legal framing works; every
# broken or hostile answer gets a clear message, exit status 125, no crash and no hang.

FAKE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../fake/fake-dockerd.py
web=$(start hostile)
other=$(start hostile-other)
want=$(docker inspect -f '{{.Config.Hostname}}' "$web")
sock=$BATS_TMP/fake.sock
fake_pid=

fake_n=0
fake() {
	if [ -n "$fake_pid" ]; then
		kill "$fake_pid" 2>/dev/null
		wait "$fake_pid" 2>/dev/null
	fi
	# a fresh output file each time: the previous daemon's "ready" must not be mistaken for this one's
	fake_n=$((fake_n + 1))
	local out=$BATS_TMP/fake.$fake_n.out
	/usr/bin/python3 "$FAKE" "$sock" "$1" "$web" "$other" >"$out" 2>&1 &
	fake_pid=$!
	for _ in $(seq 1 100); do
		grep -q ready "$out" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "fake daemon did not start: $(cat "$out")" >&2
	exit 1
}

# through SCENARIO EXPECTED-STATUS [options...]: run docker-nsenter against the fake daemon.
through() {
	local scenario=$1 want_st=$2
	shift 2
	fake "$scenario"
	check_status "$scenario: exit status $want_st" "$want_st" \
		env DOCKER_HOST="unix://$sock" timeout 20 "$NSENTER" "$@" "$web" -u hostname
}

for scenario in content-length chunked-1 chunked-ext-trailer http10-close dribble; do
	through "$scenario" 0
	check "$scenario: the answer is right" "$want" "$OUT"
done

through truncated 125
check_match "a body cut short is named" "closed the connection before answering completely" "$ERR"
through bad-chunk 125
check_match "a bad chunk size is malformed HTTP" "not valid HTTP" "$ERR"
through huge-chunk 125
check_match "an enormous chunk size is refused" "too large" "$ERR"
through garbage 125
check_match "random bytes are not HTTP" "not valid HTTP" "$ERR"
through deep-json 125
check_match "JSON nested 100000 deep is refused" "not valid JSON" "$ERR"

fake huge-length
check_status "a 300 MiB Content-Length is refused" 125 \
	env DOCKER_HOST="unix://$sock" /usr/bin/time -f %M -o "$BATS_TMP/rss" timeout 20 "$NSENTER" "$web" true
check_match "a 300 MiB Content-Length: message" "too large" "$ERR"
fake huge-body
check_status "a never-ending body is refused" 125 \
	env DOCKER_HOST="unix://$sock" /usr/bin/time -f %M -o "$BATS_TMP/rss" timeout 20 "$NSENTER" "$web" true
rss=$(tail -n 1 "$BATS_TMP/rss")
if [ "$rss" -lt 32768 ]; then
	pass "a never-ending body keeps peak memory small (${rss} KiB)"
else
	fail "a never-ending body keeps peak memory small" "peak RSS ${rss} KiB"
fi

for pid in '"1234"' -5 0 missing 1.5 99999999999 true null; do
	through "pid=$pid" 125
	check_match "State.Pid $pid is refused with a message" "State.Pid|runs as PID" "$ERR"
done
through "pid=1" 125
check_match "PID 1 is not the container's" "runs as PID 1|does not belong" "$ERR"
through "pid=$$" 125
check_match "an unrelated host PID is refused" "process $$ does not belong to container" "$ERR"
through pid-other 125
check_match "another container's PID is refused" "does not belong to container" "$ERR"

through redirect 125
check_match "a redirect is not followed" "answered 301" "$ERR"
through error-404 125
check "a 404 is no such container" "docker-nsenter: $web: no such container" "$ERR"
through error-500 125
check "a 500 shows the daemon's message without control characters" \
	"docker-nsenter: $web: the daemon answered 500: boom red  bell done second line" "$ERR"

fake hang
start_s=$(date +%s)
check_status "a daemon that never answers: gives up" 125 \
	env DOCKER_HOST="unix://$sock" timeout 20 "$NSENTER" --timeout 2 "$web" true
took=$(($(date +%s) - start_s))
check_match "it gives up within the bound" "^[234]$" "$took"
check_match "it says the daemon did not answer" "did not answer in time" "$ERR"

kill "$fake_pid" 2>/dev/null
wait "$fake_pid" 2>/dev/null
