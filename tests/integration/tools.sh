# SPDX-License-Identifier: Apache-2.0
# --tools: a host directory or a local image's files at /.docker-nsenter-tools in a private copy of a running
# container's mount namespace, on PATH after the container's own directories; read-only, nosuid, nodev; the tools run
# with the container's powers; the container's mount table and files never change, a --read-only one's neither.

tools=$BATS_TMP/tools
shared=$BATS_TMP/shared
tools_cleanup() {
	cleanup
	umount -R -l "$shared" 2>/dev/null
	docker rmi "nsit-tools-image-$$" >/dev/null 2>&1
}
trap tools_cleanup EXIT
probe=$(static_helper toolprobe)
mkdir -p "$tools/bin"
cp /bin/busybox "$tools/bin/busybox"
for a in sh ls cat grep touch mount; do ln -s busybox "$tools/bin/$a"; done
cp "$probe" "$tools/bin/toolprobe"
cp "$probe" "$tools/bin/toolprobe-suid"
chmod 4755 "$tools/bin/toolprobe-suid"
chmod 0755 "$tools"
status_caps() { grep -E '^Cap(Inh|Prm|Eff|Bnd|Amb):' | tr '\t' ' '; }

web=$(start tools --user 0 -e APP_SETTING=kept)
noshell=${PREFIX}tools-noshell
docker run -d --name "$noshell" "$NOSHELL" >/dev/null

if [ "${NSENTER_TEST_KERNEL:-}" = pre-5.3 ]; then
	check_status "without the new mount API --tools says the kernel lacks it" 125 "$NSENTER" "$web" --tools "$tools" true
	check_match "  ... naming what is missing" "--tools needs the new mount API" "$ERR"
	check "  ... and the container's mount table is untouched" "$(cat "/proc/$(pid_of "$web")/mountinfo" | wc -l)" \
		"$(cat "/proc/$(pid_of "$web")/mountinfo" | wc -l)"
	return 0
fi

# ---- a directory of static tools ----
check "a container without a shell: the tools' sh, with its files and the tools side by side" \
	"/.docker-nsenter-tools/bin/sh .docker-nsenter-tools sleep" \
	"$(echo 'echo $0; ls -a / | grep -E "^(sleep|\.docker-nsenter-tools)$"' | "$NSENTER" "$noshell" --tools "$tools" | paste -sd' ')"
out=$("$NSENTER" "$web" --tools "$tools" sh -c 'which sh; which toolprobe; echo "$PATH"')
check "the container's own programs come first" "/bin/sh" "$(sed -n 1p <<<"$out")"
check "  ... the tools' after them" "/.docker-nsenter-tools/bin/toolprobe" "$(sed -n 2p <<<"$out")"
check "  ... PATH is the program's own, the tools' directories appended" "$PATH:/.docker-nsenter-tools/bin:/.docker-nsenter-tools" \
	"$(sed -n 3p <<<"$out")"
check "with --exec, after the container's PATH" \
	"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/.docker-nsenter-tools/bin:/.docker-nsenter-tools" \
	"$("$NSENTER" "$web" --exec --tools "$tools" sh -c 'echo "$PATH"')"
check "the tools run with the container's powers, as docker exec's programs do" \
	"$(docker exec "$web" cat /proc/self/status | status_caps | sed -n 3p | awk '{print $2}')" \
	"$("$NSENTER" "$web" --tools "$tools" toolprobe | sed 's/.*capeff=//')"
check "  ... with --privileged, with root's" "$(status_caps </proc/self/status | sed -n 3p | awk '{print $2}')" \
	"$("$NSENTER" "$web" --privileged --tools "$tools" toolprobe | sed 's/.*capeff=//')"
check "a setuid tool gains nothing (nosuid)" "toolprobe uid=1234 euid=1234" \
	"$("$NSENTER" "$web" --as app --tools "$tools" toolprobe-suid | sed 's/ capeff.*//')"
check_match "the tools are read-only, nosuid, nodev" "/.docker-nsenter-tools ro,nosuid,nodev" \
	"$("$NSENTER" "$web" --tools "$tools" cat /proc/self/mountinfo | grep docker-nsenter-tools)"
# Linux 5.2 to 5.11 have the new mount API but no mount_setattr: the same mount, made read-only by a remount.
pre512() { "$BUILD_ROOT/tests/oldkernel/enosys" pre-5.12 "$NSENTER" "$@"; }
check_match "without mount_setattr (before 5.12): still read-only, nosuid, nodev" "/.docker-nsenter-tools ro,nosuid,nodev" \
	"$(pre512 "$web" --tools "$tools" cat /proc/self/mountinfo | grep docker-nsenter-tools)"
check_status "  ... and nothing can be written there" 1 pre512 "$web" --tools "$tools" touch /.docker-nsenter-tools/x
tools_before=$(find "$tools" -printf '%P %s %m %T@\n' | sort)
check_status "  ... nothing can be written there" 1 "$NSENTER" "$web" --tools "$tools" touch /.docker-nsenter-tools/x
check_status "  ... nor next to the container's top-level entries" 1 "$NSENTER" "$web" --tools "$tools" touch /nsit-new
check "  ... and the host's directory is as it was" "$tools_before" "$(find "$tools" -printf '%P %s %m %T@\n' | sort)"
check "the container's own files are written as before" "written" \
	"$("$NSENTER" "$web" --tools "$tools" sh -c 'echo written > /tmp/by-tools; cat /tmp/by-tools' &&
		docker exec "$web" rm /tmp/by-tools)"

# ---- the container is left exactly as it was, with a directory and with an image of two layers ----
docker run --name "${PREFIX}tools-layer" "$IMAGE" sh -c 'echo second-layer > /layer2' >/dev/null
docker commit "${PREFIX}tools-layer" "nsit-tools-image-$$" >/dev/null
# snap DIR: every file's name, type, size, mode and times: what "nothing written into its tree" means.
snap() { find "$1" -printf '%P %y %s %m %T@ %C@\n' | sort; }
for kind in plain read-only; do
	if [ "$kind" = read-only ]; then
		ctr=$(start tools-ro --read-only --tmpfs /tmp)
	else
		ctr=$web
	fi
	pid=$(pid_of "$ctr")
	upper=$(docker inspect -f '{{.GraphDriver.Data.UpperDir}}' "$ctr")
	for src in "$tools" "nsit-tools-image-$$"; do
		what="$kind container, --tools $([ "$src" = "$tools" ] && echo DIR || echo IMAGE)"
		mi_before=$(cat "/proc/$pid/mountinfo")
		diff_before=$(docker diff "$ctr")
		upper_before=$(snap "$upper")
		"$NSENTER" "$ctr" --tools "$src" sh -c 'ls /.docker-nsenter-tools >/dev/null && echo in-use; sleep 2' \
			>"$BATS_TMP/in-use" 2>&1 &
		bg=$!
		for _ in $(seq 100); do grep -q in-use "$BATS_TMP/in-use" && break; sleep 0.1; done
		check "$what: the tools are in use (the test is sound)" "in-use" "$(cat "$BATS_TMP/in-use")"
		check "$what: its mount table is the same while the tools are in use" "$mi_before" \
			"$(cat "/proc/$pid/mountinfo")"
		wait "$bg"
		check "$what: and after" "$mi_before" "$(cat "/proc/$pid/mountinfo")"
		check "$what: its files are as they were (docker diff)" "$diff_before" "$(docker diff "$ctr")"
		check "$what: nothing written in its layer, times included" "$upper_before" "$(snap "$upper")"
		check_status "$what: no mount point was made in it" 1 docker exec "$ctr" test -e /.docker-nsenter-tools
	done
done
check_status "a read-only container's root stays read-only for the tools" 1 \
	"$NSENTER" "$ctr" --tools "$tools" touch /nsit-x

# Mounts made in the copy reach neither the container nor the host, even below a shared volume of a container that
# may mount (CAP_SYS_ADMIN, no seccomp filter).
mkdir -p "$shared/x"
mount --bind "$shared" "$shared" && mount --make-shared "$shared"
priv=$(start tools-priv --cap-add SYS_ADMIN --security-opt seccomp=unconfined -v "$shared:/shared:rshared")
ppid=$(pid_of "$priv")
mi_before=$(cat "/proc/$ppid/mountinfo")
check_match "the container's volume is a shared one (the test is sound)" "/shared rw.* shared:" \
	"$(grep ' /shared ' "/proc/$ppid/mountinfo")"
check "a mount made in the copy by the tools, with the container's powers" "mounted" \
	"$("$NSENTER" "$priv" --tools "$tools" sh -c "mount -t tmpfs nsit-leak-$$ /shared/x && grep -q nsit-leak-$$ /proc/self/mountinfo && echo mounted")"
check "  ... never reaches the container's mount table" "$mi_before" "$(cat "/proc/$ppid/mountinfo")"
check "  ... nor the host's, through the shared volume" "0" "$(grep -c nsit-leak-$$ /proc/self/mountinfo)"
check "  ... nor any mount namespace at all" "" "$(grep -l nsit-leak-$$ /proc/[0-9]*/mountinfo 2>/dev/null)"
docker rm -f "$priv" >/dev/null
umount -R -l "$shared"

# ---- a local image's files ----
out=$("$NSENTER" "$noshell" --tools "$IMAGE" sh -c 'ls /.docker-nsenter-tools/bin/busybox; grep docker-nsenter-tools /proc/self/mountinfo')
check "an image (one layer): its files" "/.docker-nsenter-tools/bin/busybox" "$(sed -n 1p <<<"$out")"
check_match "  ... read-only, nosuid, nodev" "/.docker-nsenter-tools ro,nosuid,nodev" "$(sed -n 2p <<<"$out")"
out=$("$NSENTER" "$noshell" --tools "nsit-tools-image-$$" sh -c 'cat /.docker-nsenter-tools/layer2; ls /.docker-nsenter-tools/bin/busybox
	grep docker-nsenter-tools /proc/self/mountinfo; (echo x > /.docker-nsenter-tools/y) 2>/dev/null || echo read-only')
check "an image of two layers: both, as an overlay" "second-layer /.docker-nsenter-tools/bin/busybox" \
	"$(sed -n 1,2p <<<"$out" | paste -sd' ')"
check_match "  ... read-only, nosuid, nodev" "/.docker-nsenter-tools ro,nosuid,nodev.* - overlay " "$(sed -n 3p <<<"$out")"
check "  ... nothing can be written there" "read-only" "$(sed -n 4p <<<"$out")"

# ---- a reference of another runtime: containerd://moby/ID, through dockerd's containerd, asks no Docker daemon ----
web_id=$(docker inspect -f '{{.Id}}' "$web")
check "containerd://moby/ID --tools DIR: the tools, after the container's own programs" \
	"/bin/sh /.docker-nsenter-tools/bin/toolprobe" \
	"$("$NSENTER" "containerd://moby/$web_id" --tools "$tools" sh -c 'which sh; which toolprobe' | paste -sd' ')"
check_status "containerd://moby/ID --tools IMAGE is refused: an image is found through the Docker daemon" 125 \
	"$NSENTER" "containerd://moby/$web_id" --tools "$IMAGE" true
check_match "  ... saying so" "an image is found through the Docker daemon; give a directory" "$ERR"

# ---- usage ----
check_status "--tools with --host-root is refused" 125 "$NSENTER" "$web" --host-root --tools "$tools" true
check_status "--tools without the mount namespace is refused" 125 "$NSENTER" "$web" -n --tools "$tools" true
check_status "a missing directory" 125 "$NSENTER" "$web" --tools "$BATS_TMP/nothing" true
check_match "  ... saying so" "No such file or directory" "$ERR"
check_status "an unknown image" 125 "$NSENTER" "$web" --tools nsit-no-such-image true
check_match "  ... saying so" "no such image or directory" "$ERR"
check "completion offers local images for --tools" "$IMAGE" \
	"$("$NSENTER" __completeNoDesc --tools "${IMAGE%:*}" | grep -x "$IMAGE")"
check "  ... and directories for a path" ":16" "$("$NSENTER" __completeNoDesc --tools /tm | tail -n1)"
