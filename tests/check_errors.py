#!/usr/bin/env python3
"""Bad input gets one line on stderr naming the file and the problem, exit 2,
no crash and no partial output file; good output is deterministic.
Usage: check_errors.py FIXTURE_DIR"""
import json
import os
import shutil
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, check, eq, finish, load_snapshot, readelf_sections, run  # noqa: E402

fx = sys.argv[1]
tmp = tempfile.mkdtemp(prefix="gosize-errors-")


def expect_error(args, needle, what, path=None):
    r = run([GOSIZE, *args])
    lines = r.stderr.splitlines()
    eq(r.returncode, 2, f"{what}: exit code")
    check(len(lines) == 1 and lines[0].startswith("gosize: "), f"{what}: one 'gosize:' line on stderr, got {lines}")
    check(needle in r.stderr, f"{what}: message mentions {needle!r}: {r.stderr.strip()}")
    if path:
        check(path in r.stderr, f"{what}: message names the file")
    eq(r.stdout, "", f"{what}: nothing on stdout")
    return r


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


hello = os.path.join(fx, "hello-s")
raw = open(hello, "rb").read()
pcln = [s for s in readelf_sections(hello) if s["name"] == ".gopclntab"][0]
po = pcln["off"]

cases = [
    ("missing", os.path.join(tmp, "nope"), "No such file"),
    ("directory", tmp, "not a regular file"),
    ("empty", write("empty", b""), "empty file"),
    ("garbage", write("garbage", os.urandom(4096)), "not an executable"),
    ("text", write("text", b"hello world\n" * 10), "not an executable"),
    ("elf header only", write("hdr", raw[:64]), "past the end of the file"),
    ("truncated ELF", write("trunc", raw[:len(raw) // 2]), "truncated"),
    ("non-Go ELF", shutil.which("true") or "/bin/true", "not a Go binary"),
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
# Mach-O load commands that do not hold their own fixed part (read past a 40-byte file before)
MH = struct.pack("<IIIIIIII", 0xFEEDFACF, 0x01000007, 3, 2, 1, 8, 0, 0)
cases.append(("Mach-O segment command shorter than its header", write("macho-short", MH[:20] + struct.pack("<I", 8) + MH[24:] +
              struct.pack("<II", 0x19, 8)), "truncated or overruns"))
seg = struct.pack("<II16sQQQQiiII", 0x19, 192, b"__TEXT", 0x1000, 0x1000, 0, 0, 7, 5, 2, 0) + bytes(120)
cases.append(("Mach-O sections past the segment command", write("macho-nsects", MH[:20] + struct.pack("<I", len(seg)) +
              MH[24:] + seg), "2 sections do not fit"))
# a snapshot whose sizes wrap around 2^64 or whose modules disagree with their packages
snapj = json.loads(run([GOSIZE, "snapshot", hello, "--symbols", "5"]).stdout)
wrap = json.loads(json.dumps(snapj))
wrap["packages"][0]["sizes"] = {"code": 2**63 - 1, "data": 2**63 - 1, "rodata": 2 + wrap["packages"][0]["size"]}
cases.append(("snapshot sizes that wrap", write("wrap.json", json.dumps(wrap).encode()), "sizes overflow"))
mod = json.loads(json.dumps(snapj))
mod["modules"][0]["size"] += 1
cases.append(("snapshot module size off its packages", write("mod.json", json.dumps(mod).encode()), "but its packages hold"))
for what, path, needle in cases:
    expect_error(["snapshot", path], needle, what, path)

# output file: never partial, never left behind on error
out = os.path.join(tmp, "out.json")
expect_error(["snapshot", os.path.join(tmp, "garbage"), "-o", out], "not an executable", "error with -o")
check(not os.path.exists(out), "no output file after an error")
expect_error(["snapshot", hello, "-o", os.path.join(tmp, "no/such/dir/out.json")], "cannot create", "unwritable -o")
check(not any(n.startswith("out.json") for n in os.listdir(tmp)), "no temp file left behind")
r = run([GOSIZE, "snapshot", hello, "-o", out])
eq(r.returncode, 0, "snapshot -o succeeds")
first = open(out, "rb").read()
r2 = run([GOSIZE, "snapshot", hello])
eq(r2.stdout.encode(), first, "stdout and -o output are identical")
eq(run([GOSIZE, "snapshot", hello]).stdout, r2.stdout, "JSON output is deterministic")
t1 = run([GOSIZE, "snapshot", "--format", "text", hello]).stdout
eq(run([GOSIZE, "snapshot", "--format", "text", hello]).stdout, t1, "text output is deterministic")
# a snapshot reads back as input and renders the same text
eq(run([GOSIZE, "snapshot", "--format", "text", out]).stdout.replace(out, hello), t1, "snapshot JSON as input")
# devices are written in place, never replaced (a rename over /dev/null would replace it)
null_stat = os.stat("/dev/null")
eq(run([GOSIZE, "snapshot", hello, "-o", "/dev/null"]).returncode, 0, "snapshot -o /dev/null")
st = os.stat("/dev/null")
check(os.path.exists("/dev/null") and (st.st_mode, st.st_rdev) == (null_stat.st_mode, null_stat.st_rdev),
      "/dev/null is still the null device")
# broken snapshot JSON
bad_json = write("bad.json", first[: len(first) // 2])
expect_error(["snapshot", bad_json], "not valid JSON", "truncated snapshot JSON", bad_json)
wrong = write("wrong.json", first.replace(b'"schema":3', b'"schema":99'))
expect_error(["snapshot", wrong], "schema 99", "wrong schema number", wrong)
nokey = write("nokey.json", first.replace(b'"totals"', b'"totalz"'))
expect_error(["snapshot", nokey], '"totals" is missing', "missing key", nokey)
# command-line mistakes
expect_error(["snapshot"], "expected one BINARY", "no operand")
expect_error(["snapshot", hello, "--format", "xml"], "unknown format", "bad format")
expect_error(["snapshot", hello, "--bogus"], "unknown option --bogus", "bad option")
expect_error(["snapshot", hello, "--symbols", "many"], "whole number", "bad count")
expect_error(["frobnicate"], "unknown command", "bad command")
# --symbols caps the list, not the totals
full = run([GOSIZE, "snapshot", hello]).stdout
a, b = load_snapshot(full), load_snapshot(run([GOSIZE, "snapshot", hello, "--symbols", "10"]).stdout)
eq(len(b["symbols"]), 10, "--symbols 10 keeps 10")
eq(b["symbols"], a["symbols"][:10], "--symbols keeps the largest")
eq((b["totals"], b["packages"]), (a["totals"], a["packages"]), "--symbols leaves totals and packages alone")
eq(b["symbols_total"], len(a["symbols"]), "symbols_total counts all")
shutil.rmtree(tmp)
# help: every command's own options; the README's usage block is what --help prints
src = os.environ.get("GOSIZE_SRC", os.path.join(os.path.dirname(__file__), ".."))
readme = open(os.path.join(src, "README.md")).read()
block = readme.split("## Usage\n\n```\n", 1)[1].split("```", 1)[0]
r = run([GOSIZE, "--help"])
eq(r.returncode, 0, "--help exit")
eq(r.stdout.split("\n\n")[1] + "\n", block, "README usage block == gosize --help")
for cmd in ("snapshot", "diff", "check", "record", "log", "why"):
    h1, h2 = run([GOSIZE, "help", cmd]), run([GOSIZE, cmd, "--help"])
    check(h1.returncode == 0 and h1.stdout == h2.stdout and h1.stdout.startswith(f"usage: gosize {cmd} "),
          f"gosize help {cmd} == gosize {cmd} --help")
    check(f"gosize {cmd} " in block, f"README lists {cmd}")
    # every option the command takes is in its synopsis
    opts = [l.split("--", 1)[1].split()[0] for l in h1.stdout.split("options:\n", 1)[-1].splitlines() if "--" in l]
    for o in opts:
        check(f"[--{o}" in h1.stdout.split("\n\n")[0], f"{cmd}: --{o} in the synopsis")
diff_help, check_help = run([GOSIZE, "help", "diff"]).stdout, run([GOSIZE, "help", "check"]).stdout
check("--fail-on" not in diff_help and "--fail-on" in check_help, "--fail-on is check's only")
check(all(f"--{o}" in diff_help for o in ("name", "progress", "target", "base", "min-change")), "diff help lists its options")
expect_error(["help", "nope"], 'unknown command "nope"', "help of an unknown command")
expect_error(["diff", "a", "b", "--fail-on", "warn"], "unknown option --fail-on", "diff --fail-on")
finish()
