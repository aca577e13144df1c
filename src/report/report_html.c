/* report_html.c - the self-contained HTML treemap (see report_html.h): the
 * page template, styles, script and d3-hierarchy are compiled in; the data is
 * one JSON object in a <script type="application/json"> element. */
#include "report/report_html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/esc.h"
#include "report/html_assets.h"
#include "report/render.h"
#include "report/report_tree.h"

void gs_report_html_json_str(gs_sb *o, const char *s)
{
	gs_sb_putn(o, "\"", 1);
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p), run = 0; /* run: bytes at p copied as they are */
	char buf[8];
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t k = gs_utf8_seq(p + i, n - i, &cp);
		const char *rep = NULL;
		if (!k)
			rep = "\\ufffd", k = 1;
		else if (cp == 0x2028 || cp == 0x2029)
			rep = cp == 0x2028 ? "\\u2028" : "\\u2029";
		else if (cp == '"' || cp == '\\')
			rep = cp == '"' ? "\\\"" : "\\\\";
		else if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&' || cp == 0x7f) {
			snprintf(buf, sizeof buf, "\\u%04x", (unsigned)cp);
			rep = buf;
		}
		if (rep) {
			gs_sb_putn(o, (const char *)p + i - run, run);
			gs_sb_puts(o, rep);
			run = 0;
		} else {
			run += k;
		}
		i += k;
	}
	gs_sb_putn(o, (const char *)p + n - run, run);
	gs_sb_putn(o, "\"", 1);
}

static void key_str(gs_sb *o, const char *k, const char *v)
{
	gs_sb_printf(o, "\"%s\":", k);
	if (v)
		gs_report_html_json_str(o, v);
	else
		gs_sb_puts(o, "null");
}

/* A tree node: n name, t type, s bytes, c category index, o OLD bytes and f
 * flags (1 new, 2 removed) in a delta, k children. */
static void node_json(gs_sb *o, const gs_tnode *n, int delta)
{
	gs_sb_puts(o, "{");
	key_str(o, "n", n->name);
	gs_sb_printf(o, ",\"t\":\"%c\",\"s\":%llu", n->type, (unsigned long long)n->size);
	if (n->cat >= 0)
		gs_sb_printf(o, ",\"c\":%d", n->cat);
	if (delta) {
		gs_sb_printf(o, ",\"o\":%llu", (unsigned long long)n->old);
		if (!n->in_old || !n->in_new)
			gs_sb_printf(o, ",\"f\":%d", !n->in_old ? 1 : 2);
	}
	if (n->nkids) {
		gs_sb_puts(o, ",\"k\":[");
		for (size_t i = 0; i < n->nkids; i++) {
			if (i)
				gs_sb_puts(o, ",");
			node_json(o, &n->kids[i], delta);
		}
		gs_sb_puts(o, "]");
	}
	gs_sb_puts(o, "}");
}

static void cats_json(gs_sb *o)
{
	gs_sb_puts(o, "\"cats\":[");
	for (int c = 0; c < GS_CAT_N; c++)
		gs_sb_printf(o, "%s\"%s\"", c ? "," : "", gs_cat_name((gs_cat)c));
	gs_sb_puts(o, "]");
}

static void side_json(gs_sb *o, const char *k, const gs_snapshot *s)
{
	gs_sb_printf(o, "\"%s\":{", k);
	key_str(o, "path", s->path);
	gs_sb_puts(o, ",");
	key_str(o, "go", s->bi.goversion);
	gs_sb_puts(o, ",");
	key_str(o, "arch", s->arch);
	gs_sb_puts(o, ",");
	key_str(o, "format", s->format);
	gs_sb_printf(o, ",\"size\":%llu,\"attributed\":%llu,\"unattributed\":%llu,\"symbols\":%llu}",
	             (unsigned long long)s->file_size, (unsigned long long)s->attributed,
	             (unsigned long long)s->unattributed, (unsigned long long)s->nsyms_total);
}

/* Writes the page with its @@NAME@@ markers filled: CSS, APP, D3, D3LICENSE, DATA. */
static int page(gs_sb *o, const char *data)
{
	const char *t = gs_asset_page_html;
	for (;;) {
		const char *m = strstr(t, "@@");
		if (!m) {
			gs_sb_puts(o, t);
			break;
		}
		const char *e = strstr(m + 2, "@@");
		if (!e)
			return gs_fail("html: unterminated marker in the page template");
		gs_sb_printf(o, "%.*s", (int)(m - t), t);
		size_t n = (size_t)(e - m - 2);
		const char *name = m + 2, *v = NULL;
		if (n == 3 && !strncmp(name, "CSS", 3))
			v = gs_asset_style_css;
		else if (n == 3 && !strncmp(name, "APP", 3))
			v = gs_asset_app_js;
		else if (n == 2 && !strncmp(name, "D3", 2))
			v = gs_asset_d3_hierarchy_min_js;
		else if (n == 9 && !strncmp(name, "D3LICENSE", 9))
			v = gs_asset_d3_hierarchy_LICENSE;
		else if (n == 4 && !strncmp(name, "DATA", 4))
			v = data;
		else
			return gs_fail("html: unknown marker @@%.*s@@ in the page template", (int)n, name);
		gs_sb_puts(o, v);
		t = e + 2;
	}
	return o->oom ? gs_fail("out of memory") : 0;
}

static int finish_page(gs_sb *o, gs_sb *data)
{
	char *d = gs_sb_take(data);
	if (!d)
		return -1;
	int rc = page(o, d);
	free(d);
	return rc;
}

static int html_snapshot(gs_sb *o, const gs_snapshot *s)
{
	gs_tnode tree, secs;
	if (gs_tree_snapshot(&tree, s, GS_TREE_LEAVES) < 0)
		return -1;
	if (gs_tree_sections(&secs, s) < 0) {
		gs_tree_dispose(&tree);
		return -1;
	}
	gs_sb d = {0};
	gs_sb_puts(&d, "{\"kind\":\"snapshot\",");
	key_str(&d, "name", s->bi.path ? s->bi.path : s->path);
	gs_sb_puts(&d, ",");
	side_json(&d, "new", s);
	gs_sb_puts(&d, ",");
	cats_json(&d);
	gs_sb_puts(&d, ",\"tree\":");
	node_json(&d, &tree, 0);
	gs_sb_puts(&d, ",\"sections\":");
	node_json(&d, &secs, 0);
	gs_sb_puts(&d, "}");
	gs_tree_dispose(&tree);
	gs_tree_dispose(&secs);
	return finish_page(o, &d);
}

static void chain_json(gs_sb *o, const char **c, size_t n)
{
	gs_sb_puts(o, "[");
	for (size_t i = 0; i < n; i++) {
		gs_sb_puts(o, i ? "," : "");
		gs_report_html_json_str(o, i ? c[i] : "main");
	}
	gs_sb_puts(o, "]");
}

/* Why the new packages are here, when md and text show it too (else no note,
 * no imports, no chains: the page shows nothing). */
static void why_json(gs_sb *o, const gs_report *r)
{
	const gs_report_why *w = &r->why;
	gs_sb_puts(o, "{");
	key_str(o, "note", w->shown ? w->note : NULL);
	gs_sb_puts(o, ",\"new_imports\":[");
	for (size_t i = 0; w->shown && i < w->n; i++) {
		gs_sb_puts(o, i ? ",{" : "{");
		key_str(o, "package", w->v[i].pkg);
		gs_sb_printf(o, ",\"weight\":%llu,\"packages\":%zu,\"chain\":", (unsigned long long)w->v[i].weight, w->v[i].npkgs);
		chain_json(o, w->v[i].chain, w->v[i].nchain);
		gs_sb_puts(o, "}");
	}
	gs_sb_puts(o, "],\"imported_by\":{");
	for (size_t i = 0; w->shown && i < w->nnew && i < GS_REPORT_NEWPKG_SHOWN; i++) {
		gs_sb_puts(o, i ? "," : "");
		gs_report_html_json_str(o, w->newpkgs[i].pkg);
		gs_sb_puts(o, ":");
		gs_report_html_json_str(o, w->newpkgs[i].importer);
	}
	gs_sb_printf(o, "},\"more_new\":%zu}", w->shown && w->nnew > GS_REPORT_NEWPKG_SHOWN ? w->nnew - GS_REPORT_NEWPKG_SHOWN : 0);
}

static void names_json(gs_sb *o, const char *const *c, size_t n)
{
	gs_sb_puts(o, "[");
	for (size_t i = 0; i < n; i++) {
		gs_sb_puts(o, i ? "," : "");
		gs_report_html_json_str(o, c[i]);
	}
	gs_sb_puts(o, "]");
}

/* The linker's account (causes.h): what md and text show, for the page's headline and its list. */
static void linker_json(gs_sb *o, const gs_report *r)
{
	const gs_causes *c = &r->linker;
	gs_sb_printf(o, "{\"shown\":%s,\"old_dce\":\"%s\",\"new_dce\":\"%s\",\"dce_turned_off\":%s,", c->new_ ? "true" : "false",
	             gs_dce_name(c->old_dce), gs_dce_name(c->new_dce), c->dce_turned_off ? "true" : "false");
	gs_sb_puts(o, "\"dce_chain\":");
	names_json(o, c->dce_chain, c->ndce_chain);
	gs_sb_printf(o, ",\"dce_cost_bytes\":%llu,\"growth_bytes\":%llu,\"explained_bytes\":%llu,",
	             (unsigned long long)c->dce_cost, (unsigned long long)c->growth, (unsigned long long)c->explained);
	key_str(o, "note", c->available ? NULL : c->note);
	gs_sb_puts(o, ",\"causes\":[");
	for (size_t i = 0; i < c->n && i < (size_t)r->top; i++) {
		const gs_cause *e = &c->v[i];
		gs_sb_printf(o, "%s{\"kind\":\"%s\",\"bytes\":%llu,\"symbols\":%zu,\"chain\":", i ? "," : "",
		             e->kind == GS_CAUSE_DCE ? "dce" : e->kind == GS_CAUSE_GREW ? "grew" : "edge", (unsigned long long)e->bytes,
		             e->symbols);
		names_json(o, e->chain, e->nchain);
		gs_sb_puts(o, "}");
	}
	gs_sb_printf(o, "],\"more_causes\":%zu}", c->n > (size_t)r->top ? c->n - (size_t)r->top : 0);
}

/* The headline, budgets, build notes and the imports that brought new packages. */
static int diff_head(gs_sb *o, const gs_report *r)
{
	const gs_delta *d = r->d;
	key_str(o, "name", r->name);
	gs_sb_puts(o, ",");
	key_str(o, "status", r->status);
	gs_sb_printf(o, ",\"min_change\":%llu,", (unsigned long long)r->min_change); /* the page's neutral colour */
	key_str(o, "override", r->override);
	gs_sb_puts(o, ",");
	key_str(o, "accepted_by", r->override ? (r->accepted_by ? r->accepted_by : "a commit footer") : NULL);
	gs_sb_puts(o, ",\"remarks\":[");
	for (size_t i = 0; i < r->nremarks; i++) {
		gs_sb_puts(o, i ? "," : "");
		gs_report_html_json_str(o, r->remarks[i]);
	}
	gs_sb_puts(o, "],");
	side_json(o, "old", d->old);
	gs_sb_puts(o, ",");
	side_json(o, "new", d->new_);
	gs_sb_puts(o, ",\"checks\":[");
	for (size_t i = 0; r->checks && i < r->checks->n; i++) {
		const gs_check *k = &r->checks->v[i];
		gs_sb_puts(o, i ? ",{" : "{");
		key_str(o, "budget", k->named ? k->name : k->scope);
		gs_sb_puts(o, ",");
		key_str(o, "status", k->status == GS_LVL_ERROR ? "error" : k->status == GS_LVL_WARN ? "warn" : "pass");
		gs_sb_puts(o, ",");
		key_str(o, "text", k->text);
		gs_sb_puts(o, "}");
	}
	gs_sb_puts(o, "],\"notes\":[");
	for (size_t i = 0; i < d->nnotes; i++) {
		gs_sb_puts(o, i ? "," : "");
		gs_report_html_json_str(o, d->notes[i].text);
	}
	gs_sb_puts(o, "],\"why\":");
	why_json(o, r);
	gs_sb_puts(o, ",\"linker\":");
	linker_json(o, r);
	return 0;
}

static int html_diff(gs_sb *o, const gs_report *r)
{
	gs_tnode tree, secs;
	if (gs_tree_delta(&tree, r->d, GS_TREE_LEAVES, 0) < 0)
		return -1;
	if (gs_tree_delta(&secs, r->d, 0, 1) < 0) {
		gs_tree_dispose(&tree);
		return -1;
	}
	gs_sb d = {0};
	gs_sb_puts(&d, "{\"kind\":\"diff\",");
	int rc = diff_head(&d, r);
	if (rc == 0) {
		gs_sb_puts(&d, ",");
		cats_json(&d);
		gs_sb_puts(&d, ",\"tree\":");
		node_json(&d, &tree, 1);
		gs_sb_puts(&d, ",\"sections\":");
		node_json(&d, &secs, 1);
		gs_sb_puts(&d, "}");
	}
	gs_tree_dispose(&tree);
	gs_tree_dispose(&secs);
	if (rc < 0) {
		gs_sb_dispose(&d);
		return -1;
	}
	return finish_page(o, &d);
}

int gs_render_html(gs_sb *o, const gs_report *r) { return r->d ? html_diff(o, r) : html_snapshot(o, r->snap); }
