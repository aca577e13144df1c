#!/usr/bin/env python3
"""The HTML and SVG reports in a real browser: Debian's headless Chromium,
driven over the DevTools protocol (tests/cdp.py), opens the generated pages
from file:// with the network off and the checks below read the DOM: the tiles
add up to the file size, a known package is found by the search with its bytes,
a click zooms into it and the breadcrumb comes back, the table sorts, the diff
page (a real two-commit git repository, built) marks new packages in the
legend's colour with their import chains clickable, and no console error or
network request happens. The SVG parses as XML, has no scripts and its tiles'
areas are proportional to their bytes. Screenshots are kept in html-artifacts/
in the test's working directory. Exit 77 (skipped) only when no Chromium."""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(__file__))
from gstest import GOSIZE, behaviour, check, eq, load_snapshot, main  # noqa: E402
import cdp  # noqa: E402

FIX, REAL = sys.argv[1], sys.argv[2]
SRC = os.environ.get("GOSIZE_SRC", os.path.join(os.path.dirname(__file__), ".."))
exe = cdp.find_chromium()
if not exe:
    print("SKIP: no Chromium (scripts/deps.sh test installs Debian's chromium)")
    sys.exit(77)

ART = os.path.abspath("html-artifacts")
os.makedirs(ART, exist_ok=True)
root = tempfile.mkdtemp(prefix="gosize-html-")
env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
           GIT_COMMITTER_EMAIL="t@example.com", GOFLAGS="-mod=mod", GOPROXY="off")
env.pop("GIT_DIR", None)


def gosize(args, cwd=None):
    r = subprocess.run([GOSIZE, *args], capture_output=True, text=True, cwd=cwd, env=env)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"gosize {args}: {r.stderr}")
    return r


def commas(v):
    return f"{v:,}"


def page_data(path):
    """The JSON blob of a page, read back the way the page reads it."""
    html = open(path, encoding="utf-8").read()
    m = re.search(r'<script type="application/json" id="gosize-data">(.*?)</script>', html, re.S)
    return html, json.loads(m.group(1))


def sums_ok(n):
    """Every group's bytes (and OLD bytes) equal the sum of its children's."""
    if not n.get("k"):
        return True
    if n["s"] != sum(k["s"] for k in n["k"]) or ("o" in n and n["o"] != sum(k["o"] for k in n["k"])):
        print("  sum mismatch at", n["n"])
        return False
    return all(sums_ok(k) for k in n["k"])


def find(n, name, types="pb"):
    if n.get("t") in types and n["n"] == name:
        return n
    for k in n.get("k", []):
        f = find(k, name, types)
        if f:
            return f
    return None


def tiles(b, sel=".tile.d1"):
    return b.eval(f"""Array.from(document.querySelectorAll('{sel}')).map(e => {{
        const r = e.getBoundingClientRect();
        return {{name: e.dataset.name, type: e.dataset.type, bytes: +e.dataset.bytes, old: e.dataset.old === undefined ? null : +e.dataset.old,
                 w: r.width, h: r.height, cls: e.className, bg: getComputedStyle(e).backgroundColor}}; }})""")


def crumbs(b):
    return b.eval("Array.from(document.querySelectorAll('#crumbs .crumb, #crumbs .cur')).map(e => e.textContent)")


def search(b, q):
    b.eval(f"(() => {{ const s = document.getElementById('search'); s.value = {json.dumps(q)};"
           "s.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'})); })()")


def click(b, selector, index=0):
    """A real mouse click (Input.dispatchMouseEvent) at the middle of the element."""
    box = b.eval(f"(() => {{ const e = document.querySelectorAll({json.dumps(selector)})[{index}]; if (!e) return null;"
                 "e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                 "return [r.left + Math.min(r.width / 2, 20), r.top + Math.min(r.height / 2, 8)]; })()")
    if not check(box is not None, f"click: {selector}[{index}] exists"):
        return False
    for t in ("mouseMoved", "mousePressed", "mouseReleased"):
        b.send("Input.dispatchMouseEvent", {"type": t, "x": box[0], "y": box[1], "button": "left", "clickCount": 1})
    return True


def rgb(hexcol):
    return "rgb(%d, %d, %d)" % tuple(int(hexcol[i:i + 2], 16) for i in (1, 3, 5))


def load(b, path, what, runs=1):
    """Opens the page; returns the fastest time (ms since navigation) to the first picture."""
    best = None
    for _ in range(runs):
        b.navigate("file://" + os.path.abspath(path))
        ready = b.eval("new Promise(r => { const t = () => window.gosize ? r(window.gosize.ready) : setTimeout(t, 20); t(); })")
        best = ready if best is None else min(best, ready)
    eq(b.problems(), [], f"{what}: no console errors or exceptions")
    reqs = [u for u in b.requests() if u != "file://" + os.path.abspath(path)]
    eq(reqs, [], f"{what}: no requests beyond the page itself")
    return best


def area_check(ts, total_bytes, what):
    """Depth-1 tiles: bytes add up; each tile's share of the map is its share of the bytes."""
    eq(sum(t["bytes"] for t in ts), total_bytes, f"{what}: top tiles add up to the file size")
    area = sum(t["w"] * t["h"] for t in ts)
    worst = max(abs(t["w"] * t["h"] / area - t["bytes"] / total_bytes) for t in ts if t["bytes"])
    check(worst < 0.01, f"{what}: tile areas proportional to bytes (worst share error {worst:.4f})")


b = cdp.Browser(exe)
b.open_page()


@behaviour
def snapshot_page_of_the_largest_binary_adds_up_and_navigates():
    """A snapshot of the largest real binary the largest real binary: Debian's dockerd (75 MB,
    ~70,000 functions) when ci/bench.sh has fetched it into .cache/bench, else the largest npm
    release binary."""
    global cands, big, snap
    bench = os.path.join(os.path.dirname(os.path.abspath(REAL)), "bench")
    cands = [os.path.join(REAL, f) for f in os.listdir(REAL)] + \
        [os.path.join(bench, f) for f in ("dockerd", "hugo") if os.path.isfile(os.path.join(bench, f))]
    big = max((f for f in cands if os.path.isfile(f)), key=os.path.getsize)
    snap = load_snapshot(gosize(["snapshot", big]).stdout)
    page = os.path.join(root, "size.html")
    gosize(["snapshot", big, "--format", "html", "-o", page])
    html, data = page_data(page)
    size = os.path.getsize(page)
    gosize(["snapshot", big, "--format", "html", "-o", page + "2"])
    check(open(page, "rb").read() == open(page + "2", "rb").read(), "page: same input, byte-identical page")
    check(size <= 3 * 1024 * 1024, f"snapshot page of {os.path.basename(big)} is {size} bytes (<= 3 MiB)")
    check("http://" not in html.replace("http://www.w3.org", "") and "<link rel=\"stylesheet\"" not in html,
          "page: no external resources")
    eq(data["tree"]["s"], snap["binary"]["size"], "data: the tree is the file size")
    check(sums_ok(data["tree"]) and sums_ok(data["sections"]), "data: every group is the sum of its children")
    eq(data["sections"]["s"], snap["binary"]["size"], "data: the sections add up to the file size")
    index = {}
    stack = [data["tree"]]
    while stack:
        n = stack.pop()
        if n["t"] in "pb":
            index.setdefault(n["n"], n)
        stack.extend(n.get("k", []))
    for p in snap["packages"]:
        n = index.get(p["name"])
        if not check(n is not None and n["s"] == p["size"], f"data: package {p['name']} has its {p['size']} bytes"):
            break
    ms = load(b, page, "snapshot page", runs=3)
    print(f"snapshot page of {os.path.basename(big)} ({snap['binary']['size']:,} bytes, "
          f"{len(snap['symbols'])} symbols): {size:,} bytes, first picture {ms:.0f} ms after navigation")
    check(ms > 0, f"snapshot page reports when its first picture is drawn ({ms:.0f} ms; a figure, not a gate)")
    b.screenshot(os.path.join(ART, "snapshot.png"))
    area_check(tiles(b), snap["binary"]["size"], "snapshot")
    eq(crumbs(b), ["packages"], "breadcrumb at the root")
    # hover: the tooltip names the package and its exact bytes
    pkg = next(p for p in snap["packages"] if not p["name"].startswith("[") and p["module"] != "std")
    search(b, pkg["name"])
    hit = [t for t in tiles(b, ".tile.hit") if t["name"] == pkg["name"] and t["type"] == "p"]
    check(len(hit) == 1 and hit[0]["bytes"] == pkg["size"], f"search {pkg['name']}: its tile is highlighted with {pkg['size']} bytes")
    check(b.eval("document.getElementById('matches').textContent").endswith(("match", "matches")), "search: a match count")
    check(b.eval("document.querySelectorAll('.tile.dim').length") > 0, "search: the rest is dimmed")
    b.eval(f"""(() => {{ const e = Array.from(document.querySelectorAll('.tile')).find(e => e.dataset.name === {json.dumps(pkg['name'])} && e.dataset.type === 'p');
        const r = e.getBoundingClientRect();
        e.dispatchEvent(new MouseEvent('mousemove', {{bubbles: true, clientX: r.left + 3, clientY: r.top + 3}})); }})()""")
    tip = b.eval("document.getElementById('tip').hidden ? '' : document.getElementById('tip').textContent")
    check(pkg["name"] in tip and commas(pkg["size"]) + " bytes" in tip and "package" in tip and "of the file" in tip,
          f"tooltip: name, bytes, kind, share: {tip!r}")
    # the search result zooms into the package; the breadcrumb returns
    click(b, "#results button[data-type=p]")
    path = crumbs(b)
    eq(path[-1], pkg["name"], "search result click zooms into the package")
    eq(path[-2], pkg["module"], "breadcrumb: packages > module > package")
    inside = tiles(b)
    eq(sum(t["bytes"] for t in inside), pkg["size"], "zoomed: the package's tiles add up to its bytes")
    b.screenshot(os.path.join(ART, "snapshot-zoomed.png"))
    search(b, "")
    click(b, "#crumbs .crumb", 0)
    eq(crumbs(b), ["packages"], "breadcrumb click goes back to the root")
    # a click on a tile zooms one level (into the module under it)
    top = tiles(b)[0]
    click(b, ".tile.d1", 0)
    eq(crumbs(b)[-1], top["name"], "tile click zooms into the module")
    click(b, "#crumbs .crumb", 0)
    # the table sorts
    click(b, "#table th[data-key=s]")
    col = b.eval("Array.from(document.querySelectorAll('#table tbody tr td:nth-child(2)')).map(e => +e.textContent.replace(/,/g, ''))")
    check(len(col) > 3 and col == sorted(col), "table: a click on Bytes sorts ascending")
    click(b, "#table th[data-key=n]")
    names = b.eval("Array.from(document.querySelectorAll('#table tbody tr td:first-child')).map(e => e.textContent.toLowerCase())")
    check(names == sorted(names), "table: sorts by name")
    # the sections view adds up too
    b.eval("(() => { const v = document.getElementById('view'); v.value = 'sections'; v.dispatchEvent(new Event('change')); })()")
    st = tiles(b)
    eq(sorted((t["name"], t["bytes"]) for t in st), sorted((s["name"], s["file_size"]) for s in snap["sections"] if s["file_size"]),
       "sections view: one tile per section with its bytes")
    area_check(st, snap["binary"]["size"], "sections view")
    eq(b.problems(), [], "snapshot page: no console errors after the interactions")


@behaviour
def leaf_caps_hold_at_dockerds_symbol_count():
    """Dockerd's symbol count with long generic-style names (the largest npm binary's functions,
    each split in 5): the caps on leaves and on their names' bytes hold."""
    npm_big = max((os.path.join(REAL, f) for f in os.listdir(REAL) if os.path.isfile(os.path.join(REAL, f))),
                  key=os.path.getsize)
    base = snap if npm_big == big else load_snapshot(gosize(["snapshot", npm_big]).stdout)
    many = dict(base, schema=2)  # written back with schema 2's list of symbols
    many["symbols"] = []
    for y in base["symbols"]:
        for i in range(5):
            z = dict(y, size=y["size"] // 5 + (y["size"] % 5 if i == 0 else 0), addr=y["addr"] + i,
                     name=y["name"] + f"[go.shape.struct {{ F{i} map[string]*example.com/a/very/long/import/path/pkg.Type }}]")
            z.pop("pcln", None)
            many["symbols"].append(z)
    many["symbols_total"] = len(many["symbols"])
    mj, mpage = os.path.join(root, "many.json"), os.path.join(root, "many.html")
    with open(mj, "w") as f:
        json.dump(many, f)
    gosize(["snapshot", mj, "--format", "html", "-o", mpage])
    msize = os.path.getsize(mpage)
    _, mdata = page_data(mpage)
    check(sums_ok(mdata["tree"]) and mdata["tree"]["s"] == base["binary"]["size"], "many symbols: the tree still adds up")
    mms = load(b, mpage, "many-symbols page", runs=3)
    print(f"page of {len(many['symbols']):,} symbols with long names: {msize:,} bytes, first picture {mms:.0f} ms")
    check(msize <= 3 * 1024 * 1024, f"many symbols: page is {msize} bytes (<= 3 MiB)")
    check(mms > 0, f"many symbols: the page reports its first picture ({mms:.0f} ms; a figure, not a gate)")


@behaviour
def diff_page_of_two_large_binaries_small_and_ready():
    """A diff of two large real binaries: size and speed."""
    bins = sorted((f for f in cands if os.path.isfile(f)), key=os.path.getsize)
    bpage = os.path.join(root, "bigdiff.html")
    gosize(["diff", bins[-2], bins[-1], "--format", "html", "-o", bpage])
    bsize = os.path.getsize(bpage)
    _, bdata = page_data(bpage)
    check(sums_ok(bdata["tree"]) and bdata["tree"]["s"] == os.path.getsize(bins[-1])
          and bdata["tree"]["o"] == os.path.getsize(bins[-2]), "big diff: both sides add up to the file sizes")
    bms = load(b, bpage, "big diff page", runs=3)
    print(f"diff page {os.path.basename(bins[-2])} -> {os.path.basename(bins[-1])}: {bsize:,} bytes, first picture {bms:.0f} ms")
    check(bsize <= 3 * 1024 * 1024 and bms > 0, f"big diff: {bsize} bytes (<= 3 MiB), first picture at {bms:.0f} ms (a figure, not a gate)")
    area_check(tiles(b), os.path.getsize(bins[-1]), "big diff")


@behaviour
def diff_page_of_two_revisions_marks_new_packages_and_chains():
    """A diff of two built revisions (real import chains, a broken budget)."""
    global repo, dj
    repo = os.path.join(root, "repo")
    os.makedirs(repo)
    TD = os.path.join(SRC, "testdata")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True, env=env)
    shutil.copytree(os.path.join(TD, "hello"), repo, dirs_exist_ok=True)
    with open(os.path.join(repo, ".gosize.json"), "w") as f:
        json.dump({"targets": [{"name": "hello", "build": 'go build -trimpath -o "$GOSIZE_OUT" .'}],
                   "budgets": [{"scope": "total", "max_increase": "64KB"}, {"scope": "module:*", "new": "warn"}]}, f)
    for msg in ("c1", "c2"):
        if msg == "c2":
            shutil.copytree(os.path.join(TD, "changes", "nethttp"), repo, dirs_exist_ok=True)
        subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
        subprocess.run(["git", "commit", "-qm", msg], cwd=repo, check=True, env=env)
    dpage = os.path.join(root, "diff.html")
    r = gosize(["diff", "HEAD~1", "HEAD", "--format", "html", "-o", dpage], repo)
    dj = json.loads(gosize(["diff", "HEAD~1", "HEAD", "--format", "json"], repo).stdout)
    _, dd = page_data(dpage)
    eq(dd["tree"]["s"], dj["new"]["size"], "diff data: the tree is the NEW file size")
    eq(dd["tree"]["o"], dj["old"]["size"], "diff data: and OLD")
    check(sums_ok(dd["tree"]), "diff data: every group is the sum of its children, both sides")
    http = find(dd["tree"], "net/http")
    check(http is not None and http.get("f") == 1 and http["o"] == 0, "diff data: net/http is new")
    load(b, dpage, "diff page")
    b.screenshot(os.path.join(ART, "diff.png"))
    area_check(tiles(b), dj["new"]["size"], "diff")
    head = b.eval("document.getElementById('head').textContent")
    check("error" in head and re.search(r"totalerrorgrew \+[\d.]+ MiB, limit \+62\.5 KiB", head), f"diff header: status and the broken budget: {head[:300]!r}")
    check(not re.search("[\u2600-\u27bf\U0001f000-\U0001faff]", b.eval("document.body.textContent")),
          "no emoji anywhere on the page (no emoji font needed)")
    growcol = b.eval("Array.from(document.querySelectorAll('#legend .lg-grow i')).map(i => getComputedStyle(i).backgroundColor)")
    std = next(t for t in tiles(b) if t["name"] == "std")
    check("grow" in std["cls"] and std["bytes"] > std["old"] and std["bg"] == growcol[-1],
          f"std grew the most and has the legend's strongest growth colour ({std['cls']} {std['bg']} vs {growcol})")
    search(b, "net/http")
    newt = [t for t in tiles(b, ".tile") if t["name"] == "net/http" and t["type"] == "p"]
    check(len(newt) == 1 and "new" in newt[0]["cls"].split() and newt[0]["bg"] != rgb("#e4e4e4"),
          f"net/http's tile is marked new and coloured by its growth ({newt[0]['bg'] if newt else None})")
    eq(newt[0]["old"] if newt else None, 0, "net/http's tile: no OLD bytes")
    # why: the new import with its chain; every new package with its importer, each link zooms to its tile
    chain = b.eval("Array.from(document.querySelectorAll('.why > ul > li .chain > *:not(.sep)')).map(e => e.textContent)")
    eq(chain, ["main", "example.com/hello/internal/status"], "why: the new import and its chain")
    chain = b.eval("Array.from(document.querySelectorAll('.why details li[data-pkg=\"net/http\"] .chain > *:not(.sep)')).map(e => e.textContent)")
    eq(chain, ["example.com/hello/internal/status", "net/http"], "why: net/http and the package that imports it")
    search(b, "")
    b.eval("document.querySelector('.why details').open = true")
    click(b, '.why details li[data-pkg="net/http"] .chain button', 1)
    eq(crumbs(b)[-1], "net/http", "why: clicking net/http in its chain zooms to its tile")
    dz = tiles(b)
    eq(sum(t["bytes"] for t in dz), http["s"], "zoomed into net/http: its tiles add up to its bytes")
    check(all("new" in t["cls"].split() for t in dz), "everything inside a new package is new")
    b.screenshot(os.path.join(ART, "diff-zoomed.png"))
    eq(b.problems(), [], "diff page: no console errors after the interactions")
    # the other way round: removed packages have no area but are in the table
    rpage = os.path.join(root, "rdiff.html")
    gosize(["diff", "HEAD", "HEAD~1", "--format", "html", "-o", rpage], repo)
    load(b, rpage, "reverse diff page")
    b.eval("(() => { const x = window.gosize.byName['net/http']; window.gosize.zoom(x.parent); })()")
    row = b.eval("Array.from(document.querySelectorAll('#table tbody tr')).map(r => r.textContent).find(t => t.includes('net/http'))")
    check(row is not None and "—" in row and "removed" in row, f"reverse diff: net/http listed as removed: {row!r}")


def table_rows(b):
    return b.eval("""Array.from(document.querySelectorAll('#table tbody tr')).map(r => {
        const c = r.querySelectorAll('td'); return {name: c[0].textContent, delta: +c[3].textContent.replace(/[,+]/g, '')}; })""")


@behaviour
def diff_page_shows_a_new_module_on_the_first_screen_and_sorts_by_change():
    """A change that adds a module: at 1400x900 the first screen shows the new module (its tile
    first, in the map, and its name in the header), colours follow the size of each change (a
    diverging log scale, neutral under min_change), and the table lists what changed, by |change|."""
    repo2 = os.path.join(root, "repo-newmodule")
    os.makedirs(repo2)
    TD = os.path.join(SRC, "testdata")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo2, check=True, env=env)
    shutil.copytree(os.path.join(TD, "hello"), repo2, dirs_exist_ok=True)
    with open(os.path.join(repo2, ".gosize.json"), "w") as f:
        json.dump({"targets": [{"name": "hello", "build": 'go build -trimpath -o "$GOSIZE_OUT" .'}], "min_change": "64B",
                   "budgets": [{"scope": "module:*", "new": "warn"}]}, f)
    for msg in ("c1", "c2"):
        if msg == "c2":
            shutil.copytree(os.path.join(TD, "changes", "newmodule"), repo2, dirs_exist_ok=True)
        subprocess.run(["git", "add", "-A"], cwd=repo2, check=True, env=env)
        subprocess.run(["git", "commit", "-qm", msg], cwd=repo2, check=True, env=env)
    page = os.path.join(root, "diff-newmodule.html")
    gosize(["diff", "HEAD~1", "HEAD", "--format", "html", "-o", page], repo2)
    _, data = page_data(page)
    mod = find(data["tree"], "example.com/extra", "m")
    check(mod is not None and mod.get("f") == 1, "data: example.com/extra is a new module")
    load(b, page, "new-module diff page")
    b.screenshot(os.path.join(ART, "diff-newmodule.png"))
    vw, vh = b.eval("[window.innerWidth, window.innerHeight]")
    ts = tiles(b)
    check(bool(ts) and ts[0]["name"] == "example.com/extra" and "new" in ts[0]["cls"].split(),
          f"the new module is the first tile ({ts[0]['name'] if ts else None})")
    box = b.eval("""(() => { const e = document.querySelector('.tile.d1[data-name="example.com/extra"]');
        if (!e) return null; const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()""")
    check(box is not None and box[0] >= 0 and box[1] >= 0 and box[2] <= vw and box[3] <= vh and box[2] - box[0] >= 2,
          f"its tile is on the first screen ({box}, viewport {vw}x{vh})")
    flag = b.eval("""(() => { const e = document.querySelector('#map .flag[data-name="example.com/extra"]');
        if (!e) return null; const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, e.textContent]; })()""")
    check(box is None or box[2] - box[0] > 28 and box[3] - box[1] > 12 or
          (flag is not None and flag[0] >= 0 and flag[2] <= vw and flag[3] <= vh and "example.com/extra" in flag[4]),
          f"a tile too small for its label has a flag naming it on the first screen ({flag})")
    link = b.eval("""(() => { const e = Array.from(document.querySelectorAll('#head .newmods .mod')).find(x => x.textContent === 'example.com/extra');
        if (!e) return null; const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })()""")
    check(link is not None and link[3] <= vh and link[1] >= 0, f"the header names it on the first screen ({link})")
    mapbox = b.eval("(() => { const r = document.getElementById('map').getBoundingClientRect(); return [r.top, r.bottom]; })()")
    check(mapbox[1] <= vh and vh - mapbox[1] < 40, f"the map fills the screen down to its bottom ({mapbox}, viewport height {vh})")
    rows = table_rows(b)
    deltas = [abs(r["delta"]) for r in rows]
    check(len(rows) >= 2 and deltas == sorted(deltas, reverse=True), f"the table is sorted by |change| ({deltas})")
    check(rows and "example.com/extra" in rows[0]["name"], f"the new module heads the table ({rows[:1]})")
    check(all(d >= 64 for d in deltas), f"changed only (on by default): no row under min_change 64 B ({deltas})")
    b.eval("document.getElementById('changed').click()")
    every = table_rows(b)
    check(len(every) > len(rows) and any(abs(r["delta"]) < 64 for r in every), f"unticked: every row ({len(every)} > {len(rows)})")
    neutral = rgb("#e4e4e4")
    cols = {t["name"]: t for t in tiles(b)}
    small = [t for t in tiles(b) if abs(t["bytes"] - t["old"]) < 64]
    check(bool(small) and all(t["bg"] == neutral for t in small), f"changes under min_change are neutral ({[(t['name'], t['bg']) for t in small]})")
    grew = sorted((t for t in tiles(b) if t["bytes"] - t["old"] >= 64), key=lambda t: t["bytes"] - t["old"])
    lum = lambda c: sum(int(x) for x in re.findall(r"\d+", c)[:3])
    check(len(grew) >= 2 and all(lum(a["bg"]) >= lum(z["bg"]) for a, z in zip(grew, grew[1:])),
          f"a larger growth is a darker red ({[(t['name'], t['bytes'] - t['old'], t['bg']) for t in grew]})")
    check("std" in cols, "std is drawn")


@behaviour
def hostile_package_names_stay_text():
    """Hostile names: a package named like markup cannot escape the data or the text."""
    hs = load_snapshot(gosize(["snapshot", os.path.join(FIX, "hello")]).stdout)
    hs["schema"] = 2  # written back with schema 2's list of symbols: that loader too
    evil = "</script><img src=x onerror=\"document.title='pwned'\"><!--\u2028\u2029&amp;fmt"
    proto = next(p["name"] for p in hs["packages"] if p["name"] not in ("fmt", "main") and not p["name"].startswith("["))
    for p in hs["packages"]:
        if p["name"] == "fmt":
            p["name"] = evil
        elif p["name"] == proto:  # the page's name index must not take it for its prototype
            p["name"] = "__proto__"
    for y in hs["symbols"]:
        if y["package"] == "fmt":
            y["package"] = evil
            y["name"] = evil + y["name"][3:]
        elif y["package"] == proto:
            y["package"] = "__proto__"
            y["name"] = "__proto__" + y["name"][len(proto):]
    hj = os.path.join(root, "hostile.json")
    with open(hj, "w") as f:
        json.dump(hs, f)
    hpage = os.path.join(root, "hostile.html")
    gosize(["snapshot", hj, "--format", "html", "-o", hpage])
    hhtml, hdata = page_data(hpage)
    check("<img" not in hhtml and "\u2028" not in hhtml, "hostile: no raw markup or U+2028 in the page")
    eq(find(hdata["tree"], evil)["s"], next(p["size"] for p in hs["packages"] if p["name"] == evil),
       "hostile: the name survives the JSON intact")
    load(b, hpage, "hostile page")
    eq(b.eval("document.querySelectorAll('img, iframe, object').length"), 0, "hostile: no element made from a name")
    check(b.eval("document.title") != "pwned", "hostile: no script ran")
    eq(b.eval(f"window.gosize.byName[{json.dumps(evil)}].s"), find(hdata["tree"], evil)["s"], "hostile: found by name")
    eq(b.eval("window.gosize.byName['__proto__'].s"), find(hdata["tree"], "__proto__")["s"],
       "hostile: a package named __proto__ is found by name, not taken for the index's prototype")
    eq(b.eval("Object.getPrototypeOf(window.gosize.byName)"), None, "hostile: the name index has no prototype")
    search(b, "onerror")
    check(any(t["name"] == evil for t in tiles(b, ".tile.hit")), "hostile: its tile is shown (as text) and found")
    hsvg = os.path.join(root, "hostile.svg")
    gosize(["snapshot", hj, "--format", "svg", "-o", hsvg])
    check(ET.parse(hsvg).getroot() is not None and "<img" not in open(hsvg, encoding="utf-8").read(),
          "hostile: the SVG is well-formed with the name escaped")
    eq(b.problems(), [], "hostile: no console errors")


@behaviour
def svgs_parse_with_areas_proportional_to_bytes():
    """SVG."""
    for what, args, total in (("snapshot", ["snapshot", big], snap["binary"]["size"]),
                              ("diff", ["diff", "HEAD~1", "HEAD"], dj["new"]["size"])):
        svgp = os.path.join(root, what + ".svg")
        gosize([*args, "--format", "svg", "-o", svgp], repo if what == "diff" else None)
        shutil.copy(svgp, os.path.join(ART, what + ".svg"))
        doc = ET.parse(svgp).getroot()
        ns = "{http://www.w3.org/2000/svg}"
        eq(doc.tag, ns + "svg", f"svg {what}: an svg document")
        eq(list(doc.iter(ns + "script")), [], f"svg {what}: no script")
        check(not any(k.startswith("on") for e in doc.iter() for k in e.attrib), f"svg {what}: no event handlers")
        d1 = [e for e in doc.iter(ns + "rect") if e.get("class") == "d1"]
        eq(sum(int(e.get("data-bytes")) for e in d1), total, f"svg {what}: top tiles add up to the file size")
        area = sum(float(e.get("width")) * float(e.get("height")) for e in d1)
        worst = max(abs(float(e.get("width")) * float(e.get("height")) / area - int(e.get("data-bytes")) / total) for e in d1)
        check(worst < 0.001, f"svg {what}: areas proportional to bytes (worst {worst:.5f})")
        check(all(e.find(ns + "title") is not None for e in d1), f"svg {what}: every tile has a title")
        if what == "diff":
            check(any(e.get("stroke-dasharray") for e in doc.iter(ns + "rect")), "svg diff: new packages dashed")
        b.navigate("file://" + svgp)
        eq(b.problems(), [], f"svg {what}: Chromium renders it without errors")


def cleanup():
    b.close()
    shutil.rmtree(root, ignore_errors=True)


main(cleanup=cleanup)
