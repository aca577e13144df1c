#!/usr/bin/env bash
# The gate the GitHub Action runs, testable outside GitHub. Reads the runner's
# environment (GITHUB_EVENT_PATH, GITHUB_EVENT_NAME, GITHUB_STEP_SUMMARY,
# GITHUB_OUTPUT, GITHUB_REPOSITORY, GITHUB_API_URL) and the action's inputs as
# INPUT_CONFIG, INPUT_TARGET, INPUT_BASE, INPUT_COMMENT, INPUT_FAIL_ON,
# INPUT_RECORD, INPUT_ISOLATE, INPUT_GITHUB_TOKEN. GOSIZE names the gosize binary.
# Exit: 0 pass, 1 a budget at or above fail-on is broken, 2 error.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
gosize=${GOSIZE:-gosize}
out=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/gosize-report
mkdir -p "$out"
event=${GITHUB_EVENT_PATH:-}
event_name=${GITHUB_EVENT_NAME:-}
fail_on=${INPUT_FAIL_ON:-error}
# The build command runs the code under review (a fork's, on pull requests): it
# gets no token. Only the comment call below sees it.
token=${INPUT_GITHUB_TOKEN:-}
unset INPUT_GITHUB_TOKEN GITHUB_TOKEN ACTIONS_RUNTIME_TOKEN ACTIONS_ID_TOKEN_REQUEST_TOKEN ACTIONS_ID_TOKEN_REQUEST_URL
# Every build runs as an unprivileged user of its own (INPUT_ISOLATE, default true;
# docs/security.md): it cannot read this step's or its parents' environment (the
# token), write the runner's files (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STEP_SUMMARY),
# the repository, gosize's cache, notes or binary. The user is made here for this run
# (gsb-RANDOM, as root or through password-less sudo: gosize kills every process of it
# after each build, so no two runs may share one) and deleted at the end, unless
# GOSIZE_BUILD_USER names an existing one; gosize's temporary directories and the module
# cache go in a directory it can enter but not list, removed at the end.
if [ "${INPUT_ISOLATE:-true}" = true ]; then
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"; else return 1; fi; }
  made=""
  if [ -n "${GOSIZE_BUILD_USER:-}" ]; then
    buser=$GOSIZE_BUILD_USER
  else
    buser=gsb-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
    as_root useradd --system --no-create-home --shell /usr/sbin/nologin "$buser" >/dev/null 2>&1 && made=1
  fi
  if ! id -u "$buser" >/dev/null 2>&1; then
    echo "::error title=gosize::cannot create the build user $buser (needs root or password-less sudo): set the action's input isolate: false to build as this step's user"
    exit 2
  fi
  work=$(mktemp -d "${GOSIZE_ISOLATE_DIR:-/tmp}/gosize-run-XXXXXX") && chmod 711 "$work" || exit 2
  trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"; [ -z "$made" ] || as_root userdel "$buser" >/dev/null 2>&1' EXIT
  export GOSIZE_BUILD_USER=$buser TMPDIR=$work GOMODCACHE=$work/gomodcache
  mkdir -p "$GOMODCACHE" && chmod 755 "$GOMODCACHE"
fi
args=()
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
case "$fail_on" in error|warn|never) ;; *) echo "gosize action: fail-on must be error, warn or never, not '$fail_on'" >&2; exit 2 ;; esac
# notes commits made here (a merge after a concurrent push) need a committer
export GIT_COMMITTER_NAME=${GIT_COMMITTER_NAME:-gosize} GIT_COMMITTER_EMAIL=${GIT_COMMITTER_EMAIL:-gosize@localhost}
export GIT_AUTHOR_NAME=${GIT_AUTHOR_NAME:-gosize} GIT_AUTHOR_EMAIL=${GIT_AUTHOR_EMAIL:-gosize@localhost}

json() { # json FILE FILTER: a value from a JSON file (python3: on every runner)
  python3 -c 'import json,sys
v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v.get(k) if isinstance(v, dict) and k else v
print("" if v is None else v)' "$1" "$2"
}

output() { [ -n "${GITHUB_OUTPUT:-}" ] && echo "$1=$2" >> "$GITHUB_OUTPUT"; return 0; }

# The targets to gate, one a line: the target input (names separated by commas
# or spaces), else every target of the config (INPUT_CONFIG, else .gosize.json
# found upwards from here), else one empty line (gosize's default build).
targets() {
  python3 - "${INPUT_TARGET:-}" "${INPUT_CONFIG:-}" <<'EOF'
import json, os, re, sys
picked, config = sys.argv[1], sys.argv[2]
if picked.strip():
    print("\n".join(t for t in re.split(r"[,\s]+", picked) if t))
    sys.exit()
if not config:
    d = os.getcwd()
    while True:
        if os.path.isfile(os.path.join(d, ".gosize.json")):
            config = os.path.join(d, ".gosize.json")
            break
        if os.path.dirname(d) == d:
            break
        d = os.path.dirname(d)
names = []
if config and os.path.exists(config):
    try:
        with open(config, encoding="utf-8") as f:
            text = f.read((16 << 20) + 1)  # gosize reads configs up to 16 MiB
        targets = json.loads(text).get("targets", []) if len(text) <= 16 << 20 else None
        names = [t["name"] for t in targets if isinstance(t, dict) and isinstance(t.get("name"), str)]
    except Exception:
        # a config gosize would refuse: let it say what is wrong (exit 2), never gate fewer targets
        names = [""]
print("\n".join(names))
EOF
}
mapfile -t target_list < <(targets)
[ ${#target_list[@]} -gt 0 ] || target_list=("")

# Only the tip of refs/notes/gosize, without blobs (a partial fetch, where the
# server allows it; else the tip with its notes), then the one note this run
# reads: the objects of other commits' notes never cross the network.
# With the token for GitHub's own server only (checkout may not have kept it in
# .git/config: the build must not find it there), for this command only.
fetch_notes() { # fetch_notes [COMMIT]
  local auth=()
  [ -n "$token" ] && [ -n "${GITHUB_SERVER_URL:-}" ] &&
    auth=(-c "http.${GITHUB_SERVER_URL%/}/.extraheader=AUTHORIZATION: basic $(printf 'x-access-token:%s' "$token" | base64 -w0)")
  git "${auth[@]}" fetch --quiet --depth=1 --filter=blob:none origin "+refs/notes/gosize:refs/notes/gosize" 2>/dev/null ||
    git "${auth[@]}" fetch --quiet --depth=1 origin "+refs/notes/gosize:refs/notes/gosize" 2>/dev/null || return 0
  local blob
  [ -n "${1:-}" ] && blob=$(git notes --ref=gosize list "$1" 2>/dev/null) &&
    git "${auth[@]}" cat-file blob "$blob" >/dev/null 2>&1 # a partial repository fetches the missing blob here
  return 0
}

if [ "${INPUT_RECORD:-false}" = true ] && [ "$event_name" = push ]; then
  git fetch --quiet --depth=1 origin "+refs/notes/gosize:refs/notes/gosize" 2>/dev/null
  for t in "${target_list[@]}"; do
    "$gosize" record HEAD "${args[@]}" ${t:+--target "$t"} || exit 2
  done
  # another record job may have pushed since the fetch: notes on different
  # commits never conflict, so merge theirs into ours and push again
  for attempt in 1 2 3 4 5; do
    git push --quiet origin refs/notes/gosize 2>"$out/push.err" && break
    if [ "$attempt" = 5 ]; then
      echo "gosize action: could not push refs/notes/gosize: $(tail -n 1 "$out/push.err")" >&2
      exit 2
    fi
    echo "gosize action: refs/notes/gosize moved on the remote; merging and pushing again" >&2
    git fetch --quiet origin "+refs/notes/gosize:refs/notes/gosize-remote" 2>/dev/null &&
      git notes --ref=gosize merge --quiet -s ours refs/notes/gosize-remote >/dev/null 2>&1 ||
      { echo "gosize action: could not merge the remote's refs/notes/gosize" >&2; exit 2; }
    sleep "$attempt"
  done
  git update-ref -d refs/notes/gosize-remote 2>/dev/null
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
# the pull request's labels, one a line, from the event (a "labeled" event
# carries the new one): for "override": "label" in the base's config (only
# people with triage rights can label); gosize reads them before it builds
labels=$out/labels
python3 - "$event" > "$labels" <<'EOF'
import json, sys
try:
    pr = json.load(open(sys.argv[1])).get("pull_request") or {}
except Exception:
    pr = {}
for l in pr.get("labels") or []:
    n = l.get("name") if isinstance(l, dict) else None
    if isinstance(n, str) and n and "\n" not in n and "\r" not in n:
        print(n)
EOF
fetch_notes "$(git merge-base "$base" HEAD 2>/dev/null)"
# the snapshot cache travels between runs (actions/cache): its 64 newest entries
cache=$(git rev-parse --git-path gosize/cache 2>/dev/null)
[ -n "$cache" ] && [ -d "$cache" ] && ls -t "$cache" | tail -n +65 | while read -r f; do rm -f "$cache/$f"; done

# One gosize run per target writes them all: the table for the job log,
# markdown, JSON and the HTML page (diff.html, for an artifact). NEW is HEAD
# (the checked-out PR commit); both sides are cached in .git/gosize/cache.
multi=$(( ${#target_list[@]} > 1 ))
dirs=()
for i in "${!target_list[@]}"; do
  t=${target_list[$i]}
  d=$out
  [ "$multi" = 1 ] && d=$out/target-$((i + 1)) && mkdir -p "$d"
  "$gosize" check --base "$base" HEAD "${args[@]}" ${t:+--target "$t"} --fail-on never --format text -o "$d/report.txt" --labels "$labels" \
    --md-output "$d/report.md" --json-output "$d/report.json" --html-output "$d/diff.html" || exit 2
  dirs+=("$d")
done
# several targets: one report with a section per target (the first line is the
# first target's marker: the sticky comment's), one JSON with every target's
# report, the totals summed, the worst status
if [ "$multi" = 1 ]; then
  python3 - "$out" "${dirs[@]}" <<'EOF'
import json, sys
out, dirs = sys.argv[1], sys.argv[2:]
reps = [json.load(open(d + "/report.json")) for d in dirs]
rank = {"pass": 0, "overridden": 1, "warn": 2, "error": 3}
status = max((r["status"] for r in reps), key=lambda s: rank.get(s, 3))
old, new = sum(r["total"]["old"] for r in reps), sum(r["total"]["new"] for r in reps)
json.dump({"schema": 1, "kind": "gosize-action", "status": status, "total": {"old": old, "new": new, "delta": new - old},
           "targets": reps}, open(out + "/report.json", "w"), indent=1)
with open(out + "/report.md", "w") as f:
    f.write("\n---\n\n".join(open(d + "/report.md").read() for d in dirs))
with open(out + "/report.txt", "w") as f:
    f.write("\n".join(open(d + "/report.txt").read() for d in dirs))
EOF
fi

status=$(json "$out/report.json" status)
old=$(json "$out/report.json" total.old)
delta=$(json "$out/report.json" total.delta)
percent=$(python3 -c "import sys; o,d=int(sys.argv[1]),int(sys.argv[2]); print(f'{d*100/o:.2f}' if o else '0')" "$old" "$delta")
output status "$status"
output delta-bytes "$delta"
output delta-percent "$percent"
output report-path "$out/report.md"
output json-path "$out/report.json"
# several targets: a glob of their pages (actions/upload-artifact takes it)
if [ "$multi" = 1 ]; then output html-path "$out/target-*/diff.html"; else output html-path "$out/diff.html"; fi
# the treemap: action.yml's next step uploads diff.html as this run's artifact
# (named here); the comment and the summary link the run's artifacts
artifact=gosize-diff${INPUT_TARGET:+-$(printf '%s' "$INPUT_TARGET" | tr -c 'A-Za-z0-9._-' '_')}
output html-artifact "$artifact"
run_url=${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID:-}
if [ -s "${dirs[0]}/diff.html" ] && [ -n "${GITHUB_RUN_ID:-}" ] && [[ $run_url =~ ^https?://[A-Za-z0-9.:-]+/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+/actions/runs/[0-9]+$ ]]; then
  printf '\n🗺️ [Treemap of this change](%s#artifacts): `diff.html` in the artifact `%s` (download, unzip, open in a browser)\n' \
    "$run_url" "$artifact" >> "$out/report.md"
fi
[ -n "${GITHUB_STEP_SUMMARY:-}" ] && cat "$out/report.md" >> "$GITHUB_STEP_SUMMARY"
[ -n "$pr" ] && echo "$pr" > "$out/pr-number" # informational only: comment.yml never trusts it

# The job log: the report as a table (workflow commands off while it prints:
# names come from the binary) and one annotation per broken budget.
stop=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
echo "::stop-commands::$stop"
cat "$out/report.txt"
echo "::$stop::"
python3 - "$out/report.json" <<'EOF'
import json, sys
top = json.load(open(sys.argv[1]))
def data(s):  # a workflow command's message
    return str(s).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
def prop(s):  # a workflow command's property value
    return data(s).replace(":", "%3A").replace(",", "%2C")
level = {"error": "error", "warn": "warning"}
for r in top.get("targets", [top]):
    for c in r.get("checks", []):
        if c.get("status") not in level:
            continue
        cmd = "notice" if r.get("status") == "overridden" else level[c["status"]]
        budget = str(c.get("budget", ""))
        print(f"::{cmd} title={prop('gosize ' + str(r.get('name', '')) + ': ' + budget)}::"
              f"{data('size budget broken: ' + str(c.get('text', '')))}")
EOF

if [ "${INPUT_COMMENT:-true}" = true ] && [ -n "$pr" ] && [ -n "$token" ]; then
  GITHUB_TOKEN=$token "$here/action-comment.sh" "$out/report.md" "$pr" ||
    echo "gosize action: could not post the comment (a fork's read-only token? see ci/examples/comment.yml)" >&2
fi

case "$fail_on:$status" in
  error:error|warn:error|warn:warn)
    echo "gosize: size budget broken ($status): see the table and annotations above, and 'How to accept this' in the report (a commit footer like 'Binary-Size: <reason>')" >&2
    exit 1 ;;
esac
exit 0
