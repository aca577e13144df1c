/* reach.c - the linker's reachability tree of one build: parsed from -dumpdep,
 * pruned to what a snapshot needs, chains, and its JSON form. */
#include "model/reach.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/esc.h"
#include "util/json.h"
#include "util/jw.h"
#include "util/mem.h"

#define MAX_NODES (1u << 26) /* 64M symbols: far beyond any program; bounds a hostile dump or snapshot */

const char *gs_dce_name(int dce) { return dce == GS_DCE_ON ? "on" : dce == GS_DCE_OFF ? "off" : "unknown"; }

void gs_reach_free(gs_reach *r)
{
	if (!r)
		return;
	free(r->dce_reason);
	for (size_t i = 0; i < r->ndce_chain; i++)
		free(r->dce_chain[i]);
	free(r->dce_chain);
	free(r->names);
	free(r->parent);
	gs_arena_dispose(&r->strs);
	gs_strmap_dispose(&r->idx);
	gs_strmap_dispose(&r->gidx);
	free(r);
}

/* Adds node name (copied) reached by parent; its index, or GS_REACH_NONE on error. */
static uint32_t add_node(gs_reach *r, const char *name, size_t len, uint32_t parent)
{
	if (r->n >= MAX_NODES) {
		gs_fail("more than %u reachable symbols", MAX_NODES);
		return GS_REACH_NONE;
	}
	if (r->n == r->cap) {
		size_t c1 = r->cap, c2 = r->cap;
		if (gs_grow(&r->names, &c1, r->n + 1, sizeof *r->names) < 0 ||
		    gs_grow(&r->parent, &c2, r->n + 1, sizeof *r->parent) < 0)
			return GS_REACH_NONE;
		r->cap = c1 < c2 ? c1 : c2;
	}
	char *s = gs_arena_strndup(&r->strs, name, len);
	if (!s)
		return GS_REACH_NONE;
	r->names[r->n] = s;
	r->parent[r->n] = parent;
	if (gs_strmap_put(&r->idx, s, r->n) < 0)
		return GS_REACH_NONE;
	return (uint32_t)r->n++;
}

/* Cuts the linker's flags off the end of [s, *len): " <UsedInIface>", " <ReflectMethod>"
 * (Go 1.21 on writes them together: " <UsedInIface><ReflectMethod>"). Returns 1 when
 * <ReflectMethod> was among them. */
static int cut_flags(const char *s, size_t *len)
{
	static const char *const flags[] = {"<UsedInIface>", "<ReflectMethod>"};
	int reflect = 0, any = 0;
	for (int again = 1; again;) {
		again = 0;
		for (int k = 0; k < 2; k++) {
			size_t fl = strlen(flags[k]);
			if (*len > fl && memcmp(s + *len - fl, flags[k], fl) == 0) {
				*len -= fl;
				reflect |= k == 1;
				any = again = 1;
			}
		}
	}
	if (any && *len && s[*len - 1] == ' ')
		(*len)--;
	return reflect;
}

/* A line's name [s, s+len) looked up (copied into buf, NUL-terminated). */
static size_t lookup(const gs_reach *r, gs_sb *buf, const char *s, size_t len)
{
	buf->len = 0;
	gs_sb_putn(buf, s, len);
	if (buf->oom)
		return (size_t)-1;
	return gs_strmap_get(&r->idx, buf->s);
}

typedef struct parse_state {
	gs_reach *r;
	gs_sb buf;
	uint32_t trigger;      /* the first node that switched dce off, or NONE */
	int old_rule, mark_rule;
} parse_state;

static int is_reflect_method_call(const char *name, size_t len)
{
	return (len == 20 && memcmp(name, "reflect.Value.Method", 20) == 0) ||
	       (len == 26 && memcmp(name, "reflect.Value.MethodByName", 26) == 0);
}

/* One "from -> to" line. A name may itself hold " -> " (a string symbol
 * go.string." -> "): the split is the one whose left side is "_" or a symbol
 * already seen (a parent is always marked before what it reaches). */
static int parse_line(parse_state *p, const char *line, size_t len)
{
	gs_reach *r = p->r;
	const char *split = NULL;
	for (const char *q = line; (q = memmem(q, (size_t)(line + len - q), " -> ", 4)) != NULL; q++) {
		size_t fl = (size_t)(q - line);
		cut_flags(line, &fl);
		if ((fl == 1 && line[0] == '_') || lookup(r, &p->buf, line, fl) != (size_t)-1) {
			split = q;
			break;
		}
		if (!split)
			split = q; /* no known parent (a dump cut short): the first split */
		if (p->buf.oom)
			return gs_fail("out of memory");
	}
	if (!split)
		return 0; /* not a dependency line: the linker's other output */
	size_t fl = (size_t)(split - line), tl = len - fl - 4;
	const char *to = split + 4;
	int from_reflect = cut_flags(line, &fl), to_reflect = cut_flags(to, &tl);
	if (!tl)
		return 0;
	uint32_t parent = GS_REACH_NONE;
	/* "_": a root; "": a symbol without a name (DWARF's auxiliary ones): as good as a root */
	if (fl && !(fl == 1 && line[0] == '_')) {
		size_t pi = lookup(r, &p->buf, line, fl);
		if (pi == (size_t)-1 && (pi = add_node(r, line, fl, GS_REACH_NONE)) == GS_REACH_NONE)
			return -1;
		parent = (uint32_t)pi;
		if (from_reflect && p->mark_rule && p->trigger == GS_REACH_NONE)
			p->trigger = parent;
	}
	size_t ti = lookup(r, &p->buf, to, tl);
	if (ti == (size_t)-1) { /* first reached here; a symbol marked again later keeps its first parent */
		if ((ti = add_node(r, to, tl, parent)) == GS_REACH_NONE)
			return -1;
		if (p->trigger == GS_REACH_NONE && ((p->old_rule && is_reflect_method_call(to, tl)) || (to_reflect && p->mark_rule)))
			p->trigger = (uint32_t)ti;
	}
	return p->buf.oom ? gs_fail("out of memory") : 0;
}

/* Go's minor version from "go1.19.8" (0 when unknown). */
static int go_minor(const char *v)
{
	int major = 0, minor = 0;
	if (!v || sscanf(v, "go%d.%d", &major, &minor) != 2 || major != 1)
		return 0;
	return minor;
}

static int set_chain(gs_reach *r, uint32_t node)
{
	const char **names;
	size_t n, full;
	if (gs_reach_chain_names(&names, &n, &full, r, node, GS_REACH_CHAIN_MAX) < 0)
		return -1;
	if (!(r->dce_chain = gs_calloc(n ? n : 1, sizeof *r->dce_chain))) {
		free(names);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!(r->dce_chain[i] = gs_strdup(names[i]))) {
			free(names);
			return -1;
		}
		r->ndce_chain++;
	}
	free(names);
	return 0;
}

int gs_reach_parse(gs_reach **out, const char *text, size_t len, const char *goversion, int dynlink)
{
	gs_reach *r = gs_calloc(1, sizeof *r);
	*out = NULL;
	if (!r)
		return -1;
	int minor = go_minor(goversion);
	/* unknown version: both rules (a mark is only printed where it counts) */
	parse_state p = {r, {0}, GS_REACH_NONE, minor == 0 || minor <= 21, minor == 0 || minor >= 21};
	r->marks = minor >= 21;
	r->has_tree = 1;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t ll = nl ? (size_t)(nl - (text + i)) : len - i;
		if (ll && text[i + ll - 1] == '\r')
			ll--;
		if (ll && text[i] != '#') {
			/* names stay valid UTF-8 (what the JSON form writes verbatim): a line that is not
			 * gets U+FFFD for its bad bytes */
			char *fixed = gs_utf8_valid(text + i, ll) ? NULL : gs_utf8_fix(text + i, ll);
			int rc = fixed ? parse_line(&p, fixed, strlen(fixed)) : parse_line(&p, text + i, ll);
			free(fixed);
			if (rc < 0)
				goto fail;
		}
		i += (nl ? (size_t)(nl - (text + i)) + 1 : len - i);
	}
	gs_sb_dispose(&p.buf);
	if (!r->n) {
		gs_fail("the linker's dependency dump names no symbol");
		goto fail;
	}
	r->nsyms = r->n;
	for (size_t i = 0; i < r->n && !dynlink; i++) /* a program that can load plugins links dynamically */
		dynlink = strcmp(r->names[i], "plugin.Open") == 0;
	if (dynlink) {
		r->dce = GS_DCE_OFF;
		if (!(r->dce_reason = gs_strdup("the build links dynamically (shared libraries or plugins)")))
			goto fail;
	} else if (p.trigger != GS_REACH_NONE) {
		char why[600];
		const char *t = r->names[p.trigger];
		if (is_reflect_method_call(t, strlen(t)))
			snprintf(why, sizeof why, "%.500s is reachable", t);
		else
			snprintf(why, sizeof why, "%.500s looks methods up by a name known only at run time", t);
		r->dce = GS_DCE_OFF;
		if (!(r->dce_reason = gs_strdup(why)) || set_chain(r, p.trigger) < 0)
			goto fail;
	} else {
		r->dce = GS_DCE_ON;
	}
	*out = r;
	return 0;
fail:
	gs_sb_dispose(&p.buf);
	gs_reach_free(r);
	return -1;
}

uint32_t gs_reach_nearest(const gs_reach *r, int (*pick)(const char *name, void *ctx), void *ctx)
{
	/* parents come before children: depths and "through an init task" in one pass */
	uint32_t *depth = gs_calloc(r->n + 1, sizeof *depth), best = GS_REACH_NONE;
	char *init = gs_calloc(r->n + 1, 1);
	uint64_t best_key = UINT64_MAX;
	for (size_t i = 0; depth && init && i < r->n; i++) {
		uint32_t p = r->parent[i];
		size_t nl = strlen(r->names[i]);
		depth[i] = p == GS_REACH_NONE ? 0 : depth[p] + 1;
		init[i] = (char)((p != GS_REACH_NONE && init[p]) || (nl > 10 && strcmp(r->names[i] + nl - 10, "..inittask") == 0));
		uint64_t key = (uint64_t)init[i] << 32 | depth[i];
		if (key < best_key && pick(r->names[i], ctx)) {
			best_key = key;
			best = (uint32_t)i;
		}
	}
	free(depth);
	free(init);
	return best;
}

int gs_reach_kept_by_reflection(const gs_reach *r, uint32_t i)
{
	uint32_t p = i < r->n ? r->parent[i] : GS_REACH_NONE;
	return r->dce == GS_DCE_OFF && p != GS_REACH_NONE && gs_reach_is_type(r->names[p]) &&
	       gs_reach_is_exported_method(r->names[i]);
}

int gs_reach_has(const gs_reach *r, const char *name) { return gs_strmap_get(&r->idx, name) != (size_t)-1; }

/* The pclntab's name of a function (linker pcln.go): everything between the
 * first '[' and the last ']' becomes "...". NULL when name has no brackets. */
static char *pcln_name(const char *name)
{
	const char *a = strchr(name, '['), *b = strrchr(name, ']');
	if (!a || !b || b <= a)
		return NULL;
	size_t n = (size_t)(a - name);
	char *s = malloc(n + 5 + strlen(b + 1) + 1);
	if (!s)
		return NULL;
	memcpy(s, name, n);
	memcpy(s + n, "[...]", 5);
	strcpy(s + n + 5, b + 1);
	return s;
}

uint32_t gs_reach_find(gs_reach *r, const char *name)
{
	size_t i = gs_strmap_get(&r->idx, name);
	if (i != (size_t)-1)
		return (uint32_t)i;
	if (!strstr(name, "[...]"))
		return GS_REACH_NONE;
	if (!r->gidx_built) {
		r->gidx_built = 1;
		for (size_t k = 0; k < r->n; k++) {
			char *g = pcln_name(r->names[k]);
			if (!g)
				continue;
			char *c = gs_arena_strndup(&r->strs, g, strlen(g));
			free(g);
			if (!c || (gs_strmap_get(&r->gidx, c) == (size_t)-1 && gs_strmap_put(&r->gidx, c, k) < 0))
				return GS_REACH_NONE;
		}
	}
	i = gs_strmap_get(&r->gidx, name);
	return i == (size_t)-1 ? GS_REACH_NONE : (uint32_t)i;
}

int gs_reach_prune(gs_reach *r, int (*keep)(const char *name, void *ctx), void *ctx)
{
	if (!r->has_tree)
		return 0;
	char *k = gs_calloc(r->n ? r->n : 1, 1);
	uint32_t *map = gs_calloc(r->n ? r->n : 1, sizeof *map);
	if (!k || !map) {
		free(k);
		free(map);
		return -1;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (r->parent[i] != GS_REACH_NONE)
			k[r->parent[i]] = 1;
		if (keep && keep(r->names[i], ctx))
			k[i] = 1;
	}
	/* the dce chain's nodes stay too (they are ancestors of its last one, which is kept) */
	size_t m = 0;
	gs_strmap_dispose(&r->idx);
	gs_strmap_dispose(&r->gidx);
	r->gidx_built = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (!k[i])
			continue;
		map[i] = (uint32_t)m;
		r->names[m] = r->names[i];
		r->parent[m] = r->parent[i] == GS_REACH_NONE ? GS_REACH_NONE : map[r->parent[i]];
		if (gs_strmap_put(&r->idx, r->names[m], m) < 0) {
			free(k);
			free(map);
			return -1;
		}
		m++;
	}
	r->n = m;
	free(k);
	free(map);
	return 0;
}

void gs_reach_drop_tree(gs_reach *r)
{
	free(r->names);
	free(r->parent);
	r->names = NULL;
	r->parent = NULL;
	r->n = r->cap = 0;
	gs_strmap_dispose(&r->idx);
	gs_strmap_dispose(&r->gidx);
	r->gidx_built = 0;
	r->has_tree = 0;
	/* the names stay in the arena until gs_reach_free: the dce chain is copied */
}

static int is_entry(const char *name) { return strcmp(name, "main.main") == 0 || strcmp(name, "main..inittask") == 0; }

int gs_reach_chain(uint32_t **out, size_t *n, const gs_reach *r, uint32_t i)
{
	*out = NULL;
	*n = 0;
	size_t len = 0, cut = 0;
	for (uint32_t v = i; v != GS_REACH_NONE && len <= r->n; v = r->parent[v]) {
		len++;
		if (is_entry(r->names[v]) && !cut)
			cut = len; /* the last entry point on the way up: the chain starts there */
	}
	if (len > r->n)
		return gs_fail("internal: the reachability tree has a cycle");
	size_t keep = cut ? cut : len;
	uint32_t *c = gs_calloc(keep ? keep : 1, sizeof *c);
	if (!c)
		return -1;
	size_t k = keep;
	for (uint32_t v = i; k; v = r->parent[v])
		c[--k] = v;
	*out = c;
	*n = keep;
	return 0;
}

int gs_reach_chain_names(const char ***names, size_t *n, size_t *full, const gs_reach *r, uint32_t i, size_t max)
{
	uint32_t *c;
	size_t len;
	*names = NULL;
	*n = *full = 0;
	if (gs_reach_chain(&c, &len, r, i) < 0)
		return -1;
	if (max < 4)
		max = 4;
	size_t shown = len > max ? max : len;
	const char **v = gs_calloc(shown ? shown : 1, sizeof *v);
	if (!v) {
		free(c);
		return -1;
	}
	if (len <= max) {
		for (size_t k = 0; k < len; k++)
			v[k] = r->names[c[k]];
	} else {
		size_t head = max / 2 - 1, tail = max - head - 1;
		for (size_t k = 0; k < head; k++)
			v[k] = r->names[c[k]];
		v[head] = "…";
		for (size_t k = 0; k < tail; k++)
			v[head + 1 + k] = r->names[c[len - tail + k]];
	}
	free(c);
	*names = v;
	*n = shown;
	*full = len;
	return 0;
}

int gs_reach_is_type(const char *name) { return strncmp(name, "type.", 5) == 0 || strncmp(name, "type:", 5) == 0; }

int gs_reach_is_exported_method(const char *name)
{
	/* the method is the part after the last '.' outside brackets and parentheses,
	 * and a method has a receiver: "pkg.(*T).M", "pkg.T.M", "pkg.T[...].M" */
	int depth = 0;
	const char *last = NULL, *slash = strrchr(name, '/');
	size_t dots = 0;
	for (const char *p = slash ? slash : name; *p; p++) {
		if (*p == '[' || *p == '(')
			depth++;
		else if ((*p == ']' || *p == ')') && depth)
			depth--;
		else if (*p == '.' && !depth) {
			last = p;
			dots++;
		}
	}
	if (!last || dots < 2 || gs_reach_is_type(name))
		return 0;
	return last[1] >= 'A' && last[1] <= 'Z';
}

/* ---- JSON ---- */

/* The bytes name and prev share at the start, ending at a UTF-8 character boundary. */
static size_t shared_prefix(const char *prev, const char *name)
{
	size_t k = 0;
	while (prev[k] && prev[k] == name[k])
		k++;
	while (k && ((unsigned char)name[k] & 0xC0) == 0x80)
		k--;
	return k;
}

void gs_reach_write(gs_sb *b, const gs_reach *r)
{
	gs_sb_puts(b, "{\"symbols\":");
	gs_jw_u64(b, r->nsyms);
	gs_sb_puts(b, ",\"dce\":");
	gs_jw_str(b, gs_dce_name(r->dce));
	gs_sb_puts(b, ",\"dce_reason\":");
	if (r->dce_reason)
		gs_jw_str(b, r->dce_reason);
	else
		gs_sb_puts(b, "null");
	gs_sb_puts(b, ",\"dce_chain\":[");
	for (size_t i = 0; i < r->ndce_chain; i++) {
		if (i)
			gs_sb_puts(b, ",");
		gs_jw_str(b, r->dce_chain[i]);
	}
	gs_sb_printf(b, "],\"marks\":%s", r->marks ? "true" : "false");
	if (r->has_tree) {
		/* names front-coded ("K:rest": K bytes shared with the previous name), one per line;
		 * parents as distances back (0: a root) */
		gs_sb names = {0}, parents = {0};
		const char *prev = "";
		for (size_t i = 0; i < r->n; i++) {
			size_t k = shared_prefix(prev, r->names[i]);
			gs_sb_printf(&names, "%s%zu:%s", i ? "\n" : "", k, r->names[i] + k);
			gs_sb_printf(&parents, "%s%zu", i ? " " : "", r->parent[i] == GS_REACH_NONE ? (size_t)0 : i - r->parent[i]);
			prev = r->names[i];
		}
		gs_sb_printf(b, ",\"tree\":{\"n\":%zu,\"names\":", r->n);
		gs_jw_str(b, names.s ? names.s : "");
		gs_sb_puts(b, ",\"parents\":");
		gs_jw_str(b, parents.s ? parents.s : "");
		gs_sb_puts(b, "}");
		if (names.oom || parents.oom)
			b->oom = 1;
		gs_sb_dispose(&names);
		gs_sb_dispose(&parents);
	}
	gs_sb_puts(b, "}");
}

static int bad(const char *why) { return gs_fail("snapshot: reach: %s", why); }

static int read_tree(gs_reach *r, const json_t *t)
{
	json_t *jn = json_object_get(t, "n"), *jnames = json_object_get(t, "names"), *jpar = json_object_get(t, "parents");
	if (!json_is_integer(jn) || !json_is_string(jnames) || !json_is_string(jpar))
		return bad("\"tree\" needs \"n\", \"names\" and \"parents\"");
	json_int_t n = json_integer_value(jn);
	if (n < 0 || n > MAX_NODES)
		return bad("\"tree\": \"n\" is out of range");
	const char *s = json_string_value(jnames), *end = s + json_string_length(jnames);
	const char *p = json_string_value(jpar), *pend = p + json_string_length(jpar);
	gs_sb name = {0};
	int rc = -1;
	for (json_int_t i = 0; i < n; i++) {
		char *e;
		if (s >= end || *s < '0' || *s > '9') {
			bad("\"tree\": a name is not \"K:rest\"");
			goto out;
		}
		unsigned long k = strtoul(s, &e, 10);
		if (e >= end || *e != ':' || k > name.len) {
			bad("\"tree\": a name shares more than the previous one has");
			goto out;
		}
		const char *rest = e + 1, *nl = memchr(rest, '\n', (size_t)(end - rest));
		size_t rl = nl ? (size_t)(nl - rest) : (size_t)(end - rest);
		name.len = k;
		gs_sb_putn(&name, rest, rl);
		if (name.oom)
			goto out;
		if (!name.len || memchr(name.s, '\0', name.len)) {
			bad("\"tree\": an empty name");
			goto out;
		}
		s = nl ? nl + 1 : end;
		while (p < pend && *p == ' ')
			p++;
		if (p >= pend || *p < '0' || *p > '9') {
			bad("\"tree\": fewer parents than names");
			goto out;
		}
		unsigned long long d = strtoull(p, &e, 10);
		p = e;
		if (d > (unsigned long long)i) {
			bad("\"tree\": a parent after its child");
			goto out;
		}
		if (gs_reach_has(r, name.s)) {
			bad("\"tree\": a name twice");
			goto out;
		}
		if (add_node(r, name.s, name.len, d ? (uint32_t)(i - (json_int_t)d) : GS_REACH_NONE) == GS_REACH_NONE)
			goto out;
	}
	while (p < pend && *p == ' ')
		p++;
	if (s != end || p != pend) {
		bad("\"tree\": more names or parents than \"n\"");
		goto out;
	}
	r->has_tree = 1;
	rc = 0;
out:
	gs_sb_dispose(&name);
	return rc;
}

int gs_reach_read(gs_reach **out, char **note, const char *text, size_t len)
{
	*out = NULL;
	json_t *j = gs_json_parse(text, len);
	if (!j)
		return gs_fail_prefix("snapshot: reach");
	gs_reach *r = NULL;
	int rc = -1;
	json_t *jn = json_object_get(j, "note");
	if (jn && !json_object_get(j, "dce")) {
		if (!json_is_string(jn))
			bad("\"note\" is not a string");
		else if ((*note = gs_strdup(json_string_value(jn))))
			rc = 0;
		goto out;
	}
	if (!(r = gs_calloc(1, sizeof *r)))
		goto out;
	json_t *sy = json_object_get(j, "symbols"), *dce = json_object_get(j, "dce"), *why = json_object_get(j, "dce_reason"),
	       *chain = json_object_get(j, "dce_chain"), *marks = json_object_get(j, "marks"), *tree = json_object_get(j, "tree");
	if (!json_is_object(j) || !json_is_integer(sy) || json_integer_value(sy) < 0 || !json_is_string(dce) ||
	    !(json_is_string(why) || json_is_null(why)) || !json_is_array(chain) || !json_is_boolean(marks) ||
	    (tree && !json_is_object(tree))) {
		bad("needs \"symbols\", \"dce\", \"dce_reason\", \"dce_chain\" and \"marks\" of the right types");
		goto out;
	}
	r->nsyms = (uint64_t)json_integer_value(sy);
	const char *d = json_string_value(dce);
	r->dce = strcmp(d, "on") == 0 ? GS_DCE_ON : strcmp(d, "off") == 0 ? GS_DCE_OFF : -1;
	if (r->dce < 0) {
		bad("\"dce\" is neither \"on\" nor \"off\"");
		goto out;
	}
	r->marks = json_is_true(marks);
	if (json_is_string(why) && !(r->dce_reason = gs_strdup(json_string_value(why))))
		goto out;
	size_t nc = json_array_size(chain);
	if (nc > GS_REACH_CHAIN_MAX) {
		bad("\"dce_chain\" is too long");
		goto out;
	}
	if (!(r->dce_chain = gs_calloc(nc ? nc : 1, sizeof *r->dce_chain)))
		goto out;
	for (size_t i = 0; i < nc; i++) {
		json_t *e = json_array_get(chain, i);
		if (!json_is_string(e)) {
			bad("\"dce_chain\" lists a non-string");
			goto out;
		}
		if (!(r->dce_chain[i] = gs_strdup(json_string_value(e))))
			goto out;
		r->ndce_chain++;
	}
	if (tree && read_tree(r, tree) < 0)
		goto out;
	*out = r;
	r = NULL;
	rc = 0;
out:
	gs_reach_free(r);
	json_decref(j);
	return rc;
}
