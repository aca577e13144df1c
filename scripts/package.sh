#!/usr/bin/env bash
# Builds the self-contained release tarball for this machine's architecture:
# OUTDIR/gosize-linux-ARCH.tar.gz (gosize and lib/, the shared libraries it
# loads through its $ORIGIN rpath; reproducible: sorted, owner 0, mtime 0) and
# OUTDIR/gosize-linux-ARCH.tar.gz.sha256 ("<sha256>  <name>", a SHA256SUMS line).
# Build it on the oldest glibc it must run on (ci/examples/release.yml: Ubuntu
# 22.04). Usage: scripts/package.sh OUTDIR   (GOSIZE_BUILD_DIR: reuse a build)
set -euo pipefail
outdir=$(realpath -m "${1:?usage: package.sh OUTDIR}")
here=$(cd "$(dirname "$0")/.." && pwd)
case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) echo "package: unsupported $(uname -m)" >&2; exit 2 ;; esac
export GOSIZE_BUILD_DIR=${GOSIZE_BUILD_DIR:-$(mktemp -d)/build}
GOSIZE_PREBUILT=false GITHUB_OUTPUT= GITHUB_ACTION_PATH=$here "$here/scripts/action-install.sh" build >/dev/null
mkdir -p "$outdir"
name=gosize-linux-$arch.tar.gz
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$GOSIZE_BUILD_DIR" -cf - gosize lib |
  gzip -n -9 > "$outdir/$name"
(cd "$outdir" && sha256sum "$name" > "$name.sha256")
echo "$outdir/$name"
