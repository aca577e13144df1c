"""Shared helpers for gosize's Python tests: the behaviour runner, counting
checks, running tools, and independent readers (readelf, go version -m,
go tool nm) to compare with.

A checker is a list of behaviours: functions named for what they prove,
registered with @behaviour in the order they run and started by main():

    @behaviour
    def parts_sum_to_file_size(): ...
    main()

Each prints its name and its result (ok, FAIL with the count of failed
assertions, or SKIP with the reason given to skip()); an exception fails the
behaviour it happened in and the others still run, and so does one that
asserted nothing. main() exits 1 when any assertion failed or none ran, else 0.

One behaviour, or a few, by name: `check_cli.py FIXTURES --only NAME` (a
name or a shell pattern, comma-separated or repeated; GSTEST_ONLY=NAME does
the same, e.g. through ctest), `--list` prints the names. The options are
taken out of sys.argv when this module is imported, so a checker's own
positional arguments stay where it reads them; a selection that names no
behaviour is an error, not a pass."""
import fnmatch
import functools
import json
import os
import re
import subprocess
import sys
import traceback

GOSIZE = os.environ.get("GOSIZE", "gosize")
passed = 0
failed = 0
BEHAVIOURS = []


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


class Skipped(Exception):
    pass


def skip(reason):
    """Ends the running behaviour as skipped (an expectation this machine cannot meet, such as
    goldens made with another Go): reported with the reason, neither passed nor failed."""
    raise Skipped(reason)


def behaviour(fn):
    """Registers fn as a behaviour of this checker (run by main() in registration order)."""
    BEHAVIOURS.append(fn)
    return fn


# a value computed once and shared by the behaviours that need it (a snapshot, a repository)
shared = functools.lru_cache(maxsize=None)


def _take_selection(argv):
    """Removes --only NAME[,NAME] / --only=... and --list from argv; returns (patterns, list)."""
    pats, listing, rest, i = [], False, [], 0
    while i < len(argv):
        a = argv[i]
        if a == "--list":
            listing = True
        elif a == "--only" and i + 1 < len(argv):
            pats += argv[i + 1].split(",")
            i += 1
        elif a.startswith("--only="):
            pats += a[len("--only="):].split(",")
        else:
            rest.append(a)
        i += 1
    argv[:] = rest
    pats += [p for p in os.environ.get("GSTEST_ONLY", "").split(",") if p]
    return [p.strip() for p in pats if p.strip()], listing


ONLY, LIST = _take_selection(sys.argv)


def selected(behaviours, patterns):
    """The behaviours whose names match one of patterns (all when there are none), in order,
    and the patterns that matched nothing."""
    if not patterns:
        return list(behaviours), []
    pick = [fn for fn in behaviours if any(fnmatch.fnmatchcase(fn.__name__, p) for p in patterns)]
    unmatched = [p for p in patterns if not any(fnmatch.fnmatchcase(fn.__name__, p) for fn in behaviours)]
    return pick, unmatched


def main(cleanup=None):
    """Runs every registered behaviour, prints each one's name and result and the totals,
    then cleanup() (temporary directories), and exits non-zero on any failure."""
    global failed
    skipped = []
    if LIST:
        print("\n".join(fn.__name__ for fn in BEHAVIOURS))
        if cleanup:
            cleanup()
        sys.exit(0)
    run_these, unmatched = selected(BEHAVIOURS, ONLY)
    if unmatched:
        failed += 1
        print(f"FAIL --only {','.join(unmatched)}: no behaviour of this checker has that name; "
              f"they are: {', '.join(fn.__name__ for fn in BEHAVIOURS)}", flush=True)
        run_these = []
    try:
        for fn in run_these:
            name = fn.__name__
            print(f"-- {name}", flush=True)
            f0, p0 = failed, passed
            try:
                fn()
            except Skipped as e:
                skipped.append(name)
                print(f"SKIP {name}: {e}", flush=True)
                continue
            except Exception:
                failed += 1
                print(f"FAIL {name}: exception\n{traceback.format_exc()}", flush=True)
                continue
            n, bad = passed - p0 + failed - f0, failed - f0
            if not n:  # a behaviour that asserted nothing cannot fail: a broken test
                failed += 1
                print(f"FAIL {name}: no assertion ran", flush=True)
                continue
            print(f"{'FAIL' if bad else 'ok  '} {name} ({n - bad} of {n} assertions)", flush=True)
    finally:
        if cleanup:
            cleanup()
    finish(skipped)


def finish(skipped=()):
    print(f"{passed} passed, {failed} failed" + (f", {len(skipped)} skipped ({', '.join(skipped)})" if skipped else ""))
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


@shared
def fixture_snapshots(d):
    """{file name: snapshot} of every fixture directly in d (subdirectories and *.tmp aside), in name order."""
    snaps = {}
    for f in sorted(os.listdir(d)):
        p = os.path.join(d, f)
        if os.path.isfile(p) and not f.endswith(".tmp"):
            snaps[f] = snapshot(p)
    return snaps


def go_funcs(s, only_pkgs=None):
    """Sorted (name, size, address) of a snapshot's Go functions (those with pclntab bytes)."""
    return sorted((f["name"], f["size"], f["addr"]) for f in s["symbols"]
                  if "pcln" in f and (only_pkgs is None or f["package"] in only_pkgs))


def expect_error(args, needle, what, path=None):
    """gosize ARGS exits 2 with one 'gosize:' line on stderr that mentions needle (and path), nothing on stdout."""
    r = run([GOSIZE, *args])
    lines = r.stderr.splitlines()
    eq(r.returncode, 2, f"{what}: exit code")
    check(len(lines) == 1 and lines[0].startswith("gosize: "), f"{what}: one 'gosize:' line on stderr, got {lines}")
    check(needle in r.stderr, f"{what}: message mentions {needle!r}: {r.stderr.strip()}")
    if path:
        check(path in r.stderr, f"{what}: message names the file")
    eq(r.stdout, "", f"{what}: nothing on stdout")
    return r
