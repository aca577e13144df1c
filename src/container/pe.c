/* pe.c - the PE/COFF reader (PE32 and PE32+): sections, headers as
 * pseudo-sections, COFF symbols, facts; into the container model of binary.h. */
#include <stdio.h>
#include <string.h>

#include "container/binary.h"
#include "util/err.h"
#include "util/mem.h"

#define SCN_CNT_CODE 0x20u
#define SCN_UNINIT_DATA 0x80u
#define SCN_MEM_DISCARDABLE 0x02000000u
#define SCN_MEM_EXECUTE 0x20000000u
#define SCN_MEM_WRITE 0x80000000u

static const char *pe_arch(unsigned m)
{
	switch (m) {
	case 0x8664: return "amd64";
	case 0x14c: return "386";
	case 0xaa64: return "arm64";
	case 0x1c4: case 0x1c0: return "arm";
	default: return "unknown";
	}
}

/* A section or symbol name: 8 inline bytes, or "/N" (decimal offset into the
 * COFF string table) for longer ones. */
static void coff_name(gs_rd *f, uint64_t at, uint64_t strtab, uint64_t strsize, int slash_form, char *out, size_t n)
{
	char raw[9];
	for (int i = 0; i < 8; i++)
		raw[i] = (char)gs_rd_u8(f, at + (uint64_t)i);
	raw[8] = '\0';
	uint64_t off = 0;
	int indirect = 0;
	if (slash_form && raw[0] == '/') {
		off = 0;
		for (int i = 1; i < 8 && raw[i] >= '0' && raw[i] <= '9'; i++)
			off = off * 10 + (uint64_t)(raw[i] - '0');
		indirect = 1;
	} else if (!slash_form && !raw[0] && !raw[1] && !raw[2] && !raw[3]) {
		off = gs_rd_u32(f, at + 4);
		indirect = 1;
	}
	if (indirect && strtab && off >= 4 && off < strsize) {
		size_t len;
		const char *s = gs_rd_cstr(f, strtab + off, &len);
		if (s && len < n) {
			memcpy(out, s, len + 1);
			return;
		}
		f->bad = 0;
	}
	snprintf(out, n, "%s", raw);
}

/* Section header i at h: the section (addresses from the image base). */
static int pe_section(gs_binary *b, gs_rd *f, uint64_t i, uint64_t h, uint64_t strtab, uint64_t strsize, uint64_t base)
{
	char name[256];
	coff_name(f, h, strtab, strsize, 1, name, sizeof name);
	uint64_t vsize = gs_rd_u32(f, h + 8), va = gs_rd_u32(f, h + 12), rawsize = gs_rd_u32(f, h + 16),
	         rawoff = gs_rd_u32(f, h + 20);
	uint32_t ch = gs_rd_u32(f, h + 36);
	if (f->bad)
		return gs_fail("section header %llu truncated", (unsigned long long)i);
	if (ch & SCN_UNINIT_DATA)
		rawsize = 0;
	char what[300];
	snprintf(what, sizeof what, "section %s", name);
	if (rawsize && gs_binary_check_range(b, what, rawoff, rawsize) < 0)
		return -1;
	gs_section *s = gs_binary_add_section(b, name);
	if (!s)
		return -1;
	s->flags = ch;
	s->off = rawsize ? rawoff : 0;
	s->size = rawsize;
	int debug = strncmp(name, ".debug_", 7) == 0 || strncmp(name, ".zdebug_", 8) == 0;
	s->alloc = !debug && !(ch & SCN_MEM_DISCARDABLE) && strcmp(name, ".symtab") != 0;
	s->exec = (ch & SCN_MEM_EXECUTE) || (ch & SCN_CNT_CODE);
	s->write = (ch & SCN_MEM_WRITE) != 0;
	s->compressed = strncmp(name, ".zdebug_", 8) == 0;
	if (s->alloc) {
		s->addr = base + va;
		s->vmsize = vsize;
	}
	s->kind = debug ? GS_SEC_DEBUG : strcmp(name, ".symtab") == 0 ? GS_SEC_SYMTAB :
	          !s->alloc ? GS_SEC_OTHER : !rawsize ? GS_SEC_BSS : s->exec ? GS_SEC_TEXT :
	          s->write ? GS_SEC_DATA : GS_SEC_RODATA;
	if (debug)
		b->has_dwarf = 1;
	return 0;
}

/* COFF symbols: Value is relative to its section's address; sizes come from
 * the next symbol in the same section. */
static int pe_symbols(gs_binary *b, gs_rd *f, uint64_t symoff, uint64_t nsym, uint64_t nsec, uint64_t strtab,
                      uint64_t strsize)
{
	size_t sec0 = 0; /* the section headers follow the pseudo-sections */
	while (sec0 < b->nsecs && b->secs[sec0].kind == GS_SEC_HEADER)
		sec0++;
	int inside = 0;
	for (size_t i = 0; i < b->nsecs; i++)
		inside |= b->secs[i].off <= symoff && symoff < b->secs[i].off + b->secs[i].size;
	if (!inside && gs_binary_add_piece(b, "[COFF symbol table]", GS_SEC_SYMTAB, symoff, strtab + strsize - symoff) < 0)
		return -1;
	b->has_symtab = 1;
	size_t start = b->nsyms;
	for (uint64_t i = 0; i < nsym; i++) {
		uint64_t at = symoff + 18 * i;
		int16_t secno = (int16_t)gs_rd_u16(f, at + 12);
		uint8_t cls = gs_rd_u8(f, at + 16), aux = gs_rd_u8(f, at + 17);
		uint64_t value = gs_rd_u32(f, at + 8);
		uint16_t type = gs_rd_u16(f, at + 14);
		i += aux;
		if (f->bad)
			return gs_fail("COFF symbol %llu truncated", (unsigned long long)i);
		if (secno <= 0 || (uint64_t)secno > nsec || (cls != 2 && cls != 3))
			continue;
		const gs_section *s = &b->secs[sec0 + (size_t)secno - 1];
		char name[4096];
		coff_name(f, at, strtab, strsize, 0, name, sizeof name);
		gs_symbol *y = GS_PUSH(b->syms, b->nsyms, b->syms_cap);
		if (!y || !(y->name = gs_strdup(name)))
			return -1;
		y->addr = s->addr + value;
		y->kind = (type >> 4) == 2 || s->exec ? GS_SYM_FUNC : GS_SYM_OBJECT;
		y->ent_off = at, y->ent_len = 18 * (1 + (uint64_t)aux);
		uint32_t so = gs_rd_u32(f, at + 4);
		if (!gs_rd_u32(f, at) && so >= 4 && so < strsize) /* a long name: in the string table */
			y->name_off = strtab + so, y->name_len = strlen(name) + 1;
	}
	return gs_binary_size_by_next(b, start);
}

int gs_pe_parse(gs_binary *b)
{
	gs_rd f = gs_rd_make(b->data, b->size, 0, 8);
	uint64_t pe = gs_rd_u32(&f, 0x3c);
	if (f.bad || !gs_rd_has(&f, pe, 24) || memcmp(b->data + pe, "PE\0\0", 4) != 0)
		return gs_fail("not a PE file (no PE signature)");
	uint64_t coff = pe + 4;
	unsigned machine = gs_rd_u16(&f, coff);
	uint64_t nsec = gs_rd_u16(&f, coff + 2), symoff = gs_rd_u32(&f, coff + 8), nsym = gs_rd_u32(&f, coff + 12);
	uint64_t optsize = gs_rd_u16(&f, coff + 16), opt = coff + 20;
	unsigned magic = gs_rd_u16(&f, opt);
	if (magic != 0x10b && magic != 0x20b)
		return gs_fail("PE optional header: bad magic 0x%x", magic);
	b->format = "pe";
	b->arch = pe_arch(machine);
	b->ptrsize = magic == 0x20b ? 8 : 4;
	b->be = 0;
	uint64_t base = magic == 0x20b ? gs_rd_u64(&f, opt + 24) : gs_rd_u32(&f, opt + 28);
	b->pie = (gs_rd_u16(&f, opt + 70) & 0x40) != 0; /* DYNAMIC_BASE */
	if (f.bad)
		return gs_fail("PE headers truncated");
	uint64_t shdrs = opt + optsize;
	uint64_t strtab = 0, strsize = 0;
	if (symoff && nsym) {
		strtab = symoff + nsym * 18;
		strsize = gs_rd_u32(&f, strtab);
		if (f.bad || !gs_rd_has(&f, strtab, strsize))
			return gs_fail("COFF symbol table at %llu (%llu symbols) extends past the end of the file",
			               (unsigned long long)symoff, (unsigned long long)nsym);
	}
	if (gs_binary_add_piece(b, "[DOS header]", GS_SEC_HEADER, 0, pe) < 0 ||
	    gs_binary_add_piece(b, "[PE headers]", GS_SEC_HEADER, pe, shdrs - pe) < 0 ||
	    gs_binary_add_piece(b, "[section headers]", GS_SEC_HEADER, shdrs, nsec * 40) < 0)
		return -1;
	for (uint64_t i = 0; i < nsec; i++)
		if (pe_section(b, &f, i, shdrs + 40 * i, strtab, strsize, base) < 0)
			return -1;
	return symoff && nsym ? pe_symbols(b, &f, symoff, nsym, nsec, strtab, strsize) : 0;
}
