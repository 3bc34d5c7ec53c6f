#!/usr/bin/env bash
# Builds the libFuzzer targets with AddressSanitizer and runs each for SECONDS (default 60), one after the
# other (fuzzing is CPU-bound; two at once on a small machine only halve each).
#
#   tools/fuzz/run.sh [SECONDS] [FuzzCSVReader|FuzzScenarioReader|FuzzWorkbookReader ...]
#
# Seeds are read from tools/fuzz/corpus/TARGET (committed); inputs the fuzzer finds interesting go to
# tools/fuzz/.work/TARGET, and a crash, hang or leak is written to tools/fuzz/.artifacts/TARGET/ (neither is
# committed). Replay one input: tools/fuzz/.build/release/TARGET FILE. See docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-60}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(FuzzCSVReader FuzzScenarioReader FuzzWorkbookReader)

swift build -c release -Xswiftc -sanitize=fuzzer,address

# Swift's own crash handler would compete with the sanitizer's report and slow every crash down.
export SWIFT_BACKTRACE=enable=no
# Leaks count as failures: a reader runs once per file, but the fuzzer runs it millions of times.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
# Known leaks outside our code (Foundation's XML error path), listed with the reason in lsan.supp.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/lsan.supp}"

status=0
for t in "${targets[@]}"; do
    mkdir -p ".work/$t" ".artifacts/$t"
    dict=()
    [ -f "$t.dict" ] && dict=(-dict="$t.dict")
    echo "== $t for ${seconds}s"
    # -max_len: real lists are larger, but every code path is reachable in a few kilobytes and short inputs
    # run faster. -timeout: any one input taking 10 s is a hang. -rss_limit_mb: a runaway allocation.
    ./.build/release/"$t" ".work/$t" "corpus/$t" "${dict[@]}" \
        -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix=".artifacts/$t/" -print_final_stats=1 || status=$?
done
exit "$status"
