# SPDX-License-Identifier: Apache-2.0
# Images and containers are other people's: working directories that point out of the root, huge or malformed
# account files, strange environment bytes, and callers without the privilege to join.

FAKE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../fake/fake-dockerd.py
web=$(start himg -- sh -c 'export RAW="$(printf "a\nb=c\377\001")"; exec sleep 100000')
pid=$(pid_of "$web")

# The working directory never leaves the container's root (CVE-2024-21626 class).
check_status "-W /proc/self/fd/0 with a host directory on stdin is refused" 125 "$NSENTER" "$web" -W /proc/self/fd/0 pwd </
check_match "-W out of the root says so" "outside the container's root" "$ERR"
for n in 3 4 5 6 7 8 9 10; do
	check_status "-W /proc/self/fd/$n: none of our fds survives" 125 "$NSENTER" "$web" -W "/proc/self/fd/$n" pwd
done
docker exec "$web" sh -c 'mkdir -p /inside && ln -s ../../../../../inside /inside/up && ln -s /inside /abs'
check "a .. symlink chain stays inside the root" "/inside" "$("$NSENTER" "$web" -W /inside/up pwd)"
check "an absolute symlink resolves in the container" "/inside" "$("$NSENTER" "$web" -W /abs sh -c 'cd -P . && pwd')"

sock=$BATS_TMP/fake.sock
for wd in /proc/self/fd/3 /proc/self/fd/0 /proc/1/cwd/../../..; do
	/usr/bin/python3 "$FAKE" "$sock" "workdir=$wd" "$web" >"$BATS_TMP/fake.out" 2>&1 &
	fake=$!
	for _ in $(seq 1 100); do grep -q ready "$BATS_TMP/fake.out" 2>/dev/null && break; sleep 0.1; done
	OUT=$(DOCKER_HOST=unix://$sock "$NSENTER" "$web" --exec pwd </ 2>"$BATS_TMP/err")
	st=$?
	ERR=$(cat "$BATS_TMP/err")
	if [ "$st" -eq 125 ] || { [ "$st" -eq 0 ] && [ "$OUT" = / ]; }; then
		pass "WorkingDir $wd never runs the command outside the root (status $st, cwd '${OUT}')"
	else
		fail "WorkingDir $wd never runs the command outside the root" "status $st" "stdout $OUT" "stderr $ERR"
	fi
	kill "$fake" 2>/dev/null
	wait "$fake" 2>/dev/null
	rm -f "$BATS_TMP/fake.out"
done

# Account files: bounded, malformed lines skipped, never the host's NSS. They are edited from the host through
# /proc/PID/root (docker exec itself cannot run once /etc/passwd is hostile), never following the container's links.
root=/proc/$pid/root
cp "$root/etc/passwd" "$BATS_TMP/passwd.orig"
{ printf 'garbage without colons\n::::::\nx:x:notanumber:1::/:/bin/sh\n'; cat "$BATS_TMP/passwd.orig"; } >"$BATS_TMP/passwd"
cp "$BATS_TMP/passwd" "$root/etc/passwd"
check "malformed passwd lines are skipped" "1234" "$("$NSENTER" "$web" --as app id -u 2>/dev/null)"
head -c 6000000 /dev/zero | tr '\0' x >"$root/etc/passwd"
check_status "a 6 MB /etc/passwd is refused" 125 "$NSENTER" "$web" --as app id -u
check_match "a 6 MB /etc/passwd: message" "cannot read the container's /etc/passwd: file too large" "$ERR"
rm -f "$root/etc/passwd"
ln -s /proc/self/environ "$root/etc/passwd"
check_status "/etc/passwd as a magic link is refused" 125 "$NSENTER" "$web" --as app id -u
rm -f "$root/etc/passwd"
mkdir -p "$root/etc/inner"
echo "app:x:4321:4321::/:/bin/sh" >"$root/etc/inner/accounts"
ln -s ../../../../../../../etc/inner/accounts "$root/etc/passwd"
check "/etc/passwd linking out of the root reads the container's own file" "4321" \
	"$("$NSENTER" "$web" --as app id -u 2>/dev/null)"
rm -f "$root/etc/passwd"
cp "$BATS_TMP/passwd.orig" "$root/etc/passwd"
if command -v strace >/dev/null; then
	strace -f -e trace=openat,open -o "$BATS_TMP/strace" "$NSENTER" "$web" --as app true
	check "no NSS module is ever loaded" "0" "$(grep -c 'libnss_' "$BATS_TMP/strace")"
	check "the host's passwd is never read" "0" "$(grep -c '"/etc/passwd"' "$BATS_TMP/strace")"
else
	fail "strace is needed to prove no NSS is loaded"
fi

# The environment passes byte for byte: newlines, '=', non-UTF-8 and control bytes.
check "-e passes the target's environment byte for byte" "$(od -c "/proc/$pid/environ")" \
	"$("$NSENTER" "$web" -e cat /proc/self/environ | od -c)"

# Without the privilege to join: a clear message, 125, nothing run.
check_status "an unprivileged caller fails with 125" 125 setpriv --reuid=65534 --regid=65534 --clear-groups \
	"$NSENTER" "$web" touch /unprivileged
check_match "an unprivileged caller is told about the socket" "Permission denied" "$ERR"
docker_gid=$(getent group docker | cut -d: -f3)
if [ -n "$docker_gid" ]; then
	check_status "a docker-group caller fails with 125" 125 setpriv --reuid=65534 --regid=65534 \
		--groups="$docker_gid" "$NSENTER" "$web" touch /unprivileged
	check_match "a docker-group caller is told what is needed" "needs root .*docker group is not enough" "$ERR"
fi
check_status "nothing ran for them" 1 docker exec "$web" test -e /unprivileged
