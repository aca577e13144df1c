/* unit.c - unit tests of the pure modules: reads, names, build info, formats,
 * hashing, snapshot JSON. Prints "N passed, M failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildinfo.h"
#include "config.h"
#include "err.h"
#include "esc.h"
#include "fmt.h"
#include "moduledata.h"
#include "config.h"
#include "sb.h"
#include "rd.h"
#include "report_html.h"
#include "sha256.h"
#include "snapshot_json.h"
#include "strmap.h"
#include "symname.h"

static int passed, failed;

#define CHECK(cond, ...)                                                                                            \
	do {                                                                                                          \
		if (cond) {                                                                                               \
			passed++;                                                                                             \
		} else {                                                                                                  \
			failed++;                                                                                             \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);                                                           \
			printf(__VA_ARGS__);                                                                                  \
			printf("\n");                                                                                         \
		}                                                                                                         \
	} while (0)
static const char *nn(const char *s) { return s ? s : "(null)"; }
#define CHECK_STR(got, want) CHECK(strcmp(nn(got), (want)) == 0, "got \"%s\", want \"%s\"", nn(got), (want))
#define CHECK_U64(got, want)                                                                                        \
	CHECK((got) == (want), "%s: got %llu, want %llu", #got, (unsigned long long)(got), (unsigned long long)(want))

static void test_rd(void)
{
	const uint8_t b[] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x96, 0x01, 0xff};
	gs_rd le = gs_rd_make(b, sizeof b, 0, 8), be = gs_rd_make(b, sizeof b, 1, 4);
	CHECK_U64(gs_rd_u16(&le, 0), 0x0201);
	CHECK_U64(gs_rd_u32(&le, 0), 0x04030201);
	CHECK_U64(gs_rd_u64(&le, 0), 0x0807060504030201ull);
	CHECK_U64(gs_rd_u32(&be, 0), 0x01020304);
	CHECK_U64(gs_rd_uptr(&be, 4), 0x05060708);
	CHECK_U64(gs_rd_uptr(&le, 0), 0x0807060504030201ull);
	CHECK(!le.bad && !be.bad, "no bad flag after in-range reads");
	CHECK_U64(gs_rd_u32(&le, 8), 0);
	CHECK(le.bad, "a read past the end sets bad");
	gs_rd r = gs_rd_make(b, sizeof b, 0, 8);
	uint64_t off = 8;
	CHECK_U64(gs_rd_uvarint(&r, &off), 150);
	CHECK_U64(off, 10);
	off = 10;
	gs_rd_uvarint(&r, &off);
	CHECK(r.bad, "an unterminated varint sets bad");
	r = gs_rd_make(b, sizeof b, 0, 8);
	CHECK(gs_rd_has(&r, 0, sizeof b) && !gs_rd_has(&r, 1, sizeof b) && !gs_rd_has(&r, UINT64_MAX, 2), "has");
	gs_rd s = gs_rd_sub(&r, 2, UINT64_MAX - 1);
	CHECK(r.bad && s.len == 0, "overflowing sub-view is rejected");
	const uint8_t str[] = {'a', 'b', 0, 'c'};
	r = gs_rd_make(str, sizeof str, 0, 8);
	size_t n;
	CHECK_STR(gs_rd_cstr(&r, 0, &n), "ab");
	CHECK_U64(n, 2);
	CHECK(gs_rd_cstr(&r, 3, &n) == NULL && r.bad, "unterminated string is rejected");
}

static void test_symname(void)
{
	static const char *cases[][3] = {
		{"runtime.mallocgc", "runtime", "go"},
		{"main.main", "main", "go"},
		{"net/http.(*Server).Serve", "net/http", "go"},
		{"net/http.Header.Get", "net/http", "go"},
		{"github.com/a/b.(*T).M-fm", "github.com/a/b", "go"},
		{"github.com/a/b.F.func1.2", "github.com/a/b", "go"},
		{"example.com/x.F[...]", "example.com/x", "go"},
		{"example.com/x.(*List[go.shape.int]).Push", "example.com/x", "go"},
		{"example.com/x.Map[example.com/y.T,go.shape.string]", "example.com/x", "go"},
		{"gopkg.in/yaml%2ev2.Unmarshal", "gopkg.in/yaml.v2", "go"},
		{"vendor/golang.org/x/net/http2/hpack.(*Decoder).Write", "vendor/golang.org/x/net/http2/hpack", "go"},
		{"go.uber.org/zap.New", "go.uber.org/zap", "go"},
		{"type:.eq.example.com/x.T", "example.com/x", "type"},
		{"type..eq.[...]internal/cpu.option", "internal/cpu", "type"},
		{"type..hash.[2]interface {}", "", "type"},
		{"type:*net/http.Request", "net/http", "type"},
		{"type.map[string]int", "", "type"},
		{"go:itab.*os.File,io.Reader", "os", "itab"},
		{"go.itab.*example.com/x.T,error", "example.com/x", "itab"},
		{"go:string.\"hello\"", "", "string"},
		{"go:buildid", "", "linker"},
		{"go.buildid", "", "linker"},
		{"go.shape.int", "", "linker"},
		{"type:.eq.go.shape.struct { net/netip.isV6 bool; net/netip.zoneV6 string }", "", "type"},
		{"go.shape.struct { net/netip.isV6 bool; net/netip.zoneV6 string }.F", "", "linker"},
		{"x_cgo_init", "", "c"},
		{"memcpy@GLIBC_2.14", "", "c"},
		{"_cgo_0b49d6ed4a0b_Cfunc_add", "", "c"},
		{"example.com/x._Cfunc_add", "example.com/x", "go"},
		{"main.glob..func1", "main", "go"},
	};
	static const char *cls[] = {"go", "type", "itab", "string", "linker", "c"};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char out[256];
		gs_symclass c = gs_symname_package(cases[i][0], out, sizeof out);
		CHECK(strcmp(out, cases[i][1]) == 0 && strcmp(cls[c], cases[i][2]) == 0,
		      "%s: got (%s, %s), want (%s, %s)", cases[i][0], out, cls[c], cases[i][1], cases[i][2]);
	}
}

static void test_modinfo(void)
{
	static const char mi[] = "0w\xaf\x0c\x92t\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6"
	                 "path\texample.com/app/cmd/srv\n"
	                 "mod\texample.com/app\tv1.2.3\th1:abc=\n"
	                 "dep\tgolang.org/x/net\tv0.1.0\th1:net=\n"
	                 "dep\tgithub.com/a/b\tv1.0.0\n"
	                 "=>\t../b\t(devel)\t\n"
	                 "build\t-ldflags=\"-s -w\"\n"
	                 "build\tCGO_ENABLED=0\n"
	                 "build\t\"we=ird\"=`raw\\n`\n"
	                 "build\t-tags=\"a\\tb\\u00e9\\x41\"\n"
	                 "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2";
	gs_buildinfo bi;
	memset(&bi, 0, sizeof bi);
	int rc = gs_buildinfo_parse_modinfo(&bi, mi, sizeof mi - 1);
	CHECK(rc == 0, "modinfo parses: %s", gs_errmsg());
	if (rc == 0) {
		CHECK_STR(bi.path, "example.com/app/cmd/srv");
		CHECK_STR(bi.main.path, "example.com/app");
		CHECK_STR(bi.main.version, "v1.2.3");
		CHECK_STR(bi.main.sum, "h1:abc=");
		CHECK_U64(bi.ndeps, 2);
		CHECK_STR(bi.deps[0].path, "golang.org/x/net");
		CHECK(bi.deps[0].rep_path == NULL, "no replacement on the first dep");
		CHECK_STR(bi.deps[1].sum, "");
		CHECK_STR(bi.deps[1].rep_path, "../b");
		CHECK_STR(gs_buildinfo_setting(&bi, "-ldflags"), "-s -w");
		CHECK_STR(gs_buildinfo_setting(&bi, "CGO_ENABLED"), "0");
		CHECK_STR(gs_buildinfo_setting(&bi, "we=ird"), "raw\\n");
		CHECK_STR(gs_buildinfo_setting(&bi, "-tags"), "a\tb\xc3\xa9" "A");
	}
	gs_buildinfo_dispose(&bi);
	static const char *bad[] = {"build\t=x\n", "build\tnoequals\n", "=>\ta\tb\tc\n", "build\t\"unterminated=1\n"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		memset(&bi, 0, sizeof bi);
		CHECK(gs_buildinfo_parse_modinfo(&bi, bad[i], strlen(bad[i])) < 0, "bad modinfo %zu rejected", i);
		gs_buildinfo_dispose(&bi);
	}
}

static void test_fmt(void)
{
	char b[128];
	CHECK_STR(gs_human(0, b, sizeof b), "0 B");
	CHECK_STR(gs_human(999, b, sizeof b), "999 B");
	CHECK_STR(gs_human(1000, b, sizeof b), "1000 B");
	CHECK_STR(gs_human(1024, b, sizeof b), "1.0 KiB");
	CHECK_STR(gs_human(262144, b, sizeof b), "256.0 KiB");
	CHECK_STR(gs_human(1048524, b, sizeof b), "1023.9 KiB");
	CHECK_STR(gs_human(1048525, b, sizeof b), "1.0 MiB"); /* 1023.95 KiB rounds up a unit, not to "1024.0 KiB" */
	CHECK_STR(gs_human(1572864, b, sizeof b), "1.5 MiB");
	CHECK_STR(gs_human(10182808, b, sizeof b), "9.7 MiB");
	CHECK_STR(gs_human_delta(-1234567, b, sizeof b), "-1.2 MiB");
	CHECK_STR(gs_human_delta(269763, b, sizeof b), "+263.4 KiB");
	CHECK_STR(gs_human_delta(0, b, sizeof b), "0 B");
	{
		gs_limit l;
		CHECK(gs_limit_parse(&l, "10kb", 0, "t") == 0 && l.bytes == 10000, "gs_limit_parse(&l, \"10kb\", 0, \"t\") == 0 && l.bytes == 10000");
		CHECK(gs_limit_parse(&l, "10KIB", 0, "t") == 0 && l.bytes == 10240, "gs_limit_parse(&l, \"10KIB\", 0, \"t\") == 0 && l.bytes == 10240");
		CHECK(gs_limit_parse(&l, "1.5mib", 0, "t") == 0 && l.bytes == 1572864, "gs_limit_parse(&l, \"1.5mib\", 0, \"t\") == 0 && l.bytes == 1572864");
		CHECK(gs_limit_parse(&l, "5%", 1, "t") == 0 && l.is_pct && l.pct == 5, "gs_limit_parse(&l, \"5%%\", 1, \"t\") == 0 && l.is_pct && l.pct == 5");
		CHECK(gs_limit_parse(&l, "10 parsecs", 0, "t") < 0, "gs_limit_parse(&l, \"10 parsecs\", 0, \"t\") < 0");
	}
	CHECK_STR(gs_fit("short", 10, 0, b, sizeof b), "short");
	CHECK_STR(gs_fit("github.com/evanw/esbuild/internal/js_parser.(*parser).parseStmt", 40, 0, b, sizeof b),
	          "github.com/ev…parser.(*parser).parseStmt");
	CHECK_STR(gs_fit("github.com/evanw/esbuild/internal/js_parser.(*parser).parseStmt", 40, 1, b, sizeof b),
	          "github.com/e...arser.(*parser).parseStmt");
	CHECK(gs_utf8_width(gs_fit("ééééééééééééééééééééééé", 10, 0, b, sizeof b)) == 10, "fit counts characters");
	CHECK_STR(gs_percent(100, 102, b, sizeof b), "+2.0%");
	CHECK_STR(gs_percent(0, 5, b, sizeof b), "new");
	CHECK_STR(gs_percent(100000, 100001, b, sizeof b), "+<0.1%");
	CHECK_STR(gs_percent(50, 50, b, sizeof b), "+0.0%");
}

static void test_sha256(void)
{
	char hex[65];
	gs_sha256_hex((const uint8_t *)"", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	gs_sha256_hex((const uint8_t *)"abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	gs_sha256_hex((const uint8_t *)m, strlen(m), hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	/* the accelerated path (if this CPU has one) agrees with the portable one */
	int accel = gs_sha256_accel;
	static uint8_t buf[5000];
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (uint8_t)(i * 131 + (i >> 7));
	int same = 1;
	for (size_t len = 0; len < sizeof buf; len += 61) {
		char a[65], b[65];
		gs_sha256_accel = 0;
		gs_sha256_hex(buf, len, a);
		gs_sha256_accel = accel < 0 ? -1 : accel;
		gs_sha256_hex(buf, len, b);
		same &= strcmp(a, b) == 0;
	}
	CHECK(same, "accelerated SHA-256 (%s) equals the portable one", gs_sha256_accel == 1 ? "SHA-NI" : "not present");
}

static void test_strmap(void)
{
	gs_strmap m = {0};
	char keys[1000][8];
	for (int i = 0; i < 1000; i++) {
		snprintf(keys[i], sizeof keys[i], "k%d", i);
		gs_strmap_put(&m, keys[i], (size_t)i * 3);
	}
	int ok = 1;
	for (int i = 0; i < 1000; i++)
		ok &= gs_strmap_get(&m, keys[i]) == (size_t)i * 3;
	CHECK(ok && m.n == 1000, "1000 keys stored and found");
	CHECK(gs_strmap_get(&m, "absent") == (size_t)-1, "absent key");
	gs_strmap_dispose(&m);
}

static const char *SNAP =
	"{\"schema\": 1, \"tool\": \"gosize test\", \"binary\": {\"path\": \"x\", \"size\": 100, \"format\": \"elf\","
	" \"arch\": \"amd64\", \"ptr_size\": 8, \"endian\": \"little\", \"pie\": false, \"stripped\": true,"
	" \"dwarf\": false, \"sha256\": \"00\"}, \"go\": {\"version\": \"go1.22.0\", \"path\": \"m\", \"main\":"
	" {\"path\": \"m\", \"version\": \"(devel)\", \"sum\": \"\", \"replace\": null}, \"deps\": [], \"settings\":"
	" {\"GOARCH\": \"amd64\"}, \"pclntab\": {\"magic\": \"0xfffffff1\", \"layout\": \"1.20+\", \"functions\": 1}},"
	" \"sections\": [{\"name\": \".text\", \"kind\": \"text\", \"file_offset\": 0, \"file_size\": 100,"
	" \"vm_addr\": 4096, \"vm_size\": 100, \"compressed\": false, \"unattributed\": 10}],"
	" \"packages\": [{\"name\": \"main\", \"module\": \"m\", \"size\": 90, \"bss\": 0, \"functions\": 1,"
	" \"sizes\": {\"code\": 80, \"pclntab\": 10}}], \"modules\": [{\"path\": \"m\", \"version\": \"(devel)\","
	" \"size\": 90, \"packages\": 1}], \"symbols\": [{\"name\": \"main.main\", \"package\": \"main\", \"kind\":"
	" \"code\", \"addr\": 4096, \"size\": 80, \"pcln\": 10}], \"symbols_total\": 1, \"unattributed\":"
	" [{\"section\": \".text\", \"size\": 10}], \"totals\": {\"file\": 100, \"attributed\": 90, \"unattributed\": 10}}";

static void test_snapshot_json(void)
{
	gs_snapshot s;
	int rc = gs_snapshot_from_text(&s, SNAP, strlen(SNAP));
	CHECK(rc == 0, "snapshot loads: %s", gs_errmsg());
	if (rc != 0)
		return;
	CHECK_U64(s.file_size, 100);
	CHECK_U64(s.npkgs, 1);
	CHECK_U64(s.pkgs[0].cat[GS_CAT_CODE], 80);
	CHECK_STR(s.bi.goversion, "go1.22.0");
	json_t *j = gs_snapshot_to_json(&s);
	char *again = gs_json_dump(j);
	json_decref(j);
	gs_snapshot t;
	CHECK(gs_snapshot_from_text(&t, again, strlen(again)) == 0, "round trip loads: %s", gs_errmsg());
	json_t *j2 = gs_snapshot_to_json(&t);
	char *twice = gs_json_dump(j2);
	json_decref(j2);
	CHECK_STR(twice, again);
	free(again);
	free(twice);
	gs_snapshot_dispose(&t);
	gs_snapshot_dispose(&s);

	/* broken inputs: each one fails with a message naming the problem */
	static const struct {
		const char *from, *to, *msg;
	} bad[] = {
		{"\"schema\": 1", "\"schema\": 7", "schema 7 is not supported"},
		{"\"functions\": 1,", "\"functions\": \"x\",", "packages[0]: \"functions\" has the wrong type"},
		{"\"attributed\": 90", "\"attributed\": 91", "totals do not match"},
		{"\"code\": 80", "\"code\": 81", "sizes sum to 91"},
		{"\"code\": 80", "\"cod\": 80", "bad size category \"cod\""},
		{"\"sections\": [", "\"sectionz\": [", "\"sections\" is missing"},
		{"\"size\": 100,", "\"size\": -100,", "\"size\" is negative"},
		/* sizes that wrap around 2^64, modules that disagree with their packages, bad counts */
		{"\"code\": 80, \"pclntab\": 10", "\"code\": 9223372036854775807, \"pclntab\": 9223372036854775807, \"data\": 92",
		 "sizes overflow"},
		{"\"size\": 90, \"packages\": 1", "\"size\": 9223372036854775807, \"packages\": 1", "modules[0] (m): size"},
		{"\"size\": 90, \"packages\": 1", "\"size\": 90, \"packages\": 2", "but its packages hold 90 in 1"},
		{"\"functions\": 1}}", "\"functions\": 0}}", "more functions than"},
		{"\"symbols_total\": 1", "\"symbols_total\": 0", "symbols_total is 0"},
		{"\"file_offset\": 0, \"file_size\": 100", "\"file_offset\": 50, \"file_size\": 100", "outside the file"},
		{"\"size\": 90, \"bss\"", "\"size\": 190, \"bss\"", "sizes sum to 90"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char buf[4096];
		const char *at = strstr(SNAP, bad[i].from);
		snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - SNAP), SNAP, bad[i].to, at + strlen(bad[i].from));
		rc = gs_snapshot_from_text(&s, buf, strlen(buf));
		CHECK(rc < 0 && strstr(gs_errmsg(), bad[i].msg), "bad snapshot %zu: rc %d, message \"%s\"", i, rc, gs_errmsg());
		if (rc == 0)
			gs_snapshot_dispose(&s);
	}
	rc = gs_snapshot_from_text(&s, SNAP, strlen(SNAP) / 2);
	CHECK(rc < 0 && strstr(gs_errmsg(), "not valid JSON"), "truncated JSON: %s", gs_errmsg());
}

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
	CHECK_STR(escaped(gs_esc_md, "\x1b]0;t\x07\xff\xc2\x9b\xe2\x80\xae"), "\\\\x1b\\]0;t\\\\x07\\\\xff\\\\u009b\\\\u202e");
	CHECK_STR(escaped(gs_esc_md, "golang.org/x/net v0.1.0 é"), "golang.org/x/net v0.1.0 é");
	/* terminal: one line, no control sequences */
	CHECK_STR(escaped(gs_esc_term, "a\x1b[2Jb\x07\r\n\t\x7f"), "a\\x1b[2Jb\\x07\\r\\n\\t\\x7f");
	CHECK_STR(escaped(gs_esc_term, "\xc2\x9b" "31m\xe2\x81\xa6\xff<é>"), "\\u009b31m\\u2066\\xff<é>");
	/* HTML */
	CHECK_STR(escaped(gs_esc_html, "<a href=\"x\">'&'</a>\n"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\\n");
}

/* config.c: strict sizes and levels; every error names its key */
static void test_config(void)
{
	static const struct {
		const char *s;
		int pct_ok;
		uint64_t bytes;
	} good[] = {{"16KiB", 0, 16384}, {"10kb", 0, 10000}, {"1.5 MB", 0, 1500000}, {"123", 0, 123}, {"2gib", 0, 2147483648ull},
	            {" 7B", 0, 7}};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		gs_limit l;
		int rc = gs_limit_parse(&l, good[i].s, good[i].pct_ok, "k");
		CHECK(rc == 0 && l.set && !l.is_pct && l.bytes == good[i].bytes, "\"%s\": rc %d, %llu (%s)", good[i].s, rc,
		      (unsigned long long)l.bytes, gs_errmsg());
	}
	gs_limit l;
	CHECK(gs_limit_parse(&l, "1.5%", 1, "k") == 0 && l.is_pct && l.pct == 1.5, "1.5%%");
	static const char *bad[] = {"1e400%", "0x10KB", "inf", "nan", "-5KB", "+5KB", "1e3", "5 parsecs", "", "KB", "1.",
	                            ".5KB", "99999999999999999999", "20GGB", "1e6%", "5%%", "1000000000000GB", "5%"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		int rc = gs_limit_parse(&l, bad[i], i != sizeof bad / sizeof *bad - 1, "budgets[3].max_increase");
		CHECK(rc < 0 && strstr(gs_errmsg(), "budgets[3].max_increase: "), "\"%s\" rejected: rc %d, \"%s\"", bad[i], rc,
		      gs_errmsg());
	}
	static const struct {
		const char *json, *msg;
	} cfgs[] = {
		{"{\"budgets\": [{\"scope\": \"total\", \"max_size\": \"5MB\", \"level\": false}]}", "budgets[0].level: expected"},
		{"{\"budgets\": [{\"scope\": \"total\", \"max_size\": \"5MB\", \"level\": true}]}", "budgets[0].level: expected"},
		{"{\"budgets\": [{\"scope\": \"module:*\", \"new\": false}]}", "budgets[0].new: expected"},
		{"{\"budgets\": [{\"scope\": \"total\", \"max_increase\": \"1e400%\"}]}", "budgets[0].max_increase: "},
		{"{\"budgets\": [{\"scope\": \"total\", \"max_size\": -1}]}", "budgets[0].max_size: a size cannot be negative"},
		{"{\"min_change\": \"0x10KB\"}", "min_change: "},
		{"{\"override_footer\": \"a`b\"}", "override_footer: "},
	};
	for (size_t i = 0; i < sizeof cfgs / sizeof *cfgs; i++) {
		gs_config c;
		int rc = gs_config_parse(&c, cfgs[i].json, strlen(cfgs[i].json));
		CHECK(rc < 0 && strstr(gs_errmsg(), cfgs[i].msg), "config %zu: rc %d, \"%s\"", i, rc, gs_errmsg());
		if (rc == 0)
			gs_config_dispose(&c);
	}
	gs_config c;
	const char *ok = "{\"budgets\": [{\"scope\": \"total\", \"max_increase\": \"10kb\", \"level\": \"warn\"}]}";
	CHECK(gs_config_parse(&c, ok, strlen(ok)) == 0 && c.nbudgets == 1 && c.budgets[0].level == GS_LVL_WARN &&
	          c.budgets[0].max_increase.bytes == 10000,
	      "warn budget of 10kb: %s", gs_errmsg());
	gs_config_dispose(&c);
}

/* GC programs (the runtime's gcdata/gcbss): literal bits, short and long
 * repeats, the terminator; the length only counts when the bits add up. */
static void test_gcprog(void)
{
	/* 3 literal bits 101; repeat the last 3 bits 4 times (short form); 1 literal
	 * bit; repeat the last 1 bit 130 times (long form: n as a varint); end:
	 * 3 + 12 + 1 + 130 = 146 bits */
	static const uint8_t prog[] = {0x03, 0x05, 0x83, 0x04, 0x01, 0x01, 0x80, 0x01, 0x82, 0x01, 0x00, 0xAA};
	gs_section sec = {0};
	sec.off = 0, sec.size = sizeof prog, sec.addr = 0x1000, sec.vmsize = sizeof prog, sec.alloc = 1;
	gs_binary b = {0};
	b.data = prog, b.size = b.vsize = sizeof prog, b.ptrsize = 8, b.secs = &sec, b.nsecs = 1;
	CHECK_U64(gs_gcprog_len(&b, 0x1000, 146), 11);
	CHECK_U64(gs_gcprog_len(&b, 0x1000, 145), 0); /* the bits must describe exactly the words */
	CHECK_U64(gs_gcprog_len(&b, 0x1001, 146), 0); /* mid-program: no valid parse */
	CHECK_U64(gs_gcprog_len(&b, 0x2000, 146), 0); /* outside every section */
	static const uint8_t runaway[] = {0x08, 0xFF}; /* no terminator before the end */
	sec.size = sec.vmsize = sizeof runaway;
	b.data = runaway, b.size = b.vsize = sizeof runaway;
	CHECK_U64(gs_gcprog_len(&b, 0x1000, 8), 0);
}

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
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		gs_sb b = {0};
		gs_html_json_str(&b, cases[i].in);
		char *got = gs_sb_take(&b);
		CHECK_STR(got, cases[i].want);
		free(got);
	}
}

int main(void)
{
	test_rd();
	test_symname();
	test_modinfo();
	test_fmt();
	test_sha256();
	test_strmap();
	test_snapshot_json();
	test_gcprog();
	test_esc();
	test_config();
	test_html_json();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
