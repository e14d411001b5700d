#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The benchmark of issue 7, in one command (not part of the test suite):
#
#   bench/run.sh [-n ROUNDS] [-N CONTAINERS] [-p PARALLEL] [-i]
#
# 1. one interleaved run (A B C ... A B C ...) on one container: docker-nsenter, util-linux nsenter with the PID
#    known, docker exec, the runbook line, and `docker nsenter` through both docker clients against their
#    `docker exec`; wall time (median, p90) and peak RSS of each;
# 2. PARALLEL (100) enters at once: all must succeed, total wall time;
# 3. completion of container names with CONTAINERS (500) running containers, against docker's own completion.
#
# The *-only rows are floors for reading the others: the docker client starting (`docker --version`) and the daemon
# answering one request on a fresh connection (bench/runner.c's `get`).
#
# Environment: DN=path to a docker-nsenter binary (default: a release build in $BUILD, made here), DOCKER20,
# DOCKER28 (the two docker clients), IMAGE, SOCK (the daemon's socket, for the daemon-only rows). Results (raw
# per-run TSV, summaries, the markdown report) go to $OUT (default: a new directory under /tmp, printed at the end).
# Every container is named bench-<pid>-* and removed on exit, even on failure; they run with --network none and
# nothing here sends packets anywhere.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=200
NCONT=500
NPAR=100
ONLY_INTERLEAVED=false
while getopts n:N:p:i opt; do
	case $opt in
	n) ROUNDS=$OPTARG ;;
	N) NCONT=$OPTARG ;;
	p) NPAR=$OPTARG ;;
	i) ONLY_INTERLEAVED=true ;;
	*) echo "usage: $0 [-n ROUNDS] [-N CONTAINERS] [-p PARALLEL] [-i]" >&2; exit 2 ;;
	esac
done

BUILD=${BUILD:-/tmp/docker-nsenter-bench-build}
DOCKER20=${DOCKER20:-/usr/bin/docker}
DOCKER28=${DOCKER28:-/usr/local/bin/docker}
IMAGE=${IMAGE:-docker-nsenter/busybox:latest}
SOCK=${SOCK:-/var/run/docker.sock}
OUT=${OUT:-$(mktemp -d /tmp/docker-nsenter-bench.XXXXXX)}
prefix=bench-$$-
tmp=$(mktemp -d)
mkdir -p "$OUT"

log() { printf 'bench: %s\n' "$*" >&2; }

cleanup() {
	local ids
	ids=$("$DOCKER28" ps -aq --filter "name=$prefix" 2>/dev/null || true)
	if [ -n "$ids" ]; then
		log "removing $(echo "$ids" | wc -l) containers named $prefix*"
		echo "$ids" | xargs -r -n 50 "$DOCKER28" rm -f >/dev/null 2>&1 || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- what we measure with ----
if [ -z "${DN:-}" ]; then
	if [ ! -f "$BUILD/build.ninja" ]; then
		meson setup --buildtype=release "$BUILD" "$repo" >"$tmp/meson.log" 2>&1 ||
			{ cat "$tmp/meson.log" >&2; exit 1; }
	fi
	ninja -C "$BUILD" plugin/docker-nsenter >/dev/null
	DN=$BUILD/plugin/docker-nsenter
fi
cc -O2 -Wall -o "$tmp/runner" "$repo/bench/runner.c" -lm
runner=$tmp/runner

if ! "$DOCKER28" version --format '{{.Server.Version}}' >/dev/null 2>&1; then
	echo "bench: no Docker daemon answers; start one with scripts/dockerd.sh start" >&2
	exit 1
fi
"$DOCKER28" image inspect "$IMAGE" >/dev/null 2>&1 || "$repo/scripts/images.sh"

# The plugin through each docker client, found only through a temporary config's cliPluginsExtraDirs.
mkdir -p "$tmp/config" "$tmp/plugins"
cp "$DN" "$tmp/plugins/docker-nsenter"
printf '{ "cliPluginsExtraDirs": ["%s"] }\n' "$tmp/plugins" >"$tmp/config/config.json"
export DOCKER_CONFIG=$tmp/config

ctr=${prefix}main
"$DOCKER28" run -d --network none --name "$ctr" "$IMAGE" sleep 1000000 >/dev/null
pid=$("$DOCKER28" inspect -f '{{.State.Pid}}' "$ctr")
cid=$("$DOCKER28" inspect -f '{{.Id}}' "$ctr")

# Every command must do the job before it is timed.
want=$("$DOCKER28" exec "$ctr" hostname)
for c in "$DN $ctr -a hostname" "nsenter -t $pid -a hostname" "$DOCKER20 nsenter $ctr -a hostname" \
	"$DOCKER28 nsenter $ctr -a hostname" "$DN containerd://moby/$cid -a hostname"; do
	got=$($c)
	[ "$got" = "$want" ] || { echo "bench: '$c' printed '$got', not '$want'" >&2; exit 1; }
done

# ---- machine ----
{
	echo "- nproc: $(nproc); $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'); $(free -g | awk '/Mem:/ {print $2}') GiB"
	echo "- kernel: $(uname -r)"
	echo "- dockerd $("$DOCKER28" version --format '{{.Server.Version}}'), storage $("$DOCKER28" info --format '{{.Driver}}'), cgroup v$("$DOCKER28" info --format '{{.CgroupVersion}}')"
	echo "- docker clients: $DOCKER20 $("$DOCKER20" version --format '{{.Client.Version}}' 2>/dev/null), $DOCKER28 $("$DOCKER28" version --format '{{.Client.Version}}' 2>/dev/null)"
	echo "- $(nsenter --version)"
	echo "- docker-nsenter: $DN (tree $(git -C "$repo" describe --always --dirty 2>/dev/null || echo '?'); $(stat -c %s "$DN") bytes; links $(ldd "$DN" | awk '/=>/ {print $1}' | xargs))"
	echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.md"

# ---- 1. one interleaved run ----
log "interleaved run: $ROUNDS rounds of 11 commands on $ctr (PID $pid)"
runbook="nsenter -t \$(docker inspect -f '{{.State.Pid}}' $ctr) -a sh -c :"
"$runner" interleave -n "$ROUNDS" -w 5 -r "$OUT/interleaved.raw.tsv" -l "$OUT/stderr.log" -- \
	docker-nsenter "$DN" "$ctr" -a sh -c : ::: \
	nsenter-pid nsenter -t "$pid" -a sh -c : ::: \
	docker-exec "$DOCKER28" exec "$ctr" sh -c : ::: \
	runbook sh -c "$runbook" ::: \
	docker20-nsenter "$DOCKER20" nsenter "$ctr" -a sh -c : ::: \
	docker20-exec "$DOCKER20" exec "$ctr" sh -c : ::: \
	docker28-nsenter "$DOCKER28" nsenter "$ctr" -a sh -c : ::: \
	docker28-exec "$DOCKER28" exec "$ctr" sh -c : ::: \
	docker28-start-only "$DOCKER28" --version ::: \
	daemon-inspect-only "$runner" get "$SOCK" "/containers/$ctr/json" ::: \
	containerd-moby "$DN" "containerd://moby/$cid" -a sh -c : \
	>"$OUT/interleaved.tsv"
if $ONLY_INTERLEAVED; then
	echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.md"
	"$repo/bench/report.sh" "$OUT" >"$OUT/report.md"
	cat "$OUT/report.md"
	log "results in $OUT"
	exit 0
fi

# ---- 2. many at once ----
log "$NPAR enters at once"
{
	"$runner" parallel -n 5 -c "$NPAR" -l "$OUT/stderr.log" -- docker-nsenter "$DN" "$ctr" -a sh -c :
	"$runner" parallel -n 5 -c "$NPAR" -l "$OUT/stderr.log" -- nsenter-pid nsenter -t "$pid" -a sh -c : |
		grep -v '^#'
	"$runner" parallel -n 3 -c "$NPAR" -l "$OUT/stderr.log" -- docker-exec "$DOCKER28" exec "$ctr" sh -c : |
		grep -v '^#'
} >"$OUT/parallel.tsv"

# ---- 3. completion with many containers ----
# Stop creating when memory runs short, and say how many fitted.
log "starting $NCONT containers"
made=0
t0=$(date +%s)
while [ "$made" -lt "$NCONT" ]; do
	avail=$(awk '/MemAvailable/ {print int($2 / 1024)}' /proc/meminfo)
	if [ "$avail" -lt 2048 ]; then
		log "only ${avail} MiB left: stopping at $made containers"
		break
	fi
	batch=$((NCONT - made < 50 ? NCONT - made : 50))
	if ! seq "$made" $((made + batch - 1)) |
		xargs -P 8 -I{} "$DOCKER28" run -d --network none --name "${prefix}c{}" "$IMAGE" sleep 1000000 \
			>/dev/null 2>>"$OUT/stderr.log"; then
		log "docker run failed (see $OUT/stderr.log): stopping"
		break
	fi
	made=$((made + batch))
done
made=$("$DOCKER28" ps -q --filter "name=${prefix}c" | wc -l)
running=$("$DOCKER28" ps -q | wc -l)
log "$made of ours running after $(($(date +%s) - t0)) s; $running running on the host"
# Starting 500 containers leaves dockerd and 500 shims busy for a while: let the machine settle (at most 2 minutes).
for _ in $(seq 120); do
	awk '{ exit !($1 < 2) }' /proc/loadavg && break
	sleep 1
done
log "load average before the completion runs: $(cut -d' ' -f1-3 /proc/loadavg)"
# The completion's cache goes to a directory of this run's, not the user's.
export XDG_RUNTIME_DIR=$tmp/xdg
mkdir -m 0700 "$XDG_RUNTIME_DIR"
for mode in 0 1; do
	got=$(DOCKER_NSENTER_NO_CACHE=$mode DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=docker "$DN" __complete nsenter '' |
		grep -c "^$prefix" || true)
	[ "$got" -ge "$((made + 1))" ] || { echo "bench: completion listed $got of $((made + 1)) containers" >&2; exit 1; }
done
[ -n "$(ls "$XDG_RUNTIME_DIR/docker-nsenter")" ] || { echo "bench: the completion wrote no cache" >&2; exit 1; }
word=${prefix}c4
DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=docker "$runner" interleave -n 100 -w 3 -r "$OUT/complete.raw.tsv" \
	-l "$OUT/stderr.log" -- \
	docker-nsenter-complete "$DN" __complete nsenter '' ::: \
	docker-nsenter-complete-uncached env DOCKER_NSENTER_NO_CACHE=1 "$DN" __complete nsenter '' ::: \
	docker-nsenter-complete-word env DOCKER_NSENTER_NO_CACHE=1 "$DN" __complete nsenter "$word" ::: \
	docker28-complete-nsenter "$DOCKER28" __complete nsenter '' ::: \
	docker28-complete-exec "$DOCKER28" __complete exec '' ::: \
	daemon-list-only "$runner" get "$SOCK" /containers/json ::: \
	env-only env true \
	>"$OUT/complete.tsv"
echo "$word $("$DOCKER28" ps -q --filter "name=^$word" | wc -l)" >"$OUT/complete.word"
echo "$running" >"$OUT/complete.containers"

echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.md"

# ---- report ----
"$repo/bench/report.sh" "$OUT" >"$OUT/report.md"
cat "$OUT/report.md"
log "results in $OUT"
