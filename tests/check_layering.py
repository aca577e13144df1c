#!/usr/bin/env python3
"""The build enforces the layers: a file of report/ that includes a goformat/
header is refused by the compiler, the same file including a layer report/
may use builds, and every include in src/ names its folder.
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


main()
