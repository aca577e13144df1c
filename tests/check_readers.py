#!/usr/bin/env python3
"""What gosize reads from the Go fixtures (built by build_fixtures.sh) equals
what independent tools read: readelf -S -W, go version -m, go tool nm -size,
zlib, sha256; stripped and rebuilt twins have the same functions.
Usage: check_readers.py FIXTURE_DIR"""
import collections
import hashlib
import json
import os
import re
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from gstest import (GOSIZE, behaviour, check, eq, fixture_snapshots, go_funcs, go_nm, go_version_m, main,  # noqa: E402
                    package_of, readelf_sections, snapshot)

d = sys.argv[1]
ARCHS = {"": "amd64", "386": "386", "arm": "arm", "arm64": "arm64", "riscv64": "riscv64", "s390x": "s390x",
         "ppc64": "ppc64"}


def snaps():
    return fixture_snapshots(d)


@behaviour
def sections_equal_readelf():
    """Every section's offset, sizes, address and compression flag equal readelf -S -W's."""
    for name, snap in snaps().items():
        mine = [s for s in snap["sections"] if not s["name"].startswith("[")]
        theirs = readelf_sections(os.path.join(d, name))
        eq(len(mine), len(theirs), f"{name}: section count")
        byname = {s["name"]: s for s in mine}
        for t in theirs:
            m = byname.get(t["name"])
            if not check(m is not None, f"{name}: section {t['name']} missing"):
                continue
            nobits = t["type"] == "NOBITS"
            eq(m["file_offset"], t["off"] if not nobits or m["file_offset"] else m["file_offset"], f"{name} {t['name']} offset")
            eq(m["file_size"], 0 if nobits else t["size"], f"{name} {t['name']} file size")
            if "A" in t["flags"]:
                eq(m["vm_addr"], t["addr"], f"{name} {t['name']} address")
                eq(m["vm_size"], t["size"], f"{name} {t['name']} vm size")
            eq(m["compressed"], "C" in t["flags"], f"{name} {t['name']} compressed flag")


@behaviour
def build_info_equals_go_version_m():
    for name, snap in snaps().items():
        want = go_version_m(os.path.join(d, name))
        if not check(want is not None, f"{name}: go version -m reads it"):
            continue
        g = snap["go"]
        eq(g["version"], want["version"], f"{name}: Go version")
        eq(g["path"], want["path"], f"{name}: main package")
        eq([g["main"]["path"], g["main"]["version"]] + ([g["main"]["sum"]] if g["main"]["sum"] else []),
           [x for x in want["mod"] if x], f"{name}: main module")
        eq(len(g["deps"]), len(want["deps"]), f"{name}: dependency count")
        eq(g["settings"], want["settings"], f"{name}: build settings")


@behaviour
def header_facts_match_the_build():
    """Architecture, stripping, DWARF, PIE, byte order and pointer size are the ones each fixture was built with."""
    for f, s in snaps().items():
        arch = f.split("-")[1] if f.startswith("hello-") and f.split("-")[1] in ARCHS else ""
        eq(s["binary"]["arch"], ARCHS[arch], f"{f}: arch")
        eq(s["binary"]["stripped"], f.endswith("-s"), f"{f}: stripped")
        eq(s["binary"]["dwarf"], not f.endswith("-s"), f"{f}: dwarf")
        eq(s["binary"]["pie"], "-pie" in f, f"{f}: pie")
        eq(s["binary"]["endian"], "big" if arch in ("s390x", "ppc64") else "little", f"{f}: endianness")
        eq(s["binary"]["ptr_size"], 4 if arch in ("386", "arm") else 8, f"{f}: pointer size")
        check(s["go"]["pclntab"]["functions"] > 1000, f"{f}: function count {s['go']['pclntab']['functions']}")


def norm(n):
    return n[:-5] if n.endswith(".abi0") else n


@behaviour
def functions_equal_go_tool_nm():
    """Every Go function gosize read from the pclntab of an unstripped fixture (all seven
    architectures) has the address, name and size go tool nm -size gives it; packages split
    independently agree, and each package's code is the sum of its functions."""
    for name, snap in snaps().items():
        if name.endswith("-s"):
            continue
        nm = {}
        for addr, size, typ, sym in go_nm(os.path.join(d, name)):
            if typ in "Tt" and size:
                nm[addr] = (size, sym)
        funcs = [s for s in snap["symbols"] if "pcln" in s]
        matched = bad = 0
        pkg_nm, pkg_mine = collections.Counter(), collections.Counter()
        for f in funcs:
            if f["addr"] not in nm:
                continue
            matched += 1
            size, sym = nm[f["addr"]]
            sn = norm(sym)
            if "[...]" in f["name"]:
                sn = re.sub(r"\[.*\]", "[...]", sn)
            if f["name"] != sn or f["size"] != size:
                bad += 1
                if bad <= 5:
                    print(f"  {name}: {sym} @{f['addr']:#x} size {size} vs gosize {f['name']} {f['size']}")
            if package_of(sn):
                pkg_nm[package_of(sn)] += size
                pkg_mine[f["package"]] += f["size"]
        eq(matched, len(funcs), f"{name}: functions found by go tool nm at their address")
        eq(bad, 0, f"{name}: functions whose name or size differ from go tool nm")
        eq(dict(pkg_nm), dict(pkg_mine), f"{name}: per-package code sums vs nm (package split independently)")
        code = collections.Counter()
        for s in snap["symbols"]:
            if s["kind"] == "code":
                code[s["package"]] += s["size"]
        pk = {p["name"]: p["sizes"].get("code", 0) for p in snap["packages"]
              if p["sizes"].get("code") and not p["name"].startswith("[")}
        code = {k: v for k, v in code.items() if not k.startswith("[")}
        eq(pk, dict(code), f"{name}: package code totals equal the sum of their functions")


def pkg_totals(s):
    return {p["name"]: (p["sizes"].get("code", 0), sum(p["sizes"].get(k, 0) for k in ("pclntab", "funcname", "pctab", "funcdata")),
                        p["functions"])
            for p in s["packages"] if p["sizes"].get("code") and not p["name"].startswith("[")}


@behaviour
def stripped_twin_matches_unstripped():
    """A stripped build has exactly the functions (name, size, address) and package totals of its unstripped twin."""
    sn = snaps()
    for name, snap in sn.items():
        if not (name.endswith("-s") and name[:-2] in sn):
            continue
        twin_name, twin = name[:-2], sn[name[:-2]]
        a, b = go_funcs(snap), go_funcs(twin)
        eq(len(a), len(b), f"{name} vs {twin_name}: function count")
        check(a == b, f"{name} vs {twin_name}: same functions (name, size, address)")
        eq(pkg_totals(snap), pkg_totals(twin), f"{name} vs {twin_name}: package code, pclntab and function totals")


@behaviour
def pie_external_trimpath_keep_the_main_module():
    """PIE, external linking and -trimpath change the runtime, not the main module's function set."""
    sn = snaps()
    mains = {"main", "example.com/hello/internal/greet"}
    for v in ("hello-pie", "hello-ext", "hello-trimpath"):
        a = sorted(n for n, _, _ in go_funcs(sn[v], mains))
        b = sorted(n for n, _, _ in go_funcs(sn["hello"], mains))
        check(len(a) >= 5 and a == b, f"{v} vs hello: main module functions {a} vs {b}")
    eq(go_funcs(sn["hello-trimpath"]), go_funcs(sn["hello"]), "hello-trimpath vs hello: same functions")


@behaviour
def main_module_packages_and_functions_listed():
    h = snaps()["hello"]
    pk = {p["name"]: p for p in h["packages"]}
    check("main" in pk and pk["main"]["module"] == "example.com/hello", "hello: package main in the main module")
    check("example.com/hello/internal/greet" in pk and pk["example.com/hello/internal/greet"]["module"] == "example.com/hello",
          "hello: internal/greet in the main module")
    eq(pk["runtime"]["module"], "std", "hello: runtime is std")
    names = {s["name"] for s in h["symbols"]}
    for want in ("main.(*counter).add", "main.counter.top", "main.counter.top.func1", "main.Max[...]",
                 "example.com/hello/internal/greet.(*Greeter).Greet",
                 "type..eq.[...]internal/cpu.option"):
        check(want in names, f"hello: function {want} listed")


@behaviour
def compressed_dwarf_size_equals_zlib():
    """The uncompressed size reported equals what zlib inflates (ELF compression headers)."""
    raw = open(os.path.join(d, "hello"), "rb").read()
    zs = [x for x in snaps()["hello"]["sections"] if x.get("uncompressed_size")]
    check(len(zs) >= 5, f"hello: {len(zs)} compressed DWARF sections with their uncompressed size")
    for x in zs:
        data = raw[x["file_offset"] + 24:x["file_offset"] + x["file_size"]]  # Elf64_Chdr is 24 bytes
        eq(len(zlib.decompress(data)), x["uncompressed_size"], f"hello {x['name']}: uncompressed size")


@behaviour
def fast_mode_keeps_functions_and_sums():
    """--fast skips the code scan: the same functions and sums, data referenced from code no longer charged."""
    for name in ("hello-s", "hello-arm64-s"):
        full = snaps()[name]
        fast = snapshot(os.path.join(d, name), "--fast")
        eq(fast["totals"]["attributed"] + fast["totals"]["unattributed"], full["binary"]["size"],
           f"{name} --fast: sums to the file size")
        eq(go_funcs(fast), go_funcs(full), f"{name} --fast: the same functions")
        data = lambda sn: sum(p["sizes"].get("data", 0) + p["sizes"].get("rodata", 0) for p in sn["packages"]  # noqa: E731
                              if not p["name"].startswith("[") and p["name"] != "runtime")
        check(data(fast) * 4 < data(full), f"{name} --fast: data charged by code references dropped ({data(fast)} vs {data(full)})")


@behaviour
def threads_output_identical_and_sha256_correct():
    """The file's SHA-256 (inputs of 1 MiB or more, read with pread) and the code scan run on
    threads of their own: the output is byte for byte the single-threaded one (GOSIZE_THREADS=1)
    on every architecture's decoder, with and without --ranges, the hash the file's."""
    for name in ("hello", "hello-pie-s", "hello-arm64-s", "hello-arm-s", "hello-386-s", "hello-riscv64-s",
                 "hello-s390x-s", "hello-ppc64-s", "cgo-s", os.path.join("wasm", "hello-s.wasm"), os.path.join("diff", "v2")):
        p = os.path.join(d, name)
        for extra in ([], ["--ranges"]):
            one = subprocess.run([GOSIZE, "snapshot", p] + extra, capture_output=True,
                                 env=dict(os.environ, GOSIZE_THREADS="1")).stdout
            two = subprocess.run([GOSIZE, "snapshot", p] + extra, capture_output=True).stdout
            check(os.path.getsize(p) >= 1 << 20 and one == two and len(two) > 1000,
                  f"{name} {' '.join(extra)}: snapshot with the hashing and scanning threads is byte-identical to GOSIZE_THREADS=1")
        eq(json.loads(two)["binary"]["sha256"], hashlib.sha256(open(p, "rb").read()).hexdigest(), f"{name}: SHA-256 of the file")

main()
