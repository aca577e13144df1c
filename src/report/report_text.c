/* report_text.c - the delta as aligned columns for a terminal: every table
 * fits the width (long names lose their middle), ends with a "… N more" row
 * so its rows add up, and uses "→" (or "->" without a UTF-8 locale). */
#include <string.h>

#include "util/esc.h"
#include "util/fmt.h"
#include "model/imports.h"
#include "report/report.h"

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
static void rows(gs_sb *o, const gs_report *r, const char *title, const gs_rows *rs, extra_kind x, const char *xtitle,
                 const gs_row *tail)
{
	gs_hidden h = gs_report_hidden(r, rs);
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

void gs_report_text(gs_sb *o, const gs_report *r)
{
	const gs_delta *d = r->d;
	char a[32], b[32], c[32], p[32], e[40];
	int64_t delta = gs_delta_of(d->old_total, d->new_total);
	gs_esc_term(o, r->name);
	gs_sb_printf(o, ": %s %s %s (%s%s%s, %s; %s B)\n", gs_fmt_human(d->old_total, a, sizeof a), arrow(r),
	             gs_fmt_human(d->new_total, b, sizeof b), col(r, delta), gs_fmt_human_delta(delta, c, sizeof c), reset(r),
	             gs_fmt_percent(d->old_total, d->new_total, p, sizeof p), gs_fmt_commas(delta, 1, e, sizeof e));
	if (r->checks && r->checks->n) {
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
		gs_sb_printf(o, "status: %s", gs_report_status(r));
		if (r->override && r->checks->worst > GS_LVL_PASS) {
			gs_sb_puts(o, " (");
			gs_esc_term(o, r->footer_name ? r->footer_name : "Binary-Size");
			gs_sb_puts(o, ": ");
			gs_esc_term(o, r->override);
			gs_sb_puts(o, ")");
		}
		gs_sb_puts(o, "\n");
	}
	for (size_t i = 0; i < d->nnotes; i++) {
		gs_sb_printf(o, "%snote: ", i ? "" : "\n");
		put(o, r, d->notes[i].text); /* the notes say "→" */
		gs_sb_puts(o, "\n");
	}
	if (gs_report_savings_shown(r)) {
		gs_sb_puts(o, "\nsavings:");
		gs_report_savings_line(o, d->new_);
		gs_sb_puts(o, "\n");
	}
	gs_row unattr = {.name = "[unattributed]", .old = d->old_unattr, .new_ = d->new_unattr, .in_old = 1, .in_new = 1};
	rows(o, r, "SECTION", &d->sections, EXTRA_NONE, NULL, NULL);
	rows(o, r, "PACKAGE", &d->packages, EXTRA_MODULE, "MODULE", d->old_unattr || d->new_unattr ? &unattr : NULL);
	rows(o, r, "MODULE", &d->modules, EXTRA_VERSION, "VERSION", NULL);
	gs_why *w;
	size_t n;
	const char *note;
	if (gs_imports_has_new_packages(d) && !gs_imports_never_built(d->new_) && gs_why_new(&w, &n, &note, d) == 0) {
		if (note) {
			gs_sb_puts(o, "\nwhy: import chains unavailable: ");
			gs_esc_term(o, note);
			gs_sb_puts(o, "\n");
		}
		for (size_t i = 0; i < n && i < (size_t)r->top; i++) {
			gs_sb_printf(o, "%snew import ", i ? "" : "\n");
			gs_esc_term(o, w[i].pkg);
			gs_sb_printf(o, " brings %s in %zu package%s: ", gs_fmt_human(w[i].weight, a, sizeof a), w[i].npkgs,
			             w[i].npkgs == 1 ? "" : "s");
			for (size_t k = 0; k < w[i].nchain; k++) {
				gs_sb_printf(o, "%s", k ? (r->ascii ? " -> " : " → ") : "");
				gs_esc_term(o, k ? w[i].chain[k] : "main");
			}
			gs_sb_puts(o, "\n");
		}
		gs_why_free(w, n);
	}
	rows(o, r, "SYMBOL", &d->symbols, EXTRA_NONE, NULL, NULL);
}
