#!/usr/bin/env bash
# Compares gosize's direct decoding of data references with capstone on real
# amd64 binaries (time and agreement). Needs libcapstone-dev; not part of CI.
# Usage: ci/refs_capstone.sh [BINARY...]   (default: .cache/gobin/*)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dpkg-query -W -f='${Status}' libcapstone-dev 2>/dev/null | grep -q "ok installed" || {
  [ "$(id -u)" -eq 0 ] && apt-get install -y -qq libcapstone-dev >/dev/null; }
scripts/build.sh build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cc -O2 -std=gnu11 -Isrc -D_GNU_SOURCE ci/refs_capstone.c -o build/refs_capstone build/libgosize_attrib.a build/libgosize_goformat.a build/libgosize_container.a build/libgosize_model.a build/libgosize_shell.a build/libgosize_util.a \
  $(pkg-config --cflags --libs capstone libelf jansson libgit2)
[ $# -gt 0 ] || set -- .cache/gobin/esbuild-0.24.2 .cache/gobin/lefthook-2.2.2 .cache/fixtures/hello-s
for f in "$@"; do build/refs_capstone "$f"; done
