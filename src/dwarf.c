/* dwarf.c - DWARF compile units and their sizes (see dwarf.h). */
#include "dwarf.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "err.h"
#include "mem.h"

enum {
	DW_TAG_compile_unit = 0x11,
	DW_AT_name = 0x03, DW_AT_stmt_list = 0x10, DW_AT_language = 0x13,
	DW_LANG_Go = 0x16,
};

uint64_t gs_dwarf_usize(const gs_binary *b, const gs_section *s, uint64_t *hdr)
{
	gs_rd r = gs_rd_make(b->data + s->off, s->size, b->be, b->ptrsize);
	*hdr = 0;
	if (s->size >= 12 && memcmp(r.p, "ZLIB", 4) == 0) { /* .zdebug_*: "ZLIB", big-endian size */
		r.be = 1;
		*hdr = 12;
		return gs_rd_u64(&r, 4);
	}
	if (strcmp(b->format, "elf") == 0 && (s->flags & (1u << 11))) { /* SHF_COMPRESSED: Elf32/64_Chdr */
		if (gs_rd_u32(&r, 0) != 1 || r.bad) /* ELFCOMPRESS_ZLIB only */
			return 0;
		*hdr = b->ptrsize == 8 ? 24 : 12;
		return b->ptrsize == 8 ? gs_rd_u64(&r, 8) : gs_rd_u32(&r, 4);
	}
	return 0;
}

int gs_dwarf_section(const gs_binary *b, const gs_section *s, gs_rd *out, uint8_t **owned)
{
	uint64_t hdr, usize = s->compressed ? gs_dwarf_usize(b, s, &hdr) : 0;
	*owned = NULL;
	if (!s->compressed) {
		*out = gs_rd_make(b->data + s->off, s->size, b->be, b->ptrsize);
		return 0;
	}
	/* zlib reaches ~1000:1 at most; DWARF compresses 3-6:1; a header claiming
	 * more than 256:1 (or 1 GiB) is corrupt, and is not allocated */
	if (!usize || hdr > s->size || usize / 256 > s->size || usize > (1ull << 30))
		return gs_fail("%s: unsupported or corrupt compression header", s->name);
	uint8_t *buf = gs_calloc((size_t)usize, 1);
	if (!buf)
		return -1;
	uLongf n = (uLongf)usize;
	if (uncompress(buf, &n, b->data + s->off + hdr, (uLong)(s->size - hdr)) != Z_OK || n != usize) {
		free(buf);
		return gs_fail("%s: does not inflate to its %llu bytes", s->name, (unsigned long long)usize);
	}
	*owned = buf;
	*out = gs_rd_make(buf, usize, b->be, b->ptrsize);
	return 0;
}

/* Skips one attribute value of form at *p (unit offset size dw, address
 * size asz, version v); for strings, sets *str to the NUL-terminated value and
 * for constants *val. Returns 0, or -1 for a form this reader does not know. */
static int skip_form(gs_rd *r, uint64_t *p, uint64_t form, int dw, int asz, const gs_rd *strs, const char **str,
                     uint64_t *val)
{
	uint64_t n;
	size_t len;
	*str = NULL;
	*val = 0;
	switch (form) {
	case 0x01: *val = asz == 8 ? gs_rd_u64(r, *p) : gs_rd_u32(r, *p); *p += (uint64_t)asz; return 0; /* addr */
	case 0x0b: case 0x11: case 0x0c: case 0x25: case 0x29: /* data1, ref1, flag, strx1, addrx1 */
		*val = gs_rd_u8(r, *p); *p += 1; return 0;
	case 0x05: case 0x12: case 0x26: case 0x2a: *val = gs_rd_u16(r, *p); *p += 2; return 0; /* data2, ref2, strx2, addrx2 */
	case 0x27: case 0x2b: *p += 3; return 0; /* strx3, addrx3 */
	case 0x06: case 0x13: case 0x28: case 0x2c: case 0x1c: /* data4, ref4, strx4, addrx4, ref_sup4 */
		*val = gs_rd_u32(r, *p); *p += 4; return 0;
	case 0x07: case 0x14: case 0x20: case 0x24: *val = gs_rd_u64(r, *p); *p += 8; return 0; /* data8, ref8, ref_sig8, ref_sup8 */
	case 0x1e: *p += 16; return 0; /* data16 */
	case 0x0d: case 0x0f: case 0x15: case 0x1a: case 0x1b: case 0x22: case 0x23: /* sdata, udata, ref_udata, strx, addrx, loclistx, rnglistx */
		*val = gs_rd_uvarint(r, p); return 0;
	case 0x17: case 0x10: case 0x0e: case 0x1f: /* sec_offset, ref_addr, strp, line_strp */
		n = dw == 8 ? gs_rd_u64(r, *p) : gs_rd_u32(r, *p);
		*p += (uint64_t)dw;
		*val = n;
		if (form == 0x0e && strs && strs->len) {
			gs_rd s = *strs;
			*str = gs_rd_cstr(&s, n, &len);
		}
		return 0;
	case 0x08: /* string */
		*str = gs_rd_cstr(r, *p, &len);
		*p += len + 1;
		return 0;
	case 0x19: case 0x21: return 0; /* flag_present; implicit_const (its value is in the abbreviation) */
	case 0x0a: n = gs_rd_u8(r, *p); *p += 1 + n; return 0; /* block1 */
	case 0x03: n = gs_rd_u16(r, *p); *p += 2 + n; return 0; /* block2 */
	case 0x04: n = gs_rd_u32(r, *p); *p += 4 + n; return 0; /* block4 */
	case 0x09: case 0x18: n = gs_rd_uvarint(r, p); *p += n; return 0; /* block, exprloc */
	default: return -1;
	}
}

/* Reads the unit DIE at *p (abbreviation table at aoff) into u. */
static void unit_die(gs_rd *r, uint64_t p, const gs_rd *abbrev, uint64_t aoff, int dw, int asz, const gs_rd *strs,
                     gs_dwarf_unit *u, uint64_t *stmt)
{
	gs_rd a = *abbrev;
	uint64_t code = gs_rd_uvarint(r, &p), q = aoff;
	while (!a.bad && !r->bad) { /* find the abbreviation: code, tag, children, (attr, form)* 0 0 */
		uint64_t c = gs_rd_uvarint(&a, &q);
		if (c == 0)
			return;
		uint64_t tag = gs_rd_uvarint(&a, &q);
		q++;
		if (c == code) {
			if (tag != DW_TAG_compile_unit)
				return;
			break;
		}
		for (uint64_t at = 1, form = 1; !a.bad && (at || form);) {
			at = gs_rd_uvarint(&a, &q);
			form = gs_rd_uvarint(&a, &q);
			if (form == 0x21)
				gs_rd_uvarint(&a, &q);
		}
	}
	for (;;) {
		uint64_t at = gs_rd_uvarint(&a, &q), form = gs_rd_uvarint(&a, &q), val;
		if (a.bad || r->bad || (!at && !form))
			return;
		if (form == 0x21)
			gs_rd_uvarint(&a, &q);
		const char *s;
		if (skip_form(r, &p, form, dw, asz, strs, &s, &val) < 0 || r->bad)
			return;
		if (at == DW_AT_name)
			u->name = s;
		else if (at == DW_AT_language)
			u->go = val == DW_LANG_Go;
		else if (at == DW_AT_stmt_list)
			*stmt = val;
	}
}

int gs_dwarf_units(const gs_rd *info, const gs_rd *abbrev, const gs_rd *str, const gs_rd *line,
                   void (*fn)(void *ctx, const gs_dwarf_unit *u), void *ctx)
{
	gs_rd r = *info;
	for (uint64_t off = 0; off < r.len;) {
		uint64_t len = gs_rd_u32(&r, off), hdr = 4;
		int dw = 4;
		if (len == 0xffffffffu)
			len = gs_rd_u64(&r, off + 4), hdr = 12, dw = 8;
		if (r.bad || len > r.len - off - hdr || len < 7)
			return gs_fail(".debug_info: unit at %llu runs past the section end", (unsigned long long)off);
		uint64_t p = off + hdr, version = gs_rd_u16(&r, p), aoff;
		int asz;
		if (version == 5) {
			asz = gs_rd_u8(&r, p + 3);
			aoff = dw == 8 ? gs_rd_u64(&r, p + 4) : gs_rd_u32(&r, p + 4);
			p += 4 + (uint64_t)dw;
		} else if (version >= 2 && version <= 4) {
			aoff = dw == 8 ? gs_rd_u64(&r, p + 2) : gs_rd_u32(&r, p + 2);
			asz = gs_rd_u8(&r, p + 2 + (uint64_t)dw);
			p += 3 + (uint64_t)dw;
		} else {
			return gs_fail(".debug_info: unit at %llu has DWARF version %llu", (unsigned long long)off,
			               (unsigned long long)version);
		}
		gs_dwarf_unit u = {NULL, 0, off, hdr + len, 0, 0};
		uint64_t stmt = UINT64_MAX;
		gs_rd unit = gs_rd_sub(&r, 0, off + hdr + len); /* a DIE cannot read past its unit */
		if (asz == 4 || asz == 8)
			unit_die(&unit, p, abbrev, aoff, dw, asz, str, &u, &stmt);
		if (stmt != UINT64_MAX && line->len) {
			gs_rd l = *line;
			uint64_t ll = gs_rd_u32(&l, stmt);
			ll = ll == 0xffffffffu ? 12 + gs_rd_u64(&l, stmt + 4) : 4 + ll;
			if (!l.bad && ll <= l.len - stmt)
				u.line_off = stmt, u.line_len = ll;
		}
		fn(ctx, &u);
		off += hdr + len;
	}
	return 0;
}

int gs_dwarf_frames(const gs_rd *frame, int ptrsize, void (*fn)(void *ctx, uint64_t off, uint64_t len, uint64_t pc),
                    void *ctx)
{
	gs_rd r = *frame;
	r.ptrsize = ptrsize;
	for (uint64_t off = 0; off < r.len;) {
		uint64_t len = gs_rd_u32(&r, off), hdr = 4, id;
		if (len == 0xffffffffu) {
			len = gs_rd_u64(&r, off + 4), hdr = 12;
			id = gs_rd_u64(&r, off + hdr);
		} else {
			id = gs_rd_u32(&r, off + hdr);
		}
		if (r.bad || len > r.len - off - hdr)
			return gs_fail(".debug_frame: entry at %llu runs past the section end", (unsigned long long)off);
		int cie = hdr == 4 ? id == 0xffffffffu : id == UINT64_MAX;
		if (!cie && len >= (hdr == 4 ? 4u : 8u) + (uint64_t)ptrsize)
			fn(ctx, off, hdr + len, gs_rd_uptr(&r, off + hdr + (hdr == 4 ? 4 : 8)));
		off += hdr + len;
	}
	return 0;
}
