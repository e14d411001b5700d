# SPDX-License-Identifier: Apache-2.0
# Helpers for the integration tests: assertions that count, containers that clean up after themselves.

NSENTER=${DOCKER_NSENTER:?DOCKER_NSENTER must name the docker-nsenter binary}
IMAGE=docker-nsenter/busybox:latest
NOSHELL=docker-nsenter/noshell:latest
PREFIX=nsit-$$-
T_PASS=0
T_FAIL=0

if ! docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
	echo "FAIL: no Docker daemon answers; run the tests through scripts/test.sh, which starts one" >&2
	exit 1
fi
for img in "$IMAGE" "$NOSHELL"; do
	if ! docker image inspect "$img" >/dev/null 2>&1; then
		echo "FAIL: test image $img is missing; scripts/images.sh builds it" >&2
		exit 1
	fi
done

# Containers are found by their name prefix: start() may run in a subshell.
cleanup() {
	local ids
	ids=$(docker ps -aq --filter "name=^$PREFIX")
	if [ -n "$ids" ]; then
		# shellcheck disable=SC2086
		docker rm -f $ids >/dev/null 2>&1 || true
	fi
}
trap cleanup EXIT

pass() {
	T_PASS=$((T_PASS + 1))
	echo "ok - $1"
}

fail() {
	T_FAIL=$((T_FAIL + 1))
	echo "not ok - $1"
	shift
	for line in "$@"; do
		echo "#   $line"
	done
}

# check NAME EXPECTED ACTUAL
check() {
	if [ "$2" == "$3" ]; then
		pass "$1"
	else
		fail "$1" "expected: $(printf %q "$2")" "actual:   $(printf %q "$3")"
	fi
}

# check_match NAME REGEX ACTUAL
check_match() {
	if [[ $3 =~ $2 ]]; then
		pass "$1"
	else
		fail "$1" "expected to match: $2" "actual: $(printf %q "$3")"
	fi
}

# check_status NAME EXPECTED-STATUS COMMAND...: runs COMMAND, keeps its output in $OUT and $ERR.
check_status() {
	local name=$1 want=$2 st
	shift 2
	OUT=$("$@" 2>"$BATS_TMP/err")
	st=$?
	ERR=$(cat "$BATS_TMP/err")
	if [ "$st" -eq "$want" ]; then
		pass "$name"
	else
		fail "$name" "expected exit status $want, got $st" "stdout: $OUT" "stderr: $ERR"
	fi
}

# step NAME LOG COMMAND...: COMMAND with its output in LOG; passes when it exits 0, else fails with LOG's tail.
step() {
	local name=$1 log=$2
	shift 2
	if "$@" >"$log" 2>&1; then
		pass "$name"
	else
		fail "$name" "exit status $?; the end of its output:" "$(tail -n 15 "$log")"
		return 1
	fi
}

BATS_TMP=$(mktemp -d)
# shellcheck source=tests/integration/run-args.sh
. "$(dirname "${BASH_SOURCE[0]}")/run-args.sh"

# start NAME [docker run options...] [-- command...]: a running container named $PREFIX$NAME, echoing its name.
start() {
	local name=$PREFIX$1
	shift
	run_args_split "$@"
	docker run -d --name "$name" "${RUN_OPTS[@]}" "$IMAGE" "${RUN_CMD[@]}" >/dev/null || {
		echo "FAIL: cannot start container $name" >&2
		exit 1
	}
	echo "$name"
}

# static_helper NAME: tests/helpers/NAME.c built as a static binary (to be copied into containers); echoes its path.
static_helper() {
	local out=$BATS_TMP/$1
	[ -x "$out" ] || cc -static -O2 -o "$out" "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../helpers/$1.c" ||
		{ echo "FAIL: cannot build the test helper $1" >&2; return 1; }
	echo "$out"
}

pid_of() {
	docker inspect -f '{{.State.Pid}}' "$1"
}

ns_of() {
	readlink "/proc/$1/ns/$2"
}

finish() {
	rm -rf "$BATS_TMP"
	echo "$T_PASS passed, $T_FAIL failed"
	[ "$T_FAIL" -eq 0 ] && [ "$T_PASS" -gt 0 ]
}
