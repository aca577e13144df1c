#!/usr/bin/env bash
# The main job on a bundled default: installs dependencies, builds gosize,
# creates a demo Go repository from testdata/ with two commits (the second adds
# a package that imports net/http) and runs `gosize diff HEAD~1` in it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh" build
"$root/scripts/build.sh" build
gosize=$root/build/gosize
demo=$(mktemp -d "${TMPDIR:-/tmp}/gosize-demo-XXXXXX")
trap 'rm -rf "$demo"' EXIT
export GOFLAGS=-mod=mod GOPROXY=off GIT_AUTHOR_NAME=demo GIT_AUTHOR_EMAIL=demo@example.com \
       GIT_COMMITTER_NAME=demo GIT_COMMITTER_EMAIL=demo@example.com
cd "$demo"
git init -q -b main
cp -r "$root/testdata/hello/." .
cp "$root/testdata/demo.gosize.json" .gosize.json
git add -A && git commit -qm "hello: count words and greet"
cp -r "$root/testdata/changes/nethttp/." .
git add -A && git commit -qm "status: serve a health endpoint with net/http"
echo "\$ gosize diff HEAD~1    # in a demo repository: $(git log --oneline -1)" >&2
"$gosize" diff HEAD~1 --format text
