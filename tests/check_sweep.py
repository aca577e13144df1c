#!/usr/bin/env python3
"""Corrupted-input sweep: seeded truncations and bit flips of real binaries and
of a snapshot (ELF and WebAssembly); every run ends with exit 0 or 2 and (on 2) one message line,
never a signal, within a time bound. Usage: check_sweep.py FIXTURE_DIR REALBIN_DIR [N]"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, main, readelf_sections, uvarint  # noqa: E402

fx, real = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 24
rng = random.Random(20261125)
tmp = tempfile.mkdtemp(prefix="gosize-sweep-")
BOUND = 60  # seconds per run, generous for the sanitizer build; a hang is a failure


def run_one(path, what):
    try:
        r = subprocess.run([GOSIZE, "snapshot", path], capture_output=True, text=True, timeout=BOUND)
    except subprocess.TimeoutExpired:
        return check(False, f"{what}: no answer within {BOUND} s (hang)")
    if r.returncode == 0:
        j = json.loads(r.stdout)
        t = j["totals"]
        return check(t["attributed"] + t["unattributed"] == os.path.getsize(path), f"{what}: totals add up")
    lines = r.stderr.splitlines()
    return check(r.returncode == 2 and len(lines) == 1 and lines[0].startswith("gosize: "),
                 f"{what}: exit {r.returncode}, stderr {r.stderr[-500:]!r}")


targets = [os.path.join(fx, f) for f in ("hello-s", "hello-386-s", "hello-s390x-s", "hello-pie-s", "hello-arm-s",
                                        "hello-dwarf")]
targets += [os.path.join(real, f) for f in ("esbuild-0.8.57", "lefthook-2.2.2")]
targets += [os.path.join(fx, "wasm", "hello.wasm"), os.path.join(real, "esbuild-0.24.2.wasm")]
# Mach-O (amd64, arm64) and PE: fewer runs each, they are large
FOREIGN = [os.path.join(real, f) for f in ("esbuild-0.24.2-darwin-x64", "esbuild-0.24.2-darwin-arm64",
                                           "esbuild-0.24.2-win32-x64.exe")]
HOT = (".gopclntab", ".go.buildinfo", ".debug_info", ".debug_abbrev", ".debug_line", ".debug_frame",
       "__gopclntab", "__go_buildinfo", "[load commands]", "[section headers]", "[PE headers]", ".symtab")


def hot_ranges(path, data):
    if path.endswith(".wasm"):  # the sections' own headers and the first bytes of each (counts, sizes)
        hot, p = [], 8
        while p < len(data):
            size, q = uvarint(data, p + 1)
            hot.append((p, q - p + min(size, 64)))
            p = q + size
        return hot
    if data[:4] == b"\x7fELF":
        return [(s["off"], s["size"]) for s in readelf_sections(path) if s["size"] and s["name"] in HOT]
    snap = json.loads(subprocess.run([GOSIZE, "snapshot", path, "--symbols", "0"], capture_output=True, check=True,
                                     timeout=BOUND).stdout)
    return [(s["file_offset"], s["file_size"]) for s in snap["sections"] if s["file_size"] and s["name"] in HOT]


@behaviour
def corrupted_binaries_exit_0_or_2_with_one_line():
    for path in targets + FOREIGN:
        data = open(path, "rb").read()
        name = os.path.basename(path)
        hot = hot_ranges(path, data)
        check(path in targets or len(hot) >= 2, f"{name}: Go tables and headers found for targeted flips")
        out = os.path.join(tmp, name)
        for i in range(n if path in targets else max(3, n // 3)):
            d = bytearray(data)
            kind = i % 3
            if kind == 0:  # truncation
                d = d[:rng.randrange(0, len(d))]
            else:  # flips: anywhere, or inside the pclntab / build info
                for _ in range(rng.choice((1, 4, 32))):
                    if kind == 2 and hot:
                        off, size = rng.choice(hot)
                        at = off + rng.randrange(0, min(size, 4096) if rng.random() < 0.7 else size)
                    else:
                        at = rng.randrange(0, len(d))
                    d[at] ^= 1 << rng.randrange(8)
            with open(out, "wb") as f:
                f.write(d)
            run_one(out, f"{name} #{i} ({['truncated', 'flipped', 'flipped in Go tables, DWARF or wasm section heads'][kind]})")
        os.unlink(out)


@behaviour
def corrupted_snapshots_exit_0_or_2_with_one_line():
    # snapshots too
    snap = subprocess.run([GOSIZE, "snapshot", targets[0], "--symbols", "50"], capture_output=True).stdout
    for i in range(n):
        d = bytearray(snap)
        if i % 2:
            d = d[:rng.randrange(0, len(d))]
        else:
            for _ in range(rng.choice((1, 8))):
                d[rng.randrange(0, len(d))] = rng.choice(b'{}[]":,0123456789-ex ')
        p = os.path.join(tmp, "snap.json")
        open(p, "wb").write(d)
        r = subprocess.run([GOSIZE, "snapshot", "--format", "text", p], capture_output=True, text=True, timeout=BOUND)
        check(r.returncode in (0, 2) and (r.returncode == 0 or len(r.stderr.splitlines()) == 1),
              f"snapshot #{i}: exit {r.returncode} {r.stderr[-300:]!r}")


main(cleanup=lambda: shutil.rmtree(tmp, True))
