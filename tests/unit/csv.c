/* report_csv.c: RFC 4180 rows, no spreadsheet formulas */
#include "unit.h"

#include "report/report.h"

/* s as CSV into o: 0 or -1 */
static int render(gs_sb *o, gs_snapshot *s)
{
	gs_report r = {.snap = s};
	int rc = gs_report_build(&r) == 0 && gs_report_render(o, &r, GS_FORMAT_CSV) == 0 ? 0 : -1;
	gs_report_dispose(&r);
	return rc;
}

static void test_csv(void)
{
	/* names are quoted as needed and never read as a spreadsheet formula */
	gs_snap_pkg pk[3] = {{.name = "=cmd|' /c calc'!A0", .module = "x", .size = 5},
	                     {.name = "a,\"b\"", .module = "y", .size = 3},
	                     {.name = "bad\xff", .module = "", .size = 1}};
	gs_snapshot s;
	memset(&s, 0, sizeof s);
	s.path = "f";
	s.file_size = 9;
	s.pkgs = pk;
	s.npkgs = 3;
	gs_sb o = {0};
	gs_report r = {.snap = &s};
	CHECK(gs_report_build(&r) == 0 && gs_report_render(&o, &r, GS_FORMAT_CSV) == 0, "csv renders");
	gs_report_dispose(&r);
	char *t = gs_sb_take(&o);
	CHECK(t && strstr(t, "\r\npackage,\"'=cmd|' /c calc'!A0\",x,5,0,0,0\r\n"), "formula-looking name behind a quote: %s", nn(t));
	CHECK(t && strstr(t, "\r\npackage,\"a,\"\"b\"\"\",y,3,"), "comma and quotes: %s", nn(t));
	CHECK(t && strstr(t, "\r\npackage,bad\xef\xbf\xbd,,1,"), "invalid UTF-8 as U+FFFD: %s", nn(t));
	free(t);
	/* a formula behind blanks a spreadsheet skips, or in fullwidth: guarded too */
	static const char *const hidden[] = {" =1+1", "\xc2\xa0=1", "\n=1", "\xef\xbc\x9d" "1+1", "\xef\xbb\xbf=1",
	                                     "\xe2\x80\x8b@SUM(A1)", "\xe3\x80\x80+1", "\t\xe2\x80\x8b -1",
	                                     "\xef\xbc\x8b" "1", "\xef\xbc\xa0x"};
	for (size_t i = 0; i < sizeof hidden / sizeof *hidden; i++) {
		gs_snap_pkg one = {.name = (char *)hidden[i], .module = "m", .size = 1};
		s.pkgs = &one;
		s.npkgs = 1;
		s.file_size = 1;
		CHECK(render(&o, &s) == 0, "csv renders");
		t = gs_sb_take(&o);
		char want[64];
		snprintf(want, sizeof want, "\r\npackage,\"'%s\",m,", hidden[i]);
		CHECK(t && strstr(t, want), "hidden formula %zu guarded: %s", i, nn(t));
		free(t);
	}
	gs_snap_pkg plain = {.name = " main", .module = "m", .size = 1};
	s.pkgs = &plain;
	CHECK(render(&o, &s) == 0, "csv renders");
	t = gs_sb_take(&o);
	CHECK(t && strstr(t, "\r\npackage,\" main\",m,"), "a leading space before a letter: quoted, no guard: %s", nn(t));
	free(t);
}

void unit_csv(void)
{
	test_csv();
}
