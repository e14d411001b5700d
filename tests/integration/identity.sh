# SPDX-License-Identifier: Apache-2.0
# Identity, environment, working directory and cgroups: util-linux's -S/-G/-e/-w/-c and docker exec's --exec/--as.

web=$(start ident --user 1234:1234 -e FOO=bar -e 'MULTI=a=b=c' -w /tmp)
pid=$(pid_of "$web")

check "-S follow takes the container process's uid" "1234" "$("$NSENTER" "$web" -S follow id -u)"
check "-G follow takes its gid" "1234" "$("$NSENTER" "$web" -G follow id -g)"
check "-S 1000 -G 1001" "1000 1001" "$("$NSENTER" "$web" -S 1000 -G 1001 sh -c 'echo $(id -u) $(id -g)')"
check "-S clears supplementary groups" "1000" "$("$NSENTER" "$web" -S 1000 -G 1000 id -G)"
check "without -S the command stays root" "0" "$("$NSENTER" "$web" id -u)"

env_out=$("$NSENTER" "$web" -e env)
check "-e copies the target's environment" "FOO=bar" "$(grep -x 'FOO=bar' <<<"$env_out")"
check_match "-e keeps values with '='" "MULTI=a=b=c" "$env_out"
check "without -e our environment is kept" "" "$(FOO=ours "$NSENTER" "$web" -e sh -c 'echo ${NSIT_ONLY_HERE:-}')"
check "without -e our own variables pass" "ours" "$(NSIT_MINE=ours "$NSENTER" "$web" sh -c 'echo $NSIT_MINE')"

check "-w takes the target's working directory" "/tmp" "$("$NSENTER" "$web" -w pwd)"
check "default working directory is the container's /" "/" "$("$NSENTER" "$web" pwd)"
check "-W DIR is resolved inside the container" "/etc" "$("$NSENTER" "$web" -W /etc pwd)"
check_status "-W to a missing directory fails" 125 "$NSENTER" "$web" -W /nonexistent pwd
check_match "-W failure names the directory" "cannot change directory to /nonexistent" "$ERR"

cg=$("$NSENTER" "$web" -c cat /proc/self/cgroup)
check "-c joins every cgroup hierarchy of the container" "$(cat "/proc/$pid/cgroup")" "$cg"
check_match "without -c the cgroups stay ours" "^$(sed -n 1p /proc/self/cgroup)" \
	"$("$NSENTER" "$web" -n cat /proc/self/cgroup)"

# --exec: what docker exec gives.
check "--exec runs as Config.User" "$(docker exec "$web" id)" "$("$NSENTER" "$web" --exec id)"
check "--exec uses Config.WorkingDir" "$(docker exec "$web" pwd)" "$("$NSENTER" "$web" --exec pwd)"
ours=$("$NSENTER" "$web" --exec env | grep -v '^HOSTNAME=' | sort)
theirs=$(docker exec "$web" env | grep -v '^HOSTNAME=' | sort)
check "--exec gives docker exec's environment" "$theirs" "$ours"
check "--exec HOSTNAME is the container's" "$(docker exec "$web" sh -c 'echo $HOSTNAME')" \
	"$("$NSENTER" "$web" --exec sh -c 'echo $HOSTNAME')"
check "--exec joins the container's cgroups" "$(cat "/proc/$pid/cgroup")" "$("$NSENTER" "$web" --exec cat /proc/self/cgroup)"

# --as: a user of the container, from its own files.
check "--as app matches docker exec -u app" "$(docker exec -u app "$web" id)" "$("$NSENTER" "$web" --as app id)"
check "--as app:video" "$(docker exec -u app:video "$web" id)" "$("$NSENTER" "$web" --as app:video id)"
check "--as 4321 (not in passwd)" "$(docker exec -u 4321 "$web" id)" "$("$NSENTER" "$web" --as 4321 id)"
check "--as root" "0" "$("$NSENTER" "$web" --as root id -u)"
check "--as app sets HOME from the container's passwd" "/home/app" "$("$NSENTER" "$web" --as app --exec sh -c 'echo $HOME')"
check_status "--as an unknown user fails" 125 "$NSENTER" "$web" --as nosuchuser id
check_match "--as an unknown user is named" "unable to find user nosuchuser" "$ERR"
check_status "--as an unknown group fails" 125 "$NSENTER" "$web" --as app:nosuchgroup id
# The host's users are never consulted: a user only the host has is unknown in the container.
check_status "--as a host-only user fails" 125 "$NSENTER" "$web" --as _apt id
