#!/usr/bin/env python3
"""The GitHub Action's steps run locally in a simulated runner: a pull-request
event payload, step-summary and output files, a real repository with base and
head commits, real go builds, and a loopback stand-in for GitHub's comments API.
Also validates action.yml and the example workflows (@action-validator/cli)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, check, eq, finish  # noqa: E402

SRC = os.path.abspath(os.environ.get("GOSIZE_SRC", os.path.join(os.path.dirname(__file__), "..")))
root = tempfile.mkdtemp(prefix="gosize-action-")
comments, calls = {}, []


class API(BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def reply(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        return json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))

    def do_GET(self):
        calls.append(("GET", self.path, self.headers.get("Authorization")))
        page = int(self.path.split("page=")[-1]) if "page=" in self.path else 1
        items = [{"id": i, "body": b} for i, b in sorted(comments.items())]
        self.reply(200, items[(page - 1) * 100: page * 100])

    def do_POST(self):
        calls.append(("POST", self.path, self.headers.get("Authorization")))
        cid = 1000 + len(comments)
        comments[cid] = self.body()["body"]
        self.reply(201, {"id": cid})

    def do_PATCH(self):
        calls.append(("PATCH", self.path, self.headers.get("Authorization")))
        cid = int(self.path.rsplit("/", 1)[1])
        comments[cid] = self.body()["body"]
        self.reply(200, {"id": cid})


server = ThreadingHTTPServer(("127.0.0.1", 0), API)
threading.Thread(target=server.serve_forever, daemon=True).start()

env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
           GIT_COMMITTER_EMAIL="t@example.com", GOFLAGS="-mod=mod", GOPROXY="off")


def sh(args, cwd):
    r = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"{args}: {r.stderr}")
    return r.stdout.strip()


origin = os.path.join(root, "origin.git")
sh(["git", "init", "-q", "--bare", "-b", "main", origin], root)
repo = os.path.join(root, "repo")
shutil.copytree(os.path.join(SRC, "testdata", "hello"), repo)
with open(os.path.join(repo, ".gosize.json"), "w") as f:
    json.dump({"targets": [{"name": "hello", "build": 'go build -trimpath -o "$GOSIZE_OUT" .'}],
               "budgets": [{"scope": "total", "max_increase": "1MB", "level": "error"},
                           {"scope": "module:*", "new": "warn"}]}, f)
sh(["git", "init", "-q", "-b", "main"], repo)
sh(["git", "remote", "add", "origin", origin], repo)
sh(["git", "add", "-A"], repo)
sh(["git", "commit", "-qm", "base"], repo)
base = sh(["git", "rev-parse", "HEAD"], repo)
sh(["git", "push", "-q", "origin", "main"], repo)
shutil.copytree(os.path.join(SRC, "testdata", "changes", "nethttp"), repo, dirs_exist_ok=True)
sh(["git", "add", "-A"], repo)
sh(["git", "commit", "-qm", "head: net/http"], repo)
head = sh(["git", "rev-parse", "HEAD"], repo)


def run_action(fail_on="error", comment="true", event_name="pull_request", record="false", token="t0ken"):
    d = tempfile.mkdtemp(dir=root)
    ev = os.path.join(d, "event.json")
    with open(ev, "w") as f:
        json.dump({"action": "synchronize", "number": 7, "pull_request": {
            "number": 7, "base": {"ref": "main", "sha": base}, "head": {"ref": "feature", "sha": head}},
            "repository": {"full_name": "acme/app"}}, f)
    summary, output = os.path.join(d, "summary.md"), os.path.join(d, "output.txt")
    open(summary, "w").close()
    open(output, "w").close()
    e = dict(env, GOSIZE=GOSIZE, GITHUB_EVENT_PATH=ev, GITHUB_EVENT_NAME=event_name, GITHUB_STEP_SUMMARY=summary,
             GITHUB_OUTPUT=output, GITHUB_REPOSITORY="acme/app", RUNNER_TEMP=d,
             GITHUB_API_URL=f"http://127.0.0.1:{server.server_port}", INPUT_FAIL_ON=fail_on, INPUT_COMMENT=comment,
             INPUT_RECORD=record, INPUT_GITHUB_TOKEN=token, INPUT_CONFIG="", INPUT_TARGET="", INPUT_BASE="")
    r = subprocess.run([os.path.join(SRC, "scripts", "action.sh")], cwd=repo, env=e, capture_output=True, text=True)
    outs = dict(l.split("=", 1) for l in open(output).read().splitlines() if "=" in l)
    return r, open(summary).read(), outs


r, summary, outs = run_action("error")
eq(r.returncode, 1, f"fail-on error: a broken error budget fails the step ({r.stderr.strip()[-300:]})")
check(summary.startswith("<!-- gosize:hello -->") and "**hello**" in summary and "net/http" in summary,
      "step summary holds the markdown report")
check("| ❌ |" in summary and "| ✅ |" in summary, "summary shows the budget results")
eq(outs.get("status"), "error", "output status")
rep = json.load(open(outs["json-path"]))
eq(int(outs.get("delta-bytes", "0")), rep["total"]["delta"], "output delta-bytes")
check(rep["total"]["delta"] > 1000000, "the delta is the net/http growth")
eq(outs.get("delta-percent"), f"{rep['total']['delta'] * 100 / rep['total']['old']:.2f}", "output delta-percent")
check(os.path.isfile(outs.get("report-path", "")) and open(outs["report-path"]).read() == summary, "output report-path")
eq(rep["old"]["path"], "git:" + base[:7], "OLD is the PR base")
eq(len(comments), 1, "one comment created")
body = next(iter(comments.values()))
check(body.startswith("<!-- gosize:hello -->"), "the comment carries the marker")
eq([c[0] for c in calls], ["GET", "POST"], "list, then create")
check(all(c[2] == "Bearer t0ken" for c in calls), "the token is sent")

calls.clear()
r, summary, outs = run_action("never")
eq(r.returncode, 0, "fail-on never: passes")
eq(len(comments), 1, "second run: still one comment")
eq([c[0] for c in calls], ["GET", "PATCH"], "second run updates the comment")
r, _, outs = run_action("warn", comment="false")
eq(r.returncode, 1, "fail-on warn: an error budget fails too")
eq(len(calls), 2, "comment=false posts nothing")

# a warn-level break only: fails with fail-on warn, passes with fail-on error
with open(os.path.join(repo, ".gosize.json"), "w") as f:
    json.dump({"targets": [{"name": "hello", "build": 'go build -trimpath -o "$GOSIZE_OUT" .'}],
               "budgets": [{"scope": "total", "max_increase": "1MB", "level": "warn"}]}, f)
r, summary, outs = run_action("error", comment="false")
eq((r.returncode, outs.get("status")), (0, "warn"), "warn budget with fail-on error: passes, status warn")
check("| ⚠️ |" in summary, "summary shows the warning")
r, _, outs = run_action("warn", comment="false")
eq(r.returncode, 1, "warn budget with fail-on warn: fails")
sh(["git", "checkout", "-q", "--", "."], repo)

# pushes to the default branch record a note and push it
r, _, outs = run_action(event_name="push", record="true")
eq((r.returncode, outs.get("status")), (0, "recorded"), f"record on push ({r.stderr.strip()[-300:]})")
check(head in sh(["git", "notes", "--ref=gosize", "list"], origin), "the note reached the remote")

# action.yml and the example workflows validate against GitHub's schemas
npm_dir = os.path.join(SRC, ".cache", "npm")
validator = os.path.join(npm_dir, "node_modules", ".bin", "action-validator")
if not os.path.exists(validator):
    os.makedirs(npm_dir, exist_ok=True)
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "@action-validator/cli@0.6.0"],
                   cwd=npm_dir, capture_output=True, timeout=300)
if check(os.path.exists(validator), "@action-validator/cli installed from npm"):
    for f in ["action.yml"] + [os.path.join("ci", "examples", x) for x in sorted(os.listdir(os.path.join(SRC, "ci", "examples")))]:
        v = subprocess.run([validator, os.path.join(SRC, f)], capture_output=True, text=True)
        eq(v.returncode, 0, f"{f} validates ({v.stdout[:300]})")
server.shutdown()
shutil.rmtree(root, ignore_errors=True)
finish()
