#!/usr/bin/env bash
# Speed, memory and snapshot size of gosize against baselines measured side by
# side in the same run (cat, go tool nm -size, git log), and issue 20's targets,
# each printed PASS or FAIL. A benchmark, not a test: not in the ctest suite,
# and it exits 0 whatever the figures (it fails only when it cannot run).
#
# Inputs (fetched once into .cache/bench, which is gitignored with .cache):
#   dockerd     Debian's docker.io (apt-get download; ~75 MB stripped PIE, Go 1.19)
#   hugo        Debian's hugo (apt-get download; a large stripped Go binary)
#   esbuild     esbuild 0.24.2 from .cache/gobin (tests/fetch_real.sh)
#   unstripped  Go 1.19's cmd/go built here without -s -w (for go tool nm)
# Usage: ci/bench.sh [EXTRA_BINARY|DIR...]   (BENCH_RUNS=N runs per figure, default 5)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo
[ -d .cache/gobin ] || tests/fetch_real.sh .cache/gobin >/dev/null
bench=.cache/bench
mkdir -p "$bench"

# a binary from a Debian package, extracted once; nothing when apt cannot fetch it
deb_binary() { # PACKAGE PATH-IN-PACKAGE OUT
  [ -s "$3" ] && return 0
  local t
  t=$(mktemp -d)
  if (cd "$t" && apt-get download "$1" >/dev/null 2>&1) && dpkg-deb -x "$t"/"$1"_*.deb "$t/x" 2>/dev/null &&
     [ -f "$t/x/$2" ]; then
    cp "$t/x/$2" "$3"
  else
    echo "bench: could not fetch $1 with apt-get download (its targets are skipped)" >&2
  fi
  rm -rf "$t"
}
deb_binary docker.io usr/sbin/dockerd "$bench/dockerd"
deb_binary hugo usr/bin/hugo "$bench/hugo"
if [ ! -s "$bench/go-unstripped" ]; then
  GOFLAGS=-mod=mod GOCACHE="$root/.cache/gocache" go build -o "$bench/go-unstripped" cmd/go >/dev/null 2>&1 ||
    echo "bench: could not build cmd/go (the unstripped target is skipped)" >&2
fi

args=()
for role in dockerd hugo; do
  [ -s "$bench/$role" ] && args+=(--"$role" "$bench/$role")
done
[ -s .cache/gobin/esbuild-0.24.2 ] && args+=(--esbuild .cache/gobin/esbuild-0.24.2)
[ -s .cache/gobin/esbuild-0.19.12 ] && args+=(--esbuild-old .cache/gobin/esbuild-0.19.12)
[ -s "$bench/go-unstripped" ] && args+=(--unstripped "$bench/go-unstripped")
exec python3 ci/bench.py "$root/build/gosize" "${args[@]}" "$@"
