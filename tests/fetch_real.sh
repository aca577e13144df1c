#!/usr/bin/env bash
# Fetches the third-party Go release binaries into DIR: ../shared's set
# (esbuild across Go 1.16-1.23, lefthook built with Go 1.27), plus older esbuild
# releases built with Go 1.13-1.15 (the 1.2-1.15 pclntab) and linux/arm64 builds, from
# npm the same way.
set -euo pipefail
dir=${1:?usage: fetch_real.sh DIR}
src=${GOSIZE_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
fetch=$src/../shared/fixtures/fetch-go-binaries.sh
if [ ! -x "$fetch" ]; then
  echo "fetch_real: $fetch not found (shared/ must sit beside the repository)" >&2
  exit 1
fi
"$fetch" "$dir"
# npm-spec out-name path-inside-package
get() {
  local out=$dir/$2 t
  [ -s "$out" ] && return 0
  t=$(mktemp -d)
  (cd "$t" && npm pack --silent "$1" >/dev/null 2>&1) || { echo "fetch_real: could not fetch $1" >&2; rm -rf "$t"; exit 1; }
  tar -xzf "$t"/*.tgz -C "$t"
  cp "$t/package/$3" "$out.tmp" && chmod +x "$out.tmp" && mv "$out.tmp" "$out"
  rm -rf "$t"
}
mkdir -p "$dir/old"
for v in 0.1.0 0.4.0 0.7.22; do
  get "esbuild-linux-64@$v" "old/esbuild-$v" bin/esbuild
done
# linux/arm64 builds of the same releases (stripped, Go 1.19, 1.23, 1.27)
get esbuild-linux-arm64@0.14.54   esbuild-0.14.54-arm64 bin/esbuild
get @esbuild/linux-arm64@0.24.2   esbuild-0.24.2-arm64  bin/esbuild
get lefthook-linux-arm64@2.2.2    lefthook-2.2.2-arm64  bin/lefthook
