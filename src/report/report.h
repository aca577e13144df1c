/* report.h - the report layer: a report model computed once per run from a
 * delta, or from a single snapshot (a diff against nothing: no base), and one
 * renderer per format that only lays the model out (md, text, json, csv, html,
 * svg; report_FORMAT.c each). Pure: output to a buffer.
 *
 * Adding a section (reachability causes, budget-change listings, ...):
 *  1. its data: a field in the "computed once" part of gs_report below (a
 *     struct of its own if it has parts), filled by a static function of
 *     report.c that gs_report_build calls, freed in gs_report_dispose;
 *  2. its rendering: one function per format that shows it, called from the
 *     format's layout, which is a list of such calls in order: report_md.c
 *     (gs_render_md: md_headline, md_budgets, ...), report_text.c (text_diff;
 *     text_snapshot for a snapshot), report_json.c (report_json: a key, and
 *     its description in docs/reports.md), report_html.c (diff_head: a key the
 *     page's app.js reads). CSV and SVG show rows and tiles only. A renderer
 *     never computes: what two formats show is computed here once, so the
 *     outputs cannot disagree. */
#ifndef GS_REPORT_H
#define GS_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "model/budget.h"
#include "model/config.h"
#include "model/diff.h"
#include "model/causes.h"
#include "model/imports.h"
#include "util/sb.h"
#include "model/snapshot.h"

/* The output formats. A diff renders in each; a single snapshot in each but md. */
typedef enum gs_format {
	GS_FORMAT_MD,
	GS_FORMAT_TEXT,
	GS_FORMAT_JSON,
	GS_FORMAT_CSV,
	GS_FORMAT_HTML,
	GS_FORMAT_SVG,
	GS_FORMAT_N
} gs_format;

/* The format named s ("markdown" is md); with snapshot set, only the formats a
 * single snapshot renders in. Returns the format, or -1 (no error set). */
int gs_format_parse(const char *s, int snapshot);

/* What a table leaves out: the changed rows that are not listed (below
 * min_change or beyond top), counted and summed, so that the listed rows plus
 * one "… N more" row add up to the table's total. listed = rows listed. */
typedef struct gs_hidden {
	size_t listed, n;
	uint64_t old, new_;
} gs_hidden;

/* One table of a diff: its rows (the delta's) and which of them are shown. */
typedef struct gs_report_table {
	const gs_rows *rows;
	size_t shown;        /* rows that changed by at least min_change (JSON lists them all) */
	gs_hidden hidden;    /* hidden.listed shown rows are listed (md, text), the rest summed */
	size_t *listed;      /* the listed rows' indices in rows, in the order md and text list them: the
	                      * rows' own order, but a package table lists real packages before the
	                      * [buckets] (a bucket changes with the whole program, not with an import) */
} gs_report_table;

/* One new package's shortest import chain (main ... pkg). */
/* A new package and the package that imports it on a shortest chain from the
 * main package: each new package once (linear in the graph, whatever its depth). */
typedef struct gs_report_newpkg {
	const char *pkg;      /* the package's name in the snapshot */
	const char *importer; /* an import path (the root is "main"); pointers into the snapshot */
} gs_report_newpkg;

#define GS_REPORT_NEWPKG_SHOWN 100 /* md, text and html list this many new packages, then "… N more" */

/* Why the new packages are in the binary (from the NEW snapshot's import graph). */
typedef struct gs_report_why {
	int shown;           /* md, text and html show it: there are new packages, and a graph gosize
	                      * built (or a note saying why listing it failed). JSON always has it. */
	const char *note;    /* why there are no chains (no graph), or NULL */
	gs_why *v;           /* the new imports that brought them, heaviest first (all of them) */
	size_t n;
	gs_report_newpkg *newpkgs; /* every new package with its importer, in the package table's order (none with a note) */
	size_t nnew;
} gs_report_why;

/* The report model. The caller sets the inputs and options (named fields),
 * gs_report_build computes the rest once, the renderers only read it. */
typedef struct gs_report {
	/* inputs: a delta (d), or a single snapshot (snap, d NULL). Must outlive the report. */
	const gs_delta *d;
	const gs_snapshot *snap;  /* the snapshot shown; set by gs_report_build to d->new_ for a delta */
	const gs_checks *checks;  /* NULL: no budgets */
	/* options */
	const char *name;         /* target name for the headline and marker */
	uint64_t min_change;      /* rows with |delta| below this are not listed */
	int top;                  /* rows per table */
	const char *override;     /* reviewed-growth reason from a commit footer, or NULL */
	const char *footer_name;  /* e.g. "Binary-Size" */
	int color;                /* text: ANSI colours */
	int ascii;                /* text: "->" and "..." instead of "→" and "…" (no UTF-8 locale) */
	int width;                /* text: columns to fit tables in (0: 80) */
	const char *const *remarks; /* lines under the headline, plain text: how the sides were built and
	                             * judged (a toolchain split, the base's budgets, a PR's config changes) */
	size_t nremarks;
	const char *accepted_by;  /* with override: what accepted it ("the label binary-size-ok"), or NULL
	                           * (a footer_name commit footer) */
	gs_override policy;       /* who may accept a broken budget (the judging config's "override") */
	const char *policy_label; /* the label that accepts, for GS_OVERRIDE_LABEL */

	/* computed once by gs_report_build (report.c); renderers only read */
	int built;
	const char *status;       /* gs_report_status */
	int savings_shown;        /* gs_report_savings_shown */
	/* a diff: */
	gs_report_table sections, packages, modules, symbols;
	gs_row unattr;            /* the package table's last row, "[unattributed]" */
	int unattr_shown;         /* 1 when either side has unattributed bytes */
	gs_report_why why;
	gs_causes linker;         /* the linker's account of the growth: dce per side, causes (causes.h) */
	/* a single snapshot: */
	uint64_t cats[GS_CAT_N];  /* bytes per category, over all packages */
} gs_report;

/* Computes the model's parts from its inputs and options (r->d or r->snap
 * set). Returns 0, or -1 with the error set (then dispose r). */
int gs_report_build(gs_report *r);

/* Frees what gs_report_build computed (not the inputs). */
void gs_report_dispose(gs_report *r);

/* Appends r (built) rendered as f to o. Returns 0, or -1 with the error set. */
int gs_report_render(gs_sb *o, const gs_report *r, gs_format f);

/* The parts gs_report_build computes, on their own (tested; inputs only). */

/* "pass", "warn", "error" or "overridden". */
const char *gs_report_status(const gs_report *r);

/* 1 if row should be listed: changed by at least min_change (and changed at all). */
int gs_report_row_shown(const gs_report *r, const gs_row *row);

gs_hidden gs_report_hidden(const gs_report *r, const gs_rows *rows);

/* 1 when the savings notes (-s, -w, -trimpath) are worth showing: they
 * changed between OLD and NEW (appeared, vanished, or moved by over 10%), or
 * a budget is broken. Not on every pull request. */
int gs_report_savings_shown(const gs_report *r);

/* Appends " -ldflags=-s would save X, -ldflags=-w Y, -trimpath about Z (…)"
 * for the savings s measured (nothing when there are none). */
void gs_report_savings_line(gs_sb *o, const gs_snapshot *s);

#endif
