#!/usr/bin/env bash
# Speed and memory of gosize next to baseline tools measured in the same run
# (cat, go version -m, go tool nm -size, git log, go build), as a table with
# ratios. Usage: ci/bench.sh [BINARY|DIR...]  (default: the real release
# binaries in .cache/gobin, the Go toolchain's own binaries and the fixtures)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/deps.sh test
scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo
[ -d .cache/gobin ] || tests/fetch_real.sh .cache/gobin >/dev/null
[ -d .cache/fixtures ] || tests/build_fixtures.sh .cache/fixtures >/dev/null
goroot=$(go env GOROOT)
if [ $# -eq 0 ]; then
  set -- .cache/gobin "$goroot/bin/go" "$goroot/pkg/tool/$(go env GOOS)_$(go env GOARCH)/compile" \
         .cache/fixtures/hello .cache/fixtures/hello-pie .cache/fixtures/diff/v2
fi
python3 ci/bench.py "$root/build/gosize" "$@"
