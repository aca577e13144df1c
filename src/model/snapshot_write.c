/* snapshot_write.c - the snapshot as JSON text (schema 3), written by a
 * streaming writer: no tree (snapshot_json.h). */
#include "model/snapshot_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/esc.h"
#include "util/json.h"
#include "util/jw.h"
#include "util/mem.h"
#include "model/reach.h"
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

/* A symbol and the package it is written under: its package made valid UTF-8. */
typedef struct sym_ref {
	const char *key;
	const gs_snap_sym *y;
} sym_ref;

/* Symbols grouped by package (the name as written: valid UTF-8, so that two
 * packages whose invalid bytes both became U+FFFD are one key, not two), then
 * by address. */
static int cmp_sym_ref(const void *x, const void *z)
{
	const sym_ref *p = x, *q = z;
	const gs_snap_sym *a = p->y, *b = q->y;
	int c = strcmp(p->key, q->key);
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

/* One symbol's [name, addr delta, size(, pcln(, kind))]. */
static void w_symbol(gs_sb *b, const gs_snap_sym *y, const char *pkg, uint64_t prev)
{
	const char *name = y->name ? y->name : "";
	size_t pl = strlen(pkg);
	gs_sb_puts(b, "[");
	if (pl && strncmp(name, pkg, pl) == 0 && name[pl] == '.') {
		gs_jw_str(b, name + pl);
	} else if (name[0] == '.' || name[0] == '!') {
		gs_sb bang = {0};
		gs_sb_putn(&bang, "!", 1);
		gs_sb_puts(&bang, name);
		gs_jw_str(b, bang.s ? bang.s : "");
		b->oom |= bang.oom;
		gs_sb_dispose(&bang);
	} else {
		gs_jw_str(b, name);
	}
	gs_sb_putn(b, ",", 1);
	gs_jw_u64(b, y->addr - prev);
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

/* "symbols": {"pkg": [[name, addr, size(, pcln(, kind))], ...], ...}: a name
 * that starts with "." is relative to its package (pkg + name), one that
 * starts with "!" is the rest of it verbatim, any other is verbatim; addr is
 * the distance from the previous symbol of the package (the first: absolute);
 * pcln 0 and kind "code" are left out at the end. */
static int w_symbols(gs_sb *b, const gs_snapshot *s)
{
	sym_ref *ix = s->nsyms ? gs_calloc(s->nsyms, sizeof *ix) : NULL;
	char **fixed = s->nsyms ? gs_calloc(s->nsyms, sizeof *fixed) : NULL; /* per symbol: its package made valid, or NULL */
	int rc = -1;
	if (s->nsyms && (!ix || !fixed))
		goto out;
	for (size_t i = 0; i < s->nsyms; i++) {
		const char *p = s->syms[i].pkg ? s->syms[i].pkg : "";
		if (!gs_utf8_valid(p, strlen(p)) && !(fixed[i] = gs_utf8_fix(p, strlen(p))))
			goto out;
		ix[i] = (sym_ref){.key = fixed[i] ? fixed[i] : p, .y = &s->syms[i]};
	}
	if (s->nsyms)
		qsort(ix, s->nsyms, sizeof *ix, cmp_sym_ref);
	gs_sb_puts(b, "{");
	const char *cur = NULL;
	uint64_t prev = 0;
	for (size_t i = 0; i < s->nsyms; i++) {
		if (!cur || strcmp(cur, ix[i].key) != 0) {
			gs_sb_puts(b, cur ? "],\n" : "\n");
			gs_jw_key(b, ix[i].key);
			gs_sb_puts(b, "[\n");
			cur = ix[i].key, prev = 0;
		} else {
			gs_sb_puts(b, ",\n");
		}
		w_symbol(b, ix[i].y, ix[i].key, prev);
		prev = ix[i].y->addr;
	}
	gs_sb_puts(b, cur ? "]}" : "}");
	rc = 0;
out:
	for (size_t i = 0; fixed && i < s->nsyms; i++)
		free(fixed[i]);
	free(fixed);
	free(ix);
	return rc;
}

static void w_binary(gs_sb *b, const gs_snapshot *s)
{
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
	gs_sb_puts(b, "}");
}

static void w_sections(gs_sb *b, const gs_snapshot *s)
{
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
	gs_sb_puts(b, "]");
}

static void w_packages(gs_sb *b, const gs_snapshot *s)
{
	gs_sb_puts(b, ",\n\"packages\":[");
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
	gs_sb_puts(b, "]");
}

static void w_modules(gs_sb *b, const gs_snapshot *s)
{
	gs_sb_puts(b, ",\n\"modules\":[");
	for (size_t i = 0; i < s->nmods; i++) {
		const gs_snap_module *m = &s->mods[i];
		gs_sb_puts(b, i ? ",\n{\"path\":" : "\n{\"path\":");
		gs_jw_str(b, m->path);
		w_ks(b, "version", m->version);
		w_kn(b, "size", m->size);
		w_kn(b, "packages", m->packages);
		gs_sb_puts(b, "}");
	}
	gs_sb_puts(b, "]");
}

/* derived from sections, for readers */
static void w_unattributed(gs_sb *b, const gs_snapshot *s)
{
	gs_sb_puts(b, ",\n\"unattributed\":[");
	int any = 0;
	for (size_t i = 0; i < s->nsecs; i++)
		if (s->secs[i].unattributed) {
			gs_sb_puts(b, any ? ",\n{\"section\":" : "\n{\"section\":");
			any = 1;
			gs_jw_str(b, s->secs[i].name);
			w_kn(b, "size", s->secs[i].unattributed);
			gs_sb_puts(b, "}");
		}
	gs_sb_puts(b, "]");
}

static void w_imports(gs_sb *b, const gs_snapshot *s)
{
	gs_sb_puts(b, ",\n\"imports\":{\"root\":");
	if (!s->imports_root) {
		gs_sb_puts(b, "null,\"note\":");
		gs_jw_str(b, s->imports_note ? s->imports_note : "no import graph: snapshot of a binary");
		gs_sb_puts(b, "}");
		return;
	}
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
}

/* the linker's reachability (reach.h), or why there is none */
static void w_reach(gs_sb *b, const gs_snapshot *s)
{
	if (!s->reach && !s->reach_note)
		return;
	gs_sb_puts(b, ",\n\"reach\":");
	if (s->reach) {
		gs_reach_write(b, s->reach);
		return;
	}
	gs_sb_puts(b, "{\"note\":");
	gs_jw_str(b, s->reach_note);
	gs_sb_puts(b, "}");
}

/* --ranges: [file offset, length, package, category]: the claimed runs, sorted, no overlap */
static void w_ranges(gs_sb *b, const gs_snapshot *s)
{
	if (!s->nranges)
		return;
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

int gs_snapshot_write(gs_sb *b, const gs_snapshot *s)
{
	gs_sb_puts(b, "{\"schema\":");
	gs_jw_u64(b, GS_SCHEMA);
	w_ks(b, "tool", s->tool);
	w_binary(b, s);
	gs_sb_puts(b, ",\n\"go\":");
	w_go(b, s);
	w_sections(b, s);
	w_packages(b, s);
	w_modules(b, s);
	w_unattributed(b, s);
	gs_sb_puts(b, ",\n\"symbols_total\":");
	gs_jw_u64(b, s->nsyms_total);
	gs_sb_puts(b, ",\n\"symbols\":");
	if (w_symbols(b, s) < 0)
		return -1;
	w_imports(b, s);
	w_reach(b, s);
	w_ranges(b, s);
	if (s->prov.n) { /* what built it: a flat object of strings, sorted by key */
		gs_sb_puts(b, ",\n\"provenance\":{");
		for (size_t i = 0; i < s->prov.n; i++) {
			if (i)
				gs_sb_putn(b, ",", 1);
			gs_jw_key(b, s->prov.kv[i].key);
			gs_jw_str(b, s->prov.kv[i].val);
		}
		gs_sb_puts(b, "}");
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
