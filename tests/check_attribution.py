#!/usr/bin/env python3
"""Every byte of the Go fixtures (built by build_fixtures.sh) goes to the right
package or bucket: parts sum to the file size, --ranges cover it once with no
loader byte charged to a package, named data, go:embed files, itabs, DWARF
units and symbol-table entries agree with the unstripped twin's symbols and
readelf, and the savings advice equals real builds.
Usage: check_attribution.py FIXTURE_DIR"""
import array
import collections
import json
import math
import os
import re
import shutil
import struct
import sys
import tempfile
import zlib

sys.path.insert(0, os.path.dirname(__file__))
from gstest import (GOSIZE, behaviour, check, eq, fixture_snapshots, go_nm, main, package_of, readelf_sections,  # noqa: E402
                    run, snapshot)

d = sys.argv[1]
tmpdir = tempfile.mkdtemp(prefix="gosize-twins-")


def snaps():
    return fixture_snapshots(d)


@behaviour
def parts_sum_to_file_size():
    """Sections + gaps, attributed + unattributed, packages and the unattributed list each sum exactly."""
    for name, snap in snaps().items():
        size = os.path.getsize(os.path.join(d, name))
        eq(snap["binary"]["size"], size, f"{name}: size")
        eq(sum(s["file_size"] for s in snap["sections"]), size, f"{name}: sections + gaps == file size")
        t = snap["totals"]
        eq(t["attributed"] + t["unattributed"], size, f"{name}: attributed + unattributed == file size")
        eq(sum(p["size"] for p in snap["packages"]), t["attributed"], f"{name}: packages sum to attributed")
        eq(sum(u["size"] for u in snap["unattributed"]), t["unattributed"], f"{name}: unattributed list sums")


@behaviour
def every_snapshot_loads_back_and_writes_the_same_bytes():
    """What gosize writes, gosize loads (its own checks pass, cgo's C functions included) and
    writes again byte for byte: a snapshot file is as good an operand as the binary."""
    for name in sorted(snaps()):
        first = os.path.join(tmpdir, name + ".json")
        again = os.path.join(tmpdir, name + ".again.json")
        r = run([GOSIZE, "snapshot", os.path.join(d, name), "-o", first])
        eq(r.returncode, 0, f"{name}: snapshot written ({r.stderr.strip()})")
        r = run([GOSIZE, "snapshot", first, "-o", again])
        eq(r.returncode, 0, f"{name}: its snapshot loads back ({r.stderr.strip()})")
        with open(first, "rb") as a, open(again, "rb") as b:
            check(a.read() == b.read(), f"{name}: loaded and written again, the same bytes")


@behaviour
def cgo_code_in_cgo_bucket_and_text_fully_attributed():
    for f in ("cgo", "cgo-s", "hello-ext", "hello-ext-s"):
        cg = {p["name"]: p for p in snaps()[f]["packages"]}
        check(cg.get("[cgo/C]", {}).get("sizes", {}).get("code", 0) > 0, f"{f}: C code reported in [cgo/C]")
        text = [x for x in snaps()[f]["sections"] if x["name"] == ".text"][0]
        eq(text["unattributed"], 0, f"{f}: .text fully attributed")


@behaviour
def stripped_type_descriptors_reach_their_packages():
    """Type descriptors of stripped binaries reach their packages (main's types need none: no interface
    conversions or reflection use them), on every architecture, and agree with the unstripped twin."""
    sn = snaps()
    ty = lambda snap, n: next((p["sizes"].get("type", 0) for p in snap["packages"] if p["name"] == n), 0)  # noqa: E731
    for f in [x for x in sn if x.endswith("-s") and x[:-2] in sn]:
        check(ty(sn[f], "runtime") > 5000 and ty(sn[f], "reflect") > 1000,
              f"{f}: type descriptors of runtime ({ty(sn[f], 'runtime')}) and reflect found")
        eq(ty(sn[f], "runtime"), ty(sn[f[:-2]], "runtime"), f"{f} vs {f[:-2]}: runtime's type bytes agree")


LOADER = re.compile(r"^(\.rela?(\..*)?|\.dyn(amic|sym|str)|\.gnu\..*|\.hash|\.interp|\.note.*|\.go\.buildinfo|"
                    r"\.go\.module|\.got(\.plt)?)$")


@behaviour
def ranges_cover_the_file_once_and_no_loader_byte_to_a_package():
    """--ranges lists the claimed runs: sorted, never overlapping, covering the file exactly once (their
    lengths sum to the file size), each with a package or bucket and a category; and the loader's and
    metadata sections (relocations, dynamic symbols and strings, hash tables, notes, build info, module
    data) never go to a package, however the data-reference pass reads their bytes."""
    for f in ("hello", "hello-s", "hello-pie", "hello-pie-s", "hello-ext", "hello-ext-s", "cgo", "cgo-s", "hello-386-s",
              "hello-arm64-s", "hello-arm-s", "hello-ppc64-s", "platforms/hello-darwin-arm64-s",
              "platforms/hello-windows-amd64-s", "wasm/hello-s.wasm", "diff/v2"):
        j = json.loads(run([GOSIZE, "snapshot", os.path.join(d, f), "--ranges"]).stdout)
        rg, size = j["ranges"], j["binary"]["size"]
        at, bad = 0, []
        for off, ln, pkg, cat in rg:
            if off != at or ln <= 0 or not pkg or not cat:
                bad.append((at, off, ln, pkg, cat))
            at = off + ln
        eq(bad[:3], [], f"{f}: --ranges sorted, each starting where the last ended")
        eq((at, sum(r[1] for r in rg)), (size, size), f"{f}: --ranges cover the file once (end, sum)")
        secs = [(x["file_offset"], x["file_size"], x["name"]) for x in j["sections"] if LOADER.match(x["name"])]
        leaked = collections.Counter()
        for off, ln, pkg, cat in rg:
            if pkg.startswith(("[", "(")):
                continue
            for so, sn, name in secs:
                lo, hi = max(off, so), min(off + ln, so + sn)
                if hi > lo:
                    leaked[(name, pkg)] += hi - lo
        eq(dict(leaked), {}, f"{f}: bytes of loader/metadata sections charged to packages")


def owners(path):
    """(owner index of every file byte, owner names) from --ranges."""
    j = json.loads(run([GOSIZE, "snapshot", path, "--ranges"]).stdout)
    own = array.array("i", [-1]) * j["binary"]["size"]
    names = []
    for off, ln, pkg, cat in j["ranges"]:  # claim order: the first range to cover a byte owns it
        names.append(pkg)
        pid = len(names) - 1
        for i in range(off, min(off + ln, len(own))):
            if own[i] < 0:
                own[i] = pid
    return own, names


def strip_twin(path):
    """The same link stripped by objcopy (symbols and DWARF removed, every loaded byte at its address)."""
    out = os.path.join(tmpdir, os.path.basename(path) + "-x")
    r = run(["objcopy", "--strip-all", path, out])
    check(r.returncode == 0, f"objcopy --strip-all {path}: {r.stderr.strip()}")
    return out


# the runtime's tables found by their structure, and who gets them: the linker's tables that grow with
# the whole program (GC programs of data and bss, PC lookup buckets) go to [go linker], not to the runtime
# (whose size would then move with any change anywhere); staticuint64s is the runtime's own variable
RUNTIME_TABLES = {"runtime.gcdata": "[go linker]", "runtime.gcbss": "[go linker]", "runtime.findfunctab": "[go linker]",
                  "runtime.staticuint64s": "runtime"}


def data_agreement(u):
    """(agreeing bytes, total bytes, Counter of disagreeing bytes by (symbol kind, where they went),
    {runtime table: charged whole to its owner})."""
    st = strip_twin(u)
    check(snapshot(st)["binary"]["stripped"] is True, f"{st}: reads as stripped")
    secs = [x for x in readelf_sections(u) if x["addr"] and x["type"] != "NOBITS"]
    soff = {x["name"]: x["off"] for x in readelf_sections(st)}  # objcopy may move file offsets (PIE), never addresses
    own, names = owners(st)
    agree = total = 0
    why = collections.Counter()
    whole = {}  # the runtime's tables found by their own structure: every byte, exactly
    for addr, size, typ, name in go_nm(u):
        want_pkg = package_of(name)
        if typ not in "DdRr" or not size or not want_pkg or name.startswith(("type.", "go.", "$")) \
                or name in ("runtime.typelink", "runtime.itablink"):
            continue
        sec = next((x for x in secs if x["addr"] <= addr < x["addr"] + x["size"]), None)
        if not sec:
            continue
        kind = "init task" if name.endswith("..inittask") else sec["name"]
        o = soff[sec["name"]] + addr - sec["addr"]
        if name in RUNTIME_TABLES:
            want = RUNTIME_TABLES[name]
            whole[name] = all(own[i] >= 0 and names[own[i]] == want for i in range(o, o + size)) and \
                (own[o - 1] < 0 or names[own[o - 1]] != want or own[o - 1] != own[o])
            if want != "runtime":
                continue  # the linker's tables: not the runtime's data
        for i in range(o, o + size):
            total += 1
            got = names[own[i]] if own[i] >= 0 else None
            if got == want_pkg:
                agree += 1
            else:
                why[(kind, got if got and got.startswith("[") else "another package" if got else "unattributed")] += 1
    return agree, total, why, whole


@behaviour
def stripped_named_data_goes_to_its_symbols_package():
    """For every named data/rodata symbol of an unstripped binary (not the runtime's type/itab/typelink
    tables, nor the linker's shared $f64/$i64 constants), the share of its bytes gosize charged, from the
    stripped twin, to the package the symbol's name gives. The twin is the same link stripped by objcopy,
    so symbol addresses map to it exactly; a -s -w rebuild would not do: its build settings string
    differs, which moves the data after it."""
    print("named data bytes charged to their symbol's package, from the stripped twin (code-reference tracing):")
    print(f"  {'binary':<16} {'agree':>6} {'bytes':>7}  disagreement by symbol kind and where it went")
    for f in ["hello" + a for a in ("", "-386", "-arm64", "-riscv64", "-s390x", "-arm", "-ppc64", "-pie")] + ["diff/v2", "diff/v2-arm64"]:
        agree, total, why, whole = data_agreement(os.path.join(d, f))
        eq(whole, {n: True for n in RUNTIME_TABLES},
           f"{f}: GC programs and PC buckets charged whole to [go linker], staticuint64s to runtime")
        share = 100.0 * agree / total
        top = ", ".join(f"{k[0]} -> {k[1]}: {v}" for k, v in why.most_common(4))
        print(f"  {f:<16} {share:5.1f}% {total:7}  {top}")
        check(share >= 95.0, f"{f}: {share:.1f}% of named data bytes agree with the symbol table (want >= 95%)")


@behaviour
def init_tasks_go_to_their_package_or_the_init_tasks_bucket():
    """Every package's ..inittask (go tool nm of the unstripped build), in the stripped twin: wholly its
    package's when the package has init functions (the task lists them), wholly [init tasks] when it has
    none (a task that only lists the tasks of its imports names no package: it used to go to runtime)."""
    for f in ("hello", "hello-386", "hello-arm64", "hello-pie", "diff/v2"):
        u = os.path.join(d, f)
        st = strip_twin(u)
        own, labels = owners(st)
        nm = go_nm(u)
        inits = {package_of(n) for _, _, t, n in nm if t in "Tt" and re.search(r"\.init(\.\d+)?$", n)}
        secs = [x for x in readelf_sections(u) if x["addr"] and x["type"] != "NOBITS"]
        soff = {x["name"]: x["off"] for x in readelf_sections(st)}
        bad, by = collections.Counter(), collections.Counter()
        for addr, size, typ, name in nm:
            if not name.endswith("..inittask") or not size:
                continue
            pkg = name[:-len("..inittask")]
            want = pkg if pkg in inits else "[init tasks]"
            sec = next(x for x in secs if x["addr"] <= addr < x["addr"] + x["size"])
            o = soff[sec["name"]] + addr - sec["addr"]
            by["a package" if want == pkg else want] += size
            for i in range(o, o + size):
                got = labels[own[i]] if own[i] >= 0 else None
                if got != want:
                    bad[(name, got)] += 1
        eq(dict(bad), {}, f"{f}: init task bytes (task, where they went) not charged to their package or [init tasks]")
        check(by["a package"] and by["[init tasks]"], f"{f}: both kinds of init task present ({dict(by)})")
        print(f"  {f}: init task bytes {dict(by)}")


@behaviour
def data_reached_only_through_static_data_goes_to_the_package_holding_it():
    """The tables fixture (amd64 and 386, stripped by objcopy): the keys of internal/names' 600-entry map
    literal (tblkeyNNNN: static arrays its init code reads), the names and descriptions of its slice of
    struct literals (read by main through an accessor that inlines), found by their bytes, all go to
    internal/names; internal/ranges' table of integers that look like 386 data addresses (pointer-free
    data: no pointers in it) gets no byte beyond its own symbols; every named data symbol of the two
    packages (go tool nm of the unstripped build) goes wholly to its package."""
    names, ranges = "example.com/tables/internal/names", "example.com/tables/internal/ranges"
    for f in ("tables/tables-amd64", "tables/tables-386"):
        u = os.path.join(d, f)
        st = strip_twin(u)
        own, labels = owners(st)
        raw = open(st, "rb").read()
        got = collections.Counter()
        for pat in (rb"tblkey\d{4}", rb"tblname\d{4}", rb"tbldesc\d{4}: the description of entry \d+, long enough to matter"):
            for m in re.finditer(pat, raw):
                got.update(labels[own[i]] if own[i] >= 0 else None for i in range(m.start(), m.end()))
        eq(dict(got), {names: 600 * 10 + 300 * 11 + sum(len(f"tbldesc{i:04d}: the description of entry {i}, long enough to matter")
                                                           for i in range(1, 301))},
           f"{f}: the bytes of the strings only internal/names' static data points at, by package")
        secs = [x for x in readelf_sections(u) if x["addr"] and x["type"] != "NOBITS"]
        soff = {x["name"]: x["off"] for x in readelf_sections(st)}
        mine, wrong = collections.Counter(), collections.Counter()
        for addr, size, typ, name in go_nm(u):
            pkg = package_of(name)
            if typ not in "DdRr" or not size or pkg not in (names, ranges):
                continue
            sec = next((x for x in secs if x["addr"] <= addr < x["addr"] + x["size"]), None)
            if not sec:
                continue  # bss (names.Code: a map made by init)
            o = soff[sec["name"]] + addr - sec["addr"]
            mine[pkg] += size
            for i in range(o, o + size):
                if own[i] < 0 or labels[own[i]] != pkg:
                    wrong[(name, labels[own[i]] if own[i] >= 0 else None)] += 1
        eq(dict(wrong), {}, f"{f}: bytes of the named data of {names} and {ranges} charged elsewhere")
        sizes = {p["name"]: p["sizes"] for p in snapshot(st)["packages"]}
        eq(sizes[ranges].get("data", 0) + sizes[ranges].get("rodata", 0), mine[ranges],
           f"{f}: {ranges}' data: its own symbols' bytes, nothing taken from others by integers read as pointers")


@behaviour
def embedded_files_go_to_the_code_that_reads_them():
    """go:embed contents (found by their bytes in the stripped twin) go to the code that references them:
    the embed.FS files to assets (its Read, wherever inlined), the []byte and string to the package
    that takes their length (main) or assets; never to a neighbour's package."""
    est = strip_twin(os.path.join(d, "embed", "embed"))
    own, names = owners(est)
    raw = open(est, "rb").read()
    for rel in ("data/f0.txt", "data/f1.txt", "data/f2.txt", "blob.bin", "note.txt"):
        content = open(os.path.join(d, "embed", "assets", rel), "rb").read()
        at = raw.find(content)
        if check(at > 0, f"embed: {rel} found in the binary"):
            got = collections.Counter(names[own[i]] if own[i] >= 0 else None for i in range(at, at + len(content)))
            ok = got["example.com/embed/assets"] + got["main"]
            check(ok == len(content), f"embed: {rel} ({len(content)} bytes) charged to assets/main: {dict(got)}")


@behaviour
def itabs_go_to_their_concrete_types_package():
    """Against the unstripped twin's go.itab symbols."""
    u, st = os.path.join(d, "hello"), os.path.join(d, "hello-s")
    own, names = owners(st)
    rodata = [x for x in readelf_sections(st) if x["name"] == ".rodata"][0]
    itabs = ok = 0
    for addr, size, typ, name in go_nm(u):
        if not name.startswith("go.itab.") or not size:
            continue
        concrete = name[len("go.itab."):].split(",")[0].lstrip("*")
        o = rodata["off"] + addr - rodata["addr"]
        itabs += 1
        ok += all(own[i] >= 0 and names[own[i]] == package_of(concrete) for i in range(o, o + size))
    check(itabs >= 5 and ok == itabs, f"hello-s: {ok} of {itabs} itabs charged whole to their concrete type's package")


def dwarf_expected(path):
    """{package: DWARF bytes} as readelf reads the units, line programs, location and range lists and
    frame descriptions; compressed sections shared out as floor(position * file size / uncompressed size)."""
    units, cur, lists = [], None, []
    for line in run(["readelf", "--debug-dump=info", path]).stdout.splitlines():
        m = re.match(r"\s+Compilation Unit @ offset (0x[0-9a-f]+|0):", line)
        if m:
            cur = {"off": int(m.group(1), 16), "name": None, "go": False, "stmt": None}
            units.append(cur)
            continue
        if cur is None:
            continue
        m = re.match(r"\s+Length:\s+(0x[0-9a-f]+) \(32-bit\)", line)
        if m and "len" not in cur:
            cur["len"] = int(m.group(1), 16) + 4
        m = re.match(r"\s+<[0-9a-f]+>\s+DW_AT_(location|ranges)\s*:\s*(0x[0-9a-f]+|\d+)( \(location list\))?$", line)
        if m and (m.group(1) == "ranges" or m.group(3)):  # DWARF 5 units point into the *lists sections
            sec = {(False, "location"): ".debug_loc", (False, "ranges"): ".debug_ranges",
                   (True, "location"): ".debug_loclists", (True, "ranges"): ".debug_rnglists"}[(cur["v5"], m.group(1))]
            lists.append((sec, int(m.group(2), 0), cur))
            continue
        m = re.match(r"\s+Version:\s+(\d+)$", line)
        if m and "v5" not in cur:
            cur["v5"] = m.group(1) == "5"
        m = re.match(r"\s+<[0-9a-f]+>\s+DW_AT_(name|language|stmt_list)\s*:\s*(.*)$", line)
        if m and cur["name"] is None or (m and m.group(1) != "name"):
            if m.group(1) == "name" and cur["name"] is None:
                cur["name"] = m.group(2).split("(indirect string, offset: ")[-1].rstrip(")").split(": ")[-1].strip()
            elif m.group(1) == "language" and "go_seen" not in cur:
                cur["go"], cur["go_seen"] = m.group(2).startswith("22"), True
            elif m.group(1) == "stmt_list" and cur["stmt"] is None:
                cur["stmt"] = int(m.group(2), 16) if m.group(2).startswith("0x") else int(m.group(2))
    progs, off = {}, None
    for line in run(["readelf", "--debug-dump=rawline", path]).stdout.splitlines():
        m = re.match(r"\s+Offset:\s+(0x[0-9a-f]+|\d+)$", line)
        if m:
            off = int(m.group(1), 16) if m.group(1).startswith("0x") else int(m.group(1))
        m = re.match(r"\s+Length:\s+(\d+)$", line)
        if m and off is not None:
            progs[off], off = int(m.group(1)) + 4, None
    # frame descriptions: to the package of the function at their first PC (gosize's function list,
    # itself checked against go tool nm by check_readers.py)
    fpkg = {x["addr"]: x["package"] for x in snaps()[os.path.relpath(path, d)]["symbols"] if "pcln" in x}
    fdes = []
    for line in run(["readelf", "--debug-dump=frames", path]).stdout.splitlines():
        m = re.match(r"([0-9a-f]{8,}) ([0-9a-f]{8,}) [0-9a-f]+ FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\.\.", line)
        if m and int(m.group(3), 16) in fpkg:
            fdes.append((int(m.group(1), 16), int(m.group(2), 16) + 4, fpkg[int(m.group(3), 16)]))
    secs = {x["name"]: x for x in readelf_sections(path)}
    raw = open(path, "rb").read()

    def usize(name):
        x = secs[name]
        if "C" not in x["flags"]:
            return x["size"]
        end = ">" if raw[5] == 2 else "<"  # Elf64_Chdr: size at 8 (u64); Elf32_Chdr: at 4 (u32)
        return struct.unpack_from(end + "Q", raw, x["off"] + 8)[0] if raw[4] == 2 else \
            struct.unpack_from(end + "I", raw, x["off"] + 4)[0]

    def list_pieces(sec):  # a list runs to the next one pointed at, the last to the section end
        offs = sorted({(o, id(u)): (o, u) for name, o, u in lists if name == sec}.values(), key=lambda x: x[0])
        out, seen = [], set()
        for i, (o, u) in enumerate(offs):
            if o in seen:
                continue
            seen.add(o)
            nxt = next((p for p, _ in offs[i:] if p > o), usize(sec))
            out.append((o, nxt - o, u))
        return out
    def inflated(sec):
        x = secs[sec]
        hdr = (24 if raw[4] == 2 else 12) if "C" in x["flags"] else 0
        return zlib.decompress(raw[x["off"] + hdr:x["off"] + x["size"]]) if hdr else raw[x["off"]:x["off"] + x["size"]]

    want = collections.Counter()
    listed = [(x, list_pieces(x)) for x in (".debug_loc", ".debug_ranges", ".debug_loclists", ".debug_rnglists") if x in secs]
    for sec, pieces in listed + [
                        (".debug_info", [(u["off"], u["len"], u) for u in units]),
                        (".debug_line", [(u["stmt"], progs[u["stmt"]], u) for u in units if u["stmt"] in progs]),
                        (".debug_frame", [(o, n, {"name": p, "go": True}) for o, n, p in fdes])]:
        F, U, end = secs[sec]["size"], usize(sec), 0
        merged = []  # [start, end, package]: charged once each, neighbours of one package as one piece
        for o, n, u in sorted(pieces, key=lambda x: x[0]):
            if o < end:
                continue
            end = o + n
            pkg = u["name"] if u["go"] and u["name"] else "[cgo/C]"
            if merged and merged[-1][2] == pkg and merged[-1][1] == o:
                merged[-1][1] = o + n
            else:
                merged.append([o, o + n, pkg])
        bounds = [b for a, z, _ in merged for b in (a, z)]
        if "C" in secs[sec]["flags"] and not sec.startswith((".debug_loc", ".debug_ranges", ".debug_rng")):
            pos = cost_positions(inflated(sec), bounds, F)  # compressed and read: by each piece's own cost
        else:
            pos = [b * F // U for b in bounds]  # not compressed (exact), or a list section (in proportion)
        for i, (a, z, pkg) in enumerate(merged):
            want[pkg] += pos[2 * i + 1] - pos[2 * i]
    return want


def lz_cost(buf, start, n, tab):
    """What buf[start:start+n] costs compressed, in bits, as gosize estimates it (container/dwarf.c): a greedy
    LZ77 parse, one hash slot of the latest position per 4-byte prefix, matches of 4 to 258 bytes within
    32 KiB and within the piece at 10 bits plus their distance's bit length - 1, literals at their order-0
    entropy, plus 8."""
    hist, lits, bits_m, i = [0] * 256, 0, 0, 0
    end = start + n
    while start + i + 4 <= end:
        at = start + i
        w = int.from_bytes(buf[at:at + 4], "little")
        h = ((w * 2654435761) & 0xffffffff) >> (32 - 14)
        c = tab[h] - 1
        tab[h] = at + 1
        if c >= start and at - c <= 32768 and buf[c:c + 4] == buf[at:at + 4]:
            ln, mx = 4, min(n - i, 258)
            while ln < mx and buf[c + ln] == buf[at + ln]:
                ln += 1
            bits_m += 10 + (at - c).bit_length() - 1
            i += ln
            continue
        hist[buf[at]] += 1
        lits += 1
        i += 1
    for b in buf[start + i:end]:
        hist[b] += 1
        lits += 1
    bits = float(bits_m)
    for c in hist:
        if c:
            bits += float(c) * math.log2(float(lits) / float(c))
    return int(bits) + 8


def cost_positions(buf, bounds, F):
    """File offsets (from the section start) of each bound: the costs of the intervals before it, of F."""
    tab, cum, prev, total = [0] * (1 << 14), [], 0, 0
    for b in bounds + [len(buf)]:
        total += lz_cost(buf, prev, b - prev, tab) if b > prev else 0
        cum.append(total)
        prev = b
    return [c * F // total for c in cum[:-1]]


@behaviour
def dwarf_bytes_go_to_their_compile_units_package():
    """Against readelf's own DWARF reader: each unit's .debug_info bytes (header included) and line
    program go to the unit's package (non-Go units: [cgo/C]); a compressed section that gosize reads
    (info, line, frame) is shared out by each piece's own compressed cost (the estimate recomputed here),
    a list section in proportion to its uncompressed offsets: exact bytes when not compressed, and
    within 2 bytes of each package's expectation when compressed (the float sum of the entropy may
    round one way or the other on another compiler), with the same total."""
    for f in ("hello", "hello-dwarf", "cgo", "hello-arm64", "hello-386", "hello-s390x"):
        want = dwarf_expected(os.path.join(d, f))
        got = collections.Counter({p["name"]: p["sizes"]["debug"] for p in snaps()[f]["packages"]
                                   if p["sizes"].get("debug") and p["name"] != "[debug]"})
        if f == "hello-dwarf":
            eq(got, want, f"{f}: DWARF bytes per package (units, line programs, location and range lists, frame "
                          "descriptions, as readelf reads them)")
        else:
            eq(sum(got.values()), sum(want.values()), f"{f}: DWARF bytes charged to packages, in all")
            off = {p: (got[p], want[p]) for p in set(got) | set(want) if abs(got[p] - want[p]) > 2}
            eq(off, {}, f"{f}: DWARF bytes per package (got, want) more than 2 bytes from readelf's pieces costed here")
        total = sum(x["file_size"] for x in snaps()[f]["sections"] if "debug" in x["name"])
        print(f"  {f}: {sum(got.values())} of {total} DWARF bytes charged to packages by compile unit")


@behaviour
def symbol_table_entries_go_to_their_symbols_package():
    """Each entry (24 bytes on ELF64, 16 on ELF32) and its name with the NUL, for the symbols readelf
    lists with a section and a name (not section, file or TLS symbols)."""
    for f in ("hello", "hello-386", "hello-s390x"):
        want = collections.Counter()
        esz = 16 if f.endswith("386") else 24
        for line in run(["readelf", "-s", "-W", os.path.join(d, f)]).stdout.splitlines():
            p = line.split()
            if len(p) < 8 or not p[0].rstrip(":").isdigit() or p[3] in ("SECTION", "FILE", "TLS") or p[6] in ("UND", "ABS"):
                continue
            name = " ".join(p[7:])
            owner = package_of(name[len("go.itab."):].split(",")[0].lstrip("*")) if name.startswith("go.itab.") \
                else package_of(name)  # an itab is its concrete type's, as in the data
            want[owner] += esz + len(name.encode()) + 1
        got = {p["name"]: p["sizes"].get("symtab", 0) for p in snaps()[f]["packages"]}
        for pkg in ("main", "example.com/hello/internal/greet", "fmt", "strconv", "os", "sort", "unicode/utf8"):
            eq(got.get(pkg, 0), want[pkg], f"{f}: {pkg}'s symbol-table entries and names")
        print(f"  {f}: {sum(v for k, v in got.items() if k != '[symtab]')} of "
              f"{sum(x['file_size'] for x in snaps()[f]['sections'] if x['name'] in ('.symtab', '.strtab'))} symbol-table bytes to packages")


@behaviour
def function_metadata_split_by_part():
    """Records, names, pc tables, funcdata."""
    rt = {p["name"]: p for p in snaps()["hello-s"]["packages"]}["runtime"]["sizes"]
    check(all(rt.get(k, 0) > 1000 for k in ("pclntab", "funcname", "pctab", "funcdata")),
          f"hello-s: runtime's function metadata by part: {[rt.get(k) for k in ('pclntab', 'funcname', 'pctab', 'funcdata')]}")


@behaviour
def savings_advice_equals_real_builds():
    sn = snaps()
    adv = sn["hello"]["go"]["savings"]
    size = lambda n: os.path.getsize(os.path.join(d, n))  # noqa: E731
    eq(adv["ldflags_w"], size("hello") - size("advice/hello-w"), "hello: -ldflags=-w saving equals the real build's")
    eq(adv["ldflags_s"], size("hello") - size("hello-s"), "hello: -ldflags=-s saving equals the real build's")
    eq(sn["hello-s"]["go"]["savings"]["ldflags_s"], 0, "hello-s: nothing left to strip")
    pcl = lambda n: [x for x in readelf_sections(os.path.join(d, n)) if x["name"] == ".gopclntab"][0]["size"]  # noqa: E731
    real = pcl("hello-s") - pcl("advice/hello-trimpath-s")
    est = sn["hello-s"]["go"]["savings"]["trimpath_estimate"]
    check(real > 0 and abs(est - real) <= real * 0.10, f"hello-s: -trimpath estimate {est} within 10% of the real {real}")
    eq(sn["hello-trimpath"]["go"]["savings"]["trimpath_estimate"], 0, "hello-trimpath: no -trimpath advice")


main(cleanup=lambda: shutil.rmtree(tmpdir, True))
