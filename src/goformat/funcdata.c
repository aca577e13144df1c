/* funcdata.c - proven extents of funcdata blobs (see funcdata.h). Formats
 * from the runtime's readers (symtab.go, stack.go, panic.go, traceback.go). */
#include "goformat/funcdata.h"

enum { MAX_BLOB = 1 << 20 };

/* A stack map: n, nbit (int32 each), then n bitmaps of ceil(nbit/8) bytes. */
static uint64_t stackmap(gs_rd *r)
{
	uint64_t n = gs_rd_u32(r, 0), nbit = gs_rd_u32(r, 4);
	if (r->bad || n > 65536 || nbit > (1u << 24))
		return 0;
	return 8 + n * ((nbit + 7) / 8);
}

/* Stack objects: a uintptr count, then records of {off, size, ptrdata, gcdataoff}
 * int32s (Go 1.18+) or {off int, typ *_type} (before). */
static uint64_t stkobj(gs_rd *r, uint64_t P, int minor)
{
	uint64_t n = gs_rd_uptr(r, 0), rec = minor >= 18 ? 16 : 2 * P;
	if (r->bad || n == 0 || n > 4096)
		return 0;
	return P + n * rec;
}

/* The inline tree: maxidx+1 entries of 20 bytes (Go 1.12-1.19) or 16 (1.20+). */
static uint64_t inltree(int64_t maxidx, int minor)
{
	if (maxidx < 0 || maxidx >= 65536)
		return 0;
	return (uint64_t)(maxidx + 1) * (minor >= 20 ? 16 : 20);
}

/* Open-coded defer info: uvarints. deferBitsOffset, then slotsOffset (1.22+);
 * or nDefers and per defer closureOffset (1.17-1.21), or per defer argWidth,
 * closureOffset, nArgs and three per argument (1.14-1.16). */
static uint64_t opendefer(gs_rd *r, int minor)
{
	uint64_t p = 0;
	gs_rd_uvarint(r, &p);
	uint64_t n = gs_rd_uvarint(r, &p);
	if (minor >= 22)
		return r->bad ? 0 : p;
	if (r->bad || n > 64)
		return 0;
	for (uint64_t i = 0; i < n && !r->bad; i++) {
		if (minor >= 17) {
			gs_rd_uvarint(r, &p);
			continue;
		}
		gs_rd_uvarint(r, &p);
		gs_rd_uvarint(r, &p);
		uint64_t nargs = gs_rd_uvarint(r, &p);
		if (nargs > 256)
			return 0;
		for (uint64_t k = 0; k < 3 * nargs && !r->bad; k++)
			gs_rd_uvarint(r, &p);
	}
	return r->bad ? 0 : p;
}

/* Argument info (1.17+): bytes ending at 0xff (_endSeq); 0xfb-0xfe stand
 * alone, any other byte is an offset followed by a size. */
static uint64_t arginfo(gs_rd *r)
{
	for (uint64_t p = 0; p < 1024;) {
		uint8_t c = gs_rd_u8(r, p++);
		if (r->bad)
			return 0;
		if (c == 0xff)
			return p;
		if (c < 0xfb)
			p++;
	}
	return 0;
}

uint64_t gs_funcdata_size(const gs_binary *b, uint64_t addr, int kind, int64_t maxidx, int minor)
{
	gs_rd r;
	uint64_t P = (uint64_t)b->ptrsize, n;
	if (!gs_binary_at_most(b, addr, MAX_BLOB, &r))
		return 0;
	switch (kind) {
	case GS_FD_ARGS: case GS_FD_LOCALS: n = stackmap(&r); break;
	case GS_FD_STKOBJ: n = stkobj(&r, P, minor); break;
	case GS_FD_INLTREE: n = inltree(maxidx, minor); break;
	case GS_FD_OPENDEFER: n = opendefer(&r, minor); break;
	case GS_FD_ARGINFO: n = minor >= 17 ? arginfo(&r) : 0; break;
	/* the liveness info: a byte, then bitmaps; the pcdata values are their
	 * offsets, so the last bitmap starts at maxidx (its length is not
	 * recorded: one byte is proven) */
	case GS_FD_ARGLIVE: n = minor >= 18 && maxidx >= 1 && maxidx < 65536 ? (uint64_t)maxidx + 1 : 0; break;
	case GS_FD_WRAPINFO: n = minor >= 18 ? 4 : 0; break;
	default: n = 0;
	}
	/* the view read the blob's head; a larger blob (the stack map of a
	 * 580 KB generated function: 12.8 MB) is checked whole */
	gs_rd whole;
	return n && (gs_rd_has(&r, 0, n) || gs_binary_at(b, addr, n, &whole) == 0) ? n : 0;
}
