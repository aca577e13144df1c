#!/usr/bin/env bash
# The gate the GitHub Action runs, testable outside GitHub. Reads the runner's
# environment (GITHUB_EVENT_PATH, GITHUB_EVENT_NAME, GITHUB_STEP_SUMMARY,
# GITHUB_OUTPUT, GITHUB_REPOSITORY, GITHUB_API_URL) and the action's inputs as
# INPUT_CONFIG, INPUT_TARGET, INPUT_BASE, INPUT_COMMENT, INPUT_FAIL_ON,
# INPUT_RECORD, INPUT_GITHUB_TOKEN. GOSIZE names the gosize binary.
# Exit: 0 pass, 1 a budget at or above fail-on is broken, 2 error.
set -uo pipefail
gosize=${GOSIZE:-gosize}
out=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/gosize-report
mkdir -p "$out"
event=${GITHUB_EVENT_PATH:-}
event_name=${GITHUB_EVENT_NAME:-}
fail_on=${INPUT_FAIL_ON:-error}
args=()
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_TARGET:-}" ] && args+=(--target "$INPUT_TARGET")
case "$fail_on" in error|warn|never) ;; *) echo "gosize action: fail-on must be error, warn or never, not '$fail_on'" >&2; exit 2 ;; esac

json() { # json FILE FILTER: a value from a JSON file (python3: on every runner)
  python3 -c 'import json,sys
v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v.get(k) if isinstance(v, dict) and k else v
print("" if v is None else v)' "$1" "$2"
}

output() { [ -n "${GITHUB_OUTPUT:-}" ] && echo "$1=$2" >> "$GITHUB_OUTPUT"; return 0; }

# notes recorded on the default branch spare this run the base build
git fetch --quiet origin "+refs/notes/gosize:refs/notes/gosize" 2>/dev/null || true

if [ "${INPUT_RECORD:-false}" = true ] && [ "$event_name" = push ]; then
  "$gosize" record HEAD "${args[@]}" || exit 2
  git push --quiet origin refs/notes/gosize || { echo "gosize action: could not push refs/notes/gosize" >&2; exit 2; }
  output status recorded
  exit 0
fi

base=${INPUT_BASE:-}
pr=""
if [ -n "$event" ] && [ -f "$event" ]; then
  [ -z "$base" ] && base=$(json "$event" pull_request.base.sha)
  pr=$(json "$event" pull_request.number)
fi
[ -z "$base" ] && base=HEAD~1
# NEW is HEAD (the checked-out PR commit); both sides are cached after the first run
"$gosize" check --base "$base" HEAD "${args[@]}" --format json -o "$out/report.json" --fail-on never || exit 2
"$gosize" check --base "$base" HEAD "${args[@]}" --format md -o "$out/report.md" --fail-on never || exit 2

status=$(json "$out/report.json" status)
old=$(json "$out/report.json" total.old)
delta=$(json "$out/report.json" total.delta)
percent=$(python3 -c "import sys; o,d=int(sys.argv[1]),int(sys.argv[2]); print(f'{d*100/o:.2f}' if o else '0')" "$old" "$delta")
output status "$status"
output delta-bytes "$delta"
output delta-percent "$percent"
output report-path "$out/report.md"
output json-path "$out/report.json"
[ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "$out/report.md" >> "$GITHUB_STEP_SUMMARY"
[ -n "$pr" ] && echo "$pr" > "$out/pr-number"

if [ "${INPUT_COMMENT:-true}" = true ] && [ -n "$pr" ] && [ -n "${INPUT_GITHUB_TOKEN:-}" ]; then
  GITHUB_TOKEN=$INPUT_GITHUB_TOKEN "$(dirname "$0")/action-comment.sh" "$out/report.md" "$pr" ||
    echo "gosize action: could not post the comment (a fork's read-only token? see ci/examples/comment.yml)" >&2
fi

case "$fail_on:$status" in
  error:error|warn:error|warn:warn) echo "gosize: size budget broken ($status)" >&2; exit 1 ;;
esac
exit 0
