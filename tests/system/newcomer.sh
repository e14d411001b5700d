# SPDX-License-Identifier: Apache-2.0
# The README's first command as a newcomer meets it: a fresh Debian 12 (bookworm) root made by debootstrap from the
# host's Debian mirror, a copy of this checkout in it, and there, chrooted with mounts and a PID namespace of its own
# (nothing started in it outlives it, nothing it mounts reaches the host):
#   - the README's `build` packages, scdoc left out, build the tree and pass the suites that need no daemon;
#   - `meson setup build -Dman=enabled` fails for want of scdoc and leaves build/ half made, as meson cannot recover;
#   - scripts/deps.sh run by a user names the exact apt-get line for what is missing;
#   - scripts/demo.sh recovers build/, installs the `build` and `run` packages and none of the tests', builds, installs
#     into /usr/local and stops where it needs a Docker daemon. DOCKER_NSENTER_DEMO_NO_DAEMON=1 asks for that stop: a
#     daemon in the chroot would share the host's network namespace, its docker0 and its iptables. policy-rc.d keeps
#     the packages' scripts from starting one, and a stand-in dockerd first in PATH records any attempt;
#   - the programs, `docker nsenter`, the man page and the bash completion work there; `ninja -C build uninstall`
#     removes every file the demo installed;
#   - the README's package build: `apt-get build-dep ./` installs all dpkg-buildpackage needs, and the package
#     installs.
# What the demo downloaded and installed is printed. The fresh root is kept as a tarball in /var/cache/docker-nsenter
# (DOCKER_NSENTER_CACHE) for the next run and made afresh when there is none or it does not unpack;
# DOCKER_NSENTER_FRESH_ROOT=1 ignores it.

src=${SOURCE_ROOT:?SOURCE_ROOT must name the source tree}
# shellcheck source=tests/system/tree.sh
. "$src/tests/system/tree.sh"
version=${PROJECT_VERSION:?PROJECT_VERSION must name the project version}
SUITE=bookworm
cache_dir=${DOCKER_NSENTER_CACHE:-/var/cache/docker-nsenter}
cache=$cache_dir/$SUITE-$(dpkg --print-architecture)-root.tar
root=$(mktemp -d /tmp/nsit-newcomer.XXXXXX)
chmod 755 "$root"
checkout=/root/docker-nsenter

remove_root() {
	if grep -q " ${root}[/ ]" /proc/self/mountinfo; then
		echo "# something is still mounted under $root; it is left in place" >&2
		return
	fi
	rm -rf --one-file-system "$root"
}
trap 'remove_root; cleanup' EXIT
trap 'exit 143' TERM INT

# in_root COMMAND...: COMMAND as root in the fresh root, as a root login has it, with proc, the host's /sys (its
# cgroup hierarchies: unit tests make a cgroup) and tmpfs on /run, /tmp and /dev/shm, all in a mount namespace of its
# own, and in a PID namespace of its own. The root is entered with pivot_root, not chroot: the kernel refuses a user
# namespace to a chrooted process, and unit tests make one.
in_root() {
	timeout 1200 unshare --mount --pid --fork --kill-child --propagation private bash -c '
		set -e
		r=$1
		shift
		mount --bind "$r" "$r"
		mount -t proc proc "$r/proc"
		mount --rbind /sys "$r/sys"
		for d in run tmp dev/shm; do mount -t tmpfs tmpfs "$r/$d"; done
		mkdir "$r/run/lock"
		cd "$r"
		pivot_root . mnt
		umount -l /mnt
		exec /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"' in-root "$root" "$@"
}

# in_checkout SHELL-COMMAND: SHELL-COMMAND in the checkout, in the root.
in_checkout() {
	in_root sh -c "cd $checkout && $1"
}

# installed: the packages installed in the root, "NAME SIZE-KiB" a line, sorted.
installed() {
	in_root dpkg-query -W -f '${db:Status-Abbrev} ${Package} ${Installed-Size}\n' | awk '$1 == "ii" {print $2, $3}' |
		sort
}

# readme_group GROUP: the packages the README's Dependencies table lists for GROUP.
readme_group() {
	awk -F'|' -v g="$1" '$2 ~ "^ *" g " *$" { gsub(/`/, "", $3); print $3 }' "$src/README.md" | xargs
}

make_root() {
	if [ "${DOCKER_NSENTER_FRESH_ROOT:-}" != 1 ] && [ -s "$cache" ]; then
		if tar -C "$root" --numeric-owner -xpf "$cache" 2>"$BATS_TMP/untar.log"; then
			echo "# the fresh root comes from $cache"
			return 0
		fi
		echo "# $cache does not unpack ($(tail -n 1 "$BATS_TMP/untar.log")); making the root afresh"
		rm -f "$cache"
		rm -rf --one-file-system "$root"
		mkdir "$root"
	fi
	local t0=$SECONDS
	# debootstrap mounts proc and sys in the root while it works: in a mount namespace of its own, they never
	# reach the host's mount table, even when it fails half-way.
	step "debootstrap makes a fresh $SUITE root from $mirror" "$BATS_TMP/debootstrap.log" \
		timeout 1500 unshare --mount --propagation private debootstrap "$SUITE" "$root" "$mirror" || return 1
	echo "# debootstrap took $((SECONDS - t0)) s"
	in_root apt-get clean
	mkdir -p "$cache_dir"
	if tar -C "$root" --numeric-owner -cpf "$cache.$$" . && mv "$cache.$$" "$cache"; then
		echo "# kept in $cache for the next run"
	else
		rm -f "$cache.$$"
	fi
}

# prepare_root: the host's resolver and Debian sources (as a Debian 12 installer writes them: the release, its
# updates and security), the checkout, policy-rc.d refusing every service start, and a stand-in dockerd.
prepare_root() {
	rm -f "$root/etc/resolv.conf"
	cat /etc/resolv.conf >"$root/etc/resolv.conf"
	apt-get indextargets --format '$(TARGET_OF) $(REPO_URI) $(RELEASE) $(COMPONENT)' |
		awk -v s="$SUITE" '$1 == "deb" && $3 ~ "^" s "(-updates|-security)?$"' | sort -u >"$root/etc/apt/sources.list"
	printf '#!/bin/sh\n# a chroot of the newcomer test: no service starts here\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	printf '#!/bin/sh\necho "$0 $*" >>/root/dockerd-ran\nexit 1\n' >"$root/usr/local/sbin/dockerd"
	chmod 755 "$root/usr/sbin/policy-rc.d" "$root/usr/local/sbin/dockerd"
	copy_tree "$src" "$root$checkout"
}

mirror=$(apt-get indextargets --format '$(TARGET_OF) $(RELEASE) $(REPO_URI)' |
	awk -v s="$SUITE" '$1 == "deb" && $2 == s { print $3; exit }')
docker0_before=$(ip -o addr show dev docker0 2>/dev/null)

newcomer() {
	if [ -z "$mirror" ]; then
		fail "the host's apt names a Debian mirror for $SUITE" "$(apt-get indextargets --format '$(URI)')"
		return
	fi
	# ---- the README's lists are deps.sh's ----
	local group
	for group in build run test fuzz; do
		check "the README's $group packages are scripts/deps.sh's" "$("$src/scripts/deps.sh" --print "$group")" \
			"$(readme_group "$group")"
	done

	make_root || return
	prepare_root
	step "apt-get update in the fresh root" "$BATS_TMP/update.log" in_root apt-get -q update || return
	installed >"$BATS_TMP/fresh.pkgs"

	local build run required
	build=$(readme_group build)
	run=$(readme_group run)
	required=$(tr ' ' '\n' <<<"$build" | grep -vx scdoc | xargs)

	# ---- the build needs nothing beyond the documented list ----
	# shellcheck disable=SC2086
	step "the README's build packages without scdoc install" "$BATS_TMP/required.log" \
		in_root apt-get install -y -q --no-install-recommends $required || return
	step "they build the tree and pass the suites that need no daemon (README: Tests without a daemon)" \
		"$BATS_TMP/build-min.log" in_checkout \
		'meson setup build-min && ninja -C build-min && meson test -C build-min --suite unit --suite fuzz-regress'
	check_match "  ... without scdoc, meson renders no man page" "Program scdoc found: NO" "$(cat "$BATS_TMP/build-min.log")"
	check "  ... and none is built" "" "$(ls "$root$checkout/build-min/man/"*.1 2>/dev/null)"

	# ---- a half-made build directory ----
	check_status "meson setup build -Dman=enabled fails without scdoc" 1 in_checkout 'meson setup build -Dman=enabled'
	check_match "  ... naming scdoc" "Program 'scdoc' not found" "$OUT$ERR"
	check_status "  ... and leaves build/ that meson itself cannot reconfigure" 1 \
		in_checkout 'meson setup --reconfigure build'
	check_match "  ... (meson: not a valid build tree)" "does not contain a valid build tree" "$OUT$ERR"

	# ---- without root, deps.sh names the apt-get line ----
	local p want=()
	installed >"$BATS_TMP/required.pkgs"
	for p in $build $run; do
		grep -q "^$p " "$BATS_TMP/required.pkgs" || want+=("$p")
	done
	check_status "scripts/deps.sh build run, as a user, fails" 1 in_root sh -c \
		"cp $checkout/scripts/deps.sh /tmp/ && setpriv --reuid=65534 --regid=65534 --clear-groups /tmp/deps.sh build run"
	check "  ... naming the exact apt-get line for the ${#want[@]} missing packages" \
		"  apt-get install --no-install-recommends ${want[*]}" "$(tail -n 1 <<<"$ERR")"

	# ---- the README's first command, up to the daemon ----
	local t0=$SECONDS
	(cd "$root/usr/local" && find . ! -type d | sort) >"$BATS_TMP/usr-local.before"
	step "DOCKER_NSENTER_DEMO_NO_DAEMON=1 scripts/demo.sh exits 0" "$BATS_TMP/demo.log" in_checkout \
		'DOCKER_NSENTER_DEMO_NO_DAEMON=1 scripts/demo.sh; st=$?
		echo "processes at its end: $(cat /proc/[0-9]*/comm | sort -u | xargs)"; exit $st'
	echo "# the demo took $((SECONDS - t0)) s"
	local demo
	demo=$(cat "$BATS_TMP/demo.log")
	check_match "  ... set the half-made build/ up afresh" "build is left from a meson setup that did not finish" "$demo"
	check_match "  ... showed apt's progress" $'deps.sh: installing [0-9]+ packages.*\nGet:1 .*Unpacking .*Setting up ' \
		"$demo"
	check_match "  ... stopped before the Docker daemon" "stopping before the Docker daemon" "$demo"
	check "  ... and started none" "" "$(grep -E '^processes at its end: .*(dockerd|containerd)' <<<"$demo")$(
		cat "$root/root/dockerd-ran" 2>/dev/null)"
	installed >"$BATS_TMP/demo.pkgs"
	local missing=()
	for p in $build $run; do
		grep -q "^$p " "$BATS_TMP/demo.pkgs" || missing+=("$p")
	done
	check "every build and run package is installed" "" "${missing[*]}"
	# A test package may be there only as what a build or run package depends on (python3 for meson).
	local closure extra=()
	# shellcheck disable=SC2086
	closure=$(in_root apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
		--no-replaces --no-enhances $build $run | grep -v '^ ' | sort -u)
	for p in $("$src/scripts/deps.sh" --print test fuzz); do
		if grep -q "^$p " "$BATS_TMP/demo.pkgs" && ! grep -q "^$p " "$BATS_TMP/fresh.pkgs" && ! grep -qx "$p" <<<"$closure"
		then
			extra+=("$p")
		fi
	done
	check "the demo installed no package of the tests' own" "" "${extra[*]}"

	local n_pkgs kib bytes
	n_pkgs=$(comm -13 <(cut -d' ' -f1 "$BATS_TMP/fresh.pkgs") <(cut -d' ' -f1 "$BATS_TMP/demo.pkgs") | wc -l)
	kib=$(awk 'NR == FNR { fresh[$1] = 1; next } !($1 in fresh) { s += $2 } END { print s + 0 }' \
		"$BATS_TMP/fresh.pkgs" "$BATS_TMP/demo.pkgs")
	bytes=$(find "$root/var/cache/apt/archives" -name '*.deb' -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
	echo "# build + run from the fresh root: $n_pkgs new packages, $((bytes / 1000000)) MB downloaded," \
		"$((kib * 1024 / 1000000)) MB installed"
	# shellcheck disable=SC2046
	echo "# the tests would add: $(in_root apt-get install --no-install-recommends --assume-no \
		$("$src/scripts/deps.sh" --print test) 2>/dev/null | grep -E 'newly installed|Need to get|After this' | xargs)"

	# ---- what the demo installed ----
	check_match "/usr/local/bin/docker-nsenter is a relative link" '^\.\./libexec/docker/cli-plugins/docker-nsenter$' \
		"$(readlink "$root/usr/local/bin/docker-nsenter")"
	check_status "docker-nsenter --version runs, found in PATH" 0 in_root docker-nsenter --version
	check "  ... and is this version" "docker-nsenter $version" "$OUT"
	check_status "docker nsenter --version: docker.io's client finds the plugin" 0 in_root docker nsenter --version
	check_match "  ... and runs it" "docker-nsenter $version" "$OUT"
	check_status "man finds the man page" 0 in_root man -w docker-nsenter
	check "  ... the one installed into /usr/local" "/usr/local/share/man/man1/docker-nsenter.1" \
		"$(in_root readlink -f "$OUT")"
	check_match "  ... and renders it" "docker-nsenter - run a program in the namespaces" \
		"$(in_root env MANPAGER=cat MANWIDTH=100 man docker-nsenter 2>&1)"
	# extdebug makes declare -F name the file that defined the function.
	check "bash-completion loads the completion installed into /usr/local" \
		"/usr/local/share/bash-completion/completions/docker-nsenter" \
		"$(in_root bash --norc --noprofile -c '. /usr/share/bash-completion/bash_completion
			__load_completion docker-nsenter; shopt -s extdebug; declare -F _docker_ns_complete' 2>&1 |
			cut -d' ' -f3-)"

	# ---- the README's uninstall ----
	step "ninja -C build uninstall" "$BATS_TMP/uninstall.log" in_checkout 'ninja -C build uninstall'
	check "  ... removes every file the demo installed into /usr/local" "$(cat "$BATS_TMP/usr-local.before")" \
		"$(cd "$root/usr/local" && find . ! -type d | sort)"

	# ---- the README's Debian package: its build needs nothing debian/control does not name ----
	local deb
	deb=docker-nsenter_${version}_$(dpkg --print-architecture).deb
	step "apt-get build-dep ./ installs what the package build needs" "$BATS_TMP/build-dep.log" \
		in_checkout 'apt-get -q -y build-dep ./' || return
	step "  ... and dpkg-buildpackage -b -us -uc builds the package with that" "$BATS_TMP/dpkg-buildpackage.log" \
		in_checkout 'dpkg-buildpackage -b -us -uc' || return
	step "apt-get install ../$deb" "$BATS_TMP/install-deb.log" in_checkout "apt-get -q -y install ../$deb" || return
	check_status "  ... and docker nsenter runs the package's plugin" 0 in_root docker nsenter --version
	check_match "  ... of this version" "docker-nsenter $version" "$OUT"
}

newcomer
check "the host's docker0 is as it was" "$docker0_before" "$(ip -o addr show dev docker0 2>/dev/null)"
check "nothing of the root is mounted on the host" "" "$(grep " ${root}[/ ]" /proc/self/mountinfo)"
