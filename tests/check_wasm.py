#!/usr/bin/env python3
"""WebAssembly (GOOS=js GOARCH=wasm): gosize's sections, functions, packages and
build info against a small wasm reader written here (sections, code bodies,
names, data segments laid out as memory, Go's pclntab in that memory), on the
Go 1.19 fixtures (default and -s -w) and esbuild's npm wasm of two releases;
their diff and budgets; corrupted modules exit 2 with one line.
(`go tool nm` and `go version -m` of Go 1.19 do not read wasm.)
Usage: check_wasm.py FIXTURE_DIR REALBIN_DIR"""
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, go_version_m, main, package_of, run, snapshot, svarint, uvarint  # noqa: E402

fx, real = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
tmp = tempfile.mkdtemp(prefix="gosize-wasm-")
NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code",
         "data", "datacount", "tag"]


def read_wasm(path):
    """Sections [(name, off, size)], bodies [(off, len)], names {index: name},
    imported function count, data segments [(memaddr, off, len)], producers."""
    d = open(path, "rb").read()
    assert d[:8] == b"\0asm\1\0\0\0"
    w = dict(data=d, secs=[], bodies=[], names={}, nimports=0, segs=[], producers={}, payload={})
    p = 8
    while p < len(d):
        sid = d[p]
        n, q = uvarint(d, p + 1)
        end = q + n
        name = NAMES[sid]
        if sid == 0:
            l, r = uvarint(d, q)
            cname = d[r:r + l].decode()
            name = "custom:" + cname
            r += l
            w["payload"][name] = end - r
            if cname == "name":
                while r < end:
                    sub = d[r]
                    sl, r2 = uvarint(d, r + 1)
                    if sub == 1:
                        c, r3 = uvarint(d, r2)
                        for _ in range(c):
                            i, r3 = uvarint(d, r3)
                            nl, r3 = uvarint(d, r3)
                            w["names"][i] = d[r3:r3 + nl].decode()
                            r3 += nl
                    r = r2 + sl
            elif cname == "producers":
                nf, r = uvarint(d, r)
                for _ in range(nf):
                    fl, r = uvarint(d, r)
                    field = d[r:r + fl].decode()
                    r += fl
                    nv, r = uvarint(d, r)
                    for _ in range(nv):
                        vl, r = uvarint(d, r)
                        v = d[r:r + vl].decode()
                        r += vl
                        xl, r = uvarint(d, r)
                        w["producers"][(field, v)] = d[r:r + xl].decode()
                        r += xl
        elif sid == 2:
            c, r = uvarint(d, q)
            for _ in range(c):
                for _ in range(2):
                    l, r = uvarint(d, r)
                    r += l
                kind = d[r]
                r += 1
                assert kind == 0, "only function imports in Go's wasm"
                _, r = uvarint(d, r)
                w["nimports"] += 1
        elif sid == 10:
            c, r = uvarint(d, q)
            for _ in range(c):
                l, r = uvarint(d, r)
                w["bodies"].append((r, l))
                r += l
            assert r == end
        elif sid == 11:
            c, r = uvarint(d, q)
            for _ in range(c):
                flags, r = uvarint(d, r)
                assert flags == 0 and d[r] == 0x41
                v, r = svarint(d, r + 1)
                assert d[r] == 0x0B
                l, r = uvarint(d, r + 1)
                w["segs"].append((v & 0xFFFFFFFF, r, l))
                r += l
            assert r == end
        w["secs"].append((name, p, end - p))
        p = end
    assert p == len(d)
    return w


def go_funcs(w):
    """[(entry PC, name)] from Go's pclntab (1.18+ layout), found in the memory
    the data segments make, at the start of a segment."""
    d = w["data"]
    lo = min(s[0] for s in w["segs"])
    hi = max(s[0] + s[2] for s in w["segs"])
    mem = bytearray(hi - lo)
    for a, off, l in w["segs"]:
        mem[a - lo:a - lo + l] = d[off:off + l]
    for a, off, l in w["segs"]:
        h = mem[a - lo:]
        if h[:4] in (b"\xf0\xff\xff\xff", b"\xf1\xff\xff\xff") and h[4:8] == b"\0\0\1\x08":
            break
    else:
        raise AssertionError("no pclntab")
    nfunc, _, _, fnt, _, _, _, fb = struct.unpack_from("<8Q", h, 8)
    out = []
    for i in range(nfunc):
        entry, fo = struct.unpack_from("<II", h, fb + 8 * i)
        no, = struct.unpack_from("<I", h, fb + fo + 4)
        out.append((entry, h[fnt + no:h.index(b"\0", fnt + no)].decode()))
    return out


def sections_ok(j, w, path, what):
    secs = j["sections"]
    eq(sum(s["file_size"] for s in secs), os.path.getsize(path), f"{what}: section sizes sum to the file size")
    real = [(s["name"], s["file_offset"], s["file_size"]) for s in secs if not s["name"].startswith("[")]
    eq(real, w["secs"], f"{what}: sections equal an independent section walk")
    pos = 0
    for s in sorted(secs, key=lambda s: s["file_offset"]):
        check(s["file_offset"] == pos, f"{what}: section {s['name']} at {s['file_offset']} follows the previous at {pos}")
        pos = s["file_offset"] + s["file_size"]
    t = j["totals"]
    eq(t["attributed"] + t["unattributed"], os.path.getsize(path), f"{what}: totals add up")


def functions_ok(j, w, what):
    """Every function: name from the pclntab, PC = (0x1000 + index) << 16, size
    = its body in the code section; package code sums from those."""
    funcs = go_funcs(w)
    eq(len(funcs), len(w["bodies"]), f"{what}: one pclntab function per code body")
    want = {}
    for entry, name in funcs:
        i = (entry >> 16) - 0x1000
        check(entry & 0xFFFF == 0 and 0 <= i < len(w["bodies"]), f"{what}: {name} PC 0x{entry:x} names a body")
        want[(name, entry)] = w["bodies"][i][1]
        if w["names"]:  # the linker writes the full instantiation where the pclntab has [...]
            pat = ".*".join(re.escape(re.sub(r"[^\w.]", "_", x)) for x in name.split("[...]"))
            check(re.fullmatch(pat, w["names"].get(i + w["nimports"], "")),
                  f"{what}: name section entry {w['names'].get(i + w['nimports'])!r} of {name}")
    got = {(s["name"], s["addr"]): s["size"] for s in j["symbols"] if s["kind"] == "code"}
    eq(j["go"]["pclntab"]["functions"] if "functions" in j["go"]["pclntab"] else len(got), len(funcs),
       f"{what}: function count")
    eq(len(got), len(want), f"{what}: functions listed")
    bad = [(k, got.get(k), v) for k, v in want.items() if got.get(k) != v]
    check(not bad, f"{what}: every function's name, PC and size equal the independent reading; differ: {bad[:5]}")
    pk, asm = {}, 0
    for (name, _), size in want.items():
        p = package_of(name)
        if p:
            pk[p] = pk.get(p, 0) + size
        else:  # assembly without a package in its name (cmpbody, wasm_pc_f_loop): its source directory
            asm += size
    have = {p["name"]: p["sizes"].get("code", 0) for p in j["packages"]}
    eq(sum(have.values()), sum(want.values()), f"{what}: code of all packages equals the sum of the bodies")
    extra = {p: have.get(p, 0) - v for p, v in pk.items() if have.get(p) != v}
    extra.update({p: v for p, v in have.items() if v and p not in pk})
    eq(sum(extra.values()), asm, f"{what}: only assembly functions land outside their name's package")
    check(set(extra) <= {"runtime", "internal/bytealg", "[types]", "[go linker]"} and all(v > 0 for v in extra.values()),
          f"{what}: per-package code equals the sum of its bodies but for assembly (runtime, internal/bytealg) "
          f"and functions of no package (type..eq.*, go.buildid): {extra}")
    return funcs


def modinfo(w):
    """runtime.modinfo, found here by its sentinels: {path, mod, deps, settings}."""
    d = w["data"]
    i = d.find(bytes.fromhex("3077af0c9274080241e1c107e6d618e6"))
    k = d.find(bytes.fromhex("f932433186182072008242104116d8f2"), i)
    assert 0 <= i < k
    info = {"path": None, "mod": None, "deps": [], "settings": {}}
    for line in d[i + 16:k].decode().splitlines():
        f = line.split("\t")
        if f[0] == "path":
            info["path"] = f[1]
        elif f[0] == "mod":
            info["mod"] = f[1]
        elif f[0] == "dep":
            info["deps"].append(f[1])
        elif f[0] == "build":
            key, _, v = f[1].partition("=")
            info["settings"][key] = json.loads(v) if v.startswith('"') else v
    return info


def buildinfo_ok(j, w, what, native=None, goversion=None):
    g = j["go"]
    mi = modinfo(w)
    eq((g["path"], g["main"]["path"], [x["path"] for x in g["deps"]], g["settings"]),
       (mi["path"], mi["mod"], mi["deps"], mi["settings"]), f"{what}: build info equals runtime.modinfo read here")
    lang = w["producers"].get(("language", "Go"))
    eq(g["version"], lang, f"{what}: Go version equals the producers section's")
    if goversion:
        eq(g["version"], goversion, f"{what}: Go version")
    s = g["settings"]
    eq((s.get("GOOS"), s.get("GOARCH")), ("js", "wasm"), f"{what}: GOOS/GOARCH settings")
    if native:  # the same program's linux build read by go version -m
        eq(g["path"], native["path"], f"{what}: main package equals go version -m of the linux build")
        eq(g["main"]["path"], native["mod"][0], f"{what}: main module")
        eq(len(g["deps"]), len(native["deps"]), f"{what}: dependencies")
        for k, v in native["settings"].items():
            if k not in ("GOOS", "GOARCH", "GOAMD64", "-ldflags") and not k.startswith("vcs"):
                eq(s.get(k), v, f"{what}: build setting {k} equals the linux build's")


res = {}  # {fixture: its functions}, for the stripped twin's
esb = {}  # {esbuild version: (path, snapshot)}, for their diff


@behaviour
def fixture_sections_functions_and_build_info_equal_an_independent_reader():
    vgo = run(["go", "env", "GOVERSION"]).stdout.strip()
    native = go_version_m(os.path.join(fx, "hello"))
    check(native is not None, "go version -m reads the linux hello fixture")
    for name in ("hello.wasm", "hello-s.wasm"):
        path = os.path.join(fx, "wasm", name)
        w = read_wasm(path)
        j = snapshot(path, "--symbols", "100000")
        eq((j["binary"]["format"], j["binary"]["arch"]), ("wasm", "wasm"), f"{name}: format")
        eq(j["binary"]["stripped"], name.endswith("-s.wasm"), f"{name}: stripped (no name section)")
        eq(bool(w["names"]), not name.endswith("-s.wasm"), f"{name}: name section present as the build says")
        sections_ok(j, w, path, name)
        res[name] = functions_ok(j, w, name)
        buildinfo_ok(j, w, name, native, vgo)
        share = j["totals"]["attributed"] / j["totals"]["file"]
        check(share > 0.95, f"{name}: {share:.1%} attributed")
        pk = {p["name"]: p for p in j["packages"]}
        check(pk.get("main", {}).get("functions", 0) >= 3 and "example.com/hello/internal/greet" in pk,
              f"{name}: the main module's packages")
        if not name.endswith("-s.wasm"):
            eq(pk.get("[symtab]", {}).get("size", 0) + sum(p["sizes"].get("symtab", 0) for p in j["packages"]
                                                           if p["name"] != "[symtab]"),
               w["payload"]["custom:name"], f"{name}: the name section (but its header) is charged to packages or [symtab]")


@behaviour
def stripped_twin_has_the_same_functions():
    """Stripped twin: the same functions (names, bodies)."""
    eq(sorted(res["hello-s.wasm"]), sorted(res["hello.wasm"]), "-s -w twin has the same functions at the same PCs")
    a = snapshot(os.path.join(fx, "wasm", "hello.wasm"), "--symbols", "100000")
    b = snapshot(os.path.join(fx, "wasm", "hello-s.wasm"), "--symbols", "100000")
    eq({s["name"]: s["size"] for s in b["symbols"] if s["kind"] == "code"},
       {s["name"]: s["size"] for s in a["symbols"] if s["kind"] == "code"}, "-s -w twin: function sizes")
    hw = read_wasm(os.path.join(fx, "wasm", "hello.wasm"))
    eq(a["go"]["savings"]["ldflags_s"], next(x[2] for x in hw["secs"] if x[0] == "custom:name"), "-s would save the name section")
    check(0 < a["go"]["savings"]["ldflags_s"] <= a["totals"]["file"] - b["totals"]["file"], "-s saving within the real difference")


@behaviour
def esbuild_releases_read():
    """Esbuild's npm wasm (stripped, Go 1.20 and 1.23)."""
    for v, gov in (("0.19.12", "go1.20.12"), ("0.24.2", "go1.23.1")):
        path = os.path.join(real, f"esbuild-{v}.wasm")
        w = read_wasm(path)
        j = snapshot(path, "--symbols", "100000")
        what = f"esbuild {v} wasm"
        sections_ok(j, w, path, what)
        functions_ok(j, w, what)
        buildinfo_ok(j, w, what, None, gov)
        eq(j["go"]["path"], "github.com/evanw/esbuild/cmd/esbuild", f"{what}: main package")
        pk = {p["name"]: p for p in j["packages"]}
        esb_pk = sorted((p["size"], n) for n, p in pk.items() if n.startswith("github.com/evanw/esbuild/"))
        eq(esb_pk[-1][1], "github.com/evanw/esbuild/internal/js_parser", f"{what}: largest esbuild package")
        check(pk["github.com/evanw/esbuild/internal/js_parser"]["size"] > 1_500_000, f"{what}: js_parser over 1.5 MB")
        check(len(esb_pk) > 20, f"{what}: {len(esb_pk)} esbuild packages")
        share = j["totals"]["attributed"] / j["totals"]["file"]
        check(share > 0.95, f"{what}: {share:.1%} attributed")
        esb[v] = (path, j)


@behaviour
def release_diff_adds_up_and_notes_the_go_change():
    """Their diff: totals, sections and packages add up; what changed is what the releases say."""
    r = run([GOSIZE, "diff", esb["0.19.12"][0], esb["0.24.2"][0], "--format", "json"])
    eq(r.returncode, 0, f"diff of the esbuild wasm releases: {r.stderr.strip()}")
    dj = json.loads(r.stdout)
    total = os.path.getsize(esb["0.24.2"][0]) - os.path.getsize(esb["0.19.12"][0])
    eq(dj["total"]["delta"], total, "diff: total delta is the file size difference")
    eq(sum(s["delta"] for s in dj["sections"]), total, "diff: section deltas sum to the total")
    eq(sum(p["delta"] for p in dj["packages"]) + dj["unattributed"]["delta"], total,
       "diff: package deltas and the unattributed delta sum to the total")
    code = {s["name"]: s for s in dj["sections"]}["code"]
    check(code["delta"] > 0, f"diff: the code section grew ({code['delta']})")
    pkd = {p["name"]: p for p in dj["packages"]}
    check(pkd.get("slices", {}).get("old", 1) == 0 and pkd["slices"]["new"] > 0, "diff: std slices (Go 1.21) is new")
    check(pkd["runtime"]["delta"] > 0, "diff: the runtime grew from Go 1.20 to 1.23")
    check(any("go1.20.12" in n and "go1.23.1" in n for n in dj["notes"]), f"diff: notes the Go version change: {dj['notes']}")


@behaviour
def section_budget_breaks_and_holds():
    """Budgets on wasm: a section budget the diff breaks, and one it keeps."""
    cfg = os.path.join(tmp, "budget.json")
    for limit, want in (("100KB", 1), ("1MB", 0)):
        with open(cfg, "w") as f:
            json.dump({"budgets": [{"scope": "section:code", "max_increase": limit}]}, f)
        r = run([GOSIZE, "check", esb["0.19.12"][0], esb["0.24.2"][0], "--config", cfg, "--format", "text"])
        eq(r.returncode, want, f"check with section:code max_increase {limit}: {r.stderr.strip()[-200:]}")
    os.unlink(cfg)


@behaviour
def saved_snapshot_diffs_against_its_binary_with_no_change():
    """A saved snapshot diffs against its binary with no change."""
    snap = os.path.join(tmp, "esbuild.json")
    r = run([GOSIZE, "snapshot", esb["0.24.2"][0], "-o", snap])
    eq(r.returncode, 0, f"snapshot -o: {r.stderr.strip()}")
    r = run([GOSIZE, "diff", snap, esb["0.24.2"][0], "--format", "json"])
    eq(r.returncode, 0, f"diff of a wasm snapshot with its binary: {r.stderr.strip()}")
    if r.returncode == 0:
        z = json.loads(r.stdout)
        eq((z["total"]["delta"], [p["name"] for p in z["packages"] if p["delta"]]), (0, []), "snapshot vs binary: no change")
    os.unlink(snap)


# corrupted modules: exit 2 with one line (or 0 with totals adding up for a broken custom section)
def leb5(v):
    return bytes([(v >> (7 * i) & 0x7F) | (0x80 if i < 4 else 0) for i in range(5)])


def one_line(d, what, allow_ok=False):
    p = os.path.join(tmp, "bad.wasm")
    with open(p, "wb") as f:
        f.write(d)
    r = subprocess.run([GOSIZE, "snapshot", p], capture_output=True, text=True, timeout=120)
    if allow_ok and r.returncode == 0:
        t = json.loads(r.stdout)["totals"]
        check(t["attributed"] + t["unattributed"] == len(d), f"{what}: totals add up")
    else:
        lines = r.stderr.splitlines()
        check(r.returncode == 2 and len(lines) == 1 and lines[0].startswith("gosize: ") and "bad.wasm" in lines[0],
              f"{what}: exit {r.returncode}, stderr {r.stderr[-300:]!r}")
    os.unlink(p)
    return r


@behaviour
def corrupt_modules_exit_2_with_one_line():
    path = os.path.join(fx, "wasm", "hello.wasm")
    w = read_wasm(path)
    d = w["data"]
    sec = {n: (o, s) for n, o, s in w["secs"]}
    for n, o, s in w["secs"]:  # truncated inside each section, and right after its header
        one_line(d[:o + 3], f"truncated in the header of {n}")
        one_line(d[:o + s // 2], f"truncated in the middle of {n}", allow_ok=n.startswith("custom:"))
    one_line(d[:7], "truncated module header")
    one_line(d[:4] + b"\2\0\0\0" + d[8:], "module version 2")
    for n in ("code", "data", "import", "type"):  # a section size of 2^32-1
        o, s = sec[n]
        one_line(d[:o + 1] + leb5(0xFFFFFFFF) + d[o + 6:], f"{n} section size 2^32-1")
    for n in ("code", "data", "import"):  # a huge count as the section's first LEB128 (Go writes it in 1-3 bytes)
        o, s = sec[n]
        c, q = uvarint(d, o + 6)
        one_line(d[:o + 6] + leb5(0xFFFFFFF) + d[q:], f"{n} count 2^28-1 (section size fixed)")
        one_line(d[:o + 6] + b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f" + d[q:], f"{n} count, an overlong LEB128")
    o, s = sec["data"]  # a data segment placed at 4 GiB - 16: memory too wide to lay out
    c, q = uvarint(d, o + 6)
    one_line(d[:q + 2] + bytes([0x7F]) + d[q + 3:], "data segment offset near -1 (far from the others)")
    o, s = sec["custom:name"]
    one_line(d[:o + 20] + leb5(0xFFFFFFF) + d[o + 25:], "name section with a huge count", allow_ok=True)
    body_off, body_len = w["bodies"][5]
    one_line(d[:body_off - 1] + b"\xff" + d[body_off:], "function body size byte flipped")


main(cleanup=lambda: os.rmdir(tmp))  # every behaviour removed its files
