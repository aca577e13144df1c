/* report_html.h - a snapshot or a delta as a picture: one self-contained HTML
 * page (zoomable treemap, search, sortable table; the data inlined as JSON
 * that cannot end its <script>) or a static SVG treemap of the top two levels
 * (no scripts). Pure: output to a buffer. */
#ifndef GS_REPORT_HTML_H
#define GS_REPORT_HTML_H

#include "report/report.h"
#include "util/sb.h"
#include "model/snapshot.h"

/* Each returns 0 or -1 (error set). */
int gs_report_html_snapshot(gs_sb *o, const gs_snapshot *s);
int gs_report_html_diff(gs_sb *o, const gs_report *r);
int gs_report_svg_snapshot(gs_sb *o, const gs_snapshot *s);
int gs_report_svg_diff(gs_sb *o, const gs_report *r);

/* Appends s as a JSON string literal that is also safe inside an HTML
 * <script> element: invalid UTF-8 becomes U+FFFD; quotes, backslashes, control
 * characters, '<', '>', '&', U+2028 and U+2029 are \u-escaped. */
void gs_report_html_json_str(gs_sb *o, const char *s);

#endif
