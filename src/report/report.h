/* report.h - the renderings of a delta (markdown for PR comments, aligned
 * text for terminals, JSON and CSV for machines; HTML and SVG in their own
 * headers) and the model they share (report.c). Pure: output to a buffer. */
#ifndef GS_REPORT_H
#define GS_REPORT_H

#include <jansson.h>

#include "model/budget.h"
#include "model/diff.h"
#include "util/sb.h"

typedef struct gs_report {
	const gs_delta *d;
	const gs_checks *checks;  /* NULL: no budgets */
	const char *name;         /* target name for the headline and marker */
	uint64_t min_change;      /* rows with |delta| below this are not listed */
	int top;                  /* rows per table */
	const char *override;     /* reviewed-growth reason from a commit footer, or NULL */
	const char *footer_name;  /* e.g. "Binary-Size" */
	int color;                /* text: ANSI colours */
	int ascii;                /* text: "->" and "..." instead of "→" and "…" (no UTF-8 locale) */
	int width;                /* text: columns to fit tables in (0: 80) */
} gs_report;

/* "pass", "warn", "error" or "overridden". */
const char *gs_report_status(const gs_report *r);

void gs_report_md(gs_sb *o, const gs_report *r);
void gs_report_text(gs_sb *o, const gs_report *r);
/* A new JSON object (NULL + error on failure). */
json_t *gs_report_json(const gs_report *r);
/* The same, as the text gs_json_dump would make of it (byte for byte), with
 * the symbol rows streamed instead of built as a tree. NULL + error set. */
char *gs_report_json_text(const gs_report *r);

/* 1 if row should be listed: changed by at least min_change (and changed at all). */
int gs_report_row_shown(const gs_report *r, const gs_row *row);

/* What a table leaves out: the changed rows that are not listed (below
 * min_change or beyond top), counted and summed, so that the listed rows plus
 * one "… N more" row add up to the table's total. *listed = rows listed. */
typedef struct gs_hidden {
	size_t listed, n;
	uint64_t old, new_;
} gs_hidden;
gs_hidden gs_report_hidden(const gs_report *r, const gs_rows *rows);

/* 1 when the savings notes (-s, -w, -trimpath) are worth showing: they
 * changed between OLD and NEW (appeared, vanished, or moved by over 10%), or
 * a budget is broken. Not on every pull request. */
int gs_report_savings_shown(const gs_report *r);

/* Appends " -ldflags=-s would save X, -ldflags=-w Y, -trimpath about Z (…)"
 * for the savings s measured (nothing when there are none). */
void gs_report_savings_line(gs_sb *o, const gs_snapshot *s);

#endif
