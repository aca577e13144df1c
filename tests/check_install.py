#!/usr/bin/env python3
"""`cmake --install` into a temporary prefix, and the installed gosize used:
the binary runs from the prefix and snapshots a fixture exactly as the build
does, `--version` names the commit (git describe at configure time; nothing
from a tree without .git, as from a tarball), the man page lists every command
and option and renders, and the documentation is installed.
Usage: check_install.py BUILD_DIR FIXTURE_DIR"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, main, run, shared  # noqa: E402

build, fx = sys.argv[1], sys.argv[2]
SRC = os.path.abspath(os.environ.get("GOSIZE_SRC", os.path.join(os.path.dirname(__file__), "..")))
tmp = tempfile.mkdtemp(prefix="gosize-install-")
prefix = os.path.join(tmp, "prefix")
COMMANDS = ("snapshot", "diff", "check", "record", "log", "why")


@shared
def installed():
    r = subprocess.run(["cmake", "--install", build, "--prefix", prefix], capture_output=True, text=True)
    eq(r.returncode, 0, f"cmake --install ({r.stderr[-300:]})")
    return os.path.join(prefix, "bin", "gosize")


def describe(src):
    r = subprocess.run(["cmake", f"-DSOURCE_DIR={src}", "-P", os.path.join(SRC, "cmake", "version.cmake")],
                       capture_output=True, text=True)
    eq(r.returncode, 0, f"version.cmake on {src}")
    return r.stdout.strip()


@behaviour
def the_installed_binary_runs_from_the_prefix():
    gs = installed()
    check(os.access(gs, os.X_OK), f"{gs} is installed and executable")
    help_ = run([gs, "--help"])
    eq(help_.returncode, 0, "installed gosize --help")
    eq(help_.stdout, run([GOSIZE, "--help"]).stdout, "the installed gosize is the built one (--help)")
    hello = os.path.join(fx, "hello")
    a, b = run([gs, "snapshot", hello]), run([GOSIZE, "snapshot", hello])
    eq(a.returncode, 0, f"installed gosize snapshots a Go binary ({a.stderr.strip()})")
    eq(a.stdout, b.stdout, "its snapshot equals the build's")
    t = run([gs, "snapshot", hello, "--format", "text"], env=dict(os.environ, COLUMNS="80"))
    check(t.returncode == 0 and "main" in t.stdout, "text report from the installed binary")


@behaviour
def version_names_the_commit():
    gs = installed()
    v = run([gs, "--version"]).stdout.strip()
    want = describe(SRC)
    print(f"gosize --version: {v}")
    check(re.match(r"gosize \d+\.\d+\.\d+ \(", v) is not None, f"version line ({v})")
    if want:
        # the commit the build was configured at (git describe then; a commit made since is not it)
        m = re.search(r"\(commit ([^;]+?)(-dirty)?; ", v)  # git describe's output is a revision git reads back
        ok = m is not None and subprocess.run(["git", "-C", SRC, "rev-parse", "-q", "--verify", m.group(1) + "^{commit}"],
                                              capture_output=True).returncode == 0
        check(ok, f"--version names a commit of this repository ({v}; now {want})")
    else:
        check("commit" not in v, "no commit named when the sources are no git checkout")
    # from a tarball (no .git), the commit is left out; in a tagged repository, the tag
    plain = os.path.join(tmp, "plain")
    os.makedirs(plain)
    eq(describe(plain), "", "no .git: no commit, no error")
    repo = os.path.join(tmp, "repo")
    os.makedirs(repo)
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com")
    for cmd in (["init", "-q"], ["commit", "-q", "--allow-empty", "-m", "one"], ["tag", "v1.2.3"]):
        subprocess.run(["git", "-C", repo] + cmd, check=True, env=env, capture_output=True)
    eq(describe(repo), "v1.2.3", "a tagged commit: its tag")
    subprocess.run(["git", "-C", repo, "commit", "-q", "--allow-empty", "-m", "two"], check=True, env=env)
    check(re.fullmatch(r"v1\.2\.3-1-g[0-9a-f]{7,}", describe(repo)) is not None, "one commit later: tag-1-gHASH")


@behaviour
def the_man_page_lists_every_command_and_option():
    installed()
    page = os.path.join(prefix, "share", "man", "man1", "gosize.1")
    check(os.path.exists(page), "share/man/man1/gosize.1 is installed")
    if not os.path.exists(page):
        return
    text = open(page).read()
    check(text.startswith(".TH GOSIZE 1 "), "a section 1 man page")
    for cmd in COMMANDS:
        check(f'.SS "gosize {cmd}"' in text, f"the man page describes {cmd}")
        help_ = run([GOSIZE, "help", cmd]).stdout
        for opt in re.findall(r"^\s+(?:-\w, )?--([\w-]+)", help_, re.M):
            check("\\-\\-" + opt.replace("-", "\\-") in text, f"{cmd}: --{opt} in the man page")
    for line in text.splitlines():
        check(not line.startswith(("'", ".")) or re.match(r"\.(TH|SH|SS|TP|PP|nf|fi|B)\b", line),
              f"every request line is one the page means ({line[:40]!r})")
    if shutil.which("man"):
        r = subprocess.run(["man", "--warnings", "-l", page], capture_output=True, text=True,
                           env=dict(os.environ, MANWIDTH="80", MANPAGER="cat", PAGER="cat"))
        eq(r.returncode, 0, "man renders the page")
        eq(r.stderr.strip(), "", "man renders it without warnings")
        check("--fail-on" in r.stdout and "EXIT STATUS" in r.stdout, "the rendered page has the options and exit status")


@behaviour
def the_documentation_is_installed():
    installed()
    doc = os.path.join(prefix, "share", "doc", "gosize")
    eq(open(os.path.join(doc, "README.md")).read(), open(os.path.join(SRC, "README.md")).read(), "README.md installed")
    for f in sorted(os.listdir(os.path.join(SRC, "docs"))):
        check(os.path.exists(os.path.join(doc, "docs", f)), f"docs/{f} installed")
    check(os.path.exists(os.path.join(doc, "d3-hierarchy.LICENSE")), "the vendored library's licence is installed")


main(cleanup=lambda: shutil.rmtree(tmp, True))
