/* rd.c - bounded, endian-aware reads (see rd.h). */
#include "util/rd.h"

#include <string.h>

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

uint64_t gs_rd_uvarint_(gs_rd *r, uint64_t *off)
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
