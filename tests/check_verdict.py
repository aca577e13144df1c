#!/usr/bin/env python3
"""A verdict that cannot be wrong or self-granted (issue 26), in real git
repositories with real go builds: each revision is built with its own tree's
config, so a branch that strips its binary reads the same negative delta with
and without notes and from either branch; a note recorded by another toolchain
(a `go` wrapper that reports go1.18.99 and builds without inlining) is rebuilt
and the change split into the toolchain's part and the rest, as is a tree whose
go.mod selects that toolchain; a pull request that raises its own budget is
judged by its base's and the report lists the change; a typo'd scope names its
nearest package; the label policy: a footer is refused, a label (from the
Action's event) accepts. Usage: check_verdict.py"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, main  # noqa: E402

SRC = os.path.abspath(os.environ.get("GOSIZE_SRC", os.path.join(os.path.dirname(__file__), "..")))
TD = os.path.join(SRC, "testdata")
root = tempfile.mkdtemp(prefix="gosize-verdict-")
tmpdir = os.path.join(root, "tmp")
os.makedirs(tmpdir)
env = dict(os.environ, TMPDIR=tmpdir, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
           GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", GOFLAGS="-mod=mod", GOPROXY="off")
env.pop("GIT_DIR", None)
REAL_GO = shutil.which("go")
BUILD = 'go build -trimpath -o "$GOSIZE_OUT" .'
STRIP = 'go build -trimpath -ldflags="-s -w" -o "$GOSIZE_OUT" .'

# another toolchain, simulated: go1.18.99 builds without inlining (a different binary), when
# SIMGO_OLD=1 or the go.mod where it runs says "// simgo: old" (a toolchain line), unless
# GOTOOLCHAIN names this machine's go1.19.8 (as Go 1.21+ selects a toolchain)
simgo = os.path.join(root, "simgo")
os.makedirs(simgo)
with open(os.path.join(simgo, "go"), "w") as f:
    f.write(f"""#!/bin/sh
real={REAL_GO}
old=0
[ "$SIMGO_OLD" = 1 ] && old=1
grep -qs '^// simgo: old' go.mod && old=1
case "$GOTOOLCHAIN" in go1.19*) old=0 ;; esac
if [ $old = 1 ]; then
  case "$1" in
  env) if [ "$2" = GOVERSION ]; then "$real" "$@" | sed '1s/.*/go1.18.99/'; exit; fi ;;
  build) shift; exec "$real" build -gcflags=all=-l "$@" ;;
  esac
fi
exec "$real" "$@"
""")
os.chmod(os.path.join(simgo, "go"), 0o755)
SIMENV = dict(env, PATH=simgo + os.pathsep + env["PATH"])


def sh(args, cwd, e=None):
    r = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=e or env)
    if r.returncode != 0:
        raise RuntimeError(f"{args} failed: {r.stderr}")
    return r.stdout


def gosize(args, cwd, e=None):
    return subprocess.run([GOSIZE, *args], cwd=cwd, capture_output=True, text=True, env=e or env)


def commit(repo, msg):
    sh(["git", "add", "-A"], repo)
    sh(["git", "commit", "-qm", msg], repo)


def new_repo(name, config):
    repo = os.path.join(root, name)
    shutil.copytree(os.path.join(TD, "hello"), repo)
    sh(["git", "init", "-q", "-b", "main"], repo)
    if config is not None:
        write_config(repo, config)
    commit(repo, "base")
    return repo


def write_config(repo, config):
    with open(os.path.join(repo, ".gosize.json"), "w") as f:
        json.dump(config, f)


def built_size(repo, rev, cmd, e=None):
    """The size of rev's binary built by hand (git worktree + sh), independently of gosize."""
    wt = os.path.join(root, "wt-" + os.path.basename(repo) + "-" + rev.replace("/", "_"))
    sh(["git", "worktree", "add", "-q", "--detach", wt, rev], repo)
    try:
        out = os.path.join(wt, "bin.out")
        subprocess.run(["sh", "-c", cmd], cwd=wt, env=dict(e or env, GOSIZE_OUT=out, GOFLAGS="-mod=mod -buildvcs=false"),
                       check=True, capture_output=True)
        return os.path.getsize(out)
    finally:
        sh(["git", "worktree", "remove", "--force", wt], repo)


def diff_json(args, cwd, e=None):
    r = gosize([*args, "--format", "json"], cwd, e)
    check(r.returncode in (0, 1), f"{args}: {r.stderr.strip()[-400:]}")
    return json.loads(r.stdout or "{}"), r


@behaviour
def a_stripping_branch_reads_the_same_negative_delta_with_and_without_notes_from_either_branch():
    """The branch adds -ldflags="-s -w" to its target: main is built with main's command, the branch
    with its own, whichever is checked out, whether main's snapshot comes from a build, the cache
    or a note, and in a fresh clone."""
    repo = new_repo("strip", {"targets": [{"name": "svc", "build": BUILD}],
                              "budgets": [{"name": "growth", "scope": "total", "max_increase": "64KiB"}]})
    sh(["git", "checkout", "-q", "-b", "strip"], repo)
    write_config(repo, {"targets": [{"name": "svc", "build": STRIP}],
                        "budgets": [{"name": "growth", "scope": "total", "max_increase": "64KiB"}]})
    commit(repo, "strip the binary")
    want = built_size(repo, "strip", STRIP) - built_size(repo, "main", BUILD)
    check(want < -100000, f"stripping saves (by hand: {want})")
    fresh, _ = diff_json(["diff", "main", "HEAD"], repo)
    eq(fresh["total"]["delta"], want, "on the branch, no notes: the delta of the two builds as they ship")
    cached, _ = diff_json(["diff", "main", "HEAD"], repo)
    eq(cached["total"]["delta"], want, "again, from the cache")
    sh(["git", "checkout", "-q", "main"], repo)
    other, _ = diff_json(["diff", "main", "strip"], repo)
    eq(other["total"]["delta"], want, "from main checked out")
    r = gosize(["record", "main"], repo)
    check(r.returncode == 0, f"record main: {r.stderr}")
    note = json.loads(sh(["git", "notes", "--ref=gosize", "show", "main"], repo))["svc"]
    eq(note["provenance"]["build"], BUILD, "the note records main's own build command")
    check(note["provenance"].get("GOVERSION", "").startswith("go1.") and "GOARCH" in note["provenance"],
          f"the note records the toolchain and settings: {sorted(note['provenance'])}")
    shutil.rmtree(os.path.join(repo, ".git", "gosize"))
    sh(["git", "checkout", "-q", "strip"], repo)
    noted, r = diff_json(["diff", "main", "HEAD", "--progress"], repo)
    eq(noted["total"]["delta"], want, "with main's note")
    check("main (" in r.stderr and "snapshot from refs/notes/gosize" in r.stderr, f"the note was used: {r.stderr}")
    bare = os.path.join(root, "strip.git")
    sh(["git", "clone", "-q", "--bare", repo, bare], root)
    clone = os.path.join(root, "strip-clone")
    sh(["git", "clone", "-q", "-b", "strip", bare, clone], root)
    cl, _ = diff_json(["diff", "origin/main", "HEAD"], clone)
    eq(cl["total"]["delta"], want, "a fresh clone without notes")
    eq(cl["remarks"], ['this pull request changes the build of svc: ' + BUILD + ' → ' + STRIP],
       "the one remark: the branch changes its build command (each side built as it ships)")


@behaviour
def a_note_built_otherwise_is_not_used():
    """A note whose provenance differs from what this run builds (another GOFLAGS; no provenance at
    all, as an older gosize wrote) is not used: the revision is rebuilt and the delta is unchanged."""
    repo = new_repo("prov", {"targets": [{"name": "svc", "build": BUILD}]})
    with open(os.path.join(repo, "extra.go"), "w") as f:
        f.write('package main\n\nimport "os"\n\nfunc init() {\n\tif len(os.Args) > 8 {\n\t\tpanic("eight")\n\t}\n}\n')
    commit(repo, "two")
    want, _ = diff_json(["diff", "HEAD~1", "HEAD"], repo)
    r = gosize(["record", "HEAD~1"], repo, dict(env, GOFLAGS="-mod=mod -tags=other"))
    check(r.returncode == 0, f"record with other GOFLAGS: {r.stderr}")
    shutil.rmtree(os.path.join(repo, ".git", "gosize"))
    got, r = diff_json(["diff", "HEAD~1", "HEAD", "--progress"], repo)
    check("not using its note" in r.stderr and "GOFLAGS" in r.stderr, f"the note is refused, naming GOFLAGS: {r.stderr}")
    eq(got["total"]["delta"], want["total"]["delta"], "rebuilt: the same delta")
    # a note without provenance (an older gosize's): its snapshot with the provenance cut out
    note = json.loads(sh(["git", "notes", "--ref=gosize", "show", "HEAD~1"], repo))
    note["svc"].pop("provenance")
    sh(["git", "notes", "--ref=gosize", "add", "-f", "-m", json.dumps(note), "HEAD~1"], repo)
    shutil.rmtree(os.path.join(repo, ".git", "gosize"), ignore_errors=True)
    got, r = diff_json(["diff", "HEAD~1", "HEAD", "--progress"], repo)
    check("does not say how it was built" in r.stderr and "building HEAD~1" in r.stderr,
          f"a note without provenance is rebuilt: {r.stderr}")
    eq(got["total"]["delta"], want["total"]["delta"], "rebuilt: the same delta")


def split_of(report):
    return [x for x in report.get("remarks", []) if x.startswith("toolchain ")]


@behaviour
def a_note_from_another_toolchain_is_rebuilt_and_the_change_split():
    """main's note was recorded by go1.18.99; the pull request adds net/http. gosize rebuilds main
    with this run's go1.19.8: the headline names both parts, the tables and budgets show this
    change; budgets_include_toolchain judges both."""
    cfg = {"targets": [{"name": "svc", "build": BUILD}],
           "budgets": [{"name": "growth", "scope": "total", "max_increase": "64KiB"}]}
    repo = new_repo("toolchain", cfg)
    r = gosize(["record", "main"], repo, dict(SIMENV, SIMGO_OLD="1"))
    check(r.returncode == 0, f"record under go1.18.99: {r.stderr}")
    note = json.loads(sh(["git", "notes", "--ref=gosize", "show", "main"], repo))["svc"]
    eq(note["provenance"]["GOVERSION"], "go1.18.99", "the note says which toolchain built it")
    sh(["git", "checkout", "-q", "-b", "pr"], repo)
    shutil.copytree(os.path.join(TD, "changes", "nethttp"), repo, dirs_exist_ok=True)
    commit(repo, "net/http")
    old_shipped = note["totals"]["file"]
    old_now = built_size(repo, "main", BUILD)
    head = built_size(repo, "pr", BUILD)
    check(old_shipped != old_now, f"the two toolchains build main differently ({old_shipped} vs {old_now})")
    j, r = diff_json(["check", "main", "HEAD", "--progress"], repo)
    eq(r.returncode, 1, "the change breaks the budget")
    eq(j["total"]["delta"], head - old_now, "the tables: this change only (main rebuilt with go1.19.8)")
    sp = split_of(j)
    a, b = old_now - old_shipped, head - old_now

    def human(v):
        return ("+" if v > 0 else "-" if v < 0 else "") + (f"{abs(v)} B" if abs(v) < 1024 else
                                                            f"{abs(v) / 1024:.1f} KiB" if abs(v) < 1023.95 * 1024 else
                                                            f"{abs(v) / 1048576:.1f} MiB")
    check(len(sp) == 1 and sp[0].startswith(f"toolchain go1.18.99 → go1.19.8: {human(a)}; this change: {human(b)}"),
          f"the headline splits toolchain {human(a)} and change {human(b)}: {sp}")
    growth = [c for c in j["checks"] if c["budget"] == "growth"][0]
    eq(growth["delta"], b, "the budget judges this change")
    md = gosize(["check", "main", "HEAD", "--format", "md"], repo).stdout
    check("toolchain go1.18.99 → go1.19.8" in md, "the markdown headline names the split")
    # the PR asks the budgets to include the toolchain's part: judged by main's config, it does not (yet)
    write_config(repo, dict(cfg, budgets_include_toolchain=True))
    commit(repo, "budgets include the toolchain")
    j, _ = diff_json(["check", "main", "HEAD"], repo)
    growth = [c for c in j["checks"] if c["budget"] == "growth"][0]
    eq(growth["delta"], b, "main's config judges: the change only")
    j, _ = diff_json(["check", "main", "HEAD", "--budgets-from", "head"], repo)
    growth = [c for c in j["checks"] if c["budget"] == "growth"][0]
    eq(growth["delta"], a + b, "budgets_include_toolchain (the head's, --budgets-from head): both parts")


@behaviour
def a_go_mod_that_selects_another_toolchain_is_split_by_building_the_base_with_the_heads():
    """main's go.mod selects go1.18.99 (the wrapper reads it as Go 1.21+ reads a toolchain line);
    the pull request drops it. main is built as it ships (go1.18.99), then again with
    GOTOOLCHAIN=go1.19.8, and the report splits the two parts."""
    repo = new_repo("toolline", {"targets": [{"name": "svc", "build": BUILD}]})
    with open(os.path.join(repo, "go.mod"), "a") as f:
        f.write("\n// simgo: old\n")
    commit(repo, "select the old toolchain")
    sh(["git", "checkout", "-q", "-b", "pr"], repo)
    with open(os.path.join(repo, "go.mod")) as f:
        mod = f.read().replace("\n// simgo: old\n", "\n")
    with open(os.path.join(repo, "go.mod"), "w") as f:
        f.write(mod)
    commit(repo, "the new toolchain")
    shipped = built_size(repo, "main", BUILD, SIMENV)
    rebuilt = built_size(repo, "main", BUILD, dict(SIMENV, GOTOOLCHAIN="go1.19.8"))
    head = built_size(repo, "pr", BUILD, SIMENV)
    j, r = diff_json(["diff", "main", "HEAD", "--progress"], repo, SIMENV)
    check("with GOTOOLCHAIN=go1.19.8" in r.stderr, f"main built again with the head's toolchain: {r.stderr}")
    eq(j["total"]["delta"], head - rebuilt, "the tables: the change with one toolchain")
    check(len(split_of(j)) == 1 and "go1.18.99 → go1.19.8" in split_of(j)[0],
          f"the split is named: {j.get('remarks')}")
    check(shipped != rebuilt, f"the toolchains differ in size ({shipped} vs {rebuilt})")


@behaviour
def a_pull_request_cannot_loosen_its_own_budget():
    """The commit adds net/http and raises max_increase from 64KiB to 100MiB: main's budget judges
    (exit 1) and the report lists the change; --budgets-from head is the local experiment."""
    repo = new_repo("loosen", {"targets": [{"name": "svc", "build": BUILD}],
                               "budgets": [{"name": "growth", "scope": "total", "max_increase": "64KiB"}]})
    sh(["git", "checkout", "-q", "-b", "pr"], repo)
    shutil.copytree(os.path.join(TD, "changes", "nethttp"), repo, dirs_exist_ok=True)
    write_config(repo, {"targets": [{"name": "svc", "build": BUILD}],
                        "budgets": [{"name": "growth", "scope": "total", "max_increase": "100MiB"}]})
    commit(repo, "net/http, and a bigger budget")
    r = gosize(["check", "main", "HEAD", "--format", "text"], repo)
    eq(r.returncode, 1, f"judged by main's budget ({r.stderr.strip()})")
    flat = " ".join(r.stdout.split())  # the text report wraps its lines to the width
    check("this pull request changes budgets: growth +64.0 KiB → +100.0 MiB; applies after merge" in flat
          and "limit +64.0 KiB" in flat, f"the report lists the change: {r.stdout[:600]}")
    r = gosize(["check", "--base", "main", "--format", "text"], repo)
    eq(r.returncode, 1, "also with --base main and the working tree as NEW")
    r = gosize(["check", "main", "HEAD", "--budgets-from", "head", "--format", "text"], repo)
    eq(r.returncode, 0, "--budgets-from head: the pull request's own budget")
    check("limit +100.0 MiB" in r.stdout, "--budgets-from head shows the head's limit")
    # a base without a config takes the head's, and says so
    bare = new_repo("noconfig", None)
    sh(["git", "checkout", "-q", "-b", "pr"], bare)
    write_config(bare, {"targets": [{"name": "svc", "build": BUILD}],
                        "budgets": [{"name": "growth", "scope": "total", "max_size": "1KiB"}]})
    commit(bare, "a config")
    j, r = diff_json(["check", "main", "HEAD"], bare)
    eq(r.returncode, 1, "the head's budget judges a base without a config")
    check(any("has no config: judged by NEW's budgets" in x for x in j["remarks"]) and
          any("has no .gosize.json: built with the working tree's target svc" in x for x in j["remarks"]),
          f"and the report says so: {j['remarks']}")


@behaviour
def a_typoed_scope_names_its_nearest_package_and_a_forbid_budget_reads_absent():
    repo = new_repo("typo", {"targets": [{"name": "svc", "build": BUILD}],
                             "budgets": [{"scope": "package:example.com/hello/internal/graet", "max_increase": "1KiB"},
                                         {"scope": "module:golang.org/x/evil", "max_size": 0}]})
    with open(os.path.join(repo, "main.go"), "a") as f:
        f.write("\n// a comment\n")
    commit(repo, "two")
    j, r = diff_json(["check", "HEAD~1", "HEAD"], repo)
    eq(r.returncode, 1, "a budget on nothing does not pass silently")
    typo, forbid = j["checks"]
    eq(typo["text"], "matches no package in either snapshot; nearest: example.com/hello/internal/greet",
       "the typo names its nearest package")
    eq(typo["nearest"], ["example.com/hello/internal/greet"], "JSON: nearest")
    eq((forbid["status"], forbid["text"]), ("pass", "absent"), "the forbid budget reads absent")


def action(repo, labels, e=None):
    """scripts/action.sh for a pull_request event carrying labels (no comment, no token)."""
    d = tempfile.mkdtemp(dir=root)
    ev = os.path.join(d, "event.json")
    base = sh(["git", "rev-parse", "main"], repo).strip()
    with open(ev, "w") as f:
        json.dump({"action": "labeled", "number": 3, "pull_request": {
            "number": 3, "base": {"ref": "main", "sha": base}, "labels": [{"name": n} for n in labels]}}, f)
    output = os.path.join(d, "output.txt")
    open(output, "w").close()
    r = subprocess.run([os.path.join(SRC, "scripts", "action.sh")], cwd=repo, capture_output=True, text=True,
                       env=dict(e or env, GOSIZE=GOSIZE, GITHUB_EVENT_PATH=ev, GITHUB_EVENT_NAME="pull_request",
                                GITHUB_OUTPUT=output, RUNNER_TEMP=d, INPUT_COMMENT="false", INPUT_FAIL_ON="error"))
    outs = dict(x.split("=", 1) for x in open(output).read().splitlines() if "=" in x)
    return r, outs, json.load(open(outs["json-path"])) if "json-path" in outs else {}


@behaviour
def the_label_policy_refuses_a_footer_and_accepts_a_label_through_the_action():
    repo = new_repo("label", {"targets": [{"name": "svc", "build": BUILD}], "override": "label",
                              "override_label": "size: accepted",
                              "budgets": [{"name": "growth", "scope": "total", "max_increase": "64KiB"}]})
    sh(["git", "checkout", "-q", "-b", "pr"], repo)
    shutil.copytree(os.path.join(TD, "changes", "nethttp"), repo, dirs_exist_ok=True)
    # the pull request also tries to switch its own policy back to footers: main's config judges
    write_config(repo, {"targets": [{"name": "svc", "build": BUILD}],
                        "budgets": [{"name": "growth", "scope": "total", "max_increase": "64KiB"}]})
    sh(["git", "add", "-A"], repo)
    sh(["git", "commit", "-qm", "net/http\n\nBinary-Size: I say so"], repo)
    r, outs, rep = action(repo, ["bug"])
    eq(r.returncode, 1, f"a footer does not accept growth under the label policy ({r.stderr.strip()[-300:]})")
    eq(rep.get("status"), "error", "status error")
    check(any("footer accepts nothing here" in x for x in rep.get("remarks", [])) and
          any("override label → footer" in x for x in rep.get("remarks", [])),
          f"the report says why the footer does not count and lists the policy change: {rep.get('remarks')}")
    r, outs, rep = action(repo, ["bug", "size: accepted"])
    eq(r.returncode, 0, f"the label accepts ({r.stderr.strip()[-300:]})")
    eq((rep.get("status"), rep.get("accepted_by")), ("overridden", "the label size: accepted"), "accepted by the label")
    md = open(outs["report-path"]).read()
    check("accepted** by the label size: accepted" in md, "the markdown says what accepted it")
    # none: neither a footer nor a label
    sh(["git", "checkout", "-q", "main"], repo)
    write_config(repo, {"targets": [{"name": "svc", "build": BUILD}], "override": "none",
                        "budgets": [{"name": "growth", "scope": "total", "max_increase": "64KiB"}]})
    commit(repo, "nothing overrides")
    sh(["git", "checkout", "-q", "pr"], repo)
    sh(["git", "merge", "-q", "--no-edit", "-X", "theirs", "main"], repo)
    r = gosize(["check", "main", "HEAD", "--format", "text"], repo)
    eq(r.returncode, 1, "override none: the footer accepts nothing")


main(cleanup=lambda: shutil.rmtree(root, ignore_errors=True))
