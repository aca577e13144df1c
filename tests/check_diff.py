#!/usr/bin/env python3
"""gosize diff on real pairs: no phantom deltas, golden md/text/json/csv
reports (the fixture pair's skipped on a Go other than the one its goldens
were made with), aligned text tables, one unit style, the delta invariants,
build notes, `why` on a binary and new-module rows.
Usage: check_diff.py FIXTURE_DIR REALBIN_DIR
GOSIZE_UPDATE_GOLDEN=1 rewrites the golden files."""
import csv
import difflib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, main, readelf_sections, run, skip  # noqa: E402

fx, real = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
golden = os.path.join(os.path.dirname(__file__), "golden")
update = os.environ.get("GOSIZE_UPDATE_GOLDEN") == "1"
tmp = tempfile.mkdtemp(prefix="gosize-diff-")
# text reports: fitted to COLUMNS when not on a terminal, "→" in a UTF-8 locale
os.environ.update(COLUMNS="80", LC_ALL="C.UTF-8")
ddir = os.path.join(fx, "diff")
budgets = os.path.join(golden, "budgets.gosize.json")
GOLDEN_GO = "go1.19.8"  # the fixture pair depends on the toolchain: its goldens are for Debian 12's Go
reports = {}  # (pair, ext): the golden report's text, for the checks on its tables


def gosize(args, cwd=None):
    return run([GOSIZE, *args], cwd=cwd)


def golden_check(name, args, cwd):
    r = gosize(args, cwd)
    if r.returncode == 1 and args[0] == "check":
        r.returncode = 0
    eq(r.returncode, 0, f"{name}: exit code ({r.stderr.strip()})")
    p = os.path.join(golden, name)
    if update:
        with open(p, "w") as f:
            f.write(r.stdout)
    want = open(p).read() if os.path.exists(p) else None
    if not check(r.stdout == want, f"golden {name} differs (GOSIZE_UPDATE_GOLDEN=1 rewrites it)"):
        # shown, not written: a file would land in the source tree on a manual run
        d = difflib.unified_diff((want or "").splitlines(), r.stdout.splitlines(), "golden/" + name, "got", lineterm="")
        print("\n".join(list(d)[:60]))
    eq(gosize(args, cwd).stdout, r.stdout, f"{name}: byte-identical on a second run")
    return r.stdout


def functions(path):
    """({package: {(name, code size)}}, {package: sizes}) of a binary."""
    j = json.loads(gosize(["snapshot", path, "--symbols", "0"]).stdout)
    out = {}
    # schema 3: {package: [[name, address delta, size, pclntab bytes] for code, + kind for data]}
    for pkg, syms in j["symbols"].items():
        for y in syms:
            if len(y) == 4:
                out.setdefault(pkg, set()).add((y[0], y[2]))
    return out, {p["name"]: p["sizes"] for p in j["packages"]}


@behaviour
def packages_with_identical_functions_do_not_move():
    """No phantom deltas: x2 is x1 plus one file importing encoding/xml. Every package whose functions
    (names and code sizes) are the same in both builds keeps its size within max(256 B, 0.5%) in
    `gosize diff`, stripped and not. Type descriptors are the exception the other way only: a named
    type's descriptor is its package's, and the new importer may need descriptors the old build did
    not link (io.Reader for encoding/xml), so a package's type bytes may grow, never shrink.
    x3 is x1 plus a package of 400 look-alike functions, whose DWARF compresses far better than the
    rest: shared out by the section's ratio, runtime's compressed DWARF moved by 13 KB."""
    for a, b in (("x1", "x2"), ("x1-s", "x2-s"), ("x1", "x3")):
        fa, sa = functions(os.path.join(fx, "diff", a))
        fb, sb = functions(os.path.join(fx, "diff", b))
        d = json.loads(gosize(["diff", a, b, "--format", "json"], os.path.join(fx, "diff")).stdout)
        delta = {p["name"]: p for p in d["packages"]}
        same = [p for p in fa if fa[p] == fb.get(p) and not p.startswith("[")]
        check(len(same) >= 20, f"{a} -> {b}: {len(same)} packages with identical functions")
        moved = []
        for p in same:
            old = delta[p]["old"] if p in delta else sum(sa[p].values())
            dt = delta[p]["delta"] if p in delta else 0
            dtype = sb[p].get("type", 0) - sa[p].get("type", 0)
            lim = max(256, old // 200)
            if abs(dt - max(dtype, 0)) > lim or dtype < -lim:
                moved.append((p, old, dt, dtype))
            ddebug = sb[p].get("debug", 0) - sa[p].get("debug", 0)
            if abs(ddebug) > lim:
                moved.append((p, old, "debug", ddebug))
        eq(moved, [], f"{a} -> {b}: packages with identical functions whose size moved (name, old, delta, type delta)")
        dd = max(((abs(sb[p].get("debug", 0) - sa[p].get("debug", 0)), p) for p in same), default=(0, ""))
        if dd[0]:
            print(f"  {a} -> {b}: the largest DWARF move of a package with identical functions: {dd[1]} {dd[0]} B")
        print(f"  {a} -> {b}: {len(same)} packages with identical functions, none moved by more than max(256 B, 0.5%)"
              if not moved else f"  {a} -> {b}: {len(moved)} moved")


@behaviour
def fixture_pair_reports_equal_their_goldens():
    gover = run(["go", "env", "GOVERSION"]).stdout.strip()
    if gover != GOLDEN_GO:
        skip(f"the fixture pair's goldens were made with {GOLDEN_GO} (Debian 12's), this is {gover or 'no Go'}")
    for fmt, ext in (("md", "md"), ("text", "txt"), ("json", "json")):
        reports["hello", ext] = golden_check(f"hello-v1-v2.{ext}", ["check", "v1", "v2", "--format", fmt, "--top", "8",
                                                                    "--min-change", "2KB", "--config", budgets], ddir)


@behaviour
def release_pair_reports_equal_their_goldens():
    """esbuild built with Go 1.20 vs 1.23 (the npm releases: the same on every machine)."""
    for fmt, ext in (("md", "md"), ("text", "txt"), ("json", "json")):
        reports["esbuild", ext] = golden_check(f"esbuild-0.19-0.24.{ext}", ["check", "esbuild-0.19.12", "esbuild-0.24.2",
                                                                             "--format", fmt, "--top", "8", "--min-change", "2kb",
                                                                             "--config", budgets], real)


SIZE = r"(\d+ B|\d+\.\d (KiB|MiB|GiB))"


def text_tables(text):
    """{title: (header, [rows])} of a text report's tables."""
    tables, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"^(SECTION|PACKAGE|MODULE|SYMBOL) +OLD +NEW +DELTA +%", line)
        if m:
            cur = tables.setdefault(m.group(1), (line, []))
        elif cur is not None and line.strip():
            cur[1].append(line)
        else:
            cur = None
    return tables


def delta_of(line, header):
    end = header.index("DELTA") + len("DELTA")
    return int(line[:end].split()[-1].replace(",", ""))


@behaviour
def json_report_budget_checks_are_numbers():
    for (pair, ext), text in reports.items():
        if ext != "json":
            continue
        j = json.loads(text)
        eq(j["schema"], 3, f"{pair}: diff JSON schema")
        for c in j["checks"]:
            check(isinstance(c["actual"], (int, float)) and isinstance(c["limit"], (int, float)) and
                  c["unit"] in ("bytes", "percent", "count"), f"{pair}: check {c['budget']} has numbers: {c}")
        names = [c["budget"] for c in j["checks"]]
        eq(len(set(names)), len(names), f"{pair}: budget names are distinct")
        eq(names[0], "binary growth", f"{pair}: a named budget keeps its name")
        g = [c for c in j["checks"] if c["budget"] == "binary growth"][0]
        eq((g["limit"], g["unit"], g["actual"]), (262144, "bytes", j["total"]["delta"]), f"{pair}: 256KiB limit in bytes")
        p = [c for c in j["checks"] if c["unit"] == "percent"][0]
        check(abs(p["actual"] - 100.0 * j["total"]["delta"] / j["total"]["old"]) < 1e-9 and p["limit"] == 1,
              f"{pair}: percent check: {p}")


@behaviour
def text_and_markdown_reports_use_one_unit_style_and_name_their_rows():
    for (pair, ext), text in reports.items():
        if ext == "json":
            continue
        # one unit style: IEC sizes, no decimal KB/MB anywhere
        check(not re.search(r"\d (KB|MB|GB)\b", text), f"{pair}.{ext}: no decimal units")
        check(re.search(r"\b256\.0 KiB\b", text) and "262,144" not in text, f"{pair}.{ext}: the 256KiB limit reads 256.0 KiB")
        check("limit +97.7 KiB (+100,000 B)" in text, f"{pair}.{ext}: a decimal limit shows its exact bytes")
        check(re.search(r"binary growth \S+ \S* ?grew \+" + SIZE[1:-1], text) or "| binary growth |" in text,
              f"{pair}.{ext}: the named budget's row")
        check("module:* — no new module" in text or "module:\\* | ✅ | no new module" in text,
              f"{pair}.{ext}: the new-module row")
        check("Why the new packages" not in text and "why:" not in text, f"{pair}.{ext}: no why section without a graph")
        if ext == "md":
            check("| Symbol | Old | New |" in text and "| Package |" in text, f"{pair}: markdown symbol table has no package column")
            check(re.search(r"^\| … [\d,]+ more \| \|", text, re.M), f"{pair}: markdown '… N more' row")


@behaviour
def text_tables_aligned_within_80_columns_and_rows_sum_to_the_total():
    for (pair, ext), text in reports.items():
        if ext != "txt":
            continue
        tables = text_tables(text)
        check({"SECTION", "PACKAGE", "MODULE", "SYMBOL"} <= set(tables), f"{pair}: text tables {sorted(tables)}")
        total = json.loads(reports[pair, "json"])["total"]["delta"]
        for title, (header, rows) in tables.items():
            # alignment: every row ends each numeric column where the header does
            ends = [header.index(h) + len(h) for h in ("OLD", "NEW", "DELTA")] + [header.index(" %") + 2]
            for row in rows:
                check(all(row[e - 1] != " " and (e == len(row) or row[e] == " ") for e in ends),
                      f"{pair}: {title} row out of line: {row!r}")
                check(len(row) <= 80, f"{pair}: {title} row wider than 80: {row!r}")
            if title in ("SECTION", "SYMBOL"):
                check(rows[-1].startswith("… "), f"{pair}: {title} ends with a '… N more' row")
            # the rows add up: sections to the total, packages (+ [unattributed]) to the total
            if title in ("SECTION", "PACKAGE"):
                eq(sum(delta_of(r, header) for r in rows), total, f"{pair}: {title} rows incl. '… more' sum to the total")
        check(any(r.startswith("…/") for r in tables["SYMBOL"][1] + tables["PACKAGE"][1]),
              f"{pair}: a long name is shortened by its leading path (the module's prefix first)")
        check(all(len(line) <= 80 for line in text.splitlines()), f"{pair}: every line fits 80 columns")


def csv_out(args, cwd=None):
    """stdout as written (text mode would turn CRLF into LF)."""
    return subprocess.run([GOSIZE, *args], cwd=cwd, capture_output=True).stdout.decode()


@behaviour
def csv_reports_every_row_and_sums():
    """Every row, RFC 4180; the golden keeps all but the symbol rows (thousands)."""
    out = csv_out(["check", "esbuild-0.19.12", "esbuild-0.24.2", "--format", "csv", "--config", budgets], real)
    rows = list(csv.reader(io.StringIO(out, newline="")))
    check(out.endswith("\r\n") and "\n" not in out.replace("\r\n", "") and all(len(x) == 9 for x in rows),
          "csv: CRLF, 9 fields a row")
    p = os.path.join(golden, "esbuild-0.19-0.24.csv")
    head = "".join(line for line in out.splitlines(keepends=True) if not line.startswith("symbol,"))
    if update:
        with open(p, "w", newline="") as f:
            f.write(head)
    check(head == open(p, newline="").read(), "golden esbuild-0.19-0.24.csv differs (GOSIZE_UPDATE_GOLDEN=1 rewrites it)")
    by = {}
    for x in rows[1:]:
        by.setdefault(x[0], []).append(x)
    total = int(by["total"][0][5])
    eq(sum(int(x[5]) for x in by["section"]), total, "csv: section deltas sum to the total")
    eq(sum(int(x[5]) for x in by["package"]) + int(by["unattributed"][0][5]), total, "csv: package deltas + unattributed = total")
    full = json.loads(gosize(["diff", "esbuild-0.19.12", "esbuild-0.24.2", "--format", "json", "--min-change", "0"], real).stdout)
    eq(len([x for x in by["symbol"] if x[6] != "same"]), len(full["symbols"]), "csv: every changed symbol (JSON lists those)")
    std = [x for x in by["module"] if x[1] == "std"][0]
    eq((std[7], std[8]), ("go1.20.12", "go1.23.1"), "csv: module versions")
    rows = list(csv.reader(io.StringIO(csv_out(["snapshot", os.path.join(real, "esbuild-0.24.2"), "--format", "csv"]), newline="")))
    snap = json.loads(gosize(["snapshot", os.path.join(real, "esbuild-0.24.2")]).stdout)
    eq(sum(int(x[3]) for x in rows if x[0] == "section"), snap["binary"]["size"] if "size" in snap.get("binary", {}) else
       os.path.getsize(os.path.join(real, "esbuild-0.24.2")), "snapshot csv: sections sum to the file size")
    eq(sum(int(x[3]) for x in rows if x[0] == "package") + int([x for x in rows if x[0] == "unattributed"][0][3]),
       os.path.getsize(os.path.join(real, "esbuild-0.24.2")), "snapshot csv: packages + unattributed = file size")


@behaviour
def ascii_text_report_without_a_utf8_locale():
    r = run([GOSIZE, "diff", "esbuild-0.19.12", "esbuild-0.24.2", "--format", "text", "--config", budgets], cwd=real,
            env=dict(os.environ, LC_ALL="C"))
    check(r.returncode == 0 and r.stdout.isascii() and " -> " in r.stdout and "..." in r.stdout, "LC_ALL=C: ASCII text report")


@behaviour
def why_on_a_binary_sizes_a_glob_or_module_without_a_graph():
    j = json.loads(gosize(["diff", "esbuild-0.19.12", "esbuild-0.24.2", "--format", "json"], real).stdout)
    internal = {p["name"]: p["new"] for p in j["packages"] if p["name"].startswith("github.com/evanw/esbuild/internal/") and p["new"]}
    wj = json.loads(gosize(["why", "github.com/evanw/esbuild/internal/*", "esbuild-0.24.2", "--format", "json"], real).stdout)
    check(wj["match"] == "glob" and wj["graph"] is False and wj["chain"] is None and "a binary" in wj["note"],
          f"why GLOB on a binary: {dict((k, wj[k]) for k in ('match', 'graph', 'chain', 'note'))}")
    check(set(internal) <= {p["name"] for p in wj["packages"]} and wj["size"] == sum(p["size"] for p in wj["packages"]),
          "why GLOB on a binary: the changed internal packages are in it, sizes add up")
    for p in wj["packages"]:
        if p["name"] in internal:
            eq(p["size"], internal[p["name"]], f"why GLOB: size of {p['name']}")
    r = gosize(["why", "github.com/evanw/esbuild", "esbuild-0.24.2"], real)
    check(r.returncode == 0 and r.stdout.startswith("github.com/evanw/esbuild (module, ") and "unavailable (no import graph: a binary"
          in r.stdout, f"why MODULE on a binary: {r.stdout[:300]}{r.stderr}")


@behaviour
def new_module_rows_list_the_new_modules():
    """esbuild -> lefthook: every lefthook dependency is new."""
    cfg = os.path.join(tmp, "newmods.json")
    with open(cfg, "w") as f:
        json.dump({"budgets": [{"scope": "module:*", "new": "warn"}, {"name": "no new deps", "scope": "module:github.com/*", "new": "error"}]}, f)
    r = gosize(["check", "esbuild-0.8.57", "lefthook-2.2.2", "--config", cfg, "--format", "json"], real)
    j = json.loads(r.stdout)
    added = sorted(m["name"] for m in j["modules"] if m["status"] == "added")
    eq(r.returncode, 1, "new modules break the error budget")
    eq([(c["budget"], c["status"], c["unit"], sorted(c["added"]), c["actual"]) for c in j["checks"]],
       [("module:* new (warn)", "warn", "count", added, len(added)),
        ("no new deps", "error", "count", [a for a in added if a.startswith("github.com/")],
         len([a for a in added if a.startswith("github.com/")]))], "new-module checks list the new modules")
    t = gosize(["check", "esbuild-0.8.57", "lefthook-2.2.2", "--config", cfg, "--format", "text"], real).stdout
    t = re.sub(r"\n {8}", " ", t)  # a budget line wrapped at the width, joined
    check(re.search(r"^  WARN  module:\* — new modules: [^,]+, .* and \d+ more$", t, re.M) and
          re.search(r"^  FAIL  no new deps — new modules: github.com/", t, re.M), f"new-module rows: {t[:600]}")


@behaviour
def min_change_hides_rows_but_not_the_change():
    """Every change below --min-change: the markdown says so instead of "No size change"; units are
    case-insensitive; JSON rows below it are left out."""
    md = gosize(["diff", "esbuild-0.19.12", "esbuild-0.24.2", "--min-change", "1MB", "--format", "md"], real).stdout
    check("No section, package or symbol changed by 976.6 KiB or more." in md and "No size change" not in md,
          "md: changes below --min-change are not 'no change'")
    check("No size change." in gosize(["diff", "esbuild-0.24.2", "esbuild-0.24.2", "--format", "md"], real).stdout,
          "md: a binary against itself has no size change")
    eq(gosize(["diff", "esbuild-0.19.12", "esbuild-0.24.2", "--min-change", "10kb", "--format", "json"], real).returncode, 0,
       "--min-change 10kb")
    js = gosize(["diff", "v1", "v2", "--format", "json", "--min-change", "100KB"], ddir).stdout
    check(all(abs(p["delta"]) >= 100000 for p in json.loads(js)["packages"]), "--min-change hides small package rows")


@behaviour
def deltas_sum_to_the_total():
    """Invariants on the full JSON delta: packages + unattributed, sections and categories each sum to the
    total, which is the difference of the file sizes."""
    for old, new, cwd in (("v1", "v2", ddir), ("v2", "v1", ddir), ("esbuild-0.8.57", "lefthook-2.2.2", real)):
        j = json.loads(gosize(["diff", old, new, "--format", "json", "--config", os.path.join(golden, "empty.gosize.json")], cwd).stdout)
        total = j["total"]["delta"]
        eq(total, os.path.getsize(os.path.join(cwd, new)) - os.path.getsize(os.path.join(cwd, old)), f"{old}->{new}: total delta")
        eq(sum(p["delta"] for p in j["packages"]) + j["unattributed"]["delta"], total,
           f"{old}->{new}: package deltas + unattributed delta == total delta")
        eq(sum(s["delta"] for s in j["sections"]), total, f"{old}->{new}: section deltas == total delta")
        eq(sum(c["delta"] for c in j["categories"]) + j["unattributed"]["delta"], total, f"{old}->{new}: category deltas")


@behaviour
def new_packages_and_build_notes_reported():
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
    # the figures are the sections' bytes (readelf's sizes), not the leftover buckets
    secs = readelf_sections(os.path.join(fx, "hello"))
    dwarf = sum(x["size"] for x in secs if x["name"].startswith((".debug_", ".zdebug_")))
    symtab = sum(x["size"] for x in secs if x["name"] in (".symtab", ".strtab"))

    def kib(what):
        m = re.search(re.escape(what) + r": -([\d.]+) KiB", notes)
        return float(m.group(1)) if m else None
    got = kib("DWARF removed (-w)")
    check(dwarf > 100_000 and got is not None and abs(got - dwarf / 1024) < 0.06, f"-w note is -{dwarf} B of DWARF: {notes}")
    got = kib("symbol table removed (-s)")
    check(symtab > 10_000 and got is not None and abs(got - symtab / 1024) < 0.06,
          f"-s note is -{symtab} B of .symtab + .strtab: {notes}")


@behaviour
def diff_operand_errors_exit_2():
    r = gosize(["diff", os.path.join(ddir, "v1")], tmp)
    check(r.returncode == 2 and "not in a git repository" in r.stderr, f"diff with one operand outside a repository: {r.stderr.strip()}")
    r = gosize(["diff", "v1", "nope"], ddir)
    check(r.returncode == 2 and "nope" in r.stderr, f"diff with a missing file: {r.stderr.strip()}")


main(cleanup=lambda: shutil.rmtree(tmp, True))
