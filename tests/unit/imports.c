/* imports.c: chains, weights, entry points of new packages and `why` queries on a
 * small hand-made import graph:
 *
 *   ex.com/app (main) -> ex.com/app/a -> ex.com/lib -> ex.com/lib/inner
 *          \                 \               \
 *           -> fmt <----------                -> strings <- fmt
 */
#include "unit.h"

#include "model/imports.h"

static const char *GRAPH = "ex.com/app ex.com/app/a fmt\n"
                           "ex.com/app/a ex.com/lib fmt\n"
                           "ex.com/lib\tex.com/lib/inner strings\r\n"
                           "fmt strings\n"
                           "\n"
                           "strings\n";

static gs_snap_pkg pkgs[] = {
	{.name = "fmt", .module = "std", .size = 400},       {.name = "ex.com/lib", .module = "ex.com/lib", .size = 300},
	{.name = "ex.com/app/a", .module = "ex.com/app", .size = 200}, {.name = "main", .module = "ex.com/app", .size = 100},
	{.name = "strings", .module = "std", .size = 80},    {.name = "ex.com/lib/inner", .module = "ex.com/lib", .size = 50},
	{.name = "[headers]", .module = "", .size = 10},
};

/* The graph's allocations (the packages above are static). */
static void drop_graph(gs_snapshot *s)
{
	for (size_t i = 0; i < s->nimps; i++) {
		for (size_t k = 0; k < s->imps[i].ndeps; k++)
			free(s->imps[i].deps[k]);
		free(s->imps[i].deps);
		free(s->imps[i].pkg);
	}
	free(s->imps);
	free(s->imports_root);
	memset(s, 0, sizeof *s);
}

static int load(gs_snapshot *s)
{
	memset(s, 0, sizeof *s);
	s->pkgs = pkgs, s->npkgs = sizeof pkgs / sizeof *pkgs;
	int rc = gs_imports_parse(s, "ex.com/app", GRAPH);
	CHECK(rc == 0, "graph parses: %s", gs_errmsg());
	return rc;
}

static char *joined(const char **v, size_t n)
{
	static char buf[512];
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? " > " : "", v[i]);
	return buf;
}

static void test_imports_graph(void)
{
	gs_snapshot s;
	if (load(&s) < 0)
		return;
	/* five listed nodes plus ex.com/lib/inner, a leaf from an import line; sorted */
	CHECK_U64(s.nimps, 6);
	CHECK(s.nimps == 6 && strcmp(s.imps[0].pkg, "ex.com/app") == 0 && strcmp(s.imps[5].pkg, "strings") == 0 &&
	          s.imps[3].ndeps == 0 && strcmp(s.imps[3].pkg, "ex.com/lib/inner") == 0,
	      "nodes sorted, the unlisted import a leaf");
	const char **chain;
	size_t n;
	CHECK(gs_imports_chain(&chain, &n, &s, "ex.com/lib/inner") == 0, "chain");
	CHECK_STR(joined(chain, n), "ex.com/app > ex.com/app/a > ex.com/lib > ex.com/lib/inner");
	free(chain);
	CHECK(gs_imports_chain(&chain, &n, &s, "strings") == 0, "chain");
	CHECK_STR(joined(chain, n), "ex.com/app > fmt > strings"); /* the shortest one */
	free(chain);
	CHECK(gs_imports_chain(&chain, &n, &s, "main") == 0 && n == 1 && strcmp(chain[0], "ex.com/app") == 0, "main is the root");
	free(chain);
	CHECK(gs_imports_chain(&chain, &n, &s, "os") == 0 && n == 0 && chain == NULL, "no chain to a package not in the graph");

	static const struct {
		const char *pkg;
		uint64_t bytes;
		size_t npkgs;
	} w[] = {
		{"ex.com/app/a", 550, 3}, /* itself, lib and inner: fmt and strings stay reachable */
		{"ex.com/lib", 350, 2},
		{"fmt", 400, 1},          /* strings is still reached through lib */
		{"strings", 80, 1},
		{"ex.com/app", 1130, 6},  /* the root brings everything (named "main" in the binary) */
		{"os", 0, 0},
	};
	for (size_t i = 0; i < sizeof w / sizeof *w; i++) {
		uint64_t bytes;
		size_t np;
		int rc = gs_imports_weight(&bytes, &np, &s, w[i].pkg);
		CHECK(rc == 0 && bytes == w[i].bytes && np == w[i].npkgs, "weight of %s: %llu B in %zu, want %llu in %zu",
		      w[i].pkg, (unsigned long long)bytes, np, (unsigned long long)w[i].bytes, w[i].npkgs);
	}
	CHECK_STR(gs_imports_pkgname(&s, "ex.com/app"), "main");
	CHECK_STR(gs_imports_pkgname(&s, "fmt"), "fmt");
	CHECK(!gs_imports_never_built(&s), "a graph is there");
	drop_graph(&s);
}

static void test_imports_why_new(void)
{
	/* the old binary had main, fmt and strings: ex.com/app/a is the one entry point (lib and inner
	 * came with it) */
	gs_snapshot old, s;
	memset(&old, 0, sizeof old);
	if (load(&s) < 0)
		return;
	gs_row rows[] = {{.name = "main", .in_old = 1, .in_new = 1}, {.name = "fmt", .in_old = 1, .in_new = 1},
	                 {.name = "strings", .in_old = 1, .in_new = 1}, {.name = "ex.com/app/a", .in_new = 1},
	                 {.name = "ex.com/lib", .in_new = 1}, {.name = "ex.com/lib/inner", .in_new = 1}};
	gs_delta d;
	memset(&d, 0, sizeof d);
	d.old = &old, d.new_ = &s, d.packages.v = rows, d.packages.n = sizeof rows / sizeof *rows;
	CHECK(gs_imports_has_new_packages(&d), "new packages");
	gs_why *w;
	size_t n;
	const char *note;
	CHECK(gs_why_new(&w, &n, &note, &d) == 0, "why_new: %s", gs_errmsg());
	CHECK(n == 1 && note == NULL, "one entry point, got %zu", n);
	if (n == 1) {
		CHECK_STR(w[0].pkg, "ex.com/app/a");
		CHECK_STR(joined(w[0].chain, w[0].nchain), "ex.com/app > ex.com/app/a");
		CHECK(w[0].weight == 550 && w[0].npkgs == 3, "entry weight %llu in %zu", (unsigned long long)w[0].weight,
		      w[0].npkgs);
	}
	gs_why_free(w, n);
	drop_graph(&s);
	/* no graph in the new snapshot: a note, no entries */
	memset(&s, 0, sizeof s);
	CHECK(gs_why_new(&w, &n, &note, &d) == 0 && n == 0 && note && strstr(note, "no import graph"), "no graph: a note");
	CHECK(gs_imports_never_built(&s), "no graph, no note: never built");
}

static void test_imports_query(void)
{
	gs_snapshot s;
	if (load(&s) < 0)
		return;
	static const struct {
		const char *q, *match, *pkgs, *chain, *importers;
		uint64_t size, weight;
	} cases[] = {
		{"ex.com/lib", "module", "ex.com/lib > ex.com/lib/inner", "ex.com/app > ex.com/app/a > ex.com/lib",
		 "ex.com/app/a", 350, 350},
		{"fmt", "package", "fmt", "ex.com/app > fmt", "ex.com/app > ex.com/app/a", 400, 400},
		{"ex.com/app", "module", "ex.com/app/a > main", "ex.com/app", "", 300, 1130},
		{"ex.com/app/...", "glob", "ex.com/app/a", "ex.com/app > ex.com/app/a", "ex.com/app", 200, 550},
		{"*s", "glob", "strings", "ex.com/app > fmt > strings", "ex.com/lib > fmt", 80, 80},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		gs_why_set w;
		int rc = gs_why_query(&w, &s, cases[i].q);
		CHECK(rc == 1, "%s matched: rc %d (%s)", cases[i].q, rc, gs_errmsg());
		if (rc != 1)
			continue;
		CHECK_STR(w.match, cases[i].match);
		CHECK_STR(joined(w.pkgs, w.npkgs), cases[i].pkgs);
		CHECK_STR(joined(w.chain, w.nchain), cases[i].chain);
		CHECK_STR(joined(w.importers, w.nimporters), cases[i].importers);
		CHECK(w.size == cases[i].size && w.weight == cases[i].weight && w.graph, "%s: size %llu weight %llu", cases[i].q,
		      (unsigned long long)w.size, (unsigned long long)w.weight);
		gs_why_set_free(&w);
	}
	gs_why_set w;
	CHECK(gs_why_query(&w, &s, "nosuch/pkg") == 0 && w.npkgs == 0, "nothing matches");
	CHECK(gs_why_query(&w, &s, "nosuch/*") == 0, "a glob that matches nothing");
	drop_graph(&s);
}

/* A deep chain of new packages hanging off main, plus a cycle (a hostile graph: Go has none):
 * one entry weighing them all, its chain abbreviated, every importer from one BFS, no hang. */
static void test_imports_deep_and_cyclic(void)
{
	gs_sb g = {0};
	static gs_snap_pkg deep[21];
	static char names[21][16];
	gs_sb_puts(&g, "ex.com/app p00\n");
	for (int i = 0; i < 20; i++) {
		snprintf(names[i], sizeof names[i], "p%02d", i);
		deep[i] = (gs_snap_pkg){.name = names[i], .module = "ex.com/p", .size = 10};
		gs_sb_printf(&g, "p%02d p%02d\n", i, i < 19 ? i + 1 : 0); /* p19 imports p00: a cycle */
	}
	deep[20] = (gs_snap_pkg){.name = "main", .module = "ex.com/app", .size = 5};
	gs_snapshot o = {0}, s = {0};
	s.pkgs = deep, s.npkgs = 21;
	CHECK(gs_imports_parse(&s, "ex.com/app", g.s) == 0, "deep graph parses");
	gs_row rows[21];
	for (int i = 0; i < 21; i++)
		rows[i] = (gs_row){.name = deep[i].name, .new_ = deep[i].size, .in_old = i == 20, .in_new = 1};
	gs_delta d = {.old = &o, .new_ = &s};
	d.packages.v = rows, d.packages.n = 21;
	o.pkgs = &deep[20], o.npkgs = 1;
	gs_why *w;
	size_t n;
	const char *note;
	CHECK(gs_why_new(&w, &n, &note, &d) == 0 && n == 1, "one entry: %zu", n);
	if (n == 1) {
		CHECK(w[0].weight == 200 && w[0].npkgs == 20, "it weighs the chain and the cycle: %llu in %zu",
		      (unsigned long long)w[0].weight, w[0].npkgs);
		CHECK(w[0].nchain == 2 && w[0].chain_len == 2, "its chain: main > p00");
	}
	gs_why_free(w, n);
	const char **imp;
	CHECK(gs_imports_importers(&imp, &s) == 0, "importers");
	int ok = 1;
	for (size_t i = 0; i < s.nimps; i++) {
		const char *p = s.imps[i].pkg;
		if (strcmp(p, "ex.com/app") == 0)
			ok &= imp[i] == NULL;
		else if (strcmp(p, "p00") == 0)
			ok &= imp[i] && strcmp(imp[i], "ex.com/app") == 0;
		else
			ok &= imp[i] && atoi(imp[i] + 1) == atoi(p + 1) - 1;
	}
	CHECK(ok, "each package's importer is the one before it (p00: main)");
	free(imp);
	/* a chain longer than GS_WHY_CHAIN_MAX: the deepest package as a new import of an old p18 */
	gs_snap_pkg old2[] = {{.name = "main", .size = 5}, {.name = "p00"}, {.name = "p01"}, {.name = "p02"}, {.name = "p03"},
	                      {.name = "p04"}, {.name = "p05"}, {.name = "p06"}, {.name = "p07"}, {.name = "p08"}, {.name = "p09"},
	                      {.name = "p10"}, {.name = "p11"}, {.name = "p12"}, {.name = "p13"}, {.name = "p14"}, {.name = "p15"},
	                      {.name = "p16"}, {.name = "p17"}, {.name = "p18"}};
	o.pkgs = old2, o.npkgs = sizeof old2 / sizeof *old2;
	for (int i = 0; i < 19; i++)
		rows[i].in_old = 1;
	CHECK(gs_why_new(&w, &n, &note, &d) == 0 && n == 1, "one entry again");
	if (n == 1) {
		CHECK(strcmp(w[0].pkg, "p19") == 0 && w[0].chain_len == 21 && w[0].nchain == GS_WHY_CHAIN_MAX, "p19: 21 long, 8 shown");
		if (w[0].nchain == GS_WHY_CHAIN_MAX)
			CHECK(strcmp(w[0].chain[0], "ex.com/app") == 0 && strcmp(w[0].chain[3], "…") == 0 &&
			          strcmp(w[0].chain[7], "p19") == 0 && strcmp(w[0].chain[6], "p18") == 0,
			      "head, one …, tail");
	}
	gs_why_free(w, n);
	for (size_t i = 0; i < s.nimps; i++) {
		for (size_t k = 0; k < s.imps[i].ndeps; k++)
			free(s.imps[i].deps[k]);
		free(s.imps[i].deps);
		free(s.imps[i].pkg);
	}
	free(s.imps);
	free(s.imports_root);
	gs_sb_dispose(&g);
}

void unit_imports(void)
{
	test_imports_deep_and_cyclic();
	test_imports_graph();
	test_imports_why_new();
	test_imports_query();
}
