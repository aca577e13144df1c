#!/usr/bin/env bash
# The Action's install path, testable outside GitHub.
#   action-install.sh key      prints key=<cache key of the gosize build> (to GITHUB_OUTPUT too):
#                              a SHA-256 of gosize's own sources (CMakeLists.txt, cmake/, src/, this
#                              script) and of the runner's OS and architecture. hashFiles()
#                              cannot do it: it only sees the workspace, not the action's path.
#   action-install.sh build    makes DIR/gosize runnable (DIR: $GOSIZE_BUILD_DIR, default
#                              $GITHUB_ACTION_PATH/build) and prints gosize=<path> (to GITHUB_OUTPUT
#                              too), the first of:
#                              1. a build restored from the cache with the same key, as is;
#                              2. the prebuilt release of the action's own ref: when the ref has
#                                 dist/SHA256SUMS and dist/release-url (written by the release
#                                 workflow, ci/examples/release.yml), gosize-linux-ARCH.tar.gz
#                                 from that URL, used only if its SHA-256 is the one listed
#                                 (GOSIZE_PREBUILT=false skips it);
#                              3. a source build. The shared libraries gosize links (libelf,
#                                 jansson, libgit2 and theirs) are copied into DIR/lib and found
#                                 through an $ORIGIN rpath, so a cached build (or the release
#                                 tarball, the same bundle) runs without installing anything.
#                                 The -dev packages are installed only if pkg-config misses
#                                 them, with apt-get (as root, or through sudo when it exists and
#                                 needs no password), `apt-get update` only when the install
#                                 without it fails.
# Linux only: gosize reads Mach-O and PE, so macOS/Windows binaries are measured by
# cross-building them on a Linux runner (GOOS=darwin go build).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
action=${GITHUB_ACTION_PATH:-$here}
dir=$(realpath -m "${GOSIZE_BUILD_DIR:-$action/build}")
out() { echo "$1=$2"; [ -z "${GITHUB_OUTPUT:-}" ] || echo "$1=$2" >> "$GITHUB_OUTPUT"; }
die() { echo "::error title=gosize::$1"; echo "gosize action: $1" >&2; exit 2; }

os=$(uname -s)
[ "$os" = Linux ] || die "gosize runs on Linux runners only (this is $os): build your binary there with GOOS=darwin or GOOS=windows go build; gosize reads Mach-O and PE on Linux"

key() {
  local h
  h=$(cd "$action" && { printf '%s\n' "$(uname -m)"; cat /etc/os-release 2>/dev/null || true
        find CMakeLists.txt cmake src scripts/action-install.sh -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum; } |
      sha256sum | cut -c1-32)
  echo "gosize-build-$(uname -m)-$h"
}

# runs a command as root: directly, or through sudo when it exists and needs no password
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else die "the build libraries are missing and neither root nor password-less sudo can install them: install cmake pkg-config libelf-dev libjansson-dev libgit2-dev in the job's image"
  fi
}

install_deps() {
  local pkgs=(cmake pkg-config gcc libc6-dev make libelf-dev libjansson-dev libgit2-dev)
  if command -v cmake >/dev/null && command -v cc >/dev/null && command -v pkg-config >/dev/null &&
     pkg-config --exists libelf jansson libgit2 2>/dev/null; then
    return 0
  fi
  command -v apt-get >/dev/null || die "the build libraries are missing and this runner has no apt-get: install cmake, pkg-config, libelf, jansson and libgit2 development files in the job's image"
  echo "gosize action: installing ${pkgs[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null 2>&1 ||
    { as_root apt-get update -qq >/dev/null && as_root apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null; } ||
    die "apt-get could not install ${pkgs[*]}"
}

# copies the shared libraries gosize needs (not libc's own) beside it, into DIR/lib
bundle() {
  mkdir -p "$dir/lib"
  ldd "$dir/gosize" | awk '/=> \//{print $3}' | while read -r lib; do
    case "$(basename "$lib")" in
      libc.so*|libm.so*|libdl.so*|libpthread.so*|librt.so*|ld-linux*|libresolv.so*) ;;
      *) cp -L "$lib" "$dir/lib/" ;;
    esac
  done
}

runs() { [ -x "$dir/gosize" ] && "$dir/gosize" --version >/dev/null 2>&1; }

# the release tarball of this ref, verified against the checksum the ref lists
prebuilt() {
  local sums="$action/dist/SHA256SUMS" urlf="$action/dist/release-url" arch name want url got tmp
  [ "${GOSIZE_PREBUILT:-true}" != false ] && [ -f "$sums" ] && [ -f "$urlf" ] || return 1
  case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) return 1 ;; esac
  name=gosize-linux-$arch.tar.gz
  want=$(awk -v n="$name" '$2 == n || $2 == "*" n { print $1; exit }' "$sums")
  [[ "$want" =~ ^[0-9a-f]{64}$ ]] || return 1
  url="$(head -n 1 "$urlf")/$name"
  tmp=$(mktemp -d)
  if ! curl -fsSL --retry 2 --max-time 120 -o "$tmp/$name" "$url"; then
    echo "gosize action: could not download $url; building from source" >&2
    rm -rf "$tmp"; return 1
  fi
  got=$(sha256sum "$tmp/$name" | cut -c1-64)
  if [ "$got" != "$want" ]; then
    echo "::warning title=gosize::$name from the release does not match dist/SHA256SUMS (sha256 $got, want $want): not used; building from source"
    rm -rf "$tmp"; return 1
  fi
  rm -rf "$dir" && mkdir -p "$dir" && tar -xzf "$tmp/$name" -C "$dir" --no-same-owner --no-same-permissions gosize lib
  rm -rf "$tmp"
  chmod 755 "$dir/gosize"
  runs || { echo "gosize action: the prebuilt gosize does not run here; building from source" >&2; rm -rf "$dir"; return 1; }
  echo "gosize action: using the prebuilt $name ($want)" >&2
}

case "${1:-}" in
key) out key "$(key)" ;;
build)
  k=$(key)
  if [ "$(cat "$dir/.key" 2>/dev/null)" = "$k" ] && runs; then
    echo "gosize action: using the cached build ($k)" >&2
  elif prebuilt; then
    echo "$k" > "$dir/.key"
  else
    install_deps
    rm -rf "$dir"
    cmake -S "$action" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
      '-DCMAKE_BUILD_RPATH=$ORIGIN/lib' -DCMAKE_EXE_LINKER_FLAGS=-Wl,--disable-new-dtags >/dev/null
    cmake --build "$dir" -j"$(nproc)" --target gosize >/dev/null
    bundle
    runs || die "the gosize built in $dir does not run"
    echo "$k" > "$dir/.key"
  fi
  out gosize "$dir/gosize"
  ;;
*) echo "usage: action-install.sh key|build" >&2; exit 2 ;;
esac
