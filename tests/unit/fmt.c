/* fmt.c: sizes, deltas, percentages and names fitted to a width */
#include "unit.h"

#include "model/config.h"
#include "util/fmt.h"

static void test_fmt(void)
{
	char b[128];
	CHECK_STR(gs_fmt_human(0, b, sizeof b), "0 B");
	CHECK_STR(gs_fmt_human(999, b, sizeof b), "999 B");
	CHECK_STR(gs_fmt_human(1000, b, sizeof b), "1000 B");
	CHECK_STR(gs_fmt_human(1024, b, sizeof b), "1.0 KiB");
	CHECK_STR(gs_fmt_human(262144, b, sizeof b), "256.0 KiB");
	CHECK_STR(gs_fmt_human(1048524, b, sizeof b), "1023.9 KiB");
	CHECK_STR(gs_fmt_human(1048525, b, sizeof b), "1.0 MiB"); /* 1023.95 KiB rounds up a unit, not to "1024.0 KiB" */
	CHECK_STR(gs_fmt_human(1572864, b, sizeof b), "1.5 MiB");
	CHECK_STR(gs_fmt_human(10182808, b, sizeof b), "9.7 MiB");
	CHECK_STR(gs_fmt_human_delta(-1234567, b, sizeof b), "-1.2 MiB");
	CHECK_STR(gs_fmt_human_delta(269763, b, sizeof b), "+263.4 KiB");
	CHECK_STR(gs_fmt_human_delta(0, b, sizeof b), "0 B");
	{
		gs_limit l;
		CHECK(gs_limit_parse(&l, "10kb", 0, "t") == 0 && l.bytes == 10000, "gs_limit_parse(&l, \"10kb\", 0, \"t\") == 0 && l.bytes == 10000");
		CHECK(gs_limit_parse(&l, "10KIB", 0, "t") == 0 && l.bytes == 10240, "gs_limit_parse(&l, \"10KIB\", 0, \"t\") == 0 && l.bytes == 10240");
		CHECK(gs_limit_parse(&l, "1.5mib", 0, "t") == 0 && l.bytes == 1572864, "gs_limit_parse(&l, \"1.5mib\", 0, \"t\") == 0 && l.bytes == 1572864");
		CHECK(gs_limit_parse(&l, "5%", 1, "t") == 0 && l.is_pct && l.pct == 5, "gs_limit_parse(&l, \"5%%\", 1, \"t\") == 0 && l.is_pct && l.pct == 5");
		CHECK(gs_limit_parse(&l, "10 parsecs", 0, "t") < 0, "gs_limit_parse(&l, \"10 parsecs\", 0, \"t\") < 0");
	}
	CHECK_STR(gs_fmt_fit("short", 10, 0, b, sizeof b), "short");
	CHECK_STR(gs_fmt_fit("github.com/evanw/esbuild/internal/js_parser.(*parser).parseStmt", 40, 0, b, sizeof b),
	          "github.com/ev…parser.(*parser).parseStmt");
	CHECK_STR(gs_fmt_fit("github.com/evanw/esbuild/internal/js_parser.(*parser).parseStmt", 40, 1, b, sizeof b),
	          "github.com/e...arser.(*parser).parseStmt");
	CHECK(gs_utf8_width(gs_fmt_fit("ééééééééééééééééééééééé", 10, 0, b, sizeof b)) == 10, "fit counts characters");
	CHECK_STR(gs_fmt_percent(100, 102, b, sizeof b), "+2.0%");
	CHECK_STR(gs_fmt_percent(0, 5, b, sizeof b), "new");
	CHECK_STR(gs_fmt_percent(100000, 100001, b, sizeof b), "+<0.1%");
	CHECK_STR(gs_fmt_percent(50, 50, b, sizeof b), "0.0%");
	CHECK_STR(gs_fmt_percent(1803755, 1803693, b, sizeof b), "-<0.1%"); /* -62 B */
}

/* the extremes, exact sizes with thousands separators, and the widest gs_fmt_human text
 * (the text report's columns are sized for it) */
static void test_fmt_extremes(void)
{
	char b[128];
	CHECK_STR(gs_fmt_human(1023, b, sizeof b), "1023 B");
	CHECK_STR(gs_fmt_human(UINT64_MAX, b, sizeof b), "16.0 EiB");
	CHECK_STR(gs_fmt_human(1073741824ull * 3 / 2, b, sizeof b), "1.5 GiB");
	CHECK_STR(gs_fmt_human_delta(INT64_MIN, b, sizeof b), "-8.0 EiB");
	CHECK_STR(gs_fmt_human_delta(INT64_MAX, b, sizeof b), "+8.0 EiB");
	CHECK_STR(gs_fmt_commas(0, 1, b, sizeof b), "0");
	CHECK_STR(gs_fmt_commas(999, 0, b, sizeof b), "999");
	CHECK_STR(gs_fmt_commas(1000, 1, b, sizeof b), "+1,000");
	CHECK_STR(gs_fmt_commas(-1234567, 1, b, sizeof b), "-1,234,567");
	CHECK_STR(gs_fmt_commas(10182808, 0, b, sizeof b), "10,182,808");
	CHECK_STR(gs_fmt_commas(INT64_MIN, 0, b, sizeof b), "-9,223,372,036,854,775,808");
	CHECK_STR(gs_fmt_commas(1234, 0, b, 4), "1,2"); /* cut to the buffer, terminated */
	CHECK_STR(gs_fmt_percent(200, 100, b, sizeof b), "-50.0%");
	CHECK_STR(gs_fmt_percent(100000, 99999, b, sizeof b), "-<0.1%");
	CHECK_STR(gs_fmt_percent(0, 0, b, sizeof b), "0.0%");
	CHECK_STR(gs_fmt_fit("abcdefgh", 4, 0, b, sizeof b), "abcdefgh"); /* under 5 columns nothing is cut */
	CHECK_STR(gs_fmt_fit("abcdefghijkl", 8, 1, b, sizeof b), "a...ijkl");
	size_t widest = 0;
	for (uint64_t v = 1; v < UINT64_MAX / 3; v = v * 3 + 1) /* 1, 4, 13, ... over the whole range */
		widest = strlen(gs_fmt_human(v, b, sizeof b)) > widest ? strlen(b) : widest;
	for (uint64_t v = 1000; v < 1048576; v += 7)
		widest = strlen(gs_fmt_human(v, b, sizeof b)) > widest ? strlen(b) : widest;
	CHECK_U64(widest, 10); /* "1023.9 KiB" */
}

void unit_fmt(void)
{
	test_fmt();
	test_fmt_extremes();
}
