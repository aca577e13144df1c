/* elf.c - the ELF reader (libelf): sections, PT_LOAD segments, symbols,
 * RELATIVE relocations and facts, into the container model of binary.h. */
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>

#include "container/binary.h"
#include "util/err.h"
#include "util/mem.h"

#ifndef EM_RISCV
#define EM_RISCV 243
#endif
#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif
#ifndef SHF_COMPRESSED
#define SHF_COMPRESSED (1 << 11)
#endif

static const char *elf_arch(unsigned machine, int cls64, int be)
{
	switch (machine) {
	case EM_X86_64: return "amd64";
	case EM_386: return "386";
	case EM_ARM: return "arm";
	case EM_AARCH64: return "arm64";
	case EM_RISCV: return cls64 ? "riscv64" : "riscv";
	case EM_S390: return "s390x";
	case EM_PPC64: return be ? "ppc64" : "ppc64le";
	case EM_PPC: return "ppc";
	case EM_MIPS: return cls64 ? (be ? "mips64" : "mips64le") : (be ? "mips" : "mipsle");
	case EM_LOONGARCH: return "loong64";
	default: return "unknown";
	}
}

static gs_seckind section_kind(const char *name, const GElf_Shdr *sh)
{
	if (strncmp(name, ".debug_", 7) == 0 || strncmp(name, ".zdebug_", 8) == 0)
		return GS_SEC_DEBUG;
	if (sh->sh_type == SHT_SYMTAB || (sh->sh_type == SHT_STRTAB && !(sh->sh_flags & SHF_ALLOC) &&
	                                  strcmp(name, ".shstrtab") != 0))
		return GS_SEC_SYMTAB;
	if (!(sh->sh_flags & SHF_ALLOC))
		return GS_SEC_OTHER;
	if (sh->sh_type == SHT_NOBITS)
		return GS_SEC_BSS;
	if (sh->sh_flags & SHF_EXECINSTR)
		return GS_SEC_TEXT;
	return (sh->sh_flags & SHF_WRITE) ? GS_SEC_DATA : GS_SEC_RODATA;
}

static int read_symbols(gs_binary *b, Elf *e, Elf_Scn *scn, const GElf_Shdr *sh)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || sh->sh_entsize == 0)
		return gs_fail("symbol table: %s", elf_errmsg(-1));
	size_t n = sh->sh_size / sh->sh_entsize;
	GElf_Shdr strsh;
	Elf_Scn *strscn = elf_getscn(e, sh->sh_link);
	uint64_t stroff = strscn && gelf_getshdr(strscn, &strsh) && strsh.sh_type == SHT_STRTAB ? strsh.sh_offset : 0;
	for (size_t i = 1; i < n; i++) {
		GElf_Sym sym;
		if (!gelf_getsym(d, (int)i, &sym))
			return gs_fail("symbol table: entry %zu: %s", i, elf_errmsg(-1));
		int type = GELF_ST_TYPE(sym.st_info);
		if (type == STT_SECTION || type == STT_FILE || sym.st_shndx == SHN_UNDEF ||
		    sym.st_shndx == SHN_ABS || sym.st_shndx >= SHN_LORESERVE || type == STT_TLS)
			continue;
		const char *name = elf_strptr(e, sh->sh_link, sym.st_name);
		if (!name || !*name)
			continue;
		gs_symbol *s = GS_PUSH(b->syms, b->nsyms, b->syms_cap);
		if (!s || !(s->name = gs_strdup(name)))
			return -1;
		s->addr = sym.st_value;
		s->size = sym.st_size;
		s->kind = type == STT_FUNC ? GS_SYM_FUNC : type == STT_OBJECT ? GS_SYM_OBJECT : GS_SYM_OTHER;
		s->ent_off = sh->sh_offset + i * sh->sh_entsize, s->ent_len = sh->sh_entsize;
		if (stroff)
			s->name_off = stroff + sym.st_name, s->name_len = strlen(name) + 1;
	}
	return 0;
}

static int is_relative(unsigned machine, unsigned type)
{
	switch (machine) {
	case EM_X86_64: return type == 8;   /* R_X86_64_RELATIVE */
	case EM_AARCH64: return type == 1027; /* R_AARCH64_RELATIVE */
	case EM_386: return type == 8;      /* R_386_RELATIVE */
	case EM_ARM: return type == 23;     /* R_ARM_RELATIVE */
	case EM_PPC64: return type == 22;   /* R_PPC64_RELATIVE */
	case EM_S390: return type == 12;    /* R_390_RELATIVE */
	case EM_RISCV: return type == 3;    /* R_RISCV_RELATIVE */
	default: return 0;
	}
}

static int read_relocs(gs_binary *b, Elf_Scn *scn, const GElf_Shdr *sh, unsigned machine)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	if (!d || sh->sh_entsize == 0)
		return 0; /* relocations only refine pointers; an unreadable table is not fatal */
	size_t n = sh->sh_size / sh->sh_entsize;
	for (size_t i = 0; i < n; i++) {
		GElf_Rela r;
		if (!gelf_getrela(d, (int)i, &r))
			return 0;
		if (!is_relative(machine, (unsigned)GELF_R_TYPE(r.r_info)))
			continue;
		gs_reloc *x = GS_PUSH(b->relocs, b->nrelocs, b->relocs_cap);
		if (!x)
			return -1;
		x->addr = r.r_offset;
		x->value = (uint64_t)r.r_addend;
	}
	return 0;
}

/* The loaded segments (PT_LOAD) of the program headers. */
static int elf_segments(gs_binary *b, Elf *e)
{
	size_t nph;
	if (elf_getphdrnum(e, &nph) != 0)
		return gs_fail("bad program headers: %s", elf_errmsg(-1));
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(e, (int)i, &ph))
			return gs_fail("program header %zu: %s", i, elf_errmsg(-1));
		if (ph.p_type != PT_LOAD)
			continue;
		char what[32];
		snprintf(what, sizeof what, "segment %zu", i);
		if (gs_binary_check_range(b, what, ph.p_offset, ph.p_filesz) < 0)
			return -1;
		gs_segment *sg = GS_PUSH(b->segs, b->nsegs, b->segs_cap);
		if (!sg)
			return -1;
		sg->off = ph.p_offset;
		sg->filesz = ph.p_filesz;
		sg->addr = ph.p_vaddr;
		sg->memsz = ph.p_memsz;
		sg->exec = (ph.p_flags & PF_X) != 0;
		sg->write = (ph.p_flags & PF_W) != 0;
	}
	return 0;
}

/* One section header: the section, and its symbols or relocations. */
static int elf_section(gs_binary *b, Elf *e, Elf_Scn *scn, size_t shstr, const GElf_Ehdr *eh)
{
	GElf_Shdr sh;
	if (!gelf_getshdr(scn, &sh))
		return gs_fail("section %zu: %s", elf_ndxscn(scn), elf_errmsg(-1));
	if (sh.sh_type == SHT_NULL)
		return 0;
	const char *name = elf_strptr(e, shstr, sh.sh_name);
	if (!name)
		return gs_fail("section %zu: bad name offset %u", elf_ndxscn(scn), (unsigned)sh.sh_name);
	uint64_t fsize = sh.sh_type == SHT_NOBITS ? 0 : sh.sh_size;
	char what[300];
	snprintf(what, sizeof what, "section %s", name);
	if (fsize && gs_binary_check_range(b, what, sh.sh_offset, fsize) < 0)
		return -1;
	gs_section *s = gs_binary_add_section(b, name);
	if (!s)
		return -1;
	s->type = sh.sh_type;
	s->flags = sh.sh_flags;
	s->kind = section_kind(name, &sh);
	s->off = sh.sh_offset;
	s->size = fsize;
	s->alloc = (sh.sh_flags & SHF_ALLOC) != 0;
	s->exec = (sh.sh_flags & SHF_EXECINSTR) != 0;
	s->write = (sh.sh_flags & SHF_WRITE) != 0;
	s->compressed = (sh.sh_flags & SHF_COMPRESSED) != 0 || strncmp(name, ".zdebug", 7) == 0;
	if (s->alloc) {
		s->addr = sh.sh_addr;
		s->vmsize = sh.sh_size;
	}
	if (s->kind == GS_SEC_DEBUG)
		b->has_dwarf = 1;
	if (sh.sh_type == SHT_SYMTAB) {
		b->has_symtab = 1;
		if (read_symbols(b, e, scn, &sh) < 0)
			return -1;
	}
	if (sh.sh_type == SHT_RELA && s->alloc && read_relocs(b, scn, &sh, eh->e_machine) < 0)
		return -1;
	return 0;
}

int gs_elf_parse(gs_binary *b)
{
	int rc = -1;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return gs_fail("libelf: %s", elf_errmsg(-1));
	/* libelf takes a non-const pointer but, opened for reading, does not write. */
	Elf *e = elf_memory((char *)(uintptr_t)b->data, b->size);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		gs_fail("not a valid ELF file: %s", elf_errmsg(-1));
		goto out;
	}
	GElf_Ehdr eh;
	if (!gelf_getehdr(e, &eh)) {
		gs_fail("bad ELF header: %s", elf_errmsg(-1));
		goto out;
	}
	int cls = gelf_getclass(e);
	if (cls != ELFCLASS32 && cls != ELFCLASS64) {
		gs_fail("bad ELF class %d", cls);
		goto out;
	}
	b->format = "elf";
	b->ptrsize = cls == ELFCLASS64 ? 8 : 4;
	b->be = eh.e_ident[EI_DATA] == ELFDATA2MSB;
	b->arch = elf_arch(eh.e_machine, cls == ELFCLASS64, b->be);
	b->pie = eh.e_type == ET_DYN;
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) {
		gs_fail("not an executable (ELF type %u)", (unsigned)eh.e_type);
		goto out;
	}

	if (gs_binary_add_piece(b, "[ELF header]", GS_SEC_HEADER, 0, eh.e_ehsize) < 0 ||
	    gs_binary_add_piece(b, "[program headers]", GS_SEC_HEADER, eh.e_phoff, (uint64_t)eh.e_phnum * eh.e_phentsize) < 0 ||
	    elf_segments(b, e) < 0)
		goto out;
	size_t nsh, shstr;
	if (elf_getshdrnum(e, &nsh) != 0 || (nsh && elf_getshdrstrndx(e, &shstr) != 0)) {
		gs_fail("bad section headers: %s", elf_errmsg(-1));
		goto out;
	}
	if (nsh && gs_binary_add_piece(b, "[section headers]", GS_SEC_HEADER, eh.e_shoff, (uint64_t)nsh * eh.e_shentsize) < 0)
		goto out;
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(e, scn)) != NULL;)
		if (elf_section(b, e, scn, shstr, &eh) < 0)
			goto out;
	rc = 0;
out:
	if (e)
		elf_end(e);
	return rc;
}
