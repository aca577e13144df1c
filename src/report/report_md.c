/* report_md.c - the delta as GitHub-flavoured markdown (PR comment, step summary). */
#include <string.h>

#include "util/esc.h"
#include "util/fmt.h"
#include "report/render.h"

/* Everything from a binary, a repository, a note or a config goes through
 * gs_esc_md (esc.h); the only raw HTML is gosize's own marker and details. */
static void esc(gs_sb *o, const char *s) { gs_esc_md(o, s); }

static void size_cells(gs_sb *o, const gs_row *row)
{
	char a[32], b[32], c[40], p[32];
	gs_sb_printf(o, " %s | %s | %s B | %s |", row->in_old ? gs_fmt_human(row->old, a, sizeof a) : "—",
	             row->in_new ? gs_fmt_human(row->new_, b, sizeof b) : "—", gs_fmt_commas(gs_row_delta(row), 1, c, sizeof c),
	             !row->in_new ? "removed" : gs_fmt_percent(row->old, row->new_, p, sizeof p));
}

/* tail: a last row that is not one of rows (the package table's [unattributed]), or NULL */
static void table(gs_sb *o, const char *title, const char *col, const char *col2,
                  const gs_report_table *t, int versions, const gs_row *tail)
{
	const gs_rows *rows = t->rows;
	gs_hidden h = t->hidden;
	if (!h.listed)
		return;
	if (title)
		gs_sb_printf(o, "\n#### %s\n", title);
	gs_sb_printf(o, "\n| %s | %s%sOld | New | Δ bytes | Δ |\n|:--|%s--:|--:|--:|--:|\n", col,
	             col2 ? col2 : "", col2 ? " | " : "", col2 ? ":--|" : "");
	for (size_t k = 0; k < h.listed; k++) {
		const gs_row *row = &rows->v[t->listed[k]];
		gs_sb_puts(o, "| ");
		esc(o, row->name);
		if (!row->in_old)
			gs_sb_puts(o, " 🆕");
		gs_sb_puts(o, " |");
		if (col2) {
			gs_sb_puts(o, " ");
			if (versions) {
				const char *a = row->old_ver ? row->old_ver : "", *b = row->new_ver ? row->new_ver : "";
				if (row->in_old && row->in_new && strcmp(a, b) != 0) {
					esc(o, a);
					gs_sb_puts(o, " → ");
				}
				esc(o, row->in_new ? b : a);
			} else {
				esc(o, row->module);
			}
			gs_sb_puts(o, " |");
		}
		size_cells(o, row);
		gs_sb_puts(o, "\n");
	}
	if (h.n) {
		gs_row more = {.old = h.old, .new_ = h.new_, .in_old = 1, .in_new = 1};
		char cm[40];
		gs_sb_printf(o, "| … %s more |%s", gs_fmt_commas((int64_t)h.n, 0, cm, sizeof cm), col2 ? " |" : "");
		size_cells(o, &more);
		gs_sb_puts(o, "\n");
	}
	if (tail) {
		gs_sb_puts(o, "| ");
		esc(o, tail->name);
		gs_sb_puts(o, col2 ? " | |" : " |");
		size_cells(o, tail);
		gs_sb_puts(o, "\n");
	}
}

static void chain_md(gs_sb *o, const char **chain, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		gs_sb_puts(o, i ? " → " : "");
		esc(o, i == 0 ? "main" : chain[i]);
	}
}

/* Why the new packages are in the binary: the imports that brought them. */
static void why_md(gs_sb *o, const gs_report *r)
{
	const gs_report_why *w = &r->why;
	if (!w->shown)
		return;
	gs_sb_puts(o, "\n#### Why the new packages are here\n\n");
	if (w->note) {
		gs_sb_puts(o, "Import chains unavailable: ");
		esc(o, w->note);
		gs_sb_puts(o, "\n");
		return;
	}
	char h[32];
	gs_sb_puts(o, "| New import | Brings | Chain |\n|:--|--:|:--|\n");
	for (size_t i = 0; i < w->n && i < (size_t)r->top; i++) {
		const gs_why *e = &w->v[i];
		gs_sb_puts(o, "| ");
		esc(o, e->pkg);
		gs_sb_printf(o, " | %s in %zu package%s | ", gs_fmt_human(e->weight, h, sizeof h), e->npkgs, e->npkgs == 1 ? "" : "s");
		chain_md(o, e->chain, e->nchain);
		gs_sb_puts(o, " |\n");
	}
	/* each new package once, with the package that imports it (linear, bounded) */
	for (size_t i = 0; i < w->nnew && i < GS_REPORT_NEWPKG_SHOWN; i++) {
		if (!i)
			gs_sb_puts(o, "\n<details><summary>Each new package and what imports it</summary>\n\n");
		gs_sb_puts(o, "- ");
		esc(o, w->newpkgs[i].pkg);
		gs_sb_puts(o, " ← ");
		esc(o, w->newpkgs[i].importer);
		gs_sb_puts(o, "\n");
	}
	if (w->nnew > GS_REPORT_NEWPKG_SHOWN) {
		char cm[40];
		gs_sb_printf(o, "- … %s more new packages\n", gs_fmt_commas((int64_t)(w->nnew - GS_REPORT_NEWPKG_SHOWN), 0, cm, sizeof cm));
	}
	if (w->nnew)
		gs_sb_puts(o, "\n</details>\n");
}

static void chain_names_md(gs_sb *o, const char *const *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		gs_sb_puts(o, i ? " → " : "");
		esc(o, c[i]);
	}
}

/* The headline's line when dead-code elimination of methods turned off. */
static void md_dce(gs_sb *o, const gs_report *r)
{
	const gs_causes *c = &r->linker;
	if (!c->dce_turned_off)
		return;
	char h[32];
	gs_sb_printf(o, "\n> ⚠️ **Dead-code elimination of methods turned off**: the linker now keeps every exported method "
	                "of every reachable type (about %s of this change, estimated). Switched off by ",
	             gs_fmt_human(c->dce_cost, h, sizeof h));
	chain_names_md(o, c->dce_chain, c->ndce_chain);
	gs_sb_puts(o, ".\n");
}

static const char *cause_kind(const gs_cause *e)
{
	return e->kind == GS_CAUSE_DCE ? "dead-code elimination off" : e->kind == GS_CAUSE_GREW ? "grew" : "new";
}

/* Why it grew, from the linker: the causes of the symbols' growth. */
static void md_linker(gs_sb *o, const gs_report *r)
{
	const gs_causes *c = &r->linker;
	if (!c->new_)
		return; /* no build by gosize: nothing to say beyond the tables */
	char h[32], h2[32], cm[40];
	gs_sb_printf(o, "\n#### Why it grew (the linker)\n\nDead-code elimination of methods: %s → %s.", gs_dce_name(c->old_dce),
	             gs_dce_name(c->new_dce));
	if (!c->available) {
		gs_sb_puts(o, " Causes unavailable: ");
		esc(o, c->note);
		gs_sb_puts(o, "\n");
		return;
	}
	gs_sb_printf(o, " %s of the symbols' %s growth explained", gs_fmt_human(c->explained, h, sizeof h),
	             gs_fmt_human(c->growth, h2, sizeof h2));
	if (c->growth)
		gs_sb_printf(o, " (%.1f%%)", 100.0 * (double)c->explained / (double)c->growth);
	gs_sb_puts(o, ".\n");
	if (!c->n)
		return;
	gs_sb_puts(o, "\n| Cause | Keeps | Symbols | Chain |\n|:--|--:|--:|:--|\n");
	for (size_t i = 0; i < c->n && i < (size_t)r->top; i++) {
		const gs_cause *e = &c->v[i];
		gs_sb_printf(o, "| %s | %s | %s | ", cause_kind(e), gs_fmt_human(e->bytes, h, sizeof h),
		             gs_fmt_commas((int64_t)e->symbols, 0, cm, sizeof cm));
		chain_names_md(o, e->chain, e->nchain);
		gs_sb_puts(o, " |\n");
	}
	if (c->n > (size_t)r->top)
		gs_sb_printf(o, "| … %s more | | | |\n", gs_fmt_commas((int64_t)(c->n - (size_t)r->top), 0, cm, sizeof cm));
}

/* A broken budget not yet accepted: the ways to resolve it the policy allows. */
static void accept_md(gs_sb *o, const gs_report *r)
{
	if (!r->checks || r->checks->worst == GS_LVL_PASS || r->override)
		return;
	const char *f = r->footer_name ? r->footer_name : "Binary-Size";
	gs_sb_puts(o, "\n#### How to accept this\n\n");
	if (r->policy == GS_OVERRIDE_FOOTER) {
		gs_sb_printf(o, "- **The growth is worth it:** add a `%s: <reason>` footer to a commit of this change, e.g. "
		                "`git commit --allow-empty -m \"Accept the size growth\" -m \"%s: <why>\"`. The check then passes "
		                "and this report quotes the reason.\n", f, f);
		gs_sb_puts(o, "- **As a reviewer:** ask for that commit, or push it to the branch yourself; the reason stays in "
		              "the history next to the growth it accepts.\n");
	} else if (r->policy == GS_OVERRIDE_LABEL) {
		gs_sb_puts(o, "- **The growth is worth it:** someone with triage rights adds the label `");
		esc(o, r->policy_label ? r->policy_label : "");
		gs_sb_puts(o, "` to this pull request (a commit footer accepts nothing here).\n");
	} else {
		gs_sb_puts(o, "- Nothing overrides a budget in this repository (`\"override\": \"none\"`).\n");
	}
	gs_sb_puts(o, "- **The budget is wrong:** change its limit in `.gosize.json` (");
	for (size_t i = 0, k = 0; i < r->checks->n; i++) {
		const gs_check *c = &r->checks->v[i];
		if (c->status == GS_LVL_PASS)
			continue;
		gs_sb_puts(o, k++ ? ", " : "");
		esc(o, c->name);
	}
	gs_sb_puts(o, ") in a reviewed commit on the base branch: a pull request is judged by the budgets it merges "
	              "into, and its own changes to them apply after it merges.\n");
}

/* How the two sides were built and judged (remarks under the headline). */
static void md_remarks(gs_sb *o, const gs_report *r)
{
	for (size_t i = 0; i < r->nremarks; i++) {
		gs_sb_puts(o, i ? "<br>\n" : "\n");
		esc(o, r->remarks[i]);
	}
	if (r->nremarks)
		gs_sb_puts(o, "\n");
}

static void md_headline(gs_sb *o, const gs_report *r)
{
	const gs_delta *d = r->d;
	char a[32], b[32], c[32], p[32];
	gs_row total = {.old = d->old_total, .new_ = d->new_total, .in_old = 1, .in_new = 1};
	gs_sb_puts(o, "<!-- gosize:");
	esc(o, r->name);
	gs_sb_puts(o, " -->\n");
	const char *st = r->status;
	const char *icon = strcmp(st, "error") == 0 ? "❌" : strcmp(st, "warn") == 0 ? "⚠️" : "✅";
	gs_sb_printf(o, "%s **", icon);
	esc(o, r->name);
	gs_sb_printf(o, "**: %s → %s (%s, %s)\n", gs_fmt_human(d->old_total, a, sizeof a), gs_fmt_human(d->new_total, b, sizeof b),
	             gs_fmt_human_delta(gs_row_delta(&total), c, sizeof c), gs_fmt_percent(d->old_total, d->new_total, p, sizeof p));
	char e1[40], e2[40], e3[40];
	gs_sb_printf(o, "\n%s B → %s B (%s B)", gs_fmt_commas((int64_t)d->old_total, 0, e1, sizeof e1),
	             gs_fmt_commas((int64_t)d->new_total, 0, e2, sizeof e2), gs_fmt_commas(gs_row_delta(&total), 1, e3, sizeof e3));
	if (d->old->bi.goversion && d->new_->bi.goversion) {
		gs_sb_puts(o, " · ");
		esc(o, d->new_->bi.goversion);
	}
	gs_sb_puts(o, "\n");
	md_dce(o, r);
}

/* What accepted a broken budget. */
static void md_accepted(gs_sb *o, const gs_report *r)
{
	if (r->override && r->checks && r->checks->worst > GS_LVL_PASS) {
		if (r->accepted_by) {
			gs_sb_puts(o, "\n> **Size growth accepted** by ");
			esc(o, r->accepted_by);
			gs_sb_puts(o, "\n");
		} else {
			gs_sb_printf(o, "\n> **Size growth accepted** by a `%s:` commit footer: ", r->footer_name ? r->footer_name : "Binary-Size");
			esc(o, r->override);
			gs_sb_puts(o, "\n");
		}
	}
}

static void md_budgets(gs_sb *o, const gs_report *r)
{
	if (!r->checks || !r->checks->n)
		return;
	gs_sb_puts(o, "\n| Budget | | Result |\n|:--|:-:|:--|\n");
	for (size_t i = 0; i < r->checks->n; i++) {
		const gs_check *k = &r->checks->v[i];
		gs_sb_puts(o, "| ");
		esc(o, k->named ? k->name : k->scope);
		gs_sb_printf(o, " | %s | ", k->status == GS_LVL_ERROR ? "❌" : k->status == GS_LVL_WARN ? "⚠️" : "✅");
		esc(o, k->text);
		gs_sb_puts(o, " |\n");
	}
}

static void md_notes(gs_sb *o, const gs_report *r)
{
	const gs_delta *d = r->d;
	if (!d->nnotes)
		return;
	gs_sb_puts(o, "\n**Build changes**\n\n");
	for (size_t i = 0; i < d->nnotes; i++) {
		gs_sb_puts(o, "- ");
		esc(o, d->notes[i].text);
		gs_sb_puts(o, "\n");
	}
}

static void md_symbols(gs_sb *o, const gs_report *r)
{
	if (!r->symbols.shown)
		return;
	char cm[40];
	gs_sb_printf(o, "\n<details><summary>Symbols: %s changed</summary>\n",
	             gs_fmt_commas((int64_t)(r->symbols.hidden.listed + r->symbols.hidden.n), 0, cm, sizeof cm));
	table(o, NULL, "Symbol", NULL, &r->symbols, 0, NULL);
	gs_sb_puts(o, "\n</details>\n");
}

/* No table listed a row: say whether nothing changed or every change is below the threshold. */
static void md_no_change(gs_sb *o, const gs_report *r)
{
	if (r->sections.shown || r->symbols.shown)
		return;
	char h[32];
	if (r->d->new_total == r->d->old_total && !r->sections.hidden.n)
		gs_sb_puts(o, "\nNo size change.\n");
	else /* every change is below the threshold: say so, not "no change" */
		gs_sb_printf(o, "\nNo section, package or symbol changed by %s or more.\n", gs_fmt_human(r->min_change, h, sizeof h));
}

static void md_savings(gs_sb *o, const gs_report *r)
{
	const gs_delta *d = r->d;
	const gs_snapshot *n = d->new_;
	if (!r->savings_shown)
		return;
	char h[32], e[40];
	gs_sb_puts(o, "\n<details><summary>Savings available (measured on the new binary)</summary>\n\n");
	if (n->save_s)
		gs_sb_printf(o, "- `-ldflags=-s` (no symbol table, no DWARF) would save %s (%s B)\n",
		             gs_fmt_human(n->save_s, h, sizeof h), gs_fmt_commas((int64_t)n->save_s, 0, e, sizeof e));
	if (n->save_w)
		gs_sb_printf(o, "- `-ldflags=-w` (no DWARF) would save %s (%s B)\n", gs_fmt_human(n->save_w, h, sizeof h),
		             gs_fmt_commas((int64_t)n->save_w, 0, e, sizeof e));
	if (n->save_trimpath)
		gs_sb_printf(o, "- `-trimpath` would save about %s (shorter source file names in the pclntab; estimate)\n",
		             gs_fmt_human(n->save_trimpath, h, sizeof h));
	for (size_t i = 0, k = 0; i < d->packages.n && k < 3; i++) {
		const gs_row *row = &d->packages.v[i];
		if (row->in_old || row->name[0] == '[' || gs_row_delta(row) < 50000)
			continue;
		if (!k++)
			gs_sb_puts(o, "- largest new packages (each is all or part of what one import pulled in):");
		gs_sb_puts(o, k > 1 ? ", " : " ");
		esc(o, row->name);
		gs_sb_printf(o, " %s", gs_fmt_human(row->new_, h, sizeof h));
	}
	gs_sb_puts(o, "\n</details>\n");
}

/* The ELF (Mach-O, PE, wasm) sections, collapsed: a reviewer reads packages first. */
static void md_sections(gs_sb *o, const gs_report *r)
{
	if (!r->sections.hidden.listed)
		return;
	char cm[40];
	gs_sb_printf(o, "\n<details><summary>Sections: %s changed</summary>\n",
	             gs_fmt_commas((int64_t)(r->sections.hidden.listed + r->sections.hidden.n), 0, cm, sizeof cm));
	table(o, NULL, "Section", NULL, &r->sections, 0, NULL);
	gs_sb_puts(o, "\n</details>\n");
}

/* The verdict first (headline, budgets, how to accept a broken one), then why
 * it grew (the new imports, the build changes), then where: packages (real ones
 * before the [buckets]) and modules; sections, symbols and savings collapsed. */
int gs_render_md(gs_sb *o, const gs_report *r)
{
	md_headline(o, r);
	md_remarks(o, r);
	md_accepted(o, r);
	md_budgets(o, r);
	accept_md(o, r);
	why_md(o, r);
	md_linker(o, r);
	md_notes(o, r);
	table(o, "Packages", "Package", "Module", &r->packages, 0, r->unattr_shown ? &r->unattr : NULL);
	table(o, "Modules", "Module", "Version", &r->modules, 1, NULL);
	md_sections(o, r);
	md_symbols(o, r);
	md_no_change(o, r);
	md_savings(o, r);
	return 0;
}
