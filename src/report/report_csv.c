/* report_csv.c - snapshots and deltas as CSV (RFC 4180) for spreadsheets and
 * scripts: one table, a "kind" column saying what each row is, every row (no
 * --top or --min-change), exact byte counts. */
#include "report/render.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/esc.h"

/* 1 when cp is blank or invisible: a spreadsheet may skip it before a formula (whitespace, NBSP,
 * the Unicode spaces, zero-width characters, the BOM). */
static int blank(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xa0 || cp == 0x1680 || cp == 0x180e ||
	       (cp >= 0x2000 && cp <= 0x200f) || (cp >= 0x2028 && cp <= 0x202f) || (cp >= 0x205f && cp <= 0x2064) ||
	       cp == 0x3000 || cp == 0xfeff;
}

/* 1 when a spreadsheet could read t (valid UTF-8) as a formula: its first character after any
 * blanks (blank()) is = + - @ or their fullwidth forms, or it starts with a tab or CR. */
static int formula(const char *t)
{
	const unsigned char *s = (const unsigned char *)t;
	size_t n = strlen(t), i = 0;
	if (s[0] == '\t' || s[0] == '\r')
		return 1;
	for (;;) {
		uint32_t cp = 0;
		size_t k = i < n ? gs_utf8_seq(s + i, n - i, &cp) : 0;
		if (!k)
			return 0;
		if (cp == '=' || cp == '+' || cp == '-' || cp == '@' || cp == 0xff1d || cp == 0xff0b || cp == 0xff0d ||
		    cp == 0xff20 || cp == 0xfe62 || cp == 0xfe63 || cp == 0xfe6b || cp == 0x2212)
			return 1;
		if (!blank(cp))
			return 0;
		i += k;
	}
}

/* One text field: valid UTF-8 (U+FFFD for the rest), quoted when it holds a
 * comma, a quote, a line break or edge spaces, and behind a ' when a spreadsheet
 * could read it as a formula (formula()). */
static int field(gs_sb *o, const char *s)
{
	char *t = gs_utf8_fix(s ? s : "", strlen(s ? s : ""));
	if (!t)
		return -1;
	size_t n = strlen(t);
	int guard = formula(t);
	int quote = guard || strpbrk(t, ",\"\r\n") || (n && (t[0] == ' ' || t[n - 1] == ' '));
	if (quote)
		gs_sb_puts(o, "\"");
	if (guard)
		gs_sb_puts(o, "'");
	for (const char *p = t; *p; p++) {
		if (*p == '"')
			gs_sb_puts(o, "\"\"");
		else
			gs_sb_printf(o, "%c", *p);
	}
	if (quote)
		gs_sb_puts(o, "\"");
	free(t);
	return 0;
}

static int delta_row(gs_sb *o, const char *kind, const gs_row *row, const char *parent, int versions)
{
	gs_sb_printf(o, "%s,", kind);
	if (field(o, row->name) < 0)
		return -1;
	gs_sb_puts(o, ",");
	if (field(o, parent) < 0)
		return -1;
	gs_sb_printf(o, ",%" PRIu64 ",%" PRIu64 ",%" PRId64 ",%s,", row->old, row->new_, gs_row_delta(row),
	             !row->in_old ? "added" : !row->in_new ? "removed" : row->old == row->new_ ? "same" : "changed");
	if (versions) {
		if (field(o, row->in_old ? row->old_ver : "") < 0)
			return -1;
		gs_sb_puts(o, ",");
		if (field(o, row->in_new ? row->new_ver : "") < 0)
			return -1;
	} else {
		gs_sb_puts(o, ",");
	}
	gs_sb_puts(o, "\r\n");
	return 0;
}

/* kind,name,parent,old,new,delta,status,old_version,new_version
 * kind: total, unattributed, section, category, package (parent: module),
 * module (versions), symbol (parent: package). */
static int csv_diff(gs_sb *o, const gs_report *r)
{
	const gs_delta *d = r->d;
	gs_sb_puts(o, "kind,name,parent,old,new,delta,status,old_version,new_version\r\n");
	gs_row total = {.name = "total", .old = d->old_total, .new_ = d->new_total, .in_old = 1, .in_new = 1};
	gs_row unattr = {.name = "unattributed", .old = d->old_unattr, .new_ = d->new_unattr, .in_old = 1, .in_new = 1};
	if (delta_row(o, "total", &total, "", 0) < 0 || delta_row(o, "unattributed", &unattr, "", 0) < 0)
		return -1;
	struct {
		const char *kind;
		const gs_rows *rows;
		int parent, versions;
	} t[] = {{"section", &d->sections, 0, 0}, {"category", &d->cats, 0, 0}, {"package", &d->packages, 1, 0},
	         {"module", &d->modules, 0, 1}, {"symbol", &d->symbols, 1, 0}};
	for (size_t k = 0; k < sizeof t / sizeof *t; k++)
		for (size_t i = 0; i < t[k].rows->n; i++)
			if (delta_row(o, t[k].kind, &t[k].rows->v[i], t[k].parent ? t[k].rows->v[i].module : "", t[k].versions) < 0)
				return -1;
	return o->oom ? gs_fail("out of memory") : 0;
}

static int snap_row(gs_sb *o, const char *kind, const char *name, const char *parent, uint64_t size, const char *rest)
{
	gs_sb_printf(o, "%s,", kind);
	if (field(o, name) < 0)
		return -1;
	gs_sb_puts(o, ",");
	if (field(o, parent) < 0)
		return -1;
	gs_sb_printf(o, ",%" PRIu64 ",%s\r\n", size, rest);
	return 0;
}

/* kind,name,parent,size,code,pclntab,functions
 * kind: file, unattributed, section (parent: its kind), package (parent:
 * module), module (parent: version), symbol (parent: package). */
static int csv_snapshot(gs_sb *o, const gs_snapshot *s)
{
	char rest[96];
	gs_sb_puts(o, "kind,name,parent,size,code,pclntab,functions\r\n");
	if (snap_row(o, "file", s->path, "", s->file_size, ",,") < 0 ||
	    snap_row(o, "unattributed", "unattributed", "", s->unattributed, ",,") < 0)
		return -1;
	for (size_t i = 0; i < s->nsecs; i++)
		if (snap_row(o, "section", s->secs[i].name, s->secs[i].kind, s->secs[i].size, ",,") < 0)
			return -1;
	for (size_t i = 0; i < s->npkgs; i++) {
		const gs_snap_pkg *p = &s->pkgs[i];
		snprintf(rest, sizeof rest, "%" PRIu64 ",%" PRIu64 ",%" PRIu64, p->cat[GS_CAT_CODE], gs_pkg_pcln(p), p->functions);
		if (snap_row(o, "package", p->name, p->module, p->size, rest) < 0)
			return -1;
	}
	for (size_t i = 0; i < s->nmods; i++)
		if (snap_row(o, "module", s->mods[i].path, s->mods[i].version, s->mods[i].size, ",,") < 0)
			return -1;
	for (size_t i = 0; i < s->nsyms; i++) {
		const gs_snap_sym *y = &s->syms[i];
		snprintf(rest, sizeof rest, "%" PRIu64 ",%" PRIu64 ",", y->cat == GS_CAT_CODE ? y->size : 0, y->pcln);
		if (snap_row(o, "symbol", y->name, y->pkg, y->bss ? 0 : y->size, rest) < 0)
			return -1;
	}
	return o->oom ? gs_fail("out of memory") : 0;
}

int gs_render_csv(gs_sb *o, const gs_report *r) { return r->d ? csv_diff(o, r) : csv_snapshot(o, r->snap); }
