/* opts.c - table-driven option parsing and help. */
#include "cli/opts.h"

#include <string.h>

#include "util/err.h"

static int find(const gs_opt *o, const char *name, size_t n, char shortname)
{
	for (int i = 0; o[i].name; i++)
		if (shortname ? o[i].shortname == shortname : (strlen(o[i].name) == n && strncmp(o[i].name, name, n) == 0))
			return i;
	return -1;
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
			gs_opts_help(cmd, stdout);
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
		if (k < 0 || k >= GS_MAXOPTS)
			return gs_fail("%s: unknown option %s (see gosize %s --help)", cmd->name, s, cmd->name);
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

void gs_opts_synopsis(const gs_cmd *cmd, FILE *out)
{
	int col = fprintf(out, "gosize %s%s%s", cmd->name, cmd->usage[0] ? " " : "", cmd->usage);
	for (int i = 0; cmd->opts[i].name; i++) {
		char w[128];
		int n = snprintf(w, sizeof w, "[--%s%s%s]", cmd->opts[i].name, cmd->opts[i].arg ? " " : "",
		                 cmd->opts[i].arg ? cmd->opts[i].arg : "");
		if (col + 1 + n > 100) {
			fputs("\n   ", out);
			col = 3;
		}
		col += fprintf(out, " %s", w);
	}
	fputs("\n", out);
}

void gs_opts_help(const gs_cmd *cmd, FILE *out)
{
	fputs("usage: ", out);
	gs_opts_synopsis(cmd, out);
	fprintf(out, "\n%s\n", cmd->summary);
	if (cmd->opts[0].name)
		fprintf(out, "\noptions:\n");
	for (int i = 0; cmd->opts[i].name; i++) {
		char left[64];
		snprintf(left, sizeof left, "%s%c%s--%s%s%s", cmd->opts[i].shortname ? "-" : "",
		         cmd->opts[i].shortname ? cmd->opts[i].shortname : ' ', cmd->opts[i].shortname ? ", " : " ",
		         cmd->opts[i].name, cmd->opts[i].arg ? " " : "", cmd->opts[i].arg ? cmd->opts[i].arg : "");
		fprintf(out, "  %-28s %s\n", cmd->opts[i].shortname ? left : left + 2, cmd->opts[i].help);
	}
}
