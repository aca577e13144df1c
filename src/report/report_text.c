/* report_text.c - the report as aligned columns for a terminal. A delta:
 * every table fits the width (long names lose their middle), ends with a
 * "… N more" row so its rows add up, and uses "→" (or "->" without a UTF-8
 * locale). A snapshot: its build, sections, categories, packages, modules. */
#include <stdio.h>
#include <string.h>

#include "util/esc.h"
#include "util/fmt.h"
#include "report/render.h"

static const char *col(const gs_report *r, int64_t delta)
{
	if (!r->color)
		return "";
	return delta > 0 ? "\033[31m" : delta < 0 ? "\033[32m" : "";
}

static const char *reset(const gs_report *r) { return r->color ? "\033[0m" : ""; }

static const char *arrow(const gs_report *r) { return r->ascii ? "->" : "→"; }

/* s escaped for a terminal (esc.h) into buf, cut between UTF-8 characters if
 * it does not fit: the measuring and fitting work on what is printed. */
static const char *term(const char *s, char *buf, size_t n)
{
	gs_sb t = {0};
	gs_esc_term(&t, s);
	size_t len = t.s ? strlen(t.s) : 0;
	if (len >= n) {
		len = n - 1;
		while (len && ((unsigned char)t.s[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(buf, t.s ? t.s : "", len);
	buf[len] = '\0';
	gs_sb_dispose(&t);
	return buf;
}

/* Appends text escaped for a terminal; "→" becomes "->" without a UTF-8 locale. */
static void put(gs_sb *o, const gs_report *r, const char *text)
{
	gs_sb t = {0};
	gs_esc_term(&t, text);
	o->oom |= t.oom;
	for (const char *s = t.s ? t.s : "", *a; *s; s = a + strlen("→")) {
		if (!r->ascii || !(a = strstr(s, "→"))) {
			gs_sb_puts(o, s);
			break;
		}
		gs_sb_printf(o, "%.*s->", (int)(a - s), s);
	}
	gs_sb_dispose(&t);
}

/* the numeric columns: " OLD NEW DELTA %" */
#define NUMW (1 + 10 + 1 + 10 + 1 + 12 + 1 + 9)

typedef enum { EXTRA_NONE, EXTRA_MODULE, EXTRA_VERSION } extra_kind;

/* the last column, escaped */
static void extra_text(const gs_report *r, const gs_row *row, extra_kind x, char *buf, size_t n)
{
	char a[400], b[400];
	buf[0] = '\0';
	if (x == EXTRA_MODULE)
		term(row->module, buf, n);
	else if (x == EXTRA_VERSION && row->in_old && row->in_new && strcmp(row->old_ver, row->new_ver) != 0)
		snprintf(buf, n, "%s %s %s", term(row->old_ver, a, sizeof a), arrow(r), term(row->new_ver, b, sizeof b));
	else if (x == EXTRA_VERSION)
		term(row->in_new ? row->new_ver : row->old_ver, buf, n);
}

static void numbers(gs_sb *o, const gs_report *r, const char *old, const char *new_, int64_t delta, const char *pct)
{
	char c[40];
	gs_sb_puts(o, " ");
	gs_sb_pad(o, old, 10, 1);
	gs_sb_puts(o, " ");
	gs_sb_pad(o, new_, 10, 1);
	gs_sb_printf(o, " %s", col(r, delta));
	gs_sb_pad(o, gs_fmt_commas(delta, 1, c, sizeof c), 12, 1);
	gs_sb_printf(o, "%s ", reset(r));
	gs_sb_pad(o, pct, 9, 1);
}

/* tail: a last row that is not one of rs (the package table's [unattributed]), or NULL */
static void rows(gs_sb *o, const gs_report *r, const char *title, const gs_report_table *t, extra_kind x, const char *xtitle,
                 const gs_row *tail)
{
	const gs_rows *rs = t->rows;
	gs_hidden h = t->hidden;
	if (!h.listed)
		return;
	/* column widths from what is listed, within the width */
	int total = r->width > 0 ? r->width : 80, namew = (int)strlen(title), xw = xtitle ? (int)strlen(xtitle) : 0;
	char buf[1200], more[64], cm[40];
	snprintf(more, sizeof more, "%s %s more", r->ascii ? "..." : "…", gs_fmt_commas((int64_t)h.n, 0, cm, sizeof cm));
	if (h.n && gs_utf8_width(more) > namew)
		namew = gs_utf8_width(more);
	if (tail && gs_utf8_width(tail->name) > namew)
		namew = gs_utf8_width(tail->name);
	for (size_t i = 0, k = 0; i < rs->n && k < h.listed; i++) {
		const gs_row *row = &rs->v[i];
		if (!gs_report_row_shown(r, row))
			continue;
		k++;
		int w = gs_utf8_width(term(row->name, buf, sizeof buf));
		namew = w > namew ? w : namew;
		extra_text(r, row, x, buf, sizeof buf);
		xw = gs_utf8_width(buf) > xw ? gs_utf8_width(buf) : xw;
	}
	int avail = total - NUMW;
	if (x != EXTRA_NONE) { /* names first: the last column gets what they leave, at least a quarter */
		int xmax = avail - 2 - namew > avail / 4 ? avail - 2 - namew : avail / 4;
		xw = xw < xmax ? xw : xmax > 10 ? xmax : 10;
		avail -= 2 + xw;
	}
	if (namew > avail)
		namew = avail > 16 ? avail : 16;
	gs_sb_puts(o, "\n");
	gs_sb_pad(o, title, namew, 0);
	gs_sb_puts(o, " ");
	gs_sb_pad(o, "OLD", 10, 1);
	gs_sb_puts(o, " ");
	gs_sb_pad(o, "NEW", 10, 1);
	gs_sb_puts(o, " ");
	gs_sb_pad(o, "DELTA", 12, 1);
	gs_sb_puts(o, " ");
	gs_sb_pad(o, "%", 9, 1);
	if (xtitle)
		gs_sb_printf(o, "  %s", xtitle);
	gs_sb_puts(o, "\n");
	for (size_t i = 0, k = 0; i < rs->n && k < h.listed; i++) {
		const gs_row *row = &rs->v[i];
		if (!gs_report_row_shown(r, row))
			continue;
		k++;
		char a[32], b[32], p[32], name[1200];
		gs_sb_pad(o, gs_fmt_fit(term(row->name, name, sizeof name), namew, r->ascii, buf, sizeof buf), namew, 0);
		/* a new row reads "-" then "new"; a removed one "-" then "removed" */
		numbers(o, r, row->in_old ? gs_fmt_human(row->old, a, sizeof a) : "-", row->in_new ? gs_fmt_human(row->new_, b, sizeof b) : "-",
		        gs_row_delta(row), row->in_new ? gs_fmt_percent(row->old, row->new_, p, sizeof p) : "removed");
		if (x != EXTRA_NONE) {
			extra_text(r, row, x, name, sizeof name);
			gs_sb_printf(o, "  %s", gs_fmt_fit(name, xw, r->ascii, buf, sizeof buf));
		}
		gs_sb_puts(o, "\n");
	}
	if (h.n) {
		char a[32], b[32], p[32];
		gs_sb_pad(o, more, namew, 0);
		numbers(o, r, gs_fmt_human(h.old, a, sizeof a), gs_fmt_human(h.new_, b, sizeof b), gs_delta_of(h.old, h.new_),
		        gs_fmt_percent(h.old, h.new_, p, sizeof p));
		gs_sb_puts(o, "\n");
	}
	if (tail) {
		char a[32], b[32], p[32];
		gs_sb_pad(o, tail->name, namew, 0);
		numbers(o, r, gs_fmt_human(tail->old, a, sizeof a), gs_fmt_human(tail->new_, b, sizeof b), gs_row_delta(tail),
		        gs_fmt_percent(tail->old, tail->new_, p, sizeof p));
		gs_sb_puts(o, "\n");
	}
}

static void text_headline(gs_sb *o, const gs_report *r)
{
	const gs_delta *d = r->d;
	char a[32], b[32], c[32], p[32], e[40];
	int64_t delta = gs_delta_of(d->old_total, d->new_total);
	gs_esc_term(o, r->name);
	gs_sb_printf(o, ": %s %s %s (%s%s%s, %s; %s B)\n", gs_fmt_human(d->old_total, a, sizeof a), arrow(r),
	             gs_fmt_human(d->new_total, b, sizeof b), col(r, delta), gs_fmt_human_delta(delta, c, sizeof c), reset(r),
	             gs_fmt_percent(d->old_total, d->new_total, p, sizeof p), gs_fmt_commas(delta, 1, e, sizeof e));
}

static void text_remarks(gs_sb *o, const gs_report *r)
{
	for (size_t i = 0; i < r->nremarks; i++) {
		put(o, r, r->remarks[i]); /* the remarks say "→" */
		gs_sb_puts(o, "\n");
	}
}

static void text_budgets(gs_sb *o, const gs_report *r)
{
	if (!r->checks || !r->checks->n)
		return;
	gs_sb_puts(o, "\nBUDGET\n");
	for (size_t i = 0; i < r->checks->n; i++) {
		const gs_check *k = &r->checks->v[i];
		const char *s = k->status == GS_LVL_ERROR ? "FAIL" : k->status == GS_LVL_WARN ? "WARN" : "ok";
		gs_sb_printf(o, "  %-4s  ", s);
		gs_esc_term(o, k->named ? k->name : k->scope);
		gs_sb_printf(o, " %s ", r->ascii ? "-" : "—");
		gs_esc_term(o, k->text);
		gs_sb_puts(o, "\n");
	}
	gs_sb_printf(o, "status: %s", r->status);
	if (r->override && r->checks->worst > GS_LVL_PASS) {
		gs_sb_puts(o, " (");
		if (r->accepted_by) {
			gs_sb_puts(o, "accepted by ");
			gs_esc_term(o, r->accepted_by);
		} else {
			gs_esc_term(o, r->footer_name ? r->footer_name : "Binary-Size");
			gs_sb_puts(o, ": ");
			gs_esc_term(o, r->override);
		}
		gs_sb_puts(o, ")");
	}
	gs_sb_puts(o, "\n");
}

static void text_notes(gs_sb *o, const gs_report *r)
{
	for (size_t i = 0; i < r->d->nnotes; i++) {
		gs_sb_printf(o, "%snote: ", i ? "" : "\n");
		put(o, r, r->d->notes[i].text); /* the notes say "→" */
		gs_sb_puts(o, "\n");
	}
}

static void text_savings(gs_sb *o, const gs_report *r, const char *title)
{
	if (!r->savings_shown)
		return;
	gs_sb_puts(o, title);
	gs_report_savings_line(o, r->snap);
	gs_sb_puts(o, "\n");
}

static void text_why(gs_sb *o, const gs_report *r)
{
	const gs_report_why *w = &r->why;
	char a[32];
	if (!w->shown)
		return;
	if (w->note) {
		gs_sb_puts(o, "\nwhy: import chains unavailable: ");
		gs_esc_term(o, w->note);
		gs_sb_puts(o, "\n");
	}
	for (size_t i = 0; i < w->n && i < (size_t)r->top; i++) {
		const gs_why *e = &w->v[i];
		gs_sb_printf(o, "%snew import ", i ? "" : "\n");
		gs_esc_term(o, e->pkg);
		gs_sb_printf(o, " brings %s in %zu package%s: ", gs_fmt_human(e->weight, a, sizeof a), e->npkgs, e->npkgs == 1 ? "" : "s");
		for (size_t k = 0; k < e->nchain; k++) {
			gs_sb_printf(o, "%s", k ? (r->ascii ? " -> " : " → ") : "");
			gs_esc_term(o, !k ? "main" : r->ascii && strcmp(e->chain[k], "…") == 0 ? "..." : e->chain[k]);
		}
		gs_sb_puts(o, "\n");
	}
}

static void text_chain(gs_sb *o, const gs_report *r, const char *const *c, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		gs_sb_puts(o, k ? (r->ascii ? " -> " : " → ") : "");
		gs_esc_term(o, r->ascii && strcmp(c[k], "…") == 0 ? "..." : c[k]);
	}
}

/* Under the headline, when dead-code elimination of methods turned off. */
static void text_dce(gs_sb *o, const gs_report *r)
{
	const gs_causes *c = &r->linker;
	char h[32];
	if (!c->dce_turned_off)
		return;
	gs_sb_printf(o, "%sdead-code elimination of methods turned off%s (every exported method of every reachable type is "
	                "kept; about %s of this change): ",
	             col(r, 1), reset(r), gs_fmt_human(c->dce_cost, h, sizeof h));
	text_chain(o, r, c->dce_chain, c->ndce_chain);
	gs_sb_puts(o, "\n");
}

/* Why it grew, from the linker: the top causes. */
static void text_linker(gs_sb *o, const gs_report *r)
{
	const gs_causes *c = &r->linker;
	char h[32], h2[32];
	if (!c->new_)
		return;
	gs_sb_printf(o, "\nlinker: dead-code elimination of methods %s %s %s", gs_dce_name(c->old_dce), arrow(r),
	             gs_dce_name(c->new_dce));
	if (!c->available) {
		gs_sb_puts(o, "; causes unavailable: ");
		gs_esc_term(o, c->note);
		gs_sb_puts(o, "\n");
		return;
	}
	gs_sb_printf(o, "; %s of the symbols' %s growth explained", gs_fmt_human(c->explained, h, sizeof h),
	             gs_fmt_human(c->growth, h2, sizeof h2));
	if (c->growth)
		gs_sb_printf(o, " (%.1f%%)", 100.0 * (double)c->explained / (double)c->growth);
	gs_sb_puts(o, "\n");
	for (size_t i = 0; i < c->n && i < (size_t)r->top; i++) {
		const gs_cause *e = &c->v[i];
		gs_sb_printf(o, "cause %s keeps %s in %zu symbol%s: ",
		             e->kind == GS_CAUSE_DCE ? "dce-off" : e->kind == GS_CAUSE_GREW ? "grew" : "new",
		             gs_fmt_human(e->bytes, h, sizeof h), e->symbols, e->symbols == 1 ? "" : "s");
		text_chain(o, r, e->chain, e->nchain);
		gs_sb_puts(o, "\n");
	}
}

static int text_diff(gs_sb *o, const gs_report *r)
{
	text_headline(o, r);
	text_remarks(o, r);
	text_dce(o, r);
	text_budgets(o, r);
	text_notes(o, r);
	text_savings(o, r, "\nsavings:");
	rows(o, r, "SECTION", &r->sections, EXTRA_NONE, NULL, NULL);
	rows(o, r, "PACKAGE", &r->packages, EXTRA_MODULE, "MODULE", r->unattr_shown ? &r->unattr : NULL);
	rows(o, r, "MODULE", &r->modules, EXTRA_VERSION, "VERSION", NULL);
	text_why(o, r);
	text_linker(o, r);
	rows(o, r, "SYMBOL", &r->symbols, EXTRA_NONE, NULL, NULL);
	return 0;
}

/* A snapshot's columns: every column after the first is a separating space then
 * a right-aligned cell at least as wide as its widest possible value
 * (gs_fmt_human's longest is "1023.9 KiB"), so wide values never run into their
 * neighbours; a name wider than its column pushes the rest of its row right but
 * stays separated by a space. */
#define SIZE_W 10

static void row_size(gs_sb *o, uint64_t v, int width)
{
	char h[32];
	gs_sb_puts(o, " ");
	gs_sb_pad(o, gs_fmt_human(v, h, sizeof h), width < SIZE_W ? SIZE_W : width, 1);
}

static void head(gs_sb *o, const char *title, int width)
{
	gs_sb_puts(o, " ");
	gs_sb_pad(o, title, width < SIZE_W ? SIZE_W : width, 1);
}

static double pct(uint64_t a, uint64_t b) { return b ? 100.0 * (double)a / (double)b : 0.0; }

/* The file, the Go build and what it is made of. */
static void snapshot_head(gs_sb *o, const gs_report *r)
{
	const gs_snapshot *s = r->snap;
	const gs_buildinfo *bi = &s->bi;
	char h[32], e[40];
	gs_esc_term(o, s->path);
	gs_sb_printf(o, ": %s (%s B), ", gs_fmt_human(s->file_size, h, sizeof h), gs_fmt_commas((int64_t)s->file_size, 0, e, sizeof e));
	gs_esc_term(o, s->format);
	gs_sb_puts(o, " ");
	gs_esc_term(o, s->arch);
	gs_sb_printf(o, ", %s%s%s\n", s->has_symtab ? "symbols" : "stripped", s->has_dwarf ? ", DWARF" : "", s->pie ? ", PIE" : "");
	gs_sb_puts(o, "Go: ");
	gs_esc_term(o, bi->goversion ? bi->goversion : "unknown version");
	if (bi->version_from) {
		gs_sb_puts(o, " (from ");
		gs_esc_term(o, bi->version_from);
		gs_sb_puts(o, ", no build info)");
	}
	if (bi->path) {
		gs_sb_puts(o, ", main package ");
		gs_esc_term(o, bi->path);
	}
	if (bi->main.path) {
		gs_sb_puts(o, " (module ");
		gs_esc_term(o, bi->main.path);
		gs_sb_puts(o, " ");
		gs_esc_term(o, bi->main.version ? bi->main.version : "");
		gs_sb_puts(o, ")");
	}
	if (bi->no_modinfo)
		gs_sb_puts(o, ", module list unknown (not in the file)");
	gs_sb_printf(o, ", %zu dependencies, %llu functions\n", bi->ndeps, (unsigned long long)s->nfuncs);
	const char *keys[] = {"-ldflags", "-trimpath", "CGO_ENABLED", "GOARCH", "GOOS", "vcs.revision"};
	int any = 0;
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const char *v = gs_buildinfo_setting(bi, keys[i]);
		if (v) {
			gs_sb_printf(o, "%s%s=", any ? "  " : "Build: ", keys[i]);
			gs_esc_term(o, v);
			any = 1;
		}
	}
	if (any)
		gs_sb_puts(o, "\n");
	gs_sb_printf(o, "Attributed: %s of %s (%.1f%%); unattributed %s\n", gs_fmt_human(s->attributed, h, sizeof h),
	             gs_fmt_human(s->file_size, (char[32]){0}, 32), pct(s->attributed, s->file_size),
	             gs_fmt_human(s->unattributed, (char[32]){0}, 32));
}

static void snapshot_sections(gs_sb *o, const gs_snapshot *s)
{
	char h[32];
	gs_sb_puts(o, "\n");
	gs_sb_pad(o, "SECTION", 31, 0);
	gs_sb_puts(o, " ");
	gs_sb_pad(o, "KIND", 8, 0);
	head(o, "FILE SIZE", SIZE_W);
	head(o, "VM SIZE", SIZE_W);
	head(o, "UNATTRIBUTED", 13);
	gs_sb_puts(o, "\n");
	for (size_t i = 0; i < s->nsecs; i++) {
		const gs_snap_section *x = &s->secs[i];
		if (!x->size && !x->vmsize)
			continue;
		gs_esc_term_pad(o, x->name, 31);
		gs_sb_puts(o, " ");
		gs_esc_term_pad(o, x->kind, 8);
		row_size(o, x->size, SIZE_W);
		row_size(o, x->vmsize, SIZE_W);
		row_size(o, x->unattributed, 13);
		if (x->usize)
			gs_sb_printf(o, "  (compressed; %s uncompressed)", gs_fmt_human(x->usize, h, sizeof h));
		gs_sb_puts(o, "\n");
	}
}

static void snapshot_categories(gs_sb *o, const gs_report *r)
{
	const gs_snapshot *s = r->snap;
	/* the widest category name is "unattributed" */
	gs_sb_puts(o, "\n");
	gs_sb_pad(o, "CATEGORY", 12, 0);
	head(o, "SIZE", SIZE_W);
	gs_sb_puts(o, "   SHARE\n");
	for (int k = 0; k < GS_CAT_N; k++)
		if (r->cats[k]) {
			gs_sb_pad(o, gs_cat_name((gs_cat)k), 12, 0);
			row_size(o, r->cats[k], SIZE_W);
			gs_sb_printf(o, "  %5.1f%%\n", pct(r->cats[k], s->file_size));
		}
	if (s->unattributed) {
		gs_sb_pad(o, "unattributed", 12, 0);
		row_size(o, s->unattributed, SIZE_W);
		gs_sb_printf(o, "  %5.1f%%\n", pct(s->unattributed, s->file_size));
	}
}

static void snapshot_packages(gs_sb *o, const gs_snapshot *s, int top)
{
	gs_sb_puts(o, "\n");
	gs_sb_pad(o, "PACKAGE", 45, 0);
	head(o, "SIZE", SIZE_W);
	head(o, "CODE", SIZE_W);
	head(o, "PCLNTAB", SIZE_W);
	head(o, "OTHER", SIZE_W);
	gs_sb_puts(o, "   FUNCS  MODULE\n");
	for (size_t i = 0; i < s->npkgs && (int)i < top; i++) {
		const gs_snap_pkg *p = &s->pkgs[i];
		gs_esc_term_pad(o, p->name, 45);
		row_size(o, p->size, SIZE_W);
		row_size(o, p->cat[GS_CAT_CODE], SIZE_W);
		row_size(o, gs_pkg_pcln(p), SIZE_W);
		row_size(o, p->size - p->cat[GS_CAT_CODE] - gs_pkg_pcln(p), SIZE_W);
		gs_sb_printf(o, " %7llu  ", (unsigned long long)p->functions);
		gs_esc_term(o, p->module);
		gs_sb_puts(o, "\n");
	}
	if (s->npkgs > (size_t)top)
		gs_sb_printf(o, "... %zu more packages\n", s->npkgs - (size_t)top);
}

static void snapshot_modules(gs_sb *o, const gs_snapshot *s, int top)
{
	gs_sb_puts(o, "\n");
	gs_sb_pad(o, "MODULE", 45, 0);
	head(o, "SIZE", SIZE_W);
	gs_sb_puts(o, "  PACKAGES  VERSION\n");
	for (size_t i = 0; i < s->nmods && (int)i < top; i++) {
		const gs_snap_module *m = &s->mods[i];
		gs_esc_term_pad(o, m->path, 45);
		row_size(o, m->size, SIZE_W);
		gs_sb_printf(o, "  %8llu  ", (unsigned long long)m->packages);
		gs_esc_term(o, m->version);
		gs_sb_puts(o, "\n");
	}
	if (s->nmods > (size_t)top)
		gs_sb_printf(o, "... %zu more modules\n", s->nmods - (size_t)top);
}

/* A snapshot gosize built: dead-code elimination of methods in that build, and what switched it off. */
static void snapshot_dce(gs_sb *o, const gs_report *r)
{
	const gs_reach *x = r->snap->reach;
	if (!x)
		return;
	gs_sb_printf(o, "Dead-code elimination of methods: %s", gs_dce_name(x->dce));
	if (x->dce == GS_DCE_OFF) {
		gs_sb_puts(o, " (");
		gs_esc_term(o, x->dce_reason);
		gs_sb_puts(o, ")");
		if (x->ndce_chain)
			gs_sb_puts(o, ": ");
		text_chain(o, r, (const char *const *)x->dce_chain, x->ndce_chain);
	}
	gs_sb_puts(o, "\n");
}

static int text_snapshot(gs_sb *o, const gs_report *r)
{
	snapshot_head(o, r);
	snapshot_dce(o, r);
	text_savings(o, r, "Savings:");
	snapshot_sections(o, r->snap);
	snapshot_categories(o, r);
	snapshot_packages(o, r->snap, r->top);
	snapshot_modules(o, r->snap, r->top);
	return 0;
}

int gs_render_text(gs_sb *o, const gs_report *r) { return r->d ? text_diff(o, r) : text_snapshot(o, r); }
