/* readers.c: every cut of an input the readers accept either still parses or fails
 * with a message (never -1 with no message, never a crash): the ELF reader on this
 * test program itself, the wasm reader on a hand-made module, the pclntab and build
 * info decoders on hand-made tables in a hand-made view. */
#include "unit.h"

#include "binary.h"
#include "buildinfo.h"
#include "pclntab.h"

static uint8_t *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *d = NULL;
	*n = 0;
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0) {
		long len = ftell(f);
		if (len > 0 && fseek(f, 0, SEEK_SET) == 0 && (d = malloc((size_t)len)) &&
		    fread(d, 1, (size_t)len, f) != (size_t)len) {
			free(d);
			d = NULL;
		}
		*n = d ? (size_t)len : 0;
	}
	fclose(f);
	return d;
}

/* Parses data[0..cut) for each cut; counts the failures without a message. */
static size_t cuts_binary(const uint8_t *data, size_t size, size_t step, size_t *parsed, size_t *failed)
{
	size_t silent = 0;
	/* every byte of the first 256, then every step-th near either end (headers, section
	 * and program header tables), and 32 cuts across the middle */
	size_t mid = size / 32 > 4096 ? size / 32 : 4096;
	for (size_t cut = 0; cut <= size; cut += cut < 4096 || cut + 4096 > size ? 1 + (cut >= 256) * (step - 1) : mid) {
		gs_binary b;
		unit_err_mark();
		uint8_t *copy = malloc(cut ? cut : 1); /* exactly cut bytes, so ASan sees any read past them */
		if (!copy)
			break;
		memcpy(copy, data, cut);
		int rc = gs_binary_parse(&b, copy, cut, NULL);
		if (rc == 0) {
			(*parsed)++;
			gs_binary_dispose(&b);
		} else {
			(*failed)++;
			if (!unit_err_fresh()) {
				if (!silent)
					printf("cut at %zu of %zu: -1 with no message\n", cut, size);
				silent++;
			}
		}
		free(copy);
	}
	return silent;
}

static void test_readers_elf(void)
{
	size_t n, parsed = 0, failed = 0;
	uint8_t *self = slurp("/proc/self/exe", &n);
	CHECK(self && n > 4096, "read this test program (%zu bytes)", n);
	if (!self)
		return;
	size_t silent = cuts_binary(self, n, 7, &parsed, &failed);
	CHECK(silent == 0, "ELF: %zu of %zu failing cuts had no message", silent, failed);
	CHECK(failed > 100 && parsed >= 1, "ELF: %zu cuts failed, %zu parsed (the whole file does)", failed, parsed);
	free(self);
}

static void test_readers_wasm(void)
{
	/* magic, version; type section (one func type () -> ()); function section (one
	 * function of type 0); a custom "producers" section; code section (one body: end) */
	static const uint8_t m[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
	                            0x01, 0x04, 0x01, 0x60, 0x00, 0x00,
	                            0x03, 0x02, 0x01, 0x00,
	                            0x00, 0x1f, 0x09, 'p', 'r', 'o', 'd', 'u', 'c', 'e', 'r', 's', 0x01, 0x08, 'l', 'a', 'n',
	                            'g', 'u', 'a', 'g', 'e', 0x01, 0x02, 'G', 'o', 0x06, 'g', 'o', '1', '.', '2', '0',
	                            0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b};
	size_t parsed = 0, failed = 0;
	gs_binary b;
	int rc = gs_binary_parse(&b, m, sizeof m, NULL);
	CHECK(rc == 0, "the hand-made wasm module parses: %s", gs_errmsg());
	if (rc == 0)
		gs_binary_dispose(&b);
	size_t silent = cuts_binary(m, sizeof m, 1, &parsed, &failed);
	CHECK(silent == 0, "wasm: %zu of %zu failing cuts had no message", silent, failed);
	CHECK(failed > 10, "wasm: %zu cuts failed", failed);
}

/* A view of data[0..len) with one section of it. */
static gs_binary view(const uint8_t *data, size_t len, gs_section *sec, const char *name)
{
	memset(sec, 0, sizeof *sec);
	sec->name = (char *)name;
	sec->off = 0, sec->size = len, sec->addr = 0x10000, sec->vmsize = len, sec->alloc = 1, sec->write = 1;
	gs_binary b;
	memset(&b, 0, sizeof b);
	b.data = data, b.size = b.vsize = len, b.ptrsize = 8, b.secs = sec, b.nsecs = 1;
	return b;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Reads every prefix (0..full bytes) of data as section sec with read, which
 * returns the reader's result and counts what it accepts in *good. Returns how
 * many failing cuts set no message; *failed counts the failing cuts. */
typedef int (*section_read)(const gs_binary *b, size_t cut, size_t full, size_t *good);
static size_t cuts_section(const uint8_t *data, size_t full, const char *sec, const char *what, section_read read,
                           size_t *failed, size_t *good)
{
	size_t silent = 0;
	*failed = *good = 0;
	for (size_t cut = 0; cut <= full; cut++) {
		uint8_t *copy = malloc(cut ? cut : 1);
		if (!copy)
			break;
		memcpy(copy, data, cut);
		gs_section s;
		gs_binary b = view(copy, cut, &s, sec);
		unit_err_mark();
		if (read(&b, cut, full, good) < 0) {
			(*failed)++;
			if (!unit_err_fresh() && !silent++)
				printf("%s cut at %zu: -1 with no message\n", what, cut);
		}
		free(copy);
	}
	return silent;
}

static int read_pclntab(const gs_binary *b, size_t cut, size_t full, size_t *found)
{
	(void)cut, (void)full;
	gs_pclntab p;
	int rc = gs_pclntab_read(&p, b);
	if (rc >= 0) {
		*found += rc == 1;
		gs_pclntab_dispose(&p);
	}
	return rc;
}

static int read_buildinfo(const gs_binary *b, size_t cut, size_t full, size_t *whole)
{
	gs_buildinfo bi;
	int rc = gs_buildinfo_read(&bi, b);
	if (rc >= 0) {
		*whole += cut == full && bi.found && bi.goversion && strcmp(bi.goversion, "go1.22.0") == 0 &&
		          gs_buildinfo_setting(&bi, "GOOS") != NULL;
		gs_buildinfo_dispose(&bi);
	}
	return rc;
}

static void test_readers_pclntab(void)
{
	/* a Go 1.20 table: header (magic, pad, quantum 1, pointer size 8, nfunc 2, nfiles 1,
	 * textStart, then the offsets of funcnametab, cutab, filetab, pctab, functab), the
	 * tables, and functab's entries and _func records */
	static uint8_t t[512];
	memset(t, 0, sizeof t);
	put32(t, 0xfffffff1);
	t[6] = 1, t[7] = 8;
	put64(t + 8, 2), put64(t + 16, 1), put64(t + 24, 0x1000);
	uint64_t names = 72, cu = 96, files = 104, pcs = 120, ftab = 160;
	put64(t + 32, names), put64(t + 40, cu), put64(t + 48, files), put64(t + 56, pcs), put64(t + 64, ftab);
	memcpy(t + names, "main.main\0main.f\0", 17);
	put32(t + cu, 0);
	memcpy(t + files, "/x/main.go\0", 11);
	memset(t + pcs, 0, 40);
	/* functab: (entryoff, funcoff) x nfunc, then the end PC */
	put32(t + ftab, 0), put32(t + ftab + 4, 24);
	put32(t + ftab + 8, 0x40), put32(t + ftab + 12, 24 + 44);
	put32(t + ftab + 16, 0x80);
	/* _func records: entryoff, nameoff, the rest zero */
	put32(t + ftab + 24, 0), put32(t + ftab + 28, 0);
	put32(t + ftab + 24 + 44, 0x40), put32(t + ftab + 24 + 48, 10);
	size_t failed, found;
	size_t silent = cuts_section(t, ftab + 24 + 88, ".gopclntab", "pclntab", read_pclntab, &failed, &found);
	CHECK(silent == 0, "pclntab: %zu of %zu failing cuts had no message", silent, failed);
	CHECK(failed > 0, "pclntab: %zu cuts failed, %zu found a table", failed, found);
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
	size_t failed, whole;
	size_t silent = cuts_section(blob, p, ".go.buildinfo", "build info", read_buildinfo, &failed, &whole);
	CHECK(whole == 1, "the whole blob decodes");
	CHECK(silent == 0, "build info: %zu of %zu failing cuts had no message", silent, failed);
	CHECK(failed > 20, "build info: %zu cuts failed", failed);
}

void unit_readers(void)
{
	test_readers_elf();
	test_readers_wasm();
	test_readers_pclntab();
	test_readers_buildinfo();
}
