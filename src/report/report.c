/* report.c - the report model every renderer shares, computed once by
 * gs_report_build: the status, which rows of each table are shown and what
 * the hidden ones add up to, whether savings are worth showing, why the new
 * packages are here, a snapshot's category totals. The renderers (report_md,
 * report_text, report_json, report_csv, report_html, report_svg) only lay it
 * out; render.c picks one by format. */
#include "report/report.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/fmt.h"
#include "util/mem.h"
#include "util/strmap.h"

const char *gs_report_status(const gs_report *r)
{
	gs_level w = r->checks ? r->checks->worst : GS_LVL_PASS;
	if (w > GS_LVL_PASS && r->override)
		return "overridden";
	return w == GS_LVL_ERROR ? "error" : w == GS_LVL_WARN ? "warn" : "pass";
}

int gs_report_row_shown(const gs_report *r, const gs_row *row)
{
	int64_t d = gs_row_delta(row);
	uint64_t mag = d < 0 ? (uint64_t)-d : (uint64_t)d;
	return (mag > 0 || row->in_old != row->in_new) && mag >= r->min_change;
}

gs_hidden gs_report_hidden(const gs_report *r, const gs_rows *rows)
{
	gs_hidden h = {0};
	for (size_t i = 0; i < rows->n; i++) {
		const gs_row *row = &rows->v[i];
		if (gs_report_row_shown(r, row) && h.listed < (size_t)(r->top > 0 ? r->top : 0)) {
			h.listed++;
		} else if (gs_row_delta(row) || row->in_old != row->in_new) {
			h.n++;
			h.old += row->old;
			h.new_ += row->new_;
		}
	}
	return h;
}

static int moved(uint64_t old, uint64_t new_)
{
	if (!old != !new_)
		return 1;
	uint64_t d = old > new_ ? old - new_ : new_ - old;
	return (double)d > 0.1 * (double)old;
}

int gs_report_savings_shown(const gs_report *r)
{
	const gs_snapshot *o = r->d->old, *n = r->d->new_;
	if (!n->save_s && !n->save_w && !n->save_trimpath)
		return 0;
	return (r->checks && r->checks->worst > GS_LVL_PASS) || moved(o->save_s, n->save_s) || moved(o->save_w, n->save_w) ||
	       moved(o->save_trimpath, n->save_trimpath);
}

void gs_report_savings_line(gs_sb *o, const gs_snapshot *s)
{
	char h[32];
	const char *sep = " ";
	if (s->save_s) {
		gs_sb_printf(o, "%s-ldflags=-s would save %s", sep, gs_fmt_human(s->save_s, h, sizeof h));
		sep = ", ";
	}
	if (s->save_w) {
		gs_sb_printf(o, "%s-ldflags=-w %s", sep, gs_fmt_human(s->save_w, h, sizeof h));
		sep = ", ";
	}
	if (s->save_trimpath)
		gs_sb_printf(o, "%s-trimpath about %s (shorter file names; estimate)", sep, gs_fmt_human(s->save_trimpath, h, sizeof h));
}

/* A table: the shown rows, which of them are listed (at most top; with
 * buckets_last, real packages before [buckets]) and what the rest adds up to. */
static int table(gs_report_table *t, const gs_report *r, const gs_rows *rows, int buckets_last)
{
	size_t top = (size_t)(r->top > 0 ? r->top : 0), k = 0;
	memset(t, 0, sizeof *t);
	t->rows = rows;
	for (size_t i = 0; i < rows->n; i++)
		t->shown += gs_report_row_shown(r, &rows->v[i]);
	size_t n = t->shown < top ? t->shown : top;
	if (n && !(t->listed = malloc(n * sizeof *t->listed)))
		return gs_fail("out of memory");
	for (int pass = buckets_last ? 0 : 1; pass < 2; pass++)
		for (size_t i = 0; i < rows->n && k < n; i++) {
			const gs_row *row = &rows->v[i];
			int bucket = row->name[0] == '[';
			if (gs_report_row_shown(r, row) && (pass == 1 ? !buckets_last || bucket : !bucket))
				t->listed[k++] = i;
		}
	t->hidden.listed = k;
	/* the changed rows not listed, summed */
	char *in = calloc(rows->n ? rows->n : 1, 1);
	if (!in)
		return gs_fail("out of memory");
	for (size_t j = 0; j < k; j++)
		in[t->listed[j]] = 1;
	for (size_t i = 0; i < rows->n; i++) {
		const gs_row *row = &rows->v[i];
		if (!in[i] && (gs_row_delta(row) || row->in_old != row->in_new)) {
			t->hidden.n++;
			t->hidden.old += row->old;
			t->hidden.new_ += row->new_;
		}
	}
	free(in);
	return 0;
}

/* The why: the new imports (gs_why_new, the only call in a run) and every new
 * package's shortest chain. */
static int why_build(gs_report_why *w, const gs_delta *d)
{
	if (gs_why_new(&w->v, &w->n, &w->note, d) < 0)
		return -1;
	w->shown = gs_imports_has_new_packages(d) && !gs_imports_never_built(d->new_);
	if (w->note)
		return 0;
	/* each new package once, with its importer on a shortest chain (one BFS for all) */
	const gs_snapshot *s = d->new_;
	const char **imp;
	if (gs_imports_importers(&imp, s) < 0)
		return -1;
	gs_strmap idx = {0};
	int rc = -1;
	size_t cap = 0;
	for (size_t i = 0; i < s->nimps; i++)
		if (gs_strmap_put(&idx, gs_imports_pkgname(s, s->imps[i].pkg), i) < 0)
			goto out;
	for (size_t i = 0; i < d->packages.n; i++) {
		const gs_row *row = &d->packages.v[i];
		if (row->in_old || row->name[0] == '[')
			continue;
		size_t k = gs_strmap_get(&idx, row->name);
		if (k == (size_t)-1 || !imp[k])
			continue;
		gs_report_newpkg *e = GS_PUSH(w->newpkgs, w->nnew, cap);
		if (!e)
			goto out;
		*e = (gs_report_newpkg){.pkg = row->name, .importer = gs_imports_pkgname(s, imp[k])};
	}
	rc = 0;
out:
	gs_strmap_dispose(&idx);
	free(imp);
	return rc;
}

int gs_report_build(gs_report *r)
{
	const gs_delta *d = r->d;
	r->built = 1;
	r->status = gs_report_status(r);
	if (!d) { /* a single snapshot: what it would save is always worth a line */
		const gs_snapshot *s = r->snap;
		r->savings_shown = s->save_w || s->save_s || s->save_trimpath;
		for (size_t i = 0; i < s->npkgs; i++)
			for (int k = 0; k < GS_CAT_N; k++)
				r->cats[k] += s->pkgs[i].cat[k];
		return 0;
	}
	r->snap = d->new_;
	r->savings_shown = gs_report_savings_shown(r);
	if (table(&r->sections, r, &d->sections, 0) < 0 || table(&r->packages, r, &d->packages, 1) < 0 ||
	    table(&r->modules, r, &d->modules, 0) < 0 || table(&r->symbols, r, &d->symbols, 0) < 0)
		return -1;
	r->unattr = (gs_row){.name = "[unattributed]", .old = d->old_unattr, .new_ = d->new_unattr, .in_old = 1, .in_new = 1};
	r->unattr_shown = d->old_unattr || d->new_unattr;
	if (why_build(&r->why, d) < 0)
		return -1;
	return gs_causes_compute(&r->linker, d);
}

void gs_report_dispose(gs_report *r)
{
	gs_report_table *tabs[] = {&r->sections, &r->packages, &r->modules, &r->symbols};
	for (size_t i = 0; i < sizeof tabs / sizeof *tabs; i++) {
		free(tabs[i]->listed);
		tabs[i]->listed = NULL;
	}
	gs_why_free(r->why.v, r->why.n);
	free(r->why.newpkgs);
	memset(&r->why, 0, sizeof r->why);
	gs_causes_dispose(&r->linker);
	r->built = 0;
}
