#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs dependencies, builds gosize
# (release and ASan+UBSan), and runs every test with ctest in both builds.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo
scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DGOSIZE_SANITIZE=ON
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
echo "== sanitizer build (ASan + UBSan)"
(cd build-asan && ctest --output-on-failure -j2)
echo "== release build"
(cd build && ctest --output-on-failure -j2)
