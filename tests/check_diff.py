#!/usr/bin/env python3
"""gosize diff / check on real pairs: golden md/text/json reports, the delta
invariants, the budget matrix (scope x limit x level, pass and fail) and bad
configs. Usage: check_diff.py FIXTURE_DIR REALBIN_DIR
GOSIZE_UPDATE_GOLDEN=1 rewrites the golden files."""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, check, eq, finish, run  # noqa: E402

fx, real = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
golden = os.path.join(os.path.dirname(__file__), "golden")
update = os.environ.get("GOSIZE_UPDATE_GOLDEN") == "1"
tmp = tempfile.mkdtemp(prefix="gosize-diff-")


def gosize(args, cwd=None):
    return run([GOSIZE, *args], cwd=cwd)


def golden_check(name, args, cwd):
    r = gosize(args, cwd)
    eq(r.returncode, 0, f"{name}: exit code ({r.stderr.strip()})")
    p = os.path.join(golden, name)
    if update:
        with open(p, "w") as f:
            f.write(r.stdout)
    want = open(p).read() if os.path.exists(p) else None
    if not check(r.stdout == want, f"golden {name} differs (GOSIZE_UPDATE_GOLDEN=1 rewrites it)"):
        with open(os.path.join(tmp, name), "w") as f:
            f.write(r.stdout)
        print(f"  got: {os.path.join(tmp, name)}")
    eq(gosize(args, cwd).stdout, r.stdout, f"{name}: byte-identical on a second run")
    return r.stdout


ddir = os.path.join(fx, "diff")
gover = run(["go", "env", "GOVERSION"]).stdout.strip()
# The fixture pair depends on the toolchain: its goldens are for Debian 12's Go.
if check(gover == "go1.19.8", f"fixture goldens were made with go1.19.8, this is {gover}"):
    for fmt, ext in (("md", "md"), ("text", "txt"), ("json", "json")):
        golden_check(f"hello-v1-v2.{ext}", ["diff", "v1", "v2", "--format", fmt, "--top", "8", "--min-change", "2KB", "--config",
                                            os.path.join(golden, "empty.gosize.json")], ddir)
for fmt, ext in (("md", "md"), ("text", "txt"), ("json", "json")):
    golden_check(f"esbuild-0.19-0.24.{ext}", ["diff", "esbuild-0.19.12", "esbuild-0.24.2", "--format", fmt, "--top", "8",
                                              "--min-change", "2KB",
                                              "--config", os.path.join(golden, "empty.gosize.json")], real)

# invariants on the full JSON delta
for old, new, cwd in (("v1", "v2", ddir), ("v2", "v1", ddir), ("esbuild-0.8.57", "lefthook-2.2.2", real)):
    j = json.loads(gosize(["diff", old, new, "--format", "json", "--config", os.path.join(golden, "empty.gosize.json")], cwd).stdout)
    total = j["total"]["delta"]
    eq(total, os.path.getsize(os.path.join(cwd, new)) - os.path.getsize(os.path.join(cwd, old)), f"{old}->{new}: total delta")
    eq(sum(p["delta"] for p in j["packages"]) + j["unattributed"]["delta"], total,
       f"{old}->{new}: package deltas + unattributed delta == total delta")
    eq(sum(s["delta"] for s in j["sections"]), total, f"{old}->{new}: section deltas == total delta")
    eq(sum(c["delta"] for c in j["categories"]) + j["unattributed"]["delta"], total, f"{old}->{new}: category deltas")

j = json.loads(gosize(["diff", "v1", "v2", "--format", "json"], ddir).stdout)
pk = {p["name"]: p for p in j["packages"]}
check(pk.get("net/http", {}).get("status") == "added" and pk["net/http"]["module"] == "std", "net/http is a new std package")
check(pk.get("example.com/hello/internal/status", {}).get("status") == "added", "internal/status is new")
eq(pk.get("example.com/hello/internal/status", {}).get("module"), "example.com/hello", "internal/status module")
eq(j["notes"], [], "same toolchain and flags: no build notes")
j = json.loads(gosize(["diff", "esbuild-0.19.12", "esbuild-0.24.2", "--format", "json"], real).stdout)
check("Go version go1.20.12 → go1.23.1" in j["notes"], "Go version change reported")
mods = {m["name"]: m for m in j["modules"]}
eq((mods["std"]["old_version"], mods["std"]["new_version"]), ("go1.20.12", "go1.23.1"), "std version change")
# stripping is explained with measured numbers
j = json.loads(gosize(["diff", os.path.join(fx, "hello"), os.path.join(fx, "hello-s"), "--format", "json"]).stdout)
notes = " | ".join(j["notes"])
check("build setting -ldflags=-s -w added" in notes and "symbol table removed (-s)" in notes and "DWARF removed (-w)" in notes,
      f"strip notes: {notes}")

# budget matrix: every scope x limit x level, each passing and failing
size_v1, size_v2 = os.path.getsize(os.path.join(ddir, "v1")), os.path.getsize(os.path.join(ddir, "v2"))
grow = size_v2 - size_v1
cases = [
    # (budget, broken?)
    ({"scope": "total", "max_increase": f"{grow}"}, False),
    ({"scope": "total", "max_increase": f"{grow - 1}"}, True),
    ({"scope": "total", "max_increase": "250%"}, False),
    ({"scope": "total", "max_increase": "200%"}, True),
    ({"scope": "total", "max_size": f"{size_v2}"}, False),
    ({"scope": "total", "max_size": "6MB"}, True),
    ({"scope": "total", "max_size": "7MiB"}, False),
    ({"scope": "section:.text", "max_increase": "2MB"}, False),
    ({"scope": "section:.text", "max_increase": "1KiB"}, True),
    ({"scope": "section:.go*", "max_size": "10MB"}, False),
    ({"scope": "section:.debug_*", "max_size": "1MB"}, True),
    ({"scope": "package:net/*", "max_increase": "10MB"}, False),
    ({"scope": "package:net/*", "max_increase": "100KB"}, True),
    ({"scope": "package:example.com/hello/*", "max_increase": "4KB"}, False),
    ({"scope": "package:example.com/hello/*", "max_increase": "10B"}, True),
    ({"scope": "package:example.com/hello/*", "new": "error"}, True),
    ({"scope": "package:example.com/other/*", "new": "error"}, False),
    ({"scope": "module:std", "max_size": "8MB"}, False),
    ({"scope": "module:std", "max_size": "2MB"}, True),
    ({"scope": "module:std", "max_increase": "1%"}, True),
    ({"scope": "module:*", "new": "error"}, False),
]
# the matrix runs on snapshot files (a snapshot is a valid operand, and quick to load)
for v in ("v1", "v2"):
    with open(os.path.join(tmp, v + ".json"), "w") as f:
        f.write(gosize(["snapshot", os.path.join(ddir, v)]).stdout)
mv1, mv2 = os.path.join(tmp, "v1.json"), os.path.join(tmp, "v2.json")
for i, (b, broken) in enumerate(cases):
    for level in ("warn", "error"):
        cfg = os.path.join(tmp, f"b{i}-{level}.json")
        bb = dict(b)
        if "new" in bb:
            bb["new"] = level
        else:
            bb["level"] = level
        with open(cfg, "w") as f:
            json.dump({"budgets": [bb]}, f)
        for fail_on in ("error", "warn", "never"):
            r = gosize(["check", mv1, mv2, "--config", cfg, "--format", "text", "--fail-on", fail_on], ddir)
            lvl = {"warn": 1, "error": 2}[level] if broken else 0
            want = 1 if lvl and lvl >= {"error": 2, "warn": 1, "never": 3}[fail_on] else 0
            eq(r.returncode, want, f"check {b} level={level} --fail-on={fail_on}: exit")
        tag = {"warn": "WARN", "error": "FAIL"}[level] if broken else "ok"
        line = [l for l in r.stdout.splitlines() if l.strip().startswith(("ok", "WARN", "FAIL"))]
        check(len(line) == 1 and line[0].split()[0] == tag, f"check {b} level={level}: line {line}, want {tag}")
        md = gosize(["check", mv1, mv2, "--config", cfg, "--format", "md", "--fail-on", "never"], ddir).stdout
        icon = {"warn": "⚠️", "error": "❌"}[level] if broken else "✅"
        check(f"| {icon} |" in md, f"check {b} level={level}: markdown shows {icon}")
        # diff never fails on budgets
        eq(gosize(["diff", mv1, mv2, "--config", cfg], ddir).returncode, 0, f"diff {b}: exit 0")

# the config is found by walking up from the current directory
sub = os.path.join(tmp, "a", "b")
os.makedirs(sub)
with open(os.path.join(tmp, "a", ".gosize.json"), "w") as f:
    json.dump({"budgets": [{"scope": "total", "max_increase": "1KB"}]}, f)
r = gosize(["check", os.path.join(ddir, "v1"), os.path.join(ddir, "v2"), "--format", "text"], sub)
eq(r.returncode, 1, f"config found upwards: budget applies ({r.stderr.strip()})")
# min_change hides small rows
md = gosize(["diff", "v1", "v2", "--format", "json", "--min-change", "100KB"], ddir).stdout
check(all(abs(p["delta"]) >= 100000 for p in json.loads(md)["packages"]), "--min-change hides small package rows")

# bad configs: exit 2 naming the key
bad = [
    ({"budget": []}, "budget: unknown key"),
    ({"budgets": [{"scope": "total", "max_increase": "10 parsecs"}]}, 'bad unit'),
    ({"budgets": [{"scope": "total", "max_size": "5%"}]}, "percentage is not allowed"),
    ({"budgets": [{"scope": "package:[abc", "max_size": "5MB"}]}, "bad glob"),
    ({"budgets": [{"scope": "everything", "max_size": "5MB"}]}, "unknown scope"),
    ({"budgets": [{"scope": "total"}]}, "no limit"),
    ({"budgets": [{"scope": "total", "max_size": "5MB", "level": "fatal"}]}, 'expected "warn" or "error"'),
    ({"budgets": [{"scope": "total", "max_size": "5MB", "colour": 1}]}, "budgets[0].colour: unknown key"),
    ({"min_change": "lots"}, "min_change"),
    ({"targets": [{"name": "a"}]}, "targets[0]"),
]
for i, (c, msg) in enumerate(bad):
    p = os.path.join(tmp, f"bad{i}.json")
    with open(p, "w") as f:
        json.dump(c, f)
    r = gosize(["check", mv1, mv2, "--config", p], ddir)
    eq(r.returncode, 2, f"bad config {c}: exit 2")
    check(msg in r.stderr and p in r.stderr and len(r.stderr.splitlines()) == 1, f"bad config {c}: message {r.stderr.strip()}")
p = os.path.join(tmp, "broken.json")
with open(p, "w") as f:
    f.write('{"budgets": [')
r = gosize(["check", "v1", "v2", "--config", p], ddir)
check(r.returncode == 2 and "not valid JSON" in r.stderr, f"broken config JSON: {r.stderr.strip()}")
r = gosize(["diff", os.path.join(ddir, "v1")], tmp)
check(r.returncode == 2 and "not in a git repository" in r.stderr, f"diff with one operand outside a repository: {r.stderr.strip()}")
r = gosize(["diff", "v1", "nope"], ddir)
check(r.returncode == 2 and "nope" in r.stderr, f"diff with a missing file: {r.stderr.strip()}")
finish()
