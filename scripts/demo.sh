#!/usr/bin/env bash
# The main job on a bundled default: installs dependencies, builds gosize,
# builds the bundled Go program in testdata/hello and prints its snapshot.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh" build
"$root/scripts/build.sh" build
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$root/testdata/hello" && GOFLAGS=-mod=mod GOPROXY=off go build -trimpath -o "$work/hello" .)
"$root/build/gosize" snapshot --format text "$work/hello"
