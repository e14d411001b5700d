# SPDX-License-Identifier: Apache-2.0
# The command's process: exit status, signals, stdin, argv, terminal, fds, PID namespace view, concurrency.

web=$(start proc)
pid=$(pid_of "$web")

check_status "the command's exit status passes through" 7 "$NSENTER" "$web" sh -c 'exit 7'
check_status "death by signal N gives 128+N" 137 "$NSENTER" "$web" sh -c 'kill -9 $$'
check_status "death by SIGTERM gives 143 (no fork path: -n only)" 143 "$NSENTER" "$web" -n sh -c 'kill -TERM $$'
check_status "a missing program gives 127" 127 "$NSENTER" "$web" no-such-program
check "a missing program is named" "docker-nsenter: $web: no-such-program: command not found" "$ERR"
check_status "a missing program gives 127 without fork" 127 "$NSENTER" "$web" -n no-such-program-here
docker exec "$web" sh -c 'echo "#!/bin/sh" > /notexec; chmod 644 /notexec'
check_status "a non-executable program gives 126" 126 "$NSENTER" "$web" /notexec
check_match "a non-executable program says why" "/notexec: Permission denied" "$ERR"

check "stdin passes through" "hello world" "$(echo 'hello world' | "$NSENTER" "$web" cat)"
check "stdin passes through without fork" "hello world" "$(echo 'hello world' | "$NSENTER" "$web" -n cat)"
args=$("$NSENTER" "$web" -n -- printf '[%s]' -4 'a b' '' "quote'd" '$HOME' '*')
check "argv passes through untouched" "[-4][a b][][quote'd][\$HOME][*]" "$args"
check "the first non-option after the container starts the command" "-4" \
	"$("$NSENTER" "$web" -n echo -4)"

tty=$(script -qec "$NSENTER $web sh -c 'test -t 0 && test -t 1 && echo TTY'" /dev/null | tr -d '\r')
check "the terminal passes through (fork path)" "TTY" "$tty"
tty=$(script -qec "$NSENTER $web -n sh -c 'test -t 0 && echo TTY'" /dev/null | tr -d '\r')
check "the terminal passes through (exec path)" "TTY" "$tty"

# Only the fds util-linux nsenter leaves: 0, 1, 2 and ls's own directory fd; nothing of ours, nothing inherited.
no_inherited_fds() {
	bash -c 'for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$@"' _ "$@"
}
fds_of() {
	"$@" ls /proc/self/fd 3</dev/null 4</etc/hostname 2>/dev/null | sort -n | tr '\n' ' '
}
check "the command sees only 0 1 2 (fork path)" "0 1 2 3 " "$(fds_of "$NSENTER" "$web" -a)"
check "the command sees only 0 1 2 (no-fork path)" "0 1 2 3 " "$(fds_of "$NSENTER" "$web" -n)"
check "util-linux nsenter leaves the same fds (without inherited ones)" "0 1 2 3 " \
	"$(no_inherited_fds nsenter -t "$pid" -a ls /proc/self/fd 2>/dev/null | sort -n | tr '\n' ' ')"

ps=$("$NSENTER" "$web" -p -m ps -o pid,args | awk '$1 == 1 {print $2, $3}')
check "-p shows the container's processes: its init is PID 1" "sleep 100000" "$ps"
check "-p: the command's own PID is small in the container" "yes" \
	"$("$NSENTER" "$web" -a sh -c '[ $$ -lt 100 ] && echo yes')"

# 40 enters at once, all must succeed with the right answer.
want=$(docker inspect -f '{{.Config.Hostname}}' "$web")
dir=$(mktemp -d)
for i in $(seq 1 40); do
	("$NSENTER" "$web" hostname >"$dir/$i" 2>&1; echo $? >"$dir/$i.st") &
done
wait
ok=0
for i in $(seq 1 40); do
	[ "$(cat "$dir/$i.st")" = 0 ] && [ "$(cat "$dir/$i")" = "$want" ] && ok=$((ok + 1))
done
rm -rf "$dir"
check "40 enters at once all succeed" 40 "$ok"
