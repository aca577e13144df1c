/* report_snapshot.h - a snapshot as an aligned text table for a terminal. */
#ifndef GS_REPORT_SNAPSHOT_H
#define GS_REPORT_SNAPSHOT_H

#include "util/sb.h"
#include "model/snapshot.h"

/* Appends the text report of s to out, showing at most top rows per table. */
void gs_report_snapshot_text(gs_sb *out, const gs_snapshot *s, int top);

#endif
