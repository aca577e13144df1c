#!/usr/bin/env bash
# Builds the Go fixture programs of testdata/ in every variant the tests read.
# Usage: build_fixtures.sh OUTDIR     (idempotent: reuses binaries newer than their sources)
set -euo pipefail
out=${1:?usage: build_fixtures.sh OUTDIR}
mkdir -p "$out" && out=$(cd "$out" && pwd)
src=$(cd "$(dirname "$0")/../testdata" && pwd)
mkdir -p "$out"
export GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local GOCACHE=${GOCACHE:-$out/.gocache}
build() { # name dir env... -- args...
  local name=$1 dir=$2; shift 2
  local envs=()
  while [ "$1" != "--" ]; do envs+=("$1"); shift; done; shift
  if [ -s "$out/$name" ] && [ -z "$(find "$src/$dir" -newer "$out/$name" -type f | head -1)" ]; then return; fi
  (cd "$src/$dir" && env "${envs[@]}" go build "$@" -o "$out/$name.tmp" . && mv "$out/$name.tmp" "$out/$name")
}
build hello            hello CGO_ENABLED=0 --
build hello-s          hello CGO_ENABLED=0 -- -ldflags=-s\ -w
build hello-trimpath   hello CGO_ENABLED=0 -- -trimpath
build hello-dwarf      hello CGO_ENABLED=0 -- -ldflags=-compressdwarf=false
build hello-pie        hello CGO_ENABLED=1 -- -buildmode=pie
build hello-pie-s      hello CGO_ENABLED=1 -- -buildmode=pie -ldflags=-s\ -w
build hello-ext        hello CGO_ENABLED=1 -- -ldflags=-linkmode=external
build hello-ext-s      hello CGO_ENABLED=1 -- -ldflags=-linkmode=external\ -s\ -w
build cgo              cgo   CGO_ENABLED=1 --
build cgo-s            cgo   CGO_ENABLED=1 -- -ldflags=-s\ -w
for arch in 386 arm arm64 riscv64 s390x ppc64; do
  build "hello-$arch"   hello CGO_ENABLED=0 GOARCH=$arch --
  build "hello-$arch-s" hello CGO_ENABLED=0 GOARCH=$arch -- -ldflags=-s\ -w
done
# a pair for the diff tests: v2 adds a package that imports net/http
mkdir -p "$out/diff"
if [ ! -s "$out/diff/v1" ] || [ -n "$(find "$src/hello" "$src/changes" -newer "$out/diff/v2" -type f 2>/dev/null | head -1)" ] || [ ! -s "$out/diff/v2" ] || [ ! -s "$out/diff/v2-arm64" ]; then
  tmp=$(mktemp -d)
  cp -r "$src/hello" "$tmp/v1" && cp -r "$src/hello" "$tmp/v2" && cp -r "$src/changes/nethttp/." "$tmp/v2/"
  (cd "$tmp/v1" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -o "$out/diff/v1" .)
  (cd "$tmp/v2" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -o "$out/diff/v2" .)
  (cd "$tmp/v2" && CGO_ENABLED=0 GOARCH=arm64 go build -trimpath -buildvcs=false -o "$out/diff/v2-arm64" .)
  rm -rf "$tmp"
fi
# a pair that differs only by an added import (encoding/xml), stripped and not: the phantom-delta test
if [ ! -s "$out/diff/x2-s" ] || [ -n "$(find "$src/hello" "$src/changes" -newer "$out/diff/x2-s" -type f 2>/dev/null | head -1)" ]; then
  tmp=$(mktemp -d)
  cp -r "$src/hello" "$tmp/x1" && cp -r "$src/hello" "$tmp/x2" && cp -r "$src/changes/xmlimport/." "$tmp/x2/"
  for v in x1 x2; do
    (cd "$tmp/$v" && CGO_ENABLED=0 go build -trimpath -buildvcs=false -o "$out/diff/$v" . &&
      CGO_ENABLED=0 go build -trimpath -buildvcs=false -ldflags="-s -w" -o "$out/diff/$v-s" .)
  done
  rm -rf "$tmp"
fi
# go:embed: a directory as embed.FS, a []byte and a string, with generated contents
if [ ! -s "$out/embed/embed" ] || [ -n "$(find "$src/embed" -newer "$out/embed/embed" -type f | head -1)" ]; then
  tmp=$(mktemp -d)
  cp -r "$src/embed/." "$tmp/"
  python3 - "$tmp/assets" <<'PY'
import random, sys, os
random.seed(7)
d = sys.argv[1]
os.makedirs(f"{d}/data", exist_ok=True)
for i in range(3):
    open(f"{d}/data/f{i}.txt", "w").write("".join(random.choice("abcdefgh \n") for _ in range(40000 + 1000 * i)))
open(f"{d}/blob.bin", "wb").write(bytes(random.getrandbits(8) for _ in range(60000)))
open(f"{d}/note.txt", "w").write("".join(random.choice("xyz.") for _ in range(20000)))
PY
  mkdir -p "$out/embed"
  rm -rf "$out/embed/assets" && cp -r "$tmp/assets" "$out/embed/assets"
  (cd "$tmp" && CGO_ENABLED=0 go build -buildvcs=false -o "$out/embed/embed.tmp" . && mv "$out/embed/embed.tmp" "$out/embed/embed")
  rm -rf "$tmp"
fi
# other platforms: Mach-O and PE, stripped and not
mkdir -p "$out/platforms"
for t in darwin/amd64 darwin/arm64 windows/amd64 windows/386; do
  os=${t%/*} ar=${t#*/}
  build "platforms/hello-$os-$ar"   hello CGO_ENABLED=0 GOOS=$os GOARCH=$ar --
  build "platforms/hello-$os-$ar-s" hello CGO_ENABLED=0 GOOS=$os GOARCH=$ar -- -ldflags=-s\ -w
done
# WebAssembly (js/wasm), stripped and not
mkdir -p "$out/wasm"
build wasm/hello.wasm   hello CGO_ENABLED=0 GOOS=js GOARCH=wasm --
build wasm/hello-s.wasm hello CGO_ENABLED=0 GOOS=js GOARCH=wasm -- -ldflags=-s\ -w
# build variants: the race detector (C runtime linked in) and a GOEXPERIMENT
mkdir -p "$out/variants"
build variants/hello-race    hello CGO_ENABLED=1 -- -race
build variants/hello-unified hello CGO_ENABLED=0 GOEXPERIMENT=unified --
# twins for the savings advice: -w alone, and -trimpath with -s -w
mkdir -p "$out/advice"
build advice/hello-w          hello CGO_ENABLED=0 -- -ldflags=-w
build advice/hello-trimpath-s hello CGO_ENABLED=0 -- -trimpath -ldflags=-s\ -w
