#!/usr/bin/env python3
"""Hostile names: a real Go binary whose Go version, build settings, module
path, module version and function names carry newlines, <!--, </details>,
@team, URLs, terminal escape sequences and invalid UTF-8. The markdown report
forges no line, hides nothing, mentions nobody and links nothing; text output
holds no control character but gosize's own colours (none with NO_COLOR); JSON
is strict UTF-8. Usage: check_hostile.py"""
import json
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, load_snapshot, main  # noqa: E402

tmp = tempfile.mkdtemp(prefix="gosize-hostile-")
HOSTILE_VERSION = "go1.19.8\n::error::x\n<!--"
# markers of fixed length, replaced in the built binary by payloads of the same length
MOD = "example.com/modmarker" + "q" * 40          # module path (and every import path under it)
VER = "v1.0.0-vermarker" + "0" * 50               # a dependency's version
FN = "Fnmarker" + "Q" * 112                       # a function name (pclntab, symbol table)
# what may appear inside one line of build info (no newline, no tab)
LINE_PAYLOAD = b"@team <!-- </details> https://evil.example \x1b]0;t\x07\xff\xc0\xaf\xed\xa0\x80`|*_"
# a function name may hold anything but NUL
NAME_PAYLOAD = (b"\n::error::fn\n<!-- </details> @team https://evil.example www.evil.example \x1b[2J\x1b]0;t\x07\r"
                b"\xc2\x9b31m\xe2\x80\xae\xff\xf5\x80")


def pad(payload, marker, ch=b"z"):
    assert len(payload) <= len(marker), (len(payload), len(marker))
    return payload + ch * (len(marker) - len(payload))


def write(rel, text):
    p = os.path.join(tmp, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w") as f:
        f.write(text)


# a program with a dependency (replaced by a local directory, so no network) and a package of its own
write("app/go.mod", f"module {MOD}\n\ngo 1.19\n\nrequire example.com/dep {VER}\n\nreplace example.com/dep => ../dep\n")
write("app/lib/lib.go", f"package lib\n\n//go:noinline\nfunc {FN}(n int) int {{ return n*7 + len(Names) }}\n\n"
      "var Names = []string{\"alpha\", \"beta\"}\n")
write("app/main.go", f"package main\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"{MOD}/lib\"\n)\n\n"
      "var note string\n\nfunc main() { fmt.Println(lib." + FN + "(len(os.Args)), hello(), note) }\n")
# the old build has no dependency (a new module row in the diff, with its version)
write("app/nodep.go", "//go:build !withdep\n\npackage main\n\nfunc hello() string { return \"\" }\n")
write("app/dep.go", "//go:build withdep\n\npackage main\n\nimport \"example.com/dep\"\n\nfunc hello() string { return dep.Hello() }\n")
write("dep/go.mod", "module example.com/dep\n\ngo 1.19\n")
write("dep/dep.go", "package dep\n\nfunc Hello() string { return \"hello\" }\n")
env = dict(os.environ, GOFLAGS="-mod=mod", GOPROXY="off", GOWORK="off", CGO_ENABLED="0")
app = os.path.join(tmp, "app")
old, new = os.path.join(tmp, "old"), os.path.join(tmp, "new")
# no -trimpath: with it, go leaves -ldflags out of the build settings
subprocess.run(["go", "build", "-o", old, "."], cwd=app, env=env, check=True)
ldflags = (f"-X 'runtime.buildVersion={HOSTILE_VERSION}' "
           "-X 'main.note=@team https://evil.example </details> <!-- \x1b]0;pwned\x07'")
subprocess.run(["go", "build", "-tags", "withdep", "-ldflags", ldflags, "-o", new, "."], cwd=app, env=env, check=True)


@behaviour
def hostile_build_carries_its_markers():
    data = open(new, "rb").read()
    counts = {m: data.count(m.encode()) for m in (MOD, VER, FN)}
    check(all(counts.values()), f"markers present in the built binary: {counts}")
    data = data.replace(MOD.encode(), pad(LINE_PAYLOAD, MOD)).replace(VER.encode(), pad(LINE_PAYLOAD, VER, b"y"))
    data = data.replace(FN.encode(), pad(NAME_PAYLOAD, FN))
    with open(new, "wb") as f:
        f.write(data)


def gosize(*args, env_extra=None):
    r = subprocess.run([GOSIZE, *args], capture_output=True, env=dict(os.environ, **(env_extra or {})))
    check(r.returncode == 0, f"gosize {' '.join(args)}: exit {r.returncode}, {r.stderr[-300:]!r}")
    return r.stdout


def strict_json(what, raw):
    try:
        text = raw.decode("utf-8")  # strict: no surrogates, no invalid bytes
        json.loads(text)
        return check(True, what)
    except (UnicodeDecodeError, ValueError) as e:
        return check(False, f"{what}: not strict UTF-8 JSON: {e}")


@behaviour
def json_is_strict_utf8_with_names_read_as_built():
    """JSON: the snapshot and the diff."""
    snap_raw = gosize("snapshot", new)
    strict_json("snapshot JSON", snap_raw)
    snap = load_snapshot(snap_raw.decode("utf-8"))
    check(snap["go"]["version"].startswith("go1.19.8\n::error::x"), f"Go version read as built: {snap['go']['version']!r}")
    check("\ufffd" in snap["go"]["main"]["path"] and "@team" in snap["go"]["main"]["path"],
          f"module path kept, invalid bytes as U+FFFD: {snap['go']['main']['path']!r}")
    names = [s["name"] for s in snap["symbols"] if "::error::fn" in s["name"]]
    check(len(names) == 1 and "\ufffd" in names[0], f"hostile function name listed once: {names!r}")
    eq([m["version"] for m in snap["go"]["deps"] if m["path"] == "example.com/dep"],
       [pad(LINE_PAYLOAD, VER, b"y").decode("utf-8", "replace")], "dependency version kept, invalid bytes as U+FFFD")
    check("::error::x" in snap["go"]["settings"].get("-ldflags", ""), f"-ldflags setting: {snap['go']['settings']!r}")
    strict_json("diff JSON", gosize("diff", old, new, "--format", "json"))
    strict_json("snapshot JSON of the hostile build settings", gosize("snapshot", new, "--symbols", "0"))


@behaviour
def markdown_forges_no_line_mentions_nobody_links_nothing():
    """Markdown."""
    md_raw = gosize("diff", old, new, "--format", "md", "--top", "50")
    md = md_raw.decode("utf-8")  # valid UTF-8
    lines = md.split("\n")
    check(lines[0].startswith("<!-- gosize:") and lines[0].endswith(" -->"), f"marker first: {lines[0]!r}")
    eq([l for l in lines if l.lstrip().startswith("::")], [], "no forged workflow-command line")
    eq(md.count("<!--"), 1, "the only HTML comment is gosize's marker")
    eq(md.count("</details>"), md.count("<details>"), "every </details> is gosize's own")
    check("@team" not in md, "no @team mention")
    for link in ("https://", "http://", "www.evil"):
        check(link not in md.lower(), f"no autolink {link!r}")
    check(not re.search(r"[\x00-\x09\x0b-\x1f\x7f\u0080-\u009f\u202a-\u202e\u2066-\u2069]", md),
          "no control or bidi character in the markdown")
    check("go1.19.8\\\\n::error::x\\\\n&lt;!--" in md, "the Go version is shown, its newlines visible")
    check(md.count("-ldflags") >= 1 and "\\\\x1b\\]0;pwned\\\\x07" in md, "the -ldflags build setting is shown, escaped")
    check(md.count("@&#8203;team") >= 4, "names, module path and version shown (neutralised)")
    check("@&#8203;team" in md and "https&#58;//evil.example" in md, "mention and URL shown neutralised")
    check("\\\\x1b" in md and "\\\\xff" in md, "escape and invalid bytes shown as \\x..")
    # the Go version appears in the headline's line, not on a line of its own
    check(any(l.count("::error::x") and " B → " in l for l in lines), "the version stays on the headline's line")


def control_bytes(raw, allow_colour):
    """Bytes < 0x20 other than newline, and ESC not starting one of gosize's colour codes."""
    s = raw
    if allow_colour:
        s = re.sub(rb"\x1b\[(?:0|31|32)m", b"", s)
    return sorted({b for b in s if (b < 0x20 and b != 0x0A) or b == 0x7F})


def on_tty(args, env_extra):
    """Runs gosize with stdout on a pseudo-terminal (colours on); returns what it wrote."""
    master, slave = pty.openpty()
    p = subprocess.Popen([GOSIZE, *args], stdout=slave, stderr=subprocess.PIPE,
                         env={**os.environ, "COLUMNS": "200", **env_extra})
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    p.wait()
    check(p.returncode == 0, f"gosize {' '.join(args)} on a terminal: exit {p.returncode}")
    return out.replace(b"\r\n", b"\n")  # the terminal's own line discipline


@behaviour
def text_output_holds_no_control_byte_but_gosizes_colours():
    for what, args in (("diff text", ["diff", old, new, "--format", "text", "--top", "50"]),
                       ("snapshot text", ["snapshot", new, "--format", "text", "--top", "50"])):
        raw = gosize(*args)
        raw.decode("utf-8")
        eq(control_bytes(raw, False), [], f"{what} (pipe): no control bytes")
        check(b"::error::" not in b"".join(l for l in raw.split(b"\n") if l.startswith(b"::")), f"{what}: no forged line")
        check(b"\\x1b" in raw and b"\\n::error::" in raw, f"{what}: escapes shown as text")
        tty = on_tty(args, {})
        eq(control_bytes(tty, True), [], f"{what} (terminal): only gosize's colour codes")
        if what == "diff text":
            check(re.search(rb"\x1b\[3[12]m", tty) is not None, f"{what} (terminal): coloured")
        nc = on_tty(args, {"NO_COLOR": "1"})
        eq(control_bytes(nc, False), [], f"{what} (terminal, NO_COLOR): no control bytes at all")


main(cleanup=lambda: shutil.rmtree(tmp) if not os.environ.get("KEEP") else print(tmp))
