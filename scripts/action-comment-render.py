#!/usr/bin/env python3
"""The pull-request comment written from a gosize JSON report's numbers (action-comment.sh).
Usage: action-comment-render.py REPORT.json BODY.json MARKER-FILE [RUN_URL]

REPORT.json may come from a fork's artifact: all of it is forgeable. Only its numbers are
used as numbers (integer sizes; the status, one of gosize's four, picks the icon and word);
target, budget, package and module names are shown as code spans (one printable line,
delimited by more backticks than they hold, '|' escaped in table cells), where no mention,
issue reference, link, image, markup or status word comes alive. Nothing else of the report
reaches the comment. Writes {"body": ...} to BODY.json and the first marker line to MARKER-FILE.
A report that is not a gosize diff (or several, as action.sh writes them): one line, exit 2."""
import json
import re
import sys

READ = 64 << 20
STATUS = {"pass": "✅", "warn": "⚠️", "error": "❌", "overridden": "☑️"}
RUN_URL = re.compile(r"https://[A-Za-z0-9.-]+(:[0-9]+)?/[A-Za-z0-9._-]+/[A-Za-z0-9._-]+/actions/runs/[0-9]+")


class Bad(Exception):
    pass


def num(v, what):
    if type(v) is not int or not 0 <= v < 1 << 62:
        raise Bad(f"{what} is not a size")
    return v


def human(n):
    a = abs(n)
    for unit, f in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if a >= f:
            return f"{'-' if n < 0 else ''}{a / f:.1f} {unit}"
    return f"{n} B"


def signed(n):
    return ("+" if n > 0 else "") + human(n)


def pct(d, o):
    return f"{d * 100 / o:+.1f}%" if o else "new"


def code(s, cell=False):
    """s as a code span: one line of printable text, delimited by more backticks than it holds."""
    s = "".join(c if c.isprintable() else "\ufffd" for c in str(s))[:200]
    if cell:
        s = s.replace("|", "\\|")
    run = max((len(m) for m in re.findall(r"`+", s)), default=0)
    fence = "`" * (run + 1)
    pad = " " if s.startswith("`") or s.endswith("`") or not s.strip() else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def marker_name(n):
    return n if isinstance(n, str) and re.fullmatch(r"[A-Za-z0-9._/+-]{1,100}", n) and "--" not in n else "report"


def rows_of(r, key):
    rows = r.get(key) if isinstance(r.get(key), list) else []
    out = []
    for x in rows:
        if not isinstance(x, dict):
            raise Bad(f"{key}: not a list of objects")
        out.append((x.get("name", x.get("path", "")), num(x.get("old"), f"{key}[].old"), num(x.get("new"), f"{key}[].new")))
    return sorted((x for x in out if x[1] != x[2]), key=lambda x: -abs(x[2] - x[1]))[:10]


def render(top, run_url):
    if not isinstance(top, dict):
        raise Bad("not a JSON object")
    reps = top.get("targets") if top.get("kind") == "gosize-action" else [top]
    if not isinstance(reps, list) or not reps or not all(isinstance(r, dict) and r.get("kind") == "gosize-diff" for r in reps):
        raise Bad("not a gosize diff report")
    lines = []
    for i, r in enumerate(reps):
        name = r.get("name") if isinstance(r.get("name"), str) else ""
        status = r.get("status")
        if status not in STATUS:
            raise Bad("status is not one of " + ", ".join(STATUS))
        tot = r.get("total") if isinstance(r.get("total"), dict) else {}
        old, new = num(tot.get("old"), "total.old"), num(tot.get("new"), "total.new")
        if i:
            lines += ["", "---", ""]
        lines.append(f"<!-- gosize:{marker_name(name)} -->")
        lines.append(f"{STATUS[status]} {code(name or 'binary')}: {human(old)} → {human(new)} "
                     f"({signed(new - old)}, {pct(new - old, old)}) · {old:,} B → {new:,} B · status {status}")
        checks = r.get("checks") if isinstance(r.get("checks"), list) else []
        checks = [c for c in checks if isinstance(c, dict) and c.get("status") in STATUS][:50]
        if checks:
            lines += ["", "| Budget | Status |", "|---|---|"]
            lines += [f"| {code(c.get('budget', ''), True)} | {STATUS[c['status']]} {c['status']} |" for c in checks]
        for key, title in (("modules", "Module"), ("packages", "Package")):
            rows = rows_of(r, key)
            if rows:
                lines += ["", f"| {title} | Old | New | Change |", "|---|--:|--:|--:|"]
                lines += [f"| {code(n, True)} | {human(o)} | {human(w)} | {signed(w - o)} |" for n, o, w in rows]
    link = f" ([the run]({run_url}))" if RUN_URL.fullmatch(run_url or "") else ""
    lines += ["", f"_Written from the numbers of the run's JSON report; the full report is in the run's summary{link}._"]
    return lines


def main():
    src, out, mark = sys.argv[1:4]
    run_url = sys.argv[4] if len(sys.argv) > 4 else ""
    try:
        with open(src, "rb") as f:
            raw = f.read(READ + 1)
        if len(raw) > READ:
            raise Bad("larger than 64 MiB")
        try:
            top = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            raise Bad(f"not JSON ({e})")
        lines = render(top, run_url)
    except (Bad, OSError, RecursionError) as e:
        sys.exit(f"action-comment: {src}: {e}")
    with open(out, "w") as f:
        json.dump({"body": "\n".join(lines)}, f)
    with open(mark, "w") as f:
        f.write(lines[0])


main()
