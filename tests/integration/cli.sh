# SPDX-License-Identifier: Apache-2.0
# The command line: help, version, usage errors, plugin metadata, daemon endpoint errors.

check_status "--help exits 0" 0 "$NSENTER" --help
check_match "--help lists the options" "--join-cgroup" "$OUT"
check_status "-V exits 0" 0 "$NSENTER" -V
check_match "-V prints the version" "^docker-nsenter [0-9]+\.[0-9]+\.[0-9]+$" "$OUT"
check_status "an unknown option is a usage error" 125 "$NSENTER" --bogus web
check "an unknown option names itself and the help hint" \
	"docker-nsenter: unrecognized option '--bogus'
Try 'docker-nsenter --help' for more information." "$ERR"
check_status "no container is a usage error" 125 "$NSENTER" -n
check_match "no container says so" "no container specified" "$ERR"
check_status "-S needs a number or follow" 125 "$NSENTER" -S nobody web true
check_match "-S error names the argument" "invalid --setuid argument: 'nobody'" "$ERR"
check_status "--as and -S conflict" 125 "$NSENTER" --as app -S 1 web true
check_status "--exec and -e conflict" 125 "$NSENTER" --exec -e web true

check_status "metadata answers" 0 "$NSENTER" docker-cli-plugin-metadata
check_match "metadata has the schema version" '"SchemaVersion": *"0\.1\.0"' "$OUT"
check_match "metadata has a vendor" '"Vendor": *"[^"]+"' "$OUT"

check_status "a dead socket fails with 125" 125 env DOCKER_HOST=unix:///run/nsit-nonexistent.sock "$NSENTER" web true
check_match "a dead socket is named with what to check" \
	"cannot connect to the Docker daemon at unix:///run/nsit-nonexistent.sock: .*is the daemon running" "$ERR"
check_status "tcp endpoints are refused" 125 env DOCKER_HOST=tcp://127.0.0.1:2375 "$NSENTER" web true
check_match "tcp refusal says why" "only unix:// endpoints are supported: namespaces can only be joined on the daemon's own host" "$ERR"
check_status "ssh endpoints are refused" 125 env DOCKER_HOST=ssh://user@host "$NSENTER" web true
