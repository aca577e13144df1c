#!/usr/bin/env bash
# Fetches the third-party Go release binaries (esbuild across Go 1.16-1.23,
# lefthook built with Go 1.27) into DIR, through ../shared's fetch script.
set -euo pipefail
dir=${1:?usage: fetch_real.sh DIR}
src=${GOSIZE_SRC:-$(cd "$(dirname "$0")/.." && pwd)}
fetch=$src/../shared/fixtures/fetch-go-binaries.sh
if [ ! -x "$fetch" ]; then
  echo "fetch_real: $fetch not found (shared/ must sit beside the repository)" >&2
  exit 1
fi
"$fetch" "$dir"
