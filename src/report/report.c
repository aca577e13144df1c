/* report.c - the report model every renderer shares: the status, which rows
 * are shown and what the hidden ones add up to, whether savings are worth
 * showing, and their one-line wording. The renderers (report_md, report_text,
 * report_json, report_csv, report_html, report_svg) only lay it out. */
#include "report/report.h"

#include "util/fmt.h"

const char *gs_report_status(const gs_report *r)
{
	gs_level w = r->checks ? r->checks->worst : GS_LVL_PASS;
	if (w > GS_LVL_PASS && r->override)
		return "overridden";
	return w == GS_LVL_ERROR ? "error" : w == GS_LVL_WARN ? "warn" : "pass";
}

int gs_report_row_shown(const gs_report *r, const gs_row *row)
{
	int64_t d = gs_row_delta(row);
	uint64_t mag = d < 0 ? (uint64_t)-d : (uint64_t)d;
	return (mag > 0 || row->in_old != row->in_new) && mag >= r->min_change;
}

gs_hidden gs_report_hidden(const gs_report *r, const gs_rows *rows)
{
	gs_hidden h = {0};
	for (size_t i = 0; i < rows->n; i++) {
		const gs_row *row = &rows->v[i];
		if (gs_report_row_shown(r, row) && h.listed < (size_t)(r->top > 0 ? r->top : 0)) {
			h.listed++;
		} else if (gs_row_delta(row) || row->in_old != row->in_new) {
			h.n++;
			h.old += row->old;
			h.new_ += row->new_;
		}
	}
	return h;
}

static int moved(uint64_t old, uint64_t new_)
{
	if (!old != !new_)
		return 1;
	uint64_t d = old > new_ ? old - new_ : new_ - old;
	return (double)d > 0.1 * (double)old;
}

int gs_report_savings_shown(const gs_report *r)
{
	const gs_snapshot *o = r->d->old, *n = r->d->new_;
	if (!n->save_s && !n->save_w && !n->save_trimpath)
		return 0;
	return (r->checks && r->checks->worst > GS_LVL_PASS) || moved(o->save_s, n->save_s) || moved(o->save_w, n->save_w) ||
	       moved(o->save_trimpath, n->save_trimpath);
}

void gs_report_savings_line(gs_sb *o, const gs_snapshot *s)
{
	char h[32];
	const char *sep = " ";
	if (s->save_s) {
		gs_sb_printf(o, "%s-ldflags=-s would save %s", sep, gs_fmt_human(s->save_s, h, sizeof h));
		sep = ", ";
	}
	if (s->save_w) {
		gs_sb_printf(o, "%s-ldflags=-w %s", sep, gs_fmt_human(s->save_w, h, sizeof h));
		sep = ", ";
	}
	if (s->save_trimpath)
		gs_sb_printf(o, "%s-trimpath about %s (shorter file names; estimate)", sep, gs_fmt_human(s->save_trimpath, h, sizeof h));
}
