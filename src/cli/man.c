/* man.c - the man page, gosize.1, from the same option tables as --help
 * (`gosize help --man`; the build writes it and `cmake --install` installs it). */
#include "cli/opts.h"

#include <stdlib.h>
#include <string.h>

/* Writes s as troff text: backslashes and dashes escaped, a line starting with
 * '.' or '\'' guarded with "\&" so it is no request. */
static void roff(FILE *out, const char *s)
{
	int bol = 1;
	for (; *s; s++) {
		if (bol && (*s == '.' || *s == '\''))
			fputs("\\&", out);
		bol = *s == '\n';
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
	}
}

static void synopsis(FILE *out, const gs_cmd *cmd)
{
	char *s = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&s, &n);
	if (m) {
		gs_opts_synopsis(cmd, 80, m);
		if (fclose(m) == 0 && s)
			roff(out, s);
	}
	free(s);
}

void gs_opts_man(const gs_cmd *const *cmds, size_t n, const char *version, FILE *out)
{
	fputs(".TH GOSIZE 1 \"\" \"", out);
	roff(out, version);
	fputs("\" \"User Commands\"\n.SH NAME\ngosize \\- what a change did to a Go binary's size, where and why;"
	      " size budgets for pull requests\n.SH SYNOPSIS\n.nf\n", out);
	for (size_t i = 0; i < n; i++)
		synopsis(out, cmds[i]);
	fputs("gosize help [COMMAND]\ngosize \\-\\-version\n.fi\n"
	      ".SH DESCRIPTION\n"
	      "gosize reads Go executables (ELF, Mach\\-O, PE, WebAssembly), attributes every byte of the file to"
	      " a package or a named bucket, and writes a JSON snapshot. It compares two snapshots, binaries or git"
	      " revisions (built in a temporary directory, or read from a note in refs/notes/gosize or the local"
	      " cache), checks the size budgets of .gosize.json, and explains why a package is in the binary.\n"
	      ".SH COMMANDS\n", out);
	for (size_t i = 0; i < n; i++) {
		const gs_cmd *c = cmds[i];
		fprintf(out, ".SS \"gosize %s\"\n.nf\n", c->name);
		synopsis(out, c);
		fputs(".fi\n.PP\n", out);
		roff(out, c->summary);
		fputs("\n", out);
		for (const gs_opt *o = c->opts; o->name; o++) {
			fputs(".TP\n", out);
			if (o->shortname)
				fprintf(out, "\\fB\\-%c\\fR, ", o->shortname);
			fputs("\\fB\\-\\-", out);
			roff(out, o->name);
			fputs("\\fR", out);
			if (o->arg) {
				fputs(" \\fI", out);
				roff(out, o->arg);
				fputs("\\fR", out);
			}
			fputs("\n", out);
			roff(out, o->help);
			fputs("\n", out);
		}
	}
	fputs(".SH EXIT STATUS\n0 ok; 1 a budget is broken (check); 2 an error, with one line on standard error naming"
	      " the file or revision and the problem.\n"
	      ".SH ENVIRONMENT\n"
	      ".TP\n.B COLUMNS\nthe width of text output when standard output is no terminal (default 80)\n"
	      ".TP\n.B NO_COLOR\nno colour in text output\n"
	      ".TP\n.B TMPDIR\nwhere revisions are exported and built (default /tmp)\n"
	      ".TP\n.B GOSIZE_BUILD_TIMEOUT\nseconds after which a build is stopped\n"
	      ".TP\n.B GOSIZE_MAX_FILE_SIZE\\fR, \\fBGOSIZE_MAX_TREE_SIZE\n"
	      "the largest file of a revision's tree, and the most its files may total (100MiB, 4GiB)\n"
	      ".SH FILES\n"
	      ".TP\n.B .gosize.json\ntargets and budgets, found upwards from the working directory\n"
	      ".TP\n.B .git/gosize/cache/\nsnapshots of built revisions\n"
	      ".SH SEE ALSO\n"
	      "README.md and docs/ (installed in share/doc/gosize): usage, reports, configuration, the GitHub Action.\n",
	      out);
}
