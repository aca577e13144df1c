/* attrib.c: the attribution primitives on synthetic inputs, without Go: the
 * claim bitmap (each byte claimed once, across word boundaries, clamped to
 * the file), the sink (first claimant wins, per package and category, the
 * --ranges runs disjoint and covering), wasm's view past the file, the bucket
 * rules (names, sections, loader sections, linker tables) and the extents of
 * addresses (file offsets, sections). */
#include "unit.h"

#include "attrib/attrib.h"

#define N(a) (sizeof a / sizeof *a)

/* A file of size bytes (at most 1024) with no sections: the context's snapshot and bitmap. */
typedef struct fixture {
	uint8_t data[1024];
	gs_binary b;
	gs_snapshot s;
	gs_attrib c;
} fixture;

static void fixture_init(fixture *f, uint64_t size, int ranges)
{
	memset(f, 0, sizeof *f);
	f->b = (gs_binary){.data = f->data, .size = size, .vsize = size, .format = "elf", .ptrsize = 8};
	f->s.want_ranges = ranges;
	f->c = (gs_attrib){.s = &f->s, .b = &f->b, .bits = calloc((size + 63) / 64 + 1, sizeof(uint64_t))};
}

static void fixture_dispose(fixture *f)
{
	at_dispose(&f->c);
	gs_snapshot_dispose(&f->s);
}

/* Bytes claimed in [0, size), counted from the bitmap. */
static uint64_t claimed(const fixture *f)
{
	uint64_t n = 0;
	for (uint64_t i = 0; i < f->b.size; i++)
		n += f->c.bits[i / 64] >> (i % 64) & 1;
	return n;
}

static void test_attrib_claim(void)
{
	fixture f;
	fixture_init(&f, 200, 0);
	CHECK_U64(at_claim(&f.c, 10, 100), 100);  /* [10, 110): words 0 and 1 */
	CHECK_U64(at_claim(&f.c, 50, 100), 40);   /* [50, 150): only [110, 150) was free */
	CHECK_U64(at_claim(&f.c, 0, 200), 60);    /* the rest: [0, 10) and [150, 200) */
	CHECK_U64(at_claim(&f.c, 0, 200), 0);     /* nothing is claimed twice */
	CHECK_U64(claimed(&f), 200);
	fixture_dispose(&f);

	fixture_init(&f, 200, 0);
	CHECK_U64(at_claim(&f.c, 63, 2), 2);      /* one bit each side of a word boundary */
	CHECK_U64(at_claim(&f.c, 64, 64), 63);    /* a whole word, one bit of it taken */
	CHECK_U64(at_claim(&f.c, 190, 50), 10);   /* clamped to the file's end */
	CHECK_U64(at_claim(&f.c, 300, 5), 0);     /* past the end */
	CHECK_U64(at_claim(&f.c, 5, 0), 0);       /* empty */
	CHECK_U64(at_claim(&f.c, 199, UINT64_MAX), 0); /* a length that would overflow: clamped, already claimed */
	CHECK_U64(claimed(&f), 2 + 63 + 10);
	fixture_dispose(&f);
}

static void test_attrib_sink(void)
{
	fixture f;
	fixture_init(&f, 256, 0);
	size_t a = at_pkg(&f.c, "example.com/a"), b = at_pkg(&f.c, "example.com/b");
	CHECK(a == 0 && b == 1 && at_pkg(&f.c, "example.com/a") == a, "packages made once, in order: %zu %zu", a, b);
	CHECK_U64(at_give(&f.c, a, GS_CAT_CODE, 0, 64), 64);
	CHECK_U64(at_give(&f.c, b, GS_CAT_CODE, 32, 64), 32);   /* the first claimant keeps [32, 64) */
	CHECK_U64(at_give(&f.c, b, GS_CAT_RODATA, 0, 128), 32); /* [96, 128) */
	at_charge(&f.c, GS_B_HEADERS, GS_CAT_HEADER, 120, 20);     /* a bucket by name: [128, 140) */
	CHECK_U64(at_unattributed(&f.c, 0, 256), 116);         /* everything left, to nobody */
	CHECK_U64(f.s.npkgs, 3);
	CHECK_U64(f.s.pkgs[a].cat[GS_CAT_CODE], 64);
	CHECK_U64(f.s.pkgs[b].cat[GS_CAT_CODE], 32);
	CHECK_U64(f.s.pkgs[b].cat[GS_CAT_RODATA], 32);
	CHECK_STR(f.s.pkgs[2].name, GS_B_HEADERS);
	CHECK_U64(f.s.pkgs[2].cat[GS_CAT_HEADER], 12);
	/* every byte once: the packages' categories plus the unattributed add up to the file */
	uint64_t sum = 116;
	for (size_t i = 0; i < f.s.npkgs; i++)
		for (int k = 0; k < GS_CAT_N; k++)
			sum += f.s.pkgs[i].cat[k];
	CHECK_U64(sum, 256);
	CHECK_U64(claimed(&f), 256);
	CHECK(f.s.nranges == 0, "no ranges recorded unless asked");
	fixture_dispose(&f);
}

static int cmp_range(const void *x, const void *y)
{
	const gs_snap_range *a = x, *b = y;
	return a->off < b->off ? -1 : a->off > b->off;
}

static void test_attrib_ranges(void)
{
	fixture f;
	fixture_init(&f, 300, 1);
	size_t a = at_pkg(&f.c, "a"), b = at_pkg(&f.c, "b");
	at_give(&f.c, a, GS_CAT_CODE, 10, 20);    /* [10, 30) */
	at_give(&f.c, a, GS_CAT_CODE, 100, 150);  /* [100, 250) across words */
	at_give(&f.c, b, GS_CAT_DATA, 0, 128);    /* its runs: [0, 10) and [30, 100) */
	at_unattributed(&f.c, 0, 300);            /* [250, 300) */
	CHECK_U64(f.s.nranges, 5);
	qsort(f.s.ranges, f.s.nranges, sizeof *f.s.ranges, cmp_range);
	static const struct {
		uint64_t off, len;
		const char *pkg;
	} want[] = {{0, 10, "b"}, {10, 20, "a"}, {30, 70, "b"}, {100, 150, "a"}, {250, 50, "(unattributed)"}};
	uint64_t at = 0;
	for (size_t i = 0; i < f.s.nranges && i < N(want); i++) {
		const gs_snap_range *r = &f.s.ranges[i];
		CHECK(r->off == want[i].off && r->len == want[i].len && strcmp(r->pkg, want[i].pkg) == 0,
		      "range %zu: [%llu, +%llu) %s, want [%llu, +%llu) %s", i, (unsigned long long)r->off,
		      (unsigned long long)r->len, r->pkg, (unsigned long long)want[i].off, (unsigned long long)want[i].len,
		      want[i].pkg);
		CHECK(r->off == at, "range %zu starts where the one before ended (%llu)", i, (unsigned long long)at);
		at = r->off + r->len;
	}
	CHECK_U64(at, 300); /* disjoint and covering the file */
	fixture_dispose(&f);
}

/* wasm: view bytes past the file are copies of file bytes (aliases); a claim
 * there claims the file bytes it copies, once. */
static void test_attrib_alias(void)
{
	fixture f;
	fixture_init(&f, 200, 0);
	gs_alias al[] = {{.voff = 200, .off = 50, .len = 100}, {.voff = 300, .off = 0, .len = 20}};
	f.b.vsize = 320, f.b.alias = al, f.b.nalias = N(al);
	size_t p = at_pkg(&f.c, "p");
	CHECK_U64(at_give(&f.c, p, GS_CAT_DATA, 220, 10), 10);   /* file [70, 80) */
	CHECK_U64(at_claim(&f.c, 70, 10), 0);
	CHECK_U64(at_give(&f.c, p, GS_CAT_DATA, 290, 30), 30);   /* file [140, 150) and [0, 20) */
	CHECK_U64(at_give(&f.c, p, GS_CAT_DATA, 215, 10), 5);    /* file [65, 75): [65, 70) was free */
	CHECK_U64(at_give(&f.c, p, GS_CAT_DATA, 320, 10), 0);    /* past the view */
	CHECK_U64(f.s.pkgs[p].cat[GS_CAT_DATA], 45);
	CHECK_U64(claimed(&f), 45);
	f.b.alias = NULL, f.b.nalias = 0;
	fixture_dispose(&f);
}

static void test_attrib_name_buckets(void)
{
	static const char *cases[][2] = {
		{"runtime.mallocgc", "runtime"},
		{"runtime.findfunctab", GS_B_LINKER},      /* a linker table named after the runtime */
		{"runtime.pclntab", GS_B_LINKER},
		{"main.(*T).M", "main"},
		{"type:*example.com/x.T", "example.com/x"},
		{"type:map[string]int", GS_B_TYPES},      /* an unnamed type: the types bucket */
		{"go:itab.*os.File,io.Reader", "os"},
		{"go:itab.struct {},error", GS_B_ITABS},
		{"go:string.\"hello\"", GS_B_STRINGS},
		{"go:buildid", GS_B_LINKER},
		{"x_cgo_init", GS_B_CGO},
		{"memcpy@GLIBC_2.14", GS_B_CGO},
	};
	for (size_t i = 0; i < N(cases); i++) {
		char buf[256];
		CHECK_STR(at_name_pkg(cases[i][0], buf, sizeof buf, NULL), cases[i][1]);
	}
	CHECK(at_linker_table("runtime.findfunctab") && !at_linker_table("runtime.findfunc") &&
	      !at_linker_table("main.pclntab") && !at_linker_table("runtime"), "linker tables by exact name");
	static const struct {
		const char *name;
		int loader;
	} secs[] = {{".rela.dyn", 1}, {".rel.plt", 1}, {".dynsym", 1}, {".note.go.buildid", 1}, {".gnu.hash", 1},
	            {"__got", 1},     {"import", 1},   {".text", 0},    {".rodata", 0},          {".noptrdata", 0},
	            {".relro", 0},    {"__text", 0}};
	for (size_t i = 0; i < N(secs); i++) {
		gs_section s = {.name = (char *)secs[i].name};
		CHECK(at_loader_section(&s) == secs[i].loader, "%s: loader section %d", secs[i].name, !secs[i].loader);
	}
}

static void test_attrib_section_buckets(void)
{
	static const struct {
		const char *name;
		gs_seckind kind;
		int exec, go_code;
		const char *bucket; /* NULL: the passes attribute it */
		gs_cat cat;
	} cases[] = {
		{"[ELF header]", GS_SEC_HEADER, 0, 1, GS_B_HEADERS, GS_CAT_HEADER},
		{".go.buildinfo", GS_SEC_DATA, 0, 1, GS_B_BUILDINFO, GS_CAT_OTHER},
		{"__go_buildinfo", GS_SEC_DATA, 0, 1, GS_B_BUILDINFO, GS_CAT_OTHER},
		{".debug_info", GS_SEC_DEBUG, 0, 1, GS_B_DEBUG, GS_CAT_DEBUG},
		{".symtab", GS_SEC_SYMTAB, 0, 1, GS_B_SYMTAB, GS_CAT_SYMTAB},
		{".typelink", GS_SEC_RODATA, 0, 1, GS_B_TYPELINK, GS_CAT_TYPE},
		{".itablink", GS_SEC_RODATA, 0, 1, GS_B_TYPELINK, GS_CAT_TYPE},
		{".go.type", GS_SEC_RODATA, 0, 1, GS_B_TYPES, GS_CAT_TYPE},
		{"__go_type", GS_SEC_RODATA, 0, 1, GS_B_TYPES, GS_CAT_TYPE},
		{".data.rel.ro.go.func", GS_SEC_RODATA, 0, 1, GS_B_GOFUNC, GS_CAT_FUNCDATA},
		{".rela.dyn", GS_SEC_RODATA, 0, 1, GS_B_LOADER, GS_CAT_OTHER},
		{".comment", GS_SEC_OTHER, 0, 1, GS_B_META, GS_CAT_OTHER},
		{".init", GS_SEC_TEXT, 1, 1, GS_B_LOADER, GS_CAT_OTHER}, /* a loader section, executable or not */
		{".text", GS_SEC_TEXT, 1, 1, GS_B_CGO, GS_CAT_CODE},     /* what no Go function claims of a Go binary's code */
		{".text", GS_SEC_TEXT, 1, 0, NULL, 0},               /* no pclntab: no Go code to tell C from */
		{".rodata", GS_SEC_RODATA, 0, 1, NULL, 0},
		{".noptrdata", GS_SEC_DATA, 0, 1, NULL, 0},
		{".bss", GS_SEC_BSS, 0, 1, NULL, 0},
	};
	for (size_t i = 0; i < N(cases); i++) {
		gs_section s = {.name = (char *)cases[i].name, .kind = cases[i].kind, .exec = cases[i].exec};
		gs_cat cat = GS_CAT_N;
		const char *b = at_section_bucket(&s, cases[i].go_code, &cat);
		CHECK(cases[i].bucket ? b && strcmp(b, cases[i].bucket) == 0 && cat == cases[i].cat : !b,
		      "%s (go code %d): got %s/%d, want %s/%d", cases[i].name, cases[i].go_code, nn(b), (int)cat,
		      nn(cases[i].bucket), (int)cases[i].cat);
	}
}

static void test_attrib_extents(void)
{
	static uint8_t data[128];
	gs_section secs[] = {
		{.name = ".text", .kind = GS_SEC_TEXT, .off = 0, .size = 64, .addr = 0x1000, .vmsize = 64, .alloc = 1, .exec = 1},
		{.name = ".data", .kind = GS_SEC_DATA, .off = 64, .size = 32, .addr = 0x2000, .vmsize = 32, .alloc = 1},
		{.name = ".bss", .kind = GS_SEC_BSS, .off = 0, .size = 0, .addr = 0x3000, .vmsize = 100, .alloc = 1},
		{.name = ".debug_info", .kind = GS_SEC_DEBUG, .off = 96, .size = 32},
	};
	gs_binary b = {.data = data, .size = sizeof data, .vsize = sizeof data, .ptrsize = 8, .secs = secs, .nsecs = N(secs)};
	static const struct {
		uint64_t addr, len;
		int ok;
		uint64_t off;
	} cases[] = {
		{0x1010, 16, 1, 16},  {0x1000, 64, 1, 0},   {0x1030, 32, 0, 0}, /* runs past .text's end */
		{0x2000, 32, 1, 64},  {0x201f, 1, 1, 95},   {0x2020, 1, 0, 0},  /* just past .data */
		{0x3010, 8, 0, 0},    /* bss has no file bytes */
		{0x5000, 1, 0, 0},    {0x0fff, 2, 0, 0},    /* nowhere; straddling .text's start */
	};
	for (size_t i = 0; i < N(cases); i++) {
		uint64_t off = UINT64_MAX;
		int ok = at_file_off(&off, &b, cases[i].addr, cases[i].len) == 0;
		CHECK(ok == cases[i].ok && (ok ? off == cases[i].off : off == UINT64_MAX), "[%#llx, +%llu): ok %d off %llu, want %d %llu",
		      (unsigned long long)cases[i].addr, (unsigned long long)cases[i].len, ok, (unsigned long long)off,
		      cases[i].ok, (unsigned long long)cases[i].off);
	}
	const gs_section *s = at_sec_at(&b, 0x3063);
	CHECK(s && strcmp(s->name, ".bss") == 0, "0x3063 is in .bss (by VM size)");
	CHECK(at_sec_at(&b, 0x3064) == NULL, "0x3064 is past .bss");
	CHECK(at_sec_at(&b, 0x2000) == &secs[1], "0x2000 starts .data");
	CHECK(at_sec_at(&b, 96) == NULL, "a file offset of an unloaded section is no address");
}

void unit_attrib(void)
{
	test_attrib_claim();
	test_attrib_sink();
	test_attrib_ranges();
	test_attrib_alias();
	test_attrib_name_buckets();
	test_attrib_section_buckets();
	test_attrib_extents();
}
