/* binary.h - the container model every reader (ELF, Mach-O, PE) produces:
 * sections, loaded segments, symbols and basic facts. Knows nothing about Go.
 * Readers take bytes in memory (the caller keeps them alive), never a path. */
#ifndef GS_BINARY_H
#define GS_BINARY_H

#include <stddef.h>
#include <stdint.h>

#include "util/rd.h"

typedef enum gs_seckind {
	GS_SEC_TEXT,    /* executable code */
	GS_SEC_RODATA,  /* loaded, read-only data */
	GS_SEC_DATA,    /* loaded, writable, with file bytes */
	GS_SEC_BSS,     /* loaded, no file bytes */
	GS_SEC_DEBUG,   /* DWARF */
	GS_SEC_SYMTAB,  /* symbol and string tables */
	GS_SEC_OTHER,   /* anything else not loaded */
	GS_SEC_HEADER   /* pseudo: a container header (ELF header, program/section header table) */
} gs_seckind;

const char *gs_seckind_name(gs_seckind k);

typedef struct gs_section {
	char *name;
	gs_seckind kind;
	uint32_t type;     /* raw format-specific type (ELF sh_type) */
	uint64_t flags;    /* raw format-specific flags (ELF sh_flags) */
	uint64_t off;      /* file offset */
	uint64_t size;     /* bytes in the file (0 for bss-like) */
	uint64_t addr;     /* VM address (0 if not loaded) */
	uint64_t vmsize;   /* bytes in memory (0 if not loaded) */
	int alloc, exec, write;
	int compressed;    /* e.g. ELF SHF_COMPRESSED */
} gs_section;

typedef struct gs_segment {
	uint64_t off, filesz, addr, memsz;
	int exec, write;
} gs_segment;

typedef enum gs_symkind { GS_SYM_FUNC, GS_SYM_OBJECT, GS_SYM_OTHER } gs_symkind;

typedef struct gs_symbol {
	char *name;
	uint64_t addr, size;
	gs_symkind kind;
	uint64_t ent_off, ent_len;   /* file bytes of its symbol-table entry (len 0: unknown) */
	uint64_t name_off, name_len; /* and of its name in the string table, NUL included */
} gs_symbol;

/* A dynamic relocation that stores an address (R_*_RELATIVE): the value a
 * pointer at `addr` has after loading when the file holds 0 there. */
typedef struct gs_reloc {
	uint64_t addr, value;
} gs_reloc;

/* A copy of file bytes at a view offset past the end of the file (wasm's
 * memory image): view bytes [voff, voff+len) are file bytes [off, off+len). */
typedef struct gs_alias {
	uint64_t voff, off, len;
} gs_alias;

/* A file range a container format spends on framing inside a section (wasm's
 * section headers, body and segment prefixes): charged as headers. */
typedef struct gs_frame {
	uint64_t off, len;
} gs_frame;

typedef struct gs_binary {
	const uint8_t *data;
	uint64_t size;       /* bytes of the file */
	uint64_t vsize;      /* bytes readable at data: the file, then what a reader built (wasm memory) */
	uint8_t *owned;      /* data when a reader copied the file (freed by dispose), or NULL */
	const char *format;  /* "elf", "macho", "pe", "wasm" */
	const char *arch;    /* Go GOARCH name */
	int ptrsize;         /* 4 or 8 */
	int be;              /* 1 = big-endian */
	int pie;
	int has_symtab, has_dwarf;
	gs_section *secs;
	size_t nsecs, secs_cap;
	gs_segment *segs;
	size_t nsegs, segs_cap;
	gs_symbol *syms;     /* sorted by address after parsing */
	size_t nsyms, syms_cap;
	gs_reloc *relocs;    /* sorted by addr */
	size_t nrelocs, relocs_cap;
	gs_segment *code;    /* wasm function bodies: entry PC -> file bytes, sorted by addr
	                      * (a body may be longer than the PC range to the next entry) */
	size_t ncode, code_cap;
	gs_alias *alias;     /* sorted by voff, not overlapping */
	size_t nalias, alias_cap;
	gs_frame *frames;
	size_t nframes, frames_cap;
	char *toolchain;     /* the Go version the container names (wasm's producers section), or NULL */
} gs_binary;

/* Parses the container in data[0..size) into *b (zeroed first); arch picks
 * the slice of a universal Mach-O file (NULL: the first). Returns 0 or -1.
 * On error *b is disposed. data must outlive *b. */
int gs_binary_parse(gs_binary *b, const uint8_t *data, uint64_t size, const char *arch);

/* Releases what gs_binary_parse allocated (not the data). */
void gs_binary_dispose(gs_binary *b);

/* The readers, called by gs_binary_parse on matching magic. */
int gs_elf_parse(gs_binary *b);
int gs_pe_parse(gs_binary *b);
int gs_macho_parse(gs_binary *b, const char *want_arch);
int gs_wasm_parse(gs_binary *b);

/* The byte length of the function body at entry PC addr (wasm), 0 if none. */
uint64_t gs_binary_code_len(const gs_binary *b, uint64_t addr);

/* Index of the first alias whose view range ends after voff (b->nalias if none). */
size_t gs_binary_alias_at(const gs_binary *b, uint64_t voff);

/* 1 if the binary has a loaded section (else its loaded bytes are in segments only). */
int gs_binary_has_alloc(const gs_binary *b);

/* Gives symbols[start..nsyms) (which have no sizes in the file format) the
 * distance to the next higher symbol address, bounded by their section's end. */
int gs_binary_size_by_next(gs_binary *b, size_t start);

/* A view of the whole file with the binary's byte order and pointer size. */
gs_rd gs_binary_rd(const gs_binary *b);

/* The first section named name, or NULL. */
const gs_section *gs_binary_section(const gs_binary *b, const char *name);

/* The symbol named name, or NULL (linear: for a few look-ups). */
const gs_symbol *gs_binary_symbol(const gs_binary *b, const char *name);

/* A view of len file bytes at VM address addr; 0, or GS_ENOTFOUND (no message) when not in the file. */
int gs_binary_at(const gs_binary *b, uint64_t addr, uint64_t len, gs_rd *out);
/* The same for an object of unsure extent: *len is halved until the range lies
 * in the file (an object whose tail is bss, or a guessed length); returns the
 * bytes viewed, 0 when not even addr is in the file. */
uint64_t gs_binary_at_most(const gs_binary *b, uint64_t addr, uint64_t len, gs_rd *out);

/* A pointer stored at VM address addr, applying a RELATIVE relocation when the
 * file holds 0 there. Returns 0 or GS_ENOTFOUND (no message). */
int gs_binary_ptr(const gs_binary *b, uint64_t addr, uint64_t *out);
/* The same for a view of the file that starts at VM address view_addr (many
 * reads from one object without a section look-up each). */
uint64_t gs_binary_word(const gs_binary *b, gs_rd *view, uint64_t view_addr, uint64_t addr);

/* 0 if [off, off+size) lies inside the file; else -1 with the error "WHAT
 * (offset, bytes) extends past the end of the file (truncated?)". */
int gs_binary_check_range(const gs_binary *b, const char *what, uint64_t off, uint64_t size);

/* Adds a pseudo-section for a file range the container format defines (a
 * header, a table), checking it lies in the file. size 0 adds nothing.
 * Returns 0 or -1 (error set). */
int gs_binary_add_piece(gs_binary *b, const char *name, gs_seckind kind, uint64_t off, uint64_t size);

/* Adds a section (name copied); returns it or NULL (error set). */
gs_section *gs_binary_add_section(gs_binary *b, const char *name);

/* Sorts symbols and relocations; called by readers at the end. Returns 0 or -1. */
int gs_binary_finish(gs_binary *b);

#endif
