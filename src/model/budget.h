/* budget.h - evaluate the config's budgets against a delta. Pure. */
#ifndef GS_BUDGET_H
#define GS_BUDGET_H

#include <stddef.h>
#include <stdint.h>

#include "model/config.h"
#include "model/diff.h"

typedef struct gs_check {
	char *name;        /* the budget's "name", or "SCOPE KIND (LEVEL)"; unique among the checks */
	int named;         /* 1 when name came from the config */
	const char *scope; /* as written: "total", "module:*" (owned by the config) */
	const char *kind;  /* "max_increase", "max_size", "new" or "dce" (scope dce: turned off) */
	gs_level level;    /* the budget's level */
	gs_level status;   /* PASS, or level when broken */
	char *text;        /* a sentence: "grew +263.4 KiB, limit +256.0 KiB", "new modules: a, b" */
	const char *unit;  /* "bytes", "percent" or "count" (new) */
	double actual, limit; /* in unit: the change or size in bytes, the growth in %, the count of new ones */
	int64_t delta;     /* bytes the scope changed by */
	uint64_t size;     /* the scope's new size in bytes */
	char **added;      /* new: the new packages/modules */
	size_t nadded;
	size_t matched;    /* rows the scope's glob matched on either side (total: 1) */
	char **nearest;    /* matched == 0: the nearest names (at most GS_NEAR_MAX), for "did you mean" */
	size_t nnearest;
} gs_check;

typedef struct gs_checks {
	gs_check *v;
	size_t n, cap;
	gs_level worst;   /* highest status */
} gs_checks;

/* Evaluates every budget of c on d into *out (zeroed first). The config
 * must outlive out. Linear in the number of budgets: identical scopes are
 * summed once, names made distinct through a hash set. A scope that matches
 * nothing in either snapshot is broken at its level, its sentence naming the
 * nearest names ("matches no package in either snapshot; nearest: ..."),
 * except where absence is the point: a "new" limit ("no new package") and
 * max_size 0 ("absent"). Returns 0 or -1. */
int gs_budgets_eval(gs_checks *out, const gs_config *c, const gs_delta *d);

void gs_checks_dispose(gs_checks *k);

#endif
