/* term.c: the terminal's width, paths fitted to a width */
#include "unit.h"

#include <unistd.h>

#include "util/sb.h"
#include "util/term.h"

static void test_width(void)
{
	int fd = -1; /* not a terminal: $COLUMNS, else 80 */
	setenv("COLUMNS", "120", 1);
	CHECK(gs_term_width(fd) == 120, "COLUMNS=120: %d", gs_term_width(fd));
	setenv("COLUMNS", "60", 1);
	CHECK(gs_term_width(fd) == 60, "COLUMNS=60: %d", gs_term_width(fd));
	setenv("COLUMNS", "12", 1);
	CHECK(gs_term_width(fd) == 40, "COLUMNS=12 is raised to 40: %d", gs_term_width(fd));
	setenv("COLUMNS", "99999", 1);
	CHECK(gs_term_width(fd) == 1000, "COLUMNS=99999 is capped: %d", gs_term_width(fd));
	setenv("COLUMNS", "80x", 1);
	CHECK(gs_term_width(fd) == 80, "COLUMNS=80x is no number: %d", gs_term_width(fd));
	setenv("COLUMNS", "-5", 1);
	CHECK(gs_term_width(fd) == 80, "COLUMNS=-5: %d", gs_term_width(fd));
	unsetenv("COLUMNS");
	CHECK(gs_term_width(fd) == 80, "no COLUMNS: %d", gs_term_width(fd));
}

static void test_fit_path(void)
{
	char b[256];
	const char *mod = "github.com/evanw/esbuild", *pkg = "github.com/evanw/esbuild/internal/css_parser";
	CHECK_STR(gs_term_fit_path(pkg, NULL, mod, 60, 0, b, sizeof b), pkg);
	/* the module's prefix goes first, its last element stays */
	CHECK_STR(gs_term_fit_path(pkg, NULL, mod, 30, 0, b, sizeof b), "…/esbuild/internal/css_parser");
	CHECK_STR(gs_term_fit_path(pkg, NULL, mod, 28, 0, b, sizeof b), "…/internal/css_parser");
	CHECK_STR(gs_term_fit_path(pkg, NULL, mod, 14, 0, b, sizeof b), "…/css_parser");
	CHECK_STR(gs_term_fit_path(pkg, NULL, mod, 30, 1, b, sizeof b), ".../internal/css_parser");
	/* the last element alone too long: its middle */
	CHECK_STR(gs_term_fit_path(pkg, NULL, mod, 10, 0, b, sizeof b), "…/cs…arser");
	CHECK(gs_utf8_width(gs_term_fit_path(pkg, NULL, mod, 10, 0, b, sizeof b)) == 10, "fits 10");
	/* a symbol: only its package path is cut at '/', never its own name */
	const char *sym = "github.com/evanw/esbuild/internal/js_parser.(*parser).lowerClass";
	CHECK_STR(gs_term_fit_path(sym, "github.com/evanw/esbuild/internal/js_parser", mod, 50, 0, b, sizeof b),
	          "…/esbuild/internal/js_parser.(*parser).lowerClass");
	CHECK(gs_utf8_width(gs_term_fit_path(sym, "github.com/evanw/esbuild/internal/js_parser", mod, 40, 0, b, sizeof b)) <= 40,
	      "symbol fits 40: %s", b);
	CHECK_STR(gs_term_fit_path(sym, "github.com/evanw/esbuild/internal/js_parser", mod, 34, 0, b, sizeof b),
	          "…/js_parser.(*parser).lowerClass");
	/* a generic's '/' inside its brackets is no cut point */
	const char *gen = "example.com/m/p.F[go.shape.struct{example.com/m/q.T}]";
	CHECK_STR(gs_term_fit_path(gen, "example.com/m/p", "example.com/m", 46, 0, b, sizeof b), "…/m/p.F[go.shape.struct{example.com/m/q.T}]");
	CHECK(gs_utf8_width(gs_term_fit_path(gen, "example.com/m/p", "example.com/m", 30, 0, b, sizeof b)) == 30, "generic fits 30: %s", b);
	/* std: no module prefix; leading elements go from the first '/' */
	CHECK_STR(gs_term_fit_path("vendor/golang.org/x/crypto/chacha20poly1305", NULL, "std", 24, 0, b, sizeof b),
	          "…/chacha20poly1305");
	/* a module path (no module given) */
	CHECK_STR(gs_term_fit_path("github.com/evanw/esbuild", NULL, NULL, 16, 0, b, sizeof b), "…/evanw/esbuild");
	CHECK_STR(gs_term_fit_path("github.com/evanw/esbuild", NULL, NULL, 12, 0, b, sizeof b), "…/esbuild");
	/* no '/': the middle */
	CHECK_STR(gs_term_fit_path("[text padding]", NULL, NULL, 8, 0, b, sizeof b), "[t…ding]");
}

static void test_fit_end(void)
{
	char b[64];
	CHECK_STR(gs_term_fit_end("c2: serve a health endpoint", 40, 0, b, sizeof b), "c2: serve a health endpoint");
	CHECK_STR(gs_term_fit_end("c2: serve a health endpoint", 12, 0, b, sizeof b), "c2: serve a…");
	CHECK_STR(gs_term_fit_end("c2: serve a health endpoint", 12, 1, b, sizeof b), "c2: serve...");
	CHECK_STR(gs_term_fit_end("ééééé", 3, 0, b, sizeof b), "éé…");
	CHECK_STR(gs_term_fit_end("ééééé", 1, 0, b, sizeof b), "ééééé"); /* too narrow to cut */
	CHECK_STR(gs_term_fit_end("éééééé", 5, 0, b, sizeof b), "éééé…");
}

static void test_wrap(void)
{
	gs_sb b = {0};
	gs_term_wrap(&b, "grew +244.1% (+4.4 MiB), limit +5% and more words here", 30, 10, 4);
	CHECK_STR(b.s, "grew +244.1%\n    (+4.4 MiB), limit +5% and\n    more words here\n");
	gs_sb_dispose(&b);
	gs_term_wrap(&b, "\033[31m+4.4 MiB\033[0m short", 20, 0, 2);
	CHECK_STR(b.s, "\033[31m+4.4 MiB\033[0m short\n");
	gs_sb_dispose(&b);
	gs_term_wrap(&b, "a github.com/a/very/long/path/that/does/not/fit b", 20, 0, 2);
	CHECK_STR(b.s, "a github.com/a/very/\n  long/path/that/\n  does/not/fit b\n");
	gs_sb_dispose(&b);
	gs_term_wrap(&b, "note: DefaultGODEBUG=asynctimerchan=1,gotypesalias=0,httplaxcontentlength=1 added", 30, 0, 6);
	CHECK_STR(b.s, "note: DefaultGODEBUG=\n      asynctimerchan=1,\n      gotypesalias=0,\n      httplaxcontentlength=1\n      added\n");
	gs_sb_dispose(&b);
	CHECK(gs_term_width_of("\033[31m→ x\033[0m") == 3, "colours take no room");
	gs_term_wrap(&b, "-ldflags=-w would save 516.8 KiB, more", 30, 0, 2);
	CHECK_STR(b.s, "-ldflags=-w would save\n  516.8 KiB, more\n");
	gs_sb_dispose(&b);
}

void unit_term(void)
{
	test_wrap();
	test_fit_end();
	test_width();
	test_fit_path();
}
