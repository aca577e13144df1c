/* render.h - the renderers, one per format, all of one signature: each
 * appends a built report (a delta, or a single snapshot when r->d is NULL)
 * to o and returns 0, or -1 with the error set. render.c picks one by
 * format; callers use gs_report_render (report.h). */
#ifndef GS_RENDER_H
#define GS_RENDER_H

#include "report/report.h"
#include "util/sb.h"

typedef int (*gs_render_fn)(gs_sb *o, const gs_report *r);

int gs_render_md(gs_sb *o, const gs_report *r);   /* a delta only */
int gs_render_text(gs_sb *o, const gs_report *r);
int gs_render_json(gs_sb *o, const gs_report *r);
int gs_render_csv(gs_sb *o, const gs_report *r);
int gs_render_html(gs_sb *o, const gs_report *r);
int gs_render_svg(gs_sb *o, const gs_report *r);

#endif
