# SPDX-License-Identifier: Apache-2.0
# Never trust the container (issue 12): each attack of the audit, run for real against the real daemon. A program from
# the container's files runs with the container's powers, as docker exec gives them; a program of the host never
# takes the container's environment; the caller's terminal never reaches the container.

secret=$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
echo "host-secret-$secret" >"/var/tmp/nsit-secret-$$"
shocked=var/tmp/nsit-shocked-$$
untrusted_cleanup() {
	rm -f "/var/tmp/nsit-secret-$$" "/$shocked" /tmp/nsit-pwned-$$-* /var/tmp/nsit-shocker-target
	rmdir /nsit-escape-$$ 2>/dev/null
	cleanup
}
trap untrusted_cleanup EXIT
# The capability sets, no_new_privs and seccomp mode of a status text. A program docker-nsenter runs also inherits our
# own no_new_privs and seccomp filters (under tests/oldkernel/enosys we run under its filter), which a docker exec
# process (runc's child, not ours) has not: as_ours adds them to docker exec's.
status_caps() { grep -E '^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs|Seccomp):' | tr '\t' ' '; }
as_ours() {
	awk -v nnp="$(awk '/^NoNewPrivs:/ { print $2 }' /proc/self/status)" \
		-v filters="$(awk '/^Seccomp_filters:/ { print $2 }' /proc/self/status)" '
		/^NoNewPrivs:/ && nnp == 1 { sub(/0$/, "1") }
		/^Seccomp:[ \t]+0$/ && filters > 0 { sub(/0$/, "2") }
		/^Seccomp_filters:/ { n = $2 + filters; sub(/[0-9]+$/, n) }
		{ print }'
}

# --- The container's powers ---------------------------------------------------------------------------------------
# "Shocker": open_by_handle_at through a bind-mounted host file (/etc/hosts) reaches the host's root filesystem. It
# needs CAP_DAC_READ_SEARCH, which docker exec does not give; today's plain docker-nsenter ran the program as full
# host root.
shocker=$(static_helper shocker)
c=$(start powers)
docker cp "$shocker" "$c:/shocker" >/dev/null
check_status "docker exec: the shocker is refused" 2 docker exec "$c" /shocker /etc/hosts "var/tmp/nsit-secret-$$"
check_status "docker-nsenter: the container's program is refused the same way" 2 \
	"$NSENTER" "$c" /shocker /etc/hosts "var/tmp/nsit-secret-$$" "$shocked"
check_match "  ... by the kernel (EPERM)" "open_by_handle_at: Operation not permitted" "$OUT"
check "  ... and wrote nothing on the host" "no" "$([ -e "/$shocked" ] && echo yes || echo no)"
check_status "--exec: refused too" 2 "$NSENTER" "$c" --exec /shocker /etc/hosts "var/tmp/nsit-secret-$$"
check_status "-m -p (mount and PID namespaces only): refused too" 2 \
	"$NSENTER" "$c" -m -p /shocker /etc/hosts "var/tmp/nsit-secret-$$"
check_status "-r (the container's root, no mount namespace): refused too" 2 \
	"$NSENTER" "$c" -r -n /shocker /etc/hosts "var/tmp/nsit-secret-$$"
# the container's /bin/sh replaced by the shocker: the default shell is the container's program too
cp "/var/tmp/nsit-secret-$$" /var/tmp/nsit-shocker-target
docker exec "$c" sh -c 'rm /bin/sh && cp /shocker /bin/sh'
check_status "the container's /bin/sh (a shocker) as the default shell is refused" 2 "$NSENTER" "$c" </dev/null
check "  ... and read no host file" "open_by_handle_at: Operation not permitted" "$OUT"
docker exec "$c" /bin/busybox sh -c 'rm /bin/sh && ln -s busybox /bin/sh'
check_status "--privileged keeps all of root's powers, for those who need them" 0 \
	"$NSENTER" "$c" --privileged /shocker /etc/hosts "var/tmp/nsit-secret-$$"
check_match "  ... the shocker then reads the host's file" "host-secret-$secret" "$OUT"
if [ "${NSENTER_TEST_KERNEL:-}" != pre-5.3 ]; then
	check_status "a host program (--host-root) keeps root's powers" 0 \
		"$NSENTER" "$c" --host-root sh -c 'grep -q CapEff:.*ffffff /proc/self/status'
fi
check_status "a host program (-n) keeps root's powers" 0 "$NSENTER" "$c" -n sh -c 'grep -q CapEff:.*ffffff /proc/self/status'

# Every capability set, no_new_privs and the seccomp mode are docker exec's.
check "root: the capability sets, no_new_privs and seccomp are docker exec's" \
	"$(docker exec "$c" cat /proc/self/status | status_caps | as_ours)" \
	"$("$NSENTER" "$c" cat /proc/self/status | status_caps)"
check "--exec: the same" "$(docker exec "$c" cat /proc/self/status | status_caps | as_ours)" \
	"$("$NSENTER" "$c" --exec cat /proc/self/status | status_caps)"
check "--as app: docker exec -u app's" "$(docker exec -u app "$c" cat /proc/self/status | status_caps | as_ours)" \
	"$("$NSENTER" "$c" --as app cat /proc/self/status | status_caps)"
app=$(start powers-app --user app --cap-drop ALL --cap-add NET_RAW --cap-add CHOWN \
	--security-opt no-new-privileges)
check "a non-root container with --cap-drop/--cap-add and no-new-privileges: docker exec's sets" \
	"$(docker exec "$app" cat /proc/self/status | status_caps | as_ours)" \
	"$("$NSENTER" "$app" --exec cat /proc/self/status | status_caps)"
check "  ... as root in it: docker exec -u 0's" \
	"$(docker exec -u 0 "$app" cat /proc/self/status | status_caps | as_ours)" \
	"$("$NSENTER" "$app" cat /proc/self/status | status_caps)"
check_match "  ... no_new_privs is set" "NoNewPrivs: 1" "$("$NSENTER" "$app" cat /proc/self/status | status_caps)"
unconfined=$(start powers-unconfined --security-opt seccomp=unconfined --cap-add SYS_ADMIN)
check "a container without seccomp, with CAP_SYS_ADMIN: docker exec's sets" \
	"$(docker exec "$unconfined" cat /proc/self/status | status_caps | as_ours)" \
	"$("$NSENTER" "$unconfined" cat /proc/self/status | status_caps)"

# The real seccomp filter: a profile that makes mkdir fail with ENOTSOCK fails it the same way under docker-nsenter,
# copied from the process, and compiled from the runtime's config.json where the copy is refused.
profile=$BATS_TMP/profile.json
cat >"$profile" <<'EOF'
{"defaultAction": "SCMP_ACT_ALLOW",
 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 88}]}
EOF
sec=$(start powers-seccomp --security-opt "seccomp=$profile")
check "docker exec: mkdir fails with the profile's errno" "mkdir: can't create directory '/tmp/a': Socket operation on non-socket" \
	"$(docker exec "$sec" mkdir /tmp/a 2>&1)"
check "docker-nsenter --exec: mkdir fails the same way" \
	"mkdir: can't create directory '/tmp/a': Socket operation on non-socket" "$("$NSENTER" "$sec" --exec mkdir /tmp/a 2>&1)"
check "docker-nsenter (plain): the same" \
	"mkdir: can't create directory '/tmp/a': Socket operation on non-socket" "$("$NSENTER" "$sec" mkdir /tmp/a 2>&1)"
check_status "--privileged: mkdir works" 0 "$NSENTER" "$sec" --privileged mkdir /tmp/b
# A process that is already being traced cannot be stopped for the copy: the runtime's config.json takes its place.
sec_pid=$(pid_of "$sec")
strace -p "$sec_pid" -o /dev/null &
tracer=$!
sleep 0.5
check "the container's process traced by someone else: the filter comes from the runtime's config" \
	"mkdir: can't create directory '/tmp/d': Socket operation on non-socket" "$("$NSENTER" "$sec" mkdir /tmp/d 2>&1)"
kill "$tracer"
wait "$tracer" 2>/dev/null
check "the default profile (docker's): the same seccomp mode and filter count as docker exec" \
	"$(docker exec "$c" grep -E '^Seccomp' /proc/self/status | as_ours)" \
	"$("$NSENTER" "$c" grep -E '^Seccomp' /proc/self/status)"
check "unshare, refused by docker's default profile, is refused the same way" \
	"$(docker exec "$c" unshare -U true 2>&1 | sed 's/^[^:]*: //')" \
	"$("$NSENTER" "$c" unshare -U true 2>&1 | sed 's/^[^:]*: //')"

# --- A host program never takes the container's environment ---------------------------------------------------------
# The container learns its overlay upper directory's host path from its mountinfo, puts programs and libraries there
# and names them in its own environment: PATH, LD_PRELOAD, BASH_ENV, ENV.
env_ctr=$(start powers-env -- sh -c '
	up=$(sed -n "s/.*upperdir=\([^,]*\).*/\1/p" /proc/self/mountinfo | head -n1)
	mkdir -p /evil
	printf "#!/bin/sh\ntouch /tmp/nsit-pwned-'$$'-path\n" >/evil/ip
	printf "touch /tmp/nsit-pwned-'$$'-bashenv\n" >/evil/bashenv
	printf "touch /tmp/nsit-pwned-'$$'-env\n" >/evil/env
	chmod +x /evil/ip
	export PATH="$up/evil:$PATH" BASH_ENV="$up/evil/bashenv" ENV="$up/evil/env" LD_PRELOAD="$up/evil/evil.so"
	export PROMPT_COMMAND="touch /tmp/nsit-pwned-'$$'-prompt" TZ=UTC LANG=C.UTF-8 TERM=nsit-term HOME="$up/evil"
	export NSIT_APP_SETTING=kept-in-the-container
	exec sleep 100000')
sleep 0.5
upper=$(docker inspect -f '{{.GraphDriver.Data.UpperDir}}' "$env_ctr")
cat >"$BATS_TMP/evil.c" <<EOF
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void pwn(void) { close(open("/tmp/nsit-pwned-$$-preload", O_CREAT | O_WRONLY, 0644)); }
EOF
cc -shared -fPIC -o "$upper/evil/evil.so" "$BATS_TMP/evil.c"
check "the container's environment names its upper directory (the attack is set up)" "$upper/evil/ip" \
	"$(tr '\0' '\n' <"/proc/$(pid_of "$env_ctr")/environ" | sed -n 's/^PATH=\([^:]*\):.*/\1/p')/ip"
"$NSENTER" "$env_ctr" -n -e ip -o link show lo >/dev/null 2>&1
check "-e -n ip: the host's ip ran, not the container's (its PATH is never searched)" "no" \
	"$([ -e /tmp/nsit-pwned-$$-path ] && echo yes || echo no)"
"$NSENTER" "$env_ctr" -n -e bash -c true
check "-e -n bash: no BASH_ENV of the container" "no" "$([ -e /tmp/nsit-pwned-$$-bashenv ] && echo yes || echo no)"
check "-e -n: no LD_PRELOAD of the container" "no" "$([ -e /tmp/nsit-pwned-$$-preload ] && echo yes || echo no)"
"$NSENTER" "$env_ctr" -n -e bash -i <<<exit >/dev/null 2>&1
"$NSENTER" "$env_ctr" -n -e sh -i <<<exit >/dev/null 2>&1
check "-e -n: no PROMPT_COMMAND or ENV for interactive shells" "no no" \
	"$([ -e /tmp/nsit-pwned-$$-prompt ] && echo yes || echo no) $([ -e /tmp/nsit-pwned-$$-env ] && echo yes || echo no)"
if [ "${NSENTER_TEST_KERNEL:-}" != pre-5.3 ]; then
	"$NSENTER" "$env_ctr" --host-root -e bash -c true
	check "--host-root -e: no BASH_ENV, LD_PRELOAD" "no no" \
		"$([ -e /tmp/nsit-pwned-$$-bashenv ] && echo yes || echo no) $([ -e /tmp/nsit-pwned-$$-preload ] && echo yes || echo no)"
fi
hostenv=$("$NSENTER" "$env_ctr" -n -e env)
check "-e with a host program: the host's PATH and HOME" "PATH=$PATH HOME=$HOME" \
	"$(grep -E '^PATH=' <<<"$hostenv") $(grep -E '^HOME=' <<<"$hostenv")"
check "  ... and the container's harmless settings (TZ, LANG, TERM)" "LANG=C.UTF-8 TERM=nsit-term TZ=UTC" \
	"$(grep -E '^(TZ|LANG|TERM)=' <<<"$hostenv" | sort | paste -sd' ')"
check "  ... but none of its other variables" "" "$(grep -E '^(NSIT_APP_SETTING|LD_PRELOAD|BASH_ENV|ENV|PROMPT_COMMAND)=' <<<"$hostenv")"
check "-e with the container's program: its environment byte for byte, as util-linux" \
	"$(od -c "/proc/$(pid_of "$env_ctr")/environ")" "$("$NSENTER" "$env_ctr" -e cat /proc/self/environ | od -c)"
# --exec: Config.Env reaches a host program the same way; a volume's host path is predictable
vol=nsit-vol-$$
docker volume create "$vol" >/dev/null
volpath=$(docker volume inspect -f '{{.Mountpoint}}' "$vol")
exec_ctr=$(start powers-execenv -v "$vol:/data" -e "BASH_ENV=$volpath/bashenv" -e "PATH=$volpath:/usr/bin:/bin")
docker exec "$exec_ctr" sh -c "printf 'touch /tmp/nsit-pwned-$$-execenv\n' >/data/bashenv; cp /data/bashenv /data/bash; chmod +x /data/bash"
"$NSENTER" "$exec_ctr" --exec -n bash -c true
check "--exec -n bash: neither Config.Env's BASH_ENV nor its PATH reaches the host's bash" "no" \
	"$([ -e /tmp/nsit-pwned-$$-execenv ] && echo yes || echo no)"
docker rm -f "$exec_ctr" >/dev/null
docker volume rm "$vol" >/dev/null

# --- The terminal ---------------------------------------------------------------------------------------------------
tiocsti=$(static_helper tiocsti)
docker cp "$tiocsti" "$c:/tiocsti" >/dev/null
harness=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/pty-harness.py
inject() { # inject HOW: run the injector from the container under a terminal; what did the caller's shell read next?
	python3 "$harness" -- bash -c "$1; read -r -t 2 line; echo \"next-line:[\$line]\"" | grep -o 'next-line:\[[^]]*\]'
}
check "TIOCSTI on the program's stdin never reaches the caller's terminal" "next-line:[]" \
	"$(inject "'$NSENTER' '$c' /tiocsti 0 \$'echo INJECTED\\n'")"
check "TIOCSTI through /dev/tty, every fd redirected, never reaches it either" "next-line:[]" \
	"$(inject "'$NSENTER' '$c' /tiocsti /dev/tty \$'echo INJECTED\\n' </dev/null >/dev/null 2>&1")"
check "--no-tty gives the container's program this terminal, but not as its controlling one: refused" "next-line:[]" \
	"$(inject "'$NSENTER' '$c' --no-tty /tiocsti 0 \$'echo INJECTED\\n'")"
check "TIOCSTI from a --privileged program (CAP_SYS_ADMIN) is still kept in its own terminal" "next-line:[]" \
	"$(inject "'$NSENTER' '$c' --privileged /tiocsti 0 \$'echo INJECTED\\n'")"
out=$(python3 "$harness" --size 33 99 --send 'echo hello-$((6*7))\n' --expect hello-42 \
	--send 'stty size; tty\n' --expect '33 99' --size 40 120 --sleep 0.3 --send 'stty size\n' --expect '40 120' \
	--send 'exit 7\n' -- "$NSENTER" "$c")
check "an interactive shell works on its own terminal" "EXIT 7" "$(grep -E '^(EXIT|EXPECT)' <<<"$out")"
check "  ... our terminal's modes are back afterwards" "TERMIOS same" "$(grep TERMIOS <<<"$out")"
check_match "  ... its terminal is the container's own (tty names it)" "/dev/pts/[0-9]+" "$(grep OUTPUT <<<"$out")"
out=$(python3 "$harness" --send 'sleep 100\n' --sleep 1 --send '\x03' --sleep 0.5 --send 'echo back-$((1+1))\n' \
	--expect back-2 --send 'exit 3\n' -- "$NSENTER" "$c")
check "Ctrl-C reaches the program, then the shell goes on" "EXIT 3" "$(grep -E '^(EXIT|EXPECT)' <<<"$out")"
out=$(python3 "$harness" --sleep 1 --signal SIGTERM -- "$NSENTER" "$c" sleep 100)
check "SIGTERM to docker-nsenter ends the program: 143, our terminal's modes back" "EXIT 143 TERMIOS same" \
	"$(grep -E '^(EXIT|TERMIOS)' <<<"$out" | paste -sd' ')"
out=$(python3 "$harness" -- "$NSENTER" "$c" sh -c 'kill -KILL $$')
check "a program killed by a signal: 128+N" "EXIT 137 TERMIOS same" "$(grep -E '^(EXIT|TERMIOS)' <<<"$out" | paste -sd' ')"
check_match "a host program keeps the caller's terminal (no pty of its own)" "same-terminal" \
	"$(python3 "$harness" -- bash -c "[ \"\$(tty)\" = \"\$('$NSENTER' '$c' -n tty)\" ] && echo same-terminal")"
out=$(python3 "$harness" -- "$NSENTER" "$c" -F true)
check "--no-fork cannot relay a terminal" "EXIT 125" "$(grep EXIT <<<"$out")"
check_match "  ... and says what to do" "add --no-tty" "$out"
check "--tty with no terminal: the program still gets one" "yes" \
	"$("$NSENTER" "$c" --tty sh -c '[ -t 0 ] && echo yes' </dev/null | tr -d '\r')"

# --- Files of the container are opened only when they are regular files ----------------------------------------------
fifo=$(start powers-fifo -- sh -c 'rm /etc/passwd; mkfifo /etc/passwd
	(: >/etc/passwd; touch /opened) & exec sleep 100000')
sleep 0.5
check_status "a FIFO as /etc/passwd is refused" 125 "$NSENTER" "$fifo" --as app true
check_match "  ... as not a regular file" "cannot read the container's /etc/passwd: not a regular file" "$ERR"
sleep 0.5
check "  ... without ever opening it (its writer is still waiting)" "no" \
	"$([ -e "/proc/$(pid_of "$fifo")/root/opened" ] && echo yes || echo no)"
dev=$(start powers-dev -- sh -c 'rm /etc/group; mknod /etc/group c 1 3; exec sleep 100000')
check_status "a device node as /etc/group is refused" 125 "$NSENTER" "$dev" --as app true
check_match "  ... naming the file" "cannot read the container's /etc/group: not a regular file" "$ERR"


# --- The daemon and what it says ------------------------------------------------------------------------------------
FAKE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../fake/fake-dockerd.py
fake_start() { # fake_start SCENARIO [env...]: a fake daemon in front of the real container $c
	local dir
	dir=$(mktemp -d /tmp/nsit-fake.XXXXXX)
	chmod 0777 "$dir"
	env "${@:2}" /usr/bin/python3 "$FAKE" "$dir/fake.sock" "$1" "$c" >"$dir/out" 2>&1 &
	fake_pid=$!
	for _ in $(seq 1 100); do grep -q ready "$dir/out" 2>/dev/null && break; sleep 0.1; done
	fake_sock=$dir/fake.sock
}
fake_stop() {
	kill "$fake_pid" 2>/dev/null
	wait "$fake_pid" 2>/dev/null
	rm -rf "$(dirname "$fake_sock")"
}
fake_start content-length FAKE_UID=65534
check_status "a daemon run by another user is refused" 125 env DOCKER_HOST="unix://$fake_sock" \
	"$NSENTER" "$c" touch /nsit-peer
check_match "  ... naming who runs it" "refusing the Docker daemon at unix://$fake_sock: it is run by uid 65534 \(nobody\)" \
	"$ERR"
check_status "  ... and nothing ran" 1 docker exec "$c" test -e /nsit-peer
fake_stop
fake_start content-length
check_status "the same fake daemon run by root is believed (its answers are the real daemon's)" 0 \
	env DOCKER_HOST="unix://$fake_sock" "$NSENTER" "$c" true
fake_stop
for name in '"/../../nsit-escape-'$$'"' '"/a\nid=0000"' '"/x\u001b[31m"'; do
	fake_start "name=$name"
	check_status "a daemon naming the container $name is refused" 125 env DOCKER_HOST="unix://$fake_sock" \
		"$NSENTER" "$c" --host-root true
	check_match "  ... saying so" "the name '.*' is not one any engine gives" "$ERR"
	check "  ... and no escape of the name reached the host" "no" \
		"$([ -e /nsit-escape-$$ ] && echo yes || echo no)"
	fake_stop
done

# --- Our own process ------------------------------------------------------------------------------------------------
strace -f -qq -e trace=setuid,prctl -o "$BATS_TMP/strace.dumpable" "$NSENTER" "$c" --as app true
check "after the uid change the process is made non-dumpable again, before the exec" "after" \
	"$(awk '/setuid\(1234\)/ { s = 1 } s && /PR_SET_DUMPABLE, SUID_DUMP_DISABLE/ { print "after"; exit }' \
		"$BATS_TMP/strace.dumpable")"
# the completion cache: a runtime directory or cache directory that is a symbolic link is not used
mkdir -m 0700 "$BATS_TMP/xdg-real" "$BATS_TMP/xdg-elsewhere"
ln -s "$BATS_TMP/xdg-real" "$BATS_TMP/xdg-link"
XDG_RUNTIME_DIR=$BATS_TMP/xdg-link "$NSENTER" __completeNoDesc "${c:0:6}" >/dev/null
check "a symlinked \$XDG_RUNTIME_DIR gets no cache" "" "$(ls -A "$BATS_TMP/xdg-real")"
ln -s "$BATS_TMP/xdg-elsewhere" "$BATS_TMP/xdg-real/docker-nsenter"
XDG_RUNTIME_DIR=$BATS_TMP/xdg-real "$NSENTER" __completeNoDesc "${c:0:6}" >/dev/null
check "a symlinked \$XDG_RUNTIME_DIR/docker-nsenter gets none either" "" "$(ls -A "$BATS_TMP/xdg-elsewhere")"
# text the container chooses is shown escaped: a mount point whose name moves the terminal's cursor
esc=$'/tmp/\e[2J\e]0;owned\a\nfake line'
docker exec "$c" mkdir -p "$esc"
nsenter -t "$(pid_of "$c")" -m mount -t tmpfs -o size=1m nsit-esc "$esc"
check_match "docker-nsmount's list shows the container's mount point escaped" \
	'/tmp/\\x1b\[2J\\x1b\]0;owned\\x07\\x0afake line' "$("$DOCKER_NSMOUNT" "$c" | grep -a owned)"
check "  ... with no control character at all" "0" "$("$DOCKER_NSMOUNT" "$c" | tr -d '\n' | tr -dc '\000-\037\177' | wc -c)"
"$DOCKER_NSMOUNT" -u "$c" "$esc" >/dev/null 2>&1
