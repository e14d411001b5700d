# SPDX-License-Identifier: Apache-2.0
# The README's runbooks, sourced by the tests that run them: README names the file, runbook_text NAME prints the sh
# block right after the marker `<!-- runbook: NAME -->`, or returns 1.

README=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../README.md

runbook_text() {
	awk -v want="<!-- runbook: $1 -->" '
		$0 == want { state = 1; next }
		state == 1 && $0 == "```sh" { state = 2; next }
		state == 1 { exit }
		state == 2 && $0 == "```" { done = 1; exit }
		state == 2 { print }
		END { exit !done }
	' "$README"
}
