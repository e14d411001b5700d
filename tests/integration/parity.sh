# SPDX-License-Identifier: Apache-2.0
# util-linux 2.42 semantics, side by side with util-linux nsenter where Debian's (2.38) behaves the same: a program
# without a #! line runs through /bin/sh, as execvp() runs it; -w=DIR and -W=DIR drop the '=' (2.42's
# sys-utils/nsenter.c, cases 'w' and 'W'; 2.38 would open "=DIR", so there its -wDIR is the comparison).

c=$(start parity)
cpid=$(pid_of "$c")
docker exec "$c" sh -c 'printf "echo \"script:\$0:\$1:\$(id -u)\"\n" > /noshebang && chmod 755 /noshebang &&
	cp /noshebang /bin/noshebang-in-path && printf "\177ELF" > /notelf && chmod 755 /notelf' ||
	fail "the container's scripts were written"

want=$(nsenter -t "$cpid" -a /noshebang x 2>&1)
check "util-linux runs a program without #! through /bin/sh" "script:/noshebang:x:0" "$want"
check_status "docker-nsenter runs it too" 0 "$NSENTER" "$c" /noshebang x
check "  ... the same way" "$want" "$OUT"
want=$(nsenter -t "$cpid" -a noshebang-in-path y 2>&1)
check "util-linux does it for a program found in the PATH" "script:/bin/noshebang-in-path:y:0" "$want"
check_status "docker-nsenter too" 0 "$NSENTER" "$c" noshebang-in-path y
check "  ... the same way" "$want" "$OUT"
check_status "a broken ELF header goes to /bin/sh too, which fails on it with util-linux's status" \
	"$(nsenter -t "$cpid" -a /notelf >/dev/null 2>&1; echo $?)" "$NSENTER" "$c" /notelf

check "util-linux 2.38's -wDIR is the working directory" /usr "$(nsenter -t "$cpid" -n -w/usr pwd)"
check_status "docker-nsenter -w=DIR is the same directory, as 2.42's" 0 "$NSENTER" -n -w=/usr "$c" pwd
check "  ... /usr" /usr "$OUT"
check_status "-W=DIR is the directory in the container" 0 "$NSENTER" "$c" -W=/etc pwd
check "  ... /etc" /etc "$OUT"
check_status "--wd=DIR is unchanged" 0 "$NSENTER" -n --wd=/usr "$c" pwd
check "  ... /usr" /usr "$OUT"
