/* provenance.c: keys kept sorted and distinct, an empty value removes a key,
 * equality, "only the toolchain differs", the text of what differs (never a
 * named variable's value), a copy; and a snapshot's provenance written and
 * read back by the schema 3 reader, a hostile one refused. */
#include "unit.h"

#include "model/provenance.h"
#include "model/snapshot_json.h"

static void test_prov_basics(void)
{
	gs_prov a = {0}, b = {0};
	CHECK(gs_prov_set(&a, "GOVERSION", "go1.22.1") == 0 && gs_prov_set(&a, "build", "go build") == 0 &&
	          gs_prov_set(&a, "GOARCH", "amd64") == 0 && gs_prov_set(&a, "$TOKEN", "sha256:00") == 0,
	      "set");
	CHECK_U64(a.n, 4);
	CHECK(a.n == 4 && strcmp(a.kv[0].key, "$TOKEN") == 0 && strcmp(a.kv[1].key, "GOARCH") == 0 &&
	          strcmp(a.kv[3].key, "build") == 0,
	      "sorted by key");
	CHECK(gs_prov_set(&a, "GOARCH", "arm64") == 0 && a.n == 4 && strcmp(gs_prov_get(&a, "GOARCH"), "arm64") == 0,
	      "set replaces");
	CHECK(gs_prov_set(&a, "GOARCH", "") == 0 && a.n == 3 && gs_prov_get(&a, "GOARCH") == NULL, "empty removes");
	CHECK(gs_prov_copy(&b, &a) == 0 && gs_prov_equal(&a, &b), "a copy is equal");
	CHECK(!gs_prov_only_toolchain(&a, &b), "equal: not only the toolchain");
	gs_prov_set(&b, "GOVERSION", "go1.23.0");
	CHECK(!gs_prov_equal(&a, &b) && gs_prov_only_toolchain(&a, &b), "only GOVERSION differs");
	gs_sb t = {0};
	gs_prov_diff_text(&t, &a, &b);
	CHECK_STR(t.s, "go1.22.1 → go1.23.0");
	gs_sb_dispose(&t);
	gs_prov_set(&b, "$TOKEN", "sha256:11");
	gs_prov_set(&b, "build", "go build -ldflags=-s");
	gs_prov_set(&b, "GOFLAGS", "-tags=x");
	CHECK(!gs_prov_only_toolchain(&a, &b), "more than the toolchain differs");
	gs_prov_diff_text(&t, &a, &b);
	CHECK_STR(t.s, "the value of $TOKEN, GOFLAGS unset → -tags=x, go1.22.1 → go1.23.0, the build command");
	gs_sb_dispose(&t);
	gs_prov_dispose(&a);
	gs_prov_dispose(&b);
}

static void test_prov_in_snapshot(void)
{
	/* unit_snap3 with a provenance: written back with it, read again equal */
	gs_snapshot s;
	if (gs_snapshot_from_text(&s, unit_snap3, strlen(unit_snap3)) < 0) {
		CHECK(0, "load: %s", gs_errmsg());
		return;
	}
	CHECK(s.prov.n == 0, "no provenance in the fixture");
	gs_prov_set(&s.prov, "build", "go build -o \"$GOSIZE_OUT\" .");
	gs_prov_set(&s.prov, "GOVERSION", "go1.19.8 <!--\n");
	char *text = gs_snapshot_to_text(&s);
	gs_snapshot t;
	CHECK(text && gs_snapshot_from_text(&t, text, strlen(text)) == 0, "read back: %s", gs_errmsg());
	if (text && t.prov.n) {
		CHECK(gs_prov_equal(&s.prov, &t.prov), "the provenance survives the round trip");
		gs_snapshot_dispose(&t);
	}
	/* a hostile provenance: a non-string value, a duplicate key */
	static const char *bad[] = {"\"provenance\":{\"build\":1},", "\"provenance\":{\"a\":\"x\",\"a\":\"y\"},"};
	for (size_t i = 0; text && i < 2; i++) {
		const char *at = strstr(text, "\"totals\"");
		gs_sb h = {0};
		gs_sb_putn(&h, text, (size_t)(at - text));
		gs_sb_puts(&h, bad[i]);
		gs_sb_puts(&h, at);
		char *cut = strstr(h.s, ",\n\"provenance\":{\"GOVERSION\""); /* the good one out */
		if (cut) {
			char *end = strstr(cut + 2, "},\n") ;
			if (end)
				memmove(cut, end + 1, strlen(end + 1) + 1);
		}
		unit_err_mark();
		CHECK(gs_snapshot_from_text(&t, h.s, strlen(h.s)) < 0 && unit_err_fresh() && strstr(gs_errmsg(), i ? "duplicate" : "provenance"), "hostile provenance %zu refused: %s", i,
		      gs_errmsg());
		gs_sb_dispose(&h);
	}
	free(text);
	gs_snapshot_dispose(&s);
}

void unit_provenance(void)
{
	test_prov_basics();
	test_prov_in_snapshot();
}
