/* report_json.c - the full delta as versioned JSON; a snapshot as its
 * snapshot JSON (snapshot_json.h). */
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/json.h"
#include "util/jw.h"
#include "report/render.h"
#include "report/report_linker.h"
#include "model/snapshot_json.h"

/* 2: checks[] carry numbers (actual, limit, unit) beside the sentence (text);
 * 1 had actual and limit as formatted strings. */
#define GS_DIFF_SCHEMA 3 /* 3: why.imported_by (was every new package's whole chain), linker */

static json_t *rows_json(const gs_report *r, const gs_rows *rows, const char *modkey, int versions, int all)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < rows->n; i++) {
		const gs_row *row = &rows->v[i];
		if (!all && !gs_report_row_shown(r, row))
			continue;
		json_t *o = json_pack("{s:o,s:I,s:I,s:I,s:s}", "name", gs_json_str(row->name), "old", (json_int_t)row->old, "new",
		                      (json_int_t)row->new_, "delta", (json_int_t)gs_row_delta(row), "status",
		                      !row->in_old ? "added" : !row->in_new ? "removed" : row->old == row->new_ ? "same" : "changed");
		if (o && modkey)
			json_object_set_new(o, modkey, gs_json_str(row->module));
		if (o && versions) {
			json_object_set_new(o, "old_version", row->in_old ? gs_json_str(row->old_ver) : json_null());
			json_object_set_new(o, "new_version", row->in_new ? gs_json_str(row->new_ver) : json_null());
		}
		if (!o || json_array_append_new(a, o) < 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *side(const gs_snapshot *s)
{
	return json_pack("{s:o,s:I,s:o,s:o,s:o}", "path", gs_json_str(s->path), "size", (json_int_t)s->file_size,
	                 "sha256", gs_json_str(s->sha256), "go", s->bi.goversion ? gs_json_str(s->bi.goversion) : json_null(),
	                 "arch", gs_json_str(s->arch));
}

static json_t *chain_json(const char **c, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, gs_json_str(i ? c[i] : "main"));
	return a;
}

/* "why": the new imports with their chains (at most 8 entries, "…" for a longer one's middle;
 * chain_length the whole) and weights; "imported_by": each new package's importer on a shortest
 * chain (linear in the graph, where every new package's whole chain was quadratic). */
static int why_json(const gs_report *r, json_t *o)
{
	const gs_report_why *w = &r->why;
	json_t *why = json_object(), *entries = json_array(), *chains = json_object();
	int bad = !why || !entries || !chains;
	for (size_t i = 0; !bad && i < w->n; i++)
		bad |= json_array_append_new(entries, json_pack("{s:o,s:o,s:I,s:I,s:I}", "package", gs_json_str(w->v[i].pkg), "chain",
		                                                 chain_json(w->v[i].chain, w->v[i].nchain), "chain_length",
		                                                 (json_int_t)w->v[i].chain_len, "weight",
		                                                 (json_int_t)w->v[i].weight, "packages", (json_int_t)w->v[i].npkgs));
	for (size_t i = 0; !bad && i < w->nnew; i++)
		bad |= gs_json_set(chains, w->newpkgs[i].pkg, gs_json_str(w->newpkgs[i].importer));
	if (!bad)
		bad |= json_object_set_new(why, "note", w->note ? gs_json_str(w->note) : json_null()) |
		       json_object_set_new(why, "new_imports", entries) | json_object_set_new(why, "imported_by", chains);
	else
		json_decref(entries), json_decref(chains);
	if (!bad)
		return json_object_set_new(o, "why", why);
	json_decref(why);
	return -1;
}

/* A double as a JSON integer, clamped (converting an out-of-range double is undefined). */
static json_int_t dbl_int(double v) { return v >= 9.2e18 ? INT64_MAX : v <= -9.2e18 ? -INT64_MAX : (json_int_t)v; }

static json_t *report_json(const gs_report *r);

static void put_i64(gs_sb *b, int64_t v)
{
	if (v < 0) {
		gs_sb_putn(b, "-", 1);
		gs_jw_u64(b, 0 - (uint64_t)v);
	} else {
		gs_jw_u64(b, (uint64_t)v);
	}
}

/* The shown symbol rows as gs_json_dump would indent them at the top level
 * (a second level array of objects), streamed: dockerd-size diffs have
 * ~100,000 of them, a tree of those took ~110 MiB. */
static void symbols_text(gs_sb *b, const gs_report *r)
{
	const gs_rows *rows = &r->d->symbols;
	int any = 0;
	for (size_t i = 0; i < rows->n; i++) {
		const gs_row *row = &rows->v[i];
		if (!gs_report_row_shown(r, row))
			continue;
		gs_sb_puts(b, any ? ",\n  {\n   \"name\": " : "[\n  {\n   \"name\": ");
		any = 1;
		gs_jw_str(b, row->name);
		gs_sb_puts(b, ",\n   \"old\": ");
		put_i64(b, (int64_t)row->old);
		gs_sb_puts(b, ",\n   \"new\": ");
		put_i64(b, (int64_t)row->new_);
		gs_sb_puts(b, ",\n   \"delta\": ");
		put_i64(b, gs_row_delta(row));
		gs_sb_puts(b, ",\n   \"status\": \"");
		gs_sb_puts(b, !row->in_old ? "added" : !row->in_new ? "removed" : row->old == row->new_ ? "same" : "changed");
		gs_sb_puts(b, "\",\n   \"package\": ");
		gs_jw_str(b, row->module);
		gs_sb_puts(b, "\n  }");
	}
	gs_sb_puts(b, any ? "\n ]" : "[]");
}

/* The delta: a tree dumped as gs_json_dump does, with the symbol rows
 * streamed into its "symbols": [] (byte for byte what the tree would give). */
static int json_diff(gs_sb *b, const gs_report *r)
{
	json_t *o = report_json(r); /* "symbols": [] held for the streamed rows */
	char *t = o ? gs_json_dump(o) : NULL;
	json_decref(o);
	if (!t)
		return -1;
	static const char key[] = "\n \"symbols\": []"; /* a top-level key: one space of indent */
	char *at = strstr(t, key);
	if (!at) {
		free(t);
		return gs_fail("internal: no symbols key in the diff JSON");
	}
	gs_sb_putn(b, t, (size_t)(at - t) + sizeof key - 3);
	symbols_text(b, r);
	gs_sb_puts(b, at + sizeof key - 1);
	free(t);
	return 0;
}

int gs_render_json(gs_sb *o, const gs_report *r) { return r->d ? json_diff(o, r) : gs_snapshot_write(o, r->snap); }

static json_t *report_json(const gs_report *r)
{
	const gs_delta *d = r->d;
	json_t *checks = json_array(), *notes = json_array();
	for (size_t i = 0; r->checks && checks && i < r->checks->n; i++) {
		const gs_check *k = &r->checks->v[i];
		json_t *added = json_array();
		for (size_t j = 0; added && j < k->nadded; j++)
			json_array_append_new(added, gs_json_str(k->added[j]));
		int pct = strcmp(k->unit, "percent") == 0;
		json_t *ck = json_pack("{s:o,s:o,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:I,s:I,s:o}", "budget", gs_json_str(k->name), "scope",
		                      gs_json_str(k->scope), "kind", k->kind, "level", k->level == GS_LVL_WARN ? "warn" : "error",
		                      "status", k->status == GS_LVL_ERROR ? "error" : k->status == GS_LVL_WARN ? "warn" : "pass",
		                      "text", gs_json_str(k->text), "actual",
		                      pct ? json_real(k->actual) : json_integer(dbl_int(k->actual)), "limit",
		                      pct ? json_real(k->limit) : json_integer(dbl_int(k->limit)), "unit", k->unit, "delta",
		                      (json_int_t)k->delta, "size", (json_int_t)k->size, "added", added);
		if (ck && !k->matched && strcmp(k->scope, "total") != 0) { /* a scope that matches nothing, and the nearest names */
			json_t *near = json_array();
			for (size_t j = 0; near && j < k->nnearest; j++)
				json_array_append_new(near, gs_json_str(k->nearest[j]));
			json_object_set_new(ck, "nearest", near ? near : json_null());
		}
		json_array_append_new(checks, ck);
	}
	for (size_t i = 0; notes && i < d->nnotes; i++)
		json_array_append_new(notes, gs_json_str(d->notes[i].text));
	json_t *o = json_pack("{s:i,s:s,s:o,s:s,s:o,s:o,s:o,s:{s:I,s:I,s:I},s:{s:I,s:I,s:I},s:o,s:o,s:o,s:o,s:o,s:o,s:o}",
	                      "schema", GS_DIFF_SCHEMA, "kind", "gosize-diff", "name", gs_json_str(r->name), "status",
	                      r->status, "override", r->override ? gs_json_str(r->override) : json_null(), "old",
	                      side(d->old), "new", side(d->new_),
	                      "total", "old", (json_int_t)d->old_total, "new", (json_int_t)d->new_total, "delta",
	                      (json_int_t)gs_delta_of(d->old_total, d->new_total), "unattributed", "old",
	                      (json_int_t)d->old_unattr, "new", (json_int_t)d->new_unattr, "delta",
	                      (json_int_t)gs_delta_of(d->old_unattr, d->new_unattr), "checks", checks, "notes", notes,
	                      "sections", rows_json(r, &d->sections, NULL, 0, 1), "categories",
	                      rows_json(r, &d->cats, NULL, 0, 1), "packages", rows_json(r, &d->packages, "module", 0, 0),
	                      "modules", rows_json(r, &d->modules, NULL, 1, 0), "symbols",
	                      json_array());
	if (o) { /* how the sides were built and judged, and what accepted a broken budget */
		json_t *rm = json_array();
		for (size_t i = 0; rm && i < r->nremarks; i++)
			json_array_append_new(rm, gs_json_str(r->remarks[i]));
		json_object_set_new(o, "remarks", rm ? rm : json_null());
		json_object_set_new(o, "accepted_by",
		                    r->override ? gs_json_str(r->accepted_by ? r->accepted_by : "a commit footer") : json_null());
	}
	if (o && (why_json(r, o) < 0 || json_object_set_new(o, "linker", gs_linker_json(&r->linker, r->top)) < 0)) {
		json_decref(o);
		o = NULL;
	}
	if (!o)
		gs_fail("out of memory");
	return o;
}
