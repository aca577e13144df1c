/* rd.c - bounded, endian-aware reads (see rd.h). */
#include "rd.h"

#include <string.h>

gs_rd gs_rd_make(const uint8_t *p, uint64_t len, int be, int ptrsize)
{
	gs_rd r = {p, len, be, ptrsize, 0};
	return r;
}

int gs_rd_has(const gs_rd *r, uint64_t off, uint64_t n)
{
	return off <= r->len && n <= r->len - off;
}

gs_rd gs_rd_sub(gs_rd *r, uint64_t off, uint64_t len)
{
	gs_rd s = {r->p, 0, r->be, r->ptrsize, 0};
	if (!gs_rd_has(r, off, len)) {
		r->bad = 1;
		s.bad = 1;
		return s;
	}
	s.p = r->p + off;
	s.len = len;
	return s;
}

static uint64_t rd_n(gs_rd *r, uint64_t off, unsigned n)
{
	uint64_t v = 0;
	if (!gs_rd_has(r, off, n)) {
		r->bad = 1;
		return 0;
	}
	const uint8_t *b = r->p + off;
	for (unsigned i = 0; i < n; i++)
		v = r->be ? (v << 8) | b[i] : v | (uint64_t)b[i] << (8 * i);
	return v;
}

uint8_t gs_rd_u8(gs_rd *r, uint64_t off) { return (uint8_t)rd_n(r, off, 1); }
uint16_t gs_rd_u16(gs_rd *r, uint64_t off) { return (uint16_t)rd_n(r, off, 2); }
uint32_t gs_rd_u32(gs_rd *r, uint64_t off) { return (uint32_t)rd_n(r, off, 4); }
uint64_t gs_rd_u64(gs_rd *r, uint64_t off) { return rd_n(r, off, 8); }
uint64_t gs_rd_uptr(gs_rd *r, uint64_t off) { return rd_n(r, off, r->ptrsize == 4 ? 4 : 8); }

uint64_t gs_rd_uvarint(gs_rd *r, uint64_t *off)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (*off >= r->len) {
			r->bad = 1;
			return 0;
		}
		uint8_t b = r->p[(*off)++];
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return v;
	}
	r->bad = 1;
	return 0;
}

const char *gs_rd_cstr(gs_rd *r, uint64_t off, size_t *n)
{
	if (off >= r->len) {
		r->bad = 1;
		return NULL;
	}
	const uint8_t *s = r->p + off;
	const uint8_t *z = memchr(s, 0, r->len - off);
	if (!z) {
		r->bad = 1;
		return NULL;
	}
	if (n)
		*n = (size_t)(z - s);
	return (const char *)s;
}

int gs_add_u64(uint64_t a, uint64_t b, uint64_t *out)
{
	if (a > UINT64_MAX - b)
		return -1;
	*out = a + b;
	return 0;
}
