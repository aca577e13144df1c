/* pclntab.h - the Go function table: locate the pclntab in a parsed binary,
 * validate it, and list every function with its code size, padding and the
 * pclntab bytes it owns. Pure: reads a gs_binary. */
#ifndef GS_PCLNTAB_H
#define GS_PCLNTAB_H

#include <stddef.h>
#include <stdint.h>

#include "container/binary.h"

typedef struct gs_func {
	const char *name;   /* NUL-terminated, inside the binary's bytes */
	uint64_t entry;     /* absolute entry address */
	uint64_t size;      /* code size: the PC extent of the pcsp table */
	uint64_t span;      /* next entry - entry (code + alignment padding) */
	uint64_t funcoff;   /* offset of the _func record from the function table base */
} gs_func;

typedef struct gs_pclntab {
	uint32_t magic;
	const char *go;     /* Go versions of this layout, e.g. "1.20+" */
	uint64_t off;       /* file offset of the table */
	uint64_t size;      /* bytes of the table */
	uint64_t addr;      /* VM address (0 if unknown) */
	int quantum, ptrsize;
	uint64_t textstart; /* base for entry offsets (1.18+) */
	uint64_t nfiles;
	/* offsets from the table start */
	uint64_t funcnametab, cutab, filetab, pctab, funcbase;
	gs_func *funcs;     /* sorted by entry */
	size_t nfuncs;
	const char *found_by; /* "section", "symbol" or "scan" */
} gs_pclntab;

/* Locates and parses the pclntab of b. Returns 1 found, 0 none (not a Go
 * binary, or too old), -1 corrupt (error set). */
int gs_pclntab_read(gs_pclntab *t, const gs_binary *b);

/* The index of the function whose entry is exactly addr, or (size_t)-1;
 * t may be NULL (no function table). */
size_t gs_pclntab_func_at(const gs_pclntab *t, uint64_t addr);

/* Calls fn(ctx, off, len, i, part) for each file range the pclntab's function
 * i owns: part 0 its functab entry and _func record, 1 its name, 2 its pc
 * tables; ranges may overlap (shared tables). */
typedef void (*gs_range_fn)(void *ctx, uint64_t off, uint64_t len, size_t func, int part);
void gs_pclntab_ranges(const gs_pclntab *t, const gs_binary *b, gs_range_fn fn, void *ctx);

/* The source file of function i's entry (NUL-terminated, inside the binary's
 * bytes), or NULL when the table does not say. */
const char *gs_pclntab_file(const gs_pclntab *t, const gs_binary *b, size_t i);

/* Calls fn(ctx, off, i) for each funcdata offset of function i (Go 1.18+:
 * offsets from the module's gofunc; nil entries skipped). */
void gs_pclntab_funcdata(const gs_pclntab *t, const gs_binary *b, void (*fn)(void *ctx, uint64_t off, size_t func),
                         void *ctx);

/* Calls fn(ctx, addr, i, kind, maxidx) for each funcdata blob of function i,
 * functions in table order:
 * its address (Go 1.18+: gofunc + the offset, needs gofunc; before: the
 * pointer), its FUNCDATA index, and for the inline tree (3) and the argument
 * liveness info (6) the largest value of the PCDATA table indexing it (-1: none). */
typedef void (*gs_fd_fn)(void *ctx, uint64_t addr, size_t func, int kind, int64_t maxidx);
void gs_pclntab_funcdata_all(const gs_pclntab *t, const gs_binary *b, uint64_t gofunc, gs_fd_fn fn, void *ctx);

/* Calls fn(ctx, lo, hi, name) for each PC range [lo, hi) of function i whose
 * code the compiler inlined from another function; name (NUL-terminated,
 * inside the binary's bytes) is the innermost inlined function. gofunc is the
 * base of funcdata offsets (Go 1.18+). Go 1.16+ layouts; nothing for older. */
typedef void (*gs_inl_fn)(void *ctx, uint64_t lo, uint64_t hi, const char *name);
void gs_pclntab_inlined(const gs_pclntab *t, const gs_binary *b, uint64_t gofunc, size_t i, gs_inl_fn fn, void *ctx);

/* Calls fn(ctx, name) for each source file name in the table's file table. */
void gs_pclntab_files(const gs_pclntab *t, const gs_binary *b, void (*fn)(void *ctx, const char *name), void *ctx);

void gs_pclntab_dispose(gs_pclntab *t);

/* Validates a candidate header at file offset off with avail bytes after it
 * (no function walk). Returns 1 plausible, 0 not. Exposed for the fuzzer. */
int gs_pclntab_probe(const gs_binary *b, uint64_t off, uint64_t avail);

#endif
