#!/usr/bin/env python3
"""The linker's reachability on real builds: programs built here from Debian's Go
libraries (/usr/share/gocode, GOPATH mode) in a real git repository. A service
gains cobra, one gains a markdown renderer (goldmark), one starts executing a
text/template, one calls reflect.Value.MethodByName with a name known only at
run time: every diff explains at least 95% of the symbols' growth with linker
causes (stripped and unstripped builds), dead-code elimination of methods is
seen turning off with the chain that did it (and a "dce" budget fails), its
cost estimate is checked against real builds with and without the call, and
recording leaves the binary byte-identical."""
import hashlib
import json
import re
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, main, shared, skip  # noqa: E402

GOCODE = "/usr/share/gocode"
root = tempfile.mkdtemp(prefix="gosize-reach-")
tmpdir = os.path.join(root, "tmp")
os.makedirs(tmpdir)
env = dict(os.environ, TMPDIR=tmpdir, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
           GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com", GO111MODULE="off", GOPATH=GOCODE,
           GOFLAGS="", GOPROXY="off")
env.pop("GIT_DIR", None)

SVC = '''package main

import (
	"fmt"
	"net/http"
	"os"
%(imports)s)

%(decls)s
func serve(addr string) error {
	http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
%(handler)s	return http.ListenAndServe(addr, nil)
}

func main() {
%(main)s	if len(os.Args) > 1 {
		if err := serve(os.Args[1]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
'''

VARIANTS = {
    "main": {},
    "cobra": {"imports": '\t"github.com/spf13/cobra"\n',
              "main": '\troot := &cobra.Command{Use: "svc", RunE: func(*cobra.Command, []string) error { return nil }}\n'
                      '\tif len(os.Args) > 2 {\n\t\t_ = root.Execute()\n\t}\n'},
    "markdown": {"imports": '\t"bytes"\n\n\t"github.com/yuin/goldmark"\n',
                 "handler": '\thttp.HandleFunc("/doc", func(w http.ResponseWriter, r *http.Request) {\n'
                            '\t\tvar b bytes.Buffer\n\t\t_ = goldmark.Convert([]byte(r.URL.Query().Get("md")), &b)\n'
                            '\t\tw.Write(b.Bytes())\n\t})\n'},
    "template": {"imports": '\t"text/template"\n',
                 "decls": 'var page = template.Must(template.New("page").Parse("{{.Name}} is {{.State}}\\n"))\n',
                 "handler": '\thttp.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {\n'
                            '\t\tpage.Execute(w, struct{ Name, State string }{"svc", "up"})\n\t})\n'},
    # the offending call alone, and with a new package beside it (the cost must be told apart)
    "reflect": {"imports": '\t"reflect"\n',
                "main": '\tif len(os.Args) > 2 {\n\t\tfmt.Println(reflect.ValueOf(http.DefaultServeMux).MethodByName(os.Args[2]).IsValid())\n\t}\n'},
    "reflect-xml": {"imports": '\t"encoding/xml"\n\t"reflect"\n',
                    "main": '\tif len(os.Args) > 2 {\n\t\tfmt.Println(reflect.ValueOf(http.DefaultServeMux).MethodByName(os.Args[2]).IsValid())\n'
                            '\t\tb, _ := xml.Marshal(struct{ A, B string }{os.Args[1], os.Args[2]})\n\t\tos.Stdout.Write(b)\n\t}\n'},
}
TARGETS = [{"name": "full", "build": 'go build -trimpath -o "$GOSIZE_OUT" .'},
           {"name": "stripped", "build": 'go build -trimpath -ldflags="-s -w" -o "$GOSIZE_OUT" .'}]


def sh(args, cwd, check_rc=True, **kw):
    r = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=kw.pop("env", env), **kw)
    if check_rc and r.returncode != 0:
        raise RuntimeError(f"{args} failed: {r.stderr}")
    return r


def source(variant):
    v = dict({"imports": "", "decls": "", "handler": "", "main": ""}, **VARIANTS[variant])
    return SVC % v


@shared
def repo():
    """main: the service; one branch per variant, each one commit on top of main."""
    for lib in ("github.com/spf13/cobra", "github.com/yuin/goldmark"):
        if not os.path.isdir(os.path.join(GOCODE, "src", lib)):
            skip(f"{lib} is not installed (scripts/deps.sh test installs Debian's package)")
    r = os.path.join(root, "repo")
    os.makedirs(r)
    sh(["git", "init", "-q", "-b", "main"], r)
    with open(os.path.join(r, ".gosize.json"), "w") as f:
        json.dump({"targets": TARGETS, "budgets": [{"name": "methods", "scope": "dce"}]}, f)
    open(os.path.join(r, "main.go"), "w").write(source("main"))
    sh(["git", "add", "-A"], r)
    sh(["git", "commit", "-qm", "service"], r)
    for v in VARIANTS:
        if v == "main":
            continue
        sh(["git", "checkout", "-q", "-b", v, "main"], r)
        open(os.path.join(r, "main.go"), "w").write(source(v))
        sh(["git", "commit", "-qam", v], r)
    sh(["git", "checkout", "-q", "main"], r)
    return r


@shared
def diff(new, target, fmt="json", old="main"):
    r = sh([GOSIZE, "diff", old, new, "--target", target, "--format", fmt], repo(), check_rc=False)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"diff {old} {new} --target {target}: exit {r.returncode}: {r.stderr}")
    return json.loads(r.stdout) if fmt == "json" else r.stdout


@behaviour
def recording_leaves_the_binary_byte_identical():
    """go build with gosize as -toolexec (what gosize does) and without: the same bytes; the
    warm cache is kept (no compile runs); the working tree's snapshot is that binary's."""
    r = repo()
    sh(["git", "checkout", "-q", "cobra"], r)
    try:
        dump = os.path.join(root, "dump")
        os.makedirs(dump, exist_ok=True)
        plain, rec = os.path.join(root, "plain"), os.path.join(root, "rec")
        sh(["go", "build", "-trimpath", "-o", plain, "."], r)
        renv = dict(env, GOFLAGS=f"-toolexec={os.path.realpath(GOSIZE)}", GOSIZE_LINKDEP_DIR=dump)
        x = sh(["go", "build", "-x", "-trimpath", "-o", rec, "."], r, env=renv)
        eq(open(plain, "rb").read() == open(rec, "rb").read(), True, "binary with and without the recording")
        compiles = [ln for ln in x.stderr.splitlines() if "/compile " in ln and "-V=full" not in ln]
        check(not compiles,
              f"a warm build runs no compile through the wrapper (go's cache keys unchanged): {compiles[:1]}")
        dumps = [f for f in os.listdir(dump) if f.endswith(".dep")]
        eq(len(dumps), 1, "one link recorded")
        text = open(os.path.join(dump, dumps[0])).read()
        check("main.main -> " in text and "-> reflect.Value.MethodByName" in text, "the dump has the linker's edges")
        # gosize's own build of the working tree: the snapshot is the plain build's binary
        j = json.loads(sh([GOSIZE, "diff", "main", "--target", "full", "--format", "json"], r, check_rc=False).stdout)
        sha = hashlib.sha256(open(plain, "rb").read()).hexdigest()
        eq(j["new"]["sha256"], sha, "the working tree's snapshot is the plain build's binary")
        eq(j["linker"]["new"]["dce"], "off", "and it has the linker's reachability")
    finally:
        sh(["git", "checkout", "-q", "main"], r)
    check(os.listdir(tmpdir) == [], f"temporary directories removed (left: {os.listdir(tmpdir)})")


@behaviour
def every_diff_explains_at_least_95_percent_with_linker_causes():
    for v in ("cobra", "markdown", "template"):
        for t in ("full", "stripped"):
            l = diff(v, t)["linker"]
            g, e = l["growth_bytes"], l["explained_bytes"]
            print(f"  {v:9} {t:9} growth {g:9,} explained {e:9,} ({100 * e / max(g, 1):.1f}%), "
                  f"dce {l['old']['dce']} -> {l['new']['dce']}, top: "
                  + (" -> ".join(l["causes"][0]["chain"]) if l["causes"] else "-"))
            check(g > 10000, f"{v}/{t}: it grew ({g})")
            check(e >= 0.95 * g, f"{v}/{t}: explained {e} of {g}")
            check(all(c["bytes"] > 0 and c["symbols"] > 0 and c["chain"] for c in l["causes"]), f"{v}/{t}: causes have chains")
            check(sum(c["bytes"] for c in l["causes"]) <= e, f"{v}/{t}: causes shown sum within the explained")
    c = diff("cobra", "full")["linker"]["causes"]
    check(any(x["kind"] == "edge" and any("spf13/cobra" in n for n in x["chain"]) and x["chain"][0] == "main.main"
              for x in c), "cobra: a cause from main.main into cobra")
    m = diff("markdown", "full")["linker"]["causes"]
    check(any("yuin/goldmark" in " ".join(x["chain"]) for x in m[:3]), "markdown: a top cause into goldmark")


@behaviour
def text_template_turns_dce_off_with_its_chain():
    for t in ("full", "stripped"):
        j = diff("template", t)
        l = j["linker"]
        eq((l["old"]["dce"], l["new"]["dce"]), ("on", "off"), f"template/{t}: dce on -> off")
        chain = l["new"]["dce_chain"]
        check(chain and chain[0] == "main.main" and any(n.startswith("text/template.") for n in chain)
              and chain[-1] in ("reflect.Value.MethodByName", "reflect.Value.Method"),
              f"template/{t}: chain main.main -> text/template -> MethodByName: {chain}")
        check(l["dce_turned_off"] and l["dce_cost_bytes"] > 0, f"template/{t}: a cost")
        check(any(c["kind"] == "dce" for c in l["causes"]), f"template/{t}: a dce cause")
        eq(j["status"], "error", f"template/{t}: the dce budget fails the check")
        dce = [c for c in j["checks"] if c["scope"] == "dce"]
        check(dce and dce[0]["status"] == "error" and "text/template" in dce[0]["text"], f"template/{t}: its text names the chain")
    check(diff("markdown", "full")["linker"]["new"]["dce"] in ("on", "off"), "markdown: dce known")
    # the other formats say the same: the headline's line with the chain, the causes
    md = diff("template", "full", "md")
    line = next((x for x in md.splitlines() if "Dead-code elimination of methods turned off" in x), "")
    check("main.main" in line and "text/template." in line and "MethodByName" in line, f"md headline: {line}")
    check("#### Why it grew (the linker)" in md and "on → off" in md, "md: the linker section")
    text = re.sub(r"\n {2,4}(?=\S)", " ", diff("template", "full", "text"))  # lines wrapped at the width, joined
    line = next((x for x in text.splitlines() if x.startswith("dead-code elimination of methods turned off")), "")
    check("main.main" in line and "text/template." in line, f"text headline: {line}")
    check("linker: dead-code elimination of methods on" in text and "cause dce-off keeps" in text, "text: the causes")
    page = diff("template", "full", "html")
    check('"dce_turned_off":true' in page and "text/template." in page and "Dead-code elimination of methods turned off" in page,
          "html: the page's data and its headline line")
    eq(diff("reflect", "full")["linker"]["new"]["dce"], "off", "reflect: off")


@behaviour
def dce_cost_estimate_within_25_percent_of_real_builds():
    """The estimate in a diff that also adds other code (encoding/xml) against the real cost:
    the same service built with and without the offending call."""
    for t in ("full", "stripped"):
        real = diff("reflect", t)["total"]["delta"]  # only the call: its cost, measured
        est = diff("reflect-xml", t)["linker"]["dce_cost_bytes"]
        grew = diff("reflect-xml", t)["total"]["delta"]
        print(f"  {t}: estimate {est:,} of {grew:,} grown; real cost {real:,} ({100 * (est - real) / real:+.1f}%)")
        check(abs(est - real) <= 0.25 * real, f"{t}: estimate {est} within 25% of {real}")
        check(est < grew, f"{t}: the estimate is part of the growth ({est} < {grew})")


@behaviour
def why_symbol_answers_with_the_linker_chain():
    r = repo()
    out = sh([GOSIZE, "why", "reflect.Value.MethodByName", "template", "--target", "full"], r).stdout
    check("kept by the linker through" in out and "main.main" in out and "text/template." in out, f"why symbol: {out}")
    j = json.loads(sh([GOSIZE, "why", "net/http.(*Server).Shutdown", "template", "--target", "full", "--format", "json"], r).stdout)
    eq(j["match"], "symbol", "why matches a symbol")
    check(j["linker"]["chain"] and j["linker"]["chain"][0] == "main.main", "its chain starts at main.main")
    check(j["linker"]["reflection"], "an exported method kept for reflection")
    j = json.loads(sh([GOSIZE, "why", "github.com/spf13/cobra", "cobra", "--target", "full", "--format", "json"], r).stdout)
    check(j["linker"]["chain"] and "cobra" in j["linker"]["chain"][-1], f"why package: {j['linker']}")


@behaviour
def notes_keep_the_summary_and_causes_come_back():
    """record: a small program's note keeps the tree; over GOSIZE_NOTE_TREE_MAX only the
    summary, and a diff takes the tree from the cache entry of the same binary."""
    r = repo()
    sh([GOSIZE, "record", "main", "--target", "full"], r)
    note = json.loads(sh(["git", "notes", "--ref=gosize", "show", "main"], r).stdout)["full"]
    check("tree" in note["reach"] and note["reach"]["dce"] == "on", "a small program's note keeps the tree")
    check(len(json.dumps(note)) < 512 * 1024, "under 512 KiB")
    sh([GOSIZE, "record", "template", "--target", "full"], r, env=dict(env, GOSIZE_NOTE_TREE_MAX="1000"))
    note = json.loads(sh(["git", "notes", "--ref=gosize", "show", "template"], r).stdout)["full"]
    check("tree" not in note["reach"] and note["reach"]["dce"] == "off" and note["reach"]["dce_chain"],
          "over the limit: dce and its chain only")
    l = json.loads(sh([GOSIZE, "diff", "main", "template", "--target", "full", "--format", "json"], r, check_rc=False).stdout)["linker"]
    check(l["explained_bytes"] >= 0.95 * l["growth_bytes"] > 0, "causes from the cache's tree")


def graph_snapshots(base, shape, n):
    """OLD: base with an import graph of just its root; NEW: n more packages of 100 bytes, all
    imported by main (wide) or each by the one before (deep), as their own module."""
    def make(new):
        j = json.loads(json.dumps(base))
        root_pkg = "example.com/svc"
        pk = {root_pkg: []}
        if new:
            names = [f"example.com/p{i:05d}" for i in range(n)]
            if shape == "wide":
                pk[root_pkg] = list(names)
                pk.update({x: [] for x in names})
            else:
                pk[root_pkg] = [names[0]]
                pk.update({x: [names[i + 1]] if i + 1 < n else [] for i, x in enumerate(names)})
            j["packages"] += [{"name": x, "module": "example.com", "size": 100, "sizes": {"code": 100}, "bss": 0, "functions": 0}
                              for x in names]
            j["modules"].append({"path": "example.com", "version": "", "size": 100 * n, "packages": n})
            j["binary"]["size"] += 100 * n
            j["totals"]["file"] += 100 * n
            j["totals"]["attributed"] += 100 * n
        j["imports"] = {"root": root_pkg, "packages": pk}
        return j
    paths = []
    for side in (False, True):
        p = os.path.join(root, f"{shape}-{'new' if side else 'old'}.json")
        json.dump(make(side), open(p, "w"))
        paths.append(p)
    return paths


@behaviour
def import_graph_section_is_linear():
    """20,000 packages imported by main and a 4,000-deep chain: every format bounded, no chain
    repeated per package (the md was 216 MB for the chain; ci/bench.sh times them)."""
    r = repo()
    binary = os.path.join(root, "plain")
    if not os.path.exists(binary):
        sh(["go", "build", "-trimpath", "-o", binary, "."], r)
    base = json.loads(sh([GOSIZE, "snapshot", binary, "--format", "json"], r).stdout)
    for shape, n in (("wide", 20000), ("deep", 4000)):
        old, new = graph_snapshots(base, shape, n)
        for fmt in ("md", "text", "json", "html"):
            out = sh([GOSIZE, "diff", old, new, "--format", fmt], r).stdout
            size = len(out.encode())
            print(f"  {shape} {n} {fmt}: {size:,} bytes")
            if fmt in ("md", "text"):
                check(size < 1 << 20, f"{shape}/{fmt}: {size} bytes < 1 MiB")
            else:  # the full delta: every package row once, nothing per package beyond it
                check(size < 600 * n + (1 << 20), f"{shape}/{fmt}: {size} bytes, linear in {n} packages")
            if fmt == "json":
                w = json.loads(out)["why"]
                eq(len(w["imported_by"]), n, f"{shape}: each new package once, with its importer")
                check(all(len(e["chain"]) <= 8 for e in w["new_imports"]), f"{shape}: chains abbreviated")
                if shape == "deep":
                    e = w["new_imports"][0]
                    eq((e["chain_length"], e["packages"], e["weight"]), (2, n, 100 * n), "deep: one entry weighing the whole chain")
                    eq(w["imported_by"]["example.com/p03999"], "example.com/p03998", "deep: the last one's importer")


def cleanup():
    shutil.rmtree(root, ignore_errors=True)


main(cleanup)
