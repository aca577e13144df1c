/* gosize's treemap page: reads the JSON in #gosize-data, lays it out with
 * d3-hierarchy's squarified treemap, zooms on click, searches, and lists the
 * zoomed node's children in a sortable table. Every name comes from a binary
 * and is untrusted: it is only ever set as textContent, never as HTML. */
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('gosize-data').textContent);
  var DIFF = D.kind === 'diff';
  var CATS = D.cats;
  var CATCOL = ['#4e79a7', '#bab0ac', '#f28e2b', '#ffbe7d', '#e15759', '#ff9d9a', '#59a14f', '#8cd17d', '#b07aa1',
    '#d4a6c8', '#76b7b2', '#9c755f', '#d7b5a6', '#79706e', '#edc948'];
  var NOCAT = '#d0d0d0';
  /* a diff's colour is the size of its change: a diverging log scale from
   * min_change (neutral below it) to the largest change of any node, red for
   * growth, blue for shrinkage (ColorBrewer RdBu) */
  var GROW = ['#fddbc7', '#f4a582', '#d6604d', '#b2182b'], SHRINK = ['#d1e5f0', '#92c5de', '#4393c3', '#2166ac'];
  var NEUTRAL = '#e4e4e4';
  var MINCHANGE = Math.max(D.min_change || 0, 1), MAXCHANGE = MINCHANGE * 2;
  var TYPES = { r: 'file', m: 'module', p: 'package', b: 'bucket', s: 'symbol', S: 'symbol', o: 'rest of a category', x: 'section' };
  var MAXTILES = 2500, MAXROWS = 400;
  var $ = function (id) { return document.getElementById(id); };
  var map = $('map'), tip = $('tip');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function commas(v) { return Math.round(v).toLocaleString('en-US'); }
  /* the unit style of gosize's other reports (util/fmt.c): IEC units, one decimal */
  function human(v) {
    var u = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'], i = 0, d = Math.abs(v);
    while (d >= 1023.95 && i < 6) { d /= 1024; i++; }
    var s = i === 0 ? String(d) + ' B' : d.toFixed(1) + ' ' + u[i];
    return (v < 0 ? '-' : '') + s;
  }
  function signed(v) { return (v > 0 ? '+' : '') + human(v); }
  function pct(a, b) { return b ? (100 * a / b).toFixed(a / b < 0.001 && a ? 3 : 1) + '%' : '0%'; }
  function change(n) {
    if (n.f === 1) return 'new';
    if (n.f === 2) return 'removed';
    if (!n.o) return n.s ? 'new' : '0.0%';
    var p = 100 * (n.s - n.o) / n.o;
    if (p === 0) return '0.0%';
    if (Math.abs(p) < 0.05) return (p > 0 ? '+' : '-') + '<0.1%'; /* never "-0.0%" */
    return (p > 0 ? '+' : '') + p.toFixed(1) + '%';
  }
  /* signed position on the scale: 0 under min_change, else (0, 1] growing, [-1, 0) shrinking */
  function magnitude(n) {
    var d = n.s - n.o, a = Math.abs(d);
    if (a < MINCHANGE) return 0;
    var lo = Math.log(MINCHANGE), hi = Math.log(MAXCHANGE);
    var m = Math.min(1, Math.max(0.05, (Math.log(a) - lo) / (hi - lo)));
    return d > 0 ? m : -m;
  }
  function mix(a, b, f) {
    var x = parseInt(a.slice(1), 16), y = parseInt(b.slice(1), 16), o = '#';
    for (var s = 16; s >= 0; s -= 8) {
      var c = Math.round(((x >> s) & 255) * (1 - f) + ((y >> s) & 255) * f);
      o += (c < 16 ? '0' : '') + c.toString(16);
    }
    return o;
  }
  function ramp(m) {
    if (!m) return NEUTRAL;
    var stops = m > 0 ? GROW : SHRINK, p = Math.abs(m) * stops.length - 1;
    if (p <= 0) return mix(NEUTRAL, stops[0], Math.abs(m) * stops.length);
    var i = Math.min(Math.floor(p), stops.length - 2);
    return mix(stops[i], stops[i + 1], Math.min(1, p - i));
  }
  function growth(n) {
    if (n.f === 1) return 'new';
    if (n.f === 2) return 'removed';
    var m = magnitude(n);
    return m > 0 ? 'grow' : m < 0 ? 'shrink' : 'same';
  }
  function color(n) {
    if (DIFF) return ramp(magnitude(n));
    return n.c === undefined ? NOCAT : CATCOL[n.c] || NOCAT;
  }
  function changed(n) { return Math.abs(n.s - n.o) >= MINCHANGE; }

  /* parents, full names and an index of every node (no prototype: a package named
     __proto__ or constructor is a key like any other) */
  var all = [], byName = Object.create(null);
  function prep(n, parent) {
    n.parent = parent;
    if (n.t === 's') n.full = parent.full + '.' + n.n;
    else if (n.t === 'o') n.full = parent.full + ' ' + n.n;
    else n.full = n.n;
    all.push(n);
    /* a package wins over a module of the same path */
    if (n.t === 'p' || n.t === 'b' || (n.t === 'm' && !(n.full in byName))) byName[n.full] = n;
    if (n.k) for (var i = 0; i < n.k.length; i++) prep(n.k[i], n);
  }
  /* new modules first: the treemap lays children out in order, so they take the top left corner */
  if (DIFF && D.tree.k) {
    var fresh = D.tree.k.filter(function (n) { return n.t === 'm' && n.f === 1; });
    D.tree.k = fresh.concat(D.tree.k.filter(function (n) { return !(n.t === 'm' && n.f === 1); }));
  }
  prep(D.tree, null);
  prep(D.sections, null);
  if (DIFF) all.forEach(function (n) { if (n.parent) MAXCHANGE = Math.max(MAXCHANGE, Math.abs(n.s - n.o)); });
  D.tree.n = 'packages';
  D.sections.n = 'sections';
  var FILESIZE = D.tree.s;

  var cur = D.tree, hits = null, lastQuery = '', drawn = [];

  /* ---- header ---- */
  function header() {
    var h = $('head');
    h.appendChild(el('h1', null, D.name));
    var nw = D['new'];
    if (DIFF) {
      var old = D.old, line = el('div', 'headline');
      line.appendChild(el('span', 'status ' + D.status, D.status));
      line.appendChild(document.createTextNode(human(old.size) + ' → ' + human(nw.size) + ' (' +
        signed(nw.size - old.size) + ', ' + change({ s: nw.size, o: old.size }) + ') · ' + commas(old.size) + ' → ' +
        commas(nw.size) + ' bytes'));
      h.appendChild(line);
      h.appendChild(el('div', 'meta', [old.path, '→', nw.path, '·', old.go || '', old.go !== nw.go ? '→ ' + (nw.go || '') : '', '·', nw.arch].join(' ')));
      (D.remarks || []).forEach(function (x) { h.appendChild(el('div', 'meta', x)); });
      if (D.override) h.appendChild(el('div', 'override', D.accepted_by && D.accepted_by !== 'a commit footer' ?
        'Size growth accepted by ' + D.accepted_by : 'Size growth accepted by a commit footer: ' + D.override));
      if (D.linker.dce_turned_off) {
        h.appendChild(el('div', 'dce', 'Warning. Dead-code elimination of methods turned off: the linker now keeps every exported ' +
          'method of every reachable type (about ' + human(D.linker.dce_cost_bytes) + ' of this change, estimated). Switched off by ' +
          D.linker.dce_chain.join(' → ')));
      }
      if (D.checks.length) {
        var t = el('table', 'checks'), tr = el('tr');
        ['Budget', '', 'Result'].forEach(function (x) { tr.appendChild(el('th', null, x)); });
        t.appendChild(tr);
        D.checks.forEach(function (c) {
          var r = el('tr', 'check ' + c.status);
          r.appendChild(el('td', null, c.budget));
          var st = el('td', 'st');
          st.appendChild(el('span', 'status ' + c.status, c.status));
          r.appendChild(st);
          r.appendChild(el('td', null, c.text));
          t.appendChild(r);
        });
        h.appendChild(t);
      }
      var fresh = (D.tree.k || []).filter(function (n) { return n.t === 'm' && n.f === 1; });
      if (fresh.length) {
        var nm = el('div', 'newmods');
        nm.appendChild(el('b', null, 'New module' + (fresh.length === 1 ? '' : 's') + ': '));
        fresh.forEach(function (n, i) {
          if (i) nm.appendChild(document.createTextNode(', '));
          nm.appendChild(linkTo(n.full, 'mod'));
          nm.appendChild(document.createTextNode(' ' + signed(n.s)));
        });
        h.appendChild(nm);
      }
      if (D.notes.length) {
        var ul = el('ul', 'notes');
        D.notes.forEach(function (x) { ul.appendChild(el('li', null, x)); });
        h.appendChild(el('b', null, 'Build changes'));
        h.appendChild(ul);
      }
      whyList(h);
      linkerList(h);
    } else {
      h.appendChild(el('div', 'headline', human(nw.size) + ' · ' + commas(nw.size) + ' bytes · ' +
        pct(nw.attributed, nw.size) + ' attributed'));
      h.appendChild(el('div', 'meta', [nw.path, '·', nw.go || 'no Go build info', '·', nw.format, nw.arch === nw.format ? '' : nw.arch,
        '· area = bytes, colour = category'].join(' ')));
    }
    document.title = D.name + ' · gosize';
  }
  function linkTo(name, cls) {
    var n = byName[name];
    if (!n) return el('span', cls, name);
    var b = el('button', cls, name);
    b.type = 'button';
    b.addEventListener('click', function () { goTo(n); });
    return b;
  }
  function whyList(h) {
    var w = D.why;
    if (!w.note && !w.new_imports.length) return;
    var box = el('div', 'why');
    box.appendChild(el('b', null, 'Why the new packages are here'));
    if (w.note) { box.appendChild(el('div', null, 'Import chains unavailable: ' + w.note)); h.appendChild(box); return; }
    var ul = el('ul');
    function chain(c) {
      var ch = el('span', 'chain');
      c.forEach(function (p, i) {
        if (i) ch.appendChild(el('span', 'sep', '→'));
        ch.appendChild(i ? linkTo(p) : el('span', null, p));
      });
      return ch;
    }
    w.new_imports.forEach(function (x) {
      var li = el('li');
      li.dataset.pkg = x['package'];
      li.appendChild(linkTo(x['package'], 'pkg'));
      li.appendChild(document.createTextNode(' brings ' + human(x.weight) + ' in ' + x.packages + ' package' + (x.packages === 1 ? '' : 's') + ': '));
      li.appendChild(chain(x.chain));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    var names = Object.keys(w.imported_by);
    if (names.length) {
      var det = el('details', 'all'), ul2 = el('ul');
      det.appendChild(el('summary', null, 'Each new package and what imports it (' + (names.length + w.more_new) + ')'));
      names.forEach(function (p) {
        var li = el('li');
        li.dataset.pkg = p;
        var ch = el('span', 'chain'); /* the importer -> the new package, both zoom to their tiles */
        ch.appendChild(linkTo(w.imported_by[p]));
        ch.appendChild(el('span', 'sep', '→'));
        ch.appendChild(linkTo(p));
        li.appendChild(ch);
        ul2.appendChild(li);
      });
      if (w.more_new) ul2.appendChild(el('li', null, '… ' + w.more_new + ' more new packages'));
      det.appendChild(ul2);
      box.appendChild(det);
    }
    h.appendChild(box);
  }

  /* why it grew, from the linker: dead-code elimination per side and the top causes */
  function linkerList(h) {
    var L = D.linker;
    if (!L.shown) return;
    var box = el('div', 'why linker');
    box.appendChild(el('b', null, 'Why it grew (the linker)'));
    var line = 'Dead-code elimination of methods: ' + L.old_dce + ' → ' + L.new_dce + '. ';
    if (L.note) { box.appendChild(el('div', null, line + 'Causes unavailable: ' + L.note)); h.appendChild(box); return; }
    box.appendChild(el('div', null, line + human(L.explained_bytes) + ' of the symbols\u2019 ' + human(L.growth_bytes) +
      ' growth explained' + (L.growth_bytes ? ' (' + (100 * L.explained_bytes / L.growth_bytes).toFixed(1) + '%)' : '') + '.'));
    var ul = el('ul');
    L.causes.forEach(function (c) {
      var li = el('li');
      li.appendChild(document.createTextNode((c.kind === 'dce' ? 'dead-code elimination off' : c.kind === 'grew' ? 'grew' : 'new') +
        ': keeps ' + human(c.bytes) + ' in ' + c.symbols + ' symbol' + (c.symbols === 1 ? '' : 's') + ': '));
      li.appendChild(el('span', 'chain', c.chain.join(' → ')));
      ul.appendChild(li);
    });
    if (L.more_causes) ul.appendChild(el('li', null, '… ' + L.more_causes + ' more causes'));
    box.appendChild(ul);
    h.appendChild(box);
  }

  function legend() {
    var lg = $('legend');
    function item(col, text, cls) {
      var s = el('span', cls), i = el('i');
      i.style.background = col;
      s.appendChild(i);
      s.appendChild(document.createTextNode(text));
      lg.appendChild(s);
    }
    if (DIFF) {
      /* five steps each way of the log scale, labelled at its ends and middle */
      [-1, -0.5, 0].forEach(function (m) { item(ramp(m || -0.05), signed(-step(-m)), 'lg-shrink'); });
      item(NEUTRAL, MINCHANGE > 1 ? 'under ±' + human(MINCHANGE) : 'same', 'lg-same');
      [0, 0.5, 1].forEach(function (m) { item(ramp(m || 0.05), signed(step(m)), 'lg-grow'); });
      lg.appendChild(el('span', null, 'area = new bytes; colour = change; dashed = new'));
      return;
    }
    var seen = {};
    all.forEach(function (n) { if (!n.k && n.c !== undefined) seen[n.c] = 1; });
    CATS.forEach(function (c, i) { if (seen[i]) item(CATCOL[i], c, 'lg-' + c); });
    item(NOCAT, 'unattributed');
  }

  /* the change at position m of the scale */
  function step(m) { return Math.round(Math.exp(Math.log(MINCHANGE) + m * (Math.log(MAXCHANGE) - Math.log(MINCHANGE)))); }

  /* ---- the treemap ---- */
  function pathOf(n) { var p = []; for (; n; n = n.parent) p.unshift(n); return p; }
  function isGroup(n) { return !!(n.k && n.k.length); }

  function render() {
    var t0 = performance.now();
    var W = map.clientWidth, H = map.clientHeight;
    var root = d3.hierarchy(cur, function (n) { return n.k; }).sum(function (n) { return n.k && n.k.length ? 0 : n.s; });
    d3.treemap().tile(d3.treemapSquarify).size([W, H]).round(false)
      .paddingInner(1).paddingOuter(function (d) { return d.depth ? 2 : 0; })
      .paddingTop(function (d) { return d.depth ? 15 : 0; })(root);
    var frag = document.createDocumentFragment(), nodes = root.descendants(), flags = [];
    drawn = [];
    for (var i = 1; i < nodes.length && drawn.length < MAXTILES; i++) {
      var d = nodes[i], n = d.data, w = d.x1 - d.x0, h = d.y1 - d.y0;
      if (!n.s) continue;
      if (d.depth > 1 && (w < 3 || h < 3 || d.depth > 3)) continue;
      var group = !!d.children && (d.depth < 3);
      var e = el('div', 'tile d' + d.depth + (group ? ' group' : ' leaf'));
      if (DIFF) e.className += ' ' + growth(n);
      if (DIFF && n.f === 1) e.className += ' new';
      if (hits) { if (n.hit) e.className += ' hit'; else if (n.hasHit) e.className += ' has-hit'; else e.className += ' dim'; }
      e.style.left = d.x0 + 'px'; e.style.top = d.y0 + 'px';
      e.style.width = Math.max(w, 0) + 'px'; e.style.height = Math.max(h, 0) + 'px';
      e.style.background = color(n);
      if (DIFF && Math.abs(magnitude(n)) > 0.7) e.className += ' dark';
      e.dataset.i = drawn.length;
      e.dataset.name = n.full;
      e.dataset.type = n.t;
      e.dataset.bytes = n.s;
      if (DIFF) e.dataset.old = n.o;
      if (w > 28 && h > 12) {
        if (DIFF && n.f === 1 && (n.t === 'p' || n.t === 'm' || n.t === 'b') && !(n.parent && n.parent.f === 1 && n.parent !== cur))
          e.appendChild(el('span', 'badge', 'NEW'));
        e.appendChild(document.createTextNode(n.n + (w > 8 * (n.n.length + 9) ? ' ' + human(n.s) : '')));
      }
      drawn.push(n);
      frag.appendChild(e);
      /* a new module too small for its label gets a flag pinned to its tile, so it is seen on the first screen */
      if (DIFF && d.depth === 1 && n.t === 'm' && n.f === 1 && !(w > 28 && h > 12)) flags.push([d, n]);
    }
    flags.forEach(function (x) {
      var f = el('button', 'flag');
      f.type = 'button';
      f.appendChild(el('span', 'badge', 'NEW'));
      f.appendChild(document.createTextNode(x[1].n + ' ' + signed(x[1].s)));
      f.dataset.name = x[1].full;
      var tall = x[0].x1 - x[0].x0 < x[0].y1 - x[0].y0; /* beside a tall strip, below a wide one */
      f.style.left = Math.min(tall ? x[0].x1 + 3 : x[0].x0, Math.max(W - 260, 0)) + 'px';
      f.style.top = Math.min(tall ? x[0].y0 + 16 : x[0].y1 + 3, Math.max(H - 20, 0)) + 'px';
      f.addEventListener('click', function (ev) { ev.stopPropagation(); goTo(x[1]); });
      frag.appendChild(f);
    });
    map.textContent = '';
    map.appendChild(frag);
    crumbs();
    table();
    map.dataset.tiles = drawn.length;
    map.dataset.renderMs = (performance.now() - t0).toFixed(1);
  }

  function crumbs() {
    var c = $('crumbs'), p = pathOf(cur);
    c.textContent = '';
    p.forEach(function (n, i) {
      if (i) c.appendChild(el('span', 'sep', '›'));
      if (i === p.length - 1) { c.appendChild(el('span', 'cur', n.n)); return; }
      var b = el('button', 'crumb', n.n);
      b.type = 'button';
      b.addEventListener('click', function () { zoom(n); });
      c.appendChild(b);
    });
    c.appendChild(el('span', 'size', ' ' + human(cur.s) + ' (' + pct(cur.s, pathOf(cur)[0].s) + ')'));
  }

  function zoom(n) {
    if (!isGroup(n)) n = n.parent || n;
    cur = n;
    tip.hidden = true;
    render();
  }
  function goTo(n) {
    var root = pathOf(n)[0];
    if (root === D.sections && $('view').value !== 'sections') $('view').value = 'sections';
    if (root === D.tree && $('view').value !== 'tree') $('view').value = 'tree';
    zoom(isGroup(n) ? n : n.parent);
    var i = drawn.indexOf(n);
    var t = i >= 0 ? map.querySelector('.tile[data-i="' + i + '"]') : null;
    if (t) t.classList.add('flash');
  }

  function nodeAt(e) {
    var t = e.target.closest ? e.target.closest('.tile') : null;
    return t ? drawn[+t.dataset.i] : null;
  }
  map.addEventListener('click', function (e) {
    var n = nodeAt(e);
    if (!n) return;
    /* one level down: the clicked tile's ancestor just below the current node */
    while (n.parent && n.parent !== cur) n = n.parent;
    if (isGroup(n)) zoom(n);
  });
  map.addEventListener('mousemove', function (e) {
    var n = nodeAt(e);
    if (!n) { tip.hidden = true; return; }
    showTip(n, e.clientX, e.clientY);
  });
  map.addEventListener('mouseleave', function () { tip.hidden = true; });

  function showTip(n, x, y) {
    tip.textContent = '';
    tip.appendChild(el('b', 'name', n.full));
    var root = pathOf(n)[0];
    tip.appendChild(el('div', 'kind', TYPES[n.t] + (n.c !== undefined ? ' · ' + (n.k ? 'mostly ' : '') + CATS[n.c] : '')));
    if (DIFF) {
      tip.appendChild(el('div', 'bytes', human(n.o) + ' → ' + human(n.s) + ' (' + signed(n.s - n.o) + ', ' + change(n) + ')'));
      tip.appendChild(el('div', 'exact', commas(n.o) + ' → ' + commas(n.s) + ' bytes'));
    } else {
      tip.appendChild(el('div', 'bytes', human(n.s) + ' · ' + commas(n.s) + ' bytes'));
    }
    tip.appendChild(el('div', 'share', pct(n.s, root.s) + ' of the file' + (n.parent && n.parent !== root ? ', ' + pct(n.s, n.parent.s) + ' of ' + n.parent.n : '')));
    tip.hidden = false;
    var r = tip.getBoundingClientRect();
    tip.style.left = Math.min(x + 14, window.innerWidth - r.width - 4) + 'px';
    tip.style.top = Math.min(y + 14, window.innerHeight - r.height - 4) + 'px';
  }

  /* ---- the table of the current node's children ---- */
  /* a diff's table: the largest changes first (by |Δ|), only what changed by min_change unless unticked */
  var sortKey = DIFF ? 'a' : 's', sortDir = -1, changedOnly = DIFF;
  var COLS = DIFF ? [['n', 'Name'], ['o', 'Old', 1], ['s', 'New', 1], ['a', 'Δ bytes', 1], ['p', 'Δ', 1]]
                  : [['n', 'Name'], ['s', 'Bytes', 1], ['h', 'Share', 1], ['c', 'Category']];
  function val(n, k) {
    if (k === 'n') return n.n.toLowerCase();
    if (k === 'a') return Math.abs(n.s - n.o);
    if (k === 'p') return n.o ? (n.s - n.o) / n.o : (n.s ? Infinity : 0);
    if (k === 'h') return n.s;
    if (k === 'c') return n.c === undefined ? '' : CATS[n.c];
    return n[k];
  }
  function table() {
    var th = $('table').tHead, tb = $('table').tBodies[0];
    th.textContent = ''; tb.textContent = '';
    var tr = el('tr');
    COLS.forEach(function (c) {
      var h = el('th', c[2] ? 'num' : null, c[1]);
      h.dataset.key = c[0];
      if (c[0] === sortKey) h.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
      h.addEventListener('click', function () {
        if (sortKey === c[0]) sortDir = -sortDir; else { sortKey = c[0]; sortDir = c[2] ? -1 : 1; }
        table();
      });
      tr.appendChild(h);
    });
    th.appendChild(tr);
    var rows = (cur.k || []).slice(), hidden = 0;
    if (changedOnly) {
      rows = rows.filter(function (n) { return changed(n) || n.hit; });
      hidden = (cur.k || []).length - rows.length;
    }
    rows.sort(function (a, b) {
      var x = val(a, sortKey), y = val(b, sortKey);
      return (x < y ? -1 : x > y ? 1 : 0) * sortDir || (b.s - a.s);
    });
    var top = pathOf(cur)[0].s;
    rows.slice(0, MAXROWS).forEach(function (n) {
      var r = el('tr', n.hit ? 'hit' : null);
      var name = el('td', 'name'), sw = el('span', 'sw');
      sw.style.background = color(n);
      name.appendChild(sw);
      if (DIFF && n.f === 1) name.appendChild(el('span', 'badge', 'NEW'));
      name.appendChild(document.createTextNode(n.n));
      r.appendChild(name);
      if (DIFF) {
        r.appendChild(el('td', 'num', n.f === 1 ? '—' : commas(n.o)));
        r.appendChild(el('td', 'num', n.f === 2 ? '—' : commas(n.s)));
        r.appendChild(el('td', 'num', (n.s > n.o ? '+' : '') + commas(n.s - n.o)));
        r.appendChild(el('td', 'num', change(n)));
      } else {
        r.appendChild(el('td', 'num', commas(n.s)));
        r.appendChild(el('td', 'num', pct(n.s, top)));
        r.appendChild(el('td', null, n.c === undefined ? '' : CATS[n.c]));
      }
      r.addEventListener('click', function () { if (isGroup(n)) zoom(n); });
      r.addEventListener('mouseenter', function () {
        var i = drawn.indexOf(n), t = i >= 0 ? map.querySelector('.tile[data-i="' + i + '"]') : null;
        if (t) t.classList.add('flash');
      });
      tb.appendChild(r);
    });
    var more = [];
    if (rows.length > MAXROWS) more.push((rows.length - MAXROWS) + ' more row' + (rows.length - MAXROWS === 1 ? '' : 's') + ' not shown');
    if (hidden) more.push(hidden + ' row' + (hidden === 1 ? '' : 's') + (MINCHANGE > 1 ? ' changed by less than ' + human(MINCHANGE) : ' unchanged') +
      ' (untick "changed only" to list ' + (hidden === 1 ? 'it' : 'them') + ')');
    $('more').textContent = more.join('; ');
  }

  /* ---- search ---- */
  function search(q) {
    q = q.trim().toLowerCase();
    if (q === lastQuery) return;
    lastQuery = q;
    for (var i = 0; i < all.length; i++) { all[i].hit = false; all[i].hasHit = false; }
    var res = $('results');
    res.textContent = '';
    if (q.length < 2) { hits = null; $('matches').textContent = ''; render(); return; }
    hits = [];
    for (i = 0; i < all.length; i++) {
      var n = all[i];
      if (!n.parent) continue;
      if (!n.lc) n.lc = n.full.toLowerCase();
      if (n.lc.indexOf(q) < 0) continue;
      n.hit = true;
      hits.push(n);
      for (var p = n.parent; p && !p.hasHit; p = p.parent) p.hasHit = true;
    }
    $('matches').textContent = hits.length + ' match' + (hits.length === 1 ? '' : 'es');
    hits.slice().sort(function (a, b) { return b.s - a.s; }).slice(0, 30).forEach(function (n) {
      var b = el('button', 'result', n.full + ' (' + TYPES[n.t] + ', ' + human(n.s) + ')');
      b.type = 'button';
      b.dataset.type = n.t;
      b.addEventListener('click', function () { goTo(n); });
      res.appendChild(b);
    });
    render();
  }
  var timer = 0;
  $('search').addEventListener('input', function (e) {
    clearTimeout(timer);
    var v = e.target.value;
    timer = setTimeout(function () { search(v); }, 120);
  });
  $('search').addEventListener('keydown', function (e) { if (e.key === 'Enter') { clearTimeout(timer); search(e.target.value); } });
  $('view').addEventListener('change', function (e) { zoom(e.target.value === 'sections' ? D.sections : D.tree); });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && cur.parent) zoom(cur.parent);
  });
  var rt = 0;
  window.addEventListener('resize', function () { clearTimeout(rt); rt = setTimeout(render, 100); });

  if (DIFF) {
    var lab = el('label', 'changed'), box = el('input');
    box.type = 'checkbox';
    box.id = 'changed';
    box.checked = true;
    box.addEventListener('change', function () { changedOnly = box.checked; table(); });
    lab.appendChild(box);
    lab.appendChild(document.createTextNode(' changed only'));
    $('bar').insertBefore(lab, $('search'));
  }
  header();
  legend();
  render();
  /* for tests and the curious: when the first picture was ready */
  window.gosize = { data: D, ready: performance.now(), search: search, zoom: zoom, byName: byName,
    scale: { min: MINCHANGE, max: MAXCHANGE } };
  document.documentElement.dataset.ready = '1';
})();
