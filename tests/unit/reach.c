/* reach.c: the linker's dependency dump parsed (flags of every Go version, names
 * holding " -> ", the dead-code elimination rules of Go 1.19, 1.21 and 1.22 on,
 * dynamic linking), its JSON form read back and rejected when broken, chains
 * abbreviated, and the causes of a hand-made delta (causes.c). */
#include "unit.h"

#include "model/causes.h"
#include "model/reach.h"

/* A Go 1.19 dump: main reaches text/template, which reaches MethodByName; a
 * string symbol whose name holds " -> "; a type re-marked with <UsedInIface>. */
static const char *DUMP119 = "# example.com/svc\n"
                             "_ -> _rt0_amd64_linux\n"
                             "_rt0_amd64_linux -> runtime.main\n"
                             "runtime.main -> main.main\n"
                             "runtime.main -> go.string.\" -> node=\"\n"
                             "main.main -> main.run\n"
                             "main.run -> text/template.(*Template).Execute\n"
                             "text/template.(*Template).Execute -> text/template.(*state).evalField\n"
                             "text/template.(*state).evalField -> reflect.Value.MethodByName\n"
                             "main.run -> type.*main.T <UsedInIface>\n"
                             "type.*main.T <UsedInIface> -> main.(*T).Name\n"
                             "type.*main.T <UsedInIface> -> main.(*T).name\n"
                             "main.main -> type.*main.T <UsedInIface>\n"
                             "main.(*T).Name -> fmt.Sprint\n"
                             "main.(*T).Name -> go.string.\"a -> b\"\n"
                             " -> go.info.int\n"
                             "main.run -> bad\xff\xfename\n";

static void parse_old_rule(void)
{
	gs_reach *r;
	CHECK(gs_reach_parse(&r, DUMP119, strlen(DUMP119), "go1.19.8", 0) == 0, "parse: %s", gs_errmsg());
	if (!r)
		return;
	CHECK_U64(r->nsyms, 15);
	CHECK(r->dce == GS_DCE_OFF, "1.19: MethodByName reachable turns dce off");
	CHECK(r->ndce_chain == 5, "chain from main.main: %zu entries", r->ndce_chain);
	if (r->ndce_chain == 5) {
		CHECK_STR(r->dce_chain[0], "main.main");
		CHECK_STR(r->dce_chain[4], "reflect.Value.MethodByName");
	}
	uint32_t s = gs_reach_find(r, "go.string.\" -> node=\"");
	CHECK(s != GS_REACH_NONE && r->parent[s] == gs_reach_find(r, "runtime.main"), "a name holding \" -> \" splits at its known parent");
	uint32_t ab = gs_reach_find(r, "go.string.\"a -> b\"");
	CHECK(ab != GS_REACH_NONE && r->parent[ab] == gs_reach_find(r, "main.(*T).Name"), "\"a -> b\" reached by main.(*T).Name");
	CHECK(gs_reach_find(r, "bad\xef\xbf\xbd\xef\xbf\xbdname") != GS_REACH_NONE, "bad UTF-8 in a name becomes U+FFFD");
	uint32_t gi = gs_reach_find(r, "go.info.int");
	CHECK(gi != GS_REACH_NONE && r->parent[gi] == GS_REACH_NONE && gs_reach_find(r, "") == GS_REACH_NONE,
	      "a parent without a name (DWARF's) is no node");
	uint32_t t = gs_reach_find(r, "type.*main.T");
	CHECK(t != GS_REACH_NONE && r->parent[t] == gs_reach_find(r, "main.run"), "a re-marked symbol keeps its first parent");
	CHECK(gs_reach_kept_by_reflection(r, gs_reach_find(r, "main.(*T).Name")), "an exported method of a type, dce off");
	CHECK(!gs_reach_kept_by_reflection(r, gs_reach_find(r, "main.(*T).name")), "an unexported one is not");
	/* the JSON form loads back the same */
	gs_sb b = {0};
	gs_reach_write(&b, r);
	gs_reach *back = NULL;
	char *note = NULL;
	CHECK(!b.oom && gs_reach_read(&back, &note, b.s, b.len) == 0, "read back: %s", gs_errmsg());
	if (back) {
		CHECK_U64(back->n, r->n);
		int same = back->n == r->n && back->dce == r->dce && back->ndce_chain == r->ndce_chain;
		for (size_t i = 0; same && i < r->n; i++)
			same = strcmp(back->names[i], r->names[i]) == 0 && back->parent[i] == r->parent[i];
		CHECK(same, "names, parents and dce survive the JSON");
		gs_reach_free(back);
	}
	gs_sb_dispose(&b);
	/* pruned to what reaches others and what is kept: ancestors stay */
	CHECK(gs_reach_prune(r, NULL, NULL) == 0, "prune");
	CHECK(gs_reach_find(r, "main.run") != GS_REACH_NONE && gs_reach_find(r, "fmt.Sprint") == GS_REACH_NONE,
	      "prune keeps parents, drops leaves");
	gs_reach_free(r);
}

static void parse_marks_and_dynlink(void)
{
	/* Go 1.22: only the <ReflectMethod> mark counts; a constant MethodByName keeps dce on */
	const char *d122 = "_ -> main.main\n"
	                   "main.main -> reflect.Value.MethodByName\n"
	                   "main.main -> main.dyn <ReflectMethod>\n";
	const char *d122on = "_ -> main.main\nmain.main -> reflect.Value.MethodByName\n";
	gs_reach *r;
	CHECK(gs_reach_parse(&r, d122, strlen(d122), "go1.22.1", 0) == 0 && r->dce == GS_DCE_OFF, "1.22: a mark turns dce off");
	if (r && r->ndce_chain)
		CHECK_STR(r->dce_chain[r->ndce_chain - 1], "main.dyn");
	gs_reach_free(r);
	CHECK(gs_reach_parse(&r, d122on, strlen(d122on), "go1.22.1", 0) == 0 && r->dce == GS_DCE_ON,
	      "1.22: a reachable MethodByName without a mark keeps dce on (golang/go#62257)");
	gs_reach_free(r);
	/* Go 1.21 prints flags together after one space */
	const char *d121 = "_ -> main.main\nmain.main -> type.*main.T <UsedInIface><ReflectMethod>\n";
	CHECK(gs_reach_parse(&r, d121, strlen(d121), "go1.21.0", 0) == 0 && r->dce == GS_DCE_OFF &&
	          gs_reach_find(r, "type.*main.T") != GS_REACH_NONE,
	      "1.21: both flags cut, the mark counts");
	gs_reach_free(r);
	CHECK(gs_reach_parse(&r, d122on, strlen(d122on), "go1.19", 1) == 0 && r->dce == GS_DCE_OFF && r->dce_reason,
	      "dynamic linking turns dce off");
	gs_reach_free(r);
	unit_err_mark();
	CHECK(gs_reach_parse(&r, "# nothing\n", 10, "go1.19", 0) < 0 && unit_err_fresh(), "a dump with no symbol is an error");
}

static void read_rejects(void)
{
	static const char *const bad[] = {
		"{\"symbols\":1,\"dce\":\"maybe\",\"dce_reason\":null,\"dce_chain\":[],\"marks\":false}",
		"{\"symbols\":1,\"dce\":\"on\",\"dce_reason\":null,\"dce_chain\":[],\"marks\":false,\"tree\":{\"n\":2,\"names\":\"0:a\\n0:b\",\"parents\":\"0 2\"}}",
		"{\"symbols\":1,\"dce\":\"on\",\"dce_reason\":null,\"dce_chain\":[],\"marks\":false,\"tree\":{\"n\":2,\"names\":\"0:a\\n0:a\",\"parents\":\"0 1\"}}",
		"{\"symbols\":1,\"dce\":\"on\",\"dce_reason\":null,\"dce_chain\":[],\"marks\":false,\"tree\":{\"n\":2,\"names\":\"0:a\\n5:b\",\"parents\":\"0 1\"}}",
		"{\"symbols\":1,\"dce\":\"on\",\"dce_reason\":null,\"dce_chain\":[],\"marks\":false,\"tree\":{\"n\":1,\"names\":\"0:a\\n0:b\",\"parents\":\"0 1\"}}",
		"{\"note\":3}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		gs_reach *r = NULL;
		char *note = NULL;
		unit_err_mark();
		CHECK(gs_reach_read(&r, &note, bad[i], strlen(bad[i])) < 0 && !r && unit_err_fresh(), "bad reach %zu rejected", i);
		gs_reach_free(r);
		free(note);
	}
	gs_reach *r = NULL;
	char *note = NULL;
	const char *n = "{\"note\":\"no linker reachability: why\"}";
	CHECK(gs_reach_read(&r, &note, n, strlen(n)) == 0 && !r && note && strstr(note, "why"), "a note alone");
	free(note);
}

static void chain_abbreviated(void)
{
	gs_sb d = {0}; /* main.main -> f0 -> f1 -> ... -> f29 */
	gs_sb_puts(&d, "_ -> main.main\nmain.main -> f0\n");
	for (int i = 1; i < 30; i++)
		gs_sb_printf(&d, "f%d -> f%d\n", i - 1, i);
	gs_reach *r;
	CHECK(gs_reach_parse(&r, d.s, d.len, "go1.19", 0) == 0, "parse chain");
	const char **names;
	size_t n, full;
	CHECK(gs_reach_chain_names(&names, &n, &full, r, gs_reach_find(r, "f29"), 8) == 0, "chain");
	CHECK(n == 8 && full == 31, "8 of 31 entries: %zu of %zu", n, full);
	if (n == 8) {
		CHECK_STR(names[0], "main.main");
		CHECK_STR(names[3], "…");
		CHECK_STR(names[7], "f29");
	}
	free(names);
	gs_reach_free(r);
	gs_sb_dispose(&d);
}

/* OLD: main.main -> main.run -> fmt.Println. NEW adds main.run -> lib.Big -> lib.helper,
 * main.run grows, and dce turns off: type.*main.T -> main.(*T).Exported (new) -> main.more. */
static void causes_of_a_delta(void)
{
	const char *old = "_ -> main.main\nmain.main -> main.run\nmain.run -> fmt.Println\nmain.run -> type.*main.T\n";
	const char *new_ = "_ -> main.main\nmain.main -> main.run\nmain.run -> fmt.Println\nmain.run -> type.*main.T\n"
	                   "main.run -> lib.Big\nlib.Big -> lib.helper\nmain.run -> lib.tpl\n"
	                   "lib.tpl -> reflect.Value.MethodByName\n"
	                   "type.*main.T -> main.(*T).Exported\nmain.(*T).Exported -> main.more\n";
	gs_snapshot so = {0}, sn = {0};
	CHECK(gs_reach_parse(&so.reach, old, strlen(old), "go1.19", 0) == 0, "old");
	CHECK(gs_reach_parse(&sn.reach, new_, strlen(new_), "go1.19", 0) == 0, "new");
	gs_row rows[] = {
		{.name = "main.run", .old = 100, .new_ = 150, .in_old = 1, .in_new = 1},
		{.name = "lib.Big", .new_ = 1000, .in_new = 1},
		{.name = "lib.helper", .new_ = 500, .in_new = 1},
		{.name = "main.(*T).Exported", .new_ = 300, .in_new = 1},
		{.name = "main.more", .new_ = 200, .in_new = 1},
		{.name = "runtime.findfunctab", .old = 10, .new_ = 30, .in_old = 1, .in_new = 1}, /* not in the dump */
		{.name = "fmt.Println", .old = 80, .new_ = 80, .in_old = 1, .in_new = 1},
	};
	gs_delta d = {.old = &so, .new_ = &sn, .old_total = 10000, .new_total = 14000};
	d.symbols.v = rows;
	d.symbols.n = sizeof rows / sizeof *rows;
	gs_causes c;
	CHECK(gs_causes_compute(&c, &d) == 0 && c.available, "causes: %s", gs_errmsg());
	CHECK_U64(c.growth, 50 + 1000 + 500 + 300 + 200 + 20);
	CHECK_U64(c.explained, 50 + 1000 + 500 + 300 + 200);
	CHECK(c.dce_turned_off && c.dce_bytes == 500 && c.dce_symbols == 2, "dce on -> off keeps 500 B in 2 symbols");
	CHECK_U64(c.dce_cost, (uint64_t)(4000.0 * 500 / 2070));
	CHECK(c.n == 3, "three causes: %zu", c.n);
	if (c.n == 3) {
		CHECK(c.v[0].kind == GS_CAUSE_EDGE && c.v[0].bytes == 1500 && c.v[0].symbols == 2, "lib.Big keeps 1500 B in 2");
		CHECK(c.v[0].nchain == 3 && strcmp(c.v[0].chain[2], "lib.Big") == 0, "chain main.main -> main.run -> lib.Big");
		CHECK(c.v[1].kind == GS_CAUSE_DCE && c.v[1].nchain == 4, "then dce, with its chain");
		CHECK(c.v[2].kind == GS_CAUSE_GREW && c.v[2].bytes == 50, "main.run grew in place");
	}
	gs_causes_dispose(&c);
	/* an old side without reachability: growth only, unknown dce, a note */
	gs_reach *keep = so.reach;
	so.reach = NULL;
	CHECK(gs_causes_compute(&c, &d) == 0 && !c.available && c.note && c.old_dce == GS_DCE_UNKNOWN && c.explained == 0,
	      "no causes without OLD's reachability");
	gs_causes_dispose(&c);
	gs_reach_free(keep);
	gs_reach_free(sn.reach);
}

void unit_reach(void)
{
	parse_old_rule();
	parse_marks_and_dynlink();
	read_rejects();
	chain_abbreviated();
	causes_of_a_delta();
}
