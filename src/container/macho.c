/* macho.c - the Mach-O reader (64- and 32-bit, and the slices of universal
 * files): segments and sections, __LINKEDIT contents as pseudo-sections,
 * nlist symbols, facts; into the container model of binary.h. */
#include <stdio.h>
#include <string.h>

#include "container/binary.h"
#include "util/err.h"
#include "util/mem.h"

#define LC_SEGMENT 0x1
#define LC_SYMTAB 0x2
#define LC_DYSYMTAB 0xb
#define LC_SEGMENT_64 0x19
#define LC_CODE_SIGNATURE 0x1d
#define LC_FUNCTION_STARTS 0x26
#define LC_DATA_IN_CODE 0x29
#define LC_DYLD_INFO 0x22
#define LC_DYLD_INFO_ONLY 0x80000022
#define LC_DYLD_EXPORTS_TRIE 0x80000033
#define LC_DYLD_CHAINED_FIXUPS 0x80000034
#define MH_PIE 0x200000

static const char *macho_arch(uint32_t cpu)
{
	switch (cpu) {
	case 0x01000007: return "amd64";
	case 0x0100000c: return "arm64";
	case 7: return "386";
	case 12: return "arm";
	case 0x01000012: return "ppc64";
	default: return "unknown";
	}
}

/* A universal file: narrow b to the slice of want (or the first). */
static int pick_slice(gs_binary *b, const char *want, uint64_t *base)
/* (the slice is then read as a file of its own: offsets in it are slice-relative) */
{
	gs_rd f = gs_rd_make(b->data, b->size, 1, 4);
	uint32_t n = gs_rd_u32(&f, 4);
	if (n == 0 || n > 64)
		return gs_fail("universal file: bad architecture count %u", n);
	char have[256] = "";
	for (uint32_t i = 0; i < n; i++) {
		uint64_t at = 8 + 20 * (uint64_t)i;
		uint32_t cpu = gs_rd_u32(&f, at), off = gs_rd_u32(&f, at + 8), size = gs_rd_u32(&f, at + 12);
		if (f.bad || off > b->size || size > b->size - off)
			return gs_fail("universal file: slice %u extends past the end of the file (truncated?)", i);
		const char *a = macho_arch(cpu);
		size_t l = strlen(have);
		snprintf(have + l, sizeof have - l, "%s%s", l ? ", " : "", a);
		if (!want || strcmp(want, a) == 0) {
			*base = off;
			b->data += off;
			b->size = size;
			return 0;
		}
	}
	return gs_fail("universal file has no %s slice (it has %s; choose with --arch)", want, have);
}

/* An LC_SEGMENT(_64) command at p (sz bytes, need of them fixed): the segment
 * and its sections. */
static int macho_segment(gs_binary *b, gs_rd *f, uint64_t p, uint32_t sz, uint32_t need, int is64)
{
	uint64_t P = is64 ? 8 : 4, q = p + 24;
	char seg[17];
	memcpy(seg, b->data + p + 8, 16);
	seg[16] = '\0';
	uint64_t vmaddr = gs_rd_uptr(f, q), vmsize = gs_rd_uptr(f, q + P), fileoff = gs_rd_uptr(f, q + 2 * P),
	         filesize = gs_rd_uptr(f, q + 3 * P);
	uint32_t prot = gs_rd_u32(f, q + 4 * P + 4), nsects = gs_rd_u32(f, q + 4 * P + 8); /* initprot */
	uint64_t sect = q + 4 * P + 16, secsize = is64 ? 80 : 68;
	if (f->bad || (uint64_t)nsects * secsize > sz - need)
		return gs_fail("segment %s: %u sections do not fit its load command", seg, nsects);
	char what[40];
	snprintf(what, sizeof what, "segment %s", seg);
	if (filesize && gs_binary_check_range(b, what, fileoff, filesize) < 0)
		return -1;
	gs_segment *sg = GS_PUSH(b->segs, b->nsegs, b->segs_cap);
	if (!sg)
		return -1;
	sg->off = fileoff, sg->filesz = filesize, sg->addr = vmaddr, sg->memsz = vmsize;
	sg->exec = (prot & 4) != 0, sg->write = (prot & 2) != 0;
	int dwarf = strcmp(seg, "__DWARF") == 0;
	for (uint32_t i = 0; i < nsects; i++, sect += secsize) {
		char name[17];
		memcpy(name, b->data + sect, 16);
		name[16] = '\0';
		uint64_t addr = gs_rd_uptr(f, sect + 32), size = gs_rd_uptr(f, sect + 32 + P);
		uint32_t off = gs_rd_u32(f, sect + 32 + 2 * P), sflags = gs_rd_u32(f, sect + 32 + 2 * P + 16);
		uint32_t stype = sflags & 0xff;
		int zerofill = stype == 1 || stype == 0xc || stype == 0x12;
		uint64_t fsize = zerofill ? 0 : size;
		snprintf(what, sizeof what, "section %s", name);
		if (fsize && gs_binary_check_range(b, what, off, fsize) < 0)
			return -1;
		/* a name seen in another segment (__TEXT,__rodata and __DATA_CONST,__rodata) gets its segment */
		char full[40];
		snprintf(full, sizeof full, "%s,%s", seg, name);
		gs_section *s = gs_binary_add_section(b, gs_binary_section(b, name) ? full : name);
		if (!s)
			return -1;
		s->type = stype;
		s->flags = sflags;
		s->off = fsize ? off : 0;
		s->size = fsize;
		s->alloc = !dwarf;
		s->exec = (sflags & 0x80000400) != 0;
		s->write = (prot & 2) != 0 && strcmp(seg, "__DATA_CONST") != 0;
		s->compressed = strncmp(name, "__zdebug", 8) == 0;
		if (s->alloc)
			s->addr = addr, s->vmsize = size;
		s->kind = dwarf ? GS_SEC_DEBUG : zerofill ? GS_SEC_BSS : s->exec ? GS_SEC_TEXT : s->write ? GS_SEC_DATA : GS_SEC_RODATA;
		if (dwarf)
			b->has_dwarf = 1;
	}
	return 0;
}

/* The defined symbols of the symbol table (nlist entries), sized by the next one. */
static int macho_symbols(gs_binary *b, gs_rd *f, uint64_t symoff, uint64_t nsyms, uint64_t stroff, uint64_t strsize,
                         int is64)
{
	b->has_symtab = 1;
	size_t start = b->nsyms, esz = is64 ? 16 : 12;
	for (uint64_t i = 0; i < nsyms; i++) {
		uint64_t at = symoff + i * esz;
		uint32_t strx = gs_rd_u32(f, at);
		uint8_t ntype = gs_rd_u8(f, at + 4), nsect = gs_rd_u8(f, at + 5);
		uint64_t value = is64 ? gs_rd_u64(f, at + 8) : gs_rd_u32(f, at + 8);
		if (f->bad)
			return gs_fail("symbol %llu truncated", (unsigned long long)i);
		if ((ntype & 0xe0) || (ntype & 0x0e) != 0x0e || !nsect || strx >= strsize)
			continue; /* debugging entries, undefined symbols */
		size_t len;
		const char *name = gs_rd_cstr(f, stroff + strx, &len);
		if (!name) {
			f->bad = 0;
			continue;
		}
		gs_symbol *y = GS_PUSH(b->syms, b->nsyms, b->syms_cap);
		if (!y || !(y->name = gs_strdup(name[0] == '_' ? name + 1 : name))) /* the C-level underscore */
			return -1;
		y->addr = value;
		y->kind = GS_SYM_OTHER;
		y->ent_off = at, y->ent_len = esz;
		y->name_off = stroff + strx, y->name_len = len + 1;
	}
	return gs_binary_size_by_next(b, start);
}

/* The link-edit data a command at p points to, as pieces of the file. */
static int macho_linkedit(gs_binary *b, gs_rd *f, uint32_t cmd, uint64_t p)
{
	if (cmd == LC_DYSYMTAB) {
		uint64_t ind = gs_rd_u32(f, p + 56), nind = gs_rd_u32(f, p + 60);
		return gs_binary_add_piece(b, "[indirect symbols]", GS_SEC_OTHER, ind, nind * 4);
	}
	if (cmd == LC_CODE_SIGNATURE || cmd == LC_FUNCTION_STARTS || cmd == LC_DATA_IN_CODE || cmd == LC_DYLD_EXPORTS_TRIE ||
	    cmd == LC_DYLD_CHAINED_FIXUPS) {
		const char *n = cmd == LC_CODE_SIGNATURE ? "[code signature]" : cmd == LC_FUNCTION_STARTS ? "[function starts]" :
		                cmd == LC_DATA_IN_CODE ? "[data in code]" : cmd == LC_DYLD_EXPORTS_TRIE ? "[exports trie]" :
		                "[chained fixups]";
		return gs_binary_add_piece(b, n, GS_SEC_OTHER, gs_rd_u32(f, p + 8), gs_rd_u32(f, p + 12));
	}
	if (cmd == LC_DYLD_INFO || cmd == LC_DYLD_INFO_ONLY) {
		static const char *names[] = {"[rebase info]", "[bind info]", "[weak bind info]", "[lazy bind info]",
		                              "[export info]"};
		for (int k = 0; k < 5; k++)
			if (gs_binary_add_piece(b, names[k], GS_SEC_OTHER, gs_rd_u32(f, p + 8 + 8 * (uint64_t)k),
			                        gs_rd_u32(f, p + 12 + 8 * (uint64_t)k)) < 0)
				return -1;
	}
	return 0;
}

int gs_macho_parse(gs_binary *b, const char *want_arch)
{
	uint64_t slice = 0;
	if (memcmp(b->data, "\xca\xfe\xba\xbe", 4) == 0 && pick_slice(b, want_arch, &slice) < 0)
		return -1;
	if (b->size < 28)
		return gs_fail("Mach-O header truncated");
	int be = b->data[0] == 0xfe, is64 = (b->data[be ? 3 : 0] & 0xff) == 0xcf;
	gs_rd f = gs_rd_make(b->data, b->size, be, is64 ? 8 : 4);
	uint32_t cpu = gs_rd_u32(&f, 4), type = gs_rd_u32(&f, 12), ncmds = gs_rd_u32(&f, 16), cmdsize = gs_rd_u32(&f, 20),
	         flags = gs_rd_u32(&f, 24);
	uint64_t hdr = is64 ? 32 : 28;
	b->format = "macho";
	b->arch = macho_arch(cpu);
	b->ptrsize = is64 ? 8 : 4;
	b->be = be;
	b->pie = (flags & MH_PIE) != 0;
	if (type != 2)
		return gs_fail("Mach-O file type %u is not an executable", type);
	if (!gs_rd_has(&f, hdr, cmdsize))
		return gs_fail("load commands (%u bytes) extend past the end of the file (truncated?)", cmdsize);
	if (gs_binary_add_piece(b, "[Mach-O header]", GS_SEC_HEADER, 0, hdr) < 0 ||
	    gs_binary_add_piece(b, "[load commands]", GS_SEC_HEADER, hdr, cmdsize) < 0)
		return -1;
	uint64_t symoff = 0, nsyms = 0, stroff = 0, strsize = 0;
	uint64_t p = hdr, end = hdr + cmdsize;
	for (uint32_t c = 0; c < ncmds; c++) {
		uint32_t cmd = gs_rd_u32(&f, p), sz = gs_rd_u32(&f, p + 4);
		/* the fixed part each command kind needs: what is read must lie inside the command */
		uint32_t need = cmd == LC_SEGMENT_64 ? 72 : cmd == LC_SEGMENT ? 56 : cmd == LC_SYMTAB ? 24 :
		                cmd == LC_DYSYMTAB ? 80 : cmd == LC_DYLD_INFO || cmd == LC_DYLD_INFO_ONLY ? 48 :
		                cmd == LC_CODE_SIGNATURE || cmd == LC_FUNCTION_STARTS || cmd == LC_DATA_IN_CODE ||
		                cmd == LC_DYLD_EXPORTS_TRIE || cmd == LC_DYLD_CHAINED_FIXUPS ? 16 : 8;
		if (f.bad || sz < need || p > end || sz > end - p)
			return gs_fail("load command %u at offset %llu is truncated or overruns the load commands", c,
			               (unsigned long long)p);
		if ((cmd == LC_SEGMENT_64) != is64 && (cmd == LC_SEGMENT_64 || cmd == LC_SEGMENT))
			return gs_fail("load command %u at offset %llu: %s segment in a %s-bit file", c, (unsigned long long)p,
			               is64 ? "32-bit" : "64-bit", is64 ? "64" : "32");
		if (cmd == LC_SEGMENT_64 || cmd == LC_SEGMENT) {
			if (macho_segment(b, &f, p, sz, need, is64) < 0)
				return -1;
		} else if (cmd == LC_SYMTAB) {
			symoff = gs_rd_u32(&f, p + 8), nsyms = gs_rd_u32(&f, p + 12);
			stroff = gs_rd_u32(&f, p + 16), strsize = gs_rd_u32(&f, p + 20);
			if (gs_binary_add_piece(b, "[symbol table]", GS_SEC_SYMTAB, symoff, nsyms * (is64 ? 16 : 12)) < 0 ||
			    gs_binary_add_piece(b, "[string table]", GS_SEC_SYMTAB, stroff, strsize) < 0)
				return -1;
		} else if (macho_linkedit(b, &f, cmd, p) < 0) {
			return -1;
		}
		p += sz;
	}
	return nsyms ? macho_symbols(b, &f, symoff, nsyms, stroff, strsize, is64) : 0;
}
