#!/usr/bin/env bash
# Runs every libFuzzer harness for SECONDS each (default 60) on its corpus in
# tests/fuzz/corpus/NAME (seeds kept in the repository; new finds go to a
# scratch copy). Crashes are saved under build-fuzz/crashes and fail the run.
# Usage: ci/fuzz.sh [SECONDS]
set -euo pipefail
secs=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/deps.sh test
CC=clang cmake -S . -B build-fuzz -DGOSIZE_FUZZ=ON -DGOSIZE_SANITIZE=ON -DBUILD_TESTING=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" >/dev/null
mkdir -p build-fuzz/crashes
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 LSAN_OPTIONS=suppressions=$root/tests/lsan.supp
fail=0
for h in binary pclntab buildinfo symname snapshot config; do
  seeds=tests/fuzz/corpus/$h
  work=build-fuzz/corpus/$h
  mkdir -p "$work"
  cp -n "$seeds"/* "$work"/ 2>/dev/null || true
  echo "== fuzz_$h: $secs s, $(ls "$work" | wc -l) inputs"
  if ! build-fuzz/tests/fuzz/fuzz_$h -max_total_time="$secs" -max_len=2000000 -rss_limit_mb=4096 -timeout=10 \
      -artifact_prefix=build-fuzz/crashes/$h- -print_final_stats=1 "$work" 2>build-fuzz/fuzz_$h.log; then
    echo "fuzz_$h FAILED: see build-fuzz/fuzz_$h.log and build-fuzz/crashes/" >&2
    tail -30 build-fuzz/fuzz_$h.log >&2
    fail=1
  else
    grep -E "stat::number_of_executed_units|cov:" build-fuzz/fuzz_$h.log | tail -2
  fi
done
exit $fail
