#!/usr/bin/env bash
# Times `cmatch solve` as a whole process on one scenario, N runs, with GNU time: wall seconds and peak
# resident memory per run, then the median of each, and each objective level's value and gap from the
# last run's summary.json. Build first: swift build -c release --product cmatch
#
#   tools/bench_solve.sh SCENARIO [RUNS] [extra cmatch solve options…]
#   tools/bench_solve.sh scenarios/nanguan-street 5 --time-limit 60
set -euo pipefail
scenario=${1:?scenario folder}
runs=${2:-5}
shift $(( $# >= 2 ? 2 : 1 ))
bin=${CMATCH:-.build/release/cmatch}
[ -x "$bin" ] || { echo "no $bin: run swift build -c release --product cmatch" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
walls=(); rss=()
for i in $(seq 1 "$runs"); do
    /usr/bin/time -f '%e %M' -o "$out/time" "$bin" solve "$scenario" -o "$out/plan" --quiet "$@"
    read -r wall kb < "$out/time"
    walls+=("$wall"); rss+=("$kb")
    echo "run $i: wall ${wall} s, peak RSS $((kb / 1024)) MiB"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
echo "median wall $(median "${walls[@]}") s, median peak RSS $(( $(median "${rss[@]}" | cut -d. -f1) / 1024 )) MiB over $runs runs"
python3 - "$out/plan/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
for l in s["levels"]:
    print(f'{l["level"]:9} value {l["value"]:.2f}  bound {l["bound"]:.2f}  gap {100 * l["gap"]:.3f} %')
k = s["kpis"]
print(f'needs covered {k["needs_covered"]}, projects run {k["projects_run"]}, status {s["status"]}')
print("timings", {t: round(v, 2) for t, v in s["timings_seconds"].items()})
PY
