/* rd.h - the one way to read integers: a bounded, endian-aware view of bytes.
 * A read outside the view returns 0 and sets the sticky `bad` flag; callers
 * check `bad` once after a batch of reads. Nothing ever reads past the end. */
#ifndef GS_RD_H
#define GS_RD_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct gs_rd {
	const uint8_t *p;  /* first byte of the view */
	uint64_t len;      /* bytes in the view */
	int be;            /* 1 = big-endian */
	int ptrsize;       /* 4 or 8, for gs_rd_uptr */
	int bad;           /* set by any out-of-range read */
} gs_rd;

/* A view of [p, p+len) with the given byte order and pointer size. */
static inline gs_rd gs_rd_make(const uint8_t *p, uint64_t len, int be, int ptrsize)
{
	gs_rd r = {p, len, be, ptrsize, 0};
	return r;
}

/* A sub-view of [off, off+len) of r; sets r->bad and returns an empty view if out of range. */
gs_rd gs_rd_sub(gs_rd *r, uint64_t off, uint64_t len);

/* 1 if [off, off+n) lies inside the view (overflow-safe). */
static inline int gs_rd_has(const gs_rd *r, uint64_t off, uint64_t n)
{
	return off <= r->len && n <= r->len - off;
}

/* The n-byte integer at b (n = 1, 2, 4 or 8) in byte order be: one load and
 * at most one byte swap (these reads are the hottest loop of an analysis, so
 * they are inline). */
static inline uint64_t gs_rd_load_(const uint8_t *b, unsigned n, int be)
{
#if defined(__BYTE_ORDER__) && defined(__ORDER_BIG_ENDIAN__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ || __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__)
	int swap = be != (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	switch (n) {
	case 1: return b[0];
	case 2: {
		uint16_t v;
		memcpy(&v, b, 2);
		return swap ? __builtin_bswap16(v) : v;
	}
	case 4: {
		uint32_t v;
		memcpy(&v, b, 4);
		return swap ? __builtin_bswap32(v) : v;
	}
	case 8: {
		uint64_t v;
		memcpy(&v, b, 8);
		return swap ? __builtin_bswap64(v) : v;
	}
	default: break;
	}
#endif
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v = be ? (v << 8) | b[i] : v | (uint64_t)b[i] << (8 * i);
	return v;
}

static inline uint64_t gs_rd_n_(gs_rd *r, uint64_t off, unsigned n)
{
	if (!gs_rd_has(r, off, n)) {
		r->bad = 1;
		return 0;
	}
	return gs_rd_load_(r->p + off, n, r->be);
}

static inline uint8_t gs_rd_u8(gs_rd *r, uint64_t off) { return (uint8_t)gs_rd_n_(r, off, 1); }
static inline uint16_t gs_rd_u16(gs_rd *r, uint64_t off) { return (uint16_t)gs_rd_n_(r, off, 2); }
static inline uint32_t gs_rd_u32(gs_rd *r, uint64_t off) { return (uint32_t)gs_rd_n_(r, off, 4); }
static inline uint64_t gs_rd_u64(gs_rd *r, uint64_t off) { return gs_rd_n_(r, off, 8); }
/* A pointer-sized unsigned integer (ptrsize bytes). */
static inline uint64_t gs_rd_uptr(gs_rd *r, uint64_t off) { return gs_rd_n_(r, off, r->ptrsize == 4 ? 4 : 8); }

/* Unsigned LEB128 varint at *off; advances *off. Sets bad on overflow or end.
 * The one-byte case is inline (most varints of pc tables and DWARF are). */
uint64_t gs_rd_uvarint_(gs_rd *r, uint64_t *off);
static inline uint64_t gs_rd_uvarint(gs_rd *r, uint64_t *off)
{
	uint64_t p = *off;
	if (p < r->len && r->p[p] < 0x80) {
		*off = p + 1;
		return r->p[p];
	}
	return gs_rd_uvarint_(r, off);
}

/* The NUL-terminated string at off (NULL + bad if unterminated within the view);
 * *n receives its length without the NUL. */
const char *gs_rd_cstr(gs_rd *r, uint64_t off, size_t *n);

/* Overflow-checked a+b into *out; returns 0 or -1. */
int gs_add_u64(uint64_t a, uint64_t b, uint64_t *out);

#endif
