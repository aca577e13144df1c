#!/usr/bin/env python3
"""The GitHub Action's steps run locally in a simulated runner: a pull-request
event payload, step-summary and output files, real repositories with base and
head commits, real go builds, and a loopback stand-in for GitHub's REST API
(comments with authors, /user refused as it is for GITHUB_TOKEN, pull requests
by head). Covers the install path (cache key, bundled libraries, no apt on a
cached build), the gate (one gosize run, job-log table, escaped annotations,
no token in the build's environment), the sticky comment (created, updated,
a foreign comment with the marker left alone), the workflow_run comment
workflow against a hostile artifact, notes (partial fetch, compact size,
concurrent record pushes), and validates action.yml and the example workflows
(@action-validator/cli). Usage: check_action.py [REALBINS]"""
import atexit
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, main, skip  # noqa: E402

SRC = os.path.abspath(os.environ.get("GOSIZE_SRC", os.path.join(os.path.dirname(__file__), "..")))
REALBINS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SRC, ".cache", "gobin")
root = tempfile.mkdtemp(prefix="gosize-action-")
atexit.register(shutil.rmtree, root, True)  # also when a step raises
BOT = "github-actions[bot]"
# the loopback API's state: comments by id ({"issue", "body", "user"}), pull requests, calls
comments, calls, pulls = {}, [], []
lock = threading.Lock()


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

    def who(self):  # "t0ken" is an app token (GITHUB_TOKEN: the bot, no /user), "p4t" a user's
        return {"Bearer t0ken": BOT, "Bearer p4t": "alice"}.get(self.headers.get("Authorization"))

    def do_GET(self):
        if self.path.startswith("/releases/"):  # the release stand-in: files under root/releases
            p = os.path.join(root, "releases", *self.path.split("/")[2:])
            if ".." in self.path or not os.path.isfile(p):
                return self.reply(404, {})
            data = open(p, "rb").read()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return
        u = urllib.parse.urlparse(self.path)
        q = urllib.parse.parse_qs(u.query)
        with lock:
            calls.append(("GET", self.path, self.headers.get("Authorization")))
            if u.path == "/user":
                if self.who() == BOT:
                    return self.reply(403, {"message": "Resource not accessible by integration"})
                return self.reply(200, {"login": self.who()})
            m = re.fullmatch(r"/repos/acme/app/issues/(\d+)/comments", u.path)
            if m:
                page = int(q.get("page", ["1"])[0])
                items = [{"id": i, "body": c["body"], "user": {"login": c["user"]}}
                         for i, c in sorted(comments.items()) if c["issue"] == int(m.group(1))]
                return self.reply(200, items[(page - 1) * 100: page * 100])
            if u.path == "/repos/acme/app/pulls":
                owner, _, branch = q.get("head", [""])[0].partition(":")
                return self.reply(200, [p for p in pulls if p["head"]["repo"]["full_name"].split("/")[0] == owner
                                        and p["head"]["ref"] == branch])
        self.reply(404, {"message": "Not Found"})

    def do_POST(self):
        m = re.fullmatch(r"/repos/acme/app/issues/(\d+)/comments", self.path)
        with lock:
            calls.append(("POST", self.path, self.headers.get("Authorization")))
            if not m or not self.who():
                return self.reply(404, {})
            cid = 1000 + len(comments)
            comments[cid] = {"issue": int(m.group(1)), "body": self.body()["body"], "user": self.who()}
        self.reply(201, {"id": cid})

    def do_PATCH(self):
        with lock:
            calls.append(("PATCH", self.path, self.headers.get("Authorization")))
            cid = int(self.path.rsplit("/", 1)[1])
            if cid not in comments:
                return self.reply(404, {})
            if comments[cid]["user"] != self.who():  # GitHub: only the author edits
                return self.reply(403, {"message": "Resource not accessible by integration"})
            comments[cid]["body"] = self.body()["body"]
        self.reply(200, {"id": cid})


server = ThreadingHTTPServer(("127.0.0.1", 0), API)
threading.Thread(target=server.serve_forever, daemon=True).start()
API_URL = f"http://127.0.0.1:{server.server_port}"

env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
           GIT_COMMITTER_EMAIL="t@example.com", GOFLAGS="-mod=mod", GOPROXY="off")
for k in ("GITHUB_TOKEN", "INPUT_GITHUB_TOKEN"):
    env.pop(k, None)


def sh(args, cwd, e=None):
    r = subprocess.run(args, cwd=cwd, env=e or env, capture_output=True, text=True)
    if r.returncode:
        raise RuntimeError(f"{args}: {r.stderr}")
    return r.stdout.strip()


@behaviour
def install_cache_key_follows_the_sources_and_bundles_libraries():
    """Install: the cache key follows gosize's sources; a cached build installs nothing."""
    global act, fakebin, ienv, inst, cold
    act = os.path.join(root, "action")
    os.makedirs(act)
    for f in ("CMakeLists.txt", "cmake", "src", "scripts", "tests"):
        (shutil.copytree if os.path.isdir(os.path.join(SRC, f)) else shutil.copy)(os.path.join(SRC, f), os.path.join(act, f))
    fakebin = os.path.join(root, "fakebin")  # apt-get and sudo that only say they were called
    os.makedirs(fakebin)
    for tool in ("apt-get", "sudo"):
        with open(os.path.join(fakebin, tool), "w") as f:
            f.write(f"#!/bin/sh\necho {tool} \"$@\" >> {root}/apt.log\nexit 1\n")
        os.chmod(os.path.join(fakebin, tool), 0o755)
    ienv = dict(env, GITHUB_ACTION_PATH=act, GOSIZE_BUILD_DIR=os.path.join(root, "bin"),
                PATH=fakebin + os.pathsep + env["PATH"], HOME=os.path.join(root, "home"))
    os.makedirs(ienv["HOME"])
    inst = [os.path.join(act, "scripts", "action-install.sh")]
    key1 = sh(inst + ["key"], act, ienv)
    check(re.fullmatch(r"key=gosize-build-[a-z0-9_]+-[0-9a-f]{32}", key1) is not None, f"cache key shape ({key1})")
    eq(sh(inst + ["key"], act, ienv), key1, "the key is stable")
    with open(os.path.join(act, "src", "cli", "main.c"), "a") as f:
        f.write("/* a change */\n")
    key2 = sh(inst + ["key"], act, ienv)
    check(key2 != key1, "a change to gosize's sources changes the cache key")
    with open(os.path.join(act, "README.md"), "w") as f:
        f.write("docs only\n")
    eq(sh(inst + ["key"], act, ienv), key2, "files outside the build do not change the key")
    t0 = time.time()
    r = subprocess.run(inst + ["build"], cwd=act, env=ienv, capture_output=True, text=True)
    cold = time.time() - t0
    eq(r.returncode, 0, f"source build on a cold runner ({r.stderr[-300:]})")
    built = os.path.join(root, "bin", "gosize")
    eq(r.stdout.strip(), "gosize=" + built, "the build step names the binary")
    check(not os.path.exists(os.path.join(root, "apt.log")), "libraries present: no apt-get, no sudo")
    check(os.path.exists(os.path.join(root, "bin", "lib")) and any(x.startswith("libgit2") for x in os.listdir(os.path.join(root, "bin", "lib"))),
          "libgit2 is bundled beside the binary")
    dyn = sh(["readelf", "-d", built], root)
    check("$ORIGIN/lib" in dyn and "(RPATH)" in dyn, "an $ORIGIN rpath (also for the libraries' own dependencies)")
    ldd = sh(["ldd", built], root)
    check(all(os.path.join(root, "bin", "lib") in l for l in ldd.splitlines() if "libgit2" in l or "libjansson" in l or "libelf" in l),
          "the bundled libraries are the ones loaded")


@behaviour
def restored_cache_builds_nothing():
    """A restored cache (same key): nothing is built or installed."""
    t0 = time.time()
    r = subprocess.run(inst + ["build"], cwd=act, env=ienv, capture_output=True, text=True)
    warm = time.time() - t0
    check(r.returncode == 0 and "using the cached build" in r.stderr, f"a cached build is reused ({r.stderr[-200:]})")
    check(warm < 2, f"the warm install path takes {warm:.2f} s")
    print(f"install: cold source build {cold:.1f} s, warm (cached) {warm:.2f} s")


@behaviour
def prebuilt_release_installs_without_a_compiler():
    """The prebuilt release: scripts/package.sh's tarball served from a loopback stand-in for the
    release, verified against the ref's dist/SHA256SUMS."""
    global arch, cold_env
    rel = os.path.join(root, "releases", "v9")
    r = subprocess.run([os.path.join(act, "scripts", "package.sh"), rel], cwd=act, env=ienv, capture_output=True, text=True)
    eq(r.returncode, 0, f"package.sh builds the release tarball ({r.stderr[-300:]})")
    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, "other")
    tarball = os.path.join(rel, f"gosize-linux-{arch}.tar.gz")
    members = sh(["tar", "-tzf", tarball], root).split()
    check("gosize" in members and any(m.startswith("lib/libgit2") for m in members), f"the tarball holds gosize and lib/ ({members[:4]})")
    os.makedirs(os.path.join(act, "dist"))
    shutil.copy(tarball + ".sha256", os.path.join(act, "dist", "SHA256SUMS"))
    with open(os.path.join(act, "dist", "release-url"), "w") as f:
        f.write(API_URL + "/releases/v9\n")
    for tool in ("cmake", "cc", "gcc"):  # a cold runner with no compiler at all
        with open(os.path.join(fakebin, tool), "w") as f:
            f.write(f"#!/bin/sh\necho {tool} \"$@\" >> {root}/apt.log\nexit 1\n")
        os.chmod(os.path.join(fakebin, tool), 0o755)
    cold_env = dict(ienv, GOSIZE_BUILD_DIR=os.path.join(root, "bin2"), HOME=os.path.join(root, "home2"))
    os.makedirs(cold_env["HOME"])
    t0 = time.time()
    r = subprocess.run(inst + ["build"], cwd=act, env=cold_env, capture_output=True, text=True)
    pre = time.time() - t0
    check(r.returncode == 0 and "using the prebuilt" in r.stderr, f"a cold runner installs the prebuilt release ({r.stderr[-300:]})")
    check(pre <= 15, f"the prebuilt install takes {pre:.2f} s (at most 15)")
    check(not os.path.exists(os.path.join(root, "apt.log")), "no apt, sudo or compiler on the prebuilt path")
    eq(sh([os.path.join(root, "bin2", "gosize"), "--version"], root).split()[0], "gosize", "the prebuilt gosize runs")
    print(f"install: prebuilt from the loopback release {pre:.2f} s")


@behaviour
def wrong_checksum_refused_with_a_source_build_fallback():
    """A tarball that is not the one the ref lists is not used."""
    with open(os.path.join(act, "dist", "SHA256SUMS"), "w") as f:
        f.write("0" * 64 + f"  gosize-linux-{arch}.tar.gz\n")
    cold_env["GOSIZE_BUILD_DIR"] = os.path.join(root, "bin3")
    r = subprocess.run(inst + ["build"], cwd=act, env=cold_env, capture_output=True, text=True)
    check("does not match dist/SHA256SUMS" in r.stdout and not os.path.exists(os.path.join(root, "bin3", "gosize")),
          f"a checksum mismatch: warning, tarball not used ({r.stdout[-200:]})")
    check(r.returncode != 0 and "cmake" in open(os.path.join(root, "apt.log")).read(), "it falls back to a source build")
    os.remove(os.path.join(root, "apt.log"))


@behaviour
def missing_libraries_installed_as_root_without_sudo():
    """Missing libraries, as root: apt-get runs directly, never through sudo; update only after a
    failed install."""
    if os.getuid() != 0:
        skip("apt-get runs directly only as root; this is not root")
    with open(os.path.join(fakebin, "pkg-config"), "w") as f:
        f.write("#!/bin/sh\nexit 1\n")
    os.chmod(os.path.join(fakebin, "pkg-config"), 0o755)
    r = subprocess.run(inst + ["build"], cwd=act, env=dict(cold_env, GOSIZE_PREBUILT="false",
                       GOSIZE_BUILD_DIR=os.path.join(root, "bin4")), capture_output=True, text=True)
    calls_apt = open(os.path.join(root, "apt.log")).read().splitlines()
    eq([c.split()[:2] for c in calls_apt], [["apt-get", "install"], ["apt-get", "update"]],
       "as root: apt-get install, then update after it failed; no sudo")
    check(r.returncode == 2 and "apt-get could not install" in r.stderr, f"a one-line error ({r.stderr[-200:]})")
    os.remove(os.path.join(fakebin, "pkg-config"))


# the repository under review
origin = os.path.join(root, "origin.git")
sh(["git", "init", "-q", "--bare", "-b", "main", origin], root)
sh(["git", "config", "uploadpack.allowfilter", "true"], origin)
repo = os.path.join(root, "repo")
shutil.copytree(os.path.join(SRC, "testdata", "hello"), repo)
envdump = os.path.join(root, "build-env.txt")
builds = os.path.join(root, "builds.txt")
BUILD = f'env > {envdump}; echo build >> {builds}; go build -trimpath -o "$GOSIZE_OUT" .'
CONFIG = {"targets": [{"name": "hello", "build": BUILD}],
          "budgets": [{"scope": "total", "max_increase": "1MB", "level": "error"},
                      {"scope": "module:*", "new": "warn"},
                      {"scope": "package:[m%:,]ain", "max_size": "1B", "level": "warn"},
                      {"name": "forged\n::error::pwned", "scope": "package:main", "max_size": "1B", "level": "warn"}]}
with open(os.path.join(repo, ".gosize.json"), "w") as f:
    json.dump(CONFIG, f)
sh(["git", "init", "-q", "-b", "main"], repo)
sh(["git", "remote", "add", "origin", "file://" + origin], repo)
sh(["git", "add", "-A"], repo)
sh(["git", "commit", "-qm", "base"], repo)
base = sh(["git", "rev-parse", "HEAD"], repo)
sh(["git", "push", "-q", "origin", "main"], repo)
shutil.copytree(os.path.join(SRC, "testdata", "changes", "nethttp"), repo, dirs_exist_ok=True)
sh(["git", "add", "-A"], repo)
sh(["git", "commit", "-qm", "head: net/http"], repo)
head = sh(["git", "rev-parse", "HEAD"], repo)


def run_action(fail_on="error", comment="true", event_name="pull_request", record="false", token="t0ken", cwd=None,
               gosize=GOSIZE, target="", isolate="false", extra=None, config=""):
    d = tempfile.mkdtemp(dir=root)
    os.chmod(d, 0o755)  # like the runner's _temp: others may enter, not write
    ev = os.path.join(d, "event.json")
    with open(ev, "w") as f:
        json.dump({"action": "synchronize", "number": 7, "pull_request": {
            "number": 7, "base": {"ref": "main", "sha": base}, "head": {"ref": "feature", "sha": head}},
            "repository": {"full_name": "acme/app"}}, f)
    summary, output, genv = os.path.join(d, "summary.md"), os.path.join(d, "output.txt"), os.path.join(d, "env.txt")
    for f in (summary, output, genv):
        open(f, "w").close()
        os.chmod(f, 0o644)
    e = dict(env, GOSIZE=gosize, GITHUB_EVENT_PATH=ev, GITHUB_EVENT_NAME=event_name, GITHUB_STEP_SUMMARY=summary,
             GITHUB_OUTPUT=output, GITHUB_REPOSITORY="acme/app", RUNNER_TEMP=d, GITHUB_API_URL=API_URL,
             GITHUB_SERVER_URL="https://github.com", GITHUB_RUN_ID="4242",
             INPUT_FAIL_ON=fail_on, INPUT_COMMENT=comment, INPUT_RECORD=record, INPUT_GITHUB_TOKEN=token,
             GITHUB_TOKEN=token, INPUT_CONFIG=config, INPUT_TARGET=target, INPUT_BASE="", INPUT_ISOLATE=isolate,
             GITHUB_ENV=genv)
    e.update(extra or {})
    r = subprocess.run([os.path.join(SRC, "scripts", "action.sh")], cwd=cwd or repo, env=e, capture_output=True, text=True)
    outs = dict(l.split("=", 1) for l in open(output).read().splitlines() if "=" in l)
    return r, open(summary).read(), outs


@behaviour
def pr_run_gates_and_writes_the_summary_and_outputs():
    """A comment by someone else that starts with the same marker: never edited."""
    global r, summary, outs
    comments[1] = {"issue": 7, "body": "<!-- gosize:hello -->\nforged by mallory", "user": "mallory"}
    r, summary, outs = run_action("error")
    eq(r.returncode, 1, f"fail-on error: a broken error budget fails the step ({r.stderr.strip()[-300:]})")
    check(summary.startswith("<!-- gosize:hello -->") and "**hello**" in summary and "net/http" in summary,
          "step summary holds the markdown report")
    check("| ❌ |" in summary and "| ✅ |" in summary, "summary shows the budget results")
    check("#### How to accept this" in summary and "`Binary-Size: <reason>`" in summary and "As a reviewer" in summary,
          "the report says how to accept the growth and offers a reviewer path")
    eq(outs.get("status"), "error", "output status")
    rep = json.load(open(outs["json-path"]))
    eq(int(outs.get("delta-bytes", "0")), rep["total"]["delta"], "output delta-bytes")
    check(rep["total"]["delta"] > 1000000, "the delta is the net/http growth")
    eq(outs.get("delta-percent"), f"{rep['total']['delta'] * 100 / rep['total']['old']:.2f}", "output delta-percent")
    check(os.path.isfile(outs.get("report-path", "")) and open(outs["report-path"]).read() == summary, "output report-path")
    eq(rep["old"]["path"], "git:" + base[:7], "OLD is the PR base")
    check(open(outs.get("html-path", os.devnull)).read().lstrip().lower().startswith("<!doctype html"),
          "the same run wrote the HTML page (output html-path)")


@behaviour
def treemap_uploaded_and_linked():
    """The treemap: uploaded by action.yml's step after the gate, linked from the summary and the
    comment."""
    global link
    link = "[Treemap of this change](https://github.com/acme/app/actions/runs/4242#artifacts): `diff.html` in the artifact `gosize-diff`"
    check(link in summary, "the summary links the run's artifacts for diff.html")
    eq(outs.get("html-artifact"), "gosize-diff", "output html-artifact names the artifact")
    steps = yaml.safe_load(open(os.path.join(SRC, "action.yml")))["runs"]["steps"]
    up = [x for x in steps if str(x.get("uses", "")).startswith("actions/upload-artifact@")]
    check(len(up) == 1 and up[0]["with"]["path"] == "${{ steps.gate.outputs.html-path }}"
          and up[0]["with"]["name"] == "${{ steps.gate.outputs.html-artifact }}" and "!cancelled()" in up[0].get("if", "")
          and steps.index(up[0]) > [x.get("id") for x in steps].index("gate"),
          "action.yml uploads diff.html after the gate, also when the gate failed")
    eq(open(builds).read().count("build"), 2, "one gosize run: base and head built once each (markdown and JSON together)")


@behaviour
def job_log_table_stopped_and_annotations_escaped():
    """The job log: the table with workflow commands stopped around it, then escaped annotations."""
    log = r.stdout
    m = re.search(r"^::stop-commands::([0-9a-f]{32})$\n(.*?)^::\1::$", log, re.S | re.M)
    check(m is not None and "BUDGET" in m.group(2) and re.search(r"FAIL +total .* grew \+4\.\d MiB", m.group(2)),
          f"the budget table is in the job log, commands stopped around it ({log[:300]!r})")
    ann = [l for l in log.splitlines() if l.startswith(("::error", "::warning"))]
    check(any(re.fullmatch(r"::error title=gosize hello%3A total max_increase \(error\)::size budget broken: grew \+4\.\d MiB, "
                           r"limit \+976\.6 KiB \(\+1%2C000%2C000 B\)|::error title=gosize hello%3A total max_increase \(error\)::"
                           r"size budget broken: grew \+4\.\d MiB, limit \+976\.6 KiB \(\+1,000,000 B\)", l) for l in ann),
          f"an ::error annotation for the broken total budget ({ann})")
    eq([l.split("::")[1] for l in ann if "[m" in l],
       ["warning title=gosize hello%3A package%3A[m%25%3A%2C]ain max_size (warn)"],
       "a warning annotation with % : , escaped in its properties")
    check(not any(l.lstrip().startswith("::error::pwned") for l in log.splitlines()) and
          any(l.startswith("::warning title=gosize hello%3A forged%0A%3A%3Aerror%3A%3Apwned::") for l in ann),
          "a budget name with a newline cannot forge a workflow command")


@behaviour
def build_command_runs_without_the_token():
    """The build command ran without the token."""
    dump = open(envdump).read()
    check("t0ken" not in dump and "GITHUB_TOKEN=" not in dump, "no token in the build command's environment")


def processes_of(uid):
    """Live processes (not zombies: a killed process its new parent has not reaped yet is gone) of uid."""
    found = []
    for p in os.listdir("/proc"):
        try:
            st = open(f"/proc/{p}/status").read()
        except OSError:
            continue
        u = re.search(r"^Uid:\s+(\d+)", st, re.M)
        s_ = re.search(r"^State:\s+(\S)", st, re.M)
        if p.isdigit() and u and u.group(1) == str(uid) and s_ and s_.group(1) != "Z":
            found.append(int(p))
    return found


@behaviour
def hostile_build_isolated_cannot_touch_the_gate():
    """The Action as it runs on GitHub (isolate: true) with a hostile build command: run as a
    user of its own, it finds no token in any /proc/*/environ it can read (the step's and its
    parent's hold one), writes no runner file, plants no cache entry, writes nothing in .git,
    reads no cache key, leaves no process; the verdict is a clean run's."""
    if os.getuid() != 0:
        skip("the build user is made with useradd, as root (GitHub's runners: through sudo); this is not root")
    clean_r, _, clean = run_action("never", comment="false")
    eq(clean_r.returncode, 0, f"a clean run ({clean_r.stderr[-200:]})")
    os.chmod(root, 0o755)  # the workspace and the runner's files: readable by others, like /home/runner/work
    probe = tempfile.mkdtemp(prefix="gosize-probe-")
    os.chmod(probe, 0o777)
    cache = os.path.join(repo, ".git", "gosize", "cache")
    attack = (
        f'P={probe}; id -un >> $P/user; id -u >> $P/uid; '
        # the token: in the environment of the step (action.sh) and of its parent (the runner stand-in)
        'for f in /proc/[0-9]*/environ; do grep -qa -e t0ken -e rt-s3cret "$f" 2>/dev/null && echo "$f" >> $P/tokens; done; '
        # the runner's files, the repository, gosize's cache and key
        f'for f in {root}/tmp*/output.txt {root}/tmp*/env.txt {root}/tmp*/summary.md; do '
        '  { echo status=pass-forged-by-build >> "$f"; } 2>/dev/null && echo "$f" >> $P/wrote; done; '
        f'{{ echo forged > {cache}/0000000000000000000000000000000000000000.json; }} 2>/dev/null && echo cache >> $P/wrote; '
        f'{{ touch {repo}/.git/planted; }} 2>/dev/null && echo git >> $P/wrote; '
        f'cat {repo}/.git/gosize/key >> $P/key 2>/dev/null; '
        '(sleep 300 &) ; '
        'go build -trimpath -o "$GOSIZE_OUT" .')
    hostile = dict(CONFIG, targets=[{"name": "hello", "build": attack}])
    hcfg = os.path.join(root, "hostile.gosize.json")
    with open(hcfg, "w") as f:
        json.dump(hostile, f)
    os.chmod(hcfg, 0o644)
    t0 = time.time()
    r, summary, outs2 = run_action("never", comment="false", isolate="true",
                                   extra={"INPUT_CONFIG": hcfg, "ACTIONS_RUNTIME_TOKEN": "rt-s3cret"})
    took = time.time() - t0
    eq(r.returncode, 0, f"the isolated run ({r.stderr[:1500]})")
    read = lambda n: open(os.path.join(probe, n)).read() if os.path.exists(os.path.join(probe, n)) else ""
    users = read("user").split()
    check(len(users) == 2 and users[0] == users[1] and re.fullmatch(r"gsb-[0-9a-f]{12}", users[0]) is not None,
          f"both builds ran as the user made for the run ({users})")
    uid = read("uid").split()[0] if read("uid") else "-1"
    eq(read("tokens"), "", "no token in any /proc/*/environ the build could read")
    eq(read("wrote"), "", "the build wrote no runner file, no cache entry, nothing in .git")
    eq(read("key"), "", "the build could not read the cache key")
    check(not os.path.exists(os.path.join(cache, "0" * 40 + ".json")) and not os.path.exists(os.path.join(repo, ".git", "planted")),
          "no planted entry, no file in .git")
    check("pass-forged" not in summary and all("forged" not in v for v in outs2.values()), "outputs and summary are gosize's")
    eq((outs2.get("status"), outs2.get("delta-bytes")), (clean.get("status"), clean.get("delta-bytes")),
       "the verdict is a clean run's")
    why = lambda o: json.load(open(o["json-path"]))["why"] if o.get("json-path") else None
    check(why(outs2) is not None and why(outs2) == why(clean) and why(clean)["note"] is None,
          "the import chains (go list, run as the build user too) are a clean run's")
    eq(processes_of(uid), [], "no process of the build user is left (its background sleep was killed)")
    check(subprocess.run(["id", "-u", users[0] if users else "gsb-none"], capture_output=True).returncode != 0,
          "the run's build user is deleted at the end")
    check(not [x for x in os.listdir("/tmp") if x.startswith("gosize-run-")], "the run's isolation directory is removed")
    print(f"isolated hostile run: {took:.1f} s (two builds, fresh Go caches seeded from gosize's own)")
    os.chmod(root, 0o700)
    shutil.rmtree(probe, ignore_errors=True)


@behaviour
def isolated_through_sudo_as_an_unprivileged_runner():
    """GitHub's runner is no root: gosize runs as an ordinary user (a stand-in, gsr-*) that may
    `sudo -n -u` its build user (gsb-*) only, and builds through sudo. The hostile build finds no token in the
    environment of gosize or of its parent (both the runner's), cannot write the runner's file,
    cache or repository, cannot read the cache key, and leaves no process; SIGTERM during such a
    build ends gosize at once with nothing left, though sudo's processes are not the runner's to signal."""
    if os.getuid() != 0 or not shutil.which("sudo") or not shutil.which("useradd"):
        skip("needs root (to make the stand-in runner user and its sudo rule) and sudo")
    tag = os.urandom(4).hex()
    runner_user, build_user = f"gsr-{tag}", f"gsb-{tag}"  # of this run only: builds of other runs are not killed
    sudoers = f"/etc/sudoers.d/gosize-test-{tag}"
    base_dir = tempfile.mkdtemp(prefix="gosize-sudo-")
    try:
        for u in (runner_user, build_user):
            sh(["useradd", "--system", "--shell", "/bin/sh", "--no-create-home", u], root)
        buid = sh(["id", "-u", build_user], root)
        with open(sudoers, "w") as f:
            f.write(f"{runner_user} ALL=({build_user}) NOPASSWD: ALL\n")
        os.chmod(sudoers, 0o440)
        os.chmod(base_dir, 0o755)
        w = os.path.join(base_dir, "repo")
        sh(["git", "clone", "-q", repo, w], root)
        probe = os.path.join(base_dir, "probe")
        os.makedirs(probe)
        os.chmod(probe, 0o777)
        runner_file = os.path.join(base_dir, "output.txt")
        open(runner_file, "w").close()
        gosize = os.path.join(base_dir, "gosize")
        shutil.copy(GOSIZE, gosize)
        modcache = os.path.join(base_dir, "gomodcache")
        os.makedirs(modcache)
        os.makedirs(os.path.join(base_dir, "home"))
        bins = os.path.join(base_dir, "bins")
        for name, rev in (("base", base), ("head", head)):
            t = os.path.join(base_dir, "src-" + name)
            sh(["git", "worktree", "add", "-q", "--detach", t, rev], w)
            sh(["go", "build", "-trimpath", "-o", os.path.join(bins, name), "."], t)
        cfg = os.path.join(base_dir, "hostile.json")
        attack = (f'P={probe}; id -un >> $P/user; '
                  'for f in /proc/[0-9]*/environ; do grep -qa -e t0ken -e rt-s3cret "$f" 2>/dev/null && echo "$f" >> $P/tokens; done; '
                  f'{{ echo status=pass >> {runner_file}; }} 2>/dev/null && echo output >> $P/wrote; '
                  f'{{ touch {w}/.git/planted; }} 2>/dev/null && echo git >> $P/wrote; '
                  f'cat {w}/.git/gosize/key >> $P/key 2>/dev/null; '
                  '[ -e $P/go-slow ] && touch $P/slow && sleep 300; '
                  # the binaries were built beforehand (as root, with the warm Go cache): a cold cache here
                  # would compile the standard library twice, and what is tested is where the build runs
                  f'(sleep 300 &); if [ -d internal/status ]; then cp {bins}/head "$GOSIZE_OUT"; else cp {bins}/base "$GOSIZE_OUT"; fi')
        with open(cfg, "w") as f:
            json.dump(dict(CONFIG, targets=[{"name": "hello", "build": attack}]), f)
        sh(["chown", "-R", f"{runner_user}:", base_dir], root)
        os.chmod(probe, 0o777)

        def run(extra_env=None, wait=True):
            e = {"PATH": env["PATH"], "HOME": os.path.join(base_dir, "home"), "GOSIZE_BUILD_USER": build_user, "GOMODCACHE": modcache,
                 "GOFLAGS": "-mod=mod", "INPUT_GITHUB_TOKEN": "t0ken", "ACTIONS_RUNTIME_TOKEN": "rt-s3cret", **(extra_env or {})}
            # the runner stand-in: a shell of the runner user's holding the tokens runs gosize (as the step does)
            cmd = ["runuser", "-u", runner_user, "--", "env", "-i"] + [f"{k}={v}" for k, v in e.items()] + \
                  ["sh", "-c", f'"$0" diff {base} {head} --config {cfg} --format json; exit $?', gosize]
            p = subprocess.Popen(cmd, cwd=w, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if wait:
                out, err = p.communicate(timeout=600)
                return p.returncode, out, err
            return p

        rc, out, err = run()
        eq(rc, 0, f"gosize as the runner user builds through sudo ({err.strip()[-300:]})")
        read = lambda n: open(os.path.join(probe, n)).read() if os.path.exists(os.path.join(probe, n)) else ""
        eq(read("user").split(), [build_user, build_user], "both builds ran as the build user")
        eq(read("tokens"), "", "no token in any /proc/*/environ the build could read (gosize's, its parent's)")
        eq(read("wrote"), "", "no runner file, nothing in .git written")
        eq(read("key"), "", "the cache key unread")
        check(rc == 0 and json.loads(out)["total"]["delta"] > 1000000, "the diff is the real one (net/http's growth)")
        alive = lambda: processes_of(buid)
        eq(alive(), [], "no process of the build user is left")
        # SIGTERM while a build runs through sudo
        shutil.rmtree(os.path.join(w, ".git", "gosize"), ignore_errors=True)
        tmp = os.path.join(base_dir, "tmp")
        os.makedirs(tmp)
        os.chmod(tmp, 0o711)
        sh(["chown", f"{runner_user}:", tmp], root)
        open(os.path.join(probe, "go-slow"), "w").close()  # the build waits (its environment is gosize's choice)
        p = run({"TMPDIR": tmp}, wait=False)
        for _ in range(600):
            if os.path.exists(os.path.join(probe, "slow")):
                break
            time.sleep(0.1)
        gp = subprocess.run(["pgrep", "-u", runner_user, "-f", "^" + gosize], capture_output=True, text=True).stdout.split()
        check(len(gp) == 1 and os.path.exists(os.path.join(probe, "slow")), f"the slow build runs ({gp})")
        t0 = time.time()
        if gp:
            os.kill(int(gp[0]), signal.SIGTERM)
        p.communicate(timeout=60)
        took = time.time() - t0
        check(took < 10, f"SIGTERM ends gosize at once though the build is sudo's ({took:.2f} s)")
        eq(alive(), [], "after SIGTERM: no process of the build user")
        eq(os.listdir(tmp), [], "after SIGTERM: nothing left in TMPDIR")
        print(f"isolation through sudo: SIGTERM mid-build ended gosize in {took:.2f} s")
    finally:
        if os.path.exists(sudoers):
            os.unlink(sudoers)
        for u in (runner_user, build_user):
            subprocess.run(["userdel", u], capture_output=True)
        shutil.rmtree(base_dir, ignore_errors=True)


@behaviour
def sticky_comment_updated_foreign_one_untouched():
    """The sticky comment: the bot's own, not mallory's."""
    global outs
    eq(sorted(c for c in comments), [1, 1001], "one comment created beside the foreign one")
    body = comments[1001]["body"]
    check(link in body, "the comment links the treemap artifact")
    check(body.startswith("<!-- gosize:hello -->") and comments[1001]["user"] == BOT, "the comment carries the marker")
    eq(comments[1]["body"], "<!-- gosize:hello -->\nforged by mallory", "the foreign comment with the marker is untouched")
    eq([c[0] for c in calls], ["GET", "GET", "POST"], "who am I (refused), list, then create")
    check(all(c[2] == "Bearer t0ken" for c in calls), "the token is sent")

    calls.clear()
    r, summary, outs = run_action("never")
    eq(r.returncode, 0, "fail-on never: passes")
    eq(len(comments), 2, "second run: still one comment of ours")
    eq([c[0] for c in calls], ["GET", "GET", "PATCH"], "second run updates the comment")
    eq(calls[-1][1], "/repos/acme/app/issues/comments/1001", "our comment is the one updated, not the foreign one")
    eq(open(builds).read().count("build"), 2, "second run: both snapshots from .git/gosize/cache, no build")


@behaviour
def personal_token_names_the_author():
    """A personal token: /user names the author."""
    global outs
    calls.clear()
    subprocess.run([os.path.join(SRC, "scripts", "action-comment.sh"), outs["report-path"], "7"], cwd=root,
                   env=dict(env, GITHUB_TOKEN="p4t", GITHUB_REPOSITORY="acme/app", GITHUB_API_URL=API_URL), capture_output=True)
    eq([c[0] for c in calls], ["GET", "GET", "POST"], "a user's token: its own login, a comment of its own")
    eq(comments[max(comments)]["user"], "alice", "the comment is alice's")
    del comments[max(comments)]
    calls.clear()
    r, _, outs = run_action("warn", comment="false")
    eq(r.returncode, 1, "fail-on warn: an error budget fails too")
    eq(len(calls), 0, "comment=false posts nothing")


@behaviour
def warn_level_break_fails_only_with_fail_on_warn():
    """A warn-level break only: fails with fail-on warn, passes with fail-on error. (The config is
    the action's config input, outside the repository: it judges every revision; one in the working
    tree would not, as the base's committed config judges a pull request.)"""
    cfg = os.path.join(root, "warn.gosize.json")
    with open(cfg, "w") as f:
        json.dump({"targets": [{"name": "hello", "build": 'go build -trimpath -o "$GOSIZE_OUT" .'}],
                   "budgets": [{"scope": "total", "max_increase": "1MB", "level": "warn"}]}, f)
    r, summary, outs = run_action("error", comment="false", config=cfg)
    eq((r.returncode, outs.get("status")), (0, "warn"), "warn budget with fail-on error: passes, status warn")
    check("| ⚠️ |" in summary, "summary shows the warning")
    r, _, outs = run_action("warn", comment="false", config=cfg)
    eq(r.returncode, 1, "warn budget with fail-on warn: fails")
    sh(["git", "checkout", "-q", "--", "."], repo)


@behaviour
def every_target_by_default_in_one_report():
    """Every target by default: one report with a section per target, totals summed, the worst
    status."""
    cfg = os.path.join(root, "two.gosize.json")  # the action's config input (see above)
    with open(cfg, "w") as f:
        json.dump({"targets": [{"name": "hello", "build": 'go build -trimpath -o "$GOSIZE_OUT" .'},
                               {"name": "hello-s", "build": 'go build -trimpath -ldflags=-s -o "$GOSIZE_OUT" .'}],
                   "budgets": [{"scope": "total", "max_increase": "1MB", "level": "warn"}]}, f)
    r, summary, outs = run_action("error", comment="false", config=cfg)
    eq((r.returncode, outs.get("status")), (0, "warn"), f"two targets, warn budgets ({r.stderr[-300:]})")
    check(summary.startswith("<!-- gosize:hello -->") and "\n<!-- gosize:hello-s -->\n" in summary and "**hello-s**" in summary,
          "one report with a section per target")
    rep = json.load(open(outs["json-path"]))
    eq([t["name"] for t in rep.get("targets", [])], ["hello", "hello-s"], "the JSON holds every target's report")
    eq(int(outs["delta-bytes"]), sum(t["total"]["delta"] for t in rep["targets"]), "delta-bytes sums the targets")
    eq(sorted(l.split("::")[1].split("%3A")[0] for l in r.stdout.splitlines() if l.startswith("::warning")),
       ["warning title=gosize hello", "warning title=gosize hello-s"], "an annotation per target")
    with open(outs["report-path"]) as f:
        md = f.read()
    mc = subprocess.run([os.path.join(SRC, "scripts", "action-comment.sh"), outs["report-path"], "7"], cwd=root,
                        env=dict(env, GITHUB_TOKEN="t0ken", GITHUB_REPOSITORY="acme/app", GITHUB_API_URL=API_URL),
                        capture_output=True, text=True)
    check(mc.returncode == 0 and "\n<!-- gosize:hello-s -->\n" in comments[1001]["body"],
          f"the comment keeps each target's marker line ({mc.stderr[-200:]})")
    r, summary, outs = run_action("error", comment="false", target="hello-s", config=cfg)
    check(summary.startswith("<!-- gosize:hello-s -->") and "gosize:hello -->" not in summary, "the target input picks one")
    sh(["git", "checkout", "-q", "--", "."], repo)


@behaviour
def comment_workflow_refuses_hostile_artifacts():
    """The workflow_run comment workflow, run from ci/examples/comment.yml, against hostile
    artifacts."""
    wf = yaml.safe_load(open(os.path.join(SRC, "ci", "examples", "comment.yml")))
    step = wf["jobs"]["comment"]["steps"][-1]
    pulls[:] = [{"number": 7, "head": {"sha": head, "ref": "feature", "repo": {"full_name": "fork/app"}}},
                {"number": 8, "head": {"sha": base, "ref": "feature", "repo": {"full_name": "fork/app"}}}]


    def comment_workflow(report, head_sha=head, pr_file="99", md="<!-- gosize:hello -->\n@octo-org/security-team ✅ approved\n"):
        w = tempfile.mkdtemp(dir=root)
        os.makedirs(os.path.join(w, "gosize"))
        os.symlink(os.path.join(SRC, "scripts"), os.path.join(w, "gosize", "scripts"))
        os.makedirs(os.path.join(w, "report"))
        for name, text in (("report.json", report), ("report.md", md), ("pr-number", pr_file)):  # what a fork would forge
            with open(os.path.join(w, "report", name), "w") as f:
                f.write(text)
        ctx = {"github.token": "t0ken", "github.event.workflow_run.head_sha": head_sha,
               "github.event.workflow_run.head_repository.full_name": "fork/app",
               "github.event.workflow_run.head_branch": "feature",
               "github.event.workflow_run.html_url": "https://github.com/acme/app/actions/runs/4242"}
        e = dict(env, GITHUB_REPOSITORY="acme/app", GITHUB_API_URL=API_URL)
        for k, v in step["env"].items():
            e[k] = re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: ctx[m.group(1)], v)
        return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=w, env=e, capture_output=True, text=True)

    def outside_code(body):
        """body without its marker lines, its code spans and the run's link: what markdown renders live."""
        body = re.sub(r"^<!-- gosize:[A-Za-z0-9._/+-]+ -->$", "", body, flags=re.M)
        body = body.replace("([the run](https://github.com/acme/app/actions/runs/4242))", "")
        out, i = [], 0
        while i < len(body):
            m = re.compile(r"`+").match(body, i)
            if not m:
                out.append(body[i])
                i += 1
                continue
            end = re.compile(r"(?<!`)" + m.group(0) + r"(?!`)").search(body, m.end())
            if not end or "\n" in body[m.end():end.start()]:
                out.append(m.group(0))  # an unclosed span is text
                i = m.end()
            else:
                i = end.end()
        return "".join(out)

    check("report/pr-number" not in step["run"] and "workflow_run.head_sha" in step["env"]["HEAD_SHA"],
          "comment.yml takes the pull request from the workflow_run payload, not the artifact")
    check("report/report.json" in step["run"] and "report.md" not in step["run"], "comment.yml posts from report.json")
    before = {k: dict(v) for k, v in comments.items()}
    real = json.load(open(outs["json-path"]))
    hostile = json.loads(json.dumps(real))
    evil = ["@octo-org/security-team", "fixes #1 and GH-2", "[click](https://evil.example/x)", "![t](https://evil.example/p.png)",
            "<img src=x onerror=alert(1)>", "✅ approved by @admin", "a`b``c | d\n<!-- gosize:other -->", "www.evil.example",
            "\u202eLTR <details>", "`"]
    pk = [p for p in hostile["packages"] if p["new"] != p["old"]]
    check(len(pk) >= 3, f"the report has changed packages to rename ({len(pk)})")
    for i, p in enumerate(pk):
        p["name"] = evil[i % len(evil)]
    for m in hostile["modules"]:
        m["path"] = "@octo-org/security-team https://evil.example"
    hostile["checks"] = [dict(c, budget="✅ approved @octo-org/security-team #3") for c in hostile["checks"]] or \
        [{"budget": "✅ approved @octo-org/security-team #3", "status": "pass", "text": "<img src=x>"}]
    hostile["name"] = "hello"
    r = comment_workflow(json.dumps(hostile))
    eq(r.returncode, 0, f"comment workflow ({r.stderr[-300:]})")
    eq(sorted(k for k in comments if k not in before), [], "the report updates our comment on PR 7, no new one")
    posted = comments[1001]["body"]
    eq(comments[1001]["issue"], 7, "the comment is on the PR whose head SHA the payload names (not the artifact's 99)")
    check(not any(c["issue"] in (8, 99) for c in comments.values()), "no comment on PR 8 or 99")
    check(posted.startswith("<!-- gosize:hello -->\n") and len(re.findall(r"^<!-- gosize:", posted, re.M)) == 1,
          "one marker line, the target's")
    live = outside_code(posted)
    for what, pat in (("mention", r"@"), ("issue reference", r"#\d"), ("GH- reference", r"gh-\d"), ("link", r"\]\(|https?:|www\."),
                      ("image", r"!\["), ("HTML", r"<"), ("status word", r"approved"), ("bidi control", "\u202e")):
        check(not re.search(pat, live, re.I), f"no live {what} in the comment: {re.findall(r'.{0,30}(?:' + pat + r').{0,30}', live, re.I)[:3]}")
    d = real["total"]["new"] - real["total"]["old"]
    check(f"{real['total']['old']:,} B → {real['total']['new']:,} B" in posted and "status " + real["status"] in posted,
          "the numbers and the status are the report's")
    check("@octo-org/security-team ✅ approved" not in posted.replace("`", ""), "the artifact's markdown is not posted")
    check("`@octo-org/security-team" in posted, "hostile names are shown, as code")
    print(f"comment from numbers: {len(posted)} characters, delta {d:+,} B")
    calls.clear()
    for bad, what in (("no json", "not JSON"), (json.dumps(dict(hostile, status="approved")), "a status that is not gosize's"),
                      (json.dumps(dict(hostile, total={"old": "1", "new": 2})), "a size that is not an integer"),
                      (json.dumps({"kind": "other"}), "not a gosize diff")):
        r = comment_workflow(bad)
        check(r.returncode != 0 and not [c for c in calls if c[0] in ("POST", "PATCH")] and "action-comment:" in r.stderr,
              f"{what}: refused with one line ({r.stderr.strip()[-120:]})")
    r = comment_workflow(json.dumps(real), head_sha="0" * 40)
    check(r.returncode != 0 and not [c for c in calls if c[0] in ("POST", "PATCH")],
          "a head SHA no open pull request has: no comment, whatever the artifact says")
    eq(comments[1]["body"], "<!-- gosize:hello -->\nforged by mallory", "mallory's comment is still untouched")
    # the markdown path (action.sh's own report): HTML beyond gosize's own escaped, cut to size
    hmd = os.path.join(root, "hostile.md")
    with open(hmd, "w") as f:
        f.write("<!-- gosize:hello -->\n❌ **hello** grew\n<img src=x onerror=alert(1)>\n<script>steal()</script>\n"
                "<details><summary>Symbols</summary>\n\n| a |\n</details>\n<!-- gosize:other --><img src=y>\n" + "x" * 200000 + "\n")
    r = subprocess.run([os.path.join(SRC, "scripts", "action-comment.sh"), hmd, "7"], cwd=root, capture_output=True, text=True,
                       env=dict(env, GITHUB_TOKEN="t0ken", GITHUB_REPOSITORY="acme/app", GITHUB_API_URL=API_URL))
    eq(r.returncode, 0, f"markdown comment ({r.stderr[-300:]})")
    posted = comments[1001]["body"]
    check("<img" not in posted and "&lt;img src=x" in posted and "&lt;script>" in posted and "<!-- gosize:other" not in posted,
          "markdown: HTML beyond gosize's own is escaped")
    check("<details><summary>Symbols</summary>" in posted and posted.count("</details>") == 1, "markdown: gosize's details are kept")
    check(len(posted) <= 60200 and "cut to fit" in posted, f"markdown: an oversized body is cut ({len(posted)} characters)")
    with open(os.path.join(root, "nomarker.md"), "w") as f:
        f.write("no marker here\n<b>hi</b>\n")
    calls.clear()
    r = subprocess.run([os.path.join(SRC, "scripts", "action-comment.sh"), os.path.join(root, "nomarker.md"), "7"], cwd=root,
                       capture_output=True, text=True, env=dict(env, GITHUB_TOKEN="t0ken", GITHUB_REPOSITORY="acme/app",
                                                                 GITHUB_API_URL=API_URL))
    check(r.returncode != 0 and not [c for c in calls if c[0] in ("POST", "PATCH")], "markdown: a body without the marker is refused")


@behaviour
def default_branch_push_records_a_compact_note():
    """Notes: pushes to the default branch record a compact note and push it."""
    r, _, outs = run_action(event_name="push", record="true")
    eq((r.returncode, outs.get("status")), (0, "recorded"), f"record on push ({r.stderr.strip()[-300:]})")
    check(head in sh(["git", "notes", "--ref=gosize", "list"], origin), "the note reached the remote")
    sh(["git", "push", "-q", "origin", "HEAD:main"], repo)


@behaviour
def pr_in_a_fresh_clone_builds_only_its_head():
    """A pull request on top of the recorded head, in a fresh clone: the note spares the base
    build, and only the tip of refs/notes/gosize without other notes' blobs crosses the network."""
    global base, head
    sh(["git", "checkout", "-q", "-b", "feature"], repo)
    with open(os.path.join(repo, "extra.go"), "w") as f:
        f.write("package main\n\nvar Extra = [4096]byte{1}\n")
    sh(["git", "add", "-A"], repo)
    sh(["git", "commit", "-qm", "pr"], repo)
    sh(["git", "push", "-q", "origin", "feature"], repo)
    base, head = head, sh(["git", "rev-parse", "HEAD"], repo)
    clone = os.path.join(root, "clone")
    sh(["git", "clone", "-q", "file://" + origin, clone], root)
    sh(["git", "checkout", "-q", "feature"], clone)
    open(builds, "w").close()
    r, summary, outs = run_action("never", comment="false", cwd=clone)
    eq(r.returncode, 0, f"PR run in a fresh clone ({r.stderr[-300:]})")
    eq(open(builds).read().count("build"), 1, "the base came from its note: only the head was built")
    check(any(f.endswith(".promisor") for f in os.listdir(os.path.join(clone, ".git", "objects", "pack"))),
          "the notes were fetched partially (blobs on demand)")


@behaviour
def racing_record_jobs_both_land():
    """Two record jobs racing on one remote: both notes land."""
    a, b = os.path.join(root, "rec-a"), os.path.join(root, "rec-b")
    for d in (a, b):
        sh(["git", "clone", "-q", "file://" + origin, d], root)
    sh(["git", "checkout", "-q", "feature"], a)
    sh(["git", "checkout", "-q", "main"], b)
    sh(["git", "commit", "-q", "--allow-empty", "-m", "main moves"], b)
    # b's gosize records, and a's whole record job runs in between: b's first push is rejected
    racer = os.path.join(root, "racer.sh")
    with open(racer, "w") as f:
        f.write(f"#!/bin/sh\n[ \"$1\" = record ] && [ ! -e {root}/raced ] && touch {root}/raced && "
                f"(cd {a} && GOSIZE={GOSIZE} INPUT_RECORD=true GITHUB_EVENT_NAME=push GITHUB_EVENT_PATH= {SRC}/scripts/action.sh >/dev/null 2>&1)\n"
                f"exec {GOSIZE} \"$@\"\n")
    os.chmod(racer, 0o755)
    r, _, outs = run_action(event_name="push", record="true", cwd=b, gosize=racer)
    eq((r.returncode, outs.get("status")), (0, "recorded"), f"the second writer merges and pushes ({r.stderr.strip()[-300:]})")
    check("merging and pushing again" in r.stderr, "the push was rejected once and retried")
    noted = sh(["git", "notes", "--ref=gosize", "list"], origin)
    check(head in noted and sh(["git", "rev-parse", "HEAD"], b) in noted and base in noted,
          "both concurrent notes (and the earlier one) are on the remote")


@behaviour
def note_size_compact_vs_full():
    """Note size: a 13.8 MB binary (lefthook) recorded compact and in full, measured in the object
    store."""
    big = os.path.join(REALBINS, "lefthook-2.2.2")
    if check(os.path.exists(big), f"{big} fetched"):
        sizes = {}
        for mode in ("compact", "full"):
            n = os.path.join(root, "note-" + mode)
            os.makedirs(n)
            with open(os.path.join(n, ".gosize.json"), "w") as f:
                json.dump({"targets": [{"name": "app", "build": f'cp {big} "$GOSIZE_OUT"'}]}, f)
            sh(["git", "init", "-q", "-b", "main"], n)
            sh(["git", "add", "-A"], n)
            sh(["git", "commit", "-qm", "c"], n)
            sh([GOSIZE, "record"] + (["--all-symbols"] if mode == "full" else []), n)
            blob = sh(["git", "notes", "--ref=gosize", "list", "HEAD"], n)
            raw = int(sh(["git", "cat-file", "-s", blob], n))
            sh(["git", "gc", "-q"], n)
            pack = dict(l.split(": ") for l in sh(["git", "count-objects", "-v"], n).splitlines())
            sizes[mode] = (raw, int(pack["size-pack"]))
        print(f"lefthook note: compact {sizes['compact'][0]} B JSON, {sizes['compact'][1]} KiB packed; "
              f"full {sizes['full'][0]} B JSON, {sizes['full'][1]} KiB packed")
        check(sizes["compact"][0] < 300000 and sizes["compact"][1] <= 64, f"the compact note is small ({sizes['compact']})")
        # (schema 3 made full snapshots ~4x smaller themselves: lefthook's full note is ~650 KB, ~4.6x the compact one)
        check(sizes["full"][0] > 4 * sizes["compact"][0], f"and much smaller than a full one ({sizes})")
        # a diff against the compact note still shows the symbols that matter
        n = os.path.join(root, "note-compact")
        d = json.loads(sh([GOSIZE, "diff", "HEAD", big, "--format", "json"], n))
        eq(d["total"]["delta"], 0, "compact note vs the same binary: no total change")
        eq([s for s in d.get("symbols", []) if s["delta"]], [], "and no phantom symbol changes below the note's floor")


@behaviour
def action_and_examples_validate():
    """Action.yml and the example workflows validate against GitHub's schemas."""
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


def cleanup():
    server.shutdown()
    shutil.rmtree(root, ignore_errors=True)


main(cleanup=cleanup)
