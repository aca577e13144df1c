#!/usr/bin/env python3
"""gosize check's budgets on a real pair (v2 imports net/http): every scope x
limit x level, passing and failing, under each --fail-on, in text and
markdown; the config found by walking up; bad configs exit 2 naming the key.
Usage: check_budgets.py FIXTURE_DIR"""
import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, main, run, shared  # noqa: E402

fx = os.path.abspath(sys.argv[1])
ddir = os.path.join(fx, "diff")
tmp = tempfile.mkdtemp(prefix="gosize-budgets-")
os.environ.update(COLUMNS="80", LC_ALL="C.UTF-8")


def gosize(args, cwd=None):
    return run([GOSIZE, *args], cwd=cwd)


@shared
def snapshots():
    """v1 and v2 as snapshot files (a snapshot is a valid operand, and quick to load)."""
    for v in ("v1", "v2"):
        with open(os.path.join(tmp, v + ".json"), "w") as f:
            f.write(gosize(["snapshot", os.path.join(ddir, v)]).stdout)
    return os.path.join(tmp, "v1.json"), os.path.join(tmp, "v2.json")


@behaviour
def every_scope_limit_and_level_passes_and_breaks_as_measured():
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
    mv1, mv2 = snapshots()
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


@behaviour
def config_found_by_walking_up():
    sub = os.path.join(tmp, "a", "b")
    os.makedirs(sub)
    with open(os.path.join(tmp, "a", ".gosize.json"), "w") as f:
        json.dump({"budgets": [{"scope": "total", "max_increase": "1KB"}]}, f)
    r = gosize(["check", os.path.join(ddir, "v1"), os.path.join(ddir, "v2"), "--format", "text"], sub)
    eq(r.returncode, 1, f"config found upwards: budget applies ({r.stderr.strip()})")


@behaviour
def bad_configs_exit_2_naming_the_key():
    bad = [
        ({"budget": []}, "budget: unknown key"),
        ({"budgets": [{"scope": "total", "max_increase": "10 parsecs"}]}, 'bad unit'),
        ({"budgets": [{"scope": "total", "max_size": "5%"}]}, "is a percentage; this takes a size"),
        ({"budgets": [{"scope": "package:[abc", "max_size": "5MB"}]}, "bad glob"),
        ({"budgets": [{"scope": "everything", "max_size": "5MB"}]}, "unknown scope"),
        ({"budgets": [{"scope": "total"}]}, "no limit"),
        ({"budgets": [{"scope": "total", "max_size": "5MB", "level": "fatal"}]}, 'expected "warn" or "error"'),
        ({"budgets": [{"scope": "total", "max_size": "5MB", "colour": 1}]}, "budgets[0].colour: unknown key"),
        ({"min_change": "lots"}, "min_change"),
        ({"targets": [{"name": "a"}]}, "targets[0]"),
        ({"targets": [{"name": "", "build": "go build"}]}, "targets[0].name: a name of 1 to 100 bytes"),
        ({"targets": [{"name": "api--server", "build": "go build"}]}, "targets[0].name: a name cannot hold"),
        ({"targets": [{"name": "a\nb", "build": "go build"}]}, "targets[0].name: a name cannot hold"),
        ({"targets": [{"name": "x" * 101, "build": "go build"}]}, "targets[0].name: a name of 1 to 100 bytes"),
    ]
    mv1, mv2 = snapshots()
    for i, (c, msg) in enumerate(bad):
        p = os.path.join(tmp, f"bad{i}.json")
        with open(p, "w") as f:
            json.dump(c, f)
        r = gosize(["check", mv1, mv2, "--config", p], ddir)
        eq(r.returncode, 2, f"bad config {c}: exit 2")
        check(msg in r.stderr and p in r.stderr and len(r.stderr.splitlines()) == 1, f"bad config {c}: message {r.stderr.strip()}")
    r = gosize(["diff", mv1, mv2, "--name", "api--server"], ddir)
    check(r.returncode == 2 and "--name: a name cannot hold" in r.stderr, f"--name api--server: {r.stderr.strip()}")
    p = os.path.join(tmp, "broken.json")
    with open(p, "w") as f:
        f.write('{"budgets": [')
    r = gosize(["check", "v1", "v2", "--config", p], ddir)
    check(r.returncode == 2 and "not valid JSON" in r.stderr, f"broken config JSON: {r.stderr.strip()}")


main(cleanup=lambda: shutil.rmtree(tmp, True))
