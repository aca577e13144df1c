/* text_table.c: tables fitted to a width: columns give way in order, names
 * lose their module's prefix, versions are never cut */
#include "unit.h"

#include "report/text_table.h"
#include "util/term.h"

static const gs_tt_col pkgcols[] = {
	{"PACKAGE", 0, 0, GS_TT_FIT_PATH, 0, 0}, {"OLD", 1, 0, GS_TT_FIT_NONE, 0, 0},
	{"NEW", 1, 0, GS_TT_FIT_NONE, 0, 0},     {"DELTA", 1, 0, GS_TT_FIT_NONE, 0, 0},
	{"%", 1, 2, GS_TT_FIT_NONE, 0, 0},       {"MODULE", 0, 1, GS_TT_FIT_PATH, 0, 0},
};

static int widest(const char *s)
{
	int w = 0;
	char line[512];
	for (const char *p = s; *p;) {
		size_t n = strcspn(p, "\n");
		snprintf(line, sizeof line, "%.*s", (int)n, p);
		int x = gs_term_width_of(line);
		w = x > w ? x : w;
		p += n + (p[n] == '\n');
	}
	return w;
}

static void add_pkgs(gs_tt *t)
{
	const char *mod = "github.com/evanw/esbuild";
	const char *a[] = {"github.com/evanw/esbuild/internal/css_parser", "120.0 KiB", "124.1 KiB", "+4,200", "+3.4%", mod};
	const char *b[] = {"net/http", "-", "633.8 KiB", "+648,968", "new", "std"};
	const char *c[] = {"github.com/evanw/esbuild/internal/js_parser", "1.2 MiB", "1.1 MiB", "-62", "-<0.1%", mod};
	gs_tt_add(t, a, a[0], mod);
	gs_tt_add(t, b, b[0], "std");
	gs_tt_add(t, c, c[0], mod);
}

static void test_widths(void)
{
	gs_tt t;
	gs_sb o = {0};
	gs_tt_init(&t, pkgcols, 6);
	add_pkgs(&t);
	gs_tt_render(&o, &t, 120, 0);
	CHECK(widest(o.s) <= 120 && strstr(o.s, "github.com/evanw/esbuild/internal/css_parser") && strstr(o.s, "MODULE"),
	      "120: everything whole:\n%s", o.s);
	gs_sb_dispose(&o);
	gs_tt_render(&o, &t, 80, 0);
	CHECK(widest(o.s) <= 80 && strstr(o.s, "MODULE") && strstr(o.s, "…/esbuild/internal/css_parser") && strstr(o.s, " %"),
	      "80: the names lose the module's prefix, the module column stays:\n%s", o.s);
	gs_sb_dispose(&o);
	gs_tt_render(&o, &t, 60, 0);
	CHECK(widest(o.s) <= 60 && !strstr(o.s, "MODULE") && strstr(o.s, " %") && strstr(o.s, "-<0.1%"),
	      "60: the module column gave way first, %% stays:\n%s", o.s);
	CHECK(!strstr(o.s, "github.com/ev…"), "no name is cut in its middle at 60:\n%s", o.s);
	gs_sb_dispose(&o);
	gs_tt_render(&o, &t, 40, 0);
	CHECK(widest(o.s) <= 46 && !strstr(o.s, "MODULE") && !strstr(o.s, "-<0.1%"), "40: then %% gave way:\n%s", o.s);
	gs_sb_dispose(&o);
	gs_tt_dispose(&t);
}

static void test_versions_never_cut(void)
{
	static const gs_tt_col modcols[] = {
		{"MODULE", 0, 0, GS_TT_FIT_PATH, 0, 0}, {"OLD", 1, 0, GS_TT_FIT_NONE, 0, 0},
		{"NEW", 1, 0, GS_TT_FIT_NONE, 0, 0},    {"DELTA", 1, 0, GS_TT_FIT_NONE, 0, 0},
		{"%", 1, 1, GS_TT_FIT_NONE, 0, 0},      {"VERSION", 0, 0, GS_TT_FIT_NONE, 0, 1},
	};
	gs_tt t;
	gs_sb o = {0};
	gs_tt_init(&t, modcols, 6);
	const char *a[] = {"std", "4.8 MiB", "5.3 MiB", "+550,462", "+11.0%", "go1.20.12 → go1.23.1"};
	const char *b[] = {"github.com/evanw/esbuild", "4.0 MiB", "4.0 MiB", "-28,646", "-0.7%", "(devel)"};
	gs_tt_add(&t, a, NULL, NULL);
	gs_tt_add(&t, b, NULL, NULL);
	gs_tt_render(&o, &t, 80, 0);
	CHECK(widest(o.s) <= 80 && strstr(o.s, "VERSION") && strstr(o.s, "go1.20.12 → go1.23.1"), "80: the version column:\n%s", o.s);
	gs_sb_dispose(&o);
	gs_tt_render(&o, &t, 60, 0);
	CHECK(widest(o.s) <= 60 && strstr(o.s, " go1.20.12 → go1.23.1\n") && !strstr(o.s, " +11.0%"),
	      "60: %% gave way, the version is whole:\n%s", o.s);
	gs_sb_dispose(&o);
	gs_tt_render(&o, &t, 50, 0);
	CHECK(widest(o.s) <= 50 && strstr(o.s, "\n    go1.20.12 → go1.23.1\n") && strstr(o.s, "\n    (devel)\n"),
	      "50: versions whole, each under its row:\n%s", o.s);
	gs_sb_dispose(&o);
	gs_tt_dispose(&t);
}

void unit_text_table(void)
{
	test_widths();
	test_versions_never_cut();
}
