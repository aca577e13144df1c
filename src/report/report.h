/* report.h - the three renderings of a delta (markdown for PR comments,
 * aligned text for terminals, JSON for machines). Pure: output to a buffer. */
#ifndef GS_REPORT_H
#define GS_REPORT_H

#include <jansson.h>

#include "budget.h"
#include "diff.h"
#include "sb.h"

typedef struct gs_report {
	const gs_delta *d;
	const gs_checks *checks;  /* NULL: no budgets */
	const char *name;         /* target name for the headline and marker */
	uint64_t min_change;      /* rows with |delta| below this are not listed */
	int top;                  /* rows per table */
	const char *override;     /* reviewed-growth reason from a commit footer, or NULL */
	const char *footer_name;  /* e.g. "Binary-Size" */
	int color;                /* text: ANSI colours */
} gs_report;

/* "pass", "warn", "error" or "overridden". */
const char *gs_report_status(const gs_report *r);

void gs_report_md(gs_sb *o, const gs_report *r);
void gs_report_text(gs_sb *o, const gs_report *r);
/* A new JSON object (NULL + error on failure). */
json_t *gs_report_json(const gs_report *r);

/* 1 if row should be listed: changed by at least min_change (and changed at all). */
int gs_report_row_shown(const gs_report *r, const gs_row *row);

#endif
