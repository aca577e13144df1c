#!/usr/bin/env bash
# Prints the number of the one open pull request of GITHUB_REPOSITORY whose head
# is HEAD_SHA on HEAD_REPO's HEAD_BRANCH, asked of GitHub's REST API. For the
# workflow_run comment workflow: these three come from the trusted event payload
# (github.event.workflow_run.head_sha, .head_repository.full_name, .head_branch),
# never from the artifact the pull request's own run uploaded.
# Usage: action-pr.sh HEAD_REPO HEAD_BRANCH HEAD_SHA
# Env: GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL (default https://api.github.com)
set -euo pipefail
head_repo=${1:?usage: action-pr.sh HEAD_REPO HEAD_BRANCH HEAD_SHA}
branch=${2:?usage: action-pr.sh HEAD_REPO HEAD_BRANCH HEAD_SHA}
sha=${3:?usage: action-pr.sh HEAD_REPO HEAD_BRANCH HEAD_SHA}
api=${GITHUB_API_URL:-https://api.github.com}
repo=${GITHUB_REPOSITORY:?GITHUB_REPOSITORY is not set}
[[ "$sha" =~ ^[0-9a-f]{40}$ ]] || { echo "action-pr: '$sha' is not a commit SHA" >&2; exit 2; }
[[ "$head_repo" =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] || { echo "action-pr: '$head_repo' is not owner/name" >&2; exit 2; }
head=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1].split("/")[0] + ":" + sys.argv[2], safe=""))' "$head_repo" "$branch")
list=$(curl -fsS -H "Authorization: Bearer ${GITHUB_TOKEN:?GITHUB_TOKEN is not set}" -H "Accept: application/vnd.github+json" \
            -H "X-GitHub-Api-Version: 2022-11-28" "$api/repos/$repo/pulls?state=open&head=$head&per_page=100") ||
  { echo "action-pr: could not list the pull requests of $repo" >&2; exit 2; }
printf '%s' "$list" | python3 -c 'import json, sys
sha, head_repo = sys.argv[1], sys.argv[2]
prs = [p["number"] for p in json.load(sys.stdin)
       if (p.get("head") or {}).get("sha") == sha and ((p["head"].get("repo") or {}).get("full_name") or "").lower() == head_repo.lower()
       and isinstance(p.get("number"), int)]
if len(prs) != 1:
    sys.exit(f"action-pr: {len(prs)} open pull requests have head {head_repo}@{sha[:12]}: no comment")
print(prs[0])' "$sha" "$head_repo"
