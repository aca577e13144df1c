/* report_html.c: the page data as JSON no name can end the <script> with */
#include "unit.h"

#include "report/html_assets.h"
#include "report/report_html.h"

/* The HTML page's data: a JSON string that no name can end the <script> with. */
static void test_html_json(void)
{
	static const struct { const char *in, *want; } cases[] = {
		{"net/http", "\"net/http\""},
		{"</script><script>alert(1)</script>", "\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e\""},
		{"a&b \"q\" \\", "\"a\\u0026b \\\"q\\\" \\\\\""},
		{"x\xe2\x80\xa8y\xe2\x80\xa9z", "\"x\\u2028y\\u2029z\""},
		{"bad\xff\xc0\x80" "end", "\"bad\\ufffd\\ufffd\\ufffdend\""},
		{"tab\tnl\n\x7f", "\"tab\\u0009nl\\u000a\\u007f\""},
		{"caf\xc3\xa9 \xf0\x9f\x93\xa6", "\"caf\xc3\xa9 \xf0\x9f\x93\xa6\""},
		{"", "\"\""},
	};
	/* the compiled-in script, styles and library sit inside <script>/<style>
	 * elements and a JS comment: none may end them early */
	const char *inlined[] = {gs_asset_app_js, gs_asset_style_css, gs_asset_d3_hierarchy_min_js, gs_asset_d3_hierarchy_LICENSE};
	for (size_t i = 0; i < sizeof inlined / sizeof inlined[0]; i++)
		CHECK(!strstr(inlined[i], "</") && !strstr(inlined[i], "<!--") &&
		          (i != 3 || !strstr(inlined[i], "*/")),
		      "asset %zu could end its element or comment", i);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		gs_sb b = {0};
		gs_report_html_json_str(&b, cases[i].in);
		char *got = gs_sb_take(&b);
		CHECK_STR(got, cases[i].want);
		free(got);
	}
}

void unit_html(void)
{
	test_html_json();
}
