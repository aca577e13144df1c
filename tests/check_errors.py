#!/usr/bin/env python3
"""Bad input gets one line on stderr naming the file and the problem, exit 2,
no crash and nothing on stdout: truncated, garbage and non-Go files, corrupt
pclntab headers and tables, Mach-O load commands that overrun, broken and
inconsistent snapshot JSON. Usage: check_errors.py FIXTURE_DIR"""
import json
import os
import shutil
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, expect_error, main, readelf_sections, run, shared  # noqa: E402

fx = sys.argv[1]
tmp = tempfile.mkdtemp(prefix="gosize-errors-")
hello = os.path.join(fx, "hello-s")


def write(name, data):
    p = os.path.join(tmp, name)
    with open(p, "wb") as f:
        f.write(data)
    return p


def patched(name, src, edits):
    data = bytearray(open(src, "rb").read())
    for off, b in edits:
        data[off:off + len(b)] = b
    return write(name, bytes(data))


def snapshot_error(cases):
    for what, path, needle in cases:
        expect_error(["snapshot", path], needle, what, path)


@behaviour
def unreadable_or_non_go_files_exit_2_naming_the_file():
    raw = open(hello, "rb").read()
    snapshot_error([
        ("missing", os.path.join(tmp, "nope"), "No such file"),
        ("directory", tmp, "not a regular file"),
        ("empty", write("empty", b""), "empty file"),
        ("garbage", write("garbage", os.urandom(4096)), "not an executable"),
        ("text", write("text", b"hello world\n" * 10), "not an executable"),
        ("elf header only", write("hdr", raw[:64]), "past the end of the file"),
        ("truncated ELF", write("trunc", raw[:len(raw) // 2]), "truncated"),
        ("non-Go ELF", shutil.which("true") or "/bin/true", "not a Go binary"),
    ])


@behaviour
def corrupt_pclntab_exits_2_naming_the_problem():
    raw = open(hello, "rb").read()
    po = [s for s in readelf_sections(hello) if s["name"] == ".gopclntab"][0]["off"]
    cases = [
        ("bad pclntab magic", patched("badmagic", hello, [(po, b"\x00\x00\x00\x00")]), "pclntab: bad magic"),
        ("pclntab bad quantum", patched("quantum", hello, [(po + 6, b"\x03")]), "quantum"),
        ("pclntab offsets out of range", patched("offs", hello, [(po + 8 + 8 * 3, struct.pack("<Q", 1 << 40))]),
         "offsets out of order"),
        ("pclntab huge nfunc", patched("nfunc", hello, [(po + 8, struct.pack("<Q", 1 << 40))]), "function count"),
        ("pclntab huge nfunc (2^32)", patched("nfunc32", hello, [(po + 8, struct.pack("<Q", 1 << 32))]), "function count"),
    ]
    # non-monotonic function table: swap the entry offsets of functions 10 and 11 (1.18 layout: {entryoff, funcoff} u32)
    funcbase, = struct.unpack_from("<Q", raw, po + 8 + 8 * 7)
    e10, f10, e11, f11 = struct.unpack_from("<IIII", raw, po + funcbase + 8 * 10)
    cases.append(("pclntab not sorted", patched("unsorted", hello, [(po + funcbase + 8 * 10, struct.pack("<IIII", e11, f11, e10, f10))]),
                  "not sorted"))
    cases.append(("pclntab record mismatch", patched("record", hello, [(po + funcbase + 8 * 10 + 4, struct.pack("<I", f11))]),
                  "does not match"))
    snapshot_error(cases)


@behaviour
def macho_load_commands_that_overrun_exit_2():
    """Load commands that do not hold their own fixed part (read past a 40-byte file before)."""
    MH = struct.pack("<IIIIIIII", 0xFEEDFACF, 0x01000007, 3, 2, 1, 8, 0, 0)
    seg = struct.pack("<II16sQQQQiiII", 0x19, 192, b"__TEXT", 0x1000, 0x1000, 0, 0, 7, 5, 2, 0) + bytes(120)
    snapshot_error([
        ("Mach-O segment command shorter than its header", write("macho-short", MH[:20] + struct.pack("<I", 8) + MH[24:] +
         struct.pack("<II", 0x19, 8)), "truncated or overruns"),
        ("Mach-O sections past the segment command", write("macho-nsects", MH[:20] + struct.pack("<I", len(seg)) +
         MH[24:] + seg), "2 sections do not fit"),
    ])


@shared
def good_snapshot():
    return run([GOSIZE, "snapshot", hello]).stdout.encode()


@behaviour
def inconsistent_snapshot_json_exits_2():
    """A snapshot whose sizes wrap around 2^64 or whose modules disagree with their packages."""
    snapj = json.loads(run([GOSIZE, "snapshot", hello, "--symbols", "5"]).stdout)
    wrap = json.loads(json.dumps(snapj))
    wrap["packages"][0]["sizes"] = {"code": 2**63 - 1, "data": 2**63 - 1, "rodata": 2 + wrap["packages"][0]["size"]}
    mod = json.loads(json.dumps(snapj))
    mod["modules"][0]["size"] += 1
    snapshot_error([
        ("snapshot sizes that wrap", write("wrap.json", json.dumps(wrap).encode()), "sizes overflow"),
        ("snapshot module size off its packages", write("mod.json", json.dumps(mod).encode()), "but its packages hold"),
    ])


@behaviour
def broken_snapshot_json_exits_2():
    first = good_snapshot()
    bad_json = write("bad.json", first[: len(first) // 2])
    expect_error(["snapshot", bad_json], "not valid JSON", "truncated snapshot JSON", bad_json)
    wrong = write("wrong.json", first.replace(b'"schema":3', b'"schema":99'))
    expect_error(["snapshot", wrong], "schema 99", "wrong schema number", wrong)
    nokey = write("nokey.json", first.replace(b'"totals"', b'"totalz"'))
    expect_error(["snapshot", nokey], '"totals" is missing', "missing key", nokey)


main(cleanup=lambda: shutil.rmtree(tmp, True))
