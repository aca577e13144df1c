/* esc.c: strict UTF-8 and one escaping per output format */
#include "unit.h"

#include "util/esc.h"
#include "util/json.h"

/* esc.c: strict UTF-8 and one escaping per output format. */
static char *escaped(void (*f)(gs_sb *, const char *), const char *in)
{
	static char out[1024];
	gs_sb b = {0};
	f(&b, in);
	snprintf(out, sizeof out, "%s", b.s ? b.s : "");
	gs_sb_dispose(&b);
	return out;
}

static void test_esc(void)
{
	static const struct {
		const char *s;
		size_t len;
	} seqs[] = {
		{"a", 1}, {"\xc3\xa9", 2}, {"\xe2\x82\xac", 3}, {"\xf0\x9f\x98\x80", 4}, {"\xf4\x8f\xbf\xbf", 4},
		{"\xc0\xaf", 0},                 /* overlong "/" */
		{"\xc1\xbf", 0},                 /* overlong */
		{"\xe0\x80\xaf", 0},             /* overlong 3-byte */
		{"\xf0\x80\x80\xaf", 0},         /* overlong 4-byte */
		{"\xed\xa0\x80", 0},             /* surrogate U+D800 */
		{"\xed\xbf\xbf", 0},             /* surrogate U+DFFF */
		{"\xf4\x90\x80\x80", 0},         /* U+110000 */
		{"\xf5\x80\x80\x80", 0}, {"\xf8\x88\x80\x80", 0}, {"\xff", 0}, {"\x80", 0},
		{"\xe2\x82", 0},                 /* truncated */
		{"\xed\x9f\xbf", 3},             /* U+D7FF */
	};
	for (size_t i = 0; i < sizeof seqs / sizeof *seqs; i++) {
		uint32_t cp;
		size_t n = strlen(seqs[i].s);
		CHECK_U64(gs_utf8_seq((const unsigned char *)seqs[i].s, n, &cp), seqs[i].len);
	}
	uint32_t cp = 0;
	gs_utf8_seq((const unsigned char *)"\xf0\x9f\x98\x80", 4, &cp);
	CHECK_U64(cp, 0x1f600);
	CHECK(gs_utf8_valid("ok \xc3\xa9", 5), "valid");
	CHECK(!gs_utf8_valid("a\0b", 3), "NUL is not accepted");
	char *fx = gs_utf8_fix("a\xff\xed\xa0\x80" "b\xf5", 7);
	CHECK_STR(fx, "a\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "b\xef\xbf\xbd");
	free(fx);
	json_t *js = gs_json_str("bad\xc0\xafname");
	CHECK(js && strcmp(json_string_value(js), "bad\xef\xbf\xbd\xef\xbf\xbdname") == 0, "json string fixed");
	json_decref(js);
	json_t *obj = json_object();
	CHECK(gs_json_set(obj, "k\xfe", json_integer(1)) == 0 && json_object_get(obj, "k\xef\xbf\xbd"), "json key fixed");
	json_decref(obj);

	/* markdown: no line break, no raw HTML, no mention, no autolink */
	CHECK_STR(escaped(gs_esc_md, "go1.19.8\n::error::x\n<!--"), "go1.19.8\\\\n::error::x\\\\n&lt;!--");
	CHECK_STR(escaped(gs_esc_md, "</details>"), "&lt;/details&gt;");
	CHECK_STR(escaped(gs_esc_md, "cc @team"), "cc @&#8203;team");
	CHECK_STR(escaped(gs_esc_md, "https://evil.example"), "https&#58;//evil.example");
	CHECK_STR(escaped(gs_esc_md, "see WWW.evil.example"), "see WWW&#46;evil.example");
	CHECK_STR(escaped(gs_esc_md, "(*T[int]).M|x_y"), "(\\*T\\[int\\]).M\\|x\\_y");
	CHECK_STR(escaped(gs_esc_md, "fix #12 a&b `c` $f64"), "fix \\#&#8203;12 a&amp;b \\`c\\` \\$f64");
	CHECK_STR(escaped(gs_esc_md, "GH-12 gh-3 GH-x gh-"), "GH-&#8203;12 gh-&#8203;3 GH-x gh-");
	CHECK_STR(escaped(gs_esc_md, "\x1b]0;t\x07\xff\xc2\x9b\xe2\x80\xae"), "\\\\x1b\\]0;t\\\\x07\\\\xff\\\\u009b\\\\u202e");
	CHECK_STR(escaped(gs_esc_md, "golang.org/x/net v0.1.0 é"), "golang.org/x/net v0.1.0 é");
	/* terminal: one line, no control sequences */
	CHECK_STR(escaped(gs_esc_term, "a\x1b[2Jb\x07\r\n\t\x7f"), "a\\x1b[2Jb\\x07\\r\\n\\t\\x7f");
	CHECK_STR(escaped(gs_esc_term, "\xc2\x9b" "31m\xe2\x81\xa6\xff<é>"), "\\u009b31m\\u2066\\xff<é>");
	/* HTML */
	CHECK_STR(escaped(gs_esc_html, "<a href=\"x\">'&'</a>\n"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\\n");
}

void unit_esc(void)
{
	test_esc();
}
