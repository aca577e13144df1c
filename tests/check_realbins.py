#!/usr/bin/env python3
"""Third-party Go release binaries (Go 1.16 -> 1.27): gosize agrees with
go version -m where that tool reads them, its function table is internally
consistent, and spot values agree with a small pclntab reader written here.
Usage: check_realbins.py DIR"""
import os
import re
import struct
import sys

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, go_nm, go_version_m, main, run, shared, snapshot, uvarint  # noqa: E402

d = sys.argv[1]


def elf_sections(data):
    """{name: (addr, off, size)} from the ELF section headers (little-endian 64-bit only)."""
    assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    hdrs = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    stroff = hdrs[shstrndx][4]
    out = {}
    for h in hdrs:
        name = data[stroff + h[0]:data.index(b"\0", stroff + h[0])].decode()
        out[name] = (h[3], h[4], h[5])
    return out


def pclntab_spot(path):
    """nfunc, [(entry, name, pcsp extent)] for a few functions, read independently."""
    data = open(path, "rb").read()
    secs = elf_sections(data)
    _, off, size = secs[".gopclntab"]
    t = data[off:off + size]
    magic, = struct.unpack_from("<I", t, 0)
    quantum = t[6]
    if magic in (0xFFFFFFF0, 0xFFFFFFF1):
        nfunc, nfiles, text, nameoff, cuoff, fileoff, pcoff, funcoff = struct.unpack_from("<8Q", t, 8)
        if text == 0:  # Go 1.26+: the runtime fills it in; the text section starts there
            text = secs[".text"][0]
        fixed = 44 if magic == 0xFFFFFFF1 else 40

        def func(i):
            entryoff, fo = struct.unpack_from("<II", t, funcoff + 8 * i)
            rec = funcoff + fo
            _, nameo, _, _, pcsp = struct.unpack_from("<IiiII", t, rec)
            return text + entryoff, nameo, pcsp
    elif magic == 0xFFFFFFFA:
        nfunc, nfiles, nameoff, cuoff, fileoff, pcoff, funcoff = struct.unpack_from("<7Q", t, 8)

        def func(i):
            entry, fo = struct.unpack_from("<QQ", t, funcoff + 16 * i)
            rec = funcoff + fo
            _, nameo, _, _, pcsp = struct.unpack_from("<QiiII", t, rec)
            return entry, nameo, pcsp
    else:
        raise ValueError(f"{path}: magic {magic:#x}")
    spots = []
    for i in sorted({0, 1, nfunc // 3, nfunc // 2, nfunc - 2, nfunc - 1}):
        entry, nameo, pcsp = func(i)
        name = t[nameoff + nameo:t.index(b"\0", nameoff + nameo)].decode()
        pc, p, first = 0, pcoff + pcsp, True
        while pcsp:
            v, p = uvarint(t, p)
            if v == 0 and not first:
                break
            first = False
            dpc, p = uvarint(t, p)
            pc += dpc * quantum
        spots.append((entry, name, pc))
    return nfunc, spots


GO_VERSIONS = {"esbuild-0.8.57": "go1.16", "esbuild-0.11.23": "go1.16.3", "esbuild-0.14.54": "go1.19",
               "esbuild-0.19.12": "go1.20.12", "esbuild-0.24.2": "go1.23.1", "lefthook-2.2.2": "go1.27.0",
               "esbuild-0.14.54-arm64": "go1.19", "esbuild-0.24.2-arm64": "go1.23.1", "lefthook-2.2.2-arm64": "go1.27.0"}


@shared
def releases():
    """{name: snapshot} of the Linux releases of GO_VERSIONS present in d."""
    return {f: snapshot(os.path.join(d, f)) for f in sorted(os.listdir(d)) if f in GO_VERSIONS}


def functions(s):
    return sorted((x for x in s["symbols"] if "pcln" in x), key=lambda x: x["addr"])


@behaviour
def every_release_binary_present():
    eq(len(releases()), len(GO_VERSIONS), "real binaries present")


@behaviour
def build_info_equals_go_version_m_and_the_files_strings():
    for f, s in releases().items():
        p = os.path.join(d, f)
        g = s["go"]
        eq(g["version"], GO_VERSIONS[f], f"{f}: Go version")
        want = go_version_m(p)
        if want:  # Go 1.19's tool reads all of these; if a newer layout defeats it, the strings check below stands
            eq(g["path"], want["path"], f"{f}: main package")
            eq(g["main"]["path"], want["mod"][0], f"{f}: main module")
            eq([[m["path"], m["version"]] + ([m["sum"]] if m["sum"] else []) for m in g["deps"]],
               [x[:3] for x in want["deps"]], f"{f}: dependencies")
            eq(g["settings"], want["settings"], f"{f}: build settings")
        blob = open(p, "rb").read()
        check(g["version"].encode() in blob, f"{f}: version string present in the binary")
        for m in g["deps"]:
            check(m["path"].encode() in blob, f"{f}: module {m['path']} present in the binary")


@behaviour
def function_table_sorted_disjoint_and_covering_text():
    """Sorted, no overlaps, sizes cover the text the table spans; each package's code is its functions'."""
    for f, s in releases().items():
        g = s["go"]
        funcs = functions(s)
        eq(len(funcs), g["pclntab"]["functions"], f"{f}: every function listed")
        check(len(funcs) > 5000, f"{f}: {len(funcs)} functions")
        overlaps = sum(1 for a, b in zip(funcs, funcs[1:]) if a["addr"] + a["size"] > b["addr"])
        eq(overlaps, 0, f"{f}: functions overlap")
        text = [x for x in s["sections"] if x["name"] == ".text"][0]
        check(all(text["vm_addr"] <= x["addr"] < text["vm_addr"] + text["vm_size"] for x in funcs),
              f"{f}: every entry inside .text")
        code = sum(x["size"] for x in funcs)
        pad = sum(p["sizes"].get("padding", 0) for p in s["packages"])
        span = text["vm_addr"] + text["vm_size"] - funcs[0]["addr"]
        check(code + pad <= text["file_size"] and code + pad >= span - 64,
              f"{f}: code {code} + padding {pad} covers the function table's text ({span})")
        by_pkg = {}
        for x in funcs:
            by_pkg[x["package"]] = by_pkg.get(x["package"], 0) + x["size"]
        pk_code = {p["name"]: p["sizes"]["code"] for p in s["packages"] if p["sizes"].get("code") and p["name"] != "[cgo/C]"}
        eq(pk_code, by_pkg, f"{f}: each package's code equals the sum of its functions")


@behaviour
def ninety_percent_of_each_file_charged_to_go_packages():
    """Function metadata (funcdata via the module data) and type descriptors leave little
    unexplained; Go 1.26+ moved them (.go.type, funcdata in the pclntab)."""
    for f, s in releases().items():
        p = os.path.join(d, f)
        t = s["totals"]
        eq(t["attributed"] + t["unattributed"], os.path.getsize(p), f"{f}: attributed + unattributed == size")
        want_share = 0.90
        share = t["attributed"] / os.path.getsize(p)
        check(share > want_share, f"{f}: {share:.1%} attributed (want > {want_share:.0%})")
        in_pkgs = sum(p["size"] for p in s["packages"] if not p["name"].startswith("[")) / os.path.getsize(p)
        print(f"  {f}: {share:.1%} attributed, {in_pkgs:.1%} to Go packages, {len(functions(s))} functions")
        check(in_pkgs >= 0.90, f"{f}: {in_pkgs:.1%} of the file charged to Go packages (want >= 90%)")
        # type descriptors reach their packages (named types by their package path)
        typed = {p["name"]: p["sizes"].get("type", 0) for p in s["packages"] if not p["name"].startswith("[")}
        if not f.startswith("lefthook"):
            check(typed.get("runtime", 0) > 10000 and typed.get(s["go"]["main"]["path"] + "/internal/js_ast", typed.get("reflect", 0)) > 0,
                  f"{f}: type descriptors charged to their packages (runtime {typed.get('runtime', 0)})")


@behaviour
def functions_equal_an_independent_pclntab_reader():
    for f, s in releases().items():
        funcs = functions(s)
        nfunc, spots = pclntab_spot(os.path.join(d, f))
        eq(nfunc, len(funcs), f"{f}: function count (independent reader)")
        byaddr = {x["addr"]: x for x in funcs}
        for entry, name, ext in spots:
            x = byaddr.get(entry)
            if check(x is not None, f"{f}: function at {entry:#x} ({name})"):
                eq((x["name"], x["size"]), (name, ext or x["size"]), f"{f}: function at {entry:#x}")


@behaviour
def main_module_and_runtime_packages_in_their_modules():
    for f, s in releases().items():
        g = s["go"]
        mods = {m["path"] for m in s["modules"]}
        check(g["main"]["path"] in mods and "std" in mods, f"{f}: main module and std in modules")
        pk = {p["name"]: p for p in s["packages"]}
        check(pk["runtime"]["functions"] > 800 and pk["runtime"]["module"] == "std", f"{f}: runtime package")
        check(any(n.startswith(g["main"]["path"]) and p["module"] == g["main"]["path"] for n, p in pk.items()),
              f"{f}: main module packages attributed to it")


@behaviour
def release_without_build_info_gets_version_and_modules_elsewhere():
    # esbuild 0.28.2 (Go 1.26.5) has no .go.buildinfo: the version comes from runtime.buildVersion (a string
    # header in .data whose bytes are a Go version), the module list is unknown and modules are inferred from
    # the package paths; its .go.module section is the [moduledata] bucket's
    p = os.path.join(d, "esbuild-0.28.2")
    s = snapshot(p)
    eq((s["go"]["version"], s["go"].get("version_from"), s["go"]["deps"]), ("go1.26.5", "runtime.buildVersion", []),
       "esbuild-0.28.2: Go version without build info")
    check(b"\xff Go buildinf:" not in open(p, "rb").read(), "esbuild-0.28.2: really has no build info")
    pk = {x["name"]: x for x in s["packages"]}
    eq((pk["github.com/evanw/esbuild/internal/js_parser"]["module"], pk["golang.org/x/sys/unix"]["module"],
        pk["runtime"]["module"]), ("github.com/evanw/esbuild", "golang.org/x/sys", "std"),
       "esbuild-0.28.2: modules inferred from package paths")
    gm = [x for x in s["sections"] if x["name"] == ".go.module"][0]
    eq((pk["[moduledata]"]["size"], gm["unattributed"]), (gm["file_size"], 0), "esbuild-0.28.2: .go.module to [moduledata]")
    check("go1.26.5 (from runtime.buildVersion" in run([GOSIZE, "snapshot", p, "--format", "text"]).stdout,
          "esbuild-0.28.2: the text report says where the version came from")


@behaviour
def macho_and_pe_releases_agree_with_go_version_m_and_linux():
    # the same esbuild release for darwin (Mach-O, amd64 and arm64) and windows (PE):
    # build info equal to go version -m, function table sane, every byte accounted
    linux = releases()["esbuild-0.24.2"]
    FOREIGN = {"esbuild-0.24.2-darwin-x64": ("macho", "amd64"), "esbuild-0.24.2-darwin-arm64": ("macho", "arm64"),
               "esbuild-0.24.2-win32-x64.exe": ("pe", "amd64")}
    for f, (fmt, arch) in FOREIGN.items():
        p = os.path.join(d, f)
        s = snapshot(p)
        g = s["go"]
        eq((s["binary"]["format"], s["binary"]["arch"], g["version"]), (fmt, arch, "go1.23.1"), f"{f}: format, arch, Go")
        want = go_version_m(p)
        if check(bool(want), f"{f}: go version -m reads it"):
            eq(g["path"], want["path"], f"{f}: main package")
            eq([[m["path"], m["version"]] for m in g["deps"]], [x[:2] for x in want["deps"]], f"{f}: dependencies")
            eq(g["settings"], want["settings"], f"{f}: build settings")
        if fmt == "macho":  # (the windows build has no golang.org/x/sys)
            eq([m["path"] for m in g["deps"]], [m["path"] for m in linux["go"]["deps"]], f"{f}: same modules as linux")
        funcs = sorted((x for x in s["symbols"] if "pcln" in x), key=lambda x: x["addr"])
        eq(len(funcs), g["pclntab"]["functions"], f"{f}: every function listed")
        check(abs(len(funcs) - linux["go"]["pclntab"]["functions"]) < 400, f"{f}: {len(funcs)} functions (linux: "
              f"{linux['go']['pclntab']['functions']})")
        eq(sum(1 for a, b in zip(funcs, funcs[1:]) if a["addr"] + a["size"] > b["addr"]), 0, f"{f}: functions overlap")
        t = s["totals"]
        eq(t["attributed"] + t["unattributed"], os.path.getsize(p), f"{f}: attributed + unattributed == size")
        in_pkgs = sum(x["size"] for x in s["packages"] if not x["name"].startswith("[")) / os.path.getsize(p)
        print(f"  {f}: {t['attributed'] / os.path.getsize(p):.1%} attributed, {in_pkgs:.1%} to Go packages")
        check(in_pkgs >= 0.90, f"{f}: {in_pkgs:.1%} of the file charged to Go packages (want >= 90%)")


@behaviour
def go_1_13_to_1_15_releases_read():
    # Go 1.13-1.15 (the 1.2 pclntab layout, build info by pointers)
    OLD = {"esbuild-0.1.0": "go1.13.8", "esbuild-0.4.0": "go1.14.2", "esbuild-0.7.22": "go1.15"}
    for f, ver in OLD.items():
        p = os.path.join(d, "old", f)
        s = snapshot(p)
        eq((s["go"]["version"], s["go"]["pclntab"]["magic"]), (ver, "0xfffffffb"), f"{f}: Go version and pclntab layout")
        want = go_version_m(p)
        if want and want["path"]:
            eq([m["path"] for m in s["go"]["deps"]], [x[0] for x in want["deps"]], f"{f}: dependencies")
        funcs = sorted((x for x in s["symbols"] if "pcln" in x), key=lambda x: x["addr"])
        check(len(funcs) > 2500 and all(a["addr"] + a["size"] <= b["addr"] for a, b in zip(funcs, funcs[1:])),
              f"{f}: {len(funcs)} functions, sorted, no overlaps")
        t = s["totals"]
        eq(t["attributed"] + t["unattributed"], os.path.getsize(p), f"{f}: attributed + unattributed == size")
        if not s["binary"]["stripped"]:  # esbuild 0.1.0 kept its symbol table: every function against go tool nm
            nm = {a: (n, sz) for a, sz, ty, n in go_nm(p) if ty in "Tt" and sz}
            bad = [(x["name"], x["size"], nm.get(x["addr"])) for x in funcs
                   if x["addr"] in nm and (nm[x["addr"]][1] != x["size"] or nm[x["addr"]][0] != x["name"].replace("\u00b7", "."))]
            eq(bad[:5], [], f"{f}: every function's name and size equal go tool nm (Go 1.13)")
            check(sum(1 for x in funcs if x["addr"] in nm) > len(funcs) * 0.95, f"{f}: nm knows the functions")


@behaviour
def text_report_columns_apart_and_aligned():
    # the text report keeps its columns apart and aligned however wide the values are (esbuild's
    # "1.0 MiB" next to "740.3 KiB" in the package table, the wasm build's "unattributed" category row)
    SIZE_CELL = re.compile(r"\d+(?:\.\d)? (?:B|KiB|MiB|GiB|TiB)")
    NCOLS = {"SECTION": 3, "CATEGORY": 1, "PACKAGE": 4, "MODULE": 1}
    for f in ("esbuild-0.24.2", "esbuild-0.19.12.wasm"):
        out = run([GOSIZE, "snapshot", os.path.join(d, f), "--format", "text", "--top", "1000"]).stdout
        bad, tables = [], 0
        for block in out.split("\n\n")[1:]:
            head, *rows = [x for x in block.splitlines() if not x.startswith("... ")]
            title = head.split()[0]
            ends = {m.end() for m in re.finditer(r"\S+", head)}
            tables += title in NCOLS
            for row in rows:
                cells = list(SIZE_CELL.finditer(row))
                apart = all(row[m.start() - 1] == " " and row[m.end():m.end() + 1] in ("", " ") for m in cells)
                aligned = len(row.split(" ")[0]) > 30 or all(m.end() in ends for m in cells)
                if len(cells) != NCOLS.get(title, -1) or not apart or not aligned:
                    bad.append(row)
        eq((tables, bad[:3]), (4, []), f"{f}: text report columns separated and aligned under their titles")
    check("\nunattributed " in run([GOSIZE, "snapshot", os.path.join(d, "esbuild-0.19.12.wasm"), "--format", "text"]).stdout,
          "esbuild-0.19.12.wasm: the unattributed category row is apart from its size")



@behaviour
def threads_output_identical():
    """The hash and the code scan on threads of their own: byte for byte the single-threaded
    output (ELF amd64 and arm64, Mach-O, PE, wasm; every range listed)."""
    for f in ("esbuild-0.24.2", "esbuild-0.24.2-arm64", "esbuild-0.24.2-darwin-x64", "esbuild-0.24.2-win32-x64.exe",
              "esbuild-0.24.2.wasm"):
        argv = [GOSIZE, "snapshot", os.path.join(d, f), "--ranges"]
        one = run(argv, env=dict(os.environ, GOSIZE_THREADS="1")).stdout
        two = run(argv).stdout
        check(one == two and len(two) > 100000, f"{f}: snapshot --ranges with threads is byte-identical to GOSIZE_THREADS=1")


main()
