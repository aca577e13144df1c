#!/usr/bin/env python3
"""The README and docs/ stay short, complete and true: the README fits in 300
lines, its CI snippet is ci/examples/pr.yml, parses as YAML and uses only the
inputs and outputs action.yml declares, the inputs and outputs it lists are
exactly action.yml's, every relative link of the README and docs/ names a file
(and a heading) that exists, and the contributors' two commands exist.
Usage: check_readme.py"""
import os
import re

from gstest import behaviour, check, eq, main

SRC = os.path.abspath(os.environ.get("GOSIZE_SRC", os.path.join(os.path.dirname(__file__), "..")))
MAX_LINES = 300


def read(rel):
    with open(os.path.join(SRC, rel), encoding="utf-8") as f:
        return f.read()


def section(text, title):
    """The body of the '## title' section (to the next '## ')."""
    m = re.search(r"^## " + re.escape(title) + r"\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    return m.group(1) if m else ""


def yaml_block(text):
    m = re.search(r"^```yaml\n(.*?)^```", text, re.S | re.M)
    return m.group(1) if m else ""


def parse_yaml(text):
    """PyYAML when installed; else a structural parse of the block style the
    snippets use (maps, lists, flow-free scalars), enough to walk the steps."""
    try:
        import yaml
    except ImportError:
        yaml = None
    if yaml is not None:
        return yaml.safe_load(text)
    return mini_yaml(text)


def mini_yaml(text):
    lines = []
    for raw in text.split("\n"):
        if "\t" in raw:
            raise ValueError(f"tab in YAML: {raw!r}")
        s = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
        if s.strip():
            lines.append((len(s) - len(s.lstrip(" ")), s.strip()))
    pos = 0

    def scalar(v):
        v = v.strip()
        if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
            return v[1:-1]
        if v.startswith(("{", "[")):
            raise ValueError(f"flow style not handled by the fallback parser: {v!r}")
        return v

    def block(indent):
        nonlocal pos
        if pos >= len(lines):
            return None
        if lines[pos][1].startswith("- "):
            out = []
            while pos < len(lines) and lines[pos][0] == indent and lines[pos][1].startswith("- "):
                ind, s = lines[pos]
                lines[pos] = (ind + 2, s[2:])  # the item's first key sits 2 deeper
                out.append(block(ind + 2))
            return out
        out = {}
        while pos < len(lines) and lines[pos][0] == indent and not lines[pos][1].startswith("- "):
            s = lines[pos][1]
            m = re.match(r"([^:]+):(?:\s+(.*))?$", s)
            if not m:
                raise ValueError(f"not a key: {s!r}")
            pos += 1
            key, val = m.group(1).strip(), m.group(2)
            if key in out:
                raise ValueError(f"duplicate key {key!r}")
            if val is not None and val != "|":
                out[key] = scalar(val)
            elif val == "|":
                body = []
                while pos < len(lines) and lines[pos][0] > indent:
                    body.append(lines[pos][1])
                    pos += 1
                out[key] = "\n".join(body)
            elif pos < len(lines) and (lines[pos][0] > indent or (lines[pos][0] == indent and lines[pos][1].startswith("- "))):
                out[key] = block(lines[pos][0])
            else:
                out[key] = None
        return out

    doc = block(0)
    if pos != len(lines):
        raise ValueError(f"unparsed YAML from {lines[pos][1]!r}")
    return doc


def declared():
    action = parse_yaml(read("action.yml"))
    return set(action["inputs"]), set(action["outputs"])


@behaviour
def readme_fits_in_300_lines():
    n = read("README.md").count("\n")
    print(f"README.md: {n} lines")
    check(n <= MAX_LINES, f"README.md has {n} lines, at most {MAX_LINES}")


@behaviour
def ci_snippet_is_the_complete_pr_workflow():
    snippet = yaml_block(section(read("README.md"), "CI"))
    eq(snippet, read("ci/examples/pr.yml"), "the README's CI snippet is ci/examples/pr.yml")
    doc = parse_yaml(snippet)
    # PyYAML reads the key `on` as True
    on = doc.get("on", doc.get(True))
    check(isinstance(on, dict) and "pull_request" in on, "runs on pull_request")
    perms = doc.get("permissions") or {}
    eq(perms.get("pull-requests"), "write", "may comment")
    eq(perms.get("contents"), "read", "reads contents only")
    jobs = doc.get("jobs") or {}
    check(len(jobs) == 1, "one job")
    steps = next(iter(jobs.values()))["steps"]
    uses = [s.get("uses", "") for s in steps]
    check(any(u.startswith("actions/setup-go@") for u in uses), "sets up Go")
    co = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    check(len(co) == 1, "checks out")
    w = (co[0].get("with") or {}) if co else {}
    check(str(w.get("fetch-depth")) == "0", "fetch-depth: 0 (the base commit must be there)")
    check(w.get("persist-credentials") in (False, "false"), "persist-credentials: false")
    inputs, outputs = declared()
    gs = [s for s in steps if "/gosize@" in s.get("uses", "")]
    check(len(gs) == 1, "uses the gosize action once")
    for s in gs:
        for k in (s.get("with") or {}):
            check(k in inputs, f"input {k} is declared in action.yml")
    ids = {s.get("id") for s in gs} - {None}
    for ref_id, out in re.findall(r"steps\.([\w-]+)\.outputs\.([\w-]+)", snippet):
        check(ref_id in ids and out in outputs, f"steps.{ref_id}.outputs.{out} is a declared output of the gosize step")


@behaviour
def readme_lists_exactly_the_declared_inputs_and_outputs():
    ci = section(read("README.md"), "CI")
    m_in = re.search(r"Inputs: (.*?); outputs: (.*?)\. ", ci, re.S)
    check(m_in is not None, "the CI section lists inputs and outputs")
    if not m_in:
        return
    inputs, outputs = declared()
    eq(set(re.findall(r"`([\w-]+)`", m_in.group(1))), inputs, "README inputs == action.yml inputs")
    eq(set(re.findall(r"`([\w-]+)`", m_in.group(2))), outputs, "README outputs == action.yml outputs")
    doc = read("docs/action.md")
    eq(set(re.findall(r"^\| `([\w-]+)` \| [^|]*\| [^|]*\|$", doc, re.M)), inputs, "docs/action.md's input table")
    eq(set(re.findall(r"^\| `([\w-]+)` \| [^|]*\|$", doc, re.M)), outputs, "docs/action.md's output table")


def anchors(text):
    """GitHub's heading anchors of a markdown text."""
    out = set()
    for h in re.findall(r"^#+ (.*)$", re.sub(r"^```.*?^```", "", text, flags=re.S | re.M), re.M):
        a = re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
        out.add(a)
    return out


@behaviour
def every_link_names_a_file_and_heading_that_exist():
    pages = ["README.md"] + ["docs/" + f for f in sorted(os.listdir(os.path.join(SRC, "docs"))) if f.endswith(".md")]
    for want in ("attribution", "action", "security", "configuration", "snapshot-format", "performance",
                 "testing", "architecture"):
        check(f"docs/{want}.md" in pages, f"docs/{want}.md exists")
        check(f"(docs/{want}.md)" in read("README.md"), f"the README links docs/{want}.md")
    for page in pages:
        text = read(page)
        body = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
        for link in re.findall(r"\]\(([^)\s]+)\)", body):
            if re.match(r"[a-z]+:", link):
                continue
            path, _, frag = link.partition("#")
            target = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
            ok = os.path.exists(os.path.join(SRC, target))
            check(ok, f"{page}: link {link} names an existing file")
            if ok and frag and target.endswith(".md"):
                check(frag in anchors(read(target)), f"{page}: link {link} names a heading of {target}")


@behaviour
def the_two_commands_exist():
    readme = read("README.md")
    two = section(readme, "Contributing: the two commands")
    for cmd in ("scripts/demo.sh", "scripts/test.sh"):
        check(cmd in two, f"the README names {cmd}")
        check(os.access(os.path.join(SRC, cmd), os.X_OK), f"{cmd} is executable")
    check("scripts/test.sh" in read(".ci/run"), ".ci/run runs scripts/test.sh")


@behaviour
def no_session_log_in_the_docs():
    for page in ["README.md"] + ["docs/" + f for f in os.listdir(os.path.join(SRC, "docs")) if f.endswith(".md")]:
        hits = re.findall(r"\b[Ii]ssue \d+", read(page))
        eq(hits, [], f"{page} cites no issue numbers")


main()
