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
#include "jw.h"
#include "mem.h"
#include "moduledata.h"
#include "report_csv.h"
#include "config.h"
#include "sb.h"
#include "rd.h"
#include "html_assets.h"
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
	CHECK(gs_report_snapshot_csv(&o, &s) == 0, "csv renders");
	char *t = gs_sb_take(&o);
	CHECK(t && strstr(t, "\r\npackage,\"'=cmd|' /c calc'!A0\",x,5,0,0,0\r\n"), "formula-looking name behind a quote: %s", nn(t));
	CHECK(t && strstr(t, "\r\npackage,\"a,\"\"b\"\"\",y,3,"), "comma and quotes: %s", nn(t));
	CHECK(t && strstr(t, "\r\npackage,bad\xef\xbf\xbd,,1,"), "invalid UTF-8 as U+FFFD: %s", nn(t));
	free(t);
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
	/* a hash on a thread of its own gives the digest the calling thread would */
	size_t big = (3u << 20) + 77;
	uint8_t *d = malloc(big);
	if (d) {
		for (size_t i = 0; i < big; i++)
			d[i] = (uint8_t)(i * 2654435761u >> 13);
		static const size_t lens[] = {0, 1, 1u << 20, (1u << 20) + 55, (3u << 20) + 77};
		int threads = gs_threads, same_job = 1, any_thread = 0;
		for (size_t k = 0; k < sizeof lens / sizeof *lens; k++) {
			char want[65], got[65];
			gs_sha256_hex(d, lens[k], want);
			for (gs_threads = 0; gs_threads <= 1; gs_threads++) {
				gs_sha256_job j;
				gs_sha256_start(&j, d, lens[k]);
				any_thread |= j.started;
				gs_sha256_join(&j, got);
				same_job &= strcmp(want, got) == 0;
			}
		}
		gs_threads = threads;
		CHECK(same_job, "SHA-256 jobs (threaded and not) equal gs_sha256_hex");
		CHECK(any_thread, "a large input is hashed on a thread of its own");
		free(d);
	}
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

/* Schema 3 (the compact one): relative names ("." + rest of the package's
 * name), escaped ones ("!"), addresses as distances within a package, pcln
 * and kind left out when 0 and "code". Written and read without a tree. */
static const char *SNAP3 =
	"{\"schema\":3,\"tool\":\"gosize test\",\n"
	"\"binary\":{\"path\":\"x\",\"size\":100,\"format\":\"elf\",\"arch\":\"amd64\",\"ptr_size\":8,\"endian\":\"little\",\"pie\":false,\"stripped\":false,\"dwarf\":false,\"sha256\":\"00\"},\n"
	"\"go\":{\"version\":\"go1.22.0\",\"path\":\"m\",\"main\":{\"path\":\"m\",\"version\":\"(devel)\",\"sum\":\"\",\"replace\":{\"path\":\"../r\",\"version\":\"\",\"sum\":\"\"}},\"savings\":{\"ldflags_w\":0,\"ldflags_s\":0,\"trimpath_estimate\":0},\n"
	"\"deps\":[\n"
	"{\"path\":\"e.org/d\",\"version\":\"v1.0.0\",\"sum\":\"h1:x\",\"replace\":null}],\n"
	"\"settings\":{\n"
	"\"GOARCH\":\"amd64\",\n"
	"\"-ldflags\":\"-X \\\"a=b\\\"\\t\\u0001\"},\n"
	"\"pclntab\":{\"magic\":\"0xfffffff1\",\"layout\":\"1.20+\",\"functions\":3}},\n"
	"\"sections\":[\n"
	"{\"name\":\".text\",\"kind\":\"text\",\"file_offset\":0,\"file_size\":100,\"vm_addr\":4096,\"vm_size\":100,\"compressed\":false,\"unattributed\":10}],\n"
	"\"packages\":[\n"
	"{\"name\":\"main\",\"module\":\"m\",\"size\":90,\"bss\":8,\"functions\":3,\"sizes\":{\"code\":70,\"pclntab\":10,\"data\":10}}],\n"
	"\"modules\":[\n"
	"{\"path\":\"m\",\"version\":\"(devel)\",\"size\":90,\"packages\":1}],\n"
	"\"unattributed\":[\n"
	"{\"section\":\".text\",\"size\":10}],\n"
	"\"symbols_total\":7,\n"
	"\"symbols\":{\n"
	"\"\":[\n"
	"[\"!!bang\",4180,8,0,\"bss\"]],\n"
	"\"main\":[\n"
	"[\".main\",4096,40,10],\n"
	"[\".f\",40,30],\n"
	"[\"type..eq.main.T\",30,0],\n"
	"[\"!.odd\",4,10,0,\"data\"],\n"
	"[\".\xc3\xa9\",10,0,0,\"rodata\"]]},\n"
	"\"imports\":{\"root\":\"m\",\"packages\":{\n"
	"\"fmt\":[],\n"
	"\"m\":[\"fmt\",\"e.org/d\"]}},\n"
	"\"totals\":{\"file\":100,\"attributed\":90,\"unattributed\":10}}\n";

/* The same snapshot as schema 2 wrote it (objects per symbol, absolute names). */
static const char *SNAP2 =
	"{\"schema\": 2, \"tool\": \"gosize test\", \"binary\": {\"path\": \"x\", \"size\": 100, \"format\": \"elf\","
	" \"arch\": \"amd64\", \"ptr_size\": 8, \"endian\": \"little\", \"pie\": false, \"stripped\": false, \"dwarf\": false,"
	" \"sha256\": \"00\"}, \"go\": {\"version\": \"go1.22.0\", \"path\": \"m\", \"main\": {\"path\": \"m\", \"version\":"
	" \"(devel)\", \"sum\": \"\", \"replace\": {\"path\": \"../r\", \"version\": \"\", \"sum\": \"\"}}, \"deps\": [{\"path\":"
	" \"e.org/d\", \"version\": \"v1.0.0\", \"sum\": \"h1:x\", \"replace\": null}], \"settings\": {\"GOARCH\": \"amd64\","
	" \"-ldflags\": \"-X \\\"a=b\\\"\\t\\u0001\"}, \"pclntab\": {\"magic\": \"0xfffffff1\", \"layout\": \"1.20+\","
	" \"functions\": 3}}, \"sections\": [{\"name\": \".text\", \"kind\": \"text\", \"file_offset\": 0, \"file_size\": 100,"
	" \"vm_addr\": 4096, \"vm_size\": 100, \"compressed\": false, \"unattributed\": 10}], \"packages\": [{\"name\": \"main\","
	" \"module\": \"m\", \"size\": 90, \"bss\": 8, \"functions\": 3, \"sizes\": {\"code\": 70, \"pclntab\": 10, \"data\": 10}}],"
	" \"modules\": [{\"path\": \"m\", \"version\": \"(devel)\", \"size\": 90, \"packages\": 1}], \"symbols\": ["
	"{\"name\": \"main.main\", \"package\": \"main\", \"kind\": \"code\", \"addr\": 4096, \"size\": 40, \"pcln\": 10},"
	" {\"name\": \"main.f\", \"package\": \"main\", \"kind\": \"code\", \"addr\": 4136, \"size\": 30},"
	" {\"name\": \"type..eq.main.T\", \"package\": \"main\", \"kind\": \"code\", \"addr\": 4166, \"size\": 0},"
	" {\"name\": \".odd\", \"package\": \"main\", \"kind\": \"data\", \"addr\": 4170, \"size\": 10},"
	" {\"name\": \"!bang\", \"package\": \"\", \"kind\": \"bss\", \"addr\": 4180, \"size\": 8},"
	" {\"name\": \"main.\\u00e9\", \"package\": \"main\", \"kind\": \"rodata\", \"addr\": 4180, \"size\": 0}],"
	" \"symbols_total\": 7, \"unattributed\": [{\"section\": \".text\", \"size\": 10}],"
	" \"imports\": {\"root\": \"m\", \"packages\": {\"m\": [\"fmt\", \"e.org/d\"], \"fmt\": []}},"
	" \"totals\": {\"file\": 100, \"attributed\": 90, \"unattributed\": 10}}";

static const gs_snap_sym *find_sym(const gs_snapshot *s, const char *name)
{
	for (size_t i = 0; i < s->nsyms; i++)
		if (strcmp(s->syms[i].name, name) == 0)
			return &s->syms[i];
	return NULL;
}

static void test_snapshot_schema3(void)
{
	gs_snapshot s;
	int rc = gs_snapshot_from_text(&s, SNAP3, strlen(SNAP3));
	CHECK(rc == 0, "schema 3 loads: %s", gs_errmsg());
	if (rc != 0)
		return;
	CHECK_U64(s.nsyms, 6);
	CHECK_U64(s.nsyms_total, 7);
	CHECK_STR(s.syms[0].name, "main.main"); /* canonical order: size desc, then name */
	const gs_snap_sym *f = find_sym(&s, "main.f"), *odd = find_sym(&s, ".odd"), *bang = find_sym(&s, "!bang"),
	                  *eq = find_sym(&s, "type..eq.main.T"), *e = find_sym(&s, "main.\xc3\xa9");
	CHECK(f && f->addr == 4136 && f->size == 30 && f->pcln == 0 && f->cat == GS_CAT_CODE, "main.f");
	CHECK(odd && odd->addr == 4170 && odd->cat == GS_CAT_DATA && !odd->bss && strcmp(odd->pkg, "main") == 0, ".odd");
	CHECK(bang && bang->addr == 4180 && bang->bss && strcmp(bang->pkg, "") == 0, "!bang");
	CHECK(eq && eq->addr == 4166 && strcmp(eq->pkg, "main") == 0, "type..eq.main.T");
	CHECK(e && e->addr == 4180 && e->cat == GS_CAT_RODATA, "main.e-acute");
	CHECK_STR(gs_buildinfo_setting(&s.bi, "-ldflags"), "-X \"a=b\"\t\x01");
	CHECK_STR(s.bi.main.rep_path, "../r");
	CHECK_STR(s.imports_root, "m");
	CHECK(s.nimps == 2 && strcmp(s.imps[1].pkg, "m") == 0 && s.imps[1].ndeps == 2, "import graph");
	char *again = gs_snapshot_to_text(&s);
	CHECK_STR(again, SNAP3); /* written back byte for byte */
	free(again);
	gs_snapshot_dispose(&s);

	/* schema 2 loads (tree loader) and is written as the same schema 3 text */
	rc = gs_snapshot_from_text(&s, SNAP2, strlen(SNAP2));
	CHECK(rc == 0, "schema 2 loads: %s", gs_errmsg());
	if (rc == 0) {
		again = gs_snapshot_to_text(&s);
		CHECK_STR(again, SNAP3);
		free(again);
		gs_snapshot_dispose(&s);
	}
	/* a schema 3 object inside a larger document (a note) */
	json_t *j = gs_json_parse(SNAP3, strlen(SNAP3));
	rc = j ? gs_snapshot_from_json(&s, j) : -1;
	CHECK(rc == 0, "schema 3 from a tree: %s", gs_errmsg());
	if (rc == 0) {
		again = gs_snapshot_to_text(&s);
		CHECK_STR(again, SNAP3);
		free(again);
		gs_snapshot_dispose(&s);
	}
	json_t *tree = gs_snapshot_to_json(&(gs_snapshot){0});
	CHECK(tree && json_integer_value(json_object_get(tree, "schema")) == 3, "to_json: schema 3 object");
	json_decref(tree);
	json_decref(j);

	static const struct {
		const char *from, *to, *msg;
	} bad[] = {
		{"\"schema\":3", "\"schema\":9", "schema 9 is not supported"},
		{"\"schema\":3,", "\"schema\":3,\"schema\":3,", "not valid JSON: line 1: duplicate object key"},
		{"\"functions\":3,", "\"functions\":\"x\",", "packages[0]: \"functions\" has the wrong type"},
		{"\"functions\":3,", "\"functions\":3.5,", "packages[0]: \"functions\" has the wrong type"},
		{"\"attributed\":90", "\"attributed\":91", "totals do not match"},
		{"\"code\":70", "\"code\":71", "sizes sum to 91"},
		{"\"code\":70", "\"cod\":70", "bad size category \"cod\""},
		{"\"code\":70", "\"code\":-70", "bad size category \"code\""},
		{"\"code\":70,", "\"code\":70,\"code\":70,", "duplicate object key"},
		{"\"sections\":[", "\"sectionz\":[", "\"sections\" is missing"},
		{"\"size\":100,", "\"size\":-100,", "\"size\" is negative"},
		{"\"size\":100,", "\"size\":018446744073709551616,", "leading zero"},
		{"\"size\":100,", "\"size\":18446744073709551616,", "too big integer"},
		{"\"code\":70,\"pclntab\":10", "\"code\":18446744073709551615,\"pclntab\":10", "sizes overflow"},
		{"\"size\":90,\"packages\":1", "\"size\":90,\"packages\":2", "but its packages hold 90 in 1"},
		{"\"functions\":3}}", "\"functions\":2}}", "more functions than"},
		{"\"symbols_total\":7", "\"symbols_total\":5", "symbols_total is 5"},
		{"\"file_offset\":0,\"file_size\":100", "\"file_offset\":50,\"file_size\":100", "outside the file"},
		{"\"GOARCH\":\"amd64\",", "\"GOARCH\":\"amd64\",\"GOARCH\":\"x\",", "duplicate object key"},
		{"\"GOARCH\":\"amd64\"", "\"GOARCH\":7", "go.settings: \"GOARCH\" has the wrong type"},
		{"\"main\":[\n", "\"main\":[],\"main\":[\n", "duplicate object key"},
		{"[\".f\",40,30]", "[\".f\",40]", "symbols[2]: expected [name, addr, size"},
		{"[\".f\",40,30]", "[\".f\",40,30,0,\"code\",1]", "more than 5 fields"},
		{"[\".f\",40,30]", "[\".f\",40,30,0,\"cod\"]", "symbols[2]: unknown kind"},
		{"[\".f\",40,30]", "[7,40,30]", "symbols[2]: \"name\" has the wrong type"},
		{"[\".f\",40,30]", "[\".f\",18446744073709551615,30]", "addresses overflow"},
		{"[\".f\",40,30]", "\".f\"", "symbols[2] is not a list"},
		{"\"m\":[\"fmt\",", "\"m\":[7,", "imports: \"m\" lists a non-string"},
		{"\"fmt\":[],", "\"fmt\":[],\"fmt\":[],", "duplicate object key"},
		{"\"path\":\"x\"", "\"path\":\"\\ud800\"", "lone high surrogate"},
		{"\"path\":\"x\"", "\"path\":\"\\udc00\"", "lone low surrogate"},
		{"\"path\":\"x\"", "\"path\":\"\\u0000\"", "\\u0000 is not allowed"},
		{"\"path\":\"x\"", "\"path\":\"\xff\"", "invalid UTF-8"},
		{"\"path\":\"x\"", "\"path\":\"\xed\xa0\x80\"", "invalid UTF-8"}, /* a surrogate in UTF-8 */
		{"\"path\":\"x\"", "\"path\":\"\t\"", "control character"},
		{"\"path\":\"x\"", "\"path\":\"\\q\"", "invalid escape"},
		{"\"pie\":false", "\"pie\":0", "\"pie\" has the wrong type"},
		{"\"pie\":false", "\"pie\":fals", "invalid token"},
		{"\"unattributed\":10}}\n", "\"unattributed\":10}} x", "end of file expected"},
		{"\"tool\":\"gosize test\"", "\"tool\":\"gosize test\",\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
		 "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
		 "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
		 "too deeply nested"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char buf[8192];
		const char *at = strstr(SNAP3, bad[i].from);
		CHECK(at != NULL, "bad schema 3 case %zu: \"%s\" not in the text", i, bad[i].from);
		if (!at)
			continue;
		snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - SNAP3), SNAP3, bad[i].to, at + strlen(bad[i].from));
		rc = gs_snapshot_from_text(&s, buf, strlen(buf));
		CHECK(rc < 0 && strstr(gs_errmsg(), bad[i].msg), "bad schema 3 snapshot %zu: rc %d, message \"%s\"", i, rc,
		      gs_errmsg());
		if (rc == 0)
			gs_snapshot_dispose(&s);
	}
	/* every cut of the text fails cleanly, with a message */
	size_t n = strlen(SNAP3), bad_cut = 0;
	for (size_t cut = 0; cut + 1 < n; cut++) {
		if (gs_snapshot_from_text(&s, SNAP3, cut) == 0) {
			gs_snapshot_dispose(&s);
			bad_cut++;
		} else if (!strstr(gs_errmsg(), "not valid JSON")) {
			if (!bad_cut)
				printf("cut at %zu: %s\n", cut, gs_errmsg());
			bad_cut++;
		}
	}
	CHECK(bad_cut == 0, "%zu cuts of a schema 3 snapshot loaded or failed without saying the JSON is cut", bad_cut);

	/* names with invalid bytes (a hostile binary): packages and setting keys
	 * that only differ there are one key once written, and the text loads */
	if (gs_snapshot_from_text(&s, SNAP3, strlen(SNAP3)) == 0) {
		for (size_t i = 0; i < s.nsyms; i++) {
			free(s.syms[i].pkg);
			s.syms[i].pkg = gs_strdup(i % 2 ? "a\xff" : "a\xfe");
		}
		free(s.bi.settings[0].key);
		free(s.bi.settings[1].key);
		s.bi.settings[0].key = gs_strdup("k\xfe");
		s.bi.settings[1].key = gs_strdup("k\xff");
		char *text = gs_snapshot_to_text(&s);
		gs_snapshot t;
		rc = text ? gs_snapshot_from_text(&t, text, strlen(text)) : -1;
		CHECK(rc == 0, "a snapshot with invalid bytes in names is written so that it loads: %s", gs_errmsg());
		if (rc == 0) {
			CHECK(t.nsyms == s.nsyms && strcmp(t.syms[0].pkg, "a\xef\xbf\xbd") == 0, "one package key, U+FFFD");
			CHECK(t.bi.nsettings == 1 && strcmp(t.bi.settings[0].value, s.bi.settings[1].value) == 0,
			      "one setting, the last");
			gs_snapshot_dispose(&t);
		}
		free(text);
		gs_snapshot_dispose(&s);
	}
}

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
	/* the compiled-in script, styles and library sit inside <script>/<style>
	 * elements and a JS comment: none may end them early */
	const char *inlined[] = {gs_asset_app_js, gs_asset_style_css, gs_asset_d3_hierarchy_min_js, gs_asset_d3_hierarchy_LICENSE};
	for (size_t i = 0; i < sizeof inlined / sizeof inlined[0]; i++)
		CHECK(!strstr(inlined[i], "</") && !strstr(inlined[i], "<!--") &&
		          (i != 3 || !strstr(inlined[i], "*/")),
		      "asset %zu could end its element or comment", i);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		gs_sb b = {0};
		gs_html_json_str(&b, cases[i].in);
		char *got = gs_sb_take(&b);
		CHECK_STR(got, cases[i].want);
		free(got);
	}
}

static void test_module_infer(void)
{
	static const char *cases[][2] = {
		{"github.com/evanw/esbuild/internal/js_parser", "github.com/evanw/esbuild"},
		{"github.com/spf13/cobra", "github.com/spf13/cobra"},
		{"github.com/go-chi/chi/v5/middleware", "github.com/go-chi/chi/v5"},
		{"golang.org/x/sys/unix", "golang.org/x/sys"},
		{"gopkg.in/yaml.v3", "gopkg.in/yaml.v3"},
		{"go.uber.org/zap/zapcore", "go.uber.org/zap"},
		{"k8s.io/api/v2", "k8s.io/api/v2"},
		{"github.com/a", "github.com/a"},
	};
	char buf[256];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		CHECK(gs_module_infer(cases[i][0], buf, sizeof buf) == 0, "%s", cases[i][0]);
		CHECK_STR(buf, cases[i][1]);
	}
	CHECK(gs_module_infer("net/http", buf, sizeof buf) < 0, "std has no module to infer");
	CHECK(gs_module_infer("github.com/evanw/esbuild/x", buf, 8) < 0, "no room");
}

int main(void)
{
	test_rd();
	test_symname();
	test_modinfo();
	test_module_infer();
	test_fmt();
	test_csv();
	test_sha256();
	test_strmap();
	test_snapshot_json();
	test_snapshot_schema3();
	test_jw();
	test_gcprog();
	test_esc();
	test_config();
	test_html_json();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
