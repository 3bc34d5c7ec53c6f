#!/usr/bin/env bash
# Solves a scenario twice, the second time beside a busy machine (one spinning process per core), and
# compares the two plan folders byte for byte: every file but summary.json, and summary.json without its
# timings. With the default work budget the plans must be identical; a level stopped by the --time-limit
# safety net is the only way they may differ, and the solve's output then says so.
#
#   tools/twice_under_load.sh [CMATCH] SCENARIO [solve options…]
#   tools/twice_under_load.sh .build/release/cmatch scenarios/nanguan-street
set -euo pipefail
cmatch=${1:?usage: tools/twice_under_load.sh [CMATCH] SCENARIO [solve options…]}
if [ -d "$cmatch" ]; then scenario=$cmatch; cmatch=.build/release/cmatch; shift; else scenario=${2:?scenario}; shift 2; fi
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

run() {  # $1: plan folder, then solve options
    local plan=$1 t0 t1
    shift
    t0=$(date +%s.%N)
    "$cmatch" solve "$scenario" -o "$plan" "$@" >"$plan.out" 2>&1 || { cat "$plan.out"; exit 1; }
    t1=$(date +%s.%N)
    printf '%s: %.1f s wall, load %s\n' "$(basename "$plan")" "$(echo "$t1 - $t0" | bc)" "$(cut -d' ' -f1 /proc/loadavg)"
}

run "$work/quiet" "$@"
for _ in $(seq "$(nproc)"); do (while :; do :; done) & done
run "$work/busy" "$@"
kill $(jobs -p) 2>/dev/null || true

same=1
for f in assignments.csv resources.csv unmet.csv units.csv plan.json; do
    if cmp -s "$work/quiet/$f" "$work/busy/$f"; then echo "$f: identical"; else echo "$f: DIFFERS"; same=0; fi
done
strip() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("timings_seconds",None); print(json.dumps(d,sort_keys=True))' "$1"; }
if [ "$(strip "$work/quiet/summary.json")" = "$(strip "$work/busy/summary.json")" ]; then
    echo "summary.json (timings aside): identical"
else
    echo "summary.json (timings aside): DIFFERS"; same=0
fi
grep -h "—" "$work/quiet.out" | sed 's/^/quiet: /'
grep -h "—" "$work/busy.out" | sed 's/^/busy:  /'
[ "$same" = 1 ] && echo "the same plan twice" || { echo "the plans differ"; exit 1; }
