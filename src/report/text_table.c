/* text_table.c - a text table fitted to a width: widths from the cells,
 * columns that give way in order, names that shrink by their leading path. */
#include "report/text_table.h"

#include <stdlib.h>
#include <string.h>

#include "util/term.h"

enum { HARD_MIN = 12, COMFORT = 24, CELL_MAX = 4 * 1000 + 8 };

void gs_tt_init(gs_tt *t, const gs_tt_col *cols, int ncols)
{
	memset(t, 0, sizeof *t);
	t->cols = cols;
	t->ncols = ncols < GS_TT_MAXCOLS ? ncols : GS_TT_MAXCOLS;
}

static char *dup(gs_tt *t, const char *s)
{
	char *d = strdup(s ? s : "");
	t->oom |= !d;
	return d;
}

void gs_tt_add(gs_tt *t, const char *const *cells, const char *pkg, const char *module)
{
	if (t->oom)
		return;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		gs_tt_row *v = realloc(t->rows, cap * sizeof *v);
		if (!v) {
			t->oom = 1;
			return;
		}
		t->rows = v;
		t->cap = cap;
	}
	gs_tt_row *r = &t->rows[t->n++];
	memset(r, 0, sizeof *r);
	for (int c = 0; c < t->ncols; c++)
		r->cell[c] = dup(t, cells[c]);
	r->pkg = pkg ? dup(t, pkg) : NULL;
	r->module = module ? dup(t, module) : NULL;
}

void gs_tt_dispose(gs_tt *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (int c = 0; c < t->ncols; c++)
			free(t->rows[i].cell[c]);
		free(t->rows[i].pkg);
		free(t->rows[i].module);
	}
	free(t->rows);
	memset(t, 0, sizeof *t);
}

/* the space before column c: one before a right-aligned column (numbers pad themselves), two before text */
static int gap(const gs_tt *t, int c) { return c == 0 ? 0 : t->cols[c].right ? 1 : 2; }

static int col_min(const gs_tt *t, int c, int natural, int soft)
{
	const gs_tt_col *k = &t->cols[c];
	if (k->fit == GS_TT_FIT_NONE)
		return natural;
	int m = soft && c == 0 ? COMFORT : k->min ? k->min : HARD_MIN; /* the names stay comfortable longest */
	if (!soft && k->min > m)
		m = k->min;
	return natural < m ? natural : m;
}

/* the table's width with the active columns at their minimum (soft: names at a comfortable width) */
static int need(const gs_tt *t, const int *w, const int *on, int soft)
{
	int n = 0;
	for (int c = 0; c < t->ncols; c++)
		if (on[c])
			n += gap(t, c) + col_min(t, c, w[c], soft);
	return n;
}

/* the active column that gives way next, or -1 */
static int next_drop(const gs_tt *t, const int *on)
{
	int best = -1;
	for (int c = 0; c < t->ncols; c++)
		if (on[c] && t->cols[c].drop && (best < 0 || t->cols[c].drop < t->cols[best].drop))
			best = c;
	return best;
}

static void cell_out(gs_sb *o, const gs_tt *t, const gs_tt_row *r, int c, int w, int ascii, int last)
{
	const gs_tt_col *k = &t->cols[c];
	const char *s = r ? r->cell[c] : k->title;
	char buf[CELL_MAX];
	if (r && k->fit == GS_TT_FIT_PATH)
		s = gs_term_fit_path(s, c == 0 ? r->pkg : NULL, r->module, w, ascii, buf, sizeof buf);
	else if (r && k->fit == GS_TT_FIT_END)
		s = gs_term_fit_end(s, w, ascii, buf, sizeof buf);
	else if (!r && gs_term_width_of(s) > w)
		s = gs_term_fit_end(s, w, ascii, buf, sizeof buf);
	int pad = w - gs_term_width_of(s);
	for (int i = 0; i < gap(t, c); i++)
		gs_sb_puts(o, " ");
	if (k->right)
		for (int i = 0; i < pad; i++)
			gs_sb_puts(o, " ");
	gs_sb_puts(o, s);
	if (!k->right && !last)
		for (int i = 0; i < pad; i++)
			gs_sb_puts(o, " ");
}

void gs_tt_render(gs_sb *o, const gs_tt *t, int width, int ascii)
{
	int w[GS_TT_MAXCOLS], on[GS_TT_MAXCOLS], under = -1;
	if (t->oom) {
		o->oom = 1;
		return;
	}
	for (int c = 0; c < t->ncols; c++) {
		w[c] = gs_term_width_of(t->cols[c].title);
		on[c] = 1;
		for (size_t i = 0; i < t->n; i++) {
			int x = gs_term_width_of(t->rows[i].cell[c]);
			w[c] = x > w[c] ? x : w[c];
		}
	}
	/* columns give way in order while the names are at a comfortable width, then the names shrink */
	for (int soft = 1; soft >= 0; soft--)
		for (int c; need(t, w, on, soft) > width && (c = next_drop(t, on)) >= 0;)
			on[c] = 0;
	for (int c = 0; c < t->ncols; c++)
		if (on[c] && t->cols[c].keep && need(t, w, on, 0) > width) {
			on[c] = 0; /* never cut: under its row */
			under = c;
		}
	/* the room left goes to the shrinking columns in order, the names first */
	int slack = width - need(t, w, on, 0), fw[GS_TT_MAXCOLS], last = 0;
	for (int c = 0; c < t->ncols; c++) {
		if (!on[c])
			continue;
		last = c;
		int m = col_min(t, c, w[c], 0), more = w[c] - m;
		if (more > slack)
			more = slack > 0 ? slack : 0;
		fw[c] = m + more;
		slack -= more;
	}
	for (int r = -1; r < (int)t->n; r++) {
		const gs_tt_row *row = r < 0 ? NULL : &t->rows[r];
		size_t start = o->len;
		for (int c = 0; c < t->ncols; c++)
			if (on[c])
				cell_out(o, t, row, c, fw[c], ascii, c == last);
		while (o->len > start && o->s[o->len - 1] == ' ') /* an empty last cell leaves no spaces */
			o->s[--o->len] = '\0';
		gs_sb_puts(o, "\n");
		if (row && under >= 0 && row->cell[under][0]) {
			gs_sb_puts(o, "    ");
			gs_sb_puts(o, row->cell[under]);
			gs_sb_puts(o, "\n");
		}
	}
}
