#!/usr/bin/env bash
# Fetches the third-party Go release binaries the tests read into DIR, from npm
# (real release builds shipped inside npm packages). Idempotent: files already
# present are kept. The list lives here, in the repository.
#   esbuild across Go toolchains (linux/amd64, static, no symbol table),
#   lefthook built with Go 1.27 (.go.type/.go.func/.go.module sections),
#   older esbuild built with Go 1.13-1.15 (the 1.2-1.15 pclntab) and linux/arm64 builds,
#   esbuild's WebAssembly build (js/wasm, stripped) from two releases.
set -euo pipefail
dir=${1:?usage: fetch_real.sh DIR}
command -v npm >/dev/null || { echo "fetch_real: npm is required (scripts/deps.sh test)" >&2; exit 2; }
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
get esbuild-linux-64@0.8.57        esbuild-0.8.57  bin/esbuild   # go1.16
get esbuild-linux-64@0.11.23       esbuild-0.11.23 bin/esbuild   # go1.16.3
get esbuild-linux-64@0.14.54       esbuild-0.14.54 bin/esbuild   # go1.19
get @esbuild/linux-x64@0.19.12     esbuild-0.19.12 bin/esbuild   # go1.20.12
get @esbuild/linux-x64@0.24.2      esbuild-0.24.2  bin/esbuild   # go1.23.1
get @esbuild/linux-x64@0.28.2      esbuild-0.28.2  bin/esbuild   # go1.26.5, no .go.buildinfo: the version from runtime.buildVersion
get lefthook-linux-x64@2.2.2       lefthook-2.2.2  bin/lefthook  # go1.27.0
for v in 0.1.0 0.4.0 0.7.22; do
  get "esbuild-linux-64@$v" "old/esbuild-$v" bin/esbuild
done
get esbuild-linux-arm64@0.14.54   esbuild-0.14.54-arm64 bin/esbuild
get @esbuild/linux-arm64@0.24.2   esbuild-0.24.2-arm64  bin/esbuild
get lefthook-linux-arm64@2.2.2    lefthook-2.2.2-arm64  bin/lefthook
get esbuild-wasm@0.19.12          esbuild-0.19.12.wasm esbuild.wasm  # go1.20.12, js/wasm
get esbuild-wasm@0.24.2           esbuild-0.24.2.wasm  esbuild.wasm  # go1.23.1, js/wasm
# Mach-O and PE release builds of the same esbuild (the sweep and the real-binary tests read them)
get @esbuild/darwin-x64@0.24.2    esbuild-0.24.2-darwin-x64   bin/esbuild
get @esbuild/darwin-arm64@0.24.2  esbuild-0.24.2-darwin-arm64 bin/esbuild
get @esbuild/win32-x64@0.24.2     esbuild-0.24.2-win32-x64.exe esbuild.exe
