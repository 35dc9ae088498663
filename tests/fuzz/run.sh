#!/usr/bin/env bash
# Builds the libFuzzer targets of the importers with clang-14 (ASan + UBSan) in build/fuzz and runs
# each for SECONDS (default 60) on a copy of its seed corpus in tests/fuzz/corpus/.
# Usage: tests/fuzz/run.sh [SECONDS]      Exit status 1 when a target finds a crash.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SECONDS_EACH=${1:-60}
BUILD="$ROOT/build/fuzz"
JOBS=${JOBS:-2}
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVASTUU_FUZZ=ON \
    -DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14 -DBUILD_TESTING=OFF >/dev/null
cmake --build "$BUILD" -j "$JOBS" --target fuzz_json_import fuzz_csv_import
status=0
for target in json csv; do
    work="$BUILD/corpus-$target"
    mkdir -p "$work" "$BUILD/artifacts"
    cp -n "$ROOT/tests/fuzz/corpus/$target/"* "$work/" 2>/dev/null || true
    echo "== fuzz_${target}_import for ${SECONDS_EACH}s"
    # -max_len 64 KiB: large enough for whole documents with several tables, small enough to stay fast.
    if ! "$BUILD/fuzz_${target}_import" "$work" -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=20 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$BUILD/artifacts/${target}-" 2>&1 |
        tee "$BUILD/fuzz_${target}.log" | grep -E "^#[0-9]+ +(DONE|INITED)|stat::number_of_executed_units|ERROR|SUMMARY"; then
        :
    fi
    if grep -q "ERROR: \|==ERROR\|deadly signal" "$BUILD/fuzz_${target}.log"; then status=1; fi
done
exit $status
