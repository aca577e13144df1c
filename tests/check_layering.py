#!/usr/bin/env python3
"""The build enforces the layers: a file of report/ that includes a goformat/
header is refused by the compiler, the same file including a layer report/
may use builds, and every include in src/ names its folder; the layer table of
docs/architecture.md is CMakeLists.txt's; the includes between files (a file
and its header taken together) form at most one cycle.
Usage: check_layering.py BUILD_DIR"""
import os
import re
import subprocess
import sys

from gstest import behaviour, check, main

build = os.path.abspath(sys.argv[1])
src = os.environ["GOSIZE_SRC"]


def build_target(target):
    r = subprocess.run(["cmake", "--build", build, "--target", target],
                       capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


@behaviour
def a_cross_layer_include_does_not_compile():
    rc, out = build_target("layer_leak_probe")
    check(rc != 0, "the build of report_uses_goformat.c fails")
    check("goformat/buildinfo.h" in out and "No such file" in out,
          "it fails because report/ cannot see goformat/ (" + out[-300:].strip() + ")")


@behaviour
def an_allowed_include_compiles():
    rc, out = build_target("layer_ok_probe")
    check(rc == 0, "report_uses_model.c builds: " + out[-300:].strip())


@behaviour
def every_include_names_its_folder():
    layers = sorted(d for d in os.listdir(os.path.join(src, "src"))
                    if os.path.isdir(os.path.join(src, "src", d)))
    rx = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
    n = 0
    for layer in layers:
        for f in sorted(os.listdir(os.path.join(src, "src", layer))):
            if not f.endswith((".c", ".h")):
                continue
            for inc in rx.findall(open(os.path.join(src, "src", layer, f)).read()):
                n += 1
                folder = inc.split("/")[0]
                check(inc.count("/") == 1 and folder in layers and ".." not in inc,
                      f"src/{layer}/{f}: #include \"{inc}\" names a layer folder")
    check(n > 300, f"{n} includes looked at")


def cmake_uses():
    text = open(os.path.join(src, "CMakeLists.txt")).read()
    return {m.group(1): sorted(m.group(2).split()) for m in re.finditer(r"^set\(GOSIZE_USES_(\w+)([^)]*)\)", text, re.M)}


@behaviour
def the_architecture_table_is_the_one_the_build_enforces():
    doc = open(os.path.join(src, "docs", "architecture.md")).read()
    rows = re.findall(r"^\| `(\w+)` \| (—|(?:`\w+`(?:, )?)+) \|$", doc, re.M)
    drawn = {layer: sorted(re.findall(r"`(\w+)`", uses)) for layer, uses in rows}
    built = cmake_uses()
    check(len(built) >= 9, f"CMakeLists.txt names the layers' uses: {sorted(built)}")
    for layer in sorted(set(built) | set(drawn)):
        check(drawn.get(layer) == built.get(layer),
              f"{layer}: docs/architecture.md says it may use {drawn.get(layer)}, CMakeLists.txt {built.get(layer)}")


def include_graph():
    """file stem -> the stems whose headers it (the .c or the .h) includes"""
    g = {}
    rx = re.compile(r'^\s*#\s*include\s+"(\w+)/(\w+)\.h"', re.M)
    for layer in sorted(os.listdir(os.path.join(src, "src"))):
        d = os.path.join(src, "src", layer)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if f.endswith((".c", ".h")):
                me = f"{layer}/{f[:-2]}"
                for folder, name in rx.findall(open(os.path.join(d, f)).read()):
                    if f"{folder}/{name}" != me:
                        g.setdefault(me, set()).add(f"{folder}/{name}")
    return g


def cycles(g):
    """The strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(g.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


@behaviour
def the_includes_between_files_form_at_most_one_cycle():
    g = include_graph()
    check(len(g) > 50, f"{len(g)} files include others")
    check(cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]], "the cycle finder finds a cycle")
    found = cycles(g)
    print(f"cycles between files: {len(found)}" + "".join(f"\n  {' <-> '.join(c)}" for c in found))
    check(len(found) <= 1, f"at most one cycle between files, found {len(found)}: {found}")


main()
