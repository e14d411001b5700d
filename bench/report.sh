#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Turn the summaries bench/run.sh wrote into OUT into the markdown tables of BENCHMARKS.md.
#   bench/report.sh OUT
set -euo pipefail
out=$1

# value NAME COLUMN FILE: a column of a summary line (1-based, the name is column 1)
value() { awk -F'\t' -v n="$1" -v c="$2" '$1 == n { print $c }' "$3"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
# paired NAME_A NAME_B: the median over rounds of A/B within the same round (robust to drifting load)
paired() {
	awk -F'\t' -v a="$1" -v b="$2" '!/^#/ && $7 == 0 { t[$1 "," $2] = $3; r[$1] = 1 }
		END { for (i in r) if ((i "," a) in t && (i "," b) in t) print t[i "," a] / t[i "," b] }' \
		"$out/interleaved.raw.tsv" | sort -g | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f", m }'
}
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t ? "met" : "**missed**") }'; }

i=$out/interleaved.tsv
echo "### Machine"
echo
cat "$out/machine.md"
echo
echo "### One interleaved run ($(value docker-nsenter 2 "$i") rounds, wall time in ms)"
echo
echo "| command | median | p90 | mean | min | peak RSS (KiB, median / max) | failures |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
awk -F'\t' '!/^#/ { printf "| %s | %.2f | %.2f | %.2f | %.2f | %d / %d | %d |\n", $1, $3, $4, $5, $6, $10, $11, $12 }' "$i"
echo

dn=$(value docker-nsenter 3 "$i")
dn90=$(value docker-nsenter 4 "$i")
ns=$(value nsenter-pid 3 "$i")
ns90=$(value nsenter-pid 4 "$i")
ex=$(value docker-exec 3 "$i")
ex90=$(value docker-exec 4 "$i")
rb=$(value runbook 3 "$i")
d20=$(value docker20-nsenter 3 "$i")
e20=$(value docker20-exec 3 "$i")
d28=$(value docker28-nsenter 3 "$i")
e28=$(value docker28-exec 3 "$i")
rdn=$(value docker-nsenter 10 "$i")
rns=$(value nsenter-pid 10 "$i")
cdm=$(value containerd-moby 3 "$i")
cdm90=$(value containerd-moby 4 "$i")
r1=$(ratio "$dn" "$ns")
r2=$(ratio "$dn" "$ex")
r3=$(ratio "$d20" "$e20")
r4=$(ratio "$d28" "$e28")
dmem=$((rdn - rns))

echo "### Targets"
echo
echo "Ratios of medians; in brackets the ratio of p90s and the paired ratio (median over rounds of the two"
echo "commands' ratio within one round). The verdict goes by the ratio of medians."
echo
echo "| target | measured | verdict |"
echo "| --- | --- | --- |"
echo "| docker-nsenter <= 1.5x nsenter with the PID known | ${r1}x (p90 $(ratio "$dn90" "$ns90")x, paired $(paired docker-nsenter nsenter-pid)x) | $(verdict "$r1" 1.5) |"
echo "| containerd://moby/ID (dockerd's containerd, gRPC) <= 1.5x nsenter with the PID known | $(ratio "$cdm" "$ns")x (p90 $(ratio "$cdm90" "$ns90")x, paired $(paired containerd-moby nsenter-pid)x) | $(verdict "$(ratio "$cdm" "$ns")" 1.5) |"
echo "| docker-nsenter <= 0.1x docker exec | ${r2}x (p90 $(ratio "$dn90" "$ex90")x, paired $(paired docker-nsenter docker-exec)x) | $(verdict "$r2" 0.1) |"
echo "| docker nsenter (client 20.10) <= 0.6x docker exec (20.10) | ${r3}x (paired $(paired docker20-nsenter docker20-exec)x) | $(verdict "$r3" 0.6) |"
echo "| docker nsenter (client 28) <= 0.6x docker exec (28) | ${r4}x (paired $(paired docker28-nsenter docker28-exec)x) | $(verdict "$r4" 0.6) |"
echo "| peak RSS within 2 MiB of nsenter | ${dmem} KiB ($rdn vs $rns) | $(verdict "${dmem#-}" 2048) |"
c=$out/complete.tsv
[ -f "$c" ] || { echo; exit 0; }
cm=$(value docker-nsenter-complete 3 "$c")
cu=$(value docker-nsenter-complete-uncached 3 "$c")
cw=$(value docker-nsenter-complete-word 3 "$c")
dl=$(value daemon-list-only 3 "$c")
read -r word nword <"$out/complete.word"
echo "| completion < 50 ms with $(cat "$out/complete.containers") running containers (cache proved current) | $cm ms (p90 $(value docker-nsenter-complete 4 "$c")) | $(verdict "$cm" 50) |"
echo "| the same, a typed prefix, no cache ($nword of them match \`$word\`) | $cw ms (p90 $(value docker-nsenter-complete-word 4 "$c")) | $(verdict "$cw" 50) |"
echo "| the same, every container, no cache (dockerd alone: $dl ms) | $cu ms (p90 $(value docker-nsenter-complete-uncached 4 "$c")) | $(verdict "$cu" 50) |"
echo
echo "For reference: docker-nsenter is $(ratio "$dn" "$rb")x the runbook line and $(ratio "$dn" "$(value docker28-exec 3 "$i")")x"
echo "docker exec of client 28; the runbook line is $(ratio "$rb" "$ns")x the floor."
echo
echo "### Completion ($(cat "$out/complete.containers") running containers, $(value docker-nsenter-complete 2 "$c") interleaved rounds, ms)"
echo
echo "| command | median | p90 | min | max | peak RSS (KiB) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
awk -F'\t' '!/^#/ { printf "| %s | %.2f | %.2f | %.2f | %.2f | %d |\n", $1, $3, $4, $6, $7, $10 }' "$c"
echo
echo "### At once (wall time from the first spawn to the last exit, ms)"
echo
echo "| command | count | repeats | total (median) | total (max) | slowest single (median) | failed |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
awk -F'\t' '!/^#/ { printf "| %s | %d | %d | %.1f | %.1f | %.1f | %d |\n", $1, $2, $3, $4, $5, $6, $7 }' "$out/parallel.tsv"
