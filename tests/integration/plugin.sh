# SPDX-License-Identifier: Apache-2.0
# docker-nsenter as a Docker CLI plugin, through each docker client on this machine: discovery, help, exit status,
# docker's global flags and its choice of daemon, completion, interruption, and what reaches the command.

CLIENTS=(/usr/bin/docker /usr/local/bin/docker)
LIVE=${DOCKER_HOST:-unix:///var/run/docker.sock}
[[ $LIVE == unix://* ]] || fail "the test daemon must be on a unix socket" "DOCKER_HOST=$LIVE"

web=$(start plugin)
web_host=$(docker exec "$web" hostname)

# dk [VAR=VALUE...] CLIENT ARGS...: a docker client with none of the caller's docker variables and our config dir.
# In the background, "${DK[@]}" CLIENT ... & is used instead: env execs, so $! is docker itself.
dk() {
	"${DK[@]}" "$@"
}

# write_config [CURRENT-CONTEXT]: config.json pointing docker at our plugin directory.
write_config() {
	if [ -n "${1:-}" ]; then
		printf '{"cliPluginsExtraDirs": ["%s"], "currentContext": "%s"}\n' "$plugins" "$1" >"$cfg/config.json"
	else
		printf '{"cliPluginsExtraDirs": ["%s"]}\n' "$plugins" >"$cfg/config.json"
	fi
}

# make_context NAME HOST: a context stored as docker stores it, in contexts/meta/<sha256 of NAME>/meta.json.
make_context() {
	local dir
	dir=$cfg/contexts/meta/$(printf %s "$1" | sha256sum | cut -d' ' -f1)
	mkdir -p "$dir"
	printf '{"Name":"%s","Metadata":{},"Endpoints":{"docker":{"Host":"%s","SkipTLSVerify":false}}}\n' "$1" "$2" \
		>"$dir/meta.json"
}

count_in_container() {
	docker exec "$web" ps -o args | grep -c -- "$1" || true
}

# wait_for COMMAND...: up to 5 s for COMMAND to succeed.
wait_for() {
	for _ in $(seq 1 50); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

running_in_container() { [ "$(count_in_container "$1")" -ge 1 ]; }
gone_from_container() { [ "$(count_in_container "$1")" -eq 0 ]; }
exited() { ! kill -0 "$1" 2>/dev/null; }
# Nothing of ours left on the host: no plugin process, no command.
nothing_left() { ! pgrep -f "$plugins/docker-nsenter" >/dev/null && ! pgrep -f "^$1\$" >/dev/null; }

# interrupt NAME CLIENT SIGNALS...: run a command through docker with its output in a file, send docker each signal
# (0.3 s apart), then check that the command, docker and the plugin are gone; the status is left in $STATUS.
interrupt() {
	local name=$1 client=$2 cmd="sleep $((4200 + ++sleeps))" dp
	shift 2
	"${DK[@]}" "$client" nsenter "$web" $cmd >"$tmp/out" 2>"$tmp/err" &
	dp=$!
	if ! wait_for running_in_container "$cmd"; then
		fail "$name: the command starts" "$(cat "$tmp/err")"
		kill -KILL "$dp"
		return
	fi
	for sig in "$@"; do
		kill -"$sig" "$dp"
		sleep 0.3
	done
	if wait_for gone_from_container "$cmd"; then
		pass "$name: the command ends in the container"
	else
		fail "$name: the command ends in the container" "$(docker exec "$web" ps -o pid,args)"
	fi
	if wait_for exited "$dp"; then
		pass "$name: docker exits"
	else
		fail "$name: docker exits"
		kill -KILL "$dp"
	fi
	wait "$dp" 2>/dev/null
	STATUS=$?
	if wait_for nothing_left "$cmd"; then
		pass "$name: nothing is left behind"
	else
		fail "$name: nothing is left behind" "$(pgrep -af "$plugins/docker-nsenter|$cmd")"
	fi
}

client_major() {
	"$1" --version | sed -n 's/^Docker version \([0-9]*\)\..*/\1/p'
}

discovery() {
	local client=$1 v=$2
	check_status "$v: docker --help exits 0" 0 dk "$client" --help
	check_match "$v: docker --help lists nsenter" $'\n'"  nsenter\\*? +Run host tools in a container's namespaces" "$OUT"
	check "$v: docker runs the plugin of cliPluginsExtraDirs" "nsenter $plugins/docker-nsenter" \
		"$(dk "$client" info --format '{{range .ClientInfo.Plugins}}{{.Name}} {{.Path}}{{"\n"}}{{end}}' | grep '^nsenter ')"
	for help in "nsenter --help" "help nsenter" "--help nsenter" "nsenter -h"; do
		# shellcheck disable=SC2086
		check_status "$v: docker $help exits 0" 0 dk "$client" $help
		check_match "$v: docker $help shows our help" "docker nsenter \\[options\\] <container>.*--join-cgroup" "$OUT"
	done
}

run_and_status() {
	local client=$1 v=$2
	check_status "$v: docker nsenter CTR -u hostname" 0 dk "$client" nsenter "$web" -u hostname
	check "$v: the hostname is the container's" "$web_host" "$OUT"
	check_status "$v: the exit status passes through docker" 7 dk "$client" nsenter "$web" sh -c 'exit 7'
	check_status "$v: death by SIGTERM passes through as 143" 143 dk "$client" nsenter "$web" sh -c 'kill -TERM $$'
	check_status "$v: a missing program gives 127" 127 dk "$client" nsenter "$web" no-such-program
	check "$v: a missing program is named" "docker-nsenter: $web: no-such-program: command not found" "$ERR"
	check_status "$v: a program that cannot run gives 126" 126 dk "$client" nsenter "$web" /etc/passwd
	check_status "$v: an unknown container gives 125" 125 dk "$client" nsenter "${PREFIX}absent" true
	check_status "$v: no container is a usage error" 125 dk "$client" nsenter
	check_match "$v: no container says so" "no container specified" "$ERR"
	check "$v: stdin passes through docker" "hello" "$(echo hello | dk "$client" nsenter "$web" cat)"
}

# $1 is the socket path a dead endpoint must be reported with.
dead() {
	check_match "$2: the dead socket is named" "cannot connect to the Docker daemon at unix://$1: " "$ERR"
	[ -z "$OUT" ] && pass "$2: nothing ran elsewhere" || fail "$2: nothing ran elsewhere" "stdout: $OUT"
}

endpoints() {
	local client=$1 v=$2
	make_context live "$LIVE"
	make_context dead "unix://$tmp/dead-context.sock"
	make_context current-dead "unix://$tmp/dead-current.sock"
	make_context nsenter "$LIVE"
	make_context "$web" "$LIVE"
	check "$v: docker reads the contexts we store" "unix://$tmp/dead-context.sock" \
		"$(dk "$client" context inspect dead --format '{{.Endpoints.docker.Host}}')"
	dk "$client" context create "cli-made" --docker "host=unix://$tmp/dead-cli.sock" >/dev/null 2>&1 ||
		fail "$v: docker context create"

	check_status "$v: -H LIVE" 0 dk "$client" -H "$LIVE" nsenter "$web" -u hostname
	check_status "$v: -H to a dead socket fails" 125 dk "$client" -H "unix://$tmp/dead-H.sock" nsenter "$web" true
	dead "$tmp/dead-H.sock" "$v: -H"
	check_status "$v: DOCKER_HOST to a dead socket fails" 125 \
		dk DOCKER_HOST="unix://$tmp/dead-env.sock" "$client" nsenter "$web" true
	dead "$tmp/dead-env.sock" "$v: DOCKER_HOST"
	check_status "$v: -H to tcp is refused" 125 dk "$client" -H tcp://127.0.0.1:9 nsenter "$web" true
	check_match "$v: the tcp refusal says why" "only unix:// endpoints are supported" "$ERR"

	check_status "$v: --context live" 0 dk "$client" --context live nsenter "$web" -u hostname
	check "$v: --context live reaches the container" "$web_host" "$OUT"
	check_status "$v: --context to a dead socket fails" 125 dk "$client" --context dead nsenter "$web" true
	dead "$tmp/dead-context.sock" "$v: --context"
	check_status "$v: a context made by docker context create" 125 dk "$client" --context=cli-made nsenter "$web" true
	dead "$tmp/dead-cli.sock" "$v: docker context create"
	check_status "$v: DOCKER_CONTEXT live" 0 dk DOCKER_CONTEXT=live "$client" nsenter "$web" -u hostname
	check_status "$v: DOCKER_CONTEXT to a dead socket fails" 125 dk DOCKER_CONTEXT=dead "$client" nsenter "$web" true
	dead "$tmp/dead-context.sock" "$v: DOCKER_CONTEXT"
	check_status "$v: -H beats DOCKER_CONTEXT" 0 dk DOCKER_CONTEXT=dead "$client" -H "$LIVE" nsenter "$web" true
	check_status "$v: --context beats DOCKER_HOST" 0 \
		dk DOCKER_HOST="unix://$tmp/dead-env.sock" "$client" -c live nsenter "$web" true

	write_config current-dead
	check_status "$v: currentContext to a dead socket fails" 125 dk "$client" nsenter "$web" true
	dead "$tmp/dead-current.sock" "$v: currentContext"
	check_status "$v: DOCKER_CONTEXT beats currentContext" 0 dk DOCKER_CONTEXT=live "$client" nsenter "$web" true
	check_status "$v: DOCKER_HOST beats currentContext" 125 \
		dk DOCKER_HOST="unix://$tmp/dead-env.sock" "$client" nsenter "$web" true
	dead "$tmp/dead-env.sock" "$v: DOCKER_HOST over currentContext"
	write_config live
	check_status "$v: currentContext live" 0 dk "$client" nsenter "$web" -u hostname
	check "$v: currentContext live reaches the container" "$web_host" "$OUT"
	write_config

	# --config, not DOCKER_CONFIG, names the config dir: its context is found, its plugin is run.
	check_status "$v: --config names the config dir" 125 \
		env -u DOCKER_CONFIG HOME="$tmp" "$client" --config "$cfg" --context dead nsenter "$web" true
	dead "$tmp/dead-context.sock" "$v: --config"
}

global_flags() {
	local client=$1 v=$2
	check_status "$v: docker -c nsenter nsenter" 0 dk "$client" -c nsenter nsenter "$web" -u hostname
	check "$v: a context named nsenter is a context" "$web_host" "$OUT"
	check_status "$v: docker -c CTR nsenter CTR" 0 dk "$client" -c "$web" nsenter "$web" -u hostname
	check "$v: a context named as the container is a context" "$web_host" "$OUT"
	check_status "$v: docker -l debug nsenter" 0 dk "$client" -l debug nsenter "$web" -u hostname
	check "$v: -l takes its value" "$web_host" "$OUT"
	check_status "$v: docker --log-level=info -D nsenter" 0 dk "$client" --log-level=info -D nsenter "$web" -u hostname
	check_status "$v: docker --tls=false --config DIR nsenter" 0 \
		dk "$client" --tls=false --config "$cfg" nsenter "$web" -u hostname
	check_status "$v: docker -D -c dead -l info nsenter fails on the context's socket" 125 \
		dk "$client" -D -c dead -l info nsenter "$web" true
	dead "$tmp/dead-context.sock" "$v: grouped flags"
}

completion() {
	local client=$1 v=$2 major=$3
	if [ "$major" -ge 23 ]; then
		check_status "$v: docker __complete nsenter PREFIX exits 0" 0 dk "$client" __complete nsenter "$PREFIX"
		check_match "$v: the container's name is a candidate" $'(^|\n)'"$web"$'\tcontainer [0-9a-f]{12}\n' "$OUT"
		check_match "$v: the directive ends the answer" $'\n:4$' "$OUT"
		check_status "$v: docker __complete nsenter --ne" 0 dk "$client" __complete nsenter --ne
		check_match "$v: --net is offered" $'(^|\n)--net\t' "$OUT"
		check_status "$v: docker __complete nsenter CTR hostn" 0 dk "$client" __complete nsenter "$web" hostn
		check_match "$v: commands after the container" $'(^|\n)hostname\n' "$OUT"
		# docker hands __completeNoDesc to a plugin as __complete; its variable does reach us.
		check_status "$v: completion without descriptions" 0 \
			dk DOCKER_CLI_DISABLE_COMPLETION_DESCRIPTION=1 "$client" __completeNoDesc nsenter "$PREFIX"
		check_match "$v: no descriptions when asked" $'(^|\n)'"$web"$'\n' "$OUT"
		check_status "$v: completion follows DOCKER_CONTEXT" 0 dk DOCKER_CONTEXT=dead "$client" __complete nsenter "$PREFIX"
		check "$v: completion follows DOCKER_CONTEXT (a dead one is an error)" ":1" "$OUT"
		return
	fi
	# Before 23 docker's own __complete does not reach plugins; its bash completion runs the plugin binary,
	# PLUGIN __completeNoDesc WORDS..., and offers what it prints.
	local script=/usr/share/bash-completion/completions/docker
	if [ ! -r "$script" ] || [ ! -r /usr/share/bash-completion/bash_completion ]; then
		fail "$v: bash completion of docker $major is installed" "$script"
		return
	fi
	mkdir -p "$tmp/bin"
	ln -sf "$client" "$tmp/bin/docker"
	bash_complete() {
		# shellcheck disable=SC2016
		dk PATH="$tmp/bin:$PATH" bash -c '. /usr/share/bash-completion/bash_completion; . "$0"
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
			_docker docker "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
			printf "%s\n" "${COMPREPLY[@]}"' "$script" "$@" 2>/dev/null
	}
	check_match "$v: bash completion offers nsenter" $'(^|\n)nsenter\n' "$(bash_complete docker ns)"$'\n'
	check "$v: bash completion offers the container's name" "$web" "$(bash_complete docker nsenter "$PREFIX")"
	check "$v: bash completion offers --net" "--net" "$(bash_complete docker nsenter --ne)"
	check_match "$v: bash completion offers commands after the container" $'(^|\n)hostname\n' \
		"$(bash_complete docker nsenter "$web" hostn)"$'\n'
}

interruption() {
	local client=$1 v=$2 major=$3 pg
	if [ "$major" -ge 25 ]; then
		# docker closes DOCKER_CLI_PLUGIN_SOCKET at the first signal when its output is not a terminal.
		interrupt "$v: SIGINT to docker" "$client" INT
		check "$v: the status is the command's death by SIGTERM" 143 "$STATUS"
		interrupt "$v: SIGTERM to docker" "$client" TERM
	else
		# docker 20.10 waits for the plugin to stop and exits at the third signal; we stop when it is gone.
		interrupt "$v: SIGINT three times to docker" "$client" INT INT INT
		check "$v: docker's status at the third signal" 1 "$STATUS"
		interrupt "$v: SIGTERM three times to docker" "$client" TERM TERM TERM
	fi
	interrupt "$v: SIGKILL to docker" "$client" KILL
	check "$v: docker died of SIGKILL" 137 "$STATUS"

	# What a terminal does: SIGINT to docker's whole process group.
	local cmd="sleep $((4300 + found))"
	"${DK[@]}" setsid "$client" nsenter "$web" $cmd >"$tmp/out" 2>"$tmp/err" &
	dp=$!
	wait_for running_in_container "$cmd" || fail "$v: the command starts in its own process group"
	pg=$(ps -o pgid= "$dp" | tr -d ' ')
	if [ "$pg" = "$dp" ]; then
		kill -INT -- "-$pg"
	else
		fail "$v: docker leads its own process group" "pgid $pg, pid $dp"
	fi
	wait_for gone_from_container "$cmd" && pass "$v: SIGINT to the process group ends the command" ||
		fail "$v: SIGINT to the process group ends the command" "$(docker exec "$web" ps -o pid,args)"
	wait_for exited "$dp" || kill -KILL "$dp"
	wait "$dp" 2>/dev/null
	check_match "$v: the status is the command's death by a signal" "^(130|143)$" "$?"
	wait_for nothing_left "$cmd" && pass "$v: nothing is left after the group signal" ||
		fail "$v: nothing is left after the group signal" "$(pgrep -af "$plugins/docker-nsenter")"
}

what_reaches_the_command() {
	local client=$1 v=$2
	for opt in -n -a; do
		check "$v: no plugin variable reaches the command ($opt)" "" \
			"$(dk "$client" nsenter "$web" "$opt" env | grep '^DOCKER_CLI_PLUGIN')"
		check "$v: the command sees only 0 1 2 ($opt)" "0 1 2 3 " \
			"$(dk "$client" nsenter "$web" "$opt" ls /proc/self/fd 3</dev/null 4</etc/hostname | sort -n | tr '\n' ' ')"
		check "$v: no socket reaches the command ($opt)" "" \
			"$(dk "$client" nsenter "$web" "$opt" ls -l /proc/self/fd 2>/dev/null | grep -E 'socket|anon_inode')"
	done
}

sleeps=0
found=0
for client in "${CLIENTS[@]}"; do
	[ -x "$client" ] || {
		echo "# $client: not installed"
		continue
	}
	found=$((found + 1))
	major=$(client_major "$client")
	v="docker $major ($client)"
	tmp=$BATS_TMP/client-$found
	cfg=$tmp/config
	plugins=$tmp/plugins
	mkdir -p "$cfg" "$plugins"
	ln -s "$NSENTER" "$plugins/docker-nsenter"
	DK=(env -u DOCKER_HOST -u DOCKER_CONTEXT -u DOCKER_CONFIG -u DOCKER_TLS -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH
		-u DOCKER_CLI_PLUGIN_SOCKET -u DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND DOCKER_CONFIG="$cfg")
	write_config

	discovery "$client" "$v"
	run_and_status "$client" "$v"
	endpoints "$client" "$v"
	global_flags "$client" "$v"
	completion "$client" "$v" "$major"
	interruption "$client" "$v" "$major"
	what_reaches_the_command "$client" "$v"
done
[ "$found" -gt 0 ] || fail "a docker client is installed" "${CLIENTS[*]}"

# The protocol without docker: a socket docker has already closed means stop, before the command starts.
check_status "a refused DOCKER_CLI_PLUGIN_SOCKET stops before the command starts" 143 \
	env DOCKER_CLI_PLUGIN_ORIGINAL_CLI_COMMAND=docker DOCKER_CLI_PLUGIN_SOCKET="@docker_cli_${PREFIX}closed" \
	"$NSENTER" nsenter "$web" touch /started
check_match "the early stop says so" "docker asked to stop before the command started" "$ERR"
check_status "nothing was started" 1 docker exec "$web" test -e /started
