#!/usr/bin/env python3
"""Mach-O and PE: cross-compiled fixtures (darwin amd64/arm64, windows
amd64/386, stripped and not) have the same main-module functions and package
totals as the linux build of the same source; section tables agree with
objdump -h (PE) and a Mach-O load-command reader written here; functions agree
with go tool nm; universal files and corrupt headers are handled.
Usage: check_platforms.py FIXTURE_DIR"""
import os
import shutil
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, go_nm, main, run, shared, snapshot  # noqa: E402

fx = os.path.abspath(sys.argv[1])
pd = os.path.join(fx, "platforms")
tmp = tempfile.mkdtemp(prefix="gosize-plat-")
MAIN = {"main", "example.com/hello/internal/greet"}


def macho_sections(path):
    """[(name, addr, size, offset)] from the load commands, read here independently."""
    d = open(path, "rb").read()
    magic, cpu, _, ftype, ncmds, cmdsize, flags, _ = struct.unpack_from("<IiiIIIII", d, 0)
    assert magic == 0xFEEDFACF
    p, out, seen = 32, [], set()
    for _ in range(ncmds):
        cmd, size = struct.unpack_from("<II", d, p)
        if cmd == 0x19:
            nsects, = struct.unpack_from("<I", d, p + 64)
            for i in range(nsects):
                s = p + 72 + 80 * i
                name = d[s:s + 16].rstrip(b"\0").decode()
                seg = d[s + 16:s + 32].rstrip(b"\0").decode()
                addr, sz, off, _, _, _, fl = struct.unpack_from("<QQIIIII", d, s + 32)
                zf = (fl & 0xFF) in (1, 0xC, 0x12)
                out.append((f"{seg},{name}" if name in seen else name, addr, sz, 0 if zf else off, sz if not zf else 0))
                seen.add(name)
        p += size
    return out


def pe_sections(path):
    """[(name, vma, virtual size, file offset, raw size)]: names, addresses and
    offsets from objdump -h (binutils reads PE), sizes from the section headers."""
    d = open(path, "rb").read()
    pe, = struct.unpack_from("<I", d, 0x3C)
    n, = struct.unpack_from("<H", d, pe + 6)
    optsize, = struct.unpack_from("<H", d, pe + 20)
    hdrs = [struct.unpack_from("<8sIIII", d, pe + 24 + optsize + 40 * i) for i in range(n)]
    out = []
    rows = [l.split() for l in run(["objdump", "-h", path]).stdout.splitlines()]
    rows = [p for p in rows if len(p) == 7 and p[0].isdigit()]
    assert len(rows) == n, (len(rows), n)
    for p, (_, vsize, va, rawsize, rawoff) in zip(rows, hdrs):
        out.append((p[1], int(p[3], 16), vsize, int(p[5], 16), rawsize))
    return out


def main_funcs(s):
    return sorted((f["name"], f["size"]) for f in s["symbols"] if "pcln" in f and f["package"] in MAIN)


def main_pkgs(s):
    return {p["name"]: (p["sizes"].get("code", 0), p["functions"]) for p in s["packages"] if p["name"] in MAIN}


@shared
def linux():
    return {"amd64": snapshot(os.path.join(fx, "hello")), "arm64": snapshot(os.path.join(fx, "hello-arm64")),
            "386": snapshot(os.path.join(fx, "hello-386"))}


@shared
def builds():
    """[(file, path, snapshot, GOOS, GOARCH, stripped)] of the darwin and windows fixtures."""
    out = []
    for f in sorted(os.listdir(pd)):
        p = os.path.join(pd, f)
        _, goos, arch = f.split("-")[:3]
        out.append((f, p, snapshot(p), goos, arch, f.endswith("-s")))
    return out


@behaviour
def format_arch_and_build_info_read():
    for f, p, s, goos, arch, stripped in builds():
        eq((s["binary"]["format"], s["binary"]["arch"]), ("macho" if goos == "darwin" else "pe", arch), f"{f}: format, arch")
        eq(s["go"]["version"], linux()[arch]["go"]["version"], f"{f}: Go version from the build info")
        eq(s["go"]["settings"].get("GOOS"), goos, f"{f}: GOOS setting")
        check(s["go"]["pclntab"]["functions"] > 1000, f"{f}: pclntab read")
        eq(s["binary"]["dwarf"], not stripped, f"{f}: DWARF present")


@behaviour
def parts_sum_to_file_size():
    for f, p, s, goos, arch, stripped in builds():
        t = s["totals"]
        eq(t["attributed"] + t["unattributed"], os.path.getsize(p), f"{f}: attributed + unattributed == size")
        eq(sum(x["file_size"] for x in s["sections"]), os.path.getsize(p), f"{f}: sections + gaps == size")
        check(t["attributed"] / os.path.getsize(p) > 0.85, f"{f}: {t['attributed'] / os.path.getsize(p):.1%} attributed")


@behaviour
def main_module_equals_the_linux_build():
    for f, p, s, goos, arch, stripped in builds():
        if goos == "darwin" and arch == "arm64":
            # darwin/arm64 reserves register R18, so its code differs from linux/arm64: names only
            eq([n for n, _ in main_funcs(s)], [n for n, _ in main_funcs(linux()[arch])], f"{f}: main-module function names")
        else:
            eq(main_funcs(s), main_funcs(linux()[arch]), f"{f}: main-module functions equal the linux/{arch} build's")
            eq(main_pkgs(s), main_pkgs(linux()[arch]), f"{f}: main-module package totals equal the linux/{arch} build's")


@behaviour
def dwarf_reaches_its_packages():
    """Mach-O __zdebug_* and PE .zdebug_*: compile units reach their packages as on ELF."""
    for f, p, s, goos, arch, stripped in builds():
        if stripped:
            continue
        dbg = {p["name"]: p["sizes"].get("debug", 0) for p in s["packages"]}
        share = 1 - dbg.get("[debug]", 0) / sum(dbg.values())
        check(share > 0.95 and dbg.get("main", 0) > 0 and dbg.get("runtime", 0) > 100000,
              f"{f}: {share:.1%} of the DWARF charged to packages (main {dbg.get('main')}, runtime {dbg.get('runtime')})")


@behaviour
def sections_equal_an_independent_reader():
    """objdump -h (PE) and the load-command reader above (Mach-O)."""
    for f, p, s, goos, arch, stripped in builds():
        mine = {x["name"]: x for x in s["sections"] if not x["name"].startswith("[")}
        theirs = macho_sections(p) if goos == "darwin" else pe_sections(p)
        eq(sorted(mine), sorted(t[0] for t in theirs), f"{f}: section names")
        for name, addr, vsize, off, fsize in theirs:
            m = mine.get(name)
            if not m:
                continue
            eq(m["file_size"], fsize, f"{f} {name}: file size")
            if m["vm_size"]:  # loaded
                eq((m["vm_addr"], m["vm_size"]), (addr, vsize), f"{f} {name}: address and size")
            if m["file_size"]:
                eq(m["file_offset"], off, f"{f} {name}: file offset")


@behaviour
def functions_equal_go_tool_nm():
    """Its sizes reach the next symbol: our code + padding."""
    for f, p, s, goos, arch, stripped in builds():
        if stripped:
            continue
        funcs = sorted((x for x in s["symbols"] if "pcln" in x), key=lambda x: x["addr"])
        span = {a["addr"]: (a["name"], b["addr"] - a["addr"]) for a, b in zip(funcs, funcs[1:])}
        nm = {}
        for a, sz, ty, n in go_nm(p):
            if ty in "Tt" and sz:
                n = n[1:] if goos == "darwin" and n.startswith("_") else n
                nm.setdefault(a, (set(), sz))[0].add(n.removesuffix(".abi0"))
        common = [a for a in span if a in nm]
        check(len(common) > len(funcs) * 0.95, f"{f}: nm knows {len(common)} of {len(funcs)} functions")
        bad = [(hex(a), span[a], nm[a]) for a in common if span[a][1] != nm[a][1]
               or span[a][0] not in nm[a][0] and "[...]" not in span[a][0]]
        eq(bad[:5], [], f"{f}: entry, name and extent agree with go tool nm")


@behaviour
def race_and_goexperiment_builds_read():
    """-race (the C race runtime is linked in) and GOEXPERIMENT builds read without error."""
    race = snapshot(os.path.join(fx, "variants", "hello-race"))
    eq(race["go"]["settings"].get("-race"), "true", "race build: -race setting")
    pk = {p["name"]: p for p in race["packages"]}
    check(pk.get("[cgo/C]", {}).get("sizes", {}).get("code", 0) > 100000, "race build: the C race runtime is [cgo/C] code")
    check("x_cgo_munmap" not in pk and "[asm]" not in pk, "race build: C clones (x_cgo_munmap.isra.0) are C, not packages")
    eq(main_funcs(race) != [], True, "race build: main functions")
    uni = snapshot(os.path.join(fx, "variants", "hello-unified"))
    eq(uni["go"]["version"], linux()["amd64"]["go"]["version"] + " X:unified", "GOEXPERIMENT build: version carries X:unified")
    eq([n for n, _ in main_funcs(uni)] != [], True, "GOEXPERIMENT build: functions")


@shared
def universal():
    """A universal (fat) file made of the two darwin slices: (its bytes, the arm64 slice's size)."""
    a, b = (open(os.path.join(pd, n), "rb").read() for n in ("hello-darwin-amd64-s", "hello-darwin-arm64-s"))
    off_a = 4096
    off_b = (off_a + len(a) + 16383) // 16384 * 16384
    fat = bytearray(struct.pack(">II", 0xCAFEBABE, 2) + struct.pack(">iiIII", 0x01000007, 3, off_a, len(a), 12) +
                    struct.pack(">iiIII", 0x0100000C, 0, off_b, len(b), 14))
    fat += b"\0" * (off_a - len(fat)) + a
    fat += b"\0" * (off_b - len(fat)) + b
    return bytes(fat), len(b)


@behaviour
def universal_file_slices_picked_by_arch():
    fat, arm64_size = universal()
    fp = os.path.join(tmp, "hello-universal")
    open(fp, "wb").write(fat)
    eq(snapshot(fp)["binary"]["arch"], "amd64", "universal file: the first slice by default")
    s = snapshot(fp, "--arch", "arm64")
    eq((s["binary"]["arch"], s["binary"]["size"]), ("arm64", arm64_size), "universal file: --arch arm64 picks that slice")
    r = run([GOSIZE, "snapshot", fp, "--arch", "riscv64"])
    check(r.returncode == 2 and "no riscv64 slice (it has amd64, arm64" in r.stderr, f"universal: missing arch: {r.stderr.strip()}")


def patch(data, at, raw):
    d = bytearray(data)
    d[at:at + len(raw)] = raw
    return bytes(d)


@behaviour
def corrupt_headers_exit_2_with_one_line():
    mo = open(os.path.join(pd, "hello-darwin-amd64-s"), "rb").read()
    pe = open(os.path.join(pd, "hello-windows-amd64-s"), "rb").read()
    pe_off, = struct.unpack_from("<I", pe, 0x3C)
    opt = pe_off + 24
    optsize, = struct.unpack_from("<H", pe, pe_off + 20)
    shdr = opt + optsize
    cases = [
        ("Mach-O truncated in its load commands", mo[:200], "truncated"),
        ("Mach-O load command overruns", patch(mo, 32 + 4, struct.pack("<I", 0xFFFF)), "overruns"),
        ("Mach-O section offset out of range", patch(mo, 32 + 72 + 48, struct.pack("<I", 0x7FFFFFF0)), "past the end"),
        ("PE truncated", pe[:1000], "past the end"),
        ("PE section offset out of range", patch(pe, shdr + 20, struct.pack("<I", 0x7FFFFFF0)), "past the end"),
        ("PE bad optional header", patch(pe, opt, b"\0\0"), "optional header"),
        ("PE signature missing", patch(pe, pe_off, b"XX"), "no PE signature"),
        ("universal slice out of range", patch(universal()[0][:8192], 8 + 8, struct.pack(">I", 0x7FFFFFF0)), "past the end"),
    ]
    for what, data, needle in cases:
        p = os.path.join(tmp, "bad")
        open(p, "wb").write(data)
        r = run([GOSIZE, "snapshot", p])
        check(r.returncode == 2 and len(r.stderr.splitlines()) == 1 and needle in r.stderr and p in r.stderr,
              f"{what}: exit {r.returncode}: {r.stderr.strip()}")


main(cleanup=lambda: shutil.rmtree(tmp, True))
