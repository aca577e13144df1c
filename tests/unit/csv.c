/* report_csv.c: RFC 4180 rows, no spreadsheet formulas */
#include "unit.h"

#include "report/report.h"

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
}

void unit_csv(void)
{
	test_csv();
}
