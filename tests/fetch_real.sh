#!/usr/bin/env bash
# Fetches the third-party Go release binaries into DIR: ../shared's set
# (esbuild across Go 1.16-1.23, lefthook built with Go 1.27), plus older esbuild
# releases built with Go 1.13-1.15 (the 1.2-1.15 pclntab) from npm the same way.
set -euo pipefail
dir=${1:?usage: fetch_real.sh DIR}
src=${GOSIZE_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
fetch=$src/../shared/fixtures/fetch-go-binaries.sh
if [ ! -x "$fetch" ]; then
  echo "fetch_real: $fetch not found (shared/ must sit beside the repository)" >&2
  exit 1
fi
"$fetch" "$dir"
mkdir -p "$dir/old"
for v in 0.1.0 0.4.0 0.7.22; do
  out=$dir/old/esbuild-$v
  [ -s "$out" ] && continue
  t=$(mktemp -d)
  (cd "$t" && npm pack --silent "esbuild-linux-64@$v" >/dev/null 2>&1) || { echo "fetch_real: could not fetch esbuild-linux-64@$v" >&2; rm -rf "$t"; exit 1; }
  tar -xzf "$t"/*.tgz -C "$t"
  cp "$t/package/bin/esbuild" "$out.tmp" && chmod +x "$out.tmp" && mv "$out.tmp" "$out"
  rm -rf "$t"
done
