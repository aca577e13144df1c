/* budget.c - size budgets: max_increase (bytes or %), max_size, new. Each
 * check reads as a sentence in one unit style and carries its numbers. */
#include "model/budget.h"

#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/reach.h"
#include "util/err.h"
#include "util/fmt.h"
#include "util/mem.h"
#include "util/near.h"
#include "util/sb.h"
#include "util/strmap.h"

void gs_checks_dispose(gs_checks *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->v[i].name);
		free(k->v[i].text);
		for (size_t j = 0; j < k->v[i].nadded; j++)
			free(k->v[i].added[j]);
		free(k->v[i].added);
		for (size_t j = 0; j < k->v[i].nnearest; j++)
			free(k->v[i].nearest[j]);
		free(k->v[i].nearest);
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

/* What one scope adds up to on a delta; computed once per distinct scope text. */
typedef struct scope_sum {
	uint64_t old, new_;
	size_t matched;
	const gs_row **added;            /* new rows (not [buckets]) */
	size_t nadded, added_cap;
	size_t near[GS_NEAR_MAX], nnear; /* matched == 0: indexes into the scope's rows */
} scope_sum;

/* The evaluation's state: the checks, the names taken (every check's name)
 * and, per default name, the next number to try; the sums per scope text. */
typedef struct eval_ctx {
	gs_checks *k;
	const gs_delta *d;
	gs_strmap taken, next, scopes;
	gs_arena keys;                   /* the next map's keys */
	size_t *nexts;                   /* next number per default name (next's values index it) */
	size_t nnexts, nexts_cap;
	scope_sum *sums;
	size_t nsums, sums_cap;
} eval_ctx;

/* A distinct name for a check: name itself, else "name #2", "#3", ... (the
 * first number not taken; each default name remembers where it got to). */
static char *unique_name(eval_ctx *x, const char *name)
{
	if (gs_strmap_get(&x->taken, name) == (size_t)-1)
		return gs_strdup(name);
	size_t at = gs_strmap_get(&x->next, name);
	if (at == (size_t)-1) {
		char *key = gs_arena_strndup(&x->keys, name, strlen(name));
		size_t *slot = GS_PUSH(x->nexts, x->nnexts, x->nexts_cap);
		if (!key || !slot || gs_strmap_put(&x->next, key, x->nnexts - 1) < 0)
			return NULL;
		*slot = 2;
		at = x->nnexts - 1;
	}
	char uniq[480];
	for (;; x->nexts[at]++) {
		snprintf(uniq, sizeof uniq, "%s #%zu", name, x->nexts[at]);
		if (gs_strmap_get(&x->taken, uniq) == (size_t)-1)
			break;
	}
	x->nexts[at]++;
	return gs_strdup(uniq);
}

static gs_check *add(eval_ctx *x, const gs_budget *b, const char *kind, int several, gs_level status, gs_sb *text)
{
	gs_checks *k = x->k;
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
	c->named = b->name != NULL;
	c->scope = b->scope_text;
	c->kind = kind;
	c->level = strcmp(kind, "new") == 0 ? b->new_level : b->level;
	c->status = status;
	if (!(c->name = unique_name(x, name)) || gs_strmap_put(&x->taken, c->name, k->n - 1) < 0 ||
	    !(c->text = gs_sb_take(text))) {
		free(c->name);
		gs_sb_dispose(text);
		k->n--;
		return NULL;
	}
	if (status > k->worst)
		k->worst = status;
	return c;
}

static const char *scope_noun(gs_scope s)
{
	return s == GS_SCOPE_SECTION ? "section" : s == GS_SCOPE_PACKAGE ? "package" : "module";
}

/* The sums of b's scope on the delta: looked up by scope text, else computed. */
static const scope_sum *scope_of(eval_ctx *x, const gs_budget *b)
{
	size_t at = gs_strmap_get(&x->scopes, b->scope_text);
	if (at != (size_t)-1)
		return &x->sums[at];
	scope_sum *m = GS_PUSH(x->sums, x->nsums, x->sums_cap);
	if (!m)
		return NULL;
	memset(m, 0, sizeof *m);
	if (gs_strmap_put(&x->scopes, b->scope_text, x->nsums - 1) < 0)
		return NULL;
	const gs_delta *d = x->d;
	if (b->scope == GS_SCOPE_TOTAL) {
		m->old = d->old_total, m->new_ = d->new_total, m->matched = 1;
		return m;
	}
	const gs_rows *r = rows_of(d, b->scope);
	for (size_t i = 0; i < r->n; i++) {
		if (fnmatch(b->glob, r->v[i].name, 0) != 0)
			continue;
		m->matched++;
		/* saturating sums: sizes from a hostile snapshot must not wrap */
		m->old = r->v[i].old > UINT64_MAX - m->old ? UINT64_MAX : m->old + r->v[i].old;
		m->new_ = r->v[i].new_ > UINT64_MAX - m->new_ ? UINT64_MAX : m->new_ + r->v[i].new_;
		if (r->v[i].in_new && !r->v[i].in_old && r->v[i].name[0] != '[') {
			const gs_row **slot = GS_PUSH(m->added, m->nadded, m->added_cap);
			if (!slot)
				return NULL;
			*slot = &r->v[i];
		}
	}
	if (!m->matched && r->n) {
		const char **names = gs_calloc(r->n, sizeof *names);
		if (!names)
			return NULL;
		for (size_t i = 0; i < r->n; i++)
			names[i] = r->v[i].name[0] == '[' ? NULL : r->v[i].name; /* no [bucket] is a typo's target */
		m->nnear = gs_near(m->near, b->glob, names, r->n);
		free(names);
	}
	return m;
}

/* "matches no package in either snapshot; nearest: a, b", and the names into c. */
static int no_match(gs_sb *t, const gs_budget *b, const scope_sum *m, const gs_delta *d)
{
	const gs_rows *r = rows_of(d, b->scope);
	gs_sb_printf(t, "matches no %s in either snapshot", scope_noun(b->scope));
	for (size_t i = 0; i < m->nnear; i++)
		gs_sb_printf(t, "%s%s", i ? ", " : "; nearest: ", r->v[m->near[i]].name);
	return 0;
}

static int set_nearest(gs_check *c, const gs_budget *b, const scope_sum *m, const gs_delta *d)
{
	if (!m->nnear)
		return 0;
	const gs_rows *r = rows_of(d, b->scope);
	if (!(c->nearest = calloc(m->nnear, sizeof *c->nearest)))
		return -1;
	for (size_t i = 0; i < m->nnear; i++, c->nnearest++)
		if (!(c->nearest[i] = gs_strdup(r->v[m->near[i]].name)))
			return -1;
	return 0;
}

static int eval_one(eval_ctx *x, const gs_budget *b)
{
	const scope_sum *m = scope_of(x, b);
	if (!m)
		return gs_fail("out of memory");
	uint64_t old = m->old, new_ = m->new_;
	const gs_row *const *added = m->added;
	size_t nadded = m->nadded;
	int several = (b->max_increase.set != 0) + (b->max_size.set != 0) + (b->new_level != GS_LVL_PASS) > 1;
	int64_t delta = gs_delta_of(old, new_);
	char h[32];
	gs_check *c;
	if (b->max_increase.set) {
		const gs_limit *l = &b->max_increase;
		gs_sb t = {0};
		int broken;
		double actual;
		if (!m->matched) {
			broken = 1, actual = 0; /* a limit on nothing is a mistake, not a pass */
			no_match(&t, b, m, x->d);
		} else if (l->is_pct) {
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
		if (!(c = add(x, b, "max_increase", several, broken ? b->level : GS_LVL_PASS, &t)))
			goto fail;
		c->unit = l->is_pct ? "percent" : "bytes";
		c->actual = actual;
		c->limit = l->is_pct ? l->pct : (double)l->bytes;
		c->delta = delta, c->size = new_, c->matched = m->matched;
		if (!m->matched && set_nearest(c, b, m, x->d) < 0)
			goto fail;
	}
	if (b->max_size.set) {
		gs_sb t = {0};
		int broken = new_ > b->max_size.bytes;
		if (!m->matched && b->max_size.bytes) {
			broken = 1;
			no_match(&t, b, m, x->d);
		} else if (b->max_size.bytes == 0 && new_ == 0) {
			/* a forbid budget: what must never appear is not there */
			gs_sb_puts(&t, "absent");
			if (old)
				gs_sb_printf(&t, " (was %s)", gs_fmt_human(old, h, sizeof h));
		} else {
			gs_sb_puts(&t, "size ");
			char a[32], b2[32];
			int close = strcmp(gs_fmt_human(new_, a, sizeof a), gs_fmt_human(b->max_size.bytes, b2, sizeof b2)) == 0;
			gs_sb_puts(&t, a);
			if (close)
				gs_sb_printf(&t, " (%s B)", gs_fmt_commas((int64_t)new_, 0, a, sizeof a));
			gs_sb_puts(&t, ", limit ");
			size_text(&t, b->max_size.bytes, 0, close);
		}
		if (!(c = add(x, b, "max_size", several, broken ? b->level : GS_LVL_PASS, &t)))
			goto fail;
		c->unit = "bytes";
		c->actual = (double)new_;
		c->limit = (double)b->max_size.bytes;
		c->delta = delta, c->size = new_, c->matched = m->matched;
		if (!m->matched && set_nearest(c, b, m, x->d) < 0)
			goto fail;
	}
	if (b->new_level) {
		const char *what = scope_noun(b->scope);
		gs_sb t = {0};
		if (!nadded)
			gs_sb_printf(&t, "no new %s", what);
		else
			gs_sb_printf(&t, "new %s%s: ", what, nadded == 1 ? "" : "s");
		for (size_t i = 0; i < nadded && i < 10; i++)
			gs_sb_printf(&t, "%s%s", i ? ", " : "", added[i]->name);
		if (nadded > 10)
			gs_sb_printf(&t, " and %zu more", nadded - 10);
		if (!(c = add(x, b, "new", several, nadded ? b->new_level : GS_LVL_PASS, &t)))
			goto fail;
		c->unit = "count";
		c->actual = (double)nadded;
		c->limit = 0;
		c->delta = delta, c->size = new_, c->matched = m->matched;
		if (nadded && !(c->added = calloc(nadded, sizeof *c->added)))
			goto fail;
		for (size_t i = 0; i < nadded; i++, c->nadded++)
			if (!(c->added[i] = gs_strdup(added[i]->name)))
				goto fail;
	}
	return 0;
fail:
	return gs_fail("out of memory");
}

/* "scope": "dce": broken when dead-code elimination of methods is on in OLD and off in NEW. */
static int eval_dce(eval_ctx *x, const gs_budget *b)
{
	const gs_delta *d = x->d;
	const gs_reach *o = d->old->reach, *n = d->new_->reach;
	int od = o ? o->dce : GS_DCE_UNKNOWN, nd = n ? n->dce : GS_DCE_UNKNOWN, off = od == GS_DCE_ON && nd == GS_DCE_OFF;
	gs_sb t = {0};
	if (off) {
		gs_sb_puts(&t, "dead-code elimination of methods turned off: ");
		for (size_t i = 0; i < n->ndce_chain; i++)
			gs_sb_printf(&t, "%s%s", i ? " → " : "", n->dce_chain[i]);
		if (!n->ndce_chain && n->dce_reason)
			gs_sb_puts(&t, n->dce_reason);
	} else if (od == GS_DCE_UNKNOWN || nd == GS_DCE_UNKNOWN) {
		gs_sb_printf(&t, "dead-code elimination of methods: %s → %s (no link seen)", gs_dce_name(od), gs_dce_name(nd));
	} else {
		gs_sb_printf(&t, "dead-code elimination of methods %s", nd == GS_DCE_ON ? "on" : "off in OLD and NEW");
	}
	gs_check *c = add(x, b, "dce", 0, off ? b->level : GS_LVL_PASS, &t);
	if (!c)
		return gs_fail("out of memory");
	c->unit = "count";
	c->actual = off;
	c->limit = 0;
	c->delta = gs_delta_of(d->old_total, d->new_total), c->size = d->new_total;
	return 0;
}

int gs_budgets_eval(gs_checks *out, const gs_config *c, const gs_delta *d)
{
	memset(out, 0, sizeof *out);
	eval_ctx x;
	memset(&x, 0, sizeof x);
	x.k = out, x.d = d;
	int rc = 0;
	for (size_t i = 0; i < c->nbudgets && rc == 0; i++)
		rc = c->budgets[i].scope == GS_SCOPE_DCE ? eval_dce(&x, &c->budgets[i]) : eval_one(&x, &c->budgets[i]);
	for (size_t i = 0; i < x.nsums; i++)
		free(x.sums[i].added);
	free(x.sums);
	free(x.nexts);
	gs_strmap_dispose(&x.taken);
	gs_strmap_dispose(&x.next);
	gs_strmap_dispose(&x.scopes);
	gs_arena_dispose(&x.keys);
	if (rc < 0)
		gs_checks_dispose(out);
	return rc;
}
