/* config_change.c - a config's changes against another, as one sentence. */
#include "model/config_change.h"

#include <stdio.h>
#include <string.h>

#include "util/arena.h"
#include "util/fmt.h"
#include "util/strmap.h"

/* The budget's limits as the reports write them: "+64.0 KiB", "+5%",
 * "≤ 1.0 MiB", "new: warn", with " (warn)" for a warn level. */
static void limits(gs_sb *o, const gs_budget *b)
{
	char h[32];
	int n = 0;
	if (b->max_increase.set) {
		if (b->max_increase.is_pct)
			gs_sb_printf(o, "+%.4g%%", b->max_increase.pct);
		else
			gs_sb_printf(o, "+%s", gs_fmt_human(b->max_increase.bytes, h, sizeof h));
		n++;
	}
	if (b->max_size.set)
		gs_sb_printf(o, "%s≤ %s", n++ ? ", " : "", gs_fmt_human(b->max_size.bytes, h, sizeof h));
	if ((b->max_increase.set || b->max_size.set) && b->level == GS_LVL_WARN)
		gs_sb_puts(o, " (warn)");
	if (b->new_level)
		gs_sb_printf(o, "%snew: %s", n++ ? ", " : "", b->new_level == GS_LVL_WARN ? "warn" : "error");
}

static const char *label(const gs_budget *b) { return b->name ? b->name : b->scope_text; }

/* "LABEL#k": the k-th budget of that label in its config (budgets match in order). */
static const char *key_of(gs_arena *a, gs_strmap *count, const gs_budget *b, size_t *k)
{
	const char *l = label(b);
	size_t seen = gs_strmap_get(count, l);
	*k = seen == (size_t)-1 ? 0 : seen;
	char buf[64];
	snprintf(buf, sizeof buf, "\x1f%zu", *k);
	size_t n = strlen(l), m = strlen(buf);
	char *key = gs_arena_alloc(a, n + m + 1);
	if (!key)
		return NULL;
	memcpy(key, l, n);
	memcpy(key + n, buf, m + 1);
	if (gs_strmap_put(count, l, *k + 1) < 0)
		return NULL;
	return key;
}

static void sep(gs_sb *o, size_t *n) { gs_sb_puts(o, (*n)++ ? "; " : ""); }

size_t gs_config_budget_changes(gs_sb *o, const gs_config *base, const gs_config *head)
{
	gs_arena a = {0};
	gs_strmap bkeys = {0}, bcount = {0}, hcount = {0};
	size_t n = 0;
	/* base budgets by key; then head's, each matched, changed or added; then base's unmatched */
	unsigned char *matched = base->nbudgets ? (unsigned char *)gs_arena_alloc(&a, base->nbudgets) : NULL;
	if (base->nbudgets && !matched)
		goto out;
	if (matched)
		memset(matched, 0, base->nbudgets);
	for (size_t i = 0; i < base->nbudgets; i++) {
		size_t k;
		const char *key = key_of(&a, &bcount, &base->budgets[i], &k);
		if (!key || gs_strmap_put(&bkeys, key, i) < 0)
			goto out;
	}
	for (size_t i = 0; i < head->nbudgets; i++) {
		const gs_budget *h = &head->budgets[i];
		size_t k;
		const char *key = key_of(&a, &hcount, h, &k);
		if (!key)
			goto out;
		size_t at = gs_strmap_get(&bkeys, key);
		gs_sb was = {0}, now = {0};
		limits(&now, h);
		if (at == (size_t)-1) {
			sep(o, &n);
			gs_sb_printf(o, "adds %s %s", label(h), now.s ? now.s : "");
		} else {
			matched[at] = 1;
			limits(&was, &base->budgets[at]);
			int same_scope = strcmp(base->budgets[at].scope_text, h->scope_text) == 0;
			if (!same_scope || strcmp(was.s ? was.s : "", now.s ? now.s : "") != 0) {
				sep(o, &n);
				gs_sb_printf(o, "%s %s → %s", label(h), was.s ? was.s : "", now.s ? now.s : "");
				if (!same_scope)
					gs_sb_printf(o, " (scope %s → %s)", base->budgets[at].scope_text, h->scope_text);
			}
		}
		gs_sb_dispose(&was);
		gs_sb_dispose(&now);
	}
	for (size_t i = 0; i < base->nbudgets; i++)
		if (!matched[i]) {
			gs_sb was = {0};
			limits(&was, &base->budgets[i]);
			sep(o, &n);
			gs_sb_printf(o, "removes %s %s", label(&base->budgets[i]), was.s ? was.s : "");
			gs_sb_dispose(&was);
		}
	if (base->override != head->override) {
		sep(o, &n);
		gs_sb_printf(o, "override %s → %s", gs_override_name(base->override), gs_override_name(head->override));
	}
	if (head->override == GS_OVERRIDE_LABEL && base->override == GS_OVERRIDE_LABEL &&
	    strcmp(base->override_label, head->override_label) != 0) {
		sep(o, &n);
		gs_sb_printf(o, "override label %s → %s", base->override_label, head->override_label);
	}
	if (head->override == GS_OVERRIDE_FOOTER && base->override == GS_OVERRIDE_FOOTER &&
	    strcmp(base->override_footer, head->override_footer) != 0) {
		sep(o, &n);
		gs_sb_printf(o, "override footer %s → %s", base->override_footer, head->override_footer);
	}
	if (base->budgets_include_toolchain != head->budgets_include_toolchain) {
		sep(o, &n);
		gs_sb_printf(o, "budgets_include_toolchain %s → %s", base->budgets_include_toolchain ? "true" : "false",
		             head->budgets_include_toolchain ? "true" : "false");
	}
out:
	gs_strmap_dispose(&bkeys);
	gs_strmap_dispose(&bcount);
	gs_strmap_dispose(&hcount);
	gs_arena_dispose(&a);
	return n;
}

static const char *build_of(const gs_config *c, const char *target)
{
	for (size_t i = 0; i < c->ntargets; i++)
		if (strcmp(c->targets[i].name, target) == 0)
			return c->targets[i].build;
	return NULL;
}

int gs_config_target_change(gs_sb *o, const gs_config *base, const gs_config *head, const char *target)
{
	const char *a = build_of(base, target), *b = build_of(head, target);
	if ((!a && !b) || (a && b && strcmp(a, b) == 0))
		return 0;
	gs_sb_printf(o, "%s → %s", a ? a : "none", b ? b : "none");
	return 1;
}
