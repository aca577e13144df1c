/* report_text.c - the report as aligned columns for a terminal. A delta:
 * every table fits the width (long names lose their middle), ends with a
 * "… N more" row so its rows add up, and uses "→" (or "->" without a UTF-8
 * locale). A snapshot: its build, sections, categories, packages, modules. */
#include <stdio.h>
#include <string.h>

#include "util/esc.h"
#include "util/fmt.h"
#include "util/term.h"
#include "report/text_table.h"
#include "report/render.h"

static const char *col(const gs_report *r, int64_t delta)
{
	if (!r->color)
		return "";
	return delta > 0 ? "\033[31m" : delta < 0 ? "\033[32m" : "";
}

static const char *reset(const gs_report *r) { return r->color ? "\033[0m" : ""; }

static const char *arrow(const gs_report *r) { return r->ascii ? "->" : "→"; }

static int width_of(const gs_report *r) { return r->width > 0 ? r->width : 80; }

/* Appends text (already escaped) wrapped at the report's width, starting at column at, then indented. */
static void wrap(gs_sb *o, const gs_report *r, const char *text, int at, int indent)
{
	gs_term_wrap(o, text, width_of(r), at, indent);
}

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

/* The module of package pkg in the delta, or NULL (a symbol's name is shortened by its module's prefix). */
static const char *module_of(const gs_report *r, const char *pkg)
{
	const gs_rows *p = &r->d->packages;
	for (size_t i = 0; pkg && i < p->n; i++)
		if (strcmp(p->v[i].name, pkg) == 0)
			return p->v[i].module;
	return NULL;
}

/* One row of a delta table: NAME OLD NEW DELTA % [EXTRA]; old/new NULL: "-". */
static void add_row(gs_tt *t, const gs_report *r, const char *name, const char *pkg, const char *module,
                    const uint64_t *old, const uint64_t *new_, const char *pct, const char *extra)
{
	char nm[1200], a[32], b[32], c[40], d[80];
	int64_t delta = gs_delta_of(old ? *old : 0, new_ ? *new_ : 0);
	snprintf(d, sizeof d, "%s%s%s", col(r, delta), gs_fmt_commas(delta, 1, c, sizeof c), reset(r));
	const char *cells[] = {term(name, nm, sizeof nm), old ? gs_fmt_human(*old, a, sizeof a) : "-",
	                       new_ ? gs_fmt_human(*new_, b, sizeof b) : "-", d, pct, extra};
	gs_tt_add(t, cells, pkg, module);
}

/* A delta table fitted to the width (report/text_table.h): names lose their
 * module's prefix before anything else, then the extra column (MODULE) gives
 * way, then %; versions are never cut. tail: a last row that is not one of the
 * table's (the package table's [unattributed]), or NULL. */
static void rows(gs_sb *o, const gs_report *r, const char *title, const gs_report_table *t, extra_kind x, const char *xtitle,
                 const gs_row *tail)
{
	const gs_rows *rs = t->rows;
	gs_hidden h = t->hidden;
	if (!h.listed)
		return;
	const gs_tt_col cols[] = {
		{title, 0, 0, GS_TT_FIT_PATH, 0, 0},        {"OLD", 1, 0, GS_TT_FIT_NONE, 0, 0},
		{"NEW", 1, 0, GS_TT_FIT_NONE, 0, 0},        {"DELTA", 1, 0, GS_TT_FIT_NONE, 0, 0},
		{"%", 1, 2, GS_TT_FIT_NONE, 0, 0},          {xtitle, 0, x == EXTRA_VERSION ? 0 : 1,
		                                             x == EXTRA_VERSION ? GS_TT_FIT_NONE : GS_TT_FIT_PATH, 0, x == EXTRA_VERSION},
	};
	gs_tt tt;
	gs_tt_init(&tt, cols, x == EXTRA_NONE ? 5 : 6);
	int symbols = rs == &r->d->symbols, packages = rs == &r->d->packages;
	for (size_t k = 0; k < h.listed; k++) {
		const gs_row *row = &rs->v[t->listed[k]];
		char p[32], ex[900];
		extra_text(r, row, x, ex, sizeof ex);
		/* a package is shortened under its module; a symbol under its package's module */
		const char *pkg = symbols ? row->module : packages ? row->name : NULL;
		const char *mod = symbols ? module_of(r, row->module) : packages ? row->module : NULL;
		/* a new row reads "-" then "new"; a removed one "-" then "removed" */
		add_row(&tt, r, row->name, pkg, mod, row->in_old ? &row->old : NULL, row->in_new ? &row->new_ : NULL,
		        row->in_new ? gs_fmt_percent(row->old, row->new_, p, sizeof p) : "removed", ex);
	}
	if (h.n) {
		char more[64], cm[40], p[32];
		snprintf(more, sizeof more, "%s %s more", r->ascii ? "..." : "…", gs_fmt_commas((int64_t)h.n, 0, cm, sizeof cm));
		add_row(&tt, r, more, NULL, NULL, &h.old, &h.new_, gs_fmt_percent(h.old, h.new_, p, sizeof p), "");
	}
	if (tail) {
		char p[32];
		add_row(&tt, r, tail->name, NULL, NULL, &tail->old, &tail->new_, gs_fmt_percent(tail->old, tail->new_, p, sizeof p), "");
	}
	gs_sb_puts(o, "\n");
	gs_tt_render(o, &tt, width_of(r), r->ascii);
	gs_tt_dispose(&tt);
}

static void text_headline(gs_sb *o, const gs_report *r)
{
	const gs_delta *d = r->d;
	char a[32], b[32], c[32], p[32], e[40];
	int64_t delta = gs_delta_of(d->old_total, d->new_total);
	gs_sb line = {0};
	gs_esc_term(&line, r->name);
	gs_sb_printf(&line, ": %s %s %s (%s%s%s, %s; %s B)", gs_fmt_human(d->old_total, a, sizeof a), arrow(r),
	             gs_fmt_human(d->new_total, b, sizeof b), col(r, delta), gs_fmt_human_delta(delta, c, sizeof c), reset(r),
	             gs_fmt_percent(d->old_total, d->new_total, p, sizeof p), gs_fmt_commas(delta, 1, e, sizeof e));
	o->oom |= line.oom;
	wrap(o, r, line.s ? line.s : "", 0, 2);
	gs_sb_dispose(&line);
}

static void text_remarks(gs_sb *o, const gs_report *r)
{
	for (size_t i = 0; i < r->nremarks; i++) {
		gs_sb line = {0};
		put(&line, r, r->remarks[i]); /* the remarks say "→" */
		o->oom |= line.oom;
		wrap(o, r, line.s ? line.s : "", 0, 2);
		gs_sb_dispose(&line);
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
		gs_sb line = {0};
		gs_esc_term(&line, k->named ? k->name : k->scope);
		gs_sb_printf(&line, " %s ", r->ascii ? "-" : "—");
		gs_esc_term(&line, k->text);
		o->oom |= line.oom;
		gs_sb_printf(o, "  %-4s  ", s);
		wrap(o, r, line.s ? line.s : "", 8, 8);
		gs_sb_dispose(&line);
	}
	gs_sb line = {0};
	gs_sb_printf(&line, "status: %s", r->status);
	if (r->override && r->checks->worst > GS_LVL_PASS) {
		gs_sb_puts(&line, " (");
		if (r->accepted_by) {
			gs_sb_puts(&line, "accepted by ");
			gs_esc_term(&line, r->accepted_by);
		} else {
			gs_esc_term(&line, r->footer_name ? r->footer_name : "Binary-Size");
			gs_sb_puts(&line, ": ");
			gs_esc_term(&line, r->override);
		}
		gs_sb_puts(&line, ")");
	}
	o->oom |= line.oom;
	wrap(o, r, line.s ? line.s : "", 0, 2);
	gs_sb_dispose(&line);
}

static void text_notes(gs_sb *o, const gs_report *r)
{
	for (size_t i = 0; i < r->d->nnotes; i++) {
		gs_sb line = {0};
		gs_sb_puts(o, i ? "note: " : "\nnote: ");
		put(&line, r, r->d->notes[i].text); /* the notes say "→" */
		o->oom |= line.oom;
		wrap(o, r, line.s ? line.s : "", 6, 6);
		gs_sb_dispose(&line);
	}
}

static void text_savings(gs_sb *o, const gs_report *r, const char *title)
{
	if (!r->savings_shown)
		return;
	gs_sb line = {0};
	if (*title == '\n') { /* a blank line before */
		gs_sb_puts(o, "\n");
		title++;
	}
	gs_sb_puts(&line, title);
	gs_report_savings_line(&line, r->snap);
	o->oom |= line.oom;
	wrap(o, r, line.s ? line.s : "", 0, 2);
	gs_sb_dispose(&line);
}

static void text_why(gs_sb *o, const gs_report *r)
{
	const gs_report_why *w = &r->why;
	char a[32];
	if (!w->shown)
		return;
	if (w->note) {
		gs_sb line = {0};
		gs_sb_puts(&line, "why: import chains unavailable: ");
		gs_esc_term(&line, w->note);
		o->oom |= line.oom;
		gs_sb_puts(o, "\n");
		wrap(o, r, line.s ? line.s : "", 0, 2);
		gs_sb_dispose(&line);
	}
	for (size_t i = 0; i < w->n && i < (size_t)r->top; i++) {
		const gs_why *e = &w->v[i];
		gs_sb line = {0};
		gs_sb_puts(&line, "new import ");
		gs_esc_term(&line, e->pkg);
		gs_sb_printf(&line, " brings %s in %zu package%s:", gs_fmt_human(e->weight, a, sizeof a), e->npkgs, e->npkgs == 1 ? "" : "s");
		for (size_t k = 0; k < e->nchain; k++) {
			gs_sb_printf(&line, " %s", k ? (r->ascii ? "-> " : "→ ") : "");
			gs_esc_term(&line, !k ? "main" : r->ascii && strcmp(e->chain[k], "…") == 0 ? "..." : e->chain[k]);
		}
		o->oom |= line.oom;
		gs_sb_puts(o, i ? "" : "\n");
		wrap(o, r, line.s ? line.s : "", 0, 4);
		gs_sb_dispose(&line);
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
	gs_sb line = {0};
	gs_sb_printf(&line, "%sdead-code elimination of methods turned off%s (every exported method of every reachable type is "
	                    "kept; about %s of this change): ",
	             col(r, 1), reset(r), gs_fmt_human(c->dce_cost, h, sizeof h));
	text_chain(&line, r, c->dce_chain, c->ndce_chain);
	o->oom |= line.oom;
	wrap(o, r, line.s ? line.s : "", 0, 4);
	gs_sb_dispose(&line);
}

/* Why it grew, from the linker: the top causes. */
static void text_linker(gs_sb *o, const gs_report *r)
{
	const gs_causes *c = &r->linker;
	char h[32], h2[32];
	if (!c->new_)
		return;
	gs_sb line = {0};
	gs_sb_puts(o, "\n");
	gs_sb_printf(&line, "linker: dead-code elimination of methods %s %s %s", gs_dce_name(c->old_dce), arrow(r),
	             gs_dce_name(c->new_dce));
	if (!c->available) {
		gs_sb_puts(&line, "; causes unavailable: ");
		gs_esc_term(&line, c->note);
	} else {
		gs_sb_printf(&line, "; %s of the symbols' %s growth explained", gs_fmt_human(c->explained, h, sizeof h),
		             gs_fmt_human(c->growth, h2, sizeof h2));
		if (c->growth)
			gs_sb_printf(&line, " (%.1f%%)", 100.0 * (double)c->explained / (double)c->growth);
	}
	o->oom |= line.oom;
	wrap(o, r, line.s ? line.s : "", 0, 2);
	gs_sb_dispose(&line);
	for (size_t i = 0; c->available && i < c->n && i < (size_t)r->top; i++) {
		const gs_cause *e = &c->v[i];
		gs_sb_printf(&line, "cause %s keeps %s in %zu symbol%s: ",
		             e->kind == GS_CAUSE_DCE ? "dce-off" : e->kind == GS_CAUSE_GREW ? "grew" : "new",
		             gs_fmt_human(e->bytes, h, sizeof h), e->symbols, e->symbols == 1 ? "" : "s");
		text_chain(&line, r, e->chain, e->nchain);
		o->oom |= line.oom;
		wrap(o, r, line.s ? line.s : "", 0, 4);
		gs_sb_dispose(&line);
	}
}

/* The markdown's order: the verdict (headline, budgets), why (new imports, build
 * changes, savings), then where: packages, modules, sections, symbols. */
static int text_diff(gs_sb *o, const gs_report *r)
{
	text_headline(o, r);
	text_remarks(o, r);
	text_dce(o, r);
	text_budgets(o, r);
	text_why(o, r);
	text_linker(o, r);
	text_notes(o, r);
	text_savings(o, r, "\nsavings:");
	rows(o, r, "PACKAGE", &r->packages, EXTRA_MODULE, "MODULE", r->unattr_shown ? &r->unattr : NULL);
	rows(o, r, "MODULE", &r->modules, EXTRA_VERSION, "VERSION", NULL);
	rows(o, r, "SECTION", &r->sections, EXTRA_NONE, NULL, NULL);
	rows(o, r, "SYMBOL", &r->symbols, EXTRA_NONE, NULL, NULL);
	return 0;
}

static double pct(uint64_t a, uint64_t b) { return b ? 100.0 * (double)a / (double)b : 0.0; }

/* The file, the Go build and what it is made of, each line wrapped at the width. */
static void snapshot_head(gs_sb *o, const gs_report *r)
{
	const gs_snapshot *s = r->snap;
	const gs_buildinfo *bi = &s->bi;
	char h[32], e[40];
	gs_sb l = {0};
	gs_esc_term(&l, s->path);
	gs_sb_printf(&l, ": %s (%s B), ", gs_fmt_human(s->file_size, h, sizeof h), gs_fmt_commas((int64_t)s->file_size, 0, e, sizeof e));
	gs_esc_term(&l, s->format);
	if (s->arch && strcmp(s->arch, s->format) != 0) { /* wasm's format is its architecture: said once */
		gs_sb_puts(&l, " ");
		gs_esc_term(&l, s->arch);
	}
	gs_sb_printf(&l, ", %s%s%s", s->has_symtab ? "symbols" : "stripped", s->has_dwarf ? ", DWARF" : "", s->pie ? ", PIE" : "");
	wrap(o, r, l.s ? l.s : "", 0, 2);
	o->oom |= l.oom;
	gs_sb_dispose(&l);
	gs_sb_puts(&l, "Go: ");
	gs_esc_term(&l, bi->goversion ? bi->goversion : "unknown version");
	if (bi->version_from) {
		gs_sb_puts(&l, " (from ");
		gs_esc_term(&l, bi->version_from);
		gs_sb_puts(&l, ", no build info)");
	}
	if (bi->path) {
		gs_sb_puts(&l, ", main package ");
		gs_esc_term(&l, bi->path);
	}
	if (bi->main.path) {
		gs_sb_puts(&l, " (module ");
		gs_esc_term(&l, bi->main.path);
		gs_sb_puts(&l, " ");
		gs_esc_term(&l, bi->main.version ? bi->main.version : "");
		gs_sb_puts(&l, ")");
	}
	if (bi->no_modinfo)
		gs_sb_puts(&l, ", module list unknown (not in the file)");
	gs_sb_printf(&l, ", %s dependenc%s", gs_fmt_commas((int64_t)bi->ndeps, 0, e, sizeof e), bi->ndeps == 1 ? "y" : "ies");
	gs_sb_printf(&l, ", %s function%s", gs_fmt_commas((int64_t)s->nfuncs, 0, e, sizeof e), s->nfuncs == 1 ? "" : "s");
	wrap(o, r, l.s ? l.s : "", 0, 2);
	o->oom |= l.oom;
	gs_sb_dispose(&l);
	const char *keys[] = {"-ldflags", "-trimpath", "CGO_ENABLED", "GOARCH", "GOOS", "vcs.revision"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		const char *v = gs_buildinfo_setting(bi, keys[i]);
		if (v) {
			gs_sb_printf(&l, "%s%s=", l.len ? "  " : "Build: ", keys[i]);
			gs_esc_term(&l, v);
		}
	}
	if (l.len)
		wrap(o, r, l.s, 0, 2);
	o->oom |= l.oom;
	gs_sb_dispose(&l);
	gs_sb_printf(&l, "Attributed: %s of %s (%.1f%%); unattributed %s", gs_fmt_human(s->attributed, h, sizeof h),
	             gs_fmt_human(s->file_size, (char[32]){0}, 32), pct(s->attributed, s->file_size),
	             gs_fmt_human(s->unattributed, (char[32]){0}, 32));
	wrap(o, r, l.s ? l.s : "", 0, 2);
	o->oom |= l.oom;
	gs_sb_dispose(&l);
}

/* Sections, the gaps between them folded into one [padding] row at the end;
 * the UNCOMPRESSED column, then UNATTRIBUTED, KIND and VM SIZE give way in that order. */
static void snapshot_sections(gs_sb *o, const gs_report *r)
{
	const gs_snapshot *s = r->snap;
	static const gs_tt_col cols[] = {
		{"SECTION", 0, 0, GS_TT_FIT_END, 0, 0},      {"KIND", 0, 3, GS_TT_FIT_NONE, 0, 0},
		{"FILE SIZE", 1, 0, GS_TT_FIT_NONE, 0, 0},   {"VM SIZE", 1, 4, GS_TT_FIT_NONE, 0, 0},
		{"UNATTRIBUTED", 1, 2, GS_TT_FIT_NONE, 0, 0}, {"UNCOMPRESSED", 1, 1, GS_TT_FIT_NONE, 0, 0},
	};
	gs_tt t;
	gs_tt_init(&t, cols, 6);
	uint64_t pad = 0, npad = 0;
	int compressed = 0;
	for (size_t i = 0; i < s->nsecs; i++)
		compressed |= s->secs[i].usize != 0;
	for (size_t i = 0; i < s->nsecs; i++) {
		const gs_snap_section *x = &s->secs[i];
		if (!x->size && !x->vmsize)
			continue;
		if (strcmp(x->kind, "padding") == 0) {
			pad += x->size;
			npad++;
			continue;
		}
		char name[600], kind[64], a[32], b[32], c[32], d[32];
		const char *cells[] = {term(x->name, name, sizeof name), term(x->kind, kind, sizeof kind), gs_fmt_human(x->size, a, sizeof a),
		                       gs_fmt_human(x->vmsize, b, sizeof b), gs_fmt_human(x->unattributed, c, sizeof c),
		                       x->usize ? gs_fmt_human(x->usize, d, sizeof d) : ""};
		gs_tt_add(&t, cells, NULL, NULL);
	}
	if (npad) {
		char name[64], a[32], e[40];
		snprintf(name, sizeof name, "[padding] (%s gap%s)", gs_fmt_commas((int64_t)npad, 0, e, sizeof e), npad == 1 ? "" : "s");
		const char *cells[] = {name, "padding", gs_fmt_human(pad, a, sizeof a), "0 B", "0 B", ""};
		gs_tt_add(&t, cells, NULL, NULL);
	}
	if (!compressed)
		t.ncols = 5; /* no UNCOMPRESSED column without a compressed section */
	gs_sb_puts(o, "\n");
	gs_tt_render(o, &t, width_of(r), r->ascii);
	t.ncols = 6;
	gs_tt_dispose(&t);
}

static void snapshot_categories(gs_sb *o, const gs_report *r)
{
	const gs_snapshot *s = r->snap;
	static const gs_tt_col cols[] = {{"CATEGORY", 0, 0, GS_TT_FIT_END, 0, 0}, {"SIZE", 1, 0, GS_TT_FIT_NONE, 0, 0},
	                                 {"SHARE", 1, 0, GS_TT_FIT_NONE, 0, 0}};
	gs_tt t;
	gs_tt_init(&t, cols, 3);
	for (int k = 0; k <= GS_CAT_N; k++) {
		uint64_t v = k < GS_CAT_N ? r->cats[k] : s->unattributed;
		if (!v)
			continue;
		char a[32], p[32];
		snprintf(p, sizeof p, "%.1f%%", pct(v, s->file_size));
		const char *cells[] = {k < GS_CAT_N ? gs_cat_name((gs_cat)k) : "unattributed", gs_fmt_human(v, a, sizeof a), p};
		gs_tt_add(&t, cells, NULL, NULL);
	}
	gs_sb_puts(o, "\n");
	gs_tt_render(o, &t, width_of(r), r->ascii);
	gs_tt_dispose(&t);
}

/* Packages: MODULE, then OTHER, PCLNTAB, FUNCS and CODE give way in that order; names lose their module's prefix. */
static void snapshot_packages(gs_sb *o, const gs_report *r)
{
	const gs_snapshot *s = r->snap;
	static const gs_tt_col cols[] = {
		{"PACKAGE", 0, 0, GS_TT_FIT_PATH, 0, 0}, {"SIZE", 1, 0, GS_TT_FIT_NONE, 0, 0},
		{"CODE", 1, 5, GS_TT_FIT_NONE, 0, 0},    {"PCLNTAB", 1, 3, GS_TT_FIT_NONE, 0, 0},
		{"OTHER", 1, 2, GS_TT_FIT_NONE, 0, 0},   {"FUNCS", 1, 4, GS_TT_FIT_NONE, 0, 0},
		{"MODULE", 0, 1, GS_TT_FIT_PATH, 0, 0},
	};
	gs_tt t;
	gs_tt_init(&t, cols, 7);
	for (size_t i = 0; i < s->npkgs && (int)i < r->top; i++) {
		const gs_snap_pkg *p = &s->pkgs[i];
		char name[600], mod[600], a[32], b[32], c[32], d[32], f[40];
		const char *cells[] = {term(p->name, name, sizeof name), gs_fmt_human(p->size, a, sizeof a),
		                       gs_fmt_human(p->cat[GS_CAT_CODE], b, sizeof b), gs_fmt_human(gs_pkg_pcln(p), c, sizeof c),
		                       gs_fmt_human(p->size - p->cat[GS_CAT_CODE] - gs_pkg_pcln(p), d, sizeof d),
		                       gs_fmt_commas((int64_t)p->functions, 0, f, sizeof f), term(p->module, mod, sizeof mod)};
		gs_tt_add(&t, cells, p->name, p->module);
	}
	gs_sb_puts(o, "\n");
	gs_tt_render(o, &t, width_of(r), r->ascii);
	gs_tt_dispose(&t);
	if (s->npkgs > (size_t)r->top)
		gs_sb_printf(o, "%s %zu more package%s\n", r->ascii ? "..." : "…", s->npkgs - (size_t)r->top,
		             s->npkgs - (size_t)r->top == 1 ? "" : "s");
}

/* Modules: PACKAGES gives way; a version is never cut (it moves under its row). */
static void snapshot_modules(gs_sb *o, const gs_report *r)
{
	const gs_snapshot *s = r->snap;
	static const gs_tt_col cols[] = {
		{"MODULE", 0, 0, GS_TT_FIT_PATH, 0, 0},   {"SIZE", 1, 0, GS_TT_FIT_NONE, 0, 0},
		{"PACKAGES", 1, 1, GS_TT_FIT_NONE, 0, 0}, {"VERSION", 0, 0, GS_TT_FIT_NONE, 0, 1},
	};
	gs_tt t;
	gs_tt_init(&t, cols, 4);
	for (size_t i = 0; i < s->nmods && (int)i < r->top; i++) {
		const gs_snap_module *m = &s->mods[i];
		char name[600], ver[600], a[32], n[40];
		const char *cells[] = {term(m->path, name, sizeof name), gs_fmt_human(m->size, a, sizeof a),
		                       gs_fmt_commas((int64_t)m->packages, 0, n, sizeof n), term(m->version, ver, sizeof ver)};
		gs_tt_add(&t, cells, NULL, NULL);
	}
	gs_sb_puts(o, "\n");
	gs_tt_render(o, &t, width_of(r), r->ascii);
	gs_tt_dispose(&t);
	if (s->nmods > (size_t)r->top)
		gs_sb_printf(o, "%s %zu more module%s\n", r->ascii ? "..." : "…", s->nmods - (size_t)r->top,
		             s->nmods - (size_t)r->top == 1 ? "" : "s");
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
	snapshot_sections(o, r);
	snapshot_categories(o, r);
	snapshot_packages(o, r);
	snapshot_modules(o, r);
	return 0;
}

int gs_render_text(gs_sb *o, const gs_report *r) { return r->d ? text_diff(o, r) : text_snapshot(o, r); }
