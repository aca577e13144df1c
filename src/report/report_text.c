/* report_text.c - the delta as aligned columns for a terminal. */
#include <string.h>

#include "esc.h"
#include "fmt.h"
#include "imports.h"
#include "report.h"

static const char *col(const gs_report *r, int64_t delta)
{
	if (!r->color)
		return "";
	return delta > 0 ? "\033[31m" : delta < 0 ? "\033[32m" : "";
}

static const char *reset(const gs_report *r) { return r->color ? "\033[0m" : ""; }

static void rows(gs_sb *o, const gs_report *r, const char *title, const gs_rows *rs, int width, int show_module)
{
	size_t shown = 0, k = 0;
	for (size_t i = 0; i < rs->n; i++)
		shown += gs_report_row_shown(r, &rs->v[i]);
	if (!shown)
		return;
	gs_sb_printf(o, "\n%-*s %10s %10s %14s %8s%s\n", width, title, "OLD", "NEW", "DELTA", "%",
	             show_module == 2 ? "  VERSION" : show_module && strcmp(title, "SYMBOL") == 0 ? "  PACKAGE" : show_module ? "  MODULE" : "");
	for (size_t i = 0; i < rs->n && k < (size_t)r->top; i++) {
		const gs_row *row = &rs->v[i];
		if (!gs_report_row_shown(r, row))
			continue;
		k++;
		char a[32], b[32], c[40], p[32];
		gs_sb name = {0};
		gs_esc_term(&name, row->name);
		gs_sb_puts(&name, !row->in_old ? " (new)" : !row->in_new ? " (removed)" : "");
		gs_sb_pad(o, name.s ? name.s : "", width, 0);
		o->oom |= name.oom;
		gs_sb_dispose(&name);
		gs_sb_printf(o, " %10s %10s %s%14s%s %8s", row->in_old ? gs_human(row->old, a, sizeof a) : "-",
		             row->in_new ? gs_human(row->new_, b, sizeof b) : "-", col(r, gs_row_delta(row)),
		             gs_commas(gs_row_delta(row), 1, c, sizeof c), reset(r),
		             gs_percent(row->old, row->new_, p, sizeof p));
		if (show_module)
			gs_sb_puts(o, "  ");
		if (show_module == 1) {
			gs_esc_term(o, row->module);
		} else if (show_module == 2 && row->in_old && row->in_new && strcmp(row->old_ver, row->new_ver) != 0) {
			gs_esc_term(o, row->old_ver);
			gs_sb_puts(o, " -> ");
			gs_esc_term(o, row->new_ver);
		} else if (show_module == 2) {
			gs_esc_term(o, row->in_new ? row->new_ver : row->old_ver);
		}
		gs_sb_puts(o, "\n");
	}
	if (shown > k)
		gs_sb_printf(o, "... %zu more\n", shown - k);
}

void gs_report_text(gs_sb *o, const gs_report *r)
{
	const gs_delta *d = r->d;
	char a[32], b[32], c[32], p[32], e[40];
	int64_t delta = (int64_t)d->new_total - (int64_t)d->old_total;
	gs_esc_term(o, r->name);
	gs_sb_printf(o, ": %s -> %s (%s%s%s, %s; %s bytes)\n", gs_human(d->old_total, a, sizeof a),
	             gs_human(d->new_total, b, sizeof b), col(r, delta), gs_human_delta(delta, c, sizeof c), reset(r),
	             gs_percent(d->old_total, d->new_total, p, sizeof p), gs_commas(delta, 1, e, sizeof e));
	gs_sb_printf(o, "unattributed: %s -> %s\n", gs_human(d->old_unattr, a, sizeof a), gs_human(d->new_unattr, b, sizeof b));
	if (r->checks && r->checks->n) {
		gs_sb_puts(o, "\nBUDGET\n");
		for (size_t i = 0; i < r->checks->n; i++) {
			const gs_check *k = &r->checks->v[i];
			const char *s = k->status == GS_LVL_ERROR ? "FAIL" : k->status == GS_LVL_WARN ? "WARN" : "ok";
			gs_sb_printf(o, "  %-4s  ", s);
			gs_esc_term(o, k->what);
			gs_sb_puts(o, ": ");
			gs_esc_term(o, k->actual);
			gs_sb_puts(o, " (");
			gs_esc_term(o, k->limit);
			gs_sb_puts(o, ")\n");
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
		gs_esc_term(o, d->notes[i].text);
		gs_sb_puts(o, "\n");
	}
	rows(o, r, "SECTION", &d->sections, 24, 0);
	rows(o, r, "PACKAGE", &d->packages, 44, 1);
	rows(o, r, "MODULE", &d->modules, 44, 2);
	gs_why *w;
	size_t n;
	const char *note;
	if (gs_delta_has_new_packages(d) && gs_why_new(d, &w, &n, &note) == 0) {
		if (note) {
			gs_sb_puts(o, "\nwhy: import chains unavailable: ");
			gs_esc_term(o, note);
			gs_sb_puts(o, "\n");
		}
		for (size_t i = 0; i < n && i < (size_t)r->top; i++) {
			gs_sb_printf(o, "%snew import ", i ? "" : "\n");
			gs_esc_term(o, w[i].pkg);
			gs_sb_printf(o, " brings %s in %zu packages: ", gs_human(w[i].weight, a, sizeof a), w[i].npkgs);
			for (size_t k = 0; k < w[i].nchain; k++) {
				gs_sb_puts(o, k ? " -> " : "");
				gs_esc_term(o, k ? w[i].chain[k] : "main");
			}
			gs_sb_puts(o, "\n");
		}
		gs_why_free(w, n);
	}
	rows(o, r, "SYMBOL", &d->symbols, 56, 1);
}
