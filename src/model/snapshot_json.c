/* snapshot_json.c - snapshot <-> JSON: written as schema 3 by a streaming
 * writer; schemas 1 and 2 load from a jansson tree, schema 3 through
 * snapshot_read.c (no tree). */
#include "model/snapshot_json.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/esc.h"
#include "util/json.h"
#include "util/jw.h"
#include "util/mem.h"
#include "util/strmap.h"

/* ---- writing (schema 3, streamed: no tree) ---- */

static void w_opt(gs_sb *b, const char *s)
{
	if (s)
		gs_jw_str(b, s);
	else
		gs_sb_puts(b, "null");
}

static void w_bool(gs_sb *b, int v) { gs_sb_puts(b, v ? "true" : "false"); }

/* ,"k":v with v a number / string */
static void w_kn(gs_sb *b, const char *k, uint64_t v)
{
	gs_sb_putn(b, ",", 1);
	gs_jw_key(b, k);
	gs_jw_u64(b, v);
}

static void w_ks(gs_sb *b, const char *k, const char *v)
{
	gs_sb_putn(b, ",", 1);
	gs_jw_key(b, k);
	gs_jw_str(b, v);
}

static void w_module(gs_sb *b, const gs_module *m)
{
	gs_sb_puts(b, "{\"path\":");
	gs_jw_str(b, m->path);
	w_ks(b, "version", m->version);
	w_ks(b, "sum", m->sum);
	gs_sb_puts(b, ",\"replace\":");
	if (m->rep_path) {
		gs_sb_puts(b, "{\"path\":");
		gs_jw_str(b, m->rep_path);
		w_ks(b, "version", m->rep_version);
		w_ks(b, "sum", m->rep_sum);
		gs_sb_puts(b, "}");
	} else {
		gs_sb_puts(b, "null");
	}
	gs_sb_puts(b, "}");
}

static void w_go(gs_sb *b, const gs_snapshot *s)
{
	const gs_buildinfo *bi = &s->bi;
	gs_sb_puts(b, "{\"version\":");
	w_opt(b, bi->goversion);
	if (bi->version_from) { /* no build info: where the version was recovered from */
		gs_sb_puts(b, ",\"version_from\":");
		gs_jw_str(b, bi->version_from);
	}
	gs_sb_puts(b, ",\"path\":");
	w_opt(b, bi->path);
	gs_sb_puts(b, ",\"main\":");
	if (bi->main.path)
		w_module(b, &bi->main);
	else
		gs_sb_puts(b, "null");
	gs_sb_puts(b, ",\"savings\":{\"ldflags_w\":");
	gs_jw_u64(b, s->save_w);
	w_kn(b, "ldflags_s", s->save_s);
	w_kn(b, "trimpath_estimate", s->save_trimpath);
	gs_sb_puts(b, "},\n\"deps\":[");
	for (size_t i = 0; i < bi->ndeps; i++) {
		gs_sb_puts(b, i ? ",\n" : "\n");
		w_module(b, &bi->deps[i]);
	}
	gs_sb_puts(b, "],\n\"settings\":{");
	/* keys as written (valid UTF-8) are unique: of settings whose keys only
	 * differ in invalid bytes the last one is kept, as a JSON object would */
	gs_strmap last = {0};
	char **fixed = bi->nsettings ? gs_calloc(bi->nsettings, sizeof *fixed) : NULL;
	int first = 1;
	for (size_t i = 0; fixed && i < bi->nsettings; i++) {
		const char *k = bi->settings[i].key ? bi->settings[i].key : "";
		fixed[i] = gs_utf8_fix(k, strlen(k));
		if (!fixed[i] || gs_strmap_put(&last, fixed[i], i) < 0)
			b->oom = 1;
	}
	for (size_t i = 0; fixed && !b->oom && i < bi->nsettings; i++) {
		if (gs_strmap_get(&last, fixed[i]) != i)
			continue;
		gs_sb_puts(b, first ? "\n" : ",\n");
		first = 0;
		gs_jw_key(b, fixed[i]);
		gs_jw_str(b, bi->settings[i].value);
	}
	if (bi->nsettings && !fixed)
		b->oom = 1;
	for (size_t i = 0; fixed && i < bi->nsettings; i++)
		free(fixed[i]);
	free(fixed);
	gs_strmap_dispose(&last);
	gs_sb_puts(b, "},\n\"pclntab\":{\"magic\":");
	w_opt(b, s->pclntab_magic);
	gs_sb_puts(b, ",\"layout\":");
	w_opt(b, s->pclntab_go);
	w_kn(b, "functions", s->nfuncs);
	gs_sb_puts(b, "}}");
}

static const gs_snapshot *sym_order_s;
static char **sym_key_s; /* per symbol: its package made valid UTF-8 when it was not (else NULL) */

static const char *sym_key(size_t i)
{
	return sym_key_s[i] ? sym_key_s[i] : sym_order_s->syms[i].pkg ? sym_order_s->syms[i].pkg : "";
}

/* Symbols grouped by package (the name as written: valid UTF-8, so that two
 * packages whose invalid bytes both became U+FFFD are one key, not two), then
 * by address. */
static int cmp_sym_idx(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, k = *(const size_t *)y;
	const gs_snap_sym *a = &sym_order_s->syms[i], *b = &sym_order_s->syms[k];
	int c = strcmp(sym_key(i), sym_key(k));
	if (c)
		return c;
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	if ((c = strcmp(a->name ? a->name : "", b->name ? b->name : "")))
		return c;
	if (a->cat != b->cat)
		return a->cat < b->cat ? -1 : 1;
	if (a->bss != b->bss)
		return a->bss < b->bss ? -1 : 1;
	return strcmp(a->pkg ? a->pkg : "", b->pkg ? b->pkg : "");
}

/* "symbols": {"pkg": [[name, addr, size(, pcln(, kind))], ...], ...}: a name
 * that starts with "." is relative to its package (pkg + name), one that
 * starts with "!" is the rest of it verbatim, any other is verbatim; addr is
 * the distance from the previous symbol of the package (the first: absolute);
 * pcln 0 and kind "code" are left out at the end. */
static int w_symbols(gs_sb *b, const gs_snapshot *s)
{
	size_t *ix = s->nsyms ? gs_calloc(s->nsyms, sizeof *ix) : NULL;
	if (s->nsyms && !ix)
		return -1;
	char **keys = s->nsyms ? gs_calloc(s->nsyms, sizeof *keys) : NULL;
	if (s->nsyms && !keys) {
		free(ix);
		return -1;
	}
	for (size_t i = 0; i < s->nsyms; i++) {
		ix[i] = i;
		const char *p = s->syms[i].pkg ? s->syms[i].pkg : "";
		if (!gs_utf8_valid(p, strlen(p)) && !(keys[i] = gs_utf8_fix(p, strlen(p)))) {
			for (size_t k = 0; k < i; k++)
				free(keys[k]);
			free(keys);
			free(ix);
			return -1;
		}
	}
	sym_order_s = s;
	sym_key_s = keys;
	if (s->nsyms)
		qsort(ix, s->nsyms, sizeof *ix, cmp_sym_idx);
	gs_sb_puts(b, "{");
	const char *cur = NULL;
	uint64_t prev = 0;
	for (size_t i = 0; i < s->nsyms; i++) {
		const gs_snap_sym *y = &s->syms[ix[i]];
		const char *pkg = sym_key(ix[i]), *name = y->name ? y->name : "";
		if (!cur || strcmp(cur, pkg) != 0) {
			gs_sb_puts(b, cur ? "],\n" : "\n");
			gs_jw_key(b, pkg);
			gs_sb_puts(b, "[\n");
			cur = pkg, prev = 0;
		} else {
			gs_sb_puts(b, ",\n");
		}
		size_t pl = strlen(pkg);
		gs_sb_puts(b, "[");
		if (pl && strncmp(name, pkg, pl) == 0 && name[pl] == '.') {
			gs_jw_str(b, name + pl);
		} else if (name[0] == '.' || name[0] == '!') {
			char *bang = malloc(strlen(name) + 2);
			if (!bang) {
				for (size_t k = 0; k < s->nsyms; k++)
					free(keys[k]);
				free(keys);
				free(ix);
				return gs_fail("out of memory");
			}
			bang[0] = '!';
			strcpy(bang + 1, name);
			gs_jw_str(b, bang);
			free(bang);
		} else {
			gs_jw_str(b, name);
		}
		gs_sb_putn(b, ",", 1);
		gs_jw_u64(b, y->addr - prev);
		prev = y->addr;
		gs_sb_putn(b, ",", 1);
		gs_jw_u64(b, y->size);
		const char *kind = y->bss ? "bss" : gs_cat_name(y->cat);
		int code = strcmp(kind, "code") == 0;
		if (y->pcln || !code) {
			gs_sb_putn(b, ",", 1);
			gs_jw_u64(b, y->pcln);
		}
		if (!code) {
			gs_sb_putn(b, ",", 1);
			gs_jw_str(b, kind);
		}
		gs_sb_puts(b, "]");
	}
	gs_sb_puts(b, cur ? "]}" : "}");
	for (size_t i = 0; i < s->nsyms; i++)
		free(keys[i]);
	free(keys);
	free(ix);
	return 0;
}
int gs_snapshot_write(gs_sb *b, const gs_snapshot *s)
{
	gs_sb_puts(b, "{\"schema\":");
	gs_jw_u64(b, GS_SCHEMA);
	w_ks(b, "tool", s->tool);
	gs_sb_puts(b, ",\n\"binary\":{\"path\":");
	gs_jw_str(b, s->path);
	w_kn(b, "size", s->file_size);
	w_ks(b, "format", s->format);
	w_ks(b, "arch", s->arch);
	w_kn(b, "ptr_size", (uint64_t)s->ptrsize);
	w_ks(b, "endian", s->big_endian ? "big" : "little");
	gs_sb_puts(b, ",\"pie\":");
	w_bool(b, s->pie);
	gs_sb_puts(b, ",\"stripped\":");
	w_bool(b, !s->has_symtab);
	gs_sb_puts(b, ",\"dwarf\":");
	w_bool(b, s->has_dwarf);
	w_ks(b, "sha256", s->sha256);
	gs_sb_puts(b, "},\n\"go\":");
	w_go(b, s);
	gs_sb_puts(b, ",\n\"sections\":[");
	for (size_t i = 0; i < s->nsecs; i++) {
		const gs_snap_section *x = &s->secs[i];
		gs_sb_puts(b, i ? ",\n{\"name\":" : "\n{\"name\":");
		gs_jw_str(b, x->name);
		w_ks(b, "kind", x->kind);
		w_kn(b, "file_offset", x->off);
		w_kn(b, "file_size", x->size);
		w_kn(b, "vm_addr", x->addr);
		w_kn(b, "vm_size", x->vmsize);
		gs_sb_puts(b, ",\"compressed\":");
		w_bool(b, x->compressed);
		w_kn(b, "unattributed", x->unattributed);
		if (x->usize)
			w_kn(b, "uncompressed_size", x->usize);
		gs_sb_puts(b, "}");
	}
	gs_sb_puts(b, "],\n\"packages\":[");
	for (size_t i = 0; i < s->npkgs; i++) {
		const gs_snap_pkg *p = &s->pkgs[i];
		gs_sb_puts(b, i ? ",\n{\"name\":" : "\n{\"name\":");
		gs_jw_str(b, p->name);
		w_ks(b, "module", p->module);
		w_kn(b, "size", p->size);
		w_kn(b, "bss", p->bss);
		w_kn(b, "functions", p->functions);
		gs_sb_puts(b, ",\"sizes\":{");
		int first = 1;
		for (int k = 0; k < GS_CAT_N; k++)
			if (p->cat[k]) {
				if (!first)
					gs_sb_putn(b, ",", 1);
				first = 0;
				gs_jw_key(b, gs_cat_name((gs_cat)k));
				gs_jw_u64(b, p->cat[k]);
			}
		gs_sb_puts(b, "}}");
	}
	gs_sb_puts(b, "],\n\"modules\":[");
	for (size_t i = 0; i < s->nmods; i++) {
		const gs_snap_module *m = &s->mods[i];
		gs_sb_puts(b, i ? ",\n{\"path\":" : "\n{\"path\":");
		gs_jw_str(b, m->path);
		w_ks(b, "version", m->version);
		w_kn(b, "size", m->size);
		w_kn(b, "packages", m->packages);
		gs_sb_puts(b, "}");
	}
	gs_sb_puts(b, "],\n\"unattributed\":["); /* derived from sections, for readers */
	int any = 0;
	for (size_t i = 0; i < s->nsecs; i++)
		if (s->secs[i].unattributed) {
			gs_sb_puts(b, any ? ",\n{\"section\":" : "\n{\"section\":");
			any = 1;
			gs_jw_str(b, s->secs[i].name);
			w_kn(b, "size", s->secs[i].unattributed);
			gs_sb_puts(b, "}");
		}
	gs_sb_puts(b, "],\n\"symbols_total\":");
	gs_jw_u64(b, s->nsyms_total);
	gs_sb_puts(b, ",\n\"symbols\":");
	if (w_symbols(b, s) < 0)
		return -1;
	gs_sb_puts(b, ",\n\"imports\":{\"root\":");
	if (s->imports_root) {
		gs_jw_str(b, s->imports_root);
		gs_sb_puts(b, ",\"packages\":{");
		for (size_t i = 0; i < s->nimps; i++) {
			gs_sb_puts(b, i ? ",\n" : "\n");
			gs_jw_key(b, s->imps[i].pkg);
			gs_sb_puts(b, "[");
			for (size_t k = 0; k < s->imps[i].ndeps; k++) {
				if (k)
					gs_sb_putn(b, ",", 1);
				gs_jw_str(b, s->imps[i].deps[k]);
			}
			gs_sb_puts(b, "]");
		}
		gs_sb_puts(b, "}}");
	} else {
		gs_sb_puts(b, "null,\"note\":");
		gs_jw_str(b, s->imports_note ? s->imports_note : "no import graph: snapshot of a binary");
		gs_sb_puts(b, "}");
	}
	if (s->nranges) { /* --ranges: [file offset, length, package, category]: the claimed runs, sorted, no overlap */
		gs_sb_puts(b, ",\n\"ranges\":[");
		for (size_t i = 0; i < s->nranges; i++) {
			gs_sb_puts(b, i ? ",\n[" : "\n[");
			gs_jw_u64(b, s->ranges[i].off);
			gs_sb_putn(b, ",", 1);
			gs_jw_u64(b, s->ranges[i].len);
			gs_sb_putn(b, ",", 1);
			gs_jw_str(b, s->ranges[i].pkg);
			gs_sb_putn(b, ",", 1);
			gs_jw_str(b, gs_cat_name(s->ranges[i].cat));
			gs_sb_puts(b, "]");
		}
		gs_sb_puts(b, "]");
	}
	gs_sb_puts(b, ",\n\"totals\":{\"file\":");
	gs_jw_u64(b, s->file_size);
	w_kn(b, "attributed", s->attributed);
	w_kn(b, "unattributed", s->unattributed);
	gs_sb_puts(b, "}}\n");
	return b->oom ? gs_fail("out of memory") : 0;
}

char *gs_snapshot_to_text(const gs_snapshot *s)
{
	gs_sb b = {0};
	if (gs_snapshot_write(&b, s) < 0) {
		gs_sb_dispose(&b);
		return NULL;
	}
	return gs_sb_take(&b);
}

json_t *gs_snapshot_to_json(const gs_snapshot *s)
{
	char *t = gs_snapshot_to_text(s);
	if (!t)
		return NULL;
	json_error_t e;
	json_t *j = json_loads(t, 0, &e);
	free(t);
	if (!j)
		gs_fail("out of memory");
	return j;
}

/* ---- loading ---- */

static json_t *need(const json_t *o, const char *key, int type, const char *where)
{
	json_t *v = json_object_get(o, key);
	if (!v || (type >= 0 && (int)json_typeof(v) != type && !(type == JSON_TRUE && json_is_boolean(v)))) {
		gs_fail("snapshot: %s%s\"%s\" %s", where, *where ? ": " : "", key, v ? "has the wrong type" : "is missing");
		return NULL;
	}
	return v;
}

static int get_str(const json_t *o, const char *key, char **out, const char *where)
{
	json_t *v = need(o, key, JSON_STRING, where);
	if (!v)
		return -1;
	return (*out = gs_strdup(json_string_value(v))) ? 0 : -1;
}

static int get_u64(const json_t *o, const char *key, uint64_t *out, const char *where)
{
	json_t *v = need(o, key, JSON_INTEGER, where);
	if (!v)
		return -1;
	if (json_integer_value(v) < 0)
		return gs_fail("snapshot: %s: \"%s\" is negative", where, key);
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

static int get_bool(const json_t *o, const char *key, int *out, const char *where)
{
	json_t *v = need(o, key, JSON_TRUE, where);
	if (!v)
		return -1;
	*out = json_is_true(v);
	return 0;
}

/* A string or null (-> NULL). */
static int get_opt_str(const json_t *o, const char *key, char **out, const char *where)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return 0;
	return get_str(o, key, out, where);
}

static int load_module(gs_module *m, const json_t *o, const char *where)
{
	if (!json_is_object(o))
		return gs_fail("snapshot: %s is not an object", where);
	if (get_str(o, "path", &m->path, where) < 0 || get_str(o, "version", &m->version, where) < 0 ||
	    get_str(o, "sum", &m->sum, where) < 0)
		return -1;
	json_t *r = json_object_get(o, "replace");
	if (r && !json_is_null(r)) {
		if (!json_is_object(r))
			return gs_fail("snapshot: %s: \"replace\" has the wrong type", where);
		if (get_str(r, "path", &m->rep_path, where) < 0 || get_str(r, "version", &m->rep_version, where) < 0 ||
		    get_str(r, "sum", &m->rep_sum, where) < 0)
			return -1;
	}
	return 0;
}

static int load_go(gs_snapshot *s, const json_t *g)
{
	gs_buildinfo *bi = &s->bi;
	char where[64];
	if (get_opt_str(g, "version", &bi->goversion, "go") < 0 || get_opt_str(g, "path", &bi->path, "go") < 0)
		return -1;
	json_t *m = json_object_get(g, "main");
	if (m && !json_is_null(m) && load_module(&bi->main, m, "go.main") < 0)
		return -1;
	bi->found = bi->goversion != NULL;
	json_t *deps = need(g, "deps", JSON_ARRAY, "go"), *st = need(g, "settings", JSON_OBJECT, "go"),
	       *p = need(g, "pclntab", JSON_OBJECT, "go");
	if (!deps || !st || !p)
		return -1;
	size_t i;
	json_t *v;
	json_array_foreach(deps, i, v) {
		snprintf(where, sizeof where, "go.deps[%zu]", i);
		gs_module *d = GS_PUSH(bi->deps, bi->ndeps, bi->deps_cap);
		if (!d || load_module(d, v, where) < 0)
			return -1;
	}
	const char *k;
	json_object_foreach(st, k, v) {
		if (!json_is_string(v))
			return gs_fail("snapshot: go.settings: \"%s\" has the wrong type", k);
		gs_setting *x = GS_PUSH(bi->settings, bi->nsettings, bi->settings_cap);
		if (!x || !(x->key = gs_strdup(k)) || !(x->value = gs_strdup(json_string_value(v))))
			return -1;
	}
	json_t *adv = json_object_get(g, "savings");
	if (adv && json_is_object(adv)) { /* optional: snapshots before it lack it */
		json_t *v2;
		if ((v2 = json_object_get(adv, "ldflags_w")) && json_is_integer(v2) && json_integer_value(v2) >= 0)
			s->save_w = (uint64_t)json_integer_value(v2);
		if ((v2 = json_object_get(adv, "ldflags_s")) && json_is_integer(v2) && json_integer_value(v2) >= 0)
			s->save_s = (uint64_t)json_integer_value(v2);
		if ((v2 = json_object_get(adv, "trimpath_estimate")) && json_is_integer(v2) && json_integer_value(v2) >= 0)
			s->save_trimpath = (uint64_t)json_integer_value(v2);
	}
	if (get_opt_str(p, "magic", &s->pclntab_magic, "go.pclntab") < 0 ||
	    get_opt_str(p, "layout", &s->pclntab_go, "go.pclntab") < 0 ||
	    get_u64(p, "functions", &s->nfuncs, "go.pclntab") < 0)
		return -1;
	return 0;
}

/* Schema 2's import graph; a schema 1 snapshot (migrated) has none. */
static int load_imports(gs_snapshot *s, const json_t *imp, uint64_t schema)
{
	if (schema == 1 || !imp)
		return (s->imports_note = gs_strdup("no import graph: snapshot from before schema 2")) ? 0 : -1;
	if (!json_is_object(imp))
		return gs_fail("snapshot: \"imports\" has the wrong type");
	json_t *root = json_object_get(imp, "root"), *pk = json_object_get(imp, "packages");
	if (!root || json_is_null(root)) {
		json_t *note = json_object_get(imp, "note");
		return (s->imports_note = gs_strdup(json_is_string(note) ? json_string_value(note) : "no import graph")) ? 0 : -1;
	}
	if (!json_is_string(root) || !json_is_object(pk))
		return gs_fail("snapshot: imports: \"root\" and \"packages\" have the wrong type");
	if (!(s->imports_root = gs_strdup(json_string_value(root))))
		return -1;
	const char *k;
	json_t *v;
	json_object_foreach(pk, k, v) {
		if (!json_is_array(v))
			return gs_fail("snapshot: imports: \"%s\" is not a list", k);
		gs_imp *m = GS_PUSH(s->imps, s->nimps, s->imps_cap);
		size_t cap = 0, i;
		json_t *d;
		if (!m || !(m->pkg = gs_strdup(k)))
			return -1;
		json_array_foreach(v, i, d) {
			char **slot = json_is_string(d) ? GS_PUSH(m->deps, m->ndeps, cap) : NULL;
			if (!slot || !(*slot = gs_strdup(json_string_value(d))))
				return json_is_string(d) ? -1 : gs_fail("snapshot: imports: \"%s\" lists a non-string", k);
		}
	}
	gs_snapshot_sort(s);
	return 0;
}

/* What the writer guarantees, checked on what is loaded (a snapshot may be
 * hostile): sections inside the file, each module's size and package count
 * equal to the sums over its packages, no duplicate names, sane counts. */
static int check_sizes(const gs_snapshot *s)
{
	uint64_t F = s->file_size, un = 0, fn = 0;
	for (size_t i = 0; i < s->nsecs; i++) {
		const gs_snap_section *x = &s->secs[i];
		if (x->size > F || (x->size && x->off > F - x->size) || x->unattributed > x->size)
			return gs_fail("snapshot: sections[%zu] (%s): file range or unattributed bytes outside the file", i,
			               x->name);
		if (x->unattributed > F - un)
			return gs_fail("snapshot: sections[%zu]: unattributed bytes add up to more than the file size", i);
		un += x->unattributed;
	}
	gs_strmap pk = {0}, md = {0};
	uint64_t *sum = NULL, *cnt = NULL;
	int rc = -1;
	for (size_t i = 0; i < s->npkgs; i++) {
		if (gs_strmap_get(&pk, s->pkgs[i].name) != (size_t)-1) {
			gs_fail("snapshot: packages[%zu]: duplicate package \"%s\"", i, s->pkgs[i].name);
			goto out;
		}
		if (gs_strmap_put(&pk, s->pkgs[i].name, i) < 0)
			goto out;
		/* Go functions come from the pclntab, C functions (cgo) from the symbol table */
		uint64_t most = s->nfuncs + s->nsyms_total < s->nfuncs ? UINT64_MAX : s->nfuncs + s->nsyms_total;
		if (s->pkgs[i].functions > most - fn) {
			gs_fail("snapshot: packages[%zu]: more functions than the pclntab's %llu and the symbol table's %llu", i,
			        (unsigned long long)s->nfuncs, (unsigned long long)s->nsyms_total);
			goto out;
		}
		fn += s->pkgs[i].functions;
	}
	if (!(sum = gs_calloc(s->nmods + 1, sizeof *sum)) || !(cnt = gs_calloc(s->nmods + 1, sizeof *cnt)))
		goto out;
	for (size_t i = 0; i < s->nmods; i++) {
		if (gs_strmap_get(&md, s->mods[i].path) != (size_t)-1) {
			gs_fail("snapshot: modules[%zu]: duplicate module \"%s\"", i, s->mods[i].path);
			goto out;
		}
		if (gs_strmap_put(&md, s->mods[i].path, i) < 0)
			goto out;
	}
	for (size_t i = 0; i < s->npkgs; i++) {
		size_t m = gs_strmap_get(&md, s->pkgs[i].module);
		if (m != (size_t)-1)
			sum[m] += s->pkgs[i].size, cnt[m]++; /* package sizes add up to at most the file size */
	}
	for (size_t i = 0; i < s->nmods; i++)
		if (sum[i] != s->mods[i].size || cnt[i] != s->mods[i].packages) {
			gs_fail("snapshot: modules[%zu] (%s): size %llu in %llu packages, but its packages hold %llu in %llu", i,
			        s->mods[i].path, (unsigned long long)s->mods[i].size, (unsigned long long)s->mods[i].packages,
			        (unsigned long long)sum[i], (unsigned long long)cnt[i]);
			goto out;
		}
	if (s->nsyms > s->nsyms_total) {
		gs_fail("snapshot: %zu symbols listed but symbols_total is %llu", s->nsyms, (unsigned long long)s->nsyms_total);
		goto out;
	}
	rc = 0;
out:
	free(sum);
	free(cnt);
	gs_strmap_dispose(&pk);
	gs_strmap_dispose(&md);
	return rc;
}

int gs_snapshot_pkg_check(gs_snapshot *s, const gs_snap_pkg *p, const char *where)
{
	uint64_t sum = 0;
	for (int c = 0; c < GS_CAT_N; c++) {
		if (p->cat[c] > UINT64_MAX - sum)
			return gs_fail("snapshot: %s: sizes overflow", where);
		sum += p->cat[c];
	}
	if (sum != p->size)
		return gs_fail("snapshot: %s: sizes sum to %llu, not size %llu", where, (unsigned long long)sum,
		               (unsigned long long)p->size);
	if (p->size > s->file_size - s->attributed) /* attributed <= file_size so far */
		return gs_fail("snapshot: %s: package sizes add up to more than the file size %llu", where,
		               (unsigned long long)s->file_size);
	s->attributed += p->size;
	return 0;
}

int gs_snapshot_sizes_check(const gs_snapshot *s) { return check_sizes(s); }

int gs_snapshot_totals_check(const gs_snapshot *s, uint64_t file, uint64_t attr)
{
	if (file != s->file_size || attr != s->attributed)
		return gs_fail("snapshot: totals do not match the binary size and the package sizes");
	if (gs_snapshot_check(s) < 0)
		return gs_fail_prefix("snapshot: inconsistent");
	return 0;
}

static json_t *need_array(const json_t *o, const char *key) { return need(o, key, JSON_ARRAY, ""); }

/* -1 with the message when v is not an object (a list entry of a schema 1/2 snapshot). */
static int not_object(const json_t *v, const char *where)
{
	return json_is_object(v) ? 0 : gs_fail("snapshot: %s is not a valid object", where);
}

int gs_snapshot_from_json(gs_snapshot *s, const json_t *j)
{
	char where[64];
	size_t i;
	json_t *v;
	memset(s, 0, sizeof *s);
	if (!json_is_object(j))
		return gs_fail("snapshot: not a JSON object");
	uint64_t schema = 0;
	if (get_u64(j, "schema", &schema, "") < 0)
		goto fail;
	if (schema == GS_SCHEMA) { /* through the text reader, the one schema 3 loader */
		char *text = json_dumps(j, JSON_COMPACT);
		if (!text)
			return gs_fail("out of memory");
		int rc = gs_snapshot_read3(s, text, strlen(text));
		free(text);
		return rc;
	}
	if (schema != 2 && schema != 1) {
		gs_fail("snapshot: schema %llu is not supported (this gosize reads schemas 1 to %d)",
		        (unsigned long long)schema, GS_SCHEMA);
		goto fail;
	}
	json_t *bin = need(j, "binary", JSON_OBJECT, ""), *go = need(j, "go", JSON_OBJECT, ""),
	       *tot = need(j, "totals", JSON_OBJECT, "");
	json_t *secs = need_array(j, "sections"), *pkgs = need_array(j, "packages"), *mods = need_array(j, "modules"),
	       *syms = need_array(j, "symbols");
	if (!bin || !go || !tot || !secs || !pkgs || !mods || !syms)
		goto fail;
	char *endian = NULL, *sha = NULL;
	uint64_t ptr = 0;
	int stripped;
	if (get_str(j, "tool", &s->tool, "") < 0 || get_str(bin, "path", &s->path, "binary") < 0 ||
	    get_u64(bin, "size", &s->file_size, "binary") < 0 || get_str(bin, "format", &s->format, "binary") < 0 ||
	    get_str(bin, "arch", &s->arch, "binary") < 0 || get_u64(bin, "ptr_size", &ptr, "binary") < 0 ||
	    get_bool(bin, "pie", &s->pie, "binary") < 0 || get_bool(bin, "stripped", &stripped, "binary") < 0 ||
	    get_bool(bin, "dwarf", &s->has_dwarf, "binary") < 0 || get_str(bin, "endian", &endian, "binary") < 0 ||
	    get_str(bin, "sha256", &sha, "binary") < 0) {
		free(endian);
		free(sha);
		goto fail;
	}
	s->ptrsize = (int)(ptr & 0xff);
	s->has_symtab = !stripped;
	s->big_endian = strcmp(endian, "big") == 0;
	snprintf(s->sha256, sizeof s->sha256, "%s", sha);
	free(endian);
	free(sha);
	if (load_go(s, go) < 0)
		goto fail;
	json_array_foreach(secs, i, v) {
		snprintf(where, sizeof where, "sections[%zu]", i);
		gs_snap_section *x = GS_PUSH(s->secs, s->nsecs, s->secs_cap);
		if (!x || not_object(v, where) < 0 || get_str(v, "name", &x->name, where) < 0 ||
		    get_str(v, "kind", &x->kind, where) < 0 || get_u64(v, "file_offset", &x->off, where) < 0 ||
		    get_u64(v, "file_size", &x->size, where) < 0 || get_u64(v, "vm_addr", &x->addr, where) < 0 ||
		    get_u64(v, "vm_size", &x->vmsize, where) < 0 || get_bool(v, "compressed", &x->compressed, where) < 0 ||
		    get_u64(v, "unattributed", &x->unattributed, where) < 0)
			goto fail;
		json_t *us = json_object_get(v, "uncompressed_size");
		if (us && json_is_integer(us) && json_integer_value(us) >= 0)
			x->usize = (uint64_t)json_integer_value(us);
	}
	json_array_foreach(pkgs, i, v) {
		snprintf(where, sizeof where, "packages[%zu]", i);
		gs_snap_pkg *p = GS_PUSH(s->pkgs, s->npkgs, s->pkgs_cap);
		json_t *sz;
		if (!p || not_object(v, where) < 0 || get_str(v, "name", &p->name, where) < 0 ||
		    get_str(v, "module", &p->module, where) < 0 || get_u64(v, "size", &p->size, where) < 0 ||
		    get_u64(v, "bss", &p->bss, where) < 0 || get_u64(v, "functions", &p->functions, where) < 0 ||
		    !(sz = need(v, "sizes", JSON_OBJECT, where)))
			goto fail;
		const char *k;
		json_t *n;
		json_object_foreach(sz, k, n) {
			int c = gs_cat_parse(k);
			if (c < 0 || !json_is_integer(n) || json_integer_value(n) < 0) {
				gs_fail("snapshot: %s: bad size category \"%s\"", where, k);
				goto fail;
			}
			p->cat[c] = (uint64_t)json_integer_value(n);
		}
		if (gs_snapshot_pkg_check(s, p, where) < 0)
			goto fail;
	}
	json_array_foreach(mods, i, v) {
		snprintf(where, sizeof where, "modules[%zu]", i);
		gs_snap_module *m = GS_PUSH(s->mods, s->nmods, s->mods_cap);
		if (!m || not_object(v, where) < 0 || get_str(v, "path", &m->path, where) < 0 ||
		    get_str(v, "version", &m->version, where) < 0 || get_u64(v, "size", &m->size, where) < 0 ||
		    get_u64(v, "packages", &m->packages, where) < 0)
			goto fail;
	}
	json_array_foreach(syms, i, v) {
		snprintf(where, sizeof where, "symbols[%zu]", i);
		gs_snap_sym *y = GS_PUSH(s->syms, s->nsyms, s->syms_cap);
		char *kind = NULL;
		if (!y || not_object(v, where) < 0 || get_str(v, "name", &y->name, where) < 0 ||
		    get_str(v, "package", &y->pkg, where) < 0 || get_u64(v, "addr", &y->addr, where) < 0 ||
		    get_u64(v, "size", &y->size, where) < 0 || get_str(v, "kind", &kind, where) < 0)
			goto fail;
		json_t *pc = json_object_get(v, "pcln");
		if (pc && (!json_is_integer(pc) || json_integer_value(pc) < 0)) {
			free(kind);
			gs_fail("snapshot: %s: \"pcln\" has the wrong type", where);
			goto fail;
		}
		y->pcln = pc ? (uint64_t)json_integer_value(pc) : 0;
		y->bss = strcmp(kind, "bss") == 0;
		int c = y->bss ? GS_CAT_DATA : gs_cat_parse(kind);
		free(kind);
		if (c < 0) {
			gs_fail("snapshot: %s: unknown kind", where);
			goto fail;
		}
		y->cat = (gs_cat)c;
	}
	if (get_u64(j, "symbols_total", &s->nsyms_total, "") < 0)
		goto fail;
	if (check_sizes(s) < 0)
		goto fail;
	if (load_imports(s, json_object_get(j, "imports"), schema) < 0)
		goto fail;
	uint64_t file, attr;
	if (get_u64(tot, "file", &file, "totals") < 0 || get_u64(tot, "attributed", &attr, "totals") < 0 ||
	    get_u64(tot, "unattributed", &s->unattributed, "totals") < 0)
		goto fail;
	if (gs_snapshot_totals_check(s, file, attr) < 0)
		goto fail;
	return 0;
fail:
	gs_snapshot_dispose(s);
	return -1;
}

int gs_snapshot_from_text(gs_snapshot *s, const char *text, size_t len)
{
	memset(s, 0, sizeof *s);
	int schema = gs_snapshot_text_schema(text, len);
	if (schema == GS_SCHEMA)
		return gs_snapshot_read3(s, text, len);
	json_t *j = gs_json_parse(text, len);
	if (!j)
		return -1;
	int rc = gs_snapshot_from_json(s, j);
	json_decref(j);
	return rc;
}
