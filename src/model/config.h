/* config.h - .gosize.json: build targets, budgets, reporting threshold and
 * the override footer. Unknown keys, bad units and bad globs are errors that
 * name the key. */
#ifndef GS_CONFIG_H
#define GS_CONFIG_H

#include <stddef.h>
#include <stdint.h>

typedef enum gs_level { GS_LVL_PASS = 0, GS_LVL_WARN = 1, GS_LVL_ERROR = 2 } gs_level;

/* GS_SCOPE_DCE: dead-code elimination of methods (reach.h); broken when it turns off (no limit keys) */
typedef enum gs_scope { GS_SCOPE_TOTAL, GS_SCOPE_SECTION, GS_SCOPE_PACKAGE, GS_SCOPE_MODULE, GS_SCOPE_DCE } gs_scope;

/* A size limit: bytes, or a percentage of the old size. */
typedef struct gs_limit {
	int set;
	int is_pct;
	uint64_t bytes;
	double pct;
} gs_limit;

typedef struct gs_budget {
	char *name;           /* "name" as written, or NULL (reports then name it by scope, limit and level) */
	char *scope_text;     /* as written: "package:github.com/acme/..." */
	gs_scope scope;
	char *glob;           /* NULL for total */
	gs_limit max_increase;
	gs_limit max_size;    /* bytes only */
	gs_level new_level;   /* a new matching package/module appears: this level (PASS = not checked) */
	gs_level level;       /* for the size limits (default error) */
} gs_budget;

typedef struct gs_target {
	char *name, *build;
} gs_target;

/* Who may accept a broken budget: a commit footer (anyone who can push to the
 * branch), a pull-request label (people with triage rights; the Action passes
 * the labels), or nobody. */
typedef enum gs_override { GS_OVERRIDE_FOOTER, GS_OVERRIDE_LABEL, GS_OVERRIDE_NONE } gs_override;

typedef struct gs_config {
	char *path;           /* file it came from, or NULL (defaults) */
	gs_target *targets;
	size_t ntargets, targets_cap;
	gs_budget *budgets;
	size_t nbudgets, budgets_cap;
	uint64_t min_change;  /* rows with |delta| below this are not listed */
	char *override_footer;
	gs_override override; /* "override": footer (default), label or none */
	char *override_label; /* "override_label" (default "binary-size-ok") */
	int budgets_include_toolchain; /* budgets judge the toolchain's part of a split too */
	long top;             /* rows per table (0: reporter default) */
} gs_config;

/* The override policy's name: "footer", "label" or "none". */
const char *gs_override_name(gs_override o);

/* Parses config text (pure). Errors name the key. Returns 0 or -1. */
int gs_config_parse(gs_config *c, const char *text, size_t len);

void gs_config_dispose(gs_config *c);

/* A target's name (or --name) names the report and its comment's marker
 * (<!-- gosize:NAME -->): 1 to 100 bytes, no control characters, '<', '>' or
 * "--". 0, or -1 with "WHAT: ..." set. */
int gs_config_name_check(const char *what, const char *name);

/* Parses "16KiB", "1.5 MB", "1%", "123" into *l (percent only if allow_pct);
 * units are case-insensitive ("10kb", "10KIB").
 * Returns 0 or -1 (error set, naming what). */
int gs_limit_parse(gs_limit *l, const char *s, int allow_pct, const char *what);

#endif
