/* diff.c: two hand-made snapshots subtracted label by label: rows, totals,
 * order, build notes and a capped side's floor. */
#include "unit.h"

#include "model/diff.h"

static gs_setting old_set[] = {{"-ldflags", "-s"}, {"CGO_ENABLED", "0"}, {"vcs.revision", "aaa"}};
static gs_setting new_set[] = {{"CGO_ENABLED", "1"}, {"vcs.revision", "bbb"}, {"-trimpath", "true"}};

static gs_snap_section old_secs[] = {{.name = ".text", .kind = "text", .size = 800}, {.name = ".rodata", .kind = "rodata", .size = 200},
                                     {.name = ".symtab", .kind = "symtab", .size = 2048}, {.name = ".strtab", .kind = "symtab", .size = 1024}};
static gs_snap_section new_secs[] = {{.name = ".text", .kind = "text", .size = 900}, {.name = ".data", .kind = "data", .size = 300}};
static gs_snap_pkg old_pkgs[] = {
	{.name = "fmt", .module = "std", .size = 500, .cat = {[GS_CAT_CODE] = 400, [GS_CAT_PCLNTAB] = 100}},
	{.name = "main", .module = "m", .size = 300, .cat = {[GS_CAT_CODE] = 300}},
	{.name = "[headers]", .module = "", .size = 200, .cat = {[GS_CAT_HEADER] = 200}},
};
static gs_snap_pkg new_pkgs[] = {
	{.name = "fmt", .module = "std", .size = 500, .cat = {[GS_CAT_CODE] = 400, [GS_CAT_PCLNTAB] = 100}},
	{.name = "main", .module = "m", .size = 350, .cat = {[GS_CAT_CODE] = 350}},
	{.name = "e.org/d", .module = "e.org/d", .size = 250, .cat = {[GS_CAT_CODE] = 250}},
	{.name = "[headers]", .module = "", .size = 100, .cat = {[GS_CAT_HEADER] = 100}},
};
static gs_snap_module old_mods[] = {{.path = "std", .version = "go1.21.0", .size = 500, .packages = 1},
                                    {.path = "m", .version = "(devel)", .size = 300, .packages = 1}};
static gs_snap_module new_mods[] = {{.path = "std", .version = "go1.22.0", .size = 500, .packages = 1},
                                    {.path = "m", .version = "(devel)", .size = 350, .packages = 1},
                                    {.path = "e.org/d", .version = "v1.0.0", .size = 250, .packages = 1}};
static gs_snap_sym old_syms[] = {{.name = "fmt.Println", .pkg = "fmt", .size = 400}, {.name = "main.main", .pkg = "main", .size = 300}};
static gs_snap_sym new_syms[] = {{.name = "main.main", .pkg = "main", .size = 350},
                                 {.name = "fmt.Println", .pkg = "fmt", .size = 400},
                                 {.name = "d.F", .pkg = "e.org/d", .size = 250}};

#define N(a) (sizeof a / sizeof *a)

static void snaps(gs_snapshot *o, gs_snapshot *n)
{
	memset(o, 0, sizeof *o);
	memset(n, 0, sizeof *n);
	o->file_size = 1000, o->attributed = 1000, o->has_symtab = 1;
	o->bi.goversion = "go1.21.0", o->bi.settings = old_set, o->bi.nsettings = N(old_set);
	o->secs = old_secs, o->nsecs = N(old_secs), o->pkgs = old_pkgs, o->npkgs = N(old_pkgs);
	o->mods = old_mods, o->nmods = N(old_mods), o->syms = old_syms, o->nsyms = o->nsyms_total = N(old_syms);
	n->file_size = 1200, n->attributed = 1200;
	n->bi.goversion = "go1.22.0", n->bi.settings = new_set, n->bi.nsettings = N(new_set);
	n->secs = new_secs, n->nsecs = N(new_secs), n->pkgs = new_pkgs, n->npkgs = N(new_pkgs);
	n->mods = new_mods, n->nmods = N(new_mods), n->syms = new_syms, n->nsyms = n->nsyms_total = N(new_syms);
}

static const gs_row *row(const gs_rows *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->v[i].name, name) == 0)
			return &r->v[i];
	return NULL;
}

static int has_note(const gs_delta *d, const char *text)
{
	for (size_t i = 0; i < d->nnotes; i++)
		if (strcmp(d->notes[i].text, text) == 0)
			return 1;
	return 0;
}

static void test_diff_rows(void)
{
	gs_snapshot o, n;
	snaps(&o, &n);
	gs_delta d;
	int rc = gs_diff(&d, &o, &n);
	CHECK(rc == 0, "diff: %s", gs_errmsg());
	if (rc)
		return;
	CHECK_U64(d.old_total, 1000);
	CHECK_U64(d.new_total, 1200);
	/* packages: the new one first (largest change), then [headers] (-100), then main (+50), fmt (0) */
	CHECK_U64(d.packages.n, 4);
	CHECK_STR(d.packages.v[0].name, "e.org/d");
	CHECK(!d.packages.v[0].in_old && d.packages.v[0].in_new && d.packages.v[0].new_ == 250, "e.org/d is new");
	CHECK_STR(d.packages.v[1].name, "[headers]");
	CHECK(gs_row_delta(&d.packages.v[1]) == -100, "[headers] shrank by 100");
	CHECK_STR(d.packages.v[2].name, "main");
	CHECK_STR(d.packages.v[3].name, "fmt");
	int64_t sum = 0;
	for (size_t i = 0; i < d.packages.n; i++)
		sum += gs_row_delta(&d.packages.v[i]);
	CHECK(sum == 200, "package deltas sum to the file's: %lld", (long long)sum);
	/* sections: one gone, one new, one grew */
	const gs_row *ro = row(&d.sections, ".rodata"), *da = row(&d.sections, ".data"), *tx = row(&d.sections, ".text");
	CHECK(ro && ro->in_old && !ro->in_new && ro->old == 200 && ro->new_ == 0, ".rodata removed");
	CHECK(da && !da->in_old && da->in_new && da->new_ == 300, ".data added");
	CHECK(tx && gs_row_delta(tx) == 100, ".text +100");
	/* modules carry both versions */
	const gs_row *std = row(&d.modules, "std");
	CHECK(std && strcmp(std->old_ver, "go1.21.0") == 0 && strcmp(std->new_ver, "go1.22.0") == 0, "std versions");
	const gs_row *dm = row(&d.modules, "e.org/d");
	CHECK(dm && dm->old_ver == NULL && strcmp(dm->new_ver, "v1.0.0") == 0, "a new module has no old version");
	/* categories summed over packages */
	const gs_row *code = row(&d.cats, "code"), *hdr = row(&d.cats, "header");
	CHECK(code && code->old == 700 && code->new_ == 1000, "code 700 -> 1000");
	CHECK(hdr && gs_row_delta(hdr) == -100, "header -100");
	/* symbols keyed by package and name, named by name; module is the package */
	const gs_row *df = row(&d.symbols, "d.F"), *mm = row(&d.symbols, "main.main");
	CHECK(df && strcmp(df->module, "e.org/d") == 0 && df->new_ == 250 && !df->in_old, "d.F new");
	CHECK(mm && gs_row_delta(mm) == 50, "main.main +50");
	/* build notes: Go version, changed, removed and added settings; vcs.* changes are no note */
	CHECK(has_note(&d, "Go version go1.21.0 → go1.22.0"), "Go version note");
	CHECK(has_note(&d, "build setting CGO_ENABLED: 0 → 1"), "changed setting");
	CHECK(has_note(&d, "build setting -ldflags=-s removed"), "removed setting");
	CHECK(has_note(&d, "build setting -trimpath=true added"), "added setting");
	CHECK(has_note(&d, "symbol table removed (-s): -3.0 KiB"), "-s: the bytes of the symtab sections");
	CHECK_U64(d.nnotes, 5);
	gs_delta_dispose(&d);
}

static void test_diff_against_self(void)
{
	gs_snapshot o, n;
	snaps(&o, &n);
	gs_delta d;
	CHECK(gs_diff(&d, &n, &n) == 0, "self diff: %s", gs_errmsg());
	int changed = 0;
	for (size_t i = 0; i < d.packages.n; i++)
		changed += gs_row_delta(&d.packages.v[i]) != 0;
	for (size_t i = 0; i < d.symbols.n; i++)
		changed += gs_row_delta(&d.symbols.v[i]) != 0;
	CHECK(changed == 0 && d.nnotes == 0 && d.packages.n == 4, "a snapshot against itself: %d changed rows, %zu notes",
	      changed, d.nnotes);
	gs_delta_dispose(&d);
	/* a single snapshot is a diff against an empty one: every row new */
	gs_snapshot empty;
	memset(&empty, 0, sizeof empty);
	CHECK(gs_diff(&d, &empty, &n) == 0, "against empty: %s", gs_errmsg());
	int all_new = d.packages.n == 4;
	for (size_t i = 0; i < d.packages.n; i++)
		all_new &= d.packages.v[i].in_new && !d.packages.v[i].in_old;
	CHECK(all_new, "against an empty snapshot every package is new");
	gs_delta_dispose(&d);
}

static void test_diff_floor(void)
{
	/* the old side kept only symbols of >= 300 B (a compact note): below that floor on both
	 * sides a row says nothing and is dropped; d.F (250, new) is below it too */
	gs_snapshot o, n;
	snaps(&o, &n);
	o.nsyms_total = 10;
	gs_delta d;
	CHECK(gs_diff(&d, &o, &n) == 0, "floor diff: %s", gs_errmsg());
	CHECK(row(&d.symbols, "d.F") == NULL, "a row under both sides' floor is dropped");
	CHECK(row(&d.symbols, "main.main") != NULL && row(&d.symbols, "fmt.Println") != NULL, "rows at the floor stay");
	gs_delta_dispose(&d);
	/* saturating deltas */
	CHECK(gs_delta_of(0, UINT64_MAX) == INT64_MAX && gs_delta_of(UINT64_MAX, 0) == -INT64_MAX, "deltas saturate");
	CHECK(gs_delta_of(5, 3) == -2 && gs_delta_of(3, 5) == 2, "small deltas");
}

static void test_diff_same_name(void)
{
	/* a symbol name in two packages is two rows, each named by the name and
	 * carrying its package; two entries of one package and name are summed */
	static gs_snap_sym a[] = {{.name = "x.init", .pkg = "a/x", .size = 10}, {.name = "x.init", .pkg = "b/x", .size = 20},
	                          {.name = "x.init", .pkg = "a/x", .size = 5}};
	static gs_snap_sym b[] = {{.name = "x.init", .pkg = "b/x", .size = 40}};
	gs_snapshot o, n;
	memset(&o, 0, sizeof o);
	memset(&n, 0, sizeof n);
	o.syms = a, o.nsyms = o.nsyms_total = N(a);
	n.syms = b, n.nsyms = n.nsyms_total = N(b);
	gs_delta d;
	CHECK(gs_diff(&d, &o, &n) == 0, "same-name diff: %s", gs_errmsg());
	CHECK_U64(d.symbols.n, 2);
	if (d.symbols.n == 2) {
		/* b/x +20 before a/x -15 */
		CHECK_STR(d.symbols.v[0].name, "x.init");
		CHECK_STR(d.symbols.v[0].module, "b/x");
		CHECK(d.symbols.v[0].old == 20 && d.symbols.v[0].new_ == 40, "b/x's x.init 20 -> 40");
		CHECK_STR(d.symbols.v[1].name, "x.init");
		CHECK_STR(d.symbols.v[1].module, "a/x");
		CHECK(d.symbols.v[1].old == 15 && !d.symbols.v[1].in_new, "a/x's x.init: 10 + 5, removed");
	}
	gs_delta_dispose(&d);
}

void unit_diff(void)
{
	test_diff_same_name();
	test_diff_rows();
	test_diff_against_self();
	test_diff_floor();
}
