/* opts.c - table-driven option parsing and help. */
#include "cli/opts.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/err.h"
#include "util/sb.h"
#include "util/spell.h"
#include "util/term.h"

static int find(const gs_opt *o, const char *name, size_t n, char shortname)
{
	for (int i = 0; o[i].name; i++)
		if (shortname ? o[i].shortname == shortname : (strlen(o[i].name) == n && strncmp(o[i].name, name, n) == 0))
			return i;
	return -1;
}

int gs_opts_width(void)
{
	int w = gs_term_width(STDOUT_FILENO);
	return w < 100 ? w : 100;
}

int gs_opts_parse(gs_args *a, const gs_cmd *cmd, int argc, char **argv)
{
	memset(a, 0, sizeof *a);
	int only_pos = 0;
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		if (only_pos || s[0] != '-' || s[1] == '\0') {
			if (a->npos >= GS_MAXPOS)
				return gs_fail("%s: too many arguments", cmd->name);
			a->pos[a->npos++] = s;
			continue;
		}
		if (strcmp(s, "--") == 0) {
			only_pos = 1;
			continue;
		}
		if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
			gs_opts_help(cmd, gs_opts_width(), stdout);
			return 1;
		}
		const char *eq = NULL;
		int k;
		if (s[1] == '-') {
			eq = strchr(s + 2, '=');
			k = find(cmd->opts, s + 2, eq ? (size_t)(eq - s - 2) : strlen(s + 2), 0);
		} else {
			k = s[2] ? -1 : find(cmd->opts, NULL, 0, s[1]);
		}
		if (k < 0 || k >= GS_MAXOPTS) {
			/* did you mean: --fromat, --fromat=x and -format against the long names */
			const char *names[GS_MAXOPTS];
			size_t nn = 0;
			for (int i = 0; cmd->opts[i].name && nn < GS_MAXOPTS; i++)
				names[nn++] = cmd->opts[i].name;
			char word[64], hint[96];
			const char *w = s[1] == '-' ? s + 2 : s + 1;
			snprintf(word, sizeof word, "%.*s", (int)strcspn(w, "="), w);
			if (s[1] != '-' && find(cmd->opts, word, strlen(word), 0) >= 0) /* -format: one dash short */
				snprintf(hint, sizeof hint, ": did you mean --%s?", word);
			else
				gs_spell_hint(hint, sizeof hint, word, names, nn, "--", "");
			return gs_fail("%s: unknown option %.*s%s (see gosize %s --help)", cmd->name, (int)strcspn(s, "="), s, hint,
			               cmd->name);
		}
		if (!cmd->opts[k].arg) {
			if (eq)
				return gs_fail("%s: option --%s takes no value", cmd->name, cmd->opts[k].name);
			a->val[k] = "1";
		} else if (eq) {
			a->val[k] = eq + 1;
		} else if (i + 1 < argc) {
			a->val[k] = argv[++i];
		} else {
			return gs_fail("%s: option %s needs a value (%s)", cmd->name, s, cmd->opts[k].arg);
		}
	}
	return 0;
}

const char *gs_opts_get(const gs_args *a, const gs_cmd *cmd, const char *name)
{
	int k = find(cmd->opts, name, strlen(name), 0);
	return k >= 0 && k < GS_MAXOPTS ? a->val[k] : NULL;
}

void gs_opts_synopsis(const gs_cmd *cmd, int width, FILE *out)
{
	int col = fprintf(out, "gosize %s", cmd->name);
	/* the operands, wrapped between top-level words ("[OLD [NEW]]" stays whole) */
	for (const char *u = cmd->usage; *u;) {
		int depth = 0;
		size_t n = 0;
		while (u[n] && (u[n] != ' ' || depth)) {
			depth += u[n] == '[' ? 1 : u[n] == ']' ? -1 : 0;
			n++;
		}
		if (col + 1 + (int)n > width && col > 3) {
			fputs("\n   ", out);
			col = 3;
		}
		col += fprintf(out, " %.*s", (int)n, u);
		u += n + (u[n] == ' ');
	}
	for (int i = 0; cmd->opts[i].name; i++) {
		char w[128];
		int n = snprintf(w, sizeof w, "[--%s%s%s]", cmd->opts[i].name, cmd->opts[i].arg ? " " : "",
		                 cmd->opts[i].arg ? cmd->opts[i].arg : "");
		if (col + 1 + n > width) {
			fputs("\n   ", out);
			col = 3;
		}
		col += fprintf(out, " %s", w);
	}
	fputs("\n", out);
}

/* text wrapped at width with a hanging indent (the first line starts at column at) */
static void wrapped(FILE *out, const char *text, int width, int at, int indent)
{
	gs_sb b = {0};
	gs_term_wrap(&b, text, width, at, indent);
	if (b.s)
		fputs(b.s, out);
	gs_sb_dispose(&b);
}

void gs_opts_help(const gs_cmd *cmd, int width, FILE *out)
{
	fputs("usage: ", out);
	gs_opts_synopsis(cmd, width - 7, out); /* after "usage: " */
	fputs("\n", out);
	/* the summary's own lines are sentences broken at 80: joined, then wrapped at the width */
	char summary[2048];
	snprintf(summary, sizeof summary, "%s", cmd->summary);
	for (char *p = summary; (p = strchr(p, '\n'));)
		*p = ' ';
	wrapped(out, summary, width, 0, 0);
	if (cmd->opts[0].name)
		fprintf(out, "\noptions:\n");
	for (int i = 0; cmd->opts[i].name; i++) {
		char left[64];
		snprintf(left, sizeof left, "%s%c%s--%s%s%s", cmd->opts[i].shortname ? "-" : "",
		         cmd->opts[i].shortname ? cmd->opts[i].shortname : ' ', cmd->opts[i].shortname ? ", " : " ",
		         cmd->opts[i].name, cmd->opts[i].arg ? " " : "", cmd->opts[i].arg ? cmd->opts[i].arg : "");
		const char *l = cmd->opts[i].shortname ? left : left + 2;
		/* the description beside its option when both fit, else on the lines below */
		int ind = width - 31 >= 24 ? 31 : 8;
		if (strlen(l) <= 28 && ind == 31) {
			fprintf(out, "  %-28s ", l);
			wrapped(out, cmd->opts[i].help, width, 31, 31);
		} else {
			fprintf(out, "  %s\n%*s", l, ind, "");
			wrapped(out, cmd->opts[i].help, width, ind, ind);
		}
	}
}
