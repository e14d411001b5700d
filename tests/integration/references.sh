# SPDX-License-Identifier: Apache-2.0
# Container references: name, /name, full ID, unique prefix; unknown, ambiguous and malformed ones.

web=$(start ref)
id=$(docker inspect -f '{{.Id}}' "$web")
want=$(docker inspect -f '{{.Config.Hostname}}' "$web")
check "by name" "$want" "$("$NSENTER" "$web" -u hostname)"
check "by /name" "$want" "$("$NSENTER" "/$web" -u hostname)"
check "by full ID" "$want" "$("$NSENTER" "$id" -u hostname)"
check "by 12-digit prefix" "$want" "$("$NSENTER" "${id:0:12}" -u hostname)"
check "by 4-digit prefix" "$want" "$("$NSENTER" "${id:0:4}" -u hostname)"

check_status "an unknown container fails with 125" 125 "$NSENTER" nsit-no-such-container true
check "an unknown container is named" "docker-nsenter: nsit-no-such-container: no such container" "$ERR"

for bad in "../containers/x" "x?y" "x/json#" "x y" "-" "%2e%2e" ".hidden" "é"; do
	check_status "malformed reference '$bad' is refused" 125 "$NSENTER" -- "$bad" true
	check_match "malformed reference '$bad' says why" "invalid container name" "$ERR"
done
check_status "an empty reference is refused" 125 "$NSENTER" "" true
check_match "an empty reference says so" "empty container name" "$ERR"

# An ambiguous prefix: create containers until two IDs share their first digit.
declare -A first=()
amb=""
for i in $(seq 1 40); do
	c=$(docker create --name "${PREFIX}amb$i" "$IMAGE" true)
	d=${c:0:1}
	if [ -n "${first[$d]:-}" ]; then
		amb=$d
		break
	fi
	first[$d]=$c
done
# Other containers on the host may share the digit too; either way the prefix is ambiguous.
check_status "an ambiguous prefix fails with 125" 125 "$NSENTER" "$amb" true
check_match "an ambiguous prefix says so" "^docker-nsenter: $amb: ambiguous ID prefix" "$ERR"
