/* cmd_snapshot.c - `gosize snapshot BINARY`: analyze one binary. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attrib/analyze.h"
#include "cli/cmds.h"
#include "util/err.h"
#include "shell/io.h"
#include "report/report.h"
#include "util/sb.h"
#include "app/source.h"
#include "util/term.h"

static const gs_opt opts[] = {
	{"output", 'o', "FILE", "write to FILE (atomically) instead of standard output"},
	{"format", 'f', "json|text|csv|html|svg",
	 "json (default; text on a terminal), text, csv (one row per section, package, module, symbol), html (interactive treemap page) or svg "
	 "(static treemap)"},
	{"symbols", 0, "N", "keep only the N largest symbols (totals are never capped)"},
	{"top", 0, "N", "rows per table in text output (default 20)"},
	{"arch", 0, "ARCH", "the slice of a universal (fat) Mach-O file to read (default: the first)"},
	{"ranges", 0, NULL, "also list every file range with the package and category it went to"},
	{"fast", 0, NULL, "skip the machine-code scan: data goes to packages by symbols only"},
	{NULL, 0, NULL, NULL},
};

static int run(const gs_cmd *cmd, const gs_args *a)
{
	if (a->npos != 1) {
		gs_fail("snapshot: expected one BINARY (see gosize snapshot --help)");
		return GS_EXIT_ERROR;
	}
	static const char *const formats[] = {"json", "text", "csv", "html", "svg"};
	const char *fmt_name = gs_opts_get(a, cmd, "format"), *out = gs_opts_get(a, cmd, "output");
	long nsym = 0, top = 20;
	/* the snapshot is JSON, but on a terminal (and without -o) the text report is what a reader wants */
	int fmt = fmt_name ? gs_format_parse(fmt_name, 1) : !out && isatty(STDOUT_FILENO) ? GS_FORMAT_TEXT : GS_FORMAT_JSON;
	if (fmt < 0) {
		gs_cmd_choice("snapshot", "format", fmt_name, formats, 5);
		return GS_EXIT_ERROR;
	}
	if (fmt_name && gs_cmd_no_dump("snapshot", fmt_name, out) < 0)
		return GS_EXIT_ERROR;
	if (gs_cmd_parse_count(&nsym, gs_opts_get(a, cmd, "symbols"), "--symbols") < 0 ||
	    gs_cmd_parse_count(&top, gs_opts_get(a, cmd, "top"), "--top") < 0)
		return GS_EXIT_ERROR;
	gs_analyze_opts o = {.arch = gs_opts_get(a, cmd, "arch"), .ranges = gs_opts_get(a, cmd, "ranges") != NULL,
	                     .fast = gs_opts_get(a, cmd, "fast") != NULL};
	gs_snapshot s;
	if (gs_source_file(&s, a->pos[0], &o) < 0)
		return GS_EXIT_ERROR;
	gs_snapshot_cap_symbols(&s, (size_t)nsym);
	gs_report rep = {.snap = &s, .top = (int)top, .width = gs_term_width(STDOUT_FILENO), .ascii = !gs_cmd_utf8_locale()};
	gs_sb sb = {0};
	char *text = gs_report_build(&rep) == 0 && gs_report_render(&sb, &rep, (gs_format)fmt) == 0 ? gs_sb_take(&sb) : NULL;
	gs_sb_dispose(&sb);
	gs_report_dispose(&rep);
	int rc = text && gs_file_write_atomic(out ? out : "-", text, strlen(text)) == 0 ? GS_EXIT_OK : GS_EXIT_ERROR;
	free(text);
	gs_snapshot_dispose(&s);
	return rc;
}

const gs_cmd gs_cmd_snapshot = {
	"snapshot", "BINARY|SNAPSHOT.json",
	"Analyze a Go executable: sections, build info, functions, packages and modules;\n"
	"every byte of the file is attributed or listed as unattributed.",
	opts, run};
