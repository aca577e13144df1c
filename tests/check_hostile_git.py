#!/usr/bin/env python3
"""Hostile revisions: commits whose trees git itself would flag (`..`, a symlink and a
directory of the same name, a symlink and a file of the same name, a planted `.git/config`
with core.fsmonitor, names with '/', a blob over the size cap, a tree bomb), written with git's
plumbing (hash-object --literally, commit-tree), never with libgit2. Each must end in exit 2
with one line naming the revision and the path, write nothing outside gosize's temporary
directory (a sentinel directory is compared before and after), run no planted command (a
marker file stays absent) and leave the user's .git/index byte-identical. Also: a blob is
streamed (peak RSS), go runs no git in the user's repository (index unchanged when NEW is the
working tree), a file named like a revision, TMPDIR, Ctrl-C and a timeout with a build that
ignores SIGTERM, invalid notes, a Latin-1 commit message, --config /dev/zero."""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, main  # noqa: E402

SRC = os.environ.get("GOSIZE_SRC", os.path.join(os.path.dirname(__file__), ".."))
TD = os.path.join(SRC, "testdata")
root = tempfile.mkdtemp(prefix="gosize-hostile-")
tmpdir = os.path.join(root, "tmp")  # TMPDIR: gosize's temporary directories go here
os.makedirs(tmpdir)
sentinel = os.path.join(root, "sentinel")  # nothing may ever change here
os.makedirs(os.path.join(sentinel, "sub"))
open(os.path.join(sentinel, "file"), "w").write("original\n")
marker = os.path.join(root, "PLANTED-COMMAND-RAN")
env = dict(os.environ, TMPDIR=tmpdir, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
           GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", GOFLAGS="-mod=mod", GOPROXY="off")
env.pop("GIT_DIR", None)


def sh(args, cwd, input=None, check_rc=True, e=None):
    r = subprocess.run(args, cwd=cwd, env=e or env, capture_output=True, input=input)
    if check_rc and r.returncode != 0:
        raise RuntimeError(f"{args} failed: {r.stderr.decode(errors='replace')}")
    return r


def gosize(args, cwd, e=None, timeout=300):
    r = subprocess.run([GOSIZE, *args], cwd=cwd, env=e or env, capture_output=True, timeout=timeout)
    r.stdout_b, r.stdout, r.stderr = r.stdout, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
    return r


def tree_state(d):
    """Every path under d (not following symlinks) with its type and content hash."""
    out = {}
    for dp, dns, fns in os.walk(d):
        for n in dns + fns:
            p = os.path.join(dp, n)
            if os.path.islink(p):
                out[p] = ("link", os.readlink(p))
            elif os.path.isdir(p):
                out[p] = ("dir",)
            else:
                out[p] = ("file", hashlib.sha256(open(p, "rb").read()).hexdigest())
    return out


def root_state():
    """Everything under the test's root except the repositories' object stores and the temp dir."""
    return {p: v for p, v in tree_state(root).items()
            if "/.git/" not in p + "/" and not p.startswith(tmpdir + "/") and p != tmpdir}


# the user's repository: the hello program, one commit
repo = os.path.join(root, "repo")
shutil.copytree(os.path.join(TD, "hello"), repo)
with open(os.path.join(repo, ".gosize.json"), "w") as f:
    json.dump({"targets": [{"name": "hello", "build": 'go build -trimpath -o "$GOSIZE_OUT" .'}]}, f)
sh(["git", "init", "-q", "-b", "main"], repo)
sh(["git", "add", "-A"], repo)
sh(["git", "commit", "-qm", "hello"], repo)
head_tree = sh(["git", "rev-parse", "HEAD^{tree}"], repo).stdout.decode().strip()
head = sh(["git", "rev-parse", "HEAD"], repo).stdout.decode().strip()
index_path = os.path.join(repo, ".git", "index")


def blob(data):
    if isinstance(data, str):
        data = data.encode()
    return sh(["git", "hash-object", "-w", "--stdin"], repo, input=data).stdout.decode().strip()


def tree(entries):
    """A raw tree object, in the given order, unchecked: entries are (mode, name, sha)."""
    raw = b"".join(mode.encode() + b" " + (name if isinstance(name, bytes) else name.encode()) + b"\0" + bytes.fromhex(sha)
                   for mode, name, sha in entries)
    return sh(["git", "hash-object", "-w", "--literally", "-t", "tree", "--stdin"], repo, input=raw).stdout.decode().strip()


def with_hello(entries):
    """The hello tree's entries plus extra ones."""
    ls = sh(["git", "ls-tree", head_tree], repo).stdout.decode().splitlines()
    base = []
    for l in ls:
        meta, name = l.split("\t", 1)
        mode, _, sha = meta.split()
        base.append(("40000" if mode == "040000" else mode, name, sha))
    return tree(base + entries)


def commit(t, msg="hostile"):
    return sh(["git", "commit-tree", t, "-p", head, "-m", msg], repo).stdout.decode().strip()


def one_error(r, what, *needles):
    lines = [l for l in r.stderr.splitlines() if l.startswith("gosize: ") and "building" not in l]
    ok = r.returncode == 2 and len(lines) == 1 and all(n in lines[0] for n in needles)
    return check(ok, f"{what}: exit {r.returncode}, want 2 and one line with {needles}: {r.stderr.strip()!r}")


def tmp_empty(what):
    check(os.listdir(tmpdir) == [], f"{what}: temporary directories removed (left: {os.listdir(tmpdir)})")


index_before = open(index_path, "rb").read()
before = root_state()
evil_file = blob("package main\n\nvar Pwned = 1\n")


@behaviour
def hostile_trees_exit_2_and_change_nothing_outside():
    """--- trees that would write outside the temporary directory or plant a repository
    ---------------."""
    planted_cfg = blob(f'[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tfsmonitor = "touch {marker}"\n')
    planted_git = tree([("100644", "HEAD", blob("ref: refs/heads/main\n")), ("100644", "config", planted_cfg),
                        ("40000", "objects", tree([("100644", "keep", blob(""))])),
                        ("40000", "refs", tree([("100644", "keep", blob(""))]))])
    # ../../sentinel/pwned from gosize's TMPDIR/gosize-tree-XXXXXX
    up2 = tree([("40000", "..", tree([("40000", "sentinel", tree([("100644", "pwned.go", evil_file)]))]))])
    cases = [
        ("'..' reaching the sentinel", [("40000", "..", up2)], '"..": the names . and .. are not allowed'),
        ("'..' as a file", [("100644", "..", evil_file)], '".."'),
        ("'.' directory", [("40000", ".", tree([("100644", "x.go", evil_file)]))], '".": the names . and ..'),
        ("'..' deeper down", [("40000", "internal2", tree([("40000", "..", up2)]))], '"internal2/..": the names'),
        ("symlink + directory of the same name",
         [("120000", "esc", blob(sentinel)), ("40000", "esc", tree([("100644", "pwned.go", evil_file)]))],
         '"esc": the name appears twice in one tree'),
        ("symlink + file of the same name",
         [("120000", "esc", blob(os.path.join(sentinel, "file"))), ("100644", "esc", blob("overwritten\n"))],
         '"esc": the name appears twice'),
        ("file + file of the same name", [("100644", "dup.go", evil_file), ("100644", "dup.go", evil_file)], '"dup.go"'),
        ("planted .git/config with core.fsmonitor", [("40000", ".git", planted_git)], '".git": a .git entry is not allowed'),
        ("planted .GIT (other case)", [("40000", ".GiT", planted_git)], '".GiT": a .git entry'),
        ("planted .git. (NTFS)", [("40000", ".git. ", planted_git)], "a .git entry"),
        ("planted GIT~1 (NTFS 8.3)", [("40000", "GIT~1", planted_git)], '"GIT~1": a .git entry'),
        ("planted .g\u200cit (HFS+ ignorable)", [("40000", ".g\u200cit", planted_git)], "a .git entry"),
        ("planted .git deeper down", [("40000", "sub", tree([("40000", ".git", planted_git)]))], '"sub/.git"'),
        ("a name with '/'", [("100644", "a/../../x.go", evil_file)], "a name containing '/'"),
        ("a symlink target with NUL", [("120000", "bad", blob(b"/etc\0x"))], '"bad": a symlink target must not contain NUL'),
    ]
    for what, extra, needle in cases:
        c = commit(with_hello(extra), what)
        r = gosize(["diff", c, "HEAD"], repo)
        one_error(r, what, "revision " + c, needle)
        tmp_empty(what)
    eq(root_state(), before, "hostile trees: nothing outside the temporary directory changed (sentinel intact)")
    check(not os.path.exists(marker), "hostile trees: the planted command never ran")
    check(open(index_path, "rb").read() == index_before, "hostile trees: the user's .git/index is byte-identical")


@behaviour
def blob_over_the_cap_refused_from_its_header():
    """--- size caps: checked from the object header, before the content is read
    -----------------------."""
    cap_env = dict(env, GOSIZE_MAX_FILE_SIZE="1MiB")
    big = blob(b"\0" * (3 << 20))
    c = commit(with_hello([("40000", "assets", tree([("100644", "big.bin", big)]))]), "big blob")
    r = gosize(["diff", c, "HEAD"], repo, e=cap_env)
    one_error(r, "a 3 MiB blob over a 1 MiB cap", "revision " + c, '"assets/big.bin"', "3145728 bytes", "1048576",
              "GOSIZE_MAX_FILE_SIZE")
    tmp_empty("blob over the cap")
    r = gosize(["diff", c, "HEAD"], repo, e=dict(env, GOSIZE_MAX_FILE_SIZE="lots"))
    one_error(r, "a bad GOSIZE_MAX_FILE_SIZE", "GOSIZE_MAX_FILE_SIZE", "lots")


@behaviour
def tree_bomb_stopped_by_the_tree_cap():
    """A tree bomb: one 1 MiB blob under 64 names, 8 times over (512 MiB of files from a few
    objects)."""
    mb = blob(b"\1" * (1 << 20))
    leaf = tree([("100644", f"f{i:02d}", mb) for i in range(64)])
    bomb = tree([("40000", f"d{i}", leaf) for i in range(8)])
    c = commit(with_hello([("40000", "bomb", bomb)]), "tree bomb")
    r = gosize(["diff", c, "HEAD"], repo, e=dict(env, GOSIZE_MAX_TREE_SIZE="20MiB"))
    one_error(r, "a tree bomb over GOSIZE_MAX_TREE_SIZE", "revision " + c, "bomb/d0/f", "GOSIZE_MAX_TREE_SIZE")
    tmp_empty("tree bomb")


@behaviour
def big_blob_streamed_with_flat_peak_rss():
    """A big blob is streamed to the file, not loaded whole: peak RSS with a 96 MiB (loose) blob
    stays within 32 MiB of the RSS with a small one (the build is `false`: only gosize's own
    memory counts)."""
    def peak_rss(c):
        cfg = os.path.join(root, "false.json")
        with open(cfg, "w") as f:
            json.dump({"targets": [{"name": "f", "build": "false"}]}, f)
        # no go on PATH: `go env GOVERSION` (for the cache key) would count in the children's RSS
        p = subprocess.Popen([GOSIZE, "diff", c, "HEAD", "--config", cfg], cwd=repo,
                             env=dict(env, GOSIZE_MAX_FILE_SIZE="200MiB", PATH=os.path.join(root, "nopath")),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        err = p.stderr.read().decode()
        p.stderr.close()
        return ru.ru_maxrss * 1024, err


    small = commit(with_hello([("100644", "small.bin", blob(b"\0" * 1024))]), "small blob")
    # made by a pipe, so that this process never holds it (a child's peak RSS starts from its parent's)
    huge_blob = sh(["sh", "-c", "head -c 100663296 /dev/zero | git hash-object -w --stdin"], repo).stdout.decode().strip()
    huge = commit(with_hello([("100644", "huge.bin", huge_blob)]), "huge blob")
    rss_small, err_small = peak_rss(small)
    rss_huge, err_huge = peak_rss(huge)
    check("build failed" in err_huge, f"the 96 MiB blob was exported, then the build ran: {err_huge.strip()}")
    check(rss_huge < rss_small + (32 << 20),
          f"96 MiB blob streamed: peak RSS {rss_huge >> 20} MiB vs {rss_small >> 20} MiB with a 1 KiB blob")
    print(f"peak RSS: {rss_small >> 20} MiB (1 KiB blob), {rss_huge >> 20} MiB (96 MiB blob)")
    tmp_empty("streamed blob")


@behaviour
def symlink_tree_exported_and_built():
    """--- a regular tree with a symlink: exported as a symlink, and the build works
    -------------------."""
    link_cfg = os.path.join(root, "link.json")
    with open(link_cfg, "w") as f:
        json.dump({"targets": [{"name": "hello", "build": 'test -L docs/readme && test "$(readlink docs/readme)" = ../go.mod && '
                                                          'go build -trimpath -o "$GOSIZE_OUT" .'}]}, f)
    gomod = sh(["git", "rev-parse", "HEAD:go.mod"], repo).stdout.decode().strip()
    c = commit(with_hello([("40000", "docs", tree([("120000", "readme", blob("../go.mod"))]))]), "a symlink")
    r = gosize(["diff", c, c, "--config", link_cfg, "--format", "json"], repo)
    check(r.returncode == 0 and json.loads(r.stdout)["total"]["delta"] == 0, f"symlink exported as a symlink, build ok: {r.stderr.strip()}")
    tmp_empty("symlink tree")


@behaviour
def planted_bare_repository_never_opened():
    """--- a planted bare repository at the tree root, and a build command that runs git
    -------------- (core.worktree + core.fsmonitor in a bare layout: git would run the command
    if it opened it)."""
    bare_cfg = blob(f'[core]\n\tbare = true\n\tworktree = .\n\tfsmonitor = "touch {marker}"\n')
    c = commit(with_hello([("100644", "HEAD", blob("ref: refs/heads/main\n")), ("100644", "config", bare_cfg),
                           ("40000", "objects", tree([("100644", "keep", blob(""))])),
                           ("40000", "refs", tree([("40000", "heads", tree([("100644", "keep", blob(""))]))]))]),
               "planted bare repository")
    git_cfg = os.path.join(root, "git.json")
    with open(git_cfg, "w") as f:
        json.dump({"targets": [{"name": "hello", "build": 'git status >/dev/null 2>&1; git -C objects status >/dev/null 2>&1; '
                                                          'go build -trimpath -o "$GOSIZE_OUT" .'}]}, f)
    r = gosize(["diff", c, "HEAD", "--config", git_cfg], repo)
    eq(r.returncode, 0, f"planted bare repository: the build runs ({r.stderr.strip()[-300:]})")
    check(not os.path.exists(marker), "planted bare repository: git opened no repository in the tree (marker absent)")
    tmp_empty("planted bare repository")


@behaviour
def working_tree_builds_run_no_git_in_the_users_repository():
    """--- NEW is the working tree: go (list and build) runs no git in the user's repository
    -----------."""
    sh(["git", "config", "core.fsmonitor", f"touch {marker}"], repo)  # the user's own repo: any git status would run it
    os.utime(os.path.join(repo, "go.mod"), (time.time() - 100, time.time() - 100))  # stale index entry: status would rewrite it
    index_before = open(index_path, "rb").read()
    r = gosize(["diff", "HEAD", "--format", "json"], repo)
    j = json.loads(r.stdout) if r.returncode == 0 else None
    check(j is not None and j["new"]["path"] == "worktree", f"diff HEAD (NEW = working tree): {r.stderr.strip()[-300:]}")
    check(open(index_path, "rb").read() == index_before, "working tree build and go list: .git/index byte-identical")
    check(not os.path.exists(marker), "working tree build and go list: no git ran in the user's repository")
    # the build's environment: -buildvcs=false merged into the user's GOFLAGS, GIT_DIR and friends gone,
    # GIT_CEILING_DIRECTORIES at TMPDIR
    envdump = os.path.join(root, "env.txt")
    env_cfg = os.path.join(root, "env.json")
    with open(env_cfg, "w") as f:
        json.dump({"targets": [{"name": "hello", "build": f'env > {envdump} && go build -o "$GOSIZE_OUT" .'}]}, f)
    r = gosize(["diff", "HEAD", "--config", env_cfg], repo,
               e=dict(env, GOFLAGS="-mod=mod -buildvcs=true", GIT_DIR=os.path.join(repo, ".git"), GIT_INDEX_FILE=index_path,
                      GIT_WORK_TREE=repo))
    eq(r.returncode, 0, f"build with GIT_DIR/GIT_INDEX_FILE/GIT_WORK_TREE in gosize's environment ({r.stderr.strip()[-300:]})")
    benv = dict(l.split("=", 1) for l in open(envdump).read().splitlines() if "=" in l)
    eq(benv.get("GOFLAGS"), f"-mod=mod -toolexec={os.path.realpath(GOSIZE)} -buildvcs=false",
       "GOFLAGS merged: the user's flags kept, gosize as -toolexec (the linker's reachability), -buildvcs=false")
    eq([k for k in ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE") if k in benv], [], "GIT_DIR/GIT_INDEX_FILE/GIT_WORK_TREE unset")
    eq(benv.get("GIT_CEILING_DIRECTORIES"), os.path.realpath(tmpdir), "GIT_CEILING_DIRECTORIES is TMPDIR")
    check(open(index_path, "rb").read() == index_before, "with GIT_INDEX_FILE set: .git/index byte-identical")
    # the "no targets" line on stderr names the config file: a hostile file name is escaped, one line
    esc_cfg = os.path.join(root, "cfg\x1b]0;pwn\x07\n::error::forged.json")
    with open(esc_cfg, "w") as f:
        json.dump({"budgets": []}, f)
    r = gosize(["diff", "HEAD", "--config", esc_cfg], repo, e=env)
    eq(r.returncode, 0, f"diff with a hostile config file name ({r.stderr.strip()[-300:]})")
    check("no targets in" in r.stderr and "\\x1b]0;pwn\\x07\\n::error::forged.json" in r.stderr,
          f"the config's name is shown with its escapes visible: {r.stderr!r}")
    check("\x1b" not in r.stderr and "\x07" not in r.stderr, f"stderr holds no ESC/BEL: {r.stderr!r}")
    check(not any(l.startswith("::error") for l in r.stderr.splitlines()), f"no forged workflow command on stderr: {r.stderr!r}")
    check(not os.path.exists(marker), "with GIT_DIR set: no git ran in the user's repository")
    sh(["git", "config", "--unset", "core.fsmonitor"], repo)
    tmp_empty("working tree builds")


@behaviour
def file_named_like_a_revision():
    """--- a file named like a revision
    -----------------------------------------------------------------."""
    binpath = os.path.join(root, "hello-bin")
    sh(["go", "build", "-o", binpath, "."], repo)
    sh([GOSIZE, "snapshot", binpath, "-o", os.path.join(repo, "main")], repo)
    r = gosize(["diff", "main", "HEAD"], repo)
    one_error(r, "a file named main and a branch main", "main is both a file and a revision", "./main", "main^{commit}")
    r = gosize(["diff", "./main", "./main", "--format", "json"], repo)
    check(r.returncode == 0 and json.loads(r.stdout)["total"]["delta"] == 0, f"./main is the file: {r.stderr.strip()}")
    r = gosize(["diff", os.path.join(repo, "main"), "./main", "--format", "json"], repo)
    check(r.returncode == 0 and json.loads(r.stdout)["total"]["delta"] == 0, f"/.../main is the file: {r.stderr.strip()}")
    r = gosize(["diff", "main^{commit}", "./main", "--format", "json"], repo)
    check(r.returncode == 0 and json.loads(r.stdout)["old"]["path"].startswith("git:"), f"main^{{commit}} is the revision: {r.stderr.strip()}")
    os.unlink(os.path.join(repo, "main"))
    tmp_empty("file vs revision")


@behaviour
def invalid_and_huge_notes_fall_back():
    """--- invalid notes: a warning naming the commit, then the cache or a build answers
    ---------------."""
    sh(["git", "notes", "--ref=gosize", "add", "-f", "-m", "this is not JSON", "HEAD"], repo)
    r = gosize(["diff", "HEAD", "HEAD", "--format", "json"], repo)
    check(r.returncode == 0 and json.loads(r.stdout)["total"]["delta"] == 0, f"diff with a broken note: {r.stderr.strip()}")
    check(f"gosize: warning: commit {head}: ignoring its note" in r.stderr, f"broken note: warning names the commit: {r.stderr.strip()}")
    sh(["git", "notes", "--ref=gosize", "add", "-f", "-m", '{"hello": {"schema": 2, "binary": 7}}', "HEAD"], repo)
    r = gosize(["diff", "HEAD", "HEAD", "--format", "json"], repo)
    check(r.returncode == 0 and f"warning: commit {head}: ignoring its note" in r.stderr, f"a note that is no snapshot: {r.stderr.strip()}")
    r = gosize(["log", "--format", "json"], repo)
    check(r.returncode == 0 and json.loads(r.stdout)["commits"][0]["size"] is None and f"commit {head}" in r.stderr,
          f"log with a broken note: goes on, warns ({r.stderr.strip()})")
    # a note over 64 MiB is not loaded: its size comes from the object header (peak RSS stays low)
    big_note = sh(["sh", "-c", "head -c 70000000 /dev/zero | tr '\\0' ' ' | git hash-object -w --stdin"], repo).stdout.decode().strip()
    sh(["git", "notes", "--ref=gosize", "add", "-f", "-C", big_note, "HEAD"], repo)
    with open(os.path.join(root, "log.out"), "w+b") as fo, open(os.path.join(root, "log.err"), "w+b") as fe:
        p = subprocess.Popen([GOSIZE, "log", "--format", "json"], cwd=repo, env=env, stdout=fo, stderr=fe)
        _, status, ru = os.wait4(p.pid, 0)
        fo.seek(0), fe.seek(0)
        out, err = fo.read(), fe.read()
    check(os.waitstatus_to_exitcode(status) == 0 and json.loads(out)["commits"][0]["size"] is None
          and b"70000000 bytes, over the 64 MiB" in err, f"log with a 70 MB note: skipped with a warning ({err.decode().strip()})")
    check(ru.ru_maxrss * 1024 < (48 << 20), f"the 70 MB note was not loaded (peak RSS {ru.ru_maxrss >> 10} MiB)")
    r = gosize(["diff", "HEAD", "HEAD", "--format", "json"], repo)
    check(r.returncode == 0 and "70000000 bytes" in r.stderr, f"diff with a 70 MB note: falls back ({r.stderr.strip()})")
    sh(["git", "notes", "--ref=gosize", "remove", "HEAD"], repo)


@behaviour
def commit_messages_in_other_encodings_escaped_in_log():
    """--- commit messages in other encodings, control characters
    -------------------------------------."""
    def raw_commit(parent, msg, header=b""):
        """A commit object with msg's bytes as they are (git commit-tree would convert them)."""
        obj = (b"tree " + head_tree.encode() + b"\nparent " + parent.encode() + b"\nauthor t <t@example.com> 1700000000 +0000\n"
               b"committer t <t@example.com> 1700000000 +0000\n" + header + b"\n" + msg)
        return sh(["git", "hash-object", "-w", "--literally", "-t", "commit", "--stdin"], repo, input=obj).stdout.decode().strip()


    c = raw_commit(head, b"caf\xe9 na\xefve \xff\n\nbody \xe9\n")  # Latin-1 bytes, no encoding header
    c = raw_commit(c, b"d\xe9j\xe0 vu\n", b"encoding ISO-8859-1\n")  # declared Latin-1
    c = raw_commit(c, b"\x1b]0;pwned\x07\x1b[2Jtitle \xc2\x9b\n")
    sh(["git", "update-ref", "refs/heads/latin1", c], repo)
    r = gosize(["log", "latin1", "--format", "json"], repo)
    check(r.returncode == 0, f"log of a Latin-1 message: exit {r.returncode} {r.stderr.strip()}")
    if r.returncode == 0:
        sums = [x["summary"] for x in json.loads(r.stdout)["commits"]]
        eq(sums[2], "caf\ufffd na\ufffdve \ufffd", "undeclared Latin-1 summary as valid UTF-8 (U+FFFD)")
        eq(sums[1], "d\u00e9j\u00e0 vu", "declared ISO-8859-1 summary converted")
    r = gosize(["log", "latin1"], repo)
    check(r.returncode == 0 and "caf\ufffd na\ufffdve" in r.stdout and "\\x1b]0;pwned\\x07\\x1b[2Jtitle \\u009b" in r.stdout,
          f"log text: {r.stdout!r} {r.stderr.strip()}")
    check(not any(b < 0x20 and b != 0x0a for b in r.stdout_b) and b"\xc2\x9b" not in r.stdout_b, "log text: no control characters on stdout")


@behaviour
def config_from_an_endless_device_refused():
    """--- --config from an endless device
    --------------------------------------------------------------."""
    r = gosize(["diff", "HEAD", "HEAD", "--config", "/dev/zero"], repo)
    one_error(r, "--config /dev/zero", "/dev/zero", "larger than")


@behaviour
def ctrl_c_and_timeout_kill_a_build_that_ignores_sigterm():
    """--- Ctrl-C and a timeout with a build that ignores SIGTERM: SIGKILL after the grace period
    -------."""
    pidfile = os.path.join(root, "build.pid")
    stub_cfg = os.path.join(root, "stubborn.json")
    with open(stub_cfg, "w") as f:
        json.dump({"targets": [{"name": "s", "build": f"trap '' TERM; sh -c 'echo $$ > {pidfile}; exec sleep 60'"}]}, f)


    def alive(pid):
        try:
            st = open(f"/proc/{pid}/stat").read()
        except OSError:
            return False
        return st[st.rindex(")") + 2] != "Z"


    genv = dict(env, GOSIZE_KILL_GRACE="1")
    for attempt in ("Ctrl-C", "timeout", "Ctrl-C twice"):
        if os.path.exists(pidfile):
            os.unlink(pidfile)
        e = dict(genv, GOSIZE_BUILD_TIMEOUT="2") if attempt == "timeout" else genv
        if attempt == "Ctrl-C twice":  # a long grace period: the second Ctrl-C does not wait for it
            e = dict(env, GOSIZE_KILL_GRACE="60")
        p = subprocess.Popen([GOSIZE, "diff", "HEAD", "HEAD", "--config", stub_cfg], cwd=repo, env=e,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(200):
            if os.path.exists(pidfile) and open(pidfile).read().strip():
                break
            time.sleep(0.05)
        pid = int(open(pidfile).read())
        check(alive(pid) and any(n.startswith("gosize-tree-") for n in os.listdir(tmpdir)),
              f"{attempt}: the build runs, its tree is under TMPDIR ({os.listdir(tmpdir)})")
        t0 = time.time()  # from the first Ctrl-C (or, for the timeout, from the build's start)
        if attempt.startswith("Ctrl-C"):
            p.send_signal(signal.SIGINT)
        if attempt == "Ctrl-C twice":
            time.sleep(0.5)
            check(alive(pid) and p.poll() is None, "Ctrl-C twice: after the first, the build (ignoring SIGTERM) still runs")
            p.send_signal(signal.SIGINT)
        try:
            out, err = p.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        took = time.time() - t0
        if attempt.startswith("Ctrl-C"):
            eq(p.returncode, -signal.SIGINT, f"{attempt}: gosize ends by SIGINT")
        else:
            check(p.returncode == 2 and b"build stopped after 2 s" in err, f"timeout: exit 2, one line: {err.decode().strip()}")
        check(took < (5 if attempt == "Ctrl-C twice" else 12),
              f"{attempt}: over in {took:.1f} s (the build ignores SIGTERM; SIGKILL after the grace period or the second Ctrl-C)")
        if attempt == "Ctrl-C":
            check(took > 0.9, f"Ctrl-C: the build had its 1 s grace period after SIGTERM ({took:.1f} s)")
        time.sleep(0.2)
        check(not alive(pid), f"{attempt}: the build that ignored SIGTERM was killed")
        tmp_empty(attempt)


@behaviour
def nothing_planted_ran_and_no_temporary_directory_left():
    check(not os.path.exists(marker), "at the end: no planted command ran")
    eq({p: v for p, v in root_state().items() if p.startswith(sentinel)},
       {p: v for p, v in before.items() if p.startswith(sentinel)}, "at the end: the sentinel is unchanged")
    tmp_empty("at the end")


main(cleanup=lambda: shutil.rmtree(root, True))
