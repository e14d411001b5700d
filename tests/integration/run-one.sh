#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Run one integration test file with the helpers of lib.sh loaded; its exit status is the verdict.
set -uo pipefail
here=$(dirname "$(readlink -f "$0")")
# shellcheck source=tests/integration/lib.sh
. "$here/lib.sh"
# shellcheck disable=SC1090
. "$1"
finish
