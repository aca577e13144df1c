/* text_table.h - a table of text fitted to a terminal's width. When it does
 * not fit, names shrink to a comfortable width, then columns give way in the
 * order they say (the module column first, then the percentage...), then names
 * shrink further; a column that must never be cut (versions) moves to a line
 * of its own under its row instead. Names shrink by losing leading path
 * elements (the module's prefix first, util/term.h), other text by its end. */
#ifndef GS_TEXT_TABLE_H
#define GS_TEXT_TABLE_H

#include <stddef.h>

#include "util/sb.h"

typedef enum {
	GS_TT_FIT_NONE, /* never cut: the column is shown whole, or moved under its row (keep) or dropped */
	GS_TT_FIT_PATH, /* a Go path: leading elements give way (gs_term_fit_path) */
	GS_TT_FIT_END   /* plain text: its end gives way */
} gs_tt_fit;

typedef struct gs_tt_col {
	const char *title;
	int right;         /* right-aligned (numbers) */
	int drop;          /* the order in which it gives way when the table is too wide (1 first); 0: never */
	gs_tt_fit fit;     /* how its cells shrink */
	int min;           /* the narrowest a shrinking column gets (0: 12) */
	int keep;          /* never cut nor dropped: moves under its row when it does not fit */
} gs_tt_col;

#define GS_TT_MAXCOLS 8

typedef struct gs_tt_row {
	char *cell[GS_TT_MAXCOLS]; /* escaped text, may hold colour sequences (they take no room) */
	char *pkg, *module;        /* for a PATH column: the package path its name starts with and its module */
} gs_tt_row;

typedef struct gs_tt {
	const gs_tt_col *cols;
	int ncols;
	gs_tt_row *rows;
	size_t n, cap;
	int oom;
} gs_tt;

/* Starts a table of ncols (at most GS_TT_MAXCOLS) columns; cols must outlive it. */
void gs_tt_init(gs_tt *t, const gs_tt_col *cols, int ncols);

/* Adds a row: ncols cells (NULL reads ""), copied; pkg and module (may be NULL)
 * guide the shrinking of PATH cells. An allocation failure is sticky (t->oom). */
void gs_tt_add(gs_tt *t, const char *const *cells, const char *pkg, const char *module);

/* Appends the table laid out within width columns (its title row first; ascii:
 * "..." for "…"). */
void gs_tt_render(gs_sb *o, const gs_tt *t, int width, int ascii);

void gs_tt_dispose(gs_tt *t);

#endif
