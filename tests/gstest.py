"""Shared helpers for gosize's Python tests: counting checks, running tools,
and independent readers (readelf, go version -m, go tool nm) to compare with."""
import json
import os
import re
import subprocess
import sys

GOSIZE = os.environ.get("GOSIZE", "gosize")
passed = 0
failed = 0


def check(cond, what):
    """Records one assertion; prints failures (and nothing for passes)."""
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, flush=True)
    return cond


def eq(got, want, what):
    return check(got == want, f"{what}: got {got!r}, want {want!r}")


def finish():
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def uvarint(b, p):
    """The unsigned LEB128 / Go uvarint at b[p]: (value, position after it)."""
    v = shift = 0
    while True:
        c = b[p]
        p += 1
        v |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return v, p


def svarint(b, p):
    """The signed LEB128 at b[p]: (value, position after it)."""
    v, q = uvarint(b, p)
    bits = 7 * (q - p)
    return (v - (1 << bits) if b[q - 1] & 0x40 else v), q


def expand_symbols(j):
    """A snapshot with its symbols as a list of objects in canonical order
    (size desc, name, address), the shape schemas 1 and 2 had: schema 3 keeps
    them per package as [name, addr, size(, pcln(, kind))], a name starting
    with "." relative to the package, "!" escaping a verbatim one, addresses as
    distances from the package's previous symbol."""
    if j.get("schema") != 3 or not isinstance(j.get("symbols"), dict):
        return j
    syms = []
    for pkg, arr in j["symbols"].items():
        addr = 0
        for t in arr:
            name = pkg + t[0] if t[0].startswith(".") else t[0][1:] if t[0].startswith("!") else t[0]
            addr += t[1]
            s = {"name": name, "package": pkg, "kind": t[4] if len(t) > 4 else "code", "addr": addr, "size": t[2]}
            if len(t) > 3 and t[3]:
                s["pcln"] = t[3]
            syms.append(s)
    syms.sort(key=lambda s: (-s["size"], s["name"].encode("utf-8", "surrogatepass"), s["addr"]))
    j["symbols"] = syms
    return j


def load_snapshot(text):
    return expand_symbols(json.loads(text))


def snapshot(path, *extra):
    r = run([GOSIZE, "snapshot", path, *extra])
    if r.returncode != 0:
        raise RuntimeError(f"gosize snapshot {path} failed: {r.stderr.strip()}")
    return load_snapshot(r.stdout)


SEC_RE = re.compile(r"^\s*\[\s*([1-9]\d*)\]\s+(\S*)\s+(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+(.*)$")


def readelf_sections(path):
    """Section headers as readelf -S -W prints them (independent of libelf)."""
    out = run(["readelf", "-S", "-W", path]).stdout
    secs = []
    for line in out.splitlines():
        m = SEC_RE.match(line)
        if not m or m.group(3) == "NULL":
            continue
        rest = m.group(8).split()
        flags = rest[0] if len(rest) == 4 else ""
        secs.append(dict(name=m.group(2), type=m.group(3), addr=int(m.group(4), 16), off=int(m.group(5), 16),
                         size=int(m.group(6), 16), flags=flags))
    return secs


def go_version_m(path):
    """(go version, {path, mod, deps, settings}) from `go version -m`, or None."""
    r = run(["go", "version", "-m", path])
    if r.returncode != 0:
        return None
    lines = r.stdout.splitlines()
    info = {"version": lines[0].split(": ", 1)[1].strip(), "path": None, "mod": None, "deps": [], "settings": {}}
    for l in lines[1:]:
        f = l.strip("\t").split("\t")
        if f[0] == "path":
            info["path"] = f[1]
        elif f[0] == "mod":
            info["mod"] = f[1:]
        elif f[0] == "dep":
            info["deps"].append(f[1:])
        elif f[0] == "=>":
            info["deps"][-1] = info["deps"][-1] + ["=>"] + f[1:]
        elif f[0] == "build":
            k, _, v = f[1].partition("=")
            if v.startswith('"'):
                v = json.loads(v)
            info["settings"][k] = v
    return info


def go_nm(path):
    """[(addr, size, type, name)] from `go tool nm -size`."""
    out = run(["go", "tool", "nm", "-size", path]).stdout
    syms = []
    for l in out.splitlines():
        p = l.split(None, 3)
        if len(p) == 4:
            syms.append((int(p[0], 16), int(p[1]), p[2], p[3]))
    return syms


def package_of(name):
    """Package of a Go function name, written independently of gosize's C code.
    Type helpers (type..eq.T, type:.hash.T) belong to the package of T."""
    m = re.match(r"type(?::|\.)\.(?:eq|hash)\.((?:\*|\[[0-9.]*\])*)(.*)$", name)
    if m:
        t = m.group(2)
        if t.startswith(("map[", "func(", "struct", "interface")):
            return ""
        return package_of(t)
    for pre in ("type:", "type.", "go:", "go."):
        if name.startswith(pre) and not re.match(r"go\.[a-z0-9-]+\.[a-z]+/", name):
            return ""
    cut = len(name)
    for c in "([":
        i = name.find(c)
        if i >= 0:
            cut = min(cut, i)
    slash = name.rfind("/", 0, cut)
    dot = name.find(".", slash + 1)
    if dot < 0:
        return ""
    return re.sub(r"%([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), name[:dot])
