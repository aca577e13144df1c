#!/usr/bin/env bash
# Creates or updates the one pull-request comment this token's identity wrote
# that starts with the report's marker line (<!-- gosize:TARGET -->), through
# GitHub's REST API with curl. Usage: action-comment.sh REPORT PR_NUMBER
# Env: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_API_URL (default
# https://api.github.com), GOSIZE_COMMENT_AUTHOR (the login to look for when
# GET /user is refused, as it is for GITHUB_TOKEN: default github-actions[bot]),
# GOSIZE_RUN_URL (optional: the run the report came from, linked when it is one).
# REPORT.json (comment.yml: a fork's artifact, all of it forgeable): the comment is
# written from its numbers by action-comment-render.py (status icon and word from
# gosize's four statuses, sizes from integers, names as code spans: no mention,
# reference, link, image, markup or status word of the fork's comes alive).
# REPORT.md (action.sh: the markdown gosize wrote in this very job) must start with
# a gosize marker, is cut to 60,000 characters, and every '<' that is not gosize's
# own <details>/<summary> markup is escaped.
set -euo pipefail
report=${1:?usage: action-comment.sh REPORT.json|REPORT.md PR_NUMBER}
pr=${2:?usage: action-comment.sh REPORT.json|REPORT.md PR_NUMBER}
api=${GITHUB_API_URL:-https://api.github.com}
repo=${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}
case "$pr" in ''|0*|*[!0-9]*) echo "action-comment: '$pr' is not a pull-request number" >&2; exit 2 ;; esac
case "$repo" in */*) ;; *) echo "action-comment: GITHUB_REPOSITORY '$repo' is not owner/name" >&2; exit 2 ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case "$report" in
*.json) # the body written from the report's numbers
  python3 "$(dirname "$0")/action-comment-render.py" "$report" "$tmp/body.json" "$tmp/marker" "${GOSIZE_RUN_URL:-}" || exit 2 ;;
*) # the body, sanitized, as {"body": ...}; the marker line on its own in $tmp/marker
python3 - "$report" "$tmp/body.json" "$tmp/marker" <<'EOF' || exit 2
import json, re, sys
LIMIT, READ = 60000, 1 << 20
raw = open(sys.argv[1], "rb").read(READ + 1)
text = raw[:READ].decode("utf-8", "replace").replace("\r", "")
lines = text.split("\n")
marker = lines[0]
if not re.fullmatch(r"<!-- gosize:[^<>\n]{1,200} -->", marker) or "--" in marker[4:-3]:
    sys.exit(f"action-comment: {sys.argv[1]} does not start with a gosize marker line")
own = re.compile(r"<(/?details|/?summary)>")
def clean(line):
    out, i = [], 0
    while i < len(line):
        m = own.match(line, i)
        if m:
            out.append(m.group(0)); i = m.end()
        elif line[i] == "<":
            out.append("&lt;"); i += 1
        else:
            out.append(line[i]); i += 1
    return "".join(out)
MARK = re.compile(r"<!-- gosize:[^<>\n]{1,200} -->")  # a section per target starts with its marker
body = [marker] + [l if MARK.fullmatch(l) and "--" not in l[4:-3] else clean(l) for l in lines[1:]]
result, size = [], 0
for i, l in enumerate(body):
    if size + len(l) + 1 > LIMIT or len(raw) > READ and i == len(body) - 1:
        opened = sum(x.count("<details>") - x.count("</details>") for x in result)
        result += ["</details>"] * max(opened, 0)
        result.append("\n_The report was cut to fit a comment; the full one is in the job's summary._")
        break
    result.append(l); size += len(l) + 1
json.dump({"body": "\n".join(result)}, open(sys.argv[2], "w"))
open(sys.argv[3], "w").write(marker)
EOF
;;
esac
marker=$(cat "$tmp/marker")
call() { # call METHOD URL [BODY-FILE]: the response body on stdout, the HTTP status in $tmp/code
  curl -sS -o "$tmp/resp" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $GITHUB_TOKEN" \
       -H "Accept: application/vnd.github+json" -H "X-GitHub-Api-Version: 2022-11-28" \
       ${3:+-H "Content-Type: application/json" --data-binary @"$3"} "$2" > "$tmp/code" || echo 000 > "$tmp/code"
  cat "$tmp/resp" 2>/dev/null
  case "$(cat "$tmp/code")" in 2??) return 0 ;; *) return 1 ;; esac
}
# whose comments count: the token's own identity (an app token, such as
# GITHUB_TOKEN, may not read /user: then its bot login)
me=$(call GET "$api/user" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("login",""))' 2>/dev/null) || me=""
[ -n "$me" ] || me=${GOSIZE_COMMENT_AUTHOR:-github-actions[bot]}
id=""
for page in $(seq 1 50); do
  call GET "$api/repos/$repo/issues/$pr/comments?per_page=100&page=$page" > "$tmp/list" ||
    { echo "action-comment: listing the comments of #$pr: HTTP $(cat "$tmp/code")" >&2; exit 2; }
  id=$(python3 -c 'import json,sys
m, me = sys.argv[1], sys.argv[2]
cs = json.load(open(sys.argv[3]))
mine = [c["id"] for c in cs if (c.get("user") or {}).get("login") == me and (c.get("body") or "").split("\n", 1)[0].rstrip("\r") == m]
print(mine[0] if mine else "" if len(cs) == 100 else "END")' "$marker" "$me" "$tmp/list")
  [ "$id" = END ] && { id=""; break; }
  [ -n "$id" ] && break
done
if [ -n "$id" ]; then
  call PATCH "$api/repos/$repo/issues/comments/$id" "$tmp/body.json" >/dev/null ||
    { echo "action-comment: updating comment $id: HTTP $(cat "$tmp/code")" >&2; exit 2; }
  echo "updated comment $id"
else
  call POST "$api/repos/$repo/issues/$pr/comments" "$tmp/body.json" >/dev/null ||
    { echo "action-comment: commenting on #$pr: HTTP $(cat "$tmp/code")" >&2; exit 2; }
  echo "created a comment on #$pr"
fi
