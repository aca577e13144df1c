/* opts.c: options from the command's table: long, short, --x=v, flags, --, and
 * each mistake as an error that names the command and the option. */
#include "unit.h"

#include "cli/cmds.h"
#include "cli/opts.h"

static const gs_opt opts[] = {
	{"format", 'f', "FORMAT", "output format"},
	{"top", 0, "N", "rows per table"},
	{"verbose", 'v', NULL, "say more"},
	{NULL, 0, NULL, NULL},
};
static const gs_cmd cmd = {"demo", "OLD NEW", "a demo command", opts, NULL};

static int parse(gs_args *a, const char *line)
{
	static char buf[512];
	char *argv[32];
	int argc = 0;
	snprintf(buf, sizeof buf, "%s", line);
	for (char *save = NULL, *t = strtok_r(buf, " ", &save); t && argc < 32; t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	return gs_opts_parse(a, &cmd, argc, argv);
}

static void test_opts_parse(void)
{
	gs_args a;
	int rc = parse(&a, "old --format json -v new --top=5");
	CHECK(rc == 0, "parses: %s", gs_errmsg());
	CHECK_STR(gs_opts_get(&a, &cmd, "format"), "json");
	CHECK_STR(gs_opts_get(&a, &cmd, "top"), "5");
	CHECK_STR(gs_opts_get(&a, &cmd, "verbose"), "1");
	CHECK(a.npos == 2 && strcmp(a.pos[0], "old") == 0 && strcmp(a.pos[1], "new") == 0, "operands in order");
	CHECK(gs_opts_get(&a, &cmd, "nosuch") == NULL, "unknown name reads NULL");

	rc = parse(&a, "-f md -- --top -");
	CHECK(rc == 0 && strcmp(nn(gs_opts_get(&a, &cmd, "format")), "md") == 0, "short option with a value");
	CHECK(a.npos == 2 && strcmp(a.pos[0], "--top") == 0 && strcmp(a.pos[1], "-") == 0 && !gs_opts_get(&a, &cmd, "top"),
	      "after --, everything is an operand; '-' is one");
	rc = parse(&a, "--format=");
	CHECK(rc == 0 && strcmp(nn(gs_opts_get(&a, &cmd, "format")), "") == 0, "--format= is an empty value");
	rc = parse(&a, "--top 1 --top 2");
	CHECK(rc == 0 && strcmp(nn(gs_opts_get(&a, &cmd, "top")), "2") == 0, "the last of a repeated option wins");
}

static void test_opts_errors(void)
{
	static const struct {
		const char *line, *msg;
	} bad[] = {
		{"--colour", "demo: unknown option --colour (see gosize demo --help)"},
		{"-x", "demo: unknown option -x"},
		{"-fv", "demo: unknown option -fv"},
		{"--form json", "demo: unknown option --form: did you mean --format? (see gosize demo --help)"},
		{"--fromat=json", "demo: unknown option --fromat: did you mean --format? (see gosize demo --help)"},
		{"-format json", "demo: unknown option -format: did you mean --format?"},
		{"--vrebose", "demo: unknown option --vrebose: did you mean --verbose?"},
		{"--verbose=1", "demo: option --verbose takes no value"},
		{"--format", "demo: option --format needs a value (FORMAT)"},
		{"a --top", "demo: option --top needs a value (N)"},
		{"1 2 3 4 5 6 7 8 9", "demo: too many arguments"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		gs_args a;
		unit_err_mark();
		int rc = parse(&a, bad[i].line);
		CHECK(rc == -1 && strstr(gs_errmsg(), bad[i].msg), "\"%s\": rc %d, \"%s\"", bad[i].line, rc, gs_errmsg());
	}
}

static void test_opts_synopsis(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f) {
		CHECK(0, "open_memstream");
		return;
	}
	gs_opts_synopsis(&cmd, 100, f);
	fclose(f);
	CHECK_STR(text, "gosize demo OLD NEW [--format FORMAT] [--top N] [--verbose]\n");
	free(text);
	/* a long table wraps at 100 columns, continuation lines indented */
	static gs_opt many[12];
	static char names[11][16];
	for (int i = 0; i < 11; i++) {
		snprintf(names[i], sizeof names[i], "option-%02d", i);
		many[i] = (gs_opt){names[i], 0, "VALUE", "h"};
	}
	const gs_cmd big = {"big", "X", "s", many, NULL};
	f = open_memstream(&text, &len);
	if (!f)
		return;
	gs_opts_synopsis(&big, 100, f);
	fclose(f);
	int lines = 0, widest = 0, ok_indent = 1;
	for (char *p = text, *nl; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		int w = nl ? (int)(nl - p) : (int)strlen(p);
		widest = w > widest ? w : widest;
		ok_indent &= lines == 0 || strncmp(p, "    [--", 7) == 0;
		lines++;
	}
	CHECK(lines >= 3 && widest <= 100 && ok_indent, "synopsis wrapped: %d lines, widest %d: %s", lines, widest, text);
	free(text);
}

/* Every gosize command's table fits gs_args (an option past GS_MAXOPTS would
 * read as unknown), and each command's last option parses. */
static void test_opts_tables(void)
{
	const gs_cmd *all[] = {&gs_cmd_snapshot, &gs_cmd_diff, &gs_cmd_check, &gs_cmd_record, &gs_cmd_log, &gs_cmd_why};
	for (size_t c = 0; c < sizeof all / sizeof all[0]; c++) {
		int n = 0;
		while (all[c]->opts[n].name)
			n++;
		CHECK(n > 0 && n <= GS_MAXOPTS, "%s: %d options, gs_args holds %d", all[c]->name, n, GS_MAXOPTS);
		const gs_opt *last = &all[c]->opts[n - 1];
		char flag[64];
		snprintf(flag, sizeof flag, "--%s", last->name);
		char *argv[] = {flag, "x", NULL};
		gs_args a = {0};
		CHECK(gs_opts_parse(&a, all[c], last->arg ? 2 : 1, argv) == 0, "%s: %s does not parse", all[c]->name, flag);
		CHECK(gs_opts_get(&a, all[c], last->name) != NULL, "%s: %s not stored", all[c]->name, flag);
	}
}

void unit_opts(void)
{
	test_opts_tables();
	test_opts_parse();
	test_opts_errors();
	test_opts_synopsis();
}
