/* cmds.h - the subcommands and what they share. */
#ifndef GS_CMDS_H
#define GS_CMDS_H

#include "opts.h"

enum { GS_EXIT_OK = 0, GS_EXIT_BUDGET = 1, GS_EXIT_ERROR = 2 };

extern const gs_cmd gs_cmd_snapshot;
extern const gs_cmd gs_cmd_diff;
extern const gs_cmd gs_cmd_check;
extern const gs_cmd gs_cmd_record;
extern const gs_cmd gs_cmd_log;
extern const gs_cmd gs_cmd_why;

/* 1 when the locale's character set is UTF-8 (LC_ALL, else LC_CTYPE, else
 * LANG): text output then uses "→" and "…", else "->" and "...". */
int gs_utf8_locale(void);

/* Parses a non-negative count option (NULL leaves *out as is). Returns 0 or -1. */
int gs_parse_count(const char *s, const char *what, long *out);

#endif
