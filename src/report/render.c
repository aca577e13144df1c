/* render.c - the formats: their names and renderers (render.h), and the one
 * entry that renders a report in a format. */
#include <string.h>

#include "util/err.h"
#include "report/render.h"

static const struct {
	const char *name;
	gs_render_fn render;
	int snapshot; /* renders a single snapshot too */
} formats[GS_FORMAT_N] = {
	[GS_FORMAT_MD] = {"md", gs_render_md, 0},
	[GS_FORMAT_TEXT] = {"text", gs_render_text, 1},
	[GS_FORMAT_JSON] = {"json", gs_render_json, 1},
	[GS_FORMAT_CSV] = {"csv", gs_render_csv, 1},
	[GS_FORMAT_HTML] = {"html", gs_render_html, 1},
	[GS_FORMAT_SVG] = {"svg", gs_render_svg, 1},
};

int gs_format_parse(const char *s, int snapshot)
{
	if (!s)
		return -1;
	if (strcmp(s, "markdown") == 0)
		s = "md";
	for (int f = 0; f < GS_FORMAT_N; f++)
		if (strcmp(s, formats[f].name) == 0 && (formats[f].snapshot || !snapshot))
			return f;
	return -1;
}

int gs_report_render(gs_sb *o, const gs_report *r, gs_format f)
{
	if (!r->built)
		return gs_fail("internal: report rendered before it was built");
	if ((unsigned)f >= GS_FORMAT_N || (!r->d && !formats[f].snapshot))
		return gs_fail("internal: no %s rendering of a snapshot", (unsigned)f < GS_FORMAT_N ? formats[f].name : "such");
	if (formats[f].render(o, r) < 0)
		return -1;
	return o->oom ? gs_fail("out of memory") : 0;
}
