/* snapshot_json.c and snapshot_read.c: schemas 1-3 read, schema 3 written, broken input named */
#include "unit.h"

#include "goformat/buildinfo.h"
#include "util/json.h"
#include "util/mem.h"
#include "model/snapshot_json.h"

const char *const unit_snap1 =
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
	int rc = gs_snapshot_from_text(&s, unit_snap1, strlen(unit_snap1));
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
		{"\"functions\": 1,", "\"functions\": 3,", "more functions than the pclntab's 1 and the symbol table's 1"},
		{"\"symbols_total\": 1", "\"symbols_total\": 0", "symbols_total is 0"},
		{"\"file_offset\": 0, \"file_size\": 100", "\"file_offset\": 50, \"file_size\": 100", "outside the file"},
		{"\"size\": 90, \"bss\"", "\"size\": 190, \"bss\"", "sizes sum to 90"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char buf[4096];
		const char *at = strstr(unit_snap1, bad[i].from);
		snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - unit_snap1), unit_snap1, bad[i].to, at + strlen(bad[i].from));
		rc = gs_snapshot_from_text(&s, buf, strlen(buf));
		CHECK(rc < 0 && strstr(gs_errmsg(), bad[i].msg), "bad snapshot %zu: rc %d, message \"%s\"", i, rc, gs_errmsg());
		if (rc == 0)
			gs_snapshot_dispose(&s);
	}
	rc = gs_snapshot_from_text(&s, unit_snap1, strlen(unit_snap1) / 2);
	CHECK(rc < 0 && strstr(gs_errmsg(), "not valid JSON"), "truncated JSON: %s", gs_errmsg());
}

/* Schema 3 (the compact one): relative names ("." + rest of the package's
 * name), escaped ones ("!"), addresses as distances within a package, pcln
 * and kind left out when 0 and "code". Written and read without a tree. */
const char *const unit_snap3 =
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
const char *const unit_snap2 =
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
	int rc = gs_snapshot_from_text(&s, unit_snap3, strlen(unit_snap3));
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
	CHECK_STR(again, unit_snap3); /* written back byte for byte */
	free(again);
	/* its symbols' strings are in one arena: keeping and capping symbols frees none of them */
	CHECK(s.sym_strs.head != NULL, "schema 3 symbols' strings in the arena");
	CHECK(gs_snapshot_keep_symbols(&s, 10, 0) == 0 && s.nsyms == 3, "keep >= 10 B: %zu symbols", s.nsyms);
	gs_snapshot_cap_symbols(&s, 2);
	CHECK(s.nsyms == 2 && strcmp(s.syms[0].name, "main.main") == 0 && strcmp(s.syms[1].name, "main.f") == 0,
	      "capped to the two largest");
	gs_snapshot_dispose(&s);

	/* schema 2 loads (tree loader) and is written as the same schema 3 text */
	rc = gs_snapshot_from_text(&s, unit_snap2, strlen(unit_snap2));
	CHECK(rc == 0, "schema 2 loads: %s", gs_errmsg());
	if (rc == 0) {
		again = gs_snapshot_to_text(&s);
		CHECK_STR(again, unit_snap3);
		free(again);
		gs_snapshot_dispose(&s);
	}
	/* a schema 3 object inside a larger document (a note) */
	json_t *j = gs_json_parse(unit_snap3, strlen(unit_snap3));
	rc = j ? gs_snapshot_from_json(&s, j) : -1;
	CHECK(rc == 0, "schema 3 from a tree: %s", gs_errmsg());
	if (rc == 0) {
		again = gs_snapshot_to_text(&s);
		CHECK_STR(again, unit_snap3);
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
		{"\"functions\":3,", "\"functions\":11,", "more functions than the pclntab's 3 and the symbol table's 7"},
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
		/* a symbol larger than its package (its bytes and its bss) or than the file */
		{"[\".f\",40,30]", "[\".f\",40,99]", "symbol \"main.f\" (package \"main\", 99 bytes): larger than its package"},
		{"[\".f\",40,30]", "[\".f\",40,18446744073709551615]", "larger than its package"},
		{"[\"!!bang\",4180,8,0,\"bss\"]", "[\"!!bang\",4180,201,0,\"bss\"]", "larger than the file and its sections"},
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
		const char *at = strstr(unit_snap3, bad[i].from);
		CHECK(at != NULL, "bad schema 3 case %zu: \"%s\" not in the text", i, bad[i].from);
		if (!at)
			continue;
		snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - unit_snap3), unit_snap3, bad[i].to, at + strlen(bad[i].from));
		rc = gs_snapshot_from_text(&s, buf, strlen(buf));
		CHECK(rc < 0 && strstr(gs_errmsg(), bad[i].msg), "bad schema 3 snapshot %zu: rc %d, message \"%s\"", i, rc,
		      gs_errmsg());
		if (rc == 0)
			gs_snapshot_dispose(&s);
	}
	/* every cut of the text fails cleanly, with a message */
	size_t n = strlen(unit_snap3), bad_cut = 0;
	for (size_t cut = 0; cut + 1 < n; cut++) {
		if (gs_snapshot_from_text(&s, unit_snap3, cut) == 0) {
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
	if (gs_snapshot_from_text(&s, unit_snap3, strlen(unit_snap3)) == 0) {
		for (size_t i = 0; i < s.nsyms; i++) /* a loaded snapshot's symbol strings are in its arena */
			s.syms[i].pkg = gs_arena_strndup(&s.sym_strs, i % 2 ? "a\xff" : "a\xfe", 2);
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

void unit_snapshot_json(void)
{
	test_snapshot_json();
	test_snapshot_schema3();
}
