#!/usr/bin/env bash
# Installs what gosize needs to build and test on Debian 12, when missing.
# Usage: scripts/deps.sh [build|test]    (build: compiler and libraries only)
set -euo pipefail
want=(build-essential cmake pkg-config libelf-dev libjansson-dev libgit2-dev git golang-go)
if [ "${1:-test}" = test ]; then
  want+=(python3 python3-yaml curl binutils binutils-multiarch npm clang libclang-rt-14-dev valgrind chromium
         golang-github-spf13-cobra-dev golang-github-yuin-goldmark-dev) # check_reach builds with Debian's Go libraries
fi
# a package counts as present when its command is on PATH (npm may come from
# NodeSource's nodejs, which conflicts with Debian's npm) or dpkg has it
declare -A cmd=([cmake]=cmake [pkg-config]=pkg-config [git]=git [golang-go]=go [python3]=python3
                [curl]=curl [binutils]=readelf [npm]=npm [clang]=clang [valgrind]=valgrind [chromium]=chromium)
missing=()
for p in "${want[@]}"; do
  if [ -n "${cmd[$p]:-}" ] && command -v "${cmd[$p]}" >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
