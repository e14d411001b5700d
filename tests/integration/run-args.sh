# SPDX-License-Identifier: Apache-2.0
# Sourced by lib.sh and rootless-env.sh: the arguments of their container starters, split as `docker run` takes them.

# run_args_split [OPTIONS...] [-- COMMAND...]: RUN_OPTS are the options, RUN_CMD the command (sleep 100000 if none).
run_args_split() {
	RUN_OPTS=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		RUN_OPTS+=("$1")
		shift
	done
	[ "${1:-}" = "--" ] && shift
	RUN_CMD=("$@")
	[ ${#RUN_CMD[@]} -eq 0 ] && RUN_CMD=(sleep 100000)
	return 0
}
