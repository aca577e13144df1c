/* cmds.h - the subcommands and what they share. */
#ifndef GS_CMDS_H
#define GS_CMDS_H

#include "model/config.h"
#include "cli/opts.h"
#include "app/source.h"

enum { GS_EXIT_OK = 0, GS_EXIT_BUDGET = 1, GS_EXIT_ERROR = 2 };

extern const gs_cmd gs_cmd_snapshot;
extern const gs_cmd gs_cmd_diff;
extern const gs_cmd gs_cmd_check;
extern const gs_cmd gs_cmd_record;
extern const gs_cmd gs_cmd_log;
extern const gs_cmd gs_cmd_why;

/* The options of diff, which check shares (and adds --fail-on to). */
#define GS_DIFF_OPTS                                                                                                 \
	{"format", 'f', "md|text|json|csv|html|svg",                                                                  \
	 "md, text (default on a terminal), json, csv (every row), html (interactive treemap page) or svg (static "    \
	 "treemap)"},                                                                                                 \
	    {"output", 'o', "FILE", "write the report to FILE (atomically)"},                                         \
	    {"md-output", 0, "FILE", "also write the markdown report to FILE (same run)"},                           \
	    {"json-output", 0, "FILE", "also write the JSON report to FILE (same run)"},                             \
	    {"html-output", 0, "FILE", "also write the HTML page to FILE (same run)"},                               \
	    {"config", 'c', "FILE", "budgets file (default: .gosize.json found upwards from here)"},                  \
	    {"base", 'b', "BRANCH",                                                                                   \
	     "OLD is the merge base of BRANCH and HEAD (a pull request's base; origin/BRANCH when there is no local " \
	     "BRANCH)"},                                                                                              \
	    {"target", 't', "NAME", "the config target to build for revisions (default: the first)"},                \
	    {"name", 0, "NAME", "name in the headline and the comment marker"},                                      \
	    {"top", 0, "N", "rows per table (default 10, or the config's top)"},                                     \
	    {"min-change", 0, "SIZE", "hide rows that changed less than SIZE, e.g. 10KiB (default: the config's min_change)"}, \
	    {"budgets-from", 0, "base|head",                                                                         \
	     "whose config judges: OLD's, the revision a pull request merges into (default), or NEW's (local "      \
	     "experiments)"},                                                                                         \
	    {"labels", 0, "FILE", "the pull request's labels, one per line (for \"override\": \"label\")"},              \
	    {"progress", 0, NULL, "progress lines on stderr even when it is not a terminal"}

/* A fail level above every budget level: `diff`, and `check --fail-on never`. */
#define GS_FAIL_NEVER (GS_LVL_ERROR + 1)

/* Runs `diff` (fail_level GS_FAIL_NEVER) or `check`: exit 1 when a budget at
 * fail_level (a gs_level) or above is broken. Returns the exit code. */
int gs_cmd_diff_run(const gs_cmd *cmd, const gs_args *a, int fail_level);

/* What a command that reads a repository sets up (cmd_setup.c). */
typedef struct gs_cmd_env {
	char cwd[4096];  /* the working directory ("." when it cannot be read) */
	gs_config cfg;   /* --config, else .gosize.json found upwards; --min-change applied */
	gs_source src;   /* --target, --progress; the repository opened when the command needs one */
} gs_cmd_env;

/* Sets up *e for cmd: the working directory, the config and the operand
 * source; need_git: outside a repository is an error naming cmd and the
 * directory. Returns 0 (dispose with gs_cmd_env_dispose) or -1 (nothing to dispose). */
int gs_cmd_setup(gs_cmd_env *e, const gs_cmd *cmd, const gs_args *a, int need_git);

void gs_cmd_env_dispose(gs_cmd_env *e);

/* 1 when the locale's character set is UTF-8 (LC_ALL, else LC_CTYPE, else
 * LANG): text output then uses "→" and "…", else "->" and "...". */
int gs_cmd_utf8_locale(void);

/* The index of value among the n choices, or -1 with the error "CMD: unknown
 * WHAT "value": did you mean X? (a, b or c)" (the hint only for a likely typo). */
int gs_cmd_choice(const char *cmd, const char *what, const char *value, const char *const *choices, size_t n);

/* 0, or -1 with the error set when a report in fmt that is no reading for a
 * terminal (json, html, svg) would go to one: standard output is a terminal
 * and there is no -o. The message says to add -o FILE or pipe it. */
int gs_cmd_no_dump(const char *cmd, const char *fmt, const char *output);

/* Parses a non-negative count option (NULL leaves *out as is). Returns 0 or -1. */
int gs_cmd_parse_count(long *out, const char *s, const char *what);

#endif
