#!/usr/bin/env python3
"""Text that fits the terminal: every command's text output (snapshot, diff,
check, why, log, record, help, errors) at 60, 80 and 120 columns, on a pipe
($COLUMNS) and on a real pseudo-terminal (its window size, COLUMNS unset):
no line wider than the width, package paths shortened by their module's
prefix rather than cut in the middle, versions whole, a snapshot's padding in
one row. JSON, HTML and SVG are not dumped on a terminal: the default becomes
text, an explicit --format is refused with a hint.
Usage: check_width.py FIXTURE_DIR REALBIN_DIR"""
import fcntl
import json
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, main, shared, skip  # noqa: E402

FIX, REAL = sys.argv[1], sys.argv[2]
SRC = os.environ.get("GOSIZE_SRC", os.path.join(os.path.dirname(__file__), ".."))
root = tempfile.mkdtemp(prefix="gosize-width-")
WIDTHS = (60, 80, 120)
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
           GIT_COMMITTER_EMAIL="t@example.com", GOFLAGS="-mod=mod", GOPROXY="off", LC_ALL="C.UTF-8")
env.pop("GIT_DIR", None)
env.pop("COLUMNS", None)


def on_pipe(args, width, cwd=None):
    r = subprocess.run([GOSIZE, *args], cwd=cwd, capture_output=True, text=True, env=dict(env, COLUMNS=str(width)))
    return r.returncode, r.stdout, r.stderr


def on_pty(args, width, cwd=None):
    """gosize with standard output on a pseudo-terminal of width columns (COLUMNS unset)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
    p = subprocess.Popen([GOSIZE, *args], cwd=cwd, stdout=slave, stderr=subprocess.PIPE, env=env)
    os.close(slave)
    out = b""
    while True:
        r, _, _ = select.select([master], [], [], 120)
        if not r:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    err = p.stderr.read().decode()
    p.stderr.close()
    rc = p.wait()
    return rc, out.decode().replace("\r\n", "\n"), err


def widest(text):
    return max((len(ANSI.sub("", line)) for line in text.splitlines()), default=0)


def fits(what, text, width):
    w = widest(text)
    bad = [line for line in text.splitlines() if len(ANSI.sub("", line)) > width]
    check(w <= width, f"{what} at {width} columns: widest line {w}: {bad[:3]}")


@shared
def repo():
    """A real repository: hello, then a commit that adds a package importing net/http (built for real)."""
    d = os.path.join(root, "repo")
    os.makedirs(d)
    td = os.path.join(SRC, "testdata")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=d, check=True, env=env)
    shutil.copytree(os.path.join(td, "hello"), d, dirs_exist_ok=True)
    shutil.copy(os.path.join(td, "demo.gosize.json"), os.path.join(d, ".gosize.json"))
    for msg, change in (("hello: count words and greet", None),
                        ("status: serve a health endpoint with net/http and a rather long summary line", "nethttp")):
        if change:
            shutil.copytree(os.path.join(td, "changes", change), d, dirs_exist_ok=True)
        subprocess.run(["git", "add", "-A"], cwd=d, check=True, env=env)
        subprocess.run(["git", "commit", "-qm", msg], cwd=d, check=True, env=env)
    rc, _, err = on_pipe(["record", "HEAD~1"], 80, d)
    eq(rc, 0, f"record HEAD~1 ({err.strip()})")
    return d


def esbuild(v):
    p = os.path.join(REAL, f"esbuild-{v}")
    if not os.path.exists(p):
        skip(f"no {p} (tests/fetch_real.sh fetches it)")
    return p


@behaviour
def every_command_fits_60_80_and_120_columns_on_a_pipe_and_a_terminal():
    d = repo()
    a, b = esbuild("0.19.12"), esbuild("0.24.2")
    lefthook = os.path.join(REAL, "lefthook-2.2.2")
    runs = [
        ("snapshot text of a fixture", ["snapshot", os.path.join(FIX, "hello"), "--format", "text"], None),
        ("snapshot text of esbuild", ["snapshot", b, "--format", "text"], None),
        ("diff of two esbuild releases", ["diff", a, b, "--format", "text"], None),
        ("check of two esbuild releases", ["check", a, b, "--format", "text", "--config",
                                           os.path.join(SRC, "tests", "golden", "budgets.gosize.json")], None),
        ("diff of two revisions", ["diff", "HEAD~1", "HEAD", "--format", "text"], d),
        ("check of two revisions", ["check", "HEAD~1", "HEAD", "--format", "text"], d),
        ("why of a package", ["why", "net/http", "HEAD"], d),
        ("why of a glob on a binary", ["why", "crypto/*", b], None),
        ("log", ["log"], d),
        ("help", ["--help"], None),
    ] + [(f"help {c}", ["help", c], None) for c in ("snapshot", "diff", "check", "record", "log", "why")]
    if os.path.exists(lefthook):
        runs.append(("snapshot text of lefthook", ["snapshot", lefthook, "--format", "text"], None))
    for what, args, cwd in runs:
        for width in WIDTHS:
            for where, fn in (("pipe", on_pipe), ("terminal", on_pty)):
                rc, out, err = fn(args, width, cwd)
                check(rc in (0, 1) and out.strip(), f"{what} on a {where}: exit {rc} ({err.strip()[:200]})")
                fits(f"{what} on a {where}", out, width)
    # the error lines are one line each: short enough to read (they name a file or a revision)
    rc, _, err = on_pipe(["diff", "mian"], 60, d)
    check(rc == 2 and "did you mean main?" in err, f"an error names what was meant: {err.strip()}")


@behaviour
def paths_lose_their_module_prefix_and_versions_stay_whole():
    a, b = esbuild("0.19.12"), esbuild("0.24.2")
    j = json.loads(on_pipe(["diff", a, b, "--format", "json"], 80)[1])
    versions = {m["new_version"] for m in j["modules"] if m.get("new_version")}
    for width in WIDTHS:
        _, out, _ = on_pipe(["diff", a, b, "--format", "text"], width)
        pkgs = out.split("\nPACKAGE", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
        names = [row.split()[0] for row in pkgs if not row.startswith("…")]
        mid = [n for n in names if re.search(r"[^/ ]…[^/]", n)]
        eq(mid, [], f"{width} columns: no package name cut in its middle")
        check(all(n.startswith(("…/", "[")) or "/" not in n or n in out for n in names), f"{width}: names {names}")
        for v in versions:
            check(v in out, f"{width} columns: version {v} whole")
        check("go1.20.12" in out and "go1.23.1" in out, f"{width} columns: the Go version change whole")
    _, wide, _ = on_pipe(["diff", a, b, "--format", "text"], 120)
    _, narrow, _ = on_pipe(["diff", a, b, "--format", "text"], 60)
    check("MODULE" in wide.split("\nPACKAGE", 1)[1].split("\n", 1)[0], "120 columns: the package table has its MODULE column")
    check("MODULE" not in narrow.split("\nPACKAGE", 1)[1].split("\n", 1)[0], "60 columns: the MODULE column gave way first")
    check(re.search(r"^…/(esbuild/)?internal/compat ", narrow, re.M) is not None,
          "60 columns: esbuild's packages lose their module's prefix (github.com/evanw/ first)")
    check("…/esbuild/internal/compat " in on_pipe(["diff", a, b, "--format", "text"], 80)[1],
          "80 columns: github.com/evanw/ gives way, esbuild/ stays")


@behaviour
def snapshot_text_folds_padding_into_one_row():
    b = esbuild("0.24.2")
    snap = json.loads(on_pipe(["snapshot", b], 80)[1])
    gaps = [s for s in snap["sections"] if s["kind"] == "padding" and (s["file_size"] or s["vm_size"])]
    _, out, _ = on_pipe(["snapshot", b, "--format", "text"], 80)
    rows = [line for line in out.split("\nSECTION", 1)[1].split("\n\n", 1)[0].splitlines() if line.startswith("[padding")]
    check(len(gaps) > 1, f"esbuild has {len(gaps)} gaps between sections")
    eq(len(rows), 1, "one [padding] row")
    check(rows and f"({len(gaps)} gaps)" in rows[0], f"it counts the gaps: {rows}")


@behaviour
def json_html_and_svg_are_not_dumped_on_a_terminal():
    hello = os.path.join(FIX, "hello")
    rc, out, err = on_pty(["snapshot", hello], 80)
    check(rc == 0 and out.startswith(hello) and "SECTION" in out and not out.lstrip().startswith("{"),
          f"snapshot on a terminal: the text report ({out[:80]!r})")
    for fmt, what in (("json", "JSON"), ("html", "an HTML page"), ("svg", "an SVG picture")):
        rc, out, err = on_pty(["snapshot", hello, "--format", fmt], 80)
        check(rc == 2 and out == "" and f"not writing {what} to a terminal: add -o FILE" in err,
              f"snapshot --format {fmt} on a terminal: refused with a hint ({rc}, {err.strip()})")
        rc, out, err = on_pty(["diff", hello, hello, "--format", fmt], 80)
        check(rc == 2 and out == "" and "or pipe it" in err, f"diff --format {fmt} on a terminal: refused ({err.strip()})")
        rc, out, _ = on_pipe(["snapshot", hello, "--format", fmt], 80)
        check(rc == 0 and len(out) > 1000, f"--format {fmt} on a pipe: written")
        o = os.path.join(root, "out." + fmt)
        rc, out, _ = on_pty(["snapshot", hello, "--format", fmt, "-o", o], 80)
        check(rc == 0 and os.path.getsize(o) > 1000, f"--format {fmt} -o FILE from a terminal: written")
    rc, out, _ = on_pipe(["snapshot", hello], 80)
    check(out.startswith("{"), "snapshot on a pipe: JSON, as before")


main(cleanup=lambda: shutil.rmtree(root, True))
