/* rd.h - the one way to read integers: a bounded, endian-aware view of bytes.
 * A read outside the view returns 0 and sets the sticky `bad` flag; callers
 * check `bad` once after a batch of reads. Nothing ever reads past the end. */
#ifndef GS_RD_H
#define GS_RD_H

#include <stddef.h>
#include <stdint.h>

typedef struct gs_rd {
	const uint8_t *p;  /* first byte of the view */
	uint64_t len;      /* bytes in the view */
	int be;            /* 1 = big-endian */
	int ptrsize;       /* 4 or 8, for gs_rd_uptr */
	int bad;           /* set by any out-of-range read */
} gs_rd;

/* A view of [p, p+len) with the given byte order and pointer size. */
gs_rd gs_rd_make(const uint8_t *p, uint64_t len, int be, int ptrsize);

/* A sub-view of [off, off+len) of r; sets r->bad and returns an empty view if out of range. */
gs_rd gs_rd_sub(gs_rd *r, uint64_t off, uint64_t len);

/* 1 if [off, off+n) lies inside the view (overflow-safe). */
int gs_rd_has(const gs_rd *r, uint64_t off, uint64_t n);

uint8_t gs_rd_u8(gs_rd *r, uint64_t off);
uint16_t gs_rd_u16(gs_rd *r, uint64_t off);
uint32_t gs_rd_u32(gs_rd *r, uint64_t off);
uint64_t gs_rd_u64(gs_rd *r, uint64_t off);
/* A pointer-sized unsigned integer (ptrsize bytes). */
uint64_t gs_rd_uptr(gs_rd *r, uint64_t off);

/* Unsigned LEB128 varint at *off; advances *off. Sets bad on overflow or end. */
uint64_t gs_rd_uvarint(gs_rd *r, uint64_t *off);

/* The NUL-terminated string at off (NULL + bad if unterminated within the view);
 * *n receives its length without the NUL. */
const char *gs_rd_cstr(gs_rd *r, uint64_t off, size_t *n);

/* Overflow-checked a+b into *out; returns 0 or -1. */
int gs_add_u64(uint64_t a, uint64_t b, uint64_t *out);

#endif
