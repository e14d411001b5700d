# SPDX-License-Identifier: Apache-2.0
# What users touch besides the binary. `meson install` puts the man page and the bash and zsh completions under the
# prefix and nowhere else; the installed man page renders without warnings and documents exactly the options of
# --help, which both completions offer too; completion finds running containers (one Engine API request for a typed
# name, never the docker CLI), options, their values, commands and files, standalone and through docker's own
# completion; and it stays fast with a hundred running containers.

here=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
N_MANY=100

# ---- install ----

stage=$BATS_TMP/stage
check_status "meson install --destdir stages the build" 0 \
	meson install -C "$BUILD_ROOT" --no-rebuild --quiet --destdir "$stage"
read -r install_prefix mandir datadir < <(meson introspect "$BUILD_ROOT" --buildoptions | python3 -c '
import json, os, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
print(o["prefix"], os.path.join(o["prefix"], o["mandir"]), os.path.join(o["prefix"], o["datadir"]))')
man_page=$stage$mandir/man1/docker-nsenter.1
bash_comp=$stage$datadir/bash-completion/completions/docker-nsenter
zsh_dir=$stage$datadir/zsh/site-functions
check "the man page is installed in \$mandir/man1" yes "$([ -s "$man_page" ] && echo yes)"
check "the bash completion is installed in \$datadir/bash-completion/completions" yes \
	"$([ -s "$bash_comp" ] && echo yes)"
check "the zsh completion is installed in \$datadir/zsh/site-functions" yes \
	"$([ -s "$zsh_dir/_docker-nsenter" ] && echo yes)"
check "nothing is installed outside the prefix $install_prefix" "" \
	"$(cd "$stage" && find . ! -type d | sed 's/^\.//' | grep -v "^$install_prefix/")"

# ---- the man page ----

check "groff -ww renders the man page without warnings" "" "$(groff -ww -z -man "$man_page" 2>&1)"
check "man --warnings renders it without warnings" "" \
	"$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$man_page" 2>&1 >/dev/null)"
check "its sections are util-linux's, in order" \
	"NAME,SYNOPSIS,DESCRIPTION,OPTIONS,EXIT STATUS,ENVIRONMENT,EXAMPLES,SECURITY,NOTES,SEE ALSO" \
	"$(sed -n 's/^\.SH //p' "$man_page" | tr -d '"' | paste -sd,)"
check_match "whatis can read its NAME line" "docker-nsenter - run a program in the namespaces" \
	"$(lexgrog "$man_page" 2>&1)"
rendered=$(LC_ALL=C MANWIDTH=200 man -l "$man_page" 2>/dev/null)
check_match "it carries the program's version" "docker-nsenter $("$NSENTER" --version | cut -d' ' -f2) " \
	"$(tail -n1 <<<"$rendered")"

# option_words: "-x" and "--long" of lines that start with an option (help's and the man page's option lists).
option_words() {
	sed -nE "s/^ {$1}((-[[:alnum:]], +)?--[[:alnum:]-]+).*/\1/p" | grep -oE -e '--?[[:alnum:]][[:alnum:]-]*' | sort -u
}
help_opts=$("$NSENTER" --help | option_words 1,8)
man_opts=$(sed -n '/^OPTIONS$/,/^EXIT STATUS$/p' <<<"$rendered" | option_words 7)
check_match "--help lists the options" "--setuid" "$help_opts"
check "the man page documents exactly the options of --help" "$help_opts" "$man_opts"

# ---- bash ----

# comp_bash SCRIPT FUNCTION LINE: what FUNCTION (from SCRIPT, sourced after bash-completion) puts in COMPREPLY, one a
# line, for LINE with the cursor at its end. COMP_WORDS are split as readline splits them: '=' and ':' are words of
# their own ("--root=/x" is "--root" "=" "/x").
comp_bash() {
	bash --norc --noprofile -c '
		set -f
		. /usr/share/bash-completion/bash_completion
		. "$1" >/dev/null 2>&1
		COMP_LINE=$3 COMP_POINT=${#3} COMP_WORDS=()
		for w in $COMP_LINE; do
			while [[ $w =~ ^([=:]+|[^=:]+) ]]; do
				COMP_WORDS+=("${BASH_REMATCH[1]}")
				w=${w:${#BASH_REMATCH[1]}}
			done
		done
		[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMPREPLY=()
		"$2" "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
		printf "%s\n" "${COMPREPLY[@]}"' comp-bash "$@"
}
# ours LINE: what our bash completion offers, with the program and our tools first in PATH.
ours() {
	PATH=$comp_path comp_bash "$bash_comp" _docker_ns_complete "$1"
}

web=$(start docs)
id=$(docker inspect -f '{{.Id}}' "$web")

# For completion, PATH leads to the program (as users run it), a command of our own to complete, and a docker CLI
# that tells on itself (completion must never run it). A tree of one directory and one file to complete.
bin=$BATS_TMP/bin
tree=$BATS_TMP/tree
mkdir -p "$bin" "$tree/alpha-dir"
: >"$tree/alpha-file"
ln -s "$NSENTER" "$bin/docker-nsenter"
printf '#!/bin/sh\n' >"$bin/nsit-docs-tool"
chmod +x "$bin/nsit-docs-tool"
printf '#!/bin/sh\necho "$@" >>%q/docker-cli-ran\nexit 1\n' "$BATS_TMP" >"$bin/docker"
chmod +x "$bin/docker"
comp_path=$bin:$PATH

check "bash offers exactly --help's options for '-'" "$help_opts" "$(ours 'docker-nsenter -' | sort -u)"
check "bash completes a running container's name" "$web" "$(ours "docker-nsenter ${web%?}")"
check "bash completes an ID prefix to the container's short ID" "${id:0:12}" "$(ours "docker-nsenter ${id:0:10}")"
check "bash completes --ne to --net" "--net" "$(ours 'docker-nsenter --ne')"
check "bash completes -S's value to follow" "follow" "$(ours 'docker-nsenter -S ')"
check "bash completes --setuid=f to follow" "follow" "$(ours 'docker-nsenter --setuid=f')"
check "bash completes directories for --root=" "$tree/alpha-dir" "$(ours "docker-nsenter --root=$tree/al")"
check "bash completes directories for --wd=" "$tree/alpha-dir" "$(ours "docker-nsenter -n --wd=$tree/al")"
check "bash completes directories for -W" "$tree/alpha-dir" "$(ours "docker-nsenter -W $tree/al")"
check "bash completes options after the container" "--net" "$(ours "docker-nsenter $web --ne")"
check "bash completes a host command after the container" "nsit-docs-tool" \
	"$(ours "docker-nsenter -n $web -S follow nsit-docs-t")"
check "bash completes a command after --" "nsit-docs-tool" "$(ours "docker-nsenter $web -- nsit-docs-t")"
check "bash completes files after the command" "$tree/alpha-dir $tree/alpha-file" \
	"$(ours "docker-nsenter $web nsit-docs-tool $tree/al" | sort | paste -sd' ')"
check "completion never ran the docker CLI" "" "$(cat "$BATS_TMP/docker-cli-ran" 2>/dev/null)"

# One Engine API request per completion of a typed container name, none for the rest: through a proxy that logs
# requests, with a cache directory of this test's own. A name prefix that no cache answers is sent as a name filter (the
# cache off, or none written yet); once an empty word has written the cache, one GET /events shows it still holds.
python3 "$here/request-log.py" "$BATS_TMP/engine.sock" "$BATS_TMP/requests" &
proxy=$!
for _ in $(seq 100); do [ -S "$BATS_TMP/engine.sock" ] && break; sleep 0.05; done
mkdir -m 0700 "$BATS_TMP/xdg"
engine() {
	DOCKER_HOST=unix://$BATS_TMP/engine.sock XDG_RUNTIME_DIR=$BATS_TMP/xdg "$@"
}
filtered="GET /containers/json?filters=%7B%22name%22%3A%5B%22%5E%2F%3F${web%?}%22%5D%7D HTTP/1.1"
check "the cache off, completing a container offers it" "$web" \
	"$(DOCKER_NSENTER_NO_CACHE=1 engine ours "docker-nsenter ${web%?}")"
check "  ... asking the daemon once: GET /containers/json filtered by the typed name" "$filtered" \
	"$(cat "$BATS_TMP/requests" 2>/dev/null)"
: >"$BATS_TMP/requests"
check "no cache yet, completing a container offers it" "$web" "$(engine ours "docker-nsenter ${web%?}")"
check "  ... asking the daemon once, by the name filter, and writing no cache" "$filtered|" \
	"$(cat "$BATS_TMP/requests")|$(ls -A "$BATS_TMP/xdg/docker-nsenter")"
: >"$BATS_TMP/requests"
engine ours "docker-nsenter " >/dev/null
check_match "completing an empty word asks for the whole list, then the event log for the cache's mark" \
	"^GET /containers/json HTTP/1\.1
GET /events\?since=0\.000000000&until=[0-9]+\.[0-9]{9} HTTP/1\.1\$" "$(cat "$BATS_TMP/requests")"
: >"$BATS_TMP/requests"
check "with the cache written, completing a container offers it" "$web" "$(engine ours "docker-nsenter ${web%?}")"
check_match "  ... asking the daemon once: GET /events since the cache's mark" \
	"^GET /events\?since=[0-9]+\.[0-9]{9}&until=[0-9]+\.[0-9]{9} HTTP/1\.1\$" "$(cat "$BATS_TMP/requests")"
: >"$BATS_TMP/requests"
DOCKER_HOST=unix://$BATS_TMP/engine.sock ours "docker-nsenter $web --ne" >/dev/null
DOCKER_HOST=unix://$BATS_TMP/engine.sock ours "docker-nsenter $web nsit-docs-t" >/dev/null
check "completing options and commands does not ask the daemon" "" "$(cat "$BATS_TMP/requests")"
kill "$proxy"
wait "$proxy" 2>/dev/null

# ---- zsh, through compsys on a terminal ----

zsh_lines=(
	'docker-nsenter -'
	"docker-nsenter ${web%?}"
	'docker-nsenter --ne'
	'docker-nsenter -S '
	'docker-nsenter --setuid=f'
	"docker-nsenter --root=$tree/al"
	"docker-nsenter -W $tree/al"
	"docker-nsenter $web nsit-docs-t"
	"docker-nsenter $web nsit-docs-tool $tree/al"
	"docker-nsenter ${id:0:10}"
)
zsh_out=$(PATH=$comp_path timeout 120 zsh -f "$here/zsh-complete.zsh" "$zsh_dir" "${zsh_lines[@]}" 2>&1)
# zsh_for LINE: the matches zsh offered for LINE, sorted, one a line.
zsh_for() {
	awk -v want="== $1" '$0 == want { on = 1; next } /^== / { on = 0 } on' <<<"$zsh_out" | sort -u
}
check "zsh offers exactly --help's options for '-'" "$help_opts" "$(zsh_for 'docker-nsenter -')"
check "zsh completes a running container's name" "$web" "$(zsh_for "docker-nsenter ${web%?}")"
check "zsh completes an ID prefix to the container's short ID" "${id:0:12}" "$(zsh_for "docker-nsenter ${id:0:10}")"
check "zsh completes --ne to --net" "--net" "$(zsh_for 'docker-nsenter --ne')"
check "zsh completes -S's value to follow" "follow" "$(zsh_for 'docker-nsenter -S ')"
check "zsh completes --setuid=f to follow" "follow" "$(zsh_for 'docker-nsenter --setuid=f')"
check "zsh completes directories for --root=" "alpha-dir" "$(zsh_for "docker-nsenter --root=$tree/al")"
check "zsh completes directories for -W" "alpha-dir" "$(zsh_for "docker-nsenter -W $tree/al")"
check "zsh completes a host command after the container" "nsit-docs-tool" \
	"$(zsh_for "docker-nsenter $web nsit-docs-t")"
check "zsh completes files after the command" "alpha-dir
alpha-file" "$(zsh_for "docker-nsenter $web nsit-docs-tool $tree/al")"
check "the zsh harness never timed out" "" "$(grep -e '^!!' <<<"$zsh_out")"
check "completion never ran the docker CLI (zsh)" "" "$(cat "$BATS_TMP/docker-cli-ran" 2>/dev/null)"

# ---- docker nsenter, completed by docker's own completion ----

# docker finds the plugin in $DOCKER_CONFIG/cli-plugins.
export DOCKER_CONFIG=$BATS_TMP/docker-config
mkdir -p "$DOCKER_CONFIG/cli-plugins"
ln -s "$NSENTER" "$DOCKER_CONFIG/cli-plugins/docker-nsenter"

# Debian's docker.io (20.10) bash completion runs each plugin's "__completeNoDesc WORDS..." itself.
d20=/usr/share/bash-completion/completions/docker
check_match "docker.io's bash completion delegates to plugins" "__completeNoDesc" "$(cat "$d20" 2>/dev/null)"
check "docker 20.10's bash completion completes a container for docker nsenter" "$web" \
	"$(comp_bash "$d20" _docker "docker nsenter ${web%?}")"
check "docker 20.10's bash completion completes --ne to --net" "--net" \
	"$(comp_bash "$d20" _docker 'docker nsenter --ne')"
check "docker 20.10's bash completion completes -S's value" "follow" \
	"$(comp_bash "$d20" _docker 'docker nsenter -S ')"

# docker 23+ generates cobra completion scripts that ask "docker __complete", which asks the plugin.
if docker completion bash >"$BATS_TMP/docker-cobra.bash" 2>/dev/null; then
	check_match "docker __complete nsenter asks the plugin" "^$web	container ${id:0:12}" \
		"$(docker __complete nsenter "${web%?}" 2>/dev/null)"
	check "docker's cobra bash completion completes a container for docker nsenter" "$web" \
		"$(comp_bash "$BATS_TMP/docker-cobra.bash" __start_docker "docker nsenter ${web%?}")"
	check "docker's cobra bash completion completes --ne to --net" "--net" \
		"$(comp_bash "$BATS_TMP/docker-cobra.bash" __start_docker 'docker nsenter --ne')"
	mkdir -p "$BATS_TMP/zfuncs"
	docker completion zsh >"$BATS_TMP/zfuncs/_docker"
	zsh_out=$(timeout 60 zsh -f "$here/zsh-complete.zsh" "$BATS_TMP/zfuncs" "docker nsenter ${web%?}" 2>&1)
	check "docker's cobra zsh completion completes a container for docker nsenter" "$web" \
		"$(zsh_for "docker nsenter ${web%?}")"
else
	echo "# $(docker --version): no 'docker completion' (docker < 23); only docker.io's completion was checked"
fi
unset DOCKER_CONFIG

# ---- speed with many containers ----

ms_since() {
	local now=$EPOCHREALTIME
	echo $(((${now//[.,]/} - ${1//[.,]/}) / 1000))
}
t0=$EPOCHREALTIME
seq -f "${PREFIX}many-%03g" "$N_MANY" | xargs -P 8 -I{} docker run -d --name {} "$IMAGE" sleep 100000 >/dev/null
echo "# created $N_MANY running containers in $(ms_since "$t0") ms"
check "$N_MANY more containers run" "$N_MANY" "$(docker ps -q --filter "name=^${PREFIX}many-" | wc -l)"
running=$(docker ps -q | wc -l)
times=()
for _ in $(seq 11); do
	t0=$EPOCHREALTIME
	PATH=$comp_path "$NSENTER" __completeNoDesc "" >/dev/null
	times+=("$(ms_since "$t0")")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 6p)
t0=$EPOCHREALTIME
many=$(ours "docker-nsenter ${PREFIX}many-" | wc -l)
bash_ms=$(ms_since "$t0")
t0=$EPOCHREALTIME
docker ps --format '{{.Names}}' >/dev/null
echo "# $running running containers: the completion mode lists them in $median ms (median of 11;" \
	"all: ${times[*]}), a whole bash completion (new bash, bash-completion loaded) in $bash_ms ms," \
	"docker ps in $(ms_since "$t0") ms"
check "bash completes all $N_MANY of them" "$N_MANY" "$many"
check "the completion mode lists $running containers in under a second" yes "$([ "$median" -lt 1000 ] && echo yes)"
docker ps -aq --filter "name=^${PREFIX}many-" | xargs -r docker rm -f >/dev/null 2>&1
