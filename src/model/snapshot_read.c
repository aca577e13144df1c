/* snapshot_read.c - schema 3 snapshots loaded straight from the text: the
 * pull reader (util/jr.h) fills the snapshot as it reads, with no tree in
 * between. The checks on what is loaded are the tree loader's (snapshot_json.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/jr.h"
#include "util/mem.h"
#include "model/reach.h"
#include "model/snapshot_check.h"
#include "model/snapshot_read.h"
#include "util/strmap.h"

/* ---- the snapshot's parts ---- */

static const char *const MODULE_KEYS[] = {"path", "version", "sum", "replace", NULL};

static int module_member(gs_jr *j, int i, void *ctx, const char *where);

static int replace_member(gs_jr *j, int i, void *ctx, const char *where)
{
	gs_module *m = ctx;
	char **f[] = {&m->rep_path, &m->rep_version, &m->rep_sum};
	return i < 3 ? gs_jr_dup(j, f[i], 0, where, MODULE_KEYS[i]) : gs_jr_skip(j);
}

static int module_member(gs_jr *j, int i, void *ctx, const char *where)
{
	gs_module *m = ctx;
	char **f[] = {&m->path, &m->version, &m->sum};
	if (i < 3)
		return gs_jr_dup(j, f[i], 0, where, MODULE_KEYS[i]);
	int n = gs_jr_null(j);
	if (n)
		return n < 0 ? -1 : 0;
	if (gs_jr_object(j, MODULE_KEYS, 7, replace_member, m, where, "replace") < 0)
		return -1;
	return 0;
}

static int module(gs_jr *j, gs_module *m, const char *where, const char *key)
{
	return gs_jr_object(j, MODULE_KEYS, 7, module_member, m, where, key);
}

static const char *const SAVINGS_KEYS[] = {"ldflags_w", "ldflags_s", "trimpath_estimate", NULL};

static int savings_member(gs_jr *j, int i, void *ctx, const char *where)
{
	gs_snapshot *s = ctx;
	uint64_t *f[] = {&s->save_w, &s->save_s, &s->save_trimpath};
	return gs_jr_u64(j, f[i], where, SAVINGS_KEYS[i]);
}

static const char *const PCLN_KEYS[] = {"magic", "layout", "functions", NULL};

static int pcln_member(gs_jr *j, int i, void *ctx, const char *where)
{
	gs_snapshot *s = ctx;
	if (i == 2)
		return gs_jr_u64(j, &s->nfuncs, where, "functions");
	return gs_jr_dup(j, i == 0 ? &s->pclntab_magic : &s->pclntab_go, 1, where, PCLN_KEYS[i]);
}

static const char *const GO_KEYS[] = {"version", "path", "main", "savings", "deps", "settings", "pclntab", NULL};

static int go_member(gs_jr *j, int i, void *ctx, const char *where)
{
	gs_snapshot *s = ctx;
	gs_buildinfo *bi = &s->bi;
	size_t n = 0;
	int r;
	char w[64];
	switch (i) {
	case 0:
		return gs_jr_dup(j, &bi->goversion, 1, where, "version");
	case 1:
		return gs_jr_dup(j, &bi->path, 1, where, "path");
	case 2:
		if ((r = gs_jr_null(j)))
			return r < 0 ? -1 : 0;
		return module(j, &bi->main, "go.main", "main");
	case 3:
		return gs_jr_object(j, SAVINGS_KEYS, 0, savings_member, s, "go.savings", "savings");
	case 4:
		if (gs_jr_arr_open(j, where, "deps") < 0)
			return -1;
		while ((r = gs_jr_arr_next(j, &n)) > 0) {
			snprintf(w, sizeof w, "go.deps[%zu]", n - 1);
			gs_module *d = GS_PUSH(bi->deps, bi->ndeps, bi->deps_cap);
			if (!d || module(j, d, w, "") < 0)
				return -1;
		}
		return r;
	case 5: {
		gs_strmap seenk = {0};
		if (gs_jr_obj_open(j, where, "settings") < 0)
			return -1;
		while ((r = gs_jr_obj_next(j, &n)) > 0) {
			gs_setting *x = GS_PUSH(bi->settings, bi->nsettings, bi->settings_cap);
			if (!x || !(x->key = gs_strdup(j->k.s)))
				break;
			if (gs_jr_peek(j) != '"') {
				r = gs_jr_peek(j) ? gs_fail("snapshot: go.settings: \"%s\" has the wrong type", x->key) :
				              gs_jr_syn(j, "premature end of input");
				break;
			}
			if (gs_strmap_get(&seenk, x->key) != (size_t)-1) {
				r = gs_jr_syn(j, "duplicate object key");
				break;
			}
			if (gs_strmap_put(&seenk, x->key, 0) < 0 || gs_jr_dup(j, &x->value, 0, where, x->key) < 0) {
				r = -1;
				break;
			}
		}
		gs_strmap_dispose(&seenk);
		return r > 0 ? -1 : r;
	}
	default:
		return gs_jr_object(j, PCLN_KEYS, 4, pcln_member, s, "go.pclntab", "pclntab");
	}
}

static int go(gs_jr *j, gs_snapshot *s)
{
	if (gs_jr_object(j, GO_KEYS, 1u << 4 | 1u << 5 | 1u << 6, go_member, s, "go", "go") < 0)
		return -1;
	s->bi.found = s->bi.goversion != NULL;
	return 0;
}

typedef struct bin_ctx {
	gs_snapshot *s;
	char *endian, *sha;
	uint64_t ptr;
	int stripped;
} bin_ctx;

static const char *const BIN_KEYS[] = {"path", "size", "format", "arch", "ptr_size", "endian",
                                       "pie", "stripped", "dwarf", "sha256", NULL};

static int bin_member(gs_jr *j, int i, void *ctx, const char *where)
{
	bin_ctx *b = ctx;
	gs_snapshot *s = b->s;
	switch (i) {
	case 0: return gs_jr_dup(j, &s->path, 0, where, "path");
	case 1: return gs_jr_u64(j, &s->file_size, where, "size");
	case 2: return gs_jr_dup(j, &s->format, 0, where, "format");
	case 3: return gs_jr_dup(j, &s->arch, 0, where, "arch");
	case 4: return gs_jr_u64(j, &b->ptr, where, "ptr_size");
	case 5: return gs_jr_dup(j, &b->endian, 0, where, "endian");
	case 6: return gs_jr_bool(j, &s->pie, where, "pie");
	case 7: return gs_jr_bool(j, &b->stripped, where, "stripped");
	case 8: return gs_jr_bool(j, &s->has_dwarf, where, "dwarf");
	default: return gs_jr_dup(j, &b->sha, 0, where, "sha256");
	}
}

static int binary(gs_jr *j, gs_snapshot *s)
{
	bin_ctx b = {.s = s};
	int rc = gs_jr_object(j, BIN_KEYS, 0x3ff, bin_member, &b, "binary", "binary");
	if (rc == 0) {
		s->ptrsize = (int)(b.ptr & 0xff);
		s->has_symtab = !b.stripped;
		s->big_endian = strcmp(b.endian, "big") == 0;
		snprintf(s->sha256, sizeof s->sha256, "%s", b.sha);
	}
	free(b.endian);
	free(b.sha);
	return rc;
}

static const char *const SEC_KEYS[] = {"name",    "kind",       "file_offset",  "file_size",         "vm_addr",
                                       "vm_size", "compressed", "unattributed", "uncompressed_size", NULL};

static int sec_member(gs_jr *j, int i, void *ctx, const char *where)
{
	gs_snap_section *x = ctx;
	uint64_t *f[] = {NULL, NULL, &x->off, &x->size, &x->addr, &x->vmsize, NULL, &x->unattributed, &x->usize};
	if (i < 2)
		return gs_jr_dup(j, i ? &x->kind : &x->name, 0, where, SEC_KEYS[i]);
	if (i == 6)
		return gs_jr_bool(j, &x->compressed, where, "compressed");
	return gs_jr_u64(j, f[i], where, SEC_KEYS[i]);
}

static const char *const PKG_KEYS[] = {"name", "module", "size", "bss", "functions", "sizes", NULL};

static int pkg_member(gs_jr *j, int i, void *ctx, const char *where)
{
	gs_snap_pkg *p = ctx;
	size_t n = 0;
	unsigned mask = 0;
	int r;
	switch (i) {
	case 0: return gs_jr_dup(j, &p->name, 0, where, "name");
	case 1: return gs_jr_dup(j, &p->module, 0, where, "module");
	case 2: return gs_jr_u64(j, &p->size, where, "size");
	case 3: return gs_jr_u64(j, &p->bss, where, "bss");
	case 4: return gs_jr_u64(j, &p->functions, where, "functions");
	default:
		if (gs_jr_obj_open(j, where, "sizes") < 0)
			return -1;
		while ((r = gs_jr_obj_next(j, &n)) > 0) {
			int c = gs_cat_parse(j->k.s);
			if (!gs_jr_peek(j))
				return gs_jr_syn(j, "premature end of input");
			if (c < 0 || (gs_jr_peek(j) < '0' || gs_jr_peek(j) > '9'))
				return gs_fail("snapshot: %s: bad size category \"%s\"", where, j->k.s);
			if (gs_jr_seen(j, &mask, c) < 0 || gs_jr_u64(j, &p->cat[c], where, j->k.s) < 0)
				return -1;
		}
		return r;
	}
}

static const char *const MOD_KEYS[] = {"path", "version", "size", "packages", NULL};

static int mod_member(gs_jr *j, int i, void *ctx, const char *where)
{
	gs_snap_module *m = ctx;
	if (i < 2)
		return gs_jr_dup(j, i ? &m->version : &m->path, 0, where, MOD_KEYS[i]);
	return gs_jr_u64(j, i == 2 ? &m->size : &m->packages, where, MOD_KEYS[i]);
}

static void where_index(char *w, const char *prefix, size_t i)
{
	char d[24], *e = d + sizeof d, *q = e;
	do
		*--q = (char)('0' + i % 10);
	while (i /= 10);
	size_t pl = strlen(prefix);
	memcpy(w, prefix, pl);
	memcpy(w + pl, q, (size_t)(e - q));
	w[pl + (size_t)(e - q)] = ']';
	w[pl + (size_t)(e - q) + 1] = '\0';
}

/* A symbol's name: ".rest" is relative to its package pkg[0..pl), "!name" verbatim. */
static int sym_name(gs_jr *j, gs_snapshot *s, gs_snap_sym *y, const char *pkg, size_t pl, const char *w)
{
	if (gs_jr_peek(j) != '"')
		return gs_jr_wrong(j, w, "name");
	if (gs_jr_str(j, &j->v) < 0)
		return -1;
	const char *t = j->v.s;
	if (t[0] == '.') {
		if (!(y->name = gs_arena_alloc(&s->sym_strs, pl + j->v.len + 1)))
			return -1;
		memcpy(y->name, pkg, pl);
		memcpy(y->name + pl, t, j->v.len + 1);
		return 0;
	}
	return (y->name = gs_arena_strndup(&s->sym_strs, t + (t[0] == '!'), j->v.len - (t[0] == '!'))) ? 0 : -1;
}

static int sym_kind(gs_jr *j, gs_snap_sym *y, const char *w)
{
	if (gs_jr_peek(j) != '"')
		return gs_jr_wrong(j, w, "kind");
	if (gs_jr_str(j, &j->v) < 0)
		return -1;
	y->bss = strcmp(j->v.s, "bss") == 0;
	int c = y->bss ? GS_CAT_DATA : gs_cat_parse(j->v.s);
	if (c < 0)
		return gs_fail("snapshot: %s: unknown kind", w);
	y->cat = (gs_cat)c;
	return 0;
}

/* One [name, addr delta, size(, pcln(, kind))] of package pkg[0..pl); *addr:
 * the package's previous symbol's address, moved to this one's. */
static int symbol(gs_jr *j, gs_snapshot *s, char *pkg, size_t pl, uint64_t *addr)
{
	char w[64];
	where_index(w, "symbols[", s->nsyms); /* per symbol: no printf */
	gs_snap_sym *y = GS_PUSH(s->syms, s->nsyms, s->syms_cap);
	size_t f = 0;
	int rf;
	uint64_t delta = 0;
	if (!y)
		return -1;
	if (gs_jr_peek(j) != '[')
		return gs_jr_peek(j) ? gs_fail("snapshot: %s is not a list", w) : gs_jr_syn(j, "premature end of input");
	gs_jr_arr_open(j, w, "");
	while ((rf = gs_jr_arr_next(j, &f)) > 0) {
		if (f == 1)
			rf = sym_name(j, s, y, pkg, pl, w);
		else if (f == 2 || f == 3 || f == 4)
			rf = gs_jr_u64(j, f == 2 ? &delta : f == 3 ? &y->size : &y->pcln, w, f == 2 ? "addr" : f == 3 ? "size" : "pcln");
		else if (f == 5)
			rf = sym_kind(j, y, w);
		else
			rf = gs_fail("snapshot: %s: more than 5 fields", w);
		if (rf < 0)
			return -1;
	}
	if (rf < 0)
		return -1;
	if (f < 3)
		return gs_fail("snapshot: %s: expected [name, addr, size(, pcln(, kind))]", w);
	if (f < 5)
		y->cat = GS_CAT_CODE;
	if (delta > UINT64_MAX - *addr)
		return gs_fail("snapshot: %s: addresses overflow", w);
	*addr += delta;
	y->addr = *addr;
	y->pkg = pkg;
	return 0;
}

/* "symbols": {"pkg": [[name, addr delta, size(, pcln(, kind))], ...], ...} */
static int symbols(gs_jr *j, gs_snapshot *s)
{
	size_t n = 0;
	int r;
	gs_strmap pk = {0};
	if (gs_jr_obj_open(j, "", "symbols") < 0)
		return -1;
	while ((r = gs_jr_obj_next(j, &n)) > 0) {
		/* the package's name, shared by its symbols (and the map's key) */
		char *pkg = gs_arena_strndup(&s->sym_strs, j->k.s, j->k.len);
		if (!pkg) {
			r = -1;
			break;
		}
		size_t pl = j->k.len, m = 0;
		if (gs_strmap_get(&pk, pkg) != (size_t)-1) {
			r = gs_jr_syn(j, "duplicate object key");
			break;
		}
		if (gs_strmap_put(&pk, pkg, 0) < 0 || gs_jr_arr_open(j, "symbols", pkg) < 0) {
			r = -1;
			break;
		}
		uint64_t addr = 0;
		while ((r = gs_jr_arr_next(j, &m)) > 0)
			if (symbol(j, s, pkg, pl, &addr) < 0) {
				r = -1;
				break;
			}
		if (r < 0)
			break;
	}
	gs_strmap_dispose(&pk);
	return r;
}

static const char *const IMP_KEYS[] = {"root", "note", "packages", NULL};

static int imp_member(gs_jr *j, int i, void *ctx, const char *where)
{
	gs_snapshot *s = ctx;
	size_t n = 0;
	int r;
	if (i == 0)
		return gs_jr_dup(j, &s->imports_root, 1, where, "root");
	if (i == 1)
		return gs_jr_dup(j, &s->imports_note, 1, where, "note");
	gs_strmap seenk = {0};
	if (gs_jr_obj_open(j, where, "packages") < 0)
		return -1;
	while ((r = gs_jr_obj_next(j, &n)) > 0) {
		gs_imp *m = GS_PUSH(s->imps, s->nimps, s->imps_cap);
		size_t cap = 0, k = 0;
		if (!m || !(m->pkg = gs_strdup(j->k.s))) {
			r = -1;
			break;
		}
		if (gs_strmap_get(&seenk, m->pkg) != (size_t)-1) {
			r = gs_jr_syn(j, "duplicate object key");
			break;
		}
		if (gs_strmap_put(&seenk, m->pkg, 0) < 0) {
			r = -1;
			break;
		}
		if (gs_jr_peek(j) != '[') {
			r = gs_jr_peek(j) ? gs_fail("snapshot: imports: \"%s\" is not a list", m->pkg) : gs_jr_syn(j, "premature end of input");
			break;
		}
		if (gs_jr_arr_open(j, where, m->pkg) < 0) {
			r = -1;
			break;
		}
		while ((r = gs_jr_arr_next(j, &k)) > 0) {
			char **slot = GS_PUSH(m->deps, m->ndeps, cap);
			if (!slot) {
				r = -1;
				break;
			}
			if (gs_jr_peek(j) != '"') {
				r = gs_jr_peek(j) ? gs_fail("snapshot: imports: \"%s\" lists a non-string", m->pkg) :
				              gs_jr_syn(j, "premature end of input");
				break;
			}
			if (gs_jr_dup(j, slot, 0, where, m->pkg) < 0) {
				r = -1;
				break;
			}
		}
		if (r != 0) {
			r = -1;
			break;
		}
	}
	gs_strmap_dispose(&seenk);
	return r;
}

static const char *const TOT_KEYS[] = {"file", "attributed", "unattributed", NULL};

typedef struct tot_ctx {
	gs_snapshot *s;
	uint64_t file, attr;
} tot_ctx;

static int tot_member(gs_jr *j, int i, void *ctx, const char *where)
{
	tot_ctx *t = ctx;
	uint64_t *f[] = {&t->file, &t->attr, &t->s->unattributed};
	return gs_jr_u64(j, f[i], where, TOT_KEYS[i]);
}

static const char *const TOP_KEYS[] = {"schema",  "tool",          "binary",  "go",      "sections", "packages",
                                       "modules", "symbols_total", "symbols", "imports", "totals",   "provenance", "reach", NULL};

/* "provenance": an object of strings (what built the binary), bounded. */
static int provenance(gs_jr *j, gs_snapshot *s)
{
	size_t n = 0;
	int r;
	if (gs_jr_obj_open(j, "", "provenance") < 0)
		return -1;
	while ((r = gs_jr_obj_next(j, &n)) > 0) {
		if (n > GS_PROV_MAX_KEYS)
			return gs_fail("snapshot: provenance: more than %d entries", GS_PROV_MAX_KEYS);
		if (gs_jr_peek(j) != '"')
			return gs_jr_wrong(j, "provenance", j->k.s);
		if (gs_prov_get(&s->prov, j->k.s))
			return gs_jr_syn(j, "duplicate object key");
		char *key = gs_strdup(j->k.s);
		if (!key)
			return -1;
		r = gs_jr_str(j, &j->v);
		if (r == 0 && (!key[0] || j->v.len > GS_PROV_MAX_VALUE))
			r = gs_fail("snapshot: provenance: \"%s\" is empty or too long", key);
		if (r == 0)
			r = gs_prov_set(&s->prov, key, j->v.s);
		free(key);
		if (r < 0)
			return -1;
	}
	return r;
}

typedef struct top_ctx {
	gs_snapshot *s;
	uint64_t schema;
	tot_ctx tot;
} top_ctx;

/* "reach": the linker's reachability (reach.h reads the value's text), or {"note": why none} */
static int reach(gs_jr *j, gs_snapshot *s)
{
	if (gs_jr_peek(j) != '{')
		return gs_fail("snapshot: \"reach\" is not an object");
	const unsigned char *start = j->p;
	if (gs_jr_skip(j) < 0)
		return -1;
	return gs_reach_read(&s->reach, &s->reach_note, (const char *)start, (size_t)(j->p - start));
}

static int top_member(gs_jr *j, int i, void *ctx, const char *where)
{
	top_ctx *t = ctx;
	gs_snapshot *s = t->s;
	size_t n = 0;
	int r;
	char w[64];
	(void)where;
	switch (i) {
	case 0:
		if (gs_jr_u64(j, &t->schema, "", "schema") < 0)
			return -1;
		if (t->schema != GS_SCHEMA)
			return gs_fail("snapshot: schema %llu in a schema %d document", (unsigned long long)t->schema, GS_SCHEMA);
		return 0;
	case 1:
		return gs_jr_dup(j, &s->tool, 0, "", "tool");
	case 2:
		return binary(j, s);
	case 3:
		return go(j, s);
	case 4:
		if (gs_jr_arr_open(j, "", "sections") < 0)
			return -1;
		while ((r = gs_jr_arr_next(j, &n)) > 0) {
			snprintf(w, sizeof w, "sections[%zu]", n - 1);
			gs_snap_section *x = GS_PUSH(s->secs, s->nsecs, s->secs_cap);
			if (!x || gs_jr_object(j, SEC_KEYS, 0xff, sec_member, x, w, "") < 0)
				return -1;
		}
		return r;
	case 5:
		if (gs_jr_arr_open(j, "", "packages") < 0)
			return -1;
		while ((r = gs_jr_arr_next(j, &n)) > 0) {
			snprintf(w, sizeof w, "packages[%zu]", n - 1);
			gs_snap_pkg *p = GS_PUSH(s->pkgs, s->npkgs, s->pkgs_cap);
			if (!p || gs_jr_object(j, PKG_KEYS, 0x3f, pkg_member, p, w, "") < 0)
				return -1;
		}
		return r;
	case 6:
		if (gs_jr_arr_open(j, "", "modules") < 0)
			return -1;
		while ((r = gs_jr_arr_next(j, &n)) > 0) {
			snprintf(w, sizeof w, "modules[%zu]", n - 1);
			gs_snap_module *m = GS_PUSH(s->mods, s->nmods, s->mods_cap);
			if (!m || gs_jr_object(j, MOD_KEYS, 0xf, mod_member, m, w, "") < 0)
				return -1;
		}
		return r;
	case 7:
		return gs_jr_u64(j, &s->nsyms_total, "", "symbols_total");
	case 8:
		return symbols(j, s);
	case 9:
		if ((r = gs_jr_null(j)))
			return r < 0 ? -1 : 0;
		return gs_jr_object(j, IMP_KEYS, 0, imp_member, s, "imports", "imports");
	case 11:
		return provenance(j, s);
	case 12:
		return reach(j, s);
	default:
		return gs_jr_object(j, TOT_KEYS, 7, tot_member, &t->tot, "totals", "totals");
	}
}

int gs_snapshot_read3(gs_snapshot *s, const char *text, size_t len)
{
	gs_jr j;
	gs_jr_init(&j, text, len, "snapshot");
	top_ctx t = {.s = s, .tot = {.s = s}};
	memset(s, 0, sizeof *s);
	int rc = -1;
	if (gs_jr_peek(&j) != '{') {
		if (gs_jr_peek(&j))
			gs_fail("snapshot: not a JSON object");
		else
			gs_jr_syn(&j, "premature end of input");
		goto out;
	}
	if (gs_jr_object(&j, TOP_KEYS, 0x5ff, top_member, &t, "", "") < 0)
		goto out;
	if (gs_jr_peek(&j) != 0) {
		gs_jr_syn(&j, "end of file expected");
		goto out;
	}
	if (!s->imports_root && !s->imports_note && !(s->imports_note = gs_strdup("no import graph")))
		goto out;
	if (s->imports_root && s->imports_note) {
		free(s->imports_note);
		s->imports_note = NULL;
	}
	if (gs_snapshot_load_check(s, t.tot.file, t.tot.attr) < 0) /* the loaders' checks, now that everything is in */
		goto out;
	gs_snapshot_sort(s);
	rc = 0;
out:
	gs_jr_dispose(&j);
	if (rc < 0)
		gs_snapshot_dispose(s);
	return rc;
}

int gs_snapshot_text_schema(const char *text, size_t len)
{
	gs_jr j;
	gs_jr_init(&j, text, len, "snapshot");
	size_t n = 0;
	int r, schema = GS_ENOTFOUND;
	if (gs_jr_peek(&j) == '{' && gs_jr_obj_open(&j, "", "") == 0)
		while ((r = gs_jr_obj_next(&j, &n)) > 0) {
			if (strcmp(j.k.s, "schema") == 0) {
				uint64_t v;
				if (gs_jr_u64(&j, &v, "", "schema") == 0 && v < 1000)
					schema = (int)v;
				break;
			}
			if (gs_jr_skip(&j) < 0)
				break;
		}
	gs_jr_dispose(&j);
	return schema;
}
