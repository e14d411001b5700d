# SPDX-License-Identifier: Apache-2.0
# meson install: nothing outside the prefix, the plugin where docker looks for it, the relative link in bindir, and
# -Dcli_plugins_dir moving the plugin; docker finds and runs the installed copy.

build=${BUILD_ROOT:?BUILD_ROOT must name the build directory}

# option BUILDDIR NAME: the value of a build option.
option() {
	meson introspect "$1" --buildoptions |
		python3 -c 'import json, sys; print({o["name"]: o["value"] for o in json.load(sys.stdin)}[sys.argv[1]])' "$2"
}

# links_outside DEST PREFIX: the links installed in DEST whose target, as seen once installed, is not under PREFIX.
links_outside() {
	local l t
	(cd "$1" && find . -type l) | while read -r l; do
		t=$(readlink "$1/$l")
		[[ $t == /* ]] || t=$(realpath -ms "$(dirname "${l#.}")/$t")
		[[ $t == "$2"/* ]] || echo "${l#.} -> $t"
	done
}

# check_install NAME BUILDDIR DEST EXPECTED-PLUGIN-DIR: install BUILDDIR into DEST and check where things went.
check_install() {
	local name=$1 dir=$2 dest=$3 want=$4 prefix outside link
	prefix=$(option "$dir" prefix)
	check_status "$name: meson install --destdir exits 0" 0 meson install -C "$dir" --destdir "$dest" --no-rebuild --quiet
	outside=$(cd "$dest" && find . -mindepth 1 \( -type f -o -type l \) ! -path ".$prefix/*")
	check "$name: every installed file lies under $prefix" "" "$outside"
	check "$name: every installed link points under $prefix" "" "$(links_outside "$dest" "$prefix")"
	[ -f "$dest$want/docker-nsenter" ] && [ -x "$dest$want/docker-nsenter" ] &&
		pass "$name: the plugin is $want/docker-nsenter" ||
		fail "$name: the plugin is $want/docker-nsenter" "$(cd "$dest" && find . -name docker-nsenter)"
	link=$dest$prefix/$(option "$dir" bindir)/docker-nsenter
	[ -L "$link" ] && pass "$name: bindir holds a link" || fail "$name: bindir holds a link" "$link"
	check_match "$name: the link is relative, so it holds in a staged install" '^[^/]' "$(readlink "$link")"
	check "$name: the link, staged, reaches the staged plugin" "$dest$want/docker-nsenter" "$(readlink -f "$link")"
}

dest=$BATS_TMP/dest
prefix=$(option "$build" prefix)
plugin_dir=$(option "$build" cli_plugins_dir)
[ -n "$plugin_dir" ] || plugin_dir=$(option "$build" libexecdir)/docker/cli-plugins
[[ $plugin_dir == /* ]] || plugin_dir=$prefix/$plugin_dir
check "the default plugin directory is where docker looks under the prefix" "$prefix/libexec/docker/cli-plugins" \
	"$plugin_dir"
check_install "this build" "$build" "$dest" "$plugin_dir"

installed=$dest$plugin_dir/docker-nsenter
check_status "the installed plugin runs" 0 "$installed" --version
check_status "the installed plugin answers docker's metadata query" 0 "$installed" docker-cli-plugin-metadata
check_match "the metadata is a plugin's" '"SchemaVersion": *"0\.1\.0"' "$OUT"

# docker runs the installed copy when cliPluginsExtraDirs names its directory.
web=$(start install)
mkdir -p "$BATS_TMP/config"
printf '{"cliPluginsExtraDirs": ["%s"]}\n' "$dest$plugin_dir" >"$BATS_TMP/config/config.json"
for client in /usr/bin/docker /usr/local/bin/docker; do
	[ -x "$client" ] || continue
	check "$client finds the installed plugin" "nsenter $installed" \
		"$(DOCKER_CONFIG=$BATS_TMP/config "$client" info --format \
			'{{range .ClientInfo.Plugins}}{{.Name}} {{.Path}}{{"\n"}}{{end}}' | grep '^nsenter ')"
	check_status "$client nsenter runs the installed plugin" 0 \
		env DOCKER_CONFIG="$BATS_TMP/config" "$client" nsenter "$web" -u hostname
	check "$client nsenter reaches the container" "$(docker exec "$web" hostname)" "$OUT"
done

# -Dcli_plugins_dir, relative to the prefix or absolute, in throwaway build dirs of the same source.
src=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["directories"]["source"])' \
	"$build/meson-info/meson-info.json")
moved=$BATS_TMP/build-moved
if meson setup "$moved" "$src" --prefix "$prefix" -Dtests=false -Dcli_plugins_dir=lib/docker/cli-plugins \
	>"$BATS_TMP/setup.log" 2>&1 && ninja -C "$moved" >"$BATS_TMP/ninja.log" 2>&1; then
	pass "a build with -Dcli_plugins_dir=lib/docker/cli-plugins"
	check_install "-Dcli_plugins_dir=lib/docker/cli-plugins" "$moved" "$BATS_TMP/dest-moved" \
		"$prefix/lib/docker/cli-plugins"
	check "nothing is left in the default directory" "" \
		"$(find "$BATS_TMP/dest-moved$prefix" -path '*/libexec/*' -name 'docker-nsenter')"
else
	fail "a build with -Dcli_plugins_dir=lib/docker/cli-plugins" "$(tail -5 "$BATS_TMP/setup.log" "$BATS_TMP/ninja.log")"
fi
absolute=$BATS_TMP/build-absolute
if meson setup "$absolute" "$src" --prefix /opt/nsit -Dtests=false -Dcli_plugins_dir=/opt/nsit/plugins \
	>"$BATS_TMP/setup.log" 2>&1; then
	check "an absolute -Dcli_plugins_dir is where the plugin goes" "/opt/nsit/plugins/docker-nsenter" \
		"$(meson introspect "$absolute" --installed | python3 -c 'import json, sys
print("\n".join(v for k, v in json.load(sys.stdin).items() if k.endswith("/plugin/docker-nsenter")))')"
else
	fail "a build with an absolute -Dcli_plugins_dir" "$(tail -5 "$BATS_TMP/setup.log")"
fi
