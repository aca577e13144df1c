/* budget.c - size budgets: max_increase (bytes or %), max_size, new. */
#include "budget.h"

#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fmt.h"
#include "mem.h"

void gs_checks_dispose(gs_checks *k)
{
	for (size_t i = 0; i < k->n; i++) {
		free(k->v[i].what);
		free(k->v[i].actual);
		free(k->v[i].limit);
	}
	free(k->v);
	memset(k, 0, sizeof *k);
}

static int add(gs_checks *k, const gs_budget *b, const char *kind, gs_level status, const char *actual,
               const char *limit)
{
	char what[512];
	snprintf(what, sizeof what, "%s: %s", b->scope_text, kind);
	gs_check *c = GS_PUSH(k->v, k->n, k->cap);
	if (!c || !(c->what = gs_strdup(what)) || !(c->actual = gs_strdup(actual)) || !(c->limit = gs_strdup(limit)))
		return -1;
	c->status = status;
	if (status > k->worst)
		k->worst = status;
	return 0;
}

static const gs_rows *rows_of(const gs_delta *d, gs_scope s)
{
	return s == GS_SCOPE_SECTION ? &d->sections : s == GS_SCOPE_PACKAGE ? &d->packages : &d->modules;
}

static const char *limit_text(const gs_limit *l, char *buf, size_t n)
{
	char h[40];
	if (l->is_pct)
		snprintf(buf, n, "%.4g%%", l->pct);
	else
		snprintf(buf, n, "%s B", gs_commas((int64_t)l->bytes, 0, h, sizeof h));
	return buf;
}

static int eval_one(gs_checks *k, const gs_budget *b, const gs_delta *d)
{
	uint64_t old = 0, new_ = 0;
	char added[1024] = "";
	if (b->scope == GS_SCOPE_TOTAL) {
		old = d->old_total, new_ = d->new_total;
	} else {
		const gs_rows *r = rows_of(d, b->scope);
		for (size_t i = 0; i < r->n; i++) {
			if (fnmatch(b->glob, r->v[i].name, 0) != 0)
				continue;
			old += r->v[i].old;
			new_ += r->v[i].new_;
			if (r->v[i].in_new && !r->v[i].in_old && r->v[i].name[0] != '[') {
				size_t l = strlen(added);
				snprintf(added + l, sizeof added - l, "%s%s", l ? ", " : "", r->v[i].name);
			}
		}
	}
	char actual[1100], limit[128], h1[32], h2[32];
	int64_t delta = (int64_t)new_ - (int64_t)old;
	if (b->max_increase.set) {
		const gs_limit *l = &b->max_increase;
		int broken;
		if (l->is_pct) {
			broken = old ? (double)delta * 100.0 > l->pct * (double)old : delta > 0;
			snprintf(actual, sizeof actual, "%s (%s)", gs_human_delta(delta, h1, sizeof h1),
			         gs_percent(old, new_, h2, sizeof h2));
		} else {
			broken = delta > 0 && (uint64_t)delta > l->bytes;
			snprintf(actual, sizeof actual, "%s (%+" PRId64 " B)", gs_human_delta(delta, h1, sizeof h1), delta);
		}
		char lt[64];
		snprintf(limit, sizeof limit, "≤ +%s", limit_text(l, lt, sizeof lt));
		if (add(k, b, "max_increase", broken ? b->level : GS_LVL_PASS, actual, limit) < 0)
			return -1;
	}
	if (b->max_size.set) {
		char lt[64];
		snprintf(actual, sizeof actual, "%s (%" PRIu64 " B)", gs_human(new_, h1, sizeof h1), new_);
		snprintf(limit, sizeof limit, "≤ %s", limit_text(&b->max_size, lt, sizeof lt));
		if (add(k, b, "max_size", new_ > b->max_size.bytes ? b->level : GS_LVL_PASS, actual, limit) < 0)
			return -1;
	}
	if (b->new_level) {
		const char *kind = b->scope == GS_SCOPE_PACKAGE ? "package" : "module";
		snprintf(actual, sizeof actual, "%s", added[0] ? added : "none");
		snprintf(limit, sizeof limit, "no new %s", kind);
		if (add(k, b, "new", added[0] ? b->new_level : GS_LVL_PASS, actual, limit) < 0)
			return -1;
	}
	return 0;
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
