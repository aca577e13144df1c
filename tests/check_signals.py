#!/usr/bin/env python3
"""Signals leave nothing: every signal that ends gosize (INT, TERM, HUP, QUIT, USR1, USR2, PIPE,
ALRM), sent at a random moment of `gosize diff HEAD~1 HEAD` (startup, tree export, the build,
the analysis, the output), ends the build's whole process group and removes gosize's temporary
directories, Go's own work directories among them (GOTMPDIR is inside them). Each signal is sent
N times (default 100): most runs with a build that starts a process tree, makes a work directory
in GOTMPDIR and copies a Go binary; some with a real `go build`. After each run no directory is
left under TMPDIR and no process carries the run's marker. Usage: check_signals.py [N]"""
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, main  # noqa: E402

SRC = os.path.abspath(os.environ.get("GOSIZE_SRC", os.path.join(os.path.dirname(__file__), "..")))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 100
REAL_EVERY = 10  # one run in ten is a real go build
SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2,
           signal.SIGPIPE, signal.SIGALRM]
root = tempfile.mkdtemp(prefix="gosize-signals-")
tmpdir = os.path.join(root, "tmp")
os.makedirs(tmpdir)
env = dict(os.environ, TMPDIR=tmpdir, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
           GIT_COMMITTER_EMAIL="t@example.com", GOSIZE_KILL_GRACE="1")
rng = random.Random(int(os.environ.get("GOSIZE_SIGNAL_SEED", "0")) or None)


def sh(args, cwd):
    subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True)


# a Go binary for the fake build to hand over, built once
repo = os.path.join(root, "repo")
shutil.copytree(os.path.join(SRC, "testdata", "hello"), repo)
prebuilt = os.path.join(root, "hello.bin")
sh(["go", "build", "-o", prebuilt, "."], repo)
# the fake build: a shell with a child and a grandchild, a work directory in GOTMPDIR like go's
# own, a file in TMPDIR, a background process that would outlive the shell, a short wait
FAKE = ('w=$(mktemp -d "${GOTMPDIR:-/nonexistent}/go-build.XXXXXX") && echo x > "$w/a.o" && mktemp >/dev/null && '
        '(sleep 30 &) && sh -c "sleep 0.$((RANDOM % 3 + 1))" && cp ' + prebuilt + ' "$GOSIZE_OUT"')
REAL = 'mktemp >/dev/null && (sleep 30 &) && go build -trimpath -o "$GOSIZE_OUT" .'


def make_repo(name, build):
    d = os.path.join(root, name)
    shutil.copytree(repo, d)
    with open(os.path.join(d, ".gosize.json"), "w") as f:
        f.write('{"targets": [{"name": "t", "build": %s}]}' % __import__("json").dumps(build))
    sh(["git", "init", "-q", "-b", "main"], d)
    sh(["git", "add", "-A"], d)
    sh(["git", "commit", "-qm", "one"], d)
    with open(os.path.join(d, "main.go"), "a") as f:
        f.write("\nvar Extra = [64]byte{1}\n")
    sh(["git", "commit", "-qam", "two"], d)
    return d


fake_repo, real_repo = make_repo("fake", FAKE), make_repo("real", REAL)


def marked(mark):
    """Processes whose environment holds mark (readable here: the test's own user or root)."""
    found = []
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/environ", "rb") as f:
                    if mark in f.read():
                        found.append(int(p))
            except OSError:
                pass
    return found


def run(d, delay, sig, mark):
    """One gosize diff in d (its snapshot cache emptied first), sig sent after delay seconds (None:
    none). Returns (exit code, seconds)."""
    shutil.rmtree(os.path.join(d, ".git", "gosize"), ignore_errors=True)
    e = dict(env, GOSIZE_SIGTEST_MARK=mark)
    t0 = time.monotonic()
    p = subprocess.Popen([GOSIZE, "diff", "HEAD~1", "HEAD", "--format", "json"], cwd=d, env=e,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if sig is not None:
        try:
            p.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            p.send_signal(sig)
    try:
        p.wait(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    p.stderr.close()
    return p.returncode, time.monotonic() - t0


def leftovers(mark):
    """What a run left: processes with its mark (polled for a moment: a killed process is gone
    once the kernel has torn it down) and entries under TMPDIR."""
    procs = marked(mark.encode())
    for _ in range(40):
        if not procs:
            break
        time.sleep(0.05)
        procs = marked(mark.encode())
    return procs, os.listdir(tmpdir)


@behaviour
def undisturbed_runs_leave_nothing():
    """Without a signal: both builds run, the background processes they started are killed with
    their group, TMPDIR is empty. The durations set the window the signals are sent in."""
    global window
    times = {}
    for name, d in (("fake", fake_repo), ("real", real_repo)):
        ts = []
        for i in range(3):
            mark = f"quiet-{name}-{i}-{os.getpid()}"
            rc, t = run(d, 0, None, mark)
            eq(rc, 0, f"{name} run {i} without a signal exits 0")
            procs, left = leftovers(mark)
            eq((procs, left), ([], []), f"{name} run {i}: no process, nothing under TMPDIR")
            ts.append(t)
        times[name] = statistics.median(ts)
    window = times
    print(f"undisturbed run: fake build {times['fake']:.2f} s, real go build {times['real']:.2f} s (median of 3)")


def signal_runs(sig):
    name = signal.Signals(sig).name
    ended = finished = 0
    bad = []
    for i in range(N):
        real = i % REAL_EVERY == REAL_EVERY - 1
        d, w = (real_repo, window["real"]) if real else (fake_repo, window["fake"])
        delay = rng.uniform(0, w * 1.1)
        mark = f"{name}-{i}-{os.getpid()}-{rng.getrandbits(32):08x}"
        rc, _ = run(d, delay, sig, mark)
        if rc == -sig:
            ended += 1
        elif rc == 0:
            finished += 1  # the signal came after gosize had finished
        else:
            bad.append(f"run {i}: exit {rc} after {delay:.2f} s")
        procs, left = leftovers(mark)
        if procs or left:
            bad.append(f"run {i} ({'go build' if real else 'fake build'}, {name} after {delay:.3f} s): "
                       f"processes {procs}, left under TMPDIR {left}")
            for p in procs:
                try:
                    os.kill(p, signal.SIGKILL)
                except OSError:
                    pass
            for x in left:
                shutil.rmtree(os.path.join(tmpdir, x), ignore_errors=True)
    eq(bad, [], f"{name}: every run ends by {name} (or finished first) and leaves nothing")
    # how many the signal caught mid-run depends on the machine's load (it is printed, not gated); one at least
    check(ended >= 1, f"{name}: a run was interrupted ({ended} of {N})")
    print(f"{name}: {N} runs, {ended} ended by {name}, {finished} finished first; {len(bad)} left something")


for _sig in SIGNALS:
    def _b(sig=_sig):
        signal_runs(sig)
    _b.__name__ = f"{signal.Signals(_sig).name.lower()}_at_random_moments_leaves_nothing"
    _b.__doc__ = f"{signal.Signals(_sig).name} at a random moment: the group is ended, TMPDIR is empty."
    behaviour(_b)


main(cleanup=lambda: shutil.rmtree(root, ignore_errors=True))
