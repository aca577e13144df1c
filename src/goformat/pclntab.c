/* pclntab.c - locate, validate and walk the Go pclntab (Go 1.2 - 1.27). */
#include "goformat/pclntab.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/mem.h"
#include "goformat/moduledata.h"

enum { MAGIC_12 = 0xfffffffb, MAGIC_116 = 0xfffffffa, MAGIC_118 = 0xfffffff0, MAGIC_120 = 0xfffffff1 };

static int is_magic(uint32_t m)
{
	return m == MAGIC_12 || m == MAGIC_116 || m == MAGIC_118 || m == MAGIC_120;
}

void gs_pclntab_dispose(gs_pclntab *t)
{
	free(t->funcs);
	memset(t, 0, sizeof *t);
}

/* 1.18+: 32-bit entry offsets from textstart (the magics are not ordered by version). */
static int new_layout(const gs_pclntab *t) { return t->magic == MAGIC_118 || t->magic == MAGIC_120; }

/* Functab: bytes per entry and where the array starts. */
static uint64_t ftab_entsize(const gs_pclntab *t) { return new_layout(t) ? 8 : 2u * (uint64_t)t->ptrsize; }
static uint64_t ftab_start(const gs_pclntab *t) { return t->magic == MAGIC_12 ? 8u + (uint64_t)t->ptrsize : t->funcbase; }

/* Reads the header at view r into t. Returns 0, or -1 with the error set. */
static int header(gs_pclntab *t, gs_rd *r)
{
	uint64_t P;
	t->magic = gs_rd_u32(r, 0);
	if (!is_magic(t->magic))
		return gs_fail("pclntab: bad magic 0x%08x", t->magic);
	if (gs_rd_u8(r, 4) || gs_rd_u8(r, 5))
		return gs_fail("pclntab: nonzero header padding");
	t->quantum = gs_rd_u8(r, 6);
	t->ptrsize = gs_rd_u8(r, 7);
	if (t->quantum != 1 && t->quantum != 2 && t->quantum != 4)
		return gs_fail("pclntab: bad instruction quantum %d", t->quantum);
	if (t->ptrsize != r->ptrsize)
		return gs_fail("pclntab: pointer size %d does not match the binary's %d", t->ptrsize, r->ptrsize);
	P = (uint64_t)t->ptrsize;
	uint64_t nfunc = gs_rd_uptr(r, 8), hdr;
	if (t->magic == MAGIC_12) {
		t->go = "1.2-1.15";
		hdr = 8 + P;
	} else {
		/* words after nfunc: nfiles, [textStart (1.18+)], then the five table offsets */
		int text = t->magic != MAGIC_116;
		uint64_t *at[] = {&t->funcnametab, &t->cutab, &t->filetab, &t->pctab, &t->funcbase};
		t->go = t->magic == MAGIC_116 ? "1.16-1.17" : t->magic == MAGIC_118 ? "1.18-1.19" : "1.20+";
		t->nfiles = gs_rd_uptr(r, 8 + P);
		if (text)
			t->textstart = gs_rd_uptr(r, 8 + 2 * P);
		for (int k = 0; k < 5; k++)
			*at[k] = gs_rd_uptr(r, 8 + (uint64_t)(2 + text + k) * P);
		hdr = 8 + (uint64_t)(7 + text) * P;
	}
	if (r->bad)
		return gs_fail("pclntab: header truncated");
	if (t->magic != MAGIC_12 &&
	    !(hdr <= t->funcnametab && t->funcnametab <= t->cutab && t->cutab <= t->filetab &&
	      t->filetab <= t->pctab && t->pctab <= t->funcbase && t->funcbase < r->len))
		return gs_fail("pclntab: header offsets out of order or past the table end (%llu bytes)",
		               (unsigned long long)r->len);
	if (nfunc == 0 || nfunc > r->len / ftab_entsize(t))
		return gs_fail("pclntab: function count %llu does not fit in %llu bytes", (unsigned long long)nfunc,
		               (unsigned long long)r->len);
	t->nfuncs = (size_t)nfunc;
	uint64_t ftab_end = ftab_start(t) + (nfunc + 1) * ftab_entsize(t);
	if (ftab_end > r->len)
		return gs_fail("pclntab: function table (%llu functions) runs past the table end", (unsigned long long)nfunc);
	return 0;
}

/* Entry (as stored: offset from textstart in 1.18+, else absolute) of functab slot i. */
static uint64_t ftab_entry(const gs_pclntab *t, gs_rd *r, uint64_t i)
{
	uint64_t at = ftab_start(t) + i * ftab_entsize(t);
	return new_layout(t) ? gs_rd_u32(r, at) : gs_rd_uptr(r, at);
}

static uint64_t ftab_funcoff(const gs_pclntab *t, gs_rd *r, uint64_t i)
{
	uint64_t at = ftab_start(t) + i * ftab_entsize(t);
	return new_layout(t) ? gs_rd_u32(r, at + 4) : gs_rd_uptr(r, at + (uint64_t)t->ptrsize);
}

/* Byte offsets of _func fields, relative to the record. */
typedef struct funcfmt {
	uint64_t entry, nameoff, pcsp, pcfile, pcln, npcdata, nfuncdata, fixed;
	uint64_t cuoff; /* 0: no CU (1.2-1.15) */
} funcfmt;

static funcfmt func_format(const gs_pclntab *t)
{
	uint64_t P = (uint64_t)t->ptrsize;
	funcfmt f;
	switch (t->magic) {
	case MAGIC_120:
		f = (funcfmt){0, 4, 16, 20, 24, 28, 43, 44, 32};
		break;
	case MAGIC_118:
		f = (funcfmt){0, 4, 16, 20, 24, 28, 39, 40, 32};
		break;
	case MAGIC_116:
		f = (funcfmt){0, P, P + 12, P + 16, P + 20, P + 24, P + 35, P + 36, P + 28};
		break;
	default:
		f = (funcfmt){0, P, P + 12, P + 16, P + 20, P + 24, P + 31, P + 32, 0};
		break;
	}
	return f;
}

/* Bytes of the _func record at off (fixed part, pcdata and funcdata offsets). */
static uint64_t record_size(const gs_pclntab *t, gs_rd *r, uint64_t off, const funcfmt *f)
{
	uint64_t npcdata = gs_rd_u32(r, off + f->npcdata), nfuncdata = gs_rd_u8(r, off + f->nfuncdata);
	if (npcdata > 1024)
		npcdata = 0; /* corrupt; the walk reports it */
	uint64_t end = f->fixed + 4 * npcdata;
	if (new_layout(t))
		return end + 4 * nfuncdata;
	uint64_t P = (uint64_t)t->ptrsize;
	if (nfuncdata)
		end = (end + P - 1) / P * P + nfuncdata * P;
	return end;
}

/* Walks the pc-value table at table offset off for a function starting at
 * pc0, calling fn (if any) for each run [lo, hi) with its value; returns the
 * table's byte length (with the terminator) and the PC extent in *pcext.
 * Returns 0 for a table that runs off the end (r->bad set). */
typedef void (*pcvalue_fn)(void *ctx, uint64_t lo, uint64_t hi, int64_t value);

static uint64_t pcvalue_walk(const gs_pclntab *t, gs_rd *r, uint64_t off, uint64_t pc0, pcvalue_fn fn, void *ctx,
                             uint64_t *pcext)
{
	uint64_t p = off, pc = pc0;
	/* values start at -1, then zigzag deltas; summed modulo 2^64 (a hostile
	 * table must not overflow a signed sum) */
	uint64_t val = UINT64_MAX;
	for (int first = 1;; first = 0) {
		uint64_t v = gs_rd_uvarint(r, &p);
		if (r->bad)
			return 0;
		if (v == 0 && !first)
			break;
		val += (v & 1) ? ~(v >> 1) : v >> 1;
		uint64_t d = gs_rd_uvarint(r, &p);
		if (r->bad)
			return 0;
		if (fn)
			fn(ctx, pc, pc + d * (uint64_t)t->quantum, (int64_t)val);
		pc += d * (uint64_t)t->quantum;
	}
	if (pcext)
		*pcext = pc - pc0;
	return p - off;
}

/* The byte length of the pc-value table at off with its terminator, as
 * pcvalue_walk returns it, without the values: 0 if it runs off the end (or
 * r->bad is set already). */
static uint64_t pcvalue_len(gs_rd *r, uint64_t off)
{
	uint64_t p = off;
	if (r->bad)
		return 0;
	for (int first = 1;; first = 0) {
		uint64_t v = gs_rd_uvarint(r, &p);
		if (v == 0 && !first && !r->bad)
			break;
		gs_rd_uvarint(r, &p); /* the pc delta */
		if (r->bad)
			return 0;
	}
	return p - off;
}

/* The code size of a function without a pcsp table (linker trampolines,
 * some assembly): its span less the trailing padding the linker fills with
 * int3 (x86) or zero words (fixed-width instruction sets). */
static uint64_t trim_padding(const gs_binary *b, uint64_t entry, uint64_t span)
{
	gs_rd r;
	if (span == 0 || gs_binary_at(b, entry, span, &r) < 0)
		return span;
	int x86 = strcmp(b->arch, "amd64") == 0 || strcmp(b->arch, "386") == 0;
	uint64_t n = span;
	if (x86) {
		while (n > 1 && r.p[n - 1] == 0xcc)
			n--;
	} else {
		while (n >= 8 && n % 4 == 0 && !r.p[n - 1] && !r.p[n - 2] && !r.p[n - 3] && !r.p[n - 4])
			n -= 4;
	}
	return n;
}

/* The text start for 1.18+ tables: the header's value, else runtime.text,
 * else the module data, else the .text section. */
static uint64_t resolve_text(const gs_pclntab *t, const gs_binary *b)
{
	uint64_t v = 0;
	if (b->ncode)
		return 0; /* wasm: entries are PCs ((0x1000 + function index) << 16) */
	if (t->addr && gs_binary_ptr(b, t->addr + 8 + 2 * (uint64_t)t->ptrsize, &v) == 0 && v)
		return v;
	if (t->textstart)
		return t->textstart;
	const gs_symbol *s = gs_binary_symbol(b, "runtime.text");
	if (s)
		return s->addr;
	gs_moduledata md;
	if (gs_moduledata_find(&md, b, t->addr, t->nfuncs) == 0 && md.text)
		return md.text;
	const gs_section *sec = gs_binary_section(b, ".text");
	if (!sec)
		sec = gs_binary_section(b, "__text");
	return sec ? sec->addr : 0;
}

/* Parses the table at file offset off (avail bytes available). Returns 0 or -1. */
static int parse(gs_pclntab *t, const gs_binary *b, uint64_t off, uint64_t avail, uint64_t addr)
{
	gs_rd f = gs_binary_rd(b);
	gs_rd r = gs_rd_sub(&f, off, avail);
	memset(t, 0, sizeof *t);
	t->off = off;
	t->addr = addr;
	if (r.bad)
		return gs_fail("pclntab: table at offset %llu is outside the file", (unsigned long long)off);
	if (header(t, &r) < 0)
		return -1;
	size_t n = t->nfuncs;
	uint64_t base = 0;
	if (new_layout(t))
		t->textstart = base = resolve_text(t, b);
	t->nfuncs = 0;
	funcfmt ff = func_format(t);
	gs_func *fn = gs_calloc(n, sizeof *fn);
	if (!fn)
		return -1;
	t->funcs = fn;
	uint64_t end = ftab_start(t) + (n + 1) * ftab_entsize(t), prev = 0;
	uint64_t nametab_end = t->magic == MAGIC_12 ? r.len : t->cutab;
	for (size_t i = 0; i < n; i++) {
		uint64_t e = ftab_entry(t, &r, i), fo = ftab_funcoff(t, &r, i);
		uint64_t rec = t->funcbase + fo;
		if (i && e < prev)
			return gs_fail("pclntab: function table not sorted at entry %zu", i);
		prev = e;
		if (rec < ftab_start(t) || !gs_rd_has(&r, rec, ff.fixed))
			return gs_fail("pclntab: function %zu record at %llu is outside the table", i, (unsigned long long)rec);
		uint64_t rentry = new_layout(t) ? gs_rd_u32(&r, rec) : gs_rd_uptr(&r, rec);
		if (rentry != e)
			return gs_fail("pclntab: function %zu record entry 0x%llx does not match the table's 0x%llx", i,
			               (unsigned long long)rentry, (unsigned long long)e);
		uint64_t nameoff = gs_rd_u32(&r, rec + ff.nameoff), noff = t->funcnametab + nameoff;
		size_t nlen;
		const char *name = noff < nametab_end ? gs_rd_cstr(&r, noff, &nlen) : NULL;
		if (!name || noff + nlen >= nametab_end)
			return gs_fail("pclntab: function %zu name offset %llu is outside the name table", i,
			               (unsigned long long)nameoff);
		uint64_t pcsp = gs_rd_u32(&r, rec + ff.pcsp), ext = 0;
		if (pcsp && (!pcvalue_walk(t, &r, t->pctab + pcsp, 0, NULL, NULL, &ext) || r.bad))
			return gs_fail("pclntab: pcsp table of %s runs past the table end", name);
		uint64_t rs = record_size(t, &r, rec, &ff);
		if (!gs_rd_has(&r, rec, rs))
			return gs_fail("pclntab: record of %s runs past the table end", name);
		if (rec + rs > end)
			end = rec + rs;
		fn[i].name = name;
		fn[i].entry = base + e;
		fn[i].size = ext;
		fn[i].funcoff = fo;
		t->nfuncs = i + 1;
	}
	uint64_t last = ftab_entry(t, &r, n);
	if (r.bad)
		return gs_fail("pclntab: function table truncated");
	if (last < prev)
		return gs_fail("pclntab: end of text 0x%llx precedes the last function", (unsigned long long)last);
	for (size_t i = 0; i < n; i++) {
		if (b->ncode) { /* wasm: the body in the code section, PCs are not bytes */
			fn[i].size = fn[i].span = gs_binary_code_len(b, fn[i].entry);
			continue;
		}
		uint64_t next = i + 1 < n ? fn[i + 1].entry : base + last;
		fn[i].span = next - fn[i].entry;
		if (fn[i].size == 0 || fn[i].size > fn[i].span)
			fn[i].size = trim_padding(b, fn[i].entry, fn[i].span);
	}
	t->size = end > avail ? avail : end;
	return 0;
}

int gs_pclntab_probe(const gs_binary *b, uint64_t off, uint64_t avail)
{
	gs_rd f = gs_binary_rd(b);
	gs_rd r = gs_rd_sub(&f, off, avail);
	gs_pclntab t;
	memset(&t, 0, sizeof t);
	return !r.bad && header(&t, &r) == 0;
}

static int try_at(gs_pclntab *t, const gs_binary *b, uint64_t off, uint64_t avail, uint64_t addr, const char *how)
{
	if (parse(t, b, off, avail, addr) < 0) {
		gs_pclntab_dispose(t);
		return -1;
	}
	t->found_by = how;
	return 0;
}

int gs_pclntab_read(gs_pclntab *t, const gs_binary *b)
{
	static const char *names[] = {".gopclntab", ".data.rel.ro.gopclntab", "__gopclntab"};
	memset(t, 0, sizeof *t);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		const gs_section *s = gs_binary_section(b, names[i]);
		if (s && s->size)
			return try_at(t, b, s->off, s->size, s->addr, "section") < 0 ? -1 : 1;
	}
	const gs_symbol *sym = gs_binary_symbol(b, "runtime.pclntab");
	gs_rd at;
	if (sym && gs_binary_at(b, sym->addr, 8, &at) == 0) {
		const gs_symbol *end = gs_binary_symbol(b, "runtime.epclntab");
		uint64_t off = (uint64_t)(at.p - b->data), avail = b->size - off;
		if (end && end->addr > sym->addr && end->addr - sym->addr <= avail)
			avail = end->addr - sym->addr;
		return try_at(t, b, off, avail, sym->addr, "symbol") < 0 ? -1 : 1;
	}
	/* Scan loaded, non-executable sections (or segments) for a valid header. */
	for (int pass = 0; pass < 2; pass++) {
		size_t n = pass == 0 ? b->nsecs : b->nsegs;
		for (size_t i = 0; i < n; i++) {
			uint64_t off, size, addr;
			if (pass == 0) {
				const gs_section *s = &b->secs[i];
				if (!s->alloc || s->exec || !s->size)
					continue;
				off = s->off, size = s->size, addr = s->addr;
			} else {
				const gs_segment *s = &b->segs[i];
				if (gs_binary_has_alloc(b) || s->exec)
					continue;
				off = s->off, size = s->filesz, addr = s->addr;
			}
			for (uint64_t p = (4 - addr % 4) % 4; p + 16 <= size; p += 4) {
				/* every magic has 0xff bytes: skip to the word holding the next one */
				const uint8_t *ff = memchr(b->data + off + p, 0xff, size - p);
				if (!ff)
					break;
				p += ((uint64_t)(ff - (b->data + off)) - p) / 4 * 4;
				if (p + 16 > size)
					break;
				gs_rd w = gs_rd_make(b->data + off + p, 4, b->be, b->ptrsize);
				if (!is_magic(gs_rd_u32(&w, 0)) || !gs_pclntab_probe(b, off + p, size - p))
					continue;
				if (try_at(t, b, off + p, size - p, addr + p, "scan") == 0)
					return 1;
			}
		}
	}
	return 0; /* none found: candidates that did not parse are no error */
}

size_t gs_pclntab_func_at(const gs_pclntab *t, uint64_t addr)
{
	size_t i = t ? gs_lower_bound(t->funcs, t->nfuncs, sizeof *t->funcs, offsetof(gs_func, entry), addr) : 0;
	return t && i < t->nfuncs && t->funcs[i].entry == addr ? i : (size_t)-1;
}

const char *gs_pclntab_file(const gs_pclntab *t, const gs_binary *b, size_t i)
{
	gs_rd f = gs_binary_rd(b);
	gs_rd r = gs_rd_sub(&f, t->off, t->size);
	funcfmt ff = func_format(t);
	uint64_t rec = t->funcbase + t->funcs[i].funcoff, pcfile = gs_rd_u32(&r, rec + ff.pcfile);
	if (!pcfile || r.bad)
		return NULL;
	uint64_t p = t->pctab + pcfile, v = gs_rd_uvarint(&r, &p);
	int64_t fileno = -1 + (int64_t)((v & 1) ? ~(v >> 1) : v >> 1);
	if (r.bad || fileno < 0 || fileno > 1 << 24)
		return NULL;
	uint64_t name;
	if (ff.cuoff) {
		uint64_t cu = gs_rd_u32(&r, rec + ff.cuoff);
		name = gs_rd_u32(&r, t->cutab + 4 * (cu + (uint64_t)fileno));
		if (name == 0xffffffff)
			return NULL;
		name += t->filetab;
	} else {
		uint64_t filetab = gs_rd_u32(&r, ftab_start(t) + (uint64_t)t->nfuncs * ftab_entsize(t) + (uint64_t)t->ptrsize);
		name = gs_rd_u32(&r, filetab + 4 * (uint64_t)fileno);
	}
	const char *s = r.bad ? NULL : gs_rd_cstr(&r, name, NULL);
	return r.bad ? NULL : s;
}

void gs_pclntab_ranges(const gs_pclntab *t, const gs_binary *b, gs_range_fn fn, void *ctx)
{
	gs_rd f = gs_binary_rd(b);
	gs_rd r = gs_rd_sub(&f, t->off, t->size);
	funcfmt ff = func_format(t);
	uint64_t es = ftab_entsize(t);
	for (size_t i = 0; i < t->nfuncs; i++) {
		uint64_t rec = t->funcbase + t->funcs[i].funcoff;
		fn(ctx, t->off + ftab_start(t) + i * es, es, i, 0);
		fn(ctx, t->off + rec, record_size(t, &r, rec, &ff), i, 0);
		uint64_t noff = t->funcnametab + gs_rd_u32(&r, rec + ff.nameoff);
		fn(ctx, t->off + noff, strlen(t->funcs[i].name) + 1, i, 1);
		uint64_t npcdata = gs_rd_u32(&r, rec + ff.npcdata);
		uint64_t tabs[3] = {ff.pcsp, ff.pcfile, ff.pcln};
		for (uint64_t k = 0; k < 3 + npcdata && k < 3 + 1024; k++) {
			uint64_t o = gs_rd_u32(&r, k < 3 ? rec + tabs[k] : rec + ff.fixed + 4 * (k - 3));
			if (!o)
				continue;
			uint64_t len = pcvalue_len(&r, t->pctab + o);
			if (len)
				fn(ctx, t->off + t->pctab + o, len, i, 2);
			r.bad = 0;
		}
	}
}

void gs_pclntab_funcdata(const gs_pclntab *t, const gs_binary *b, void (*fn)(void *ctx, uint64_t off, size_t func),
                         void *ctx)
{
	if (!new_layout(t))
		return;
	gs_rd f = gs_binary_rd(b);
	gs_rd r = gs_rd_sub(&f, t->off, t->size);
	funcfmt ff = func_format(t);
	for (size_t i = 0; i < t->nfuncs; i++) {
		uint64_t rec = t->funcbase + t->funcs[i].funcoff;
		uint64_t npcdata = gs_rd_u32(&r, rec + ff.npcdata), nfd = gs_rd_u8(&r, rec + ff.nfuncdata);
		if (npcdata > 1024)
			continue;
		for (uint64_t k = 0; k < nfd; k++) {
			uint32_t off = gs_rd_u32(&r, rec + ff.fixed + 4 * npcdata + 4 * k);
			if (off != 0xffffffffu && !r.bad)
				fn(ctx, off, i);
		}
		r.bad = 0;
	}
}

/* The largest value of pc-value table off (an index into a funcdata blob), -1 if none. */
static void max_run(void *vm, uint64_t lo, uint64_t hi, int64_t v)
{
	(void)lo, (void)hi;
	if (v > *(int64_t *)vm)
		*(int64_t *)vm = v;
}

void gs_pclntab_funcdata_all(const gs_pclntab *t, const gs_binary *b, uint64_t gofunc, gs_fd_fn fn, void *ctx)
{
	gs_rd f = gs_binary_rd(b);
	gs_rd r = gs_rd_sub(&f, t->off, t->size);
	funcfmt ff = func_format(t);
	uint64_t P = (uint64_t)t->ptrsize;
	if (new_layout(t) && !gofunc)
		return;
	for (size_t i = 0; i < t->nfuncs; i++) {
		uint64_t rec = t->funcbase + t->funcs[i].funcoff;
		uint64_t npcdata = gs_rd_u32(&r, rec + ff.npcdata), nfd = gs_rd_u8(&r, rec + ff.nfuncdata);
		if (r.bad || npcdata > 1024) {
			r.bad = 0;
			continue;
		}
		uint64_t fdat = rec + ff.fixed + 4 * npcdata;
		for (uint64_t k = 0; k < nfd && k < 16; k++) {
			uint64_t addr;
			if (new_layout(t)) {
				uint32_t o = gs_rd_u32(&r, fdat + 4 * k);
				addr = o == 0xffffffffu ? 0 : gofunc + o;
			} else {
				addr = gs_rd_uptr(&r, (fdat + P - 1) / P * P + k * P);
			}
			if (r.bad || !addr) {
				r.bad = 0;
				continue;
			}
			/* the inline tree (3) and the argument liveness info (6, Go 1.18+) are indexed by
			 * pcdata tables 2 and 3: their largest value bounds the blob */
			int64_t max = -1;
			int pcd = k == 3 ? 2 : k == 6 ? 3 : -1;
			if (pcd >= 0 && (uint64_t)pcd < npcdata) {
				uint64_t o = gs_rd_u32(&r, rec + ff.fixed + 4 * (uint64_t)pcd);
				if (!r.bad && o)
					pcvalue_walk(t, &r, t->pctab + o, 0, max_run, &max, NULL);
				r.bad = 0;
			}
			fn(ctx, addr, i, (int)k, max);
		}
	}
}

/* The inline tree (FUNCDATA_InlTree) and the tree index per PC
 * (PCDATA_InlTreeIndex); entries are 20 bytes with the name offset at 12
 * (Go 1.16-1.19), 16 bytes with it at 4 (1.20+). */
enum { PCDATA_INLTREEINDEX = 2, FUNCDATA_INLTREE = 3 };

typedef struct inlwalk {
	const gs_pclntab *t;
	const gs_binary *b;
	gs_rd r;            /* the table */
	uint64_t tree;      /* address of the inline tree */
	uint64_t esz, at;   /* bytes per tree entry; offset of its name offset */
	gs_inl_fn fn;
	void *ctx;
} inlwalk;

/* A run of PCs with inline tree index v: inlined code (v >= 0) is reported
 * with the name of the function it came from. */
static void inl_run(void *vw, uint64_t lo, uint64_t hi, int64_t v)
{
	inlwalk *w = vw;
	gs_rd e, r = w->r;
	if (v < 0 || v >= (1 << 20) || gs_binary_at(w->b, w->tree + (uint64_t)v * w->esz, w->esz, &e) < 0)
		return;
	uint64_t noff = w->t->funcnametab + gs_rd_u32(&e, w->at);
	size_t n;
	const char *name = noff < w->t->cutab ? gs_rd_cstr(&r, noff, &n) : NULL;
	if (name && n && noff + n < w->t->cutab)
		w->fn(w->ctx, lo, hi, name);
}

void gs_pclntab_inlined(const gs_pclntab *t, const gs_binary *b, uint64_t gofunc, size_t i, gs_inl_fn fn, void *ctx)
{
	if (t->magic == MAGIC_12)
		return;
	gs_rd f = gs_binary_rd(b);
	gs_rd r = gs_rd_sub(&f, t->off, t->size);
	funcfmt ff = func_format(t);
	uint64_t rec = t->funcbase + t->funcs[i].funcoff, P = (uint64_t)t->ptrsize, tree;
	uint64_t npcdata = gs_rd_u32(&r, rec + ff.npcdata), nfd = gs_rd_u8(&r, rec + ff.nfuncdata);
	if (r.bad || npcdata <= PCDATA_INLTREEINDEX || npcdata > 1024 || nfd <= FUNCDATA_INLTREE)
		return;
	uint64_t fdat = rec + ff.fixed + 4 * npcdata;
	if (new_layout(t)) {
		uint32_t o = gs_rd_u32(&r, fdat + 4 * FUNCDATA_INLTREE);
		if (o == 0xffffffffu || !gofunc)
			return;
		tree = gofunc + o;
	} else {
		tree = gs_rd_uptr(&r, (fdat + P - 1) / P * P + FUNCDATA_INLTREE * P);
	}
	uint64_t pcd = gs_rd_u32(&r, rec + ff.fixed + 4 * PCDATA_INLTREEINDEX);
	if (r.bad || !tree || !pcd)
		return;
	inlwalk w = {.t = t, .b = b, .r = r, .tree = tree, .esz = t->magic == MAGIC_120 ? 16 : 20,
	             .at = t->magic == MAGIC_120 ? 4 : 12, .fn = fn, .ctx = ctx};
	pcvalue_walk(t, &r, t->pctab + pcd, t->funcs[i].entry, inl_run, &w, NULL);
}

void gs_pclntab_files(const gs_pclntab *t, const gs_binary *b, void (*fn)(void *ctx, const char *name), void *ctx)
{
	if (t->magic == MAGIC_12)
		return; /* the 1.2 file table is an offset list; trimpath advice covers 1.16+ */
	gs_rd f = gs_binary_rd(b);
	gs_rd r = gs_rd_sub(&f, t->off, t->size);
	for (uint64_t p = t->filetab; p < t->pctab && p < r.len;) {
		size_t n;
		const char *s = gs_rd_cstr(&r, p, &n);
		if (!s)
			break;
		if (n)
			fn(ctx, s);
		p += n + 1;
	}
}
