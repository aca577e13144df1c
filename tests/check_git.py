#!/usr/bin/env python3
"""gosize on real git repositories with real go builds: diff HEAD~1 / A B /
--base, notes (record, push, fetch, log), the local cache, the override footer,
a pristine worktree, temp-dir cleanup, and the git error cases."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, main  # noqa: E402

SRC = os.environ.get("GOSIZE_SRC", os.path.join(os.path.dirname(__file__), ".."))
TD = os.path.join(SRC, "testdata")
root = tempfile.mkdtemp(prefix="gosize-git-")
tmpdir = os.path.join(root, "tmp")  # gosize's temporary directories go here
os.makedirs(tmpdir)
env = dict(os.environ, TMPDIR=tmpdir, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
           GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", GOFLAGS="-mod=mod", GOPROXY="off")
env.pop("GIT_DIR", None)


def sh(args, cwd, check_rc=True, **kw):
    kw.setdefault("env", env)
    r = subprocess.run(args, cwd=cwd, capture_output=True, text=True, **kw)
    if check_rc and r.returncode != 0:
        raise RuntimeError(f"{args} failed: {r.stderr}")
    return r


def gosize(args, cwd, **kw):
    return sh([GOSIZE, *args], cwd, check_rc=False, **kw)


def commit(repo, msg):
    sh(["git", "add", "-A"], repo)
    sh(["git", "commit", "-qm", msg], repo)


def tmp_empty(what):
    check(os.listdir(tmpdir) == [], f"{what}: temporary directories removed (left: {os.listdir(tmpdir)})")


repo = os.path.join(root, "repo")
os.makedirs(repo)
sh(["git", "init", "-q", "-b", "main"], repo)
shutil.copytree(os.path.join(TD, "hello"), repo, dirs_exist_ok=True)
log = os.path.join(root, "builds.log")
with open(os.path.join(repo, ".gosize.json"), "w") as f:
    json.dump({"targets": [{"name": "hello", "build": f'echo build >> {log} && go build -trimpath -o "$GOSIZE_OUT" .'}],
               "budgets": [{"scope": "total", "max_increase": "64KB"}]}, f)
commit(repo, "c1: hello")
shutil.copytree(os.path.join(TD, "changes", "nethttp"), repo, dirs_exist_ok=True)
commit(repo, "c2: serve a health endpoint (net/http)")
main_go = os.path.join(repo, "main.go")
src = open(main_go).read()
open(main_go, "w").write(src.replace("// Max is generic so that", "// Max is a generic function so that"))
commit(repo, "c3: comment only")
os.makedirs(os.path.join(repo, "internal", "table"))
words = [f"entry-{i:05d}-" + "x" * (i % 40) for i in range(6000)]
with open(os.path.join(repo, "internal", "table", "table.go"), "w") as f:
    f.write("// Package table is a large string table.\npackage table\n\n// Words is the table.\nvar Words = []string{\n")
    f.writelines(f'\t"{w}",\n' for w in words)
    f.write("}\n")
with open(os.path.join(repo, "table.go"), "w") as f:
    f.write('package main\n\nimport (\n\t"fmt"\n\t"os"\n\n\t"example.com/hello/internal/table"\n)\n\n'
            'func init() {\n\tif len(os.Args) > 2 {\n\t\tfmt.Println(table.Words[len(os.Args)])\n\t}\n}\n')
commit(repo, "c4: add a large string table")


def state(r):
    idx = open(os.path.join(r, ".git", "index"), "rb").read()
    return (sh(["git", "status", "--porcelain"], r).stdout, sh(["git", "rev-parse", "HEAD"], r).stdout,
            idx, sh(["git", "stash", "list"], r).stdout, sh(["git", "symbolic-ref", "-q", "HEAD"], r, check_rc=False).stdout)


def diff_json(args, cwd=repo):
    r = gosize(["diff", *args, "--format", "json"], cwd)
    if not check(r.returncode == 0, f"diff {args}: {r.stderr.strip()}"):
        return None
    return json.loads(r.stdout)


before = state(repo)


@behaviour
def string_table_lands_on_its_package():
    """HEAD~1 vs the working tree (= c4): the string table lands on its package."""
    j = diff_json(["HEAD~1"])
    pk = {p["name"]: p for p in j["packages"]}
    table_pkg = pk.get("example.com/hello/internal/table", {})
    eq(table_pkg.get("status"), "added", "c4: internal/table is a new package")
    check(table_pkg.get("delta", 0) > 0.6 * j["total"]["delta"],
          f"c4: the string table's growth lands on internal/table ({table_pkg.get('delta')} of {j['total']['delta']})")
    eq(table_pkg.get("module"), "example.com/hello", "c4: internal/table in the main module")
    check(j["total"]["delta"] > 150000, f"c4: total growth {j['total']['delta']}")
    eq(j["new"]["path"], "worktree", "NEW defaults to the working tree")


@behaviour
def comment_only_commit_has_zero_delta():
    """Comment-only commit: zero delta, exactly."""
    j = diff_json(["HEAD~2", "HEAD~1"])
    eq(j["total"]["delta"], 0, "c3 (comment only): zero delta")
    eq([p for p in j["packages"] if p["delta"]], [], "c3: no package changed")


@behaviour
def two_revisions_equal_the_sum_of_the_steps():
    """Two revisions: c2..c4 equals the sum of the steps."""
    global j12
    j24 = diff_json(["HEAD~2", "HEAD"])
    j34 = diff_json(["HEAD~1", "HEAD"])
    eq(j24["total"]["delta"], j34["total"]["delta"], "HEAD~2..HEAD == HEAD~1..HEAD when HEAD~1 changed nothing")
    j12 = diff_json(["HEAD~3", "HEAD~2"])
    npk = {p["name"]: p for p in j12["packages"]}
    eq(npk.get("net/http", {}).get("status"), "added", "c2: net/http is new")
    check(j12["total"]["delta"] > 1000000, "c2: net/http costs over 1 MB")


@behaviour
def why_names_the_chain_and_weight_of_what_an_import_brought():
    """Why: the import chain and the weight of what the new import brought."""
    eq(j12["why"]["imported_by"].get("net/http"), "example.com/hello/internal/status",
       "c2: net/http imported by internal/status (on the chain main -> internal/status -> net/http)")
    eq(j12["why"]["new_imports"][0]["chain"], ["main", "example.com/hello/internal/status"], "c2: the new import's chain")
    entries = j12["why"]["new_imports"]
    eq([e["package"] for e in entries], ["example.com/hello/internal/status"], "c2: the one new import")
    # new in the import graph: not among the old revision's `go list -deps` (a package can be new to the
    # binary without being a new import, e.g. math/bits's tables reached through inlined code)
    old_deps = set(sh(["go", "list", "-deps", "."], os.path.join(TD, "hello")).stdout.split())
    new_sum = sum(p["delta"] for p in j12["packages"]
                  if p["status"] == "added" and not p["name"].startswith("[") and p["name"] not in old_deps)
    eq(entries[0]["weight"], new_sum, "c2: its weight equals the sum of the new packages")
    r = gosize(["why", "net/http", "HEAD~2"], repo, env=dict(env, LC_ALL="C.UTF-8"))
    check(r.returncode == 0 and "example.com/hello\n  → example.com/hello/internal/status\n  → net/http\n" in r.stdout
          and "imported directly by:\n  example.com/hello/internal/status\n" in r.stdout,
          f"gosize why net/http: {r.stdout}{r.stderr}")
    r = gosize(["why", "net/http", "HEAD~2"], repo, env=dict(env, LC_ALL="C"))
    check("\n  -> net/http\n" in r.stdout and r.stdout.isascii(), f"why without a UTF-8 locale: {r.stdout}")
    # a module: the sum of its packages; a glob and Go's PATH/... pattern
    mj = json.loads(gosize(["why", "example.com/hello", "HEAD~2", "--format", "json"], repo).stdout)
    names = {p["name"] for p in mj["packages"]}
    check(mj["schema"] == 2 and mj["match"] == "module" and {"main", "example.com/hello/internal/status"} <= names
          and all(n == "main" or n.startswith("example.com/hello/") for n in names), f"why MODULE: its packages {names}")
    # each package's size, asked one by one, sums to the module's
    one = {n: json.loads(gosize(["why", n, "HEAD~2", "--format", "json"], repo).stdout) for n in names}
    check(all(one[n]["match"] == "package" for n in names), "why PACKAGE of each: a package match")
    eq(mj["size"], sum(one[n]["size"] for n in names), "why MODULE: size is the sum of its packages")
    check(mj["weight"] >= mj["size"] and mj["chain"] == ["example.com/hello"] and mj["imported_by"] == [],
          f"why MODULE: weight, chain, importers: {mj}")
    gj = json.loads(gosize(["why", "example.com/hello/internal/*", "HEAD~2", "--format", "json"], repo).stdout)
    internal = {n for n in names if n.startswith("example.com/hello/internal/")}
    eq((gj["match"], {p["name"] for p in gj["packages"]}), ("glob", internal), "why GLOB: the matching packages")
    eq(gj["size"], sum(one[n]["size"] for n in internal), "why GLOB: size")
    eq(gj["imported_by"], ["example.com/hello"], "why GLOB: importers from outside the set")
    check(gj["chain"][0] == "example.com/hello" and gj["chain"][-1] in internal and gj["weight"] > gj["size"],
          f"why GLOB: chain and weight (net/http comes only through internal/status): {gj}")
    r = gosize(["why", "example.com/hello/internal/...", "HEAD~2"], repo)
    check(r.returncode == 0 and "(glob, %d packages)" % len(internal) in r.stdout and "packages:\n" in r.stdout,
          f"why PATH/...: {r.stdout}{r.stderr}")
    wj = json.loads(gosize(["why", "crypto/tls", "HEAD~2", "--format", "json"], repo).stdout)
    eq(wj["chain"][:3], ["example.com/hello", "example.com/hello/internal/status", "net/http"], "why --format json chain")
    check(wj["weight"] >= wj["size"] > 0 and "net/http" in wj["imported_by"], "why --format json weight and importers")
    r = gosize(["why", "nosuch/pkg", "HEAD~2"], repo)
    check(r.returncode == 2 and "nosuch/pkg is not a package or module of example.com/hello" in r.stderr,
          f"why of an absent package: {r.stderr.strip()}")


@behaviour
def builds_ran_and_the_repository_is_untouched():
    """The builds ran; the repository is untouched."""
    global nbuilds
    nbuilds = len(open(log).read().splitlines())
    check(nbuilds >= 4, f"builds ran ({nbuilds})")
    eq(state(repo), before, "worktree, index, HEAD and stash unchanged")
    tmp_empty("after diffs")


@behaviour
def cached_revisions_are_not_rebuilt():
    """The local cache: the same revisions again need no build."""
    gosize(["diff", "HEAD~3", "HEAD~2"], repo)
    eq(len(open(log).read().splitlines()), nbuilds, "cached revisions are not rebuilt")
    check(os.path.isdir(os.path.join(repo, ".git", "gosize", "cache")), "cache under .git/gosize")


@behaviour
def uncommitted_changes_are_part_of_new():
    """Uncommitted changes are part of NEW."""
    open(main_go, "a").write('\nfunc init() {\n\tif len(os.Args) > 7 {\n\t\tfmt.Println(strings.Repeat("uncommitted", 3))\n\t}\n}\n')
    before_dirty = state(repo)
    j = diff_json(["HEAD"])
    check(any(s["package"] == "main" and s["status"] == "added" for s in j["symbols"]), "uncommitted change shows (a new main.init function)")
    eq(state(repo), before_dirty, "dirty worktree, index and HEAD unchanged")
    sh(["git", "checkout", "--", "main.go"], repo)


@behaviour
def recorded_notes_answer_without_building():
    """Notes: record, then diff without building."""
    for rev in ("HEAD~1", "HEAD"):
        r = gosize(["record", rev], repo)
        check(r.returncode == 0 and "recorded hello" in r.stdout, f"record {rev}: {r.stdout}{r.stderr}")
    shutil.rmtree(os.path.join(repo, ".git", "gosize"))  # no cache: only notes can answer
    n0 = len(open(log).read().splitlines())
    r = gosize(["diff", "HEAD~1", "HEAD", "--format", "json", "--progress"], repo)
    eq(r.returncode, 0, "diff from notes")
    eq(len(open(log).read().splitlines()), n0, "diff of recorded revisions ran no build")
    check("snapshot from refs/notes/gosize" in r.stderr, "progress says the note was used")
    note = json.loads(sh(["git", "notes", "--ref=gosize", "show", "HEAD"], repo).stdout)
    eq(list(note), ["hello"], "note is keyed by target")
    eq(note["hello"]["schema"], 3, "note holds a snapshot")
    check(note["hello"]["imports"]["root"] == "example.com/hello" and "net/http" in note["hello"]["imports"]["packages"],
          "the note carries the import graph")
    r = gosize(["log", "--format", "json"], repo)
    lg = json.loads(r.stdout)
    eq([c["size"] is not None for c in lg["commits"]], [True, True, False, False], "log: sizes from notes")
    r = gosize(["log"], repo)
    check(r.returncode == 0 and "c4: add a large string table" in r.stdout and "+" in r.stdout, f"log text: {r.stdout}")


@behaviour
def notes_push_and_fetch_through_a_bare_remote():
    """Push through a bare remote, fetch in a clone."""
    global bare, clone
    bare = os.path.join(root, "remote.git")
    sh(["git", "init", "-q", "--bare", "-b", "main", bare], root)
    sh(["git", "push", "-q", bare, "main"], repo)
    r = gosize(["record", "HEAD~2", "--push", bare], repo)
    eq(r.returncode, 0, f"record --push: {r.stderr}")
    eq(sh(["git", "notes", "--ref=gosize", "list"], bare).stdout.count("\n"), 3, "remote has the three notes")
    clone = os.path.join(root, "clone")
    sh(["git", "clone", "-q", bare, clone], root)
    eq(sh(["git", "notes", "--ref=gosize", "list"], clone, check_rc=False).stdout, "", "a fresh clone has no notes")
    r = gosize(["record", "HEAD~3", "--fetch", bare], clone)
    eq(r.returncode, 0, f"record --fetch: {r.stderr}")
    eq(sh(["git", "notes", "--ref=gosize", "list"], clone).stdout.count("\n"), 4, "clone: fetched three notes, recorded one")


@behaviour
def log_fetches_notes_without_building_and_says_how_to_deepen_a_shallow_clone():
    """A depth-1 clone (what actions/checkout makes): log says how to deepen it; log --fetch reads the remote's notes without building."""
    shallow = os.path.join(root, "shallow-log")
    sh(["git", "clone", "-q", "--depth", "1", "file://" + bare, shallow], root)
    n0 = len(open(log).read().splitlines())
    r = gosize(["log"], shallow)
    eq(r.returncode, 0, f"log in a shallow clone: {r.stderr}")
    check(r.stdout.startswith("No size is recorded for this commit (target hello).\n"), f"one commit, no note: {r.stdout!r}")
    check("This is a shallow clone: its history ends after 1 commit.\n" in r.stdout
          and "`git fetch --deepen=100` fetches more of it, `git fetch --unshallow` all of it." in r.stdout,
          f"says how to deepen: {r.stdout!r}")
    r = gosize(["log", "--fetch", "origin", "--format", "json"], shallow)
    eq(r.returncode, 0, f"log --fetch origin: {r.stderr}")
    rows = json.loads(r.stdout or "{}").get("commits", [])
    head = sh(["git", "rev-parse", "HEAD"], shallow).stdout.strip()
    eq([(c["commit"], c["size"] is not None) for c in rows], [(head, True)], "log --fetch: HEAD's recorded size")
    eq(len(open(log).read().splitlines()), n0, "log --fetch built nothing")
    sh(["git", "fetch", "-q", "--deepen=2"], shallow)
    r = gosize(["log", "--format", "json"], shallow)
    eq(len(json.loads(r.stdout or "{}").get("commits", [])), 3, "after git fetch --deepen=2: three commits")
    for line in gosize(["log"], shallow).stdout.splitlines():
        check(len(line) <= 80, f"log's own lines fit 80 columns: {line!r}")


@behaviour
def base_falls_back_to_origin_main():
    """A CI checkout has only origin/main: --base main falls back to it and says so."""
    sh(["git", "checkout", "-q", "-b", "pr"], clone)
    sh(["git", "branch", "-q", "-D", "main"], clone)
    r = gosize(["diff", "--base", "main", "HEAD", "--format", "json"], clone)
    check(r.returncode == 0 and "--base main: no such local branch, using origin/main" in r.stderr,
          f"--base main with only origin/main: {r.returncode} {r.stderr.strip()}")
    eq(json.loads(r.stdout or "{}").get("old", {}).get("path"), "git:" + sh(["git", "rev-parse", "--short=7", "origin/main"], clone).stdout.strip(),
       "--base main: OLD is origin/main's merge base")
    r = gosize(["diff", "--base", "nosuch", "HEAD"], clone)
    check(r.returncode == 2 and "revision nosuch not found" in r.stderr, f"--base nosuch: {r.stderr.strip()}")


@behaviour
def feature_branch_checked_against_its_merge_base():
    """A feature branch checked against its merge base with main."""
    sh(["git", "checkout", "-q", "-b", "feature", "HEAD~2"], repo)  # from c2
    with open(os.path.join(repo, "internal", "greet", "greet.go"), "a") as f:
        f.write('\n// Bye says goodbye.\nfunc Bye(name string) string { return "Bye, " + name + " " + std.Prefix }\n')
    with open(os.path.join(repo, "bye.go"), "w") as f:
        f.write('package main\n\nimport (\n\t"fmt"\n\t"os"\n\n\t"example.com/hello/internal/greet"\n)\n\n'
                'func init() {\n\tif len(os.Args) > 3 {\n\t\tfmt.Println(greet.Bye(os.Args[1]))\n\t}\n}\n')
    commit(repo, "feature: say goodbye")
    r = gosize(["check", "--base", "main", "--format", "json"], repo)
    j = json.loads(r.stdout)
    eq(r.returncode, 0, f"check --base main: small growth passes ({r.stderr.strip()})")
    check(0 < j["total"]["delta"] < 64000, f"feature delta against the merge base (c2): {j['total']['delta']}")
    eq(j["old"]["path"], "git:" + sh(["git", "rev-parse", "--short=7", "main~2"], repo).stdout.strip(), "OLD is the merge base")


@behaviour
def footer_overrides_a_broken_budget():
    """A big growth breaks the budget; a Binary-Size footer lets it pass."""
    shutil.copytree(os.path.join(root, "repo", "internal", "greet"), os.path.join(repo, "internal", "greet2"))
    with open(os.path.join(repo, "internal", "greet2", "big.go"), "w") as f:
        f.write("package greet\n\nvar Big = []string{\n" + "".join(f'\t"{w}",\n' for w in words) + "}\n")
    with open(os.path.join(repo, "bye.go"), "a") as f:
        f.write('\nvar _ = greet2.Big\n')
    src = open(os.path.join(repo, "bye.go")).read().replace('"example.com/hello/internal/greet"\n',
                                                              '"example.com/hello/internal/greet"\n\tgreet2 "example.com/hello/internal/greet2"\n')
    open(os.path.join(repo, "bye.go"), "w").write(src.replace("var _ = greet2.Big", "func init() { if len(os.Args) > 9 { fmt.Println(greet2.Big[3]) } }"))
    commit(repo, "feature: a big table")
    r = gosize(["check", "--base", "main", "--format", "md"], repo)
    eq(r.returncode, 1, f"big growth breaks the budget ({r.stderr.strip()})")
    check("| ❌ |" in r.stdout, "markdown shows the broken budget")
    sh(["git", "commit", "-q", "--allow-empty", "-m", "feature: no reason\n\nBinary-Size:   "], repo)
    r = gosize(["check", "--base", "main", "--format", "md"], repo)
    eq(r.returncode, 1, f"a Binary-Size footer without a reason accepts nothing ({r.stderr.strip()})")
    sh(["git", "commit", "-q", "--allow-empty", "-m", "feature: accept the table\n\nBinary-Size:  the table is the feature "], repo)
    r = gosize(["check", "--base", "main", "--format", "md"], repo)
    eq(r.returncode, 0, f"Binary-Size footer lets it pass ({r.stderr.strip()})")
    check("the table is the feature" in r.stdout and "| ❌ |" in r.stdout, "report shows the reason and the broken budget")
    j = json.loads(gosize(["check", "--base", "main", "--format", "json"], repo).stdout)
    eq((j["status"], j["override"]), ("overridden", "the table is the feature"), "JSON status overridden")


@behaviour
def a_target_named_like_a_path_builds():
    """A target named "cmd/server" builds (its binary gets a safe file name) and names the report."""
    named = os.path.join(root, "named")
    shutil.copytree(os.path.join(TD, "hello"), named)
    with open(os.path.join(named, ".gosize.json"), "w") as f:
        json.dump({"targets": [{"name": "cmd/server", "build": 'go build -trimpath -o "$GOSIZE_OUT" .'}]}, f)
    sh(["git", "init", "-q", "-b", "main"], named)
    commit(named, "one")
    r = gosize(["diff", "HEAD", "HEAD", "--format", "md"], named)
    eq(r.returncode, 0, f"diff of a target named cmd/server ({r.stderr.strip()})")
    check(r.stdout.startswith("<!-- gosize:cmd/server -->"), "the report's marker names the target")
    tmp_empty("after the cmd/server build")


@behaviour
def detached_head_works():
    """Detached HEAD works."""
    sh(["git", "checkout", "-q", "--detach", "main"], repo)
    j = diff_json(["HEAD~1"])
    check(j is not None and j["total"]["delta"] > 0, "detached HEAD: diff HEAD~1 works")
    sh(["git", "checkout", "-q", "main"], repo)
    tmp_empty("after everything above")


@behaviour
def failing_build_exits_2_naming_revision_command_and_output():
    """A failing build: exit 2 naming the revision, the command and its last lines."""
    global bad
    bad = os.path.join(root, "bad")
    shutil.copytree(os.path.join(TD, "hello"), bad)
    sh(["git", "init", "-q", "-b", "main"], bad)
    commit(bad, "good")
    open(os.path.join(bad, "main.go"), "a").write("\nfunc broken() { undefinedThing() }\n")
    commit(bad, "broken")
    r = gosize(["diff", "HEAD~1", "HEAD"], bad)
    eq(r.returncode, 2, "failing build: exit 2")
    check("HEAD (" in r.stderr and "build failed" in r.stderr and "go build" in r.stderr and "undefinedThing" in r.stderr
          and len(r.stderr.strip().splitlines()) == 2, f"failing build message: {r.stderr.strip()}")
    tmp_empty("after a failed build")


@behaviour
def log_without_notes_and_config_named_in_messages():
    """Log without notes says so; a --config file is named in messages, not .gosize.json."""
    r = gosize(["log"], bad)
    check(r.returncode == 0 and r.stdout.startswith("No sizes are recorded for these 2 commits") and "gosize record" in r.stdout
          and "`gosize log --fetch origin` fetches the notes a remote has recorded." in r.stdout,
          f"log without notes: {r.stdout}")
    other = os.path.join(root, "other-config.json")
    with open(other, "w") as f:
        f.write("{}")
    r = gosize(["diff", "HEAD~1", "HEAD", "--config", other], bad)
    check(f"no targets in {other}:" in r.stderr and ".gosize.json" not in r.stderr, f"--config named in messages: {r.stderr.strip()}")
    tmp_empty("after a failed build with --config")


@behaviour
def signal_during_a_build_removes_its_temporary_directory():
    """Ctrl-C (and SIGTERM, SIGHUP) while a revision builds in its temporary directory: the build
    is stopped, gosize ends by the signal, and the directory (the exported tree, the build's
    working directory) is gone."""
    slow = os.path.join(root, "slow")
    shutil.copytree(os.path.join(TD, "hello"), slow)
    pidfile = os.path.join(root, "slow-build.pid")
    with open(os.path.join(slow, ".gosize.json"), "w") as f:
        json.dump({"targets": [{"name": "slow", "build": f'echo $$ > {pidfile}; sleep 30; go build -o "$GOSIZE_OUT" .'}]}, f)
    sh(["git", "init", "-q", "-b", "main"], slow)
    commit(slow, "one")
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        name = signal.Signals(sig).name
        if os.path.exists(pidfile):
            os.unlink(pidfile)
        p = subprocess.Popen([GOSIZE, "diff", "HEAD", "HEAD"], cwd=slow, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(400):
            if os.path.exists(pidfile) and open(pidfile).read().strip():
                break
            time.sleep(0.05)
        pid = int(open(pidfile).read())
        try:
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:
            cwd = ""
        trees = [n for n in os.listdir(tmpdir) if n.startswith("gosize-tree-")]
        check(len(trees) == 1 and cwd.startswith(os.path.join(tmpdir, trees[0])),
              f"{name}: the build runs in the revision's tree under TMPDIR (cwd {cwd}, TMPDIR holds {os.listdir(tmpdir)})")
        p.send_signal(sig)
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        eq(p.returncode, -sig, f"{name} during a build ends gosize by {name}")
        check(not os.path.exists(f"/proc/{pid}"), f"{name}: the build (pid {pid}) was stopped")
        tmp_empty(f"after {name} during a build")


@behaviour
def three_signals_at_once_still_remove_the_temporary_directory():
    """A build that ignores SIGTERM, and SIGINT, SIGTERM and SIGHUP sent at once: the first asks
    the build to stop, the second kills it, the third ends gosize at once (from the signal
    handler, which removes the temporary directories itself). Whichever signal ends gosize, the
    build is gone and no directory is left under TMPDIR."""
    stubborn = os.path.join(root, "stubborn")
    shutil.copytree(os.path.join(TD, "hello"), stubborn)
    pidfile = os.path.join(root, "stubborn-build.pid")
    with open(os.path.join(stubborn, ".gosize.json"), "w") as f:
        json.dump({"targets": [{"name": "stubborn",
                                "build": f"trap '' TERM INT HUP; echo $$ > {pidfile}; sleep 30; go build -o \"$GOSIZE_OUT\" ."}]}, f)
    sh(["git", "init", "-q", "-b", "main"], stubborn)
    commit(stubborn, "one")
    ended = []
    for attempt in range(3):
        if os.path.exists(pidfile):
            os.unlink(pidfile)
        p = subprocess.Popen([GOSIZE, "diff", "HEAD", "HEAD"], cwd=stubborn, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        for _ in range(400):
            if os.path.exists(pidfile) and open(pidfile).read().strip():
                break
            time.sleep(0.05)
        pid = int(open(pidfile).read())
        check(any(n.startswith("gosize-tree-") for n in os.listdir(tmpdir)), f"attempt {attempt}: the tree is under TMPDIR")
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            os.kill(p.pid, sig)
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        check(p.returncode in (-signal.SIGINT, -signal.SIGTERM, -signal.SIGHUP),
              f"attempt {attempt}: gosize ends by a signal (exit {p.returncode})")
        ended.append(signal.Signals(-p.returncode).name if p.returncode < 0 else str(p.returncode))
        for _ in range(100):
            if not os.path.exists(f"/proc/{pid}"):
                break
            time.sleep(0.05)
        check(not os.path.exists(f"/proc/{pid}"), f"attempt {attempt}: the build (pid {pid}) was killed")
        tmp_empty(f"after three signals at once (attempt {attempt})")
    print(f"three signals at once: gosize ended by {', '.join(ended)}")


@behaviour
def generic_instantiations_land_on_the_defining_package():
    """A large generic instantiation set lands on the package that defines the generic code."""
    gen = os.path.join(root, "generic")
    shutil.copytree(os.path.join(TD, "hello"), gen)
    sh(["git", "init", "-q", "-b", "main"], gen)
    commit(gen, "base")
    os.makedirs(os.path.join(gen, "internal", "gen"))
    with open(os.path.join(gen, "internal", "gen", "gen.go"), "w") as f:
        f.write("// Package gen is generic code instantiated many times.\npackage gen\n\nimport \"fmt\"\n\n"
                "// Box holds a value.\ntype Box[T any] struct{ V T }\n\n"
                "// Describe formats the box.\nfunc (b Box[T]) Describe() string { return fmt.Sprintf(\"%v/%T\", b.V, b.V) }\n\n"
                "// Show boxes v and describes it.\nfunc Show[T any](v T) string { return Box[T]{v}.Describe() }\n")
    types = [f"t{i}" for i in range(60)]
    with open(os.path.join(gen, "many.go"), "w") as f:
        f.write("package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"example.com/hello/internal/gen\"\n)\n\n")
        f.writelines(f"type {t} struct{{ a [{i + 1}]int }}\n" for i, t in enumerate(types))
        f.write("\nfunc init() {\n\tif len(os.Args) > 5 {\n")
        f.writelines(f"\t\tfmt.Println(gen.Show({t}{{}}))\n" for t in types)
        f.write("\t}\n}\n")
    commit(gen, "instantiate gen.Show 60 times")
    j = diff_json(["HEAD~1", "HEAD"], gen)
    gp = {p["name"]: p for p in j["packages"]}
    genp = gp.get("example.com/hello/internal/gen", {})
    code = sum(p["delta"] for p in j["packages"] if not p["name"].startswith("["))
    check(genp.get("status") == "added" and genp.get("delta", 0) > 0.3 * code,
          f"generic instantiations land on internal/gen ({genp.get('delta')} of {code} package bytes)")


@behaviour
def go_list_failing_leaves_the_report_without_chains():
    """Go list failing (the build runs elsewhere): the report says why there is no chain, the rest
    works."""
    gl = os.path.join(root, "golist")
    shutil.copytree(os.path.join(TD, "hello"), os.path.join(gl, "sub"))
    with open(os.path.join(gl, ".gosize.json"), "w") as f:
        json.dump({"targets": [{"name": "sub", "build": 'cd sub && go build -o "$GOSIZE_OUT" .'}]}, f)
    sh(["git", "init", "-q", "-b", "main"], gl)
    commit(gl, "one")
    shutil.copytree(os.path.join(TD, "changes", "nethttp"), os.path.join(gl, "sub"), dirs_exist_ok=True)
    commit(gl, "two")
    r = gosize(["diff", "HEAD~1", "HEAD", "--format", "md"], gl)
    check(r.returncode == 0 and "Import chains unavailable: no import graph: go failed" in r.stdout and "net/http" in r.stdout,
          f"go list failure: report without chains ({r.stderr.strip()[-200:]})")


@behaviour
def git_error_cases_exit_2_with_one_line():
    """Error cases: one clear line, exit 2."""
    global sub
    empty = os.path.join(root, "empty")
    os.makedirs(empty)
    sh(["git", "init", "-q"], empty)
    notrepo = os.path.join(root, "notrepo")
    os.makedirs(notrepo)
    shallow = os.path.join(root, "shallow")
    sh(["git", "clone", "-q", "--depth", "1", "file://" + bare, shallow], root)
    sub = os.path.join(root, "withsub")
    shutil.copytree(os.path.join(TD, "hello"), sub)
    sh(["git", "init", "-q", "-b", "main"], sub)
    sh(["git", "-c", "protocol.file.allow=always", "submodule", "-q", "add", bare, "vendored"], sub)
    commit(sub, "with a submodule")
    for what, args, cwd, needle in [
        ("no commits", ["diff", "HEAD~1"], empty, "no commits"),
        ("not a repository", ["diff", "HEAD~1"], notrepo, "not in a git repository"),
        ("record outside a repository", ["record"], notrepo, "not a git repository"),
        ("unknown revision", ["diff", "nosuchbranch"], repo, "revision nosuchbranch not found"),
        ("shallow clone", ["diff", "HEAD~1"], shallow, "shallow clone"),
        ("bad --base", ["check", "--base", "nosuch"], repo, "revision nosuch not found"),
        ("a first commit has no HEAD~1", ["diff"], sub, "diff: HEAD is the first commit: there is no HEAD~1 to compare with (gosize diff HEAD"),
        ("mistyped revision", ["diff", "mian"], repo, "revision mian not found (and no file of that name): did you mean main?"),
        ("mistyped --base", ["check", "--base", "mian"], repo, "revision mian not found: did you mean main?"),
        ("unknown target", ["diff", "HEAD~1", "--target", "nope"], repo, 'no target named "nope"'),
    ]:
        r = gosize(args, cwd)
        eq(r.returncode, 2, f"{what}: exit 2")
        lines = [l for l in r.stderr.splitlines() if l.startswith("gosize: ") and "building" not in l and "no targets" not in l]
        check(len(lines) == 1 and needle in lines[0], f"{what}: message {r.stderr.strip()!r}")


@behaviour
def submodules_exported_empty():
    """Submodules: exported empty; the build works when the code does not need them."""
    r = gosize(["diff", "HEAD", "--format", "json"], sub)
    check(r.returncode == 0 and json.loads(r.stdout)["total"]["delta"] == 0, f"submodule repo: {r.stderr.strip()}")


@behaviour
def planted_cache_entries_are_rebuilt_not_trusted():
    """Cache poisoning: the build of one commit plants an entry for a later commit's tree (a copy
    of a real entry under the later one's name, or a bare snapshot). The later commit is then
    built anyway and shows its real growth: an entry gosize did not write under its key is
    refused and removed."""
    d = os.path.join(root, "poison")
    shutil.copytree(os.path.join(TD, "hello"), d)
    blog = os.path.join(root, "poison-builds.log")
    build = (f'echo "$(ls big.go 2>/dev/null || echo small)" >> {blog}; go build -trimpath -o "$GOSIZE_OUT" . && '
             'if [ -n "${PLANT_FROM:-}" ]; then cp "$PLANT_FROM" "$PLANT_TO"; fi')
    with open(os.path.join(d, ".gosize.json"), "w") as f:
        json.dump({"targets": [{"name": "app", "build": build}]}, f)
    sh(["git", "init", "-q", "-b", "main"], d)
    commit(d, "small")
    with open(os.path.join(d, "big.go"), "w") as f:
        f.write("package main\n\nvar Big = [2 << 20]byte{1}\n\nfunc init() { Big[len(Big)-1] = Big[0] + 1 }\n")
    commit(d, "big")
    cache = os.path.join(d, ".git", "gosize", "cache")

    def delta():
        r = gosize(["diff", "HEAD~1", "HEAD", "--format", "json"], d)
        check(r.returncode == 0, f"diff runs ({r.stderr.strip()[-300:]})")
        return json.loads(r.stdout)["total"]["delta"] if r.returncode == 0 else None

    real = delta()
    check(real is not None and real > 2 << 20, f"the later commit grows by more than 2 MiB ({real})")
    entries = sorted(os.listdir(cache))
    eq(len(entries), 2, "both revisions cached")
    sizes = {}
    for e in entries:
        with open(os.path.join(cache, e)) as f:
            head, _, body = f.read().partition("\n")
        check(head.startswith("gosize-cache-v1 "), f"the entry {e} is authenticated ({head[:40]!r})")
        sizes[e] = (json.loads(body)["binary"]["size"], head, body)
    small, big = sorted(entries, key=lambda e: sizes[e][0])
    forged = {"a copy of the small commit's real entry": sizes[small][1] + "\n" + sizes[small][2],
              "a bare snapshot": sizes[small][2]}
    for what, text in forged.items():
        src = os.path.join(root, "forged.json")
        with open(src, "w") as f:
            f.write(text)
        for e in os.listdir(cache):
            os.unlink(os.path.join(cache, e))
        # the small commit's build plants the big commit's entry
        r = gosize(["diff", "HEAD~1", "HEAD~1"], d, env=dict(env, PLANT_FROM=src, PLANT_TO=os.path.join(cache, big)))
        check(r.returncode == 0 and os.path.exists(os.path.join(cache, big)), f"{what}: the build planted the entry")
        open(blog, "w").close()
        eq(delta(), real, f"{what}: the later commit shows its real growth")
        # (the small commit is built again too: the command names PLANT_FROM and PLANT_TO, whose values
        # are part of its provenance, so its entry from the planting run does not stand for this one)
        check("big.go" in open(blog).read().splitlines(), f"{what}: the later commit was built (the planted entry refused)")
    tmp_empty("after the cache poisoning attempts")


@behaviour
def no_temporary_directory_left_at_the_end():
    tmp_empty("at the end")


main(cleanup=lambda: shutil.rmtree(root, ignore_errors=True))
