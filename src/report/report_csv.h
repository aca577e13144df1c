/* report_csv.h - snapshots and deltas as CSV (RFC 4180) for spreadsheets and
 * scripts: one table, a "kind" column saying what each row is, every row
 * (no --top or --min-change), exact byte counts. */
#ifndef GS_REPORT_CSV_H
#define GS_REPORT_CSV_H

#include "report/report.h"
#include "util/sb.h"
#include "model/snapshot.h"

/* kind,name,parent,old,new,delta,status,old_version,new_version
 * kind: total, unattributed, section, category, package (parent: module),
 * module (versions), symbol (parent: package). Returns 0 or -1. */
int gs_report_csv(gs_sb *o, const gs_report *r);

/* kind,name,parent,size,code,pclntab,functions
 * kind: file, unattributed, section (parent: its kind), package (parent:
 * module), module (parent: version), symbol (parent: package). Returns 0 or -1. */
int gs_report_snapshot_csv(gs_sb *o, const gs_snapshot *s);

#endif
