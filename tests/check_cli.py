#!/usr/bin/env python3
"""The command line: output files never partial nor left behind, devices
written in place, deterministic output, a snapshot read back as input,
--symbols, command-line mistakes (exit 2, one line), and help equal to the
README's usage block. Usage: check_cli.py FIXTURE_DIR"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, expect_error, load_snapshot, main, run  # noqa: E402

fx = sys.argv[1]
tmp = tempfile.mkdtemp(prefix="gosize-cli-")
hello = os.path.join(fx, "hello-s")


@behaviour
def no_output_file_after_an_error():
    out = os.path.join(tmp, "out.json")
    garbage = os.path.join(tmp, "garbage")
    with open(garbage, "wb") as f:
        f.write(b"not a binary, not JSON\n" * 180)  # fixed bytes: random ones can start like JSON or a magic
    expect_error(["snapshot", garbage, "-o", out], "not an executable", "error with -o")
    check(not os.path.exists(out), "no output file after an error")
    expect_error(["snapshot", hello, "-o", os.path.join(tmp, "no/such/dir/out.json")], "cannot create", "unwritable -o")
    check(not any(n.startswith("out.json") for n in os.listdir(tmp)), "no temp file left behind")


@behaviour
def output_is_deterministic_and_reads_back():
    out = os.path.join(tmp, "out.json")
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


@behaviour
def devices_are_written_in_place():
    """A rename over /dev/null would replace it."""
    null_stat = os.stat("/dev/null")
    eq(run([GOSIZE, "snapshot", hello, "-o", "/dev/null"]).returncode, 0, "snapshot -o /dev/null")
    st = os.stat("/dev/null")
    check(os.path.exists("/dev/null") and (st.st_mode, st.st_rdev) == (null_stat.st_mode, null_stat.st_rdev),
          "/dev/null is still the null device")


@behaviour
def command_line_mistakes_exit_2():
    expect_error(["snapshot"], "expected one BINARY", "no operand")
    expect_error(["snapshot", hello, "--format", "xml"], "unknown format", "bad format")
    expect_error(["snapshot", hello, "--bogus"], "unknown option --bogus", "bad option")
    expect_error(["snapshot", hello, "--symbols", "many"], "whole number", "bad count")
    expect_error(["frobnicate"], "unknown command", "bad command")
    expect_error(["snapsot", hello], 'unknown command "snapsot": did you mean snapshot?', "a mistyped command")
    expect_error(["diff", "a", "b", "--fromat", "text"], "unknown option --fromat: did you mean --format?", "a mistyped option")
    expect_error(["help", "nope"], 'unknown command "nope"', "help of an unknown command")
    expect_error(["diff", "a", "b", "--fail-on", "warn"], "unknown option --fail-on", "diff --fail-on")


@behaviour
def symbols_option_caps_the_list_not_the_totals():
    full = run([GOSIZE, "snapshot", hello]).stdout
    a, b = load_snapshot(full), load_snapshot(run([GOSIZE, "snapshot", hello, "--symbols", "10"]).stdout)
    eq(len(b["symbols"]), 10, "--symbols 10 keeps 10")
    eq(b["symbols"], a["symbols"][:10], "--symbols keeps the largest")
    eq((b["totals"], b["packages"]), (a["totals"], a["packages"]), "--symbols leaves totals and packages alone")
    eq(b["symbols_total"], len(a["symbols"]), "symbols_total counts all")


@behaviour
def help_equals_the_readme_and_lists_every_option():
    """Every command's own options; the README's usage block is what --help prints."""
    src = os.environ.get("GOSIZE_SRC", os.path.join(os.path.dirname(__file__), ".."))
    readme = open(os.path.join(src, "README.md")).read()
    block = readme.split("## Usage\n\n```\n", 1)[1].split("```", 1)[0]
    r = run([GOSIZE, "--help"], env=dict(os.environ, COLUMNS="80"))
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


main(cleanup=lambda: shutil.rmtree(tmp, True))
