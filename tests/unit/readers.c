/* readers.c: the container readers on every cut and one-byte corruption of an
 * input they accept: each parses, or fails with a message of its own (never -1
 * with no message, never a crash under ASan). ELF on this test program and a
 * small C program of the fuzz corpus, Mach-O and PE on hand-made files (and the
 * corpus' heads of real ones), wasm on a hand-made module, DWARF on hand-made
 * units, line programs, frames and a zlib section. Also unit_mutate, which the
 * other reader tests use. */
#include "readers.h"

#include "container/dwarf.h"

/* The next position to cut or corrupt: every byte of the first 256, then every
 * step-th near either end (headers, tables), and 32 across the middle. */
static size_t next_pos(size_t at, size_t n, size_t step)
{
	size_t mid = n / 32 > 4096 ? n / 32 : 4096;
	return at + (at < 4096 || at + 4096 > n ? 1 + (at >= 256) * (step - 1) : mid);
}

/* Reads data[0..len) with data[at] set to v (at >= len: unchanged). */
static void read_one(const char *what, const uint8_t *data, size_t len, size_t at, uint8_t v, unit_reader read,
                     void *ctx, unit_mut *m)
{
	uint8_t *copy = malloc(len ? len : 1);
	if (!copy)
		return;
	memcpy(copy, data, len);
	if (at < len)
		copy[at] = v;
	char how[64] = "";
	if (at < len)
		snprintf(how, sizeof how, ", byte %zu set to 0x%02x", at, v);
	unit_err_mark();
	int rc = read(copy, len, ctx);
	if (rc == 0) {
		m->ok++;
	} else if (rc == GS_ENOTFOUND) {
		m->notfound++;
	} else if (rc == -1) {
		m->failed++;
		if (!unit_err_fresh() && !m->silent++)
			printf("%s: %zu bytes%s: -1 with no message\n", what, len, how);
	} else if (!m->odd++) {
		printf("%s: %zu bytes%s: returned %d\n", what, len, how, rc);
	}
	free(copy);
}

void unit_mutate(const char *what, const uint8_t *data, size_t n, size_t step, const uint8_t *vals, size_t nvals,
                 unit_reader read, void *ctx, unit_mut *m)
{
	memset(m, 0, sizeof *m);
	for (size_t cut = 0; cut <= n; cut = next_pos(cut, n, step))
		read_one(what, data, cut, SIZE_MAX, 0, read, ctx, m);
	for (size_t at = 0; vals && at < n; at = next_pos(at, n, step))
		for (size_t k = 0; k < nvals; k++)
			if (data[at] != vals[k])
				read_one(what, data, n, at, vals[k], read, ctx, m);
}

gs_binary unit_view(const uint8_t *data, size_t len, gs_section *sec, const char *name, uint64_t addr)
{
	memset(sec, 0, sizeof *sec);
	sec->name = (char *)name;
	sec->off = 0, sec->size = len, sec->addr = addr, sec->vmsize = len, sec->alloc = 1, sec->write = 1;
	gs_binary b;
	memset(&b, 0, sizeof b);
	b.data = data, b.size = b.vsize = len, b.ptrsize = 8, b.secs = sec, b.nsecs = 1, b.format = "elf", b.arch = "amd64";
	return b;
}

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

static const uint8_t bytes[] = {0x00, 0xff, 0x41};

static int read_binary(const uint8_t *d, size_t n, void *ctx)
{
	gs_binary b;
	int rc = gs_binary_parse(&b, d, n, ctx);
	if (rc == 0)
		gs_binary_dispose(&b);
	return rc;
}

/* Parses data whole (it must), then every cut (and corruption, with vals). */
static void binary_case(const char *what, const uint8_t *data, size_t n, size_t step, const uint8_t *vals, size_t nvals)
{
	unit_mut m;
	unit_mutate(what, data, n, step, vals, nvals, read_binary, NULL, &m);
	CHECK(m.silent == 0 && m.odd == 0, "%s: %zu of %zu failures had no message, %zu odd results", what, m.silent,
	      m.failed, m.odd);
	CHECK(m.failed > 10 && m.ok >= 1, "%s: %zu failed, %zu parsed (the whole file does)", what, m.failed, m.ok);
}

static void test_readers_elf(void)
{
	size_t n;
	uint8_t *self = slurp("/proc/self/exe", &n);
	CHECK(self && n > 4096, "read this test program (%zu bytes)", n);
	if (self)
		binary_case("ELF (this program)", self, n, 7, NULL, 0);
	free(self);
	uint8_t *c = slurp(GS_SOURCE_DIR "/tests/fuzz/corpus/binary/true", &n);
	CHECK(c && n > 4096, "read the fuzz corpus' C program (%zu bytes)", n);
	if (c)
		binary_case("ELF (true)", c, n, 64, bytes, sizeof bytes);
	free(c);
}

/* A 64-bit Mach-O executable: __TEXT with __text, LC_SYMTAB (main.main,
 * main.f), LC_FUNCTION_STARTS; at off in buf (a universal file's slice). */
static size_t macho(uint8_t *buf, size_t off)
{
	uint8_t *m = buf + off;
	memset(m, 0, 316);
	memcpy(m, "\xcf\xfa\xed\xfe", 4);
	unit_put32(m + 4, 0x01000007), unit_put32(m + 8, 3), unit_put32(m + 12, 2); /* amd64, executable */
	unit_put32(m + 16, 3), unit_put32(m + 20, 192), unit_put32(m + 24, 0x200000); /* 3 commands, PIE */
	uint8_t *seg = m + 32; /* LC_SEGMENT_64 __TEXT, one section */
	unit_put32(seg, 0x19), unit_put32(seg + 4, 152);
	memcpy(seg + 8, "__TEXT", 6);
	unit_put64(seg + 24, 0x100000000), unit_put64(seg + 32, 0x1000), unit_put64(seg + 40, 0), unit_put64(seg + 48, 316);
	unit_put32(seg + 56, 5), unit_put32(seg + 60, 5), unit_put32(seg + 64, 1);
	uint8_t *sec = seg + 72;
	memcpy(sec, "__text", 6), memcpy(sec + 16, "__TEXT", 6);
	unit_put64(sec + 32, 0x100000000 + 224), unit_put64(sec + 40, 32), unit_put32(sec + 48, 224);
	unit_put32(sec + 64, 0x80000400);
	uint8_t *sym = m + 184; /* LC_SYMTAB */
	unit_put32(sym, 2), unit_put32(sym + 4, 24), unit_put32(sym + 8, 264), unit_put32(sym + 12, 2);
	unit_put32(sym + 16, 296), unit_put32(sym + 20, 20);
	uint8_t *fs = m + 208; /* LC_FUNCTION_STARTS */
	unit_put32(fs, 0x26), unit_put32(fs + 4, 16), unit_put32(fs + 8, 256), unit_put32(fs + 12, 8);
	memset(m + 224, 0xc3, 32);
	for (int i = 0; i < 2; i++) { /* nlist_64: strx, N_SECT|N_EXT, section 1, value */
		uint8_t *e = m + 264 + 16 * i;
		unit_put32(e, i ? 12 : 1), e[4] = 0x0f, e[5] = 1;
		unit_put64(e + 8, 0x100000000 + 224 + 16 * (uint64_t)i);
	}
	memcpy(m + 296, "\0_main.main\0_main.f\0", 20);
	return off + 316;
}

static void test_readers_macho(void)
{
	static uint8_t m[28 + 316];
	size_t n = macho(m, 0);
	gs_binary b;
	int rc = gs_binary_parse(&b, m, n, NULL);
	CHECK(rc == 0, "the hand-made Mach-O parses: %s", gs_errmsg());
	if (rc == 0) {
		const gs_symbol *f = gs_binary_symbol(&b, "main.f");
		const gs_section *t = gs_binary_section(&b, "__text");
		CHECK(f && f->addr == 0x100000000 + 240 && f->size == 16, "main.f at 0x100000f0, 16 bytes");
		CHECK(t && t->off == 224 && t->size == 32 && t->exec, "__text: 32 bytes of code at 224");
		gs_binary_dispose(&b);
	}
	binary_case("Mach-O", m, n, 1, bytes, sizeof bytes);
	/* the same as the one slice of a universal file */
	memset(m, 0, 28);
	memcpy(m, "\xca\xfe\xba\xbe\0\0\0\1\x01\0\0\x07\0\0\0\3\0\0\0\x1c\0\0\x01\x3c", 24);
	n = macho(m, 28);
	rc = gs_binary_parse(&b, m, n, "amd64");
	CHECK(rc == 0, "the universal file parses: %s", gs_errmsg());
	if (rc == 0)
		gs_binary_dispose(&b);
	binary_case("universal Mach-O", m, n, 1, bytes, sizeof bytes);
	/* the load commands of real ones (their segments lie past the 4 KiB kept) */
	static const char *heads[] = {"esbuild-darwin-arm64-head4k", "esbuild-darwin-x64-head4k", "universal-darwin-head"};
	for (size_t i = 0; i < 3; i++) {
		char path[512];
		snprintf(path, sizeof path, GS_SOURCE_DIR "/tests/fuzz/corpus/binary/%s", heads[i]);
		uint8_t *d = slurp(path, &n);
		CHECK(d != NULL, "read %s", path);
		unit_mut mu = {0};
		if (d)
			unit_mutate(heads[i], d, n < 4096 ? n : 4096, 4, bytes, sizeof bytes, read_binary, NULL, &mu);
		CHECK(d && mu.silent == 0 && mu.odd == 0 && mu.failed > 100, "%s: %zu of %zu failures had no message",
		      heads[i], mu.silent, mu.failed);
		free(d);
	}
}

/* A PE32+ executable: one .text section, two COFF symbols (main.main by the
 * string table, main.f inline). */
static void test_readers_pe(void)
{
	static uint8_t p[450];
	memset(p, 0, sizeof p);
	memcpy(p, "MZ", 2), unit_put32(p + 0x3c, 64);
	memcpy(p + 64, "PE\0\0", 4);
	uint8_t *coff = p + 68, *opt = coff + 20, *sh = opt + 240;
	unit_put16(coff, 0x8664), unit_put16(coff + 2, 1), unit_put32(coff + 8, 400), unit_put32(coff + 12, 2);
	unit_put16(coff + 16, 240);
	unit_put16(opt, 0x20b), unit_put64(opt + 24, 0x140000000), unit_put16(opt + 70, 0x40);
	memcpy(sh, ".text", 5);
	unit_put32(sh + 8, 32), unit_put32(sh + 12, 0x1000), unit_put32(sh + 16, 32), unit_put32(sh + 20, 368);
	unit_put32(sh + 36, 0x60000020);
	memset(p + 368, 0xc3, 32);
	uint8_t *s0 = p + 400, *s1 = s0 + 18;
	memcpy(s0, "main.f", 6), unit_put32(s0 + 8, 16), unit_put16(s0 + 12, 1), unit_put16(s0 + 14, 0x20), s0[16] = 2;
	unit_put32(s1 + 4, 4), unit_put16(s1 + 12, 1), unit_put16(s1 + 14, 0x20), s1[16] = 2;
	unit_put32(p + 436, 14), memcpy(p + 440, "main.main", 10);
	gs_binary b;
	int rc = gs_binary_parse(&b, p, sizeof p, NULL);
	CHECK(rc == 0, "the hand-made PE parses: %s", gs_errmsg());
	if (rc == 0) {
		const gs_symbol *m = gs_binary_symbol(&b, "main.main");
		CHECK(m && m->addr == 0x140001000 && m->size == 16, "main.main at 0x140001000, 16 bytes");
		CHECK(b.pie && strcmp(b.arch, "amd64") == 0, "PIE, amd64");
		gs_binary_dispose(&b);
	}
	binary_case("PE", p, sizeof p, 1, bytes, sizeof bytes);
	size_t n;
	uint8_t *d = slurp(GS_SOURCE_DIR "/tests/fuzz/corpus/binary/esbuild-win32-x64-head4k", &n);
	CHECK(d != NULL, "read the corpus' PE head");
	unit_mut mu = {0};
	if (d)
		unit_mutate("PE head", d, n < 4096 ? n : 4096, 4, bytes, sizeof bytes, read_binary, NULL, &mu);
	CHECK(d && mu.silent == 0 && mu.odd == 0 && mu.failed > 100, "PE head: %zu of %zu failures had no message",
	      mu.silent, mu.failed);
	free(d);
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
	gs_binary b;
	int rc = gs_binary_parse(&b, m, sizeof m, NULL);
	CHECK(rc == 0, "the hand-made wasm module parses: %s", gs_errmsg());
	if (rc == 0)
		gs_binary_dispose(&b);
	binary_case("wasm", m, sizeof m, 1, bytes, sizeof bytes);
}

/* DWARF 4: two Go units ("main", "fmt") with a line program each, and a
 * .debug_frame with a CIE and one FDE. */
static const uint8_t abbrev[] = {1, 0x11, 0, 0x03, 0x08, 0x13, 0x0b, 0x10, 0x17, 0, 0, 0};
static const uint8_t info[] = {19, 0, 0, 0, 4, 0, 0, 0, 0, 0, 8, 1, 'm', 'a', 'i', 'n', 0, 0x16, 0, 0, 0, 0, 0,
                               18, 0, 0, 0, 4, 0, 0, 0, 0, 0, 8, 1, 'f', 'm', 't', 0, 0x16, 12, 0, 0, 0, 0};
static const uint8_t line[] = {8, 0, 0, 0, 4, 0, 1, 2, 3, 4, 5, 6, 8, 0, 0, 0, 4, 0, 1, 2, 3, 4, 5, 6};
static const uint8_t frame[] = {12, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 1, 0, 1, 0x78, 16, 0, 0, 0,
                                20, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, 0};

typedef struct dwarf_seen {
	int which; /* the section mutated: 0 info, 1 abbrev, 2 line, 3 frame */
	size_t units, go, lines, frames;
	char names[64];
} dwarf_seen;

static void on_unit(void *ctx, const gs_dwarf_unit *u)
{
	dwarf_seen *x = ctx;
	x->units++;
	x->go += u->go;
	x->lines += u->line_len == 12;
	size_t l = strlen(x->names);
	snprintf(x->names + l, sizeof x->names - l, "%s%s", l ? "," : "", u->name ? u->name : "?");
}

static void on_frame(void *ctx, uint64_t off, uint64_t len, uint64_t pc)
{
	dwarf_seen *x = ctx;
	x->frames += off == 16 && len == 24 && pc == 0x1000;
}

static int read_dwarf(const uint8_t *d, size_t n, void *ctx)
{
	dwarf_seen *x = ctx;
	const uint8_t *p[4] = {info, abbrev, line, frame};
	size_t len[4] = {sizeof info, sizeof abbrev, sizeof line, sizeof frame};
	p[x->which] = d, len[x->which] = n;
	gs_rd r[4], str = gs_rd_make(NULL, 0, 0, 8);
	for (int i = 0; i < 4; i++)
		r[i] = gs_rd_make(p[i], len[i], 0, 8);
	gs_dwarf_visit vis = {on_unit, NULL, x};
	x->units = x->go = x->lines = x->frames = 0;
	x->names[0] = '\0';
	if (gs_dwarf_units(&r[0], &r[1], &str, &r[2], &vis) < 0)
		return -1;
	return gs_dwarf_frames(&r[3], 8, on_frame, x);
}

static uint32_t adler32(const uint8_t *p, size_t n)
{
	uint32_t a = 1, b = 0;
	for (size_t i = 0; i < n; i++)
		a = (a + p[i]) % 65521, b = (b + a) % 65521;
	return b << 16 | a;
}

static int read_zdebug(const uint8_t *d, size_t n, void *ctx)
{
	gs_section s;
	gs_binary b = unit_view(d, n, &s, ".zdebug_info", 0);
	s.alloc = 0, s.compressed = 1;
	gs_rd r;
	uint8_t *own = NULL;
	int rc = gs_dwarf_section(&b, &s, &r, &own);
	if (rc == 0 && ctx)
		*(int *)ctx = r.len == sizeof info && memcmp(r.p, info, sizeof info) == 0;
	free(own);
	return rc;
}

static void test_readers_dwarf(void)
{
	dwarf_seen x = {0};
	int rc = read_dwarf(info, sizeof info, &x);
	CHECK(rc == 0 && x.units == 2 && x.go == 2 && x.lines == 2 && x.frames == 1 && strcmp(x.names, "main,fmt") == 0,
	      "the hand-made DWARF: rc %d, units %s (%zu Go, %zu line programs), %zu frames", rc, x.names, x.go, x.lines,
	      x.frames);
	static const char *what[] = {".debug_info", ".debug_abbrev", ".debug_line", ".debug_frame"};
	const uint8_t *p[4] = {info, abbrev, line, frame};
	size_t len[4] = {sizeof info, sizeof abbrev, sizeof line, sizeof frame}, failed = 0;
	for (int i = 0; i < 4; i++) {
		unit_mut m;
		x.which = i;
		unit_mutate(what[i], p[i], len[i], 1, bytes, sizeof bytes, read_dwarf, &x, &m);
		CHECK(m.silent == 0 && m.odd == 0, "%s: %zu of %zu failures had no message", what[i], m.silent, m.failed);
		failed += m.failed;
	}
	CHECK(failed > 20, "DWARF: %zu mutations failed", failed);
	/* a .zdebug section: "ZLIB", the size (big-endian), a zlib stream of one stored block */
	uint8_t z[12 + 2 + 5 + sizeof info + 4];
	memcpy(z, "ZLIB\0\0\0\0\0\0\0", 11), z[11] = sizeof info;
	z[12] = 0x78, z[13] = 0x01, z[14] = 1;
	unit_put16(z + 15, sizeof info), unit_put16(z + 17, (uint16_t)~sizeof info);
	memcpy(z + 19, info, sizeof info);
	uint32_t a = adler32(info, sizeof info);
	for (int i = 0; i < 4; i++)
		z[19 + sizeof info + i] = (uint8_t)(a >> (24 - 8 * i));
	int same = 0;
	rc = read_zdebug(z, sizeof z, &same);
	CHECK(rc == 0 && same, "the .zdebug section inflates to the units: rc %d, %s", rc, gs_errmsg());
	unit_mut m;
	unit_mutate(".zdebug_info", z, sizeof z, 1, bytes, sizeof bytes, read_zdebug, NULL, &m);
	CHECK(m.silent == 0 && m.odd == 0 && m.failed > 20, ".zdebug_info: %zu of %zu failures had no message", m.silent,
	      m.failed);
}

void unit_readers(void)
{
	test_readers_elf();
	test_readers_macho();
	test_readers_pe();
	test_readers_wasm();
	test_readers_dwarf();
}
