# SPDX-License-Identifier: Apache-2.0
# The Debian package as an operator meets it. `dpkg-buildpackage -b -us -uc` builds it from a copy of this tree;
# lintian finds no error and no warning in it or in its source package; its fields and files are those the README
# names. Installed on this machine it answers from its own files: docker-nsenter --version, `docker nsenter` through
# both docker clients (whose `docker info` names the package's plugin) entering a container, man docker-nsenter, and
# the completions where bash-completion and zsh look them up. An install from the checkout may have put copies in
# /usr/local, which docker, man, bash and zsh would find first: the checks run in a mount namespace of their own that
# hides them, with an empty HOME and DOCKER_CONFIG. Purged, the package leaves nothing behind.

src=${SOURCE_ROOT:?SOURCE_ROOT must name the source tree}
version=${PROJECT_VERSION:?PROJECT_VERSION must name the project version}
# shellcheck source=tests/system/tree.sh
. "$src/tests/system/tree.sh"
PKG=docker-nsenter
PLUGINS=/usr/libexec/docker/cli-plugins
CLIENTS=(/usr/bin/docker /usr/local/bin/docker)
work=$BATS_TMP/pkg
deb=$work/${PKG}_${version}_$(dpkg --print-architecture).deb
home=$BATS_TMP/home
apt=(apt-get -q -o DPkg::Lock::Timeout=600)

# dpkg_state: dpkg's state of the package ("ii", "rc", ...), empty when dpkg does not know it.
dpkg_state() {
	dpkg-query -W -f '${db:Status-Abbrev}' "$PKG" 2>/dev/null | tr -d ' ' | grep -vx un
}
is_installed() {
	[ -n "$(dpkg_state)" ]
}
trap 'is_installed && "${apt[@]}" purge -y "$PKG" >/dev/null 2>&1; cleanup' EXIT
trap 'exit 143' TERM INT

# as_packaged COMMAND...: COMMAND with what an install from the checkout put under /usr/local hidden (empty read-only
# tmpfs over those directories, in a mount namespace of its own), an empty HOME and DOCKER_CONFIG, and no XDG paths.
as_packaged() {
	unshare --mount --propagation private bash -c '
		for d in /usr/local/libexec/docker/cli-plugins /usr/local/lib/docker/cli-plugins /usr/local/share/man \
			/usr/local/share/bash-completion /usr/local/share/zsh/site-functions; do
			if [ -d "$d" ] && [ ! -L "$d" ]; then mount -t tmpfs -o ro,size=16k tmpfs "$d" || exit 125; fi
		done
		exec env -u XDG_DATA_DIRS -u XDG_DATA_HOME -u BASH_COMPLETION_USER_DIR HOME="$1" DOCKER_CONFIG="$1/docker" \
			"${@:2}"' as-packaged "$home" "$@"
}

build_package() {
	check "debian/changelog's version is the project's" "$version" \
		"$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)"
	copy_tree "$src" "$work/$PKG-$version"
	check_status "apt-get build-dep ./ (the README's first step) resolves the build's needs" 0 \
		sh -c "cd '$work/$PKG-$version' && apt-get build-dep -s ./"
	step "dpkg-source -b makes the source package" "$work/source.log" \
		sh -c "cd '$work' && dpkg-source -b '$PKG-$version'" || return 1
	step "dpkg-buildpackage -b -us -uc builds the package" "$work/build.log" \
		sh -c "cd '$work/$PKG-$version' && dpkg-buildpackage -b -us -uc" || return 1
	check_match "  ... running the unit and fuzz-regress suites" "meson test --suite unit --suite fuzz-regress" \
		"$(cat "$work/build.log")"
	local lint st
	lint=$(cd "$work" && lintian --fail-on error,warning ./*.changes ./*.dsc 2>&1)
	st=$?
	check "lintian: no error and no warning in the package or its source" "0|" \
		"$st|$(grep -v 'running with root privileges is not recommended' <<<"$lint")"
}

check_fields() {
	check "Package" "$PKG" "$(dpkg-deb -f "$deb" Package)"
	check "Enhances: both docker clients' packages" "docker-ce-cli, docker.io" "$(dpkg-deb -f "$deb" Enhances)"
	check "Built-Using: json-c, nghttp2 and protobuf-c, which it links statically" \
		"$(dpkg-query -W -f '${source:Package} (= ${source:Version}), ' libjson-c-dev libnghttp2-dev libprotobuf-c-dev |
			sed 's/, $//')" "$(dpkg-deb -f "$deb" Built-Using)"
	check_match "Depends: the C library" "(^|, )libc6 " "$(dpkg-deb -f "$deb" Depends)"
	rm -rf "$work/x"
	dpkg-deb -x "$deb" "$work/x"
	check "its files, where Debian's docker, man, bash-completion and zsh look" \
		"/usr/bin/docker-nsenter -> ../libexec/docker/cli-plugins/docker-nsenter
/usr/bin/docker-nsmount -> ../libexec/docker/cli-plugins/docker-nsmount
$PLUGINS/docker-nsenter
$PLUGINS/docker-nsmount
/usr/share/bash-completion/completions/docker-nsenter
/usr/share/bash-completion/completions/docker-nsmount -> docker-nsenter
/usr/share/doc/docker-nsenter/NOTICE
/usr/share/doc/docker-nsenter/README.md.gz
/usr/share/doc/docker-nsenter/changelog.gz
/usr/share/doc/docker-nsenter/copyright
/usr/share/man/man1/docker-nsenter.1.gz
/usr/share/man/man1/docker-nsmount.1.gz
/usr/share/zsh/vendor-completions/_docker-nsenter" \
		"$(cd "$work/x" && find . ! -type d -printf '%p\n' | sort | while read -r f; do
			if [ -L "$f" ]; then echo "${f#.} -> $(readlink "$f")"; else echo "${f#.}"; fi
		done)"
}

check_installed() {
	local web ours cmd client
	web=$(start package)
	ours=$(find /usr/local/bin /usr/local/libexec /usr/local/lib/docker /usr/local/share/man \
		/usr/local/share/bash-completion /usr/local/share/zsh \( -name 'docker-ns*' -o -name '_docker-nsenter' \) \
		2>/dev/null | paste -sd' ')
	echo "# copies under /usr/local, hidden from the checks: ${ours:-none}"

	check "dpkg -L names the plugin" "$PLUGINS/docker-nsenter" "$(dpkg -L "$PKG" | grep -x "$PLUGINS/docker-nsenter")"
	check "dpkg -S: /usr/bin/docker-nsenter is the package's" "$PKG: /usr/bin/docker-nsenter" \
		"$(dpkg -S /usr/bin/docker-nsenter 2>&1)"
	check "/usr/bin/docker-nsenter leads to the package's plugin" "$PLUGINS/docker-nsenter" \
		"$(readlink -f /usr/bin/docker-nsenter)"
	check "in PATH, docker-nsenter is the package's" "$PLUGINS/docker-nsenter" \
		"$(as_packaged sh -c 'readlink -f "$(command -v docker-nsenter)"')"
	check_status "docker-nsenter --version" 0 as_packaged docker-nsenter --version
	check "  ... is this version" "docker-nsenter $version" "$OUT"

	for client in "${CLIENTS[@]}"; do
		if [ ! -x "$client" ]; then
			fail "$client is there" "the tests run docker nsenter through both /usr/bin/docker and /usr/local/bin/docker"
			continue
		fi
		check "$client info names the package's plugins" "nsenter $PLUGINS/docker-nsenter
nsmount $PLUGINS/docker-nsmount" \
			"$(as_packaged "$client" info --format '{{range .ClientInfo.Plugins}}{{.Name}} {{.Path}}{{"\n"}}{{end}}' |
				grep -E '^ns(enter|mount) ')"
		check_status "$client nsenter --version" 0 as_packaged "$client" nsenter --version
		check_match "  ... is this version" "docker-nsenter $version" "$OUT"
		check_status "$client nsenter enters the container's network namespace" 0 \
			as_packaged "$client" nsenter "$web" --net readlink /proc/self/ns/net
		check "  ... the container's own" "$(ns_of "$(pid_of "$web")" net)" "$OUT"
		check_status "$client nsenter -u hostname" 0 as_packaged "$client" nsenter "$web" -u hostname
		check "  ... names the container's host" "$(docker exec "$web" hostname)" "$OUT"
	done

	for cmd in docker-nsenter docker-nsmount; do
		check "man -w $cmd: the package's page" "/usr/share/man/man1/$cmd.1.gz" "$(as_packaged man -w "$cmd" 2>&1)"
	done
	check_match "man docker-nsenter renders it" "docker-nsenter - run a program in the namespaces" \
		"$(as_packaged env MANPAGER=cat MANWIDTH=100 man docker-nsenter 2>&1)"

	# bash-completion loads completions on first use; extdebug makes declare -F name the file a function came from.
	check "bash-completion loads the package's completion for docker-nsenter" \
		"/usr/share/bash-completion/completions/docker-nsenter" \
		"$(as_packaged bash --norc --noprofile -c '. /usr/share/bash-completion/bash_completion
			__load_completion docker-nsenter; shopt -s extdebug; declare -F _docker_ns_complete' 2>&1 | cut -d' ' -f3-)"
	check_match "  ... and for docker-nsmount" "_docker_ns_complete docker-nsmount$" \
		"$(as_packaged bash --norc --noprofile -c '. /usr/share/bash-completion/bash_completion
			__load_completion docker-nsmount; complete -p docker-nsmount' 2>&1)"
	check "  ... which completes a running container's name" "$web" \
		"$(as_packaged bash --norc --noprofile -c '. /usr/share/bash-completion/bash_completion
			__load_completion docker-nsenter
			COMP_WORDS=(docker-nsenter "$1") COMP_CWORD=1 COMP_LINE="docker-nsenter $1" COMP_POINT=$((15 + ${#1}))
			_docker_ns_complete docker-nsenter "$1" docker-nsenter
			printf "%s\n" "${COMPREPLY[@]}"' complete "${web%?}" 2>&1)"
	check "zsh finds the package's completion first in its fpath" "/usr/share/zsh/vendor-completions/_docker-nsenter" \
		"$(as_packaged zsh -f -c 'print -rl -- ${^fpath}/_docker-nsenter(N)' 2>&1 | head -n 1)"
	check "  ... and compinit binds it to docker-nsenter and docker-nsmount" "_docker-nsenter _docker-nsenter" \
		"$(as_packaged zsh -f -c 'autoload -Uz compinit && compinit -u -D &&
			print -r -- $_comps[docker-nsenter] $_comps[docker-nsmount]' 2>&1)"
}

check_purge() {
	local files leftover=() f
	files=$(dpkg -L "$PKG")
	step "apt-get purge removes it" "$work/purge.log" "${apt[@]}" purge -y "$PKG" || return
	check "dpkg no longer knows it" "" "$(dpkg_state)"
	# What may stay: a directory another package owns too (/usr/bin, /usr/share/man/man1, ...).
	while read -r f; do
		[ -e "$f" ] || [ -L "$f" ] || continue
		[ "$f" = /. ] && continue
		if [ -d "$f" ] && [ ! -L "$f" ] && dpkg -S "$f" >/dev/null 2>&1; then
			continue
		fi
		leftover+=("$f")
	done <<<"$files"
	check "nothing of it is left" "" "${leftover[*]}$(ls /var/lib/dpkg/info/"$PKG".* 2>/dev/null)"
	check "in PATH, docker-nsenter is gone" "" "$(as_packaged sh -c 'command -v docker-nsenter')"
}

package() {
	mkdir -p "$work" "$home/docker"
	# Two runs at once on one machine would install and purge the one package under each other's checks.
	exec {lock}>/run/lock/docker-nsenter-package-test.lock
	if ! flock -w 1200 "$lock"; then
		fail "no other run of this test holds /run/lock/docker-nsenter-package-test.lock for 20 minutes"
		return
	fi
	build_package || return
	check_fields
	if is_installed; then
		echo "# $PKG $(dpkg-query -W -f '${Version}' "$PKG") was installed before this test: it is replaced, then purged"
	fi
	step "apt-get install the package" "$work/install.log" "${apt[@]}" install -y "$deb" || return
	check_installed
	check_purge
}

package
