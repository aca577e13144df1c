/* budget.h - evaluate the config's budgets against a delta. Pure. */
#ifndef GS_BUDGET_H
#define GS_BUDGET_H

#include <stddef.h>

#include "config.h"
#include "diff.h"

typedef struct gs_check {
	char *what;       /* "total: max_increase", "package:github.com/acme/...: new" */
	gs_level status;  /* PASS, or the budget's level when broken */
	char *actual;     /* "+196 KB (+196,000 B)" / "github.com/x/y" */
	char *limit;      /* "≤ 16 KiB" */
} gs_check;

typedef struct gs_checks {
	gs_check *v;
	size_t n, cap;
	gs_level worst;   /* highest status */
} gs_checks;

/* Evaluates every budget of c on d into *out (zeroed first). Returns 0 or -1. */
int gs_budgets_eval(gs_checks *out, const gs_config *c, const gs_delta *d);

void gs_checks_dispose(gs_checks *k);

#endif
