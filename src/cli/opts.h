/* opts.h - command-line options from a table that also prints --help. */
#ifndef GS_OPTS_H
#define GS_OPTS_H

#include <stdio.h>

typedef struct gs_opt {
	const char *name;     /* long name without dashes, e.g. "format" */
	char shortname;       /* e.g. 'o', or 0 */
	const char *arg;      /* value placeholder ("FILE"), or NULL for a flag */
	const char *help;
} gs_opt;

#define GS_MAXPOS 8
#define GS_MAXOPTS 32 /* options in one command's table (gs_args.val); tested for every command */

typedef struct gs_args {
	const char *val[GS_MAXOPTS]; /* per option index: value, "1" for a set flag, or NULL */
	const char *pos[GS_MAXPOS];
	int npos;
} gs_args;

typedef struct gs_cmd {
	const char *name;
	const char *usage;    /* the operands, after "gosize NAME " (options are added from opts) */
	const char *summary;
	const gs_opt *opts;   /* terminated by a {NULL} entry */
	int (*run)(const struct gs_cmd *cmd, const struct gs_args *a); /* options already parsed */
} gs_cmd;


/* Parses argv (after the command name) against cmd's table. Returns 0, 1 if
 * --help was asked (help printed), or -1 with the error set. */
int gs_opts_parse(gs_args *a, const gs_cmd *cmd, int argc, char **argv);

/* The value of the option named name, or NULL. */
const char *gs_opts_get(const gs_args *a, const gs_cmd *cmd, const char *name);

/* "gosize NAME OPERANDS [--opt ARG]...", wrapped at width columns. */
void gs_opts_synopsis(const gs_cmd *cmd, int width, FILE *out);

/* The command's synopsis, summary and options, wrapped at width columns. */
void gs_opts_help(const gs_cmd *cmd, int width, FILE *out);

/* The width help is written at: the terminal's (util/term.h), at most 100. */
int gs_opts_width(void);

/* The man page of the n commands in cmds (troff, section 1), `gosize help --man` (man.c). */
void gs_opts_man(const gs_cmd *const *cmds, size_t n, const char *version, FILE *out);

#endif
