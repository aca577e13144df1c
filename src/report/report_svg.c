/* report_svg.c - a static treemap of the top two levels (modules and buckets,
 * then packages) as SVG for READMEs and PR comments: no scripts, a <title> per
 * tile, laid out with the squarified algorithm (Bruls, Huizing, van Wijk). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/esc.h"
#include "util/fmt.h"
#include "util/mem.h"
#include "report/render.h"
#include "report/report_tree.h"

#define SVG_W 1000.0
#define SVG_H 600.0
#define SVG_TOP 44.0   /* headline */
#define SVG_LEGEND 28.0

typedef struct { double x, y, w, h; } box;

static double worst(double sum, double mn, double mx, double side)
{
	double s2 = sum * sum, w2 = side * side;
	double a = w2 * mx / s2, b = s2 / (w2 * mn);
	return a > b ? a : b;
}

/* Lays out areas a[0..n) (sorted, largest first; they sum to r's area) in r. */
static void squarify(const double *a, size_t n, box r, box *out)
{
	size_t i = 0;
	while (i < n) {
		double side = r.w < r.h ? r.w : r.h;
		if (side <= 0 || a[i] <= 0) {
			for (; i < n; i++)
				out[i] = (box){r.x, r.y, 0, 0};
			return;
		}
		size_t j = i;
		double sum = 0, mn = INFINITY, mx = 0, best = INFINITY;
		while (j < n && a[j] > 0) {
			double s2 = sum + a[j], mn2 = a[j] < mn ? a[j] : mn, mx2 = a[j] > mx ? a[j] : mx;
			double w = worst(s2, mn2, mx2, side);
			if (j > i && w > best)
				break;
			best = w, sum = s2, mn = mn2, mx = mx2;
			j++;
		}
		double thick = sum / side;
		double pos = r.w >= r.h ? r.y : r.x;
		for (size_t k = i; k < j; k++) {
			double len = a[k] / thick;
			out[k] = r.w >= r.h ? (box){r.x, pos, thick, len} : (box){pos, r.y, len, thick};
			pos += len;
		}
		if (r.w >= r.h)
			r.x += thick, r.w -= thick;
		else
			r.y += thick, r.h -= thick;
		i = j;
	}
}

/* XML text and attribute values: gs_esc_html (entities, visible escapes for
 * controls and invalid bytes, so the document stays well-formed). */
static void xml(gs_sb *o, const char *s) { gs_esc_html(o, s); }

/* Category colours (the HTML page uses the same). */
static const char *cat_color(int c)
{
	static const char *col[GS_CAT_N] = {
		"#4e79a7", "#bab0ac", "#f28e2b", "#ffbe7d", "#e15759", "#ff9d9a", "#59a14f",
		"#8cd17d", "#b07aa1", "#d4a6c8", "#76b7b2", "#9c755f", "#d7b5a6", "#79706e", "#edc948",
	};
	return c >= 0 && c < GS_CAT_N ? col[c] : "#d0d0d0";
}

/* Growth classes of a delta: the legend's order. */
static const struct { const char *name, *color; } growth[] = {
	{"new", "#7b3294"}, {"grew ≥ 10%", "#d6604d"}, {"grew", "#f4a582"}, {"same", "#e0e0e0"},
	{"shrank", "#92c5de"}, {"shrank ≥ 10%", "#4393c3"}, {"removed", "#2166ac"},
};

static int growth_class(const gs_tnode *n)
{
	if (!n->in_old)
		return 0;
	if (!n->in_new)
		return 6;
	if (n->size == n->old)
		return 3;
	double rel = ((double)n->size - (double)n->old) / (double)(n->old ? n->old : 1);
	if (n->size > n->old)
		return rel >= 0.1 ? 1 : 2;
	return rel <= -0.1 ? 5 : 4;
}

static void title(gs_sb *o, const gs_tnode *n, uint64_t total, int delta)
{
	char a[32], b[32], c[32], p[32], t[256];
	gs_sb_puts(o, "<title>");
	xml(o, n->name);
	/* the numbers go through the escaper too: a change under 0.1% reads "-<0.1%" */
	if (delta)
		snprintf(t, sizeof t, ": %s → %s (%s, %s)", gs_fmt_human(n->old, a, sizeof a), gs_fmt_human(n->size, b, sizeof b),
		         gs_fmt_human_delta(gs_delta_of(n->old, n->size), c, sizeof c),
		         !n->in_new ? "removed" : gs_fmt_percent(n->old, n->size, p, sizeof p));
	else
		snprintf(t, sizeof t, ": %s (%.1f%%)%s%s", gs_fmt_human(n->size, a, sizeof a),
		         total ? 100.0 * (double)n->size / (double)total : 0.0, n->cat >= 0 ? ", mostly " : "",
		         n->cat >= 0 ? gs_cat_name((gs_cat)n->cat) : "");
	xml(o, t);
	gs_sb_puts(o, "</title>");
}

static void label(gs_sb *o, const gs_tnode *n, box b, double y, int bold, int delta)
{
	char h[32];
	const char *mark = delta && !n->in_old ? "NEW " : "";
	double chars = (b.w - 6) / 6.6;
	size_t len = strlen(n->name) + strlen(mark);
	if (chars < 4 || b.h < 13)
		return;
	gs_sb_printf(o, "<text x=\"%.1f\" y=\"%.1f\"%s>%s", b.x + 3, y, bold ? " font-weight=\"bold\"" : "", mark);
	if (len <= (size_t)chars) {
		xml(o, n->name);
		if (len + 10 <= (size_t)chars)
			gs_sb_printf(o, " %s", gs_fmt_human(n->size, h, sizeof h));
	} else {
		/* the tail of a long import path says most: "…/net/http2" */
		size_t keep = (size_t)chars - strlen(mark) - 1, nl = strlen(n->name);
		const char *t = n->name + (nl > keep ? nl - keep : 0);
		while ((*t & 0xc0) == 0x80)
			t++;
		gs_sb_puts(o, "…");
		xml(o, t);
	}
	gs_sb_puts(o, "</text>\n");
}

static const char *fill(const gs_tnode *n, int delta)
{
	return delta ? growth[growth_class(n)].color : cat_color(n->cat);
}

static void tile(gs_sb *o, const gs_tnode *n, box b, int depth, uint64_t total, int delta)
{
	gs_sb_printf(o, "<rect class=\"d%d\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"%s data-bytes=\"%llu\"",
	             depth, b.x, b.y, b.w, b.h, fill(n, delta),
	             delta && !n->in_old ? " stroke=\"#000\" stroke-dasharray=\"4 2\"" : "", (unsigned long long)n->size);
	if (delta)
		gs_sb_printf(o, " data-old=\"%llu\"", (unsigned long long)n->old);
	gs_sb_puts(o, ">");
	title(o, n, total, delta);
	gs_sb_puts(o, "</rect>\n");
}

/* Lays out n's children in b; returns -1 on allocation failure. */
static int level(gs_sb *o, const gs_tnode *n, box b, int depth, uint64_t total, int delta)
{
	if (!n->nkids || !n->size || b.w < 1 || b.h < 1)
		return 0;
	double *a = gs_calloc(n->nkids, sizeof *a);
	box *r = gs_calloc(n->nkids, sizeof *r);
	if (!a || !r) {
		free(a);
		free(r);
		return -1;
	}
	for (size_t i = 0; i < n->nkids; i++)
		a[i] = (double)n->kids[i].size * b.w * b.h / (double)n->size;
	squarify(a, n->nkids, b, r);
	int rc = 0;
	for (size_t i = 0; i < n->nkids && rc == 0; i++) {
		const gs_tnode *k = &n->kids[i];
		if (!k->size)
			continue;
		tile(o, k, r[i], depth, total, delta);
		if (depth == 1) {
			label(o, k, r[i], r[i].y + 11, 1, delta);
			box in = {r[i].x + 1, r[i].y + 15, r[i].w - 2, r[i].h - 16};
			if (in.w >= 8 && in.h >= 8 && k->nkids > 1 && k->type != GS_TN_BUCKET)
				rc = level(o, k, in, 2, total, delta);
		} else {
			label(o, k, r[i], r[i].y + 11, 0, delta);
		}
	}
	free(a);
	free(r);
	return rc;
}

static int svg(gs_sb *o, const gs_tnode *tree, const char *name, const char *headline, int delta)
{
	double h = SVG_TOP + SVG_H + SVG_LEGEND;
	gs_sb_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
	             "font-family=\"sans-serif\" font-size=\"11\">\n", SVG_W, h, SVG_W, h);
	gs_sb_printf(o, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>\n<text x=\"4\" y=\"18\" font-size=\"15\" font-weight=\"bold\">", SVG_W, h);
	xml(o, name);
	gs_sb_puts(o, "</text>\n<text x=\"4\" y=\"36\">");
	xml(o, headline);
	gs_sb_puts(o, "</text>\n<style>text{stroke:none;fill:#111}</style>\n<g stroke=\"#fff\" stroke-width=\"0.5\">\n");
	if (level(o, tree, (box){0, SVG_TOP, SVG_W, SVG_H}, 1, tree->size, delta) < 0)
		return -1;
	gs_sb_puts(o, "</g>\n");
	double x = 4, y = SVG_TOP + SVG_H + 8;
	if (delta) {
		for (size_t i = 0; i < sizeof growth / sizeof growth[0]; i++) {
			gs_sb_printf(o, "<rect x=\"%.0f\" y=\"%.0f\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%.0f\" y=\"%.0f\">%s</text>\n",
			             x, y, growth[i].color, x + 16, y + 10, growth[i].name);
			x += 30 + 7.0 * (double)gs_utf8_width(growth[i].name);
		}
	} else {
		for (int c = 0; c < GS_CAT_N; c++) {
			if (!tree->catsz[c])
				continue;
			gs_sb_printf(o, "<rect x=\"%.0f\" y=\"%.0f\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%.0f\" y=\"%.0f\">%s</text>\n",
			             x, y, cat_color(c), x + 16, y + 10, gs_cat_name((gs_cat)c));
			x += 24 + 7.0 * (double)strlen(gs_cat_name((gs_cat)c));
		}
	}
	gs_sb_puts(o, "</svg>\n");
	return o->oom ? gs_fail("out of memory") : 0;
}

static int svg_snapshot(gs_sb *o, const gs_snapshot *s)
{
	gs_tnode t;
	if (gs_tree_snapshot(&t, s, 0) < 0)
		return -1;
	char a[32], e[40], head[256];
	snprintf(head, sizeof head, "%s (%s bytes)%s%s%s%s, area = bytes, colour = the largest category",
	         gs_fmt_human(s->file_size, a, sizeof a), gs_fmt_commas((int64_t)s->file_size, 0, e, sizeof e),
	         s->bi.goversion ? " · " : "", s->bi.goversion ? s->bi.goversion : "", s->arch ? " · " : "", s->arch ? s->arch : "");
	int rc = svg(o, &t, s->bi.path ? s->bi.path : s->path, head, 0);
	gs_tree_dispose(&t);
	return rc;
}

static int svg_diff(gs_sb *o, const gs_report *r)
{
	gs_tnode t;
	if (gs_tree_delta(&t, r->d, 0, 0) < 0)
		return -1;
	char a[32], b[32], c[32], p[32], head[256];
	snprintf(head, sizeof head, "%s → %s (%s, %s) · %s, area = new bytes, colour = change", gs_fmt_human(r->d->old_total, a, sizeof a),
	         gs_fmt_human(r->d->new_total, b, sizeof b),
	         gs_fmt_human_delta(gs_delta_of(r->d->old_total, r->d->new_total), c, sizeof c),
	         gs_fmt_percent(r->d->old_total, r->d->new_total, p, sizeof p), r->status);
	int rc = svg(o, &t, r->name, head, 1);
	gs_tree_dispose(&t);
	return rc;
}

int gs_render_svg(gs_sb *o, const gs_report *r) { return r->d ? svg_diff(o, r) : svg_snapshot(o, r->snap); }
