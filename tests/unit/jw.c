/* jw.c: JSON strings as jansson writes them, invalid UTF-8 made U+FFFD */
#include "unit.h"

#include "util/jw.h"

/* jw.c: JSON strings as jansson writes them, invalid UTF-8 made U+FFFD. */
static void test_jw(void)
{
	gs_sb b = {0};
	gs_jw_str(&b, "a\"b\\c\n\t\x01\x1f\xc3\xa9\xff/\xe2\x80\xae");
	gs_sb_putn(&b, " ", 1);
	gs_jw_u64(&b, 18446744073709551615ull);
	gs_sb_putn(&b, " ", 1);
	gs_jw_u64(&b, 0);
	CHECK_STR(b.s, "\"a\\\"b\\\\c\\n\\t\\u0001\\u001F\xc3\xa9\xef\xbf\xbd/\xe2\x80\xae\" 18446744073709551615 0");
	gs_sb_dispose(&b);
}

void unit_jw(void)
{
	test_jw();
}
