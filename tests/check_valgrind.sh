#!/usr/bin/env bash
# valgrind (memcheck) over the snapshot and diff paths of a release build:
# no invalid reads or writes, no uninitialised values, no leaks.
set -euo pipefail
gosize=${GOSIZE:?} fx=${1:?usage: check_valgrind.sh FIXTURE_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
vg() { valgrind -q --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite,indirect "$@"; }
pass=0 fail=0
expect() { # exit-code what command...: valgrind finds nothing and the command exits as expected
  local want=$1 what=$2 rc=0; shift 2
  vg "$@" >/dev/null 2>"$tmp/err" || rc=$?
  if [ "$rc" -eq "$want" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $what (exit $rc)"; cat "$tmp/err"; fi
}
run() { expect 0 "$@"; }
run "snapshot (stripped)" "$gosize" snapshot "$fx/hello-s" -o "$tmp/a.json"
run "snapshot (unstripped, big-endian)" "$gosize" snapshot "$fx/hello-s390x" -o "$tmp/b.json"
run "snapshot --format text" "$gosize" snapshot --format text "$fx/hello-pie"
run "snapshot of v2" "$gosize" snapshot "$fx/diff/v2" -o "$tmp/v2.json"
run "diff md" "$gosize" diff "$tmp/a.json" "$tmp/v2.json" --format md
run "diff json" "$gosize" diff "$tmp/a.json" "$tmp/v2.json" --format json
run "snapshot --format html" "$gosize" snapshot "$tmp/b.json" --format html -o "$tmp/b.html"
run "snapshot --format svg" "$gosize" snapshot "$tmp/v2.json" --format svg -o "$tmp/v2.svg"
run "diff html" "$gosize" diff "$tmp/a.json" "$tmp/v2.json" --format html -o "$tmp/d.html"
run "diff svg" "$gosize" diff "$tmp/v2.json" "$tmp/a.json" --format svg -o "$tmp/d.svg"
printf '{"budgets": [{"scope": "total", "max_increase": "1KB"}, {"scope": "module:*", "new": "warn"}]}' > "$tmp/c.json"
expect 1 "check with a broken budget" "$gosize" check "$tmp/a.json" "$tmp/v2.json" --config "$tmp/c.json" --format text
expect 2 "non-Go input" "$gosize" snapshot /bin/true
head -c 100000 "$fx/hello-s" > "$tmp/trunc"
expect 2 "truncated input" "$gosize" snapshot "$tmp/trunc"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
