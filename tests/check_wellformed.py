#!/usr/bin/env python3
"""Well-formed output for every value: random deltas (zero, under 0.1%, negative,
huge, saturated at 2^64-1) between hand-made snapshots whose packages and
modules carry hostile names (markup, entities, CDATA ends, comment dashes,
quotes, U+2028, bidi overrides, escape sequences, spreadsheet formulas, very
long names) rendered in every diff format: every SVG parses as XML, JSON with
json, CSV with csv (one row per line, the header's columns, exact numbers), and
the HTML page and the SVG open in headless Chromium without a parser error or
console problem. Also the diff SVG of the fixtures and of two real esbuild
releases parses. The seed is fixed (GOSIZE_SEED overrides it), so a failure
replays. Usage: check_wellformed.py FIXTURE_DIR REALBIN_DIR"""
import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
import cdp  # noqa: E402
from gstest import GOSIZE, behaviour, check, eq, main  # noqa: E402

fx, real = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
tmp = tempfile.mkdtemp(prefix="gosize-wellformed-")
SEED = int(os.environ.get("GOSIZE_SEED", "26"))
rng = random.Random(SEED)
U64 = (1 << 64) - 1
FORMATS = ("md", "text", "json", "csv", "html", "svg")
HOSTILE = [
    "</title><script>alert(1)</script>", "a<b>&c;\"'", "]]>", "<!-- -- -->", "&amp;&#x3c;&lt;", "x\u2028y\u2029z",
    "\u202eevil\u202c", "\x1b[31mred\x1b[0m", "=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-<0.1%", "<0.1%",
    "net/http", "github.com/a/b/c", "emoji/\U0001F600", "tab\there", "new\nline", "back\\slash", "\x01\x7f",
    "l" * 3000, "[bucket]", "%s%n%x", "{{.}}", "`code`", "*bold*_it_", "| pipe |", "<svg onload=alert(1)>",
]


def snapshot(pkgs, unattr):
    """A schema 3 snapshot: packages {name: (module, size)}, every byte in one section."""
    attributed = sum(s for _, s in pkgs.values())
    size = attributed + unattr
    assert size <= U64
    mods = {}
    for m, s in pkgs.values():
        mods.setdefault(m, [0, 0])
        mods[m][0] += s
        mods[m][1] += 1
    return {
        "schema": 3, "tool": "gosize test",
        "binary": {"path": "x", "size": size, "format": "elf", "arch": "amd64", "ptr_size": 8, "endian": "little",
                   "pie": False, "stripped": True, "dwarf": False, "sha256": "0" * 64},
        "go": {"version": "go1.19.8", "path": "example.com/x",
               "main": {"path": "example.com/x", "version": "(devel)", "sum": "", "replace": None},
               "deps": [{"path": m, "version": "v1.0.0", "sum": "", "replace": None} for m in mods if m != "std"],
               "settings": {}, "pclntab": {"magic": "0xfffffff1", "layout": "1.20+", "functions": 0}},
        "sections": [{"name": ".text", "kind": "text", "file_offset": 0, "file_size": size, "vm_addr": 0, "vm_size": size,
                      "compressed": False, "unattributed": unattr}],
        "packages": [{"name": n, "module": m, "size": s, "bss": 0, "functions": 0, "sizes": {"code": s} if s else {}}
                     for n, (m, s) in pkgs.items()],
        "modules": [{"path": m, "version": "v1.0.0", "size": v[0], "packages": v[1]} for m, v in mods.items()],
        "unattributed": [{"section": ".text", "size": unattr}] if unattr else [],
        "symbols_total": 0, "symbols": {}, "imports": {"root": None, "note": "hand-made"},
        "totals": {"file": size, "attributed": attributed, "unattributed": unattr},
    }


def sizes(kind):
    """An (old, new) pair of the given kind of change."""
    base = rng.choice([1000, 123456, 10 ** 6, 7 * 10 ** 9])
    if kind == "zero":
        return base, base
    if kind == "tiny":  # under 0.1%
        return base * 1000, base * 1000 + rng.choice([1, -1, 7, -7])
    if kind == "negative":
        return base, rng.randrange(0, base)
    if kind == "huge":
        return rng.randrange(0, 1 << 20), 1 << rng.randrange(40, 62)
    if kind == "gone":
        return base, 0
    return base, base + rng.randrange(1, base)


KINDS = ["zero", "tiny", "negative", "huge", "gone", "grow"]


def case(i):
    """Two snapshots with 1-6 packages of hostile names; case 0 and 1 saturate the totals."""
    names = rng.sample(HOSTILE, rng.randrange(1, 7))
    old, new = {}, {}
    for n in names:
        mod = rng.choice(["std", "example.com/x", n if len(n) < 100 else "m/" + n[:50], "</details>", "a\u2028b"])
        o, w = sizes(rng.choice(KINDS))
        if o or rng.random() < 0.5:
            old[n] = (mod, o)
        if w or rng.random() < 0.5:
            new[n] = (mod, w)
    ou, nu = rng.randrange(0, 5000), rng.randrange(0, 5000)
    if i in (0, 1):  # saturated: one side's file is 2^64-1 bytes
        side = new if i == 0 else old
        side.clear()
        side[names[0]] = ("std", U64 - 10)
        if i == 0:
            nu = 10
        else:
            ou = 10
    return snapshot(old, ou), snapshot(new, nu)


CSV_HEADER = ["kind", "name", "parent", "old", "new", "delta", "status", "old_version", "new_version"]


def well_formed(path, fmt, old, new, what):
    data = open(path, "rb").read()
    ok = check(data.decode("utf-8", "strict") is not None, f"{what}: valid UTF-8")
    text = data.decode("utf-8", "replace")
    if fmt == "svg":
        try:
            ET.fromstring(data)
        except ET.ParseError as e:
            return check(False, f"{what}: SVG parses as XML ({e})")
    elif fmt == "json":
        j = json.loads(text)
        want = min(max(new["totals"]["file"] - old["totals"]["file"], -(2 ** 63 - 1)), 2 ** 63 - 1)
        ok &= eq(j["total"]["delta"], want, f"{what}: JSON total delta")
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(text, newline="")))
        ok &= eq(rows[0], CSV_HEADER, f"{what}: CSV header")
        ok &= check(all(len(r) == len(CSV_HEADER) for r in rows), f"{what}: every CSV row has {len(CSV_HEADER)} fields")
        total = [r for r in rows if r[0] == "total"]
        ok &= check(len(total) == 1 and int(total[0][3]) == old["totals"]["file"] and int(total[0][4]) == new["totals"]["file"],
                    f"{what}: CSV total row holds the exact sizes ({total[:1]})")
        ok &= check(all(not r[1].startswith(("=", "+", "-", "@")) for r in rows[1:]), f"{what}: no CSV cell starts a formula")
    elif fmt in ("md", "text"):
        ok &= check("\x1b" not in text and "\r" not in text.replace("\r\n", ""), f"{what}: no raw escape or CR")
        if fmt == "md":
            ok &= check("<script" not in text and "</details>\n" not in text.replace("\n</details>\n", ""),
                        f"{what}: markdown carries no raw markup")
    return ok


pairs = []


@behaviour
def random_deltas_with_hostile_names_render_well_formed_in_every_format():
    for i in range(24):
        old, new = case(i)
        po, pn = os.path.join(tmp, f"c{i}-old.json"), os.path.join(tmp, f"c{i}-new.json")
        for p, s in ((po, old), (pn, new)):
            with open(p, "w", encoding="utf-8") as f:
                json.dump(s, f, ensure_ascii=False)
        for fmt in FORMATS:
            out = os.path.join(tmp, f"c{i}.{fmt}")
            r = subprocess.run([GOSIZE, "diff", po, pn, "--format", fmt, "-o", out], capture_output=True)
            if not check(r.returncode == 0, f"case {i} ({fmt}): exit {r.returncode}: {r.stderr[-300:]!r}"):
                continue
            well_formed(out, fmt, old, new, f"seed {SEED} case {i} {fmt}")
        pairs.append(i)


@behaviour
def fixture_and_real_release_diff_svgs_parse():
    """The diff SVG of the fixture pair and of two real esbuild releases (nearly every tile changed
    by under 0.1% there: the "-<0.1%" that broke the XML)."""
    for a, b in [(os.path.join(fx, "diff", "v1"), os.path.join(fx, "diff", "v2")),
                 (os.path.join(fx, "diff", "x1"), os.path.join(fx, "diff", "x2")),
                 (os.path.join(real, "esbuild-0.19.12"), os.path.join(real, "esbuild-0.24.2")),
                 (os.path.join(real, "esbuild-0.24.2"), os.path.join(real, "esbuild-0.19.12"))]:
        out = os.path.join(tmp, os.path.basename(a) + "-" + os.path.basename(b) + ".svg")
        r = subprocess.run([GOSIZE, "diff", a, b, "--format", "svg", "-o", out], capture_output=True)
        if not check(r.returncode == 0, f"diff svg {a} {b}: {r.stderr[-300:]!r}"):
            continue
        text = open(out, encoding="utf-8").read()
        try:
            ET.fromstring(text)
            check(True, f"{os.path.basename(out)}: parses")
        except ET.ParseError as e:
            check(False, f"{os.path.basename(out)}: parses as XML ({e})")
        check("<0.1%" not in text, f"{os.path.basename(out)}: a change under 0.1% is escaped")
    pairs.append("real")


@behaviour
def pages_and_svgs_open_in_chromium_without_errors():
    exe = cdp.find_chromium()
    if not exe:
        print("no Chromium installed: the pages were checked by the parsers only")
        return
    b = cdp.Browser(exe)
    try:
        b.open_page()
        for i in pairs:
            if i == "real":
                continue
            page = os.path.join(tmp, f"c{i}.html")
            b.navigate("file://" + page)
            ready = b.eval("new Promise(r => { let n = 0; const t = () => window.gosize ? r(true) : ++n > 250 ? r(false) "
                           ": setTimeout(t, 20); t(); })")
            check(ready, f"case {i}: the HTML page drew")
            eq(b.problems(), [], f"case {i}: the HTML page, no console error")
            svg = os.path.join(tmp, f"c{i}.svg")
            b.navigate("file://" + svg)
            root = b.eval("document.documentElement.localName + '|' + document.getElementsByTagName('parsererror').length")
            eq(root, "svg|0", f"case {i}: Chromium renders the SVG (no parser error)")
            eq(b.problems(), [], f"case {i}: the SVG, no console error")
    finally:
        b.close()


main(cleanup=lambda: shutil.rmtree(tmp, True))
