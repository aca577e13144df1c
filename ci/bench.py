#!/usr/bin/env python3
"""Benchmarks gosize against baseline tools measured in the same run: wall time
(median of N runs) and peak RSS, with ratios. Usage: bench.py GOSIZE DIR... """
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

N = int(os.environ.get("BENCH_RUNS", "5"))
gosize = sys.argv[1]


def measure(args, cwd=None):
    """(median seconds, max peak RSS KiB, exit code) over N runs."""
    times, rss, rc = [], [], 0
    for _ in range(N):
        t0 = time.perf_counter()
        p = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        times.append(time.perf_counter() - t0)
        rss.append(ru.ru_maxrss)
        rc = os.waitstatus_to_exitcode(status)
    return statistics.median(times), max(rss), rc


def ms(t):
    return f"{t * 1000:8.1f}"


files = []
for d in sys.argv[2:]:
    if os.path.isfile(d):
        files.append(d)
    elif os.path.isdir(d):
        files += sorted(os.path.join(d, f) for f in os.listdir(d) if os.path.isfile(os.path.join(d, f)))
print(f"runs per figure: {N} (median wall time; peak RSS is the largest of the runs)\n")
print(f"{'binary':28} {'MB':>6} | {'gosize ms':>9} {'RSS MiB':>7} | {'--fast ms':>9} {'x fast':>6} | {'cat ms':>7} "
      f"{'x cat':>6} | {'go -m ms':>8} {'x':>5} | {'nm ms':>8} {'nm/gosize':>9}")
rows = []
for f in files:
    size = os.path.getsize(f)
    g = measure([gosize, "snapshot", f, "-o", "/dev/null"])
    if g[2] != 0:
        continue
    fast = measure([gosize, "snapshot", f, "--fast", "-o", "/dev/null"])  # without the code scan
    c = measure(["cat", f])
    v = measure(["go", "version", "-m", f])
    nm = measure(["go", "tool", "nm", "-size", f])
    nm_txt = f"{ms(nm[0])} {nm[0] / g[0]:8.1f}x" if nm[2] == 0 else f"{'n/a':>8} {'(no symtab)':>9}"
    print(f"{os.path.basename(f)[:28]:28} {size / 1e6:6.1f} | {ms(g[0])} {g[1] / 1024:7.1f} | {ms(fast[0]):>9} "
          f"{g[0] / fast[0]:6.2f} | {ms(c[0])} "
          f"{g[0] / c[0]:6.1f} | {ms(v[0])} {g[0] / v[0]:5.1f} | {nm_txt}")
    rows.append((f, size, g))

# diff of two snapshots: the largest pair
tmp = tempfile.mkdtemp(prefix="gosize-bench-")
big = sorted(rows, key=lambda r: -r[1])[:2]
if len(big) == 2:
    snaps = []
    for f, _, _ in big:
        p = os.path.join(tmp, os.path.basename(f) + ".json")
        subprocess.run([gosize, "snapshot", f, "-o", p], check=True)
        snaps.append(p)
    d = measure([gosize, "diff", snaps[0], snaps[1], "--format", "json", "-o", "/dev/null"])
    print(f"\ndiff of two snapshots ({os.path.basename(big[0][0])} vs {os.path.basename(big[1][0])}): "
          f"{ms(d[0]).strip()} ms, {d[1] / 1024:.1f} MiB peak")

# git: diff HEAD~1 with notes present vs git log -1; with builds vs go build alone
src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "testdata")
repo = os.path.join(tmp, "repo")
env = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@b", GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@b")
os.environ.update(env)
shutil.copytree(os.path.join(src, "hello"), repo)
for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "one"]):
    subprocess.run(cmd, cwd=repo, check=True)
shutil.copytree(os.path.join(src, "changes", "nethttp"), repo, dirs_exist_ok=True)
for cmd in (["git", "add", "-A"], ["git", "commit", "-qm", "two"]):
    subprocess.run(cmd, cwd=repo, check=True)
gb = measure(["go", "build", "-trimpath", "-o", os.path.join(tmp, "out"), "."], cwd=repo)
cache = os.path.join(repo, ".git", "gosize")
t_build = []
for _ in range(N):
    shutil.rmtree(cache, ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run([gosize, "diff", "HEAD~1", "HEAD", "-o", "/dev/null"], cwd=repo, stderr=subprocess.DEVNULL)
    t_build.append(time.perf_counter() - t0)
subprocess.run([gosize, "record", "HEAD~1"], cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
subprocess.run([gosize, "record", "HEAD"], cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
shutil.rmtree(cache, ignore_errors=True)
notes = measure([gosize, "diff", "HEAD~1", "HEAD", "-o", "/dev/null"], cwd=repo)
gl = measure(["git", "log", "-1"], cwd=repo)
tb = statistics.median(t_build)
print(f"gosize diff HEAD~1 HEAD, two builds: {ms(tb).strip()} ms; one `go build` alone (warm cache): "
      f"{ms(gb[0]).strip()} ms ({tb / gb[0]:.1f}x)")
print(f"gosize diff HEAD~1 HEAD, from notes: {ms(notes[0]).strip()} ms; `git log -1`: {ms(gl[0]).strip()} ms "
      f"({notes[0] / gl[0]:.1f}x)")
shutil.rmtree(tmp, ignore_errors=True)
