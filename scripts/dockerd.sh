#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# start: make sure a Docker daemon answers on /var/run/docker.sock, starting one if none does.
# stop:  stop the daemon only if "start" started it.
set -euo pipefail

STATE=/run/docker-nsenter-dev
SOCK=/var/run/docker.sock

answers() {
	[ -S "$SOCK" ] || return 1
	timeout 5 docker -H "unix://$SOCK" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

case "${1:-start}" in
start)
	if answers; then
		exit 0
	fi
	mkdir -p "$STATE"
	echo "dockerd.sh: starting dockerd (log: $STATE/dockerd.log)"
	dockerd >"$STATE/dockerd.log" 2>&1 &
	echo $! >"$STATE/dockerd.pid"
	for _ in $(seq 1 60); do
		if answers; then
			exit 0
		fi
		if ! kill -0 "$(cat "$STATE/dockerd.pid")" 2>/dev/null; then
			echo "dockerd.sh: dockerd exited; its log:" >&2
			tail -n 30 "$STATE/dockerd.log" >&2
			exit 1
		fi
		sleep 0.5
	done
	echo "dockerd.sh: dockerd did not answer within 30 seconds" >&2
	exit 1
	;;
stop)
	[ -f "$STATE/dockerd.pid" ] || exit 0
	pid=$(cat "$STATE/dockerd.pid")
	rm -f "$STATE/dockerd.pid"
	# Only the daemon we started: a PID left from it may be another program's by now.
	[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] || exit 0
	kill "$pid" 2>/dev/null || exit 0
	for _ in $(seq 1 40); do
		kill -0 "$pid" 2>/dev/null || exit 0
		sleep 0.5
	done
	kill -9 "$pid" 2>/dev/null || true
	;;
*)
	echo "usage: $0 start|stop" >&2
	exit 2
	;;
esac
