#!/usr/bin/env bash
# How much a mid-week re-plan changes, against a fresh solve of the same changed week: solves SCENARIO, then
# drops the given members with `cmatch replan` (untouched tasks held) and with `cmatch replan
# --from-scratch` (nothing pinned), and prints `cmatch compare` of the three plans (its churn rows count the
# assignments added, removed and moved against the original plan). Without members it drops the three
# serving members with the most hours (ties by id).
#
#   tools/replan_churn.sh SCENARIO [TIME_LIMIT] [MEMBER…]
#   tools/replan_churn.sh scenarios/nanguan-street 20
set -euo pipefail
scenario=${1:?scenario folder}
limit=${2:-20}
shift $(( $# >= 2 ? 2 : 1 ))
bin=${CMATCH:-.build/debug/cmatch}
[ -x "$bin" ] || { echo "no $bin: run swift build --product cmatch" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin" solve "$scenario" -o "$out/original" --time-limit "$limit" --quiet
members=("$@")
if [ ${#members[@]} -eq 0 ]; then
    mapfile -t members < <(awk -F, 'NR > 1 { h[$4] += $9 } END { for (m in h) print h[m], m }' "$out/original/assignments.csv" \
        | sort -k1,1gr -k2,2 | head -3 | cut -d' ' -f2)
fi
echo "dropping ${members[*]} (time limit $limit s per solve)"
SECONDS=0
"$bin" replan "$out/original" --drop-member "${members[@]}" -o "$out/replan" --time-limit "$limit" --lang en > "$out/replan.txt"
head -3 "$out/replan.txt"
echo "replan wall ${SECONDS} s"
SECONDS=0
"$bin" replan "$out/original" --drop-member "${members[@]}" -o "$out/scratch" --time-limit "$limit" --from-scratch --lang en > "$out/scratch.txt"
head -1 "$out/scratch.txt"
echo "from-scratch wall ${SECONDS} s"
"$bin" compare "$out/original" "$out/replan" "$out/scratch" | grep -E '^(KPI|value covered|tasks covered|travel minutes|assignments|churn)'
