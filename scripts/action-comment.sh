#!/usr/bin/env bash
# Creates or updates the one pull-request comment that starts with the
# report's marker line (<!-- gosize:TARGET -->), through GitHub's REST API with
# curl. Usage: action-comment.sh REPORT.md PR_NUMBER
# Env: GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_API_URL (default https://api.github.com)
set -euo pipefail
report=${1:?usage: action-comment.sh REPORT.md PR_NUMBER}
pr=${2:?usage: action-comment.sh REPORT.md PR_NUMBER}
api=${GITHUB_API_URL:-https://api.github.com}
repo=${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}
marker=$(head -n 1 "$report")
case "$marker" in "<!-- gosize:"*" -->") ;; *) echo "action-comment: $report does not start with a gosize marker" >&2; exit 2 ;; esac
call() { # call METHOD URL [BODY-FILE]
  curl -fsS -X "$1" -H "Authorization: Bearer $GITHUB_TOKEN" -H "Accept: application/vnd.github+json" \
       -H "X-GitHub-Api-Version: 2022-11-28" ${3:+-H "Content-Type: application/json" --data-binary @"$3"} "$2"
}
body=$(mktemp)
trap 'rm -f "$body"' EXIT
python3 -c 'import json,sys; print(json.dumps({"body": open(sys.argv[1]).read()}))' "$report" > "$body"
id=""
for page in $(seq 1 50); do
  list=$(call GET "$api/repos/$repo/issues/$pr/comments?per_page=100&page=$page")
  id=$(printf '%s' "$list" | python3 -c 'import json,sys
m=sys.argv[1]
cs=json.load(sys.stdin)
print(next((c["id"] for c in cs if c.get("body","").startswith(m)), "" if cs else "END"))' "$marker")
  [ "$id" = END ] && { id=""; break; }
  [ -n "$id" ] && break
done
if [ -n "$id" ]; then
  call PATCH "$api/repos/$repo/issues/comments/$id" "$body" >/dev/null
  echo "updated comment $id"
else
  call POST "$api/repos/$repo/issues/$pr/comments" "$body" >/dev/null
  echo "created a comment on #$pr"
fi
