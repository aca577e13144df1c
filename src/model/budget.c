/* budget.c - size budgets: max_increase (bytes or %), max_size, new. Each
 * check reads as a sentence in one unit style and carries its numbers. */
#include "model/budget.h"

#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/fmt.h"
#include "util/mem.h"
#include "util/sb.h"

void gs_checks_dispose(gs_checks *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->v[i].name);
		free(k->v[i].text);
		for (size_t j = 0; j < k->v[i].nadded; j++)
			free(k->v[i].added[j]);
		free(k->v[i].added);
	}
	free(k->v);
	memset(k, 0, sizeof *k);
}

static const char *level_name(gs_level l) { return l == GS_LVL_WARN ? "warn" : "error"; }

static const gs_rows *rows_of(const gs_delta *d, gs_scope s)
{
	return s == GS_SCOPE_SECTION ? &d->sections : s == GS_SCOPE_PACKAGE ? &d->packages : &d->modules;
}

/* 1 when gs_fmt_human(v) states v exactly ("256.0 KiB" is 262,144 B; "97.7 KiB" is not 100,000 B). */
static int human_exact(uint64_t v)
{
	uint64_t unit = 1;
	while (unit <= UINT64_MAX / 1024 && (double)v >= 1023.95 * (double)unit)
		unit *= 1024;
	if (unit == 1)
		return 1;
	/* one decimal: exact when v is a multiple of unit/10 that the decimal shows */
	double tenths = (double)v * 10.0 / (double)unit;
	return tenths == floor(tenths) && (uint64_t)(tenths * (double)unit / 10.0 + 0.5) == v;
}

/* "256.0 KiB", or "97.7 KiB (100,000 B)" when the rounded form is not exact
 * (or exact is set: the actual value rounds to the same text). Under 1 KiB the
 * text is already exact bytes ("200 B") and is not repeated. */
static void size_text(gs_sb *o, uint64_t v, int plus, int exact)
{
	char h[32], e[40];
	gs_sb_printf(o, "%s%s", plus ? "+" : "", gs_fmt_human(v, h, sizeof h));
	if (v >= 1024 && (exact || !human_exact(v)))
		gs_sb_printf(o, " (%s%s B)", plus ? "+" : "", gs_fmt_commas((int64_t)v, 0, e, sizeof e));
}

static void delta_text(gs_sb *o, int64_t delta, int exact)
{
	char h[32], e[40];
	if (!delta) {
		gs_sb_puts(o, "unchanged");
		return;
	}
	gs_sb_printf(o, "%s %s", delta > 0 ? "grew" : "shrank", gs_fmt_human_delta(delta, h, sizeof h));
	if (exact && (delta >= 1024 || delta <= -1024))
		gs_sb_printf(o, " (%s B)", gs_fmt_commas(delta, 1, e, sizeof e));
}

static gs_check *add(gs_checks *k, const gs_budget *b, const char *kind, int several, gs_level status, gs_sb *text)
{
	gs_check *c = GS_PUSH(k->v, k->n, k->cap);
	if (!c) {
		gs_sb_dispose(text);
		return NULL;
	}
	memset(c, 0, sizeof *c);
	char name[400];
	if (b->name)
		snprintf(name, sizeof name, several ? "%s (%s)" : "%s", b->name, kind);
	else
		snprintf(name, sizeof name, "%s %s (%s)", b->scope_text, kind,
		         strcmp(kind, "new") == 0 ? level_name(b->new_level) : level_name(b->level));
	/* two budgets with the same default name: number the later ones */
	char uniq[440];
	snprintf(uniq, sizeof uniq, "%s", name);
	for (int n = 2, again = 1; again; n++) {
		again = 0;
		for (size_t i = 0; i + 1 < k->n; i++)
			if (strcmp(k->v[i].name, uniq) == 0) {
				snprintf(uniq, sizeof uniq, "%s #%d", name, n);
				again = 1;
				break;
			}
	}
	c->named = b->name != NULL;
	c->scope = b->scope_text;
	c->kind = kind;
	c->level = strcmp(kind, "new") == 0 ? b->new_level : b->level;
	c->status = status;
	if (!(c->name = gs_strdup(uniq)) || !(c->text = gs_sb_take(text))) {
		free(c->name);
		k->n--;
		return NULL;
	}
	if (status > k->worst)
		k->worst = status;
	return c;
}

static int eval_one(gs_checks *k, const gs_budget *b, const gs_delta *d)
{
	uint64_t old = 0, new_ = 0;
	const gs_row **added = NULL;
	size_t nadded = 0, added_cap = 0;
	if (b->scope == GS_SCOPE_TOTAL) {
		old = d->old_total, new_ = d->new_total;
	} else {
		const gs_rows *r = rows_of(d, b->scope);
		for (size_t i = 0; i < r->n; i++) {
			if (fnmatch(b->glob, r->v[i].name, 0) != 0)
				continue;
			/* saturating sums: sizes from a hostile snapshot must not wrap */
			old = r->v[i].old > UINT64_MAX - old ? UINT64_MAX : old + r->v[i].old;
			new_ = r->v[i].new_ > UINT64_MAX - new_ ? UINT64_MAX : new_ + r->v[i].new_;
			if (r->v[i].in_new && !r->v[i].in_old && r->v[i].name[0] != '[') {
				const gs_row **slot = GS_PUSH(added, nadded, added_cap);
				if (!slot) {
					free(added);
					return -1;
				}
				*slot = &r->v[i];
			}
		}
	}
	int several = (b->max_increase.set != 0) + (b->max_size.set != 0) + (b->new_level != GS_LVL_PASS) > 1;
	int64_t delta = gs_delta_of(old, new_);
	char h[32];
	gs_check *c;
	if (b->max_increase.set) {
		const gs_limit *l = &b->max_increase;
		gs_sb t = {0};
		int broken;
		double actual;
		if (l->is_pct) {
			broken = old ? (double)delta * 100.0 > l->pct * (double)old : delta > 0;
			actual = old ? (double)delta * 100.0 / (double)old : 0;
			if (delta && old)
				gs_sb_printf(&t, "%s %s (%s), limit +%.4g%%", delta > 0 ? "grew" : "shrank",
				             gs_fmt_percent(old, new_, h, sizeof h), gs_fmt_human_delta(delta, (char[32]){0}, 32), l->pct);
			else if (delta)
				gs_sb_printf(&t, "new, %s, limit +%.4g%%", gs_fmt_human_delta(delta, h, sizeof h), l->pct);
			else
				gs_sb_printf(&t, "unchanged, limit +%.4g%%", l->pct);
		} else {
			broken = delta > 0 && (uint64_t)delta > l->bytes;
			actual = (double)delta;
			/* exact bytes when the rounded change reads like the limit */
			char a[32], b2[32];
			int close = strcmp(gs_fmt_human(delta > 0 ? (uint64_t)delta : 0, a, sizeof a), gs_fmt_human(l->bytes, b2, sizeof b2)) == 0;
			delta_text(&t, delta, close);
			gs_sb_puts(&t, ", limit ");
			size_text(&t, l->bytes, 1, close);
		}
		if (!(c = add(k, b, "max_increase", several, broken ? b->level : GS_LVL_PASS, &t)))
			goto fail;
		c->unit = l->is_pct ? "percent" : "bytes";
		c->actual = actual;
		c->limit = l->is_pct ? l->pct : (double)l->bytes;
		c->delta = delta, c->size = new_;
	}
	if (b->max_size.set) {
		gs_sb t = {0};
		gs_sb_puts(&t, "size ");
		char a[32], b2[32];
		int close = strcmp(gs_fmt_human(new_, a, sizeof a), gs_fmt_human(b->max_size.bytes, b2, sizeof b2)) == 0;
		gs_sb_puts(&t, a);
		if (close)
			gs_sb_printf(&t, " (%s B)", gs_fmt_commas((int64_t)new_, 0, a, sizeof a));
		gs_sb_puts(&t, ", limit ");
		size_text(&t, b->max_size.bytes, 0, close);
		if (!(c = add(k, b, "max_size", several, new_ > b->max_size.bytes ? b->level : GS_LVL_PASS, &t)))
			goto fail;
		c->unit = "bytes";
		c->actual = (double)new_;
		c->limit = (double)b->max_size.bytes;
		c->delta = delta, c->size = new_;
	}
	if (b->new_level) {
		const char *what = b->scope == GS_SCOPE_PACKAGE ? "package" : "module";
		gs_sb t = {0};
		if (!nadded)
			gs_sb_printf(&t, "no new %s", what);
		else
			gs_sb_printf(&t, "new %s%s: ", what, nadded == 1 ? "" : "s");
		for (size_t i = 0; i < nadded && i < 10; i++)
			gs_sb_printf(&t, "%s%s", i ? ", " : "", added[i]->name);
		if (nadded > 10)
			gs_sb_printf(&t, " and %zu more", nadded - 10);
		if (!(c = add(k, b, "new", several, nadded ? b->new_level : GS_LVL_PASS, &t)))
			goto fail;
		c->unit = "count";
		c->actual = (double)nadded;
		c->limit = 0;
		c->delta = delta, c->size = new_;
		if (nadded && !(c->added = calloc(nadded, sizeof *c->added)))
			goto fail;
		for (size_t i = 0; i < nadded; i++, c->nadded++)
			if (!(c->added[i] = gs_strdup(added[i]->name)))
				goto fail;
	}
	free(added);
	return 0;
fail:
	free(added);
	return gs_fail("out of memory");
}

int gs_budgets_eval(gs_checks *out, const gs_config *c, const gs_delta *d)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < c->nbudgets; i++)
		if (eval_one(out, &c->budgets[i], d) < 0) {
			gs_checks_dispose(out);
			return -1;
		}
	return 0;
}
