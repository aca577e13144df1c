/* buildinfo.c - find and decode .go.buildinfo (Go 1.13+, both layouts) into
 * the model's gs_buildinfo. */
#include "goformat/buildinfo.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/mem.h"

static const char MAGIC[14] = "\xff Go buildinf:";
#define BI_ALIGN 16
#define BI_HDR 32
#define BI_MAX_STR (16u << 20)

/* Reads the Go string header {data, len} at VM address addr into a new string
 * *out. Returns 0, GS_ENOTFOUND (no message) when the header or its bytes are
 * not in the file, or -1 (out of memory, message set). */
static int read_gostring(const gs_binary *b, uint64_t addr, char **out, size_t *n)
{
	uint64_t data, len;
	gs_rd r;
	*out = NULL;
	if (gs_binary_ptr(b, addr, &data) < 0 || gs_binary_at(b, addr + (uint64_t)b->ptrsize, (uint64_t)b->ptrsize, &r) < 0)
		return GS_ENOTFOUND;
	len = gs_rd_uptr(&r, 0);
	if (len > BI_MAX_STR || gs_binary_at(b, data, len, &r) < 0)
		return GS_ENOTFOUND;
	*n = (size_t)len;
	return (*out = gs_strndup((const char *)r.p, (size_t)len)) ? 0 : -1;
}

static int decode(gs_buildinfo *bi, const gs_binary *b, uint64_t off)
{
	gs_rd f = gs_binary_rd(b);
	uint8_t ptrsize = gs_rd_u8(&f, off + 14), flags = gs_rd_u8(&f, off + 15);
	if (ptrsize != 4 && ptrsize != 8)
		return gs_fail("build info at offset %llu: bad pointer size %u", (unsigned long long)off, ptrsize);
	bi->found = 1;
	bi->off = off;
	char *mod = NULL;
	size_t modlen = 0;
	if (flags & 2) {
		uint64_t p = off + BI_HDR;
		uint64_t n = gs_rd_uvarint(&f, &p);
		if (f.bad || !gs_rd_has(&f, p, n) || n > BI_MAX_STR)
			return gs_fail("build info at offset %llu: Go version string out of range", (unsigned long long)off);
		if (!(bi->goversion = gs_strndup((const char *)f.p + p, (size_t)n)))
			return -1;
		p += n;
		n = gs_rd_uvarint(&f, &p);
		if (f.bad || !gs_rd_has(&f, p, n) || n > BI_MAX_STR)
			return gs_fail("build info at offset %llu: module info out of range", (unsigned long long)off);
		mod = (char *)f.p + p;
		modlen = (size_t)n;
		return gs_buildinfo_parse_modinfo(bi, mod, modlen);
	}
	/* Go 1.13-1.17: two pointers to Go string headers, in the binary's byte order. */
	gs_binary tb = *b;
	tb.ptrsize = ptrsize;
	tb.be = flags & 1;
	gs_rd h = gs_rd_make(b->data, b->size, tb.be, ptrsize);
	uint64_t vaddr = gs_rd_uptr(&h, off + 16), maddr = gs_rd_uptr(&h, off + 16 + ptrsize);
	int rc = read_gostring(&tb, vaddr, &bi->goversion, &modlen);
	if (rc == GS_ENOTFOUND)
		return gs_fail("build info at offset %llu: the Go version string (header at 0x%llx) is not in the file",
		               (unsigned long long)off, (unsigned long long)vaddr);
	if (rc < 0)
		return -1;
	/* Go 1.13 may leave runtime.modinfo in .bss (no module data in the file,
	 * as `go version -m` also finds): the module list is unknown, not an error */
	rc = read_gostring(&tb, maddr, &mod, &modlen);
	if (rc == GS_ENOTFOUND) {
		bi->no_modinfo = 1;
		return 0;
	}
	if (rc < 0)
		return -1;
	rc = gs_buildinfo_parse_modinfo(bi, mod, modlen);
	free(mod);
	return rc;
}

/* Searches [off, off+len) for the magic at 16-byte-aligned file offsets
 * relative to base (sections are aligned in memory, and file offset and VM
 * address agree modulo the page size). */
static int buildinfo_read(gs_buildinfo *bi, const gs_binary *b);

static int64_t scan(const gs_binary *b, uint64_t off, uint64_t len, uint64_t addr)
{
	uint64_t skew = (BI_ALIGN - (addr % BI_ALIGN)) % BI_ALIGN;
	for (uint64_t p = skew; p + BI_HDR <= len; p += BI_ALIGN)
		if (memcmp(b->data + off + p, MAGIC, sizeof MAGIC) == 0)
			return (int64_t)(off + p);
	return -1;
}

/* Without a build info header (Go's wasm writes none): the runtime.modinfo
 * string, found by its sentinels in writable segments, and the Go version the
 * container names. Returns 0 (found or not) or -1. */
static int modinfo_only(gs_buildinfo *bi, const gs_binary *b)
{
	static const char START[16] = "\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6";
	static const char END[16] = "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2";
	const uint8_t *mod = NULL, *mend = NULL;
	for (size_t i = 0; !mod && i < b->nsegs; i++) {
		const gs_segment *g = &b->segs[i];
		if (!g->write || g->exec || g->off > b->vsize || g->filesz > b->vsize - g->off)
			continue;
		const uint8_t *p = b->data + g->off, *e = p + g->filesz;
		while (!mod && (p = memmem(p, (size_t)(e - p), START, sizeof START)) != NULL) {
			size_t avail = (size_t)(e - p) < BI_MAX_STR ? (size_t)(e - p) : BI_MAX_STR;
			const uint8_t *q = avail > 32 ? memmem(p + 16, avail - 16, END, sizeof END) : NULL;
			if (q && q > p + 16 && q[-1] == '\n')
				mod = p, mend = q + 16;
			else
				p++;
		}
	}
	if (!mod && !b->toolchain)
		return 0;
	bi->found = 1;
	bi->off = mod ? (uint64_t)(mod - b->data) : 0;
	if (b->toolchain && !(bi->goversion = gs_strdup(b->toolchain)))
		goto fail;
	if (!mod)
		bi->no_modinfo = 1;
	else if (gs_buildinfo_parse_modinfo(bi, (const char *)mod, (size_t)(mend - mod)) < 0)
		goto fail;
	return 0;
fail:
	gs_buildinfo_dispose(bi);
	return -1;
}

/* 1 if s[0..n) is a Go release version as runtime.buildVersion holds it:
 * go1.N, go1.N.M, go1.NrcK/betaK, then optionally " " and experiment tags. */
static int is_goversion(const uint8_t *s, uint64_t n)
{
	uint64_t i = 4, d;
	if (n < 5 || n > 64 || memcmp(s, "go1.", 4) != 0)
		return 0;
	for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++, d++)
		;
	if (!d || d > 3)
		return 0;
	if (i < n && s[i] == '.') {
		for (i++, d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++, d++)
			;
		if (!d)
			return 0;
	}
	while (i < n && s[i] >= 'a' && s[i] <= 'z' && (s[i] == 'r' || s[i] == 'c' || s[i] == 'b' || s[i] == 'e' ||
	                                                s[i] == 't' || s[i] == 'a'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i < n && s[i] != ' ')
		return 0;
	for (; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return 0;
	return 1;
}

/* Without build info: the runtime's buildVersion, a string variable the
 * linker fills, found by its structure: a pointer-aligned {data, len} header
 * in writable data whose data, in read-only data, is a Go version. */
static int version_from_runtime(gs_buildinfo *bi, const gs_binary *b)
{
	uint64_t P = (uint64_t)b->ptrsize;
	for (size_t i = 0; i < b->nsecs; i++) {
		const gs_section *s = &b->secs[i];
		if (!s->alloc || !s->write || s->exec || !s->size || s->addr % P)
			continue;
		for (uint64_t a = s->addr; a + 2 * P <= s->addr + s->size; a += P) {
			uint64_t ptr, len;
			gs_rd r;
			if (gs_binary_ptr(b, a + P, &len) < 0 || len < 5 || len > 64 || gs_binary_ptr(b, a, &ptr) < 0 ||
			    gs_binary_at(b, ptr, len, &r) < 0 || !is_goversion(r.p, len))
				continue;
			const gs_section *t = NULL;
			for (size_t k = 0; k < b->nsecs && !t; k++)
				if (b->secs[k].alloc && b->secs[k].size && ptr >= b->secs[k].addr &&
				    ptr - b->secs[k].addr < b->secs[k].size)
					t = &b->secs[k];
			if (!t || t->write || t->exec)
				continue;
			if (!(bi->goversion = gs_strndup((const char *)r.p, (size_t)len)))
				return -1;
			bi->version_from = "runtime.buildVersion";
			return 0;
		}
	}
	return 0;
}

int gs_buildinfo_read(gs_buildinfo *bi, const gs_binary *b)
{
	int rc = buildinfo_read(bi, b);
	if (rc == 0 && !bi->goversion) {
		if (version_from_runtime(bi, b) < 0) {
			gs_buildinfo_dispose(bi);
			return -1;
		}
		if (bi->goversion && !bi->found)
			bi->found = 1, bi->no_modinfo = 1;
	}
	return rc;
}

static int buildinfo_read(gs_buildinfo *bi, const gs_binary *b)
{
	memset(bi, 0, sizeof *bi);
	const gs_section *s = gs_binary_section(b, ".go.buildinfo");
	if (!s)
		s = gs_binary_section(b, "__go_buildinfo");
	int64_t at = -1;
	if (s && s->size >= BI_HDR)
		at = scan(b, s->off, s->size, s->addr);
	/* No (usable) section: scan writable data sections, then writable segments. */
	for (size_t i = 0; at < 0 && i < b->nsecs; i++)
		if (b->secs[i].alloc && b->secs[i].write && b->secs[i].size)
			at = scan(b, b->secs[i].off, b->secs[i].size, b->secs[i].addr);
	for (size_t i = 0; at < 0 && i < b->nsegs; i++)
		if (b->segs[i].write && !b->segs[i].exec)
			at = scan(b, b->segs[i].off, b->segs[i].filesz, b->segs[i].addr);
	if (at < 0)
		return modinfo_only(bi, b);
	if (decode(bi, b, (uint64_t)at) < 0) {
		gs_buildinfo_dispose(bi);
		return -1;
	}
	return 0;
}
