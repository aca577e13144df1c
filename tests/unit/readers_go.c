/* readers_go.c: Go's own formats on every cut and one-byte corruption of
 * hand-made tables in a hand-made view: pclntab and build info decode or fail
 * with a message; module data is found or not (GS_ENOTFOUND), and the type
 * walk never fails on what it reads (only on memory); never a crash. */
#include "readers.h"

#include "goformat/buildinfo.h"
#include "goformat/moduledata.h"
#include "goformat/pclntab.h"
#include "goformat/types.h"

static const uint8_t bytes[] = {0x00, 0xff, 0x41};

/* A reader's results, a case's data and what its whole input must give. */
#define MUTATE_CASE(what, data, n, read, ctx, m)                                                                     \
	do {                                                                                                          \
		unit_mutate(what, data, n, 1, bytes, sizeof bytes, read, ctx, &(m));                                      \
		CHECK((m).silent == 0 && (m).odd == 0, "%s: %zu of %zu failures had no message, %zu odd results", what,     \
		      (m).silent, (m).failed, (m).odd);                                                                  \
	} while (0)

static int read_pclntab(const uint8_t *d, size_t n, void *ctx)
{
	gs_section s;
	gs_binary b = unit_view(d, n, &s, ".gopclntab", 0x10000);
	gs_pclntab p;
	int rc = gs_pclntab_read(&p, &b);
	if (rc < 0)
		return -1;
	*(size_t *)ctx += rc == 1 && n == 160 + 24 + 88 && p.nfuncs == 2;
	gs_pclntab_dispose(&p);
	return rc == 1 ? 0 : GS_ENOTFOUND;
}

static void test_readers_pclntab(void)
{
	/* a Go 1.20 table: header (magic, pad, quantum 1, pointer size 8, nfunc 2, nfiles 1,
	 * textStart, then the offsets of funcnametab, cutab, filetab, pctab, functab), the
	 * tables, and functab's entries and _func records */
	static uint8_t t[512];
	memset(t, 0, sizeof t);
	unit_put32(t, 0xfffffff1);
	t[6] = 1, t[7] = 8;
	unit_put64(t + 8, 2), unit_put64(t + 16, 1), unit_put64(t + 24, 0x1000);
	uint64_t names = 72, cu = 96, files = 104, pcs = 120, ftab = 160;
	unit_put64(t + 32, names), unit_put64(t + 40, cu), unit_put64(t + 48, files), unit_put64(t + 56, pcs);
	unit_put64(t + 64, ftab);
	memcpy(t + names, "main.main\0main.f\0", 17);
	unit_put32(t + cu, 0);
	memcpy(t + files, "/x/main.go\0", 11);
	memset(t + pcs, 0, 40);
	/* functab: (entryoff, funcoff) x nfunc, then the end PC */
	unit_put32(t + ftab, 0), unit_put32(t + ftab + 4, 24);
	unit_put32(t + ftab + 8, 0x40), unit_put32(t + ftab + 12, 24 + 44);
	unit_put32(t + ftab + 16, 0x80);
	/* _func records: entryoff, nameoff, the rest zero */
	unit_put32(t + ftab + 24, 0), unit_put32(t + ftab + 28, 0);
	unit_put32(t + ftab + 24 + 44, 0x40), unit_put32(t + ftab + 24 + 48, 10);
	size_t whole = 0;
	unit_mut m;
	MUTATE_CASE("pclntab", t, ftab + 24 + 88, read_pclntab, &whole, m);
	CHECK(whole >= 1, "the whole table reads with its 2 functions");
	CHECK(m.failed > 0, "pclntab: %zu mutations failed, %zu found a table", m.failed, m.ok);
}

static int read_buildinfo(const uint8_t *d, size_t n, void *ctx)
{
	gs_section s;
	gs_binary b = unit_view(d, n, &s, ".go.buildinfo", 0x10000);
	gs_buildinfo bi;
	if (gs_buildinfo_read(&bi, &b) < 0)
		return -1;
	*(size_t *)ctx += bi.found && bi.goversion && strcmp(bi.goversion, "go1.22.0") == 0 &&
	                  gs_buildinfo_setting(&bi, "GOOS") != NULL;
	gs_buildinfo_dispose(&bi);
	return 0;
}

static void test_readers_buildinfo(void)
{
	/* Go 1.18+: "\xff Go buildinf:", pointer size, flags 2 (strings inline, little-endian),
	 * then the version and the module info as varint-prefixed strings */
	static uint8_t blob[256];
	memset(blob, 0, sizeof blob);
	memcpy(blob, "\xff Go buildinf:", 14);
	blob[14] = 8, blob[15] = 2;
	size_t p = 32;
	blob[p++] = 8;
	memcpy(blob + p, "go1.22.0", 8), p += 8;
	static const char mi[] = "0w\xaf\x0c\x92t\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6"
	                         "path\tex.com/app\nmod\tex.com/app\t(devel)\t\nbuild\tGOOS=linux\n"
	                         "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2";
	blob[p++] = (uint8_t)(sizeof mi - 1);
	memcpy(blob + p, mi, sizeof mi - 1), p += sizeof mi - 1;
	size_t whole = 0;
	unit_mut m;
	unit_mutate("build info", blob, p, 1, NULL, 0, read_buildinfo, &whole, &m);
	CHECK(whole == 1, "the whole blob decodes (and no cut of it)");
	CHECK(m.silent == 0 && m.odd == 0, "build info: %zu of %zu failing cuts had no message", m.silent, m.failed);
	CHECK(m.failed > 20, "build info: %zu cuts failed", m.failed);
	MUTATE_CASE("build info", blob, p, read_buildinfo, &whole, m);
}

static int read_moduledata(const uint8_t *d, size_t n, void *ctx)
{
	gs_section s;
	gs_binary b = unit_view(d, n, &s, ".noptrdata", 0x10000);
	gs_moduledata md;
	int rc = gs_moduledata_find(&md, &b, 0x5000, 2);
	*(size_t *)ctx += rc == 0 && md.addr == 0x10000 && md.text == 0x1000 && md.etext == 0x2000;
	return rc;
}

static void test_readers_moduledata(void)
{
	/* the pcHeader, ftab's length (nfunc + 1) and capacity, text and etext */
	static uint8_t md[40 * 8];
	memset(md, 0, sizeof md);
	unit_put64(md, 0x5000), unit_put64(md + 17 * 8, 3), unit_put64(md + 18 * 8, 3);
	unit_put64(md + 22 * 8, 0x1000), unit_put64(md + 23 * 8, 0x2000);
	size_t found = 0;
	CHECK(read_moduledata(md, sizeof md, &found) == 0 && found == 1, "the module data is found: text 0x1000-0x2000");
	unit_mut m;
	MUTATE_CASE("module data", md, sizeof md, read_moduledata, &found, m);
	CHECK(m.failed == 0 && m.notfound > 10 && m.ok > 10, "module data: %zu found, %zu not, %zu failed", m.ok,
	      m.notfound, m.failed);
}

/* The types region: a named struct main.T (uncommon: package "main", one field
 * X) and *main.T, which typelinks lists; the walk reports each descriptor. */
enum { T0 = 0x20000 };

typedef struct types_seen {
	int struct_main, ptr_main;
} types_seen;

static void on_type(void *ctx, uint64_t addr, uint64_t len, const char *pkg, int kind)
{
	types_seen *x = ctx;
	if (kind == GS_TW_TYPE && pkg && strcmp(pkg, "main") == 0) {
		x->struct_main |= addr == T0 + 48 && len == 120;
		x->ptr_main |= addr == T0 + 168 && len == 56;
	}
}

static int read_types(const uint8_t *d, size_t n, void *ctx)
{
	gs_section s;
	gs_binary b = unit_view(d, n, &s, ".rodata", T0);
	gs_moduledata md;
	memset(&md, 0, sizeof md);
	md.types = T0, md.etypes = T0 + 224, md.typelinks = T0 + 224, md.ntypelinks = 1;
	types_seen x = {0, 0};
	int rc = gs_types_walk(&b, &md, 22, NULL, 0, NULL, on_type, &x);
	if (ctx)
		*(types_seen *)ctx = x;
	return rc;
}

static void test_readers_types(void)
{
	static uint8_t r[232];
	memset(r, 0, sizeof r);
	memcpy(r + 8, "\0\6main.T", 8);
	memcpy(r + 16, "\0\4main", 6);
	memcpy(r + 24, "\1\1X", 3);
	memcpy(r + 32, "\0\7*main.T", 9);
	/* main.T: size, ptrdata, hash, tflag (uncommon), align, field align, kind (struct), equal, gcdata, str, ptrToThis */
	unit_put64(r + 48, 8), r[68] = 1, r[69] = 8, r[70] = 8, r[71] = 25, unit_put32(r + 88, 8), unit_put32(r + 92, 168);
	unit_put64(r + 96, T0 + 16), unit_put64(r + 104, T0 + 144), unit_put64(r + 112, 1), unit_put64(r + 120, 1);
	unit_put32(r + 128, 16), unit_put32(r + 136, 16); /* uncommon: package name, methods offset (none) */
	unit_put64(r + 144, T0 + 24);                      /* the field: name, type (none), offset */
	/* *main.T: size, ptrdata, align, field align, kind (pointer), str, then its element */
	unit_put64(r + 168, 8), unit_put64(r + 176, 8), r[189] = 8, r[190] = 8, r[191] = 22, unit_put32(r + 208, 32);
	unit_put64(r + 216, T0 + 48);
	unit_put32(r + 224, 168); /* typelinks */
	types_seen x;
	int rc = read_types(r, sizeof r, &x);
	CHECK(rc == 0 && x.struct_main && x.ptr_main, "main.T (120 bytes) and *main.T (56 bytes) are main's: rc %d, %d %d",
	      rc, x.struct_main, x.ptr_main);
	unit_mut m;
	MUTATE_CASE("types", r, sizeof r, read_types, NULL, m);
	CHECK(m.failed == 0 && m.notfound == 0, "types: %zu walks failed", m.failed);
}

void unit_readers_go(void)
{
	test_readers_pclntab();
	test_readers_buildinfo();
	test_readers_moduledata();
	test_readers_types();
}
