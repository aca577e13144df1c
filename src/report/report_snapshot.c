/* report_snapshot.c - text rendering of one snapshot. */
#include "report/report_snapshot.h"

#include <string.h>

#include "util/esc.h"
#include "util/fmt.h"
#include "report/report.h"

/* Every column after the first is a separating space then a right-aligned cell at
 * least as wide as its widest possible value (gs_fmt_human's longest is "1023.9 KiB"), so
 * wide values never run into their neighbours; a name wider than its column pushes
 * the rest of its row right but stays separated by a space. */
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

void gs_report_snapshot_text(gs_sb *o, const gs_snapshot *s, int top)
{
	char h[32];
	const gs_buildinfo *bi = &s->bi;
	gs_esc_term(o, s->path);
	char e[40];
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

	if (s->save_w || s->save_s || s->save_trimpath) {
		gs_sb_puts(o, "Savings:");
		gs_report_savings_line(o, s);
		gs_sb_puts(o, "\n");
	}
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

	uint64_t cats[GS_CAT_N] = {0};
	for (size_t i = 0; i < s->npkgs; i++)
		for (int k = 0; k < GS_CAT_N; k++)
			cats[k] += s->pkgs[i].cat[k];
	/* the widest category name is "unattributed" */
	gs_sb_puts(o, "\n");
	gs_sb_pad(o, "CATEGORY", 12, 0);
	head(o, "SIZE", SIZE_W);
	gs_sb_puts(o, "   SHARE\n");
	for (int k = 0; k < GS_CAT_N; k++)
		if (cats[k]) {
			gs_sb_pad(o, gs_cat_name((gs_cat)k), 12, 0);
			row_size(o, cats[k], SIZE_W);
			gs_sb_printf(o, "  %5.1f%%\n", pct(cats[k], s->file_size));
		}
	if (s->unattributed) {
		gs_sb_pad(o, "unattributed", 12, 0);
		row_size(o, s->unattributed, SIZE_W);
		gs_sb_printf(o, "  %5.1f%%\n", pct(s->unattributed, s->file_size));
	}

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
