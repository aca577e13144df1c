/* attrib.h - the attribution context (gs_attrib) the passes share (internal
 * to src/attrib; implemented in attrib.c): it owns the claim bitmap and the
 * per-function arrays; every pass reports (package, category, file range) to
 * one sink, at_give/at_charge, which claims each byte once and records the
 * claimed runs for --ranges. The passes run from the table in analyze.c. */
#ifndef GS_ATTRIB_H
#define GS_ATTRIB_H

#include <stddef.h>
#include <stdint.h>

#include "container/binary.h"
#include "util/job.h"
#include "goformat/moduledata.h"
#include "goformat/pclntab.h"
#include "model/snapshot.h"
#include "util/strmap.h"
#include "goformat/symname.h"

/* The buckets: pseudo-packages for the bytes no Go package owns (named in brackets). */
#define GS_B_HEADERS "[headers]"
#define GS_B_GAPS "[section padding]"
#define GS_B_TEXTPAD "[text padding]"
#define GS_B_PCLNTAB "[pclntab]"
#define GS_B_CGO "[cgo/C]"
#define GS_B_LINKER "[go linker]"
#define GS_B_BUILDINFO "[buildinfo]"
#define GS_B_DEBUG "[debug]"
#define GS_B_SYMTAB "[symtab]"
#define GS_B_LOADER "[loader]"
#define GS_B_META "[metadata]"
#define GS_B_TYPELINK "[typelinks]"
#define GS_B_TYPES "[types]"
#define GS_B_GOFUNC "[go.func]"
#define GS_B_SHARED "[shared data]"
#define GS_B_INITTASKS "[init tasks]"
#define GS_B_MODDATA "[moduledata]"
#define GS_B_ITABS "[itabs]"
#define GS_B_STRINGS "[strings]"
#define GS_B_ASM "[asm]"

/* An address the code takes: the instruction's PC and the target. */
typedef struct at_ref {
	uint64_t pc, target;
} at_ref;

typedef struct gs_attrib {
	gs_snapshot *s;
	const gs_binary *b;
	uint64_t *bits;       /* one bit per file byte: claimed */
	gs_strmap pkgmap;     /* package name -> index in s->pkgs */
	const gs_pclntab *t;
	gs_moduledata md;     /* addr 0 when not found */
	const gs_section **dsecs; /* where data references may land, by address */
	size_t ndsecs;
	uint64_t dlo, dhi;    /* the lowest start and highest end of dsecs: a quick miss for other words */
	uint32_t *dpage;      /* per 2^dshift bytes from dlo: the dsecs starting at or below its start */
	unsigned dshift;
	uint64_t gofunc;      /* base of funcdata offsets (Go 1.18+), 0 if unknown */
	at_ref *refs;         /* the data addresses each function's code takes, by function (at_datarefs frees them) */
	size_t nrefs, refs_cap;
	size_t *func_refs;    /* function i's refs: [func_refs[i], func_refs[i+1]) */
	int refs_supported;   /* 0: no decoder for this architecture (or --fast) */
	gs_job scan;          /* the code scan that fills refs, func_refs, refs_supported (scan.c) */
	int release;          /* 1: b->data is the caller's file mapping: at_release gives pages back */
	size_t *func_pkg;     /* package index per function */
	uint64_t *func_pcln;  /* pclntab bytes claimed per function */
	gs_cat cat;           /* category for range callbacks */
	int fast;             /* no machine-code scan */
	int minor;            /* Go 1.minor (build info, else the pclntab layout's first) */
	int err;
} gs_attrib;

/* Waits for the code scan if it runs, then frees what the context owns (the
 * claim bitmap, per-function arrays, the code's references, the package
 * map); the snapshot stays the caller's. */
void at_dispose(gs_attrib *c);
/* Claims [off, off+len) and returns how many of those bytes were unclaimed. */
uint64_t at_claim(gs_attrib *c, uint64_t off, uint64_t len);
/* Index of package name in s->pkgs, created on first use; (size_t)-1 on error. */
size_t at_pkg(gs_attrib *c, const char *name);
/* Claims [off, off+len) for package p in category cat; returns the bytes it got. */
uint64_t at_give(gs_attrib *c, size_t p, gs_cat cat, uint64_t off, uint64_t len);
/* Claims what is left of [off, off+len) for nobody (listed as "(unattributed)"
 * by --ranges); returns how many bytes that was. */
uint64_t at_unattributed(gs_attrib *c, uint64_t off, uint64_t len);
/* at_give to a bucket by name. */
void at_charge(gs_attrib *c, const char *bucket, gs_cat cat, uint64_t off, uint64_t len);
/* The file offset of VM range [addr, addr+len) into *off; 0, or GS_ENOTFOUND
 * (no message, *off untouched) when it is not all in the file. */
int at_file_off(uint64_t *off, const gs_binary *b, uint64_t addr, uint64_t len);
/* 1 for the linker's runtime.* tables that grow with the whole program. */
int at_linker_table(const char *name);
/* The package of a function or symbol name, or a bucket. */
const char *at_name_pkg(const char *name, char *buf, size_t bufsz, gs_symclass *cls);
/* 1 for the loader's sections (relocations, dynamic symbols and strings, hash
 * tables, GOT/PLT, init/fini, unwind tables, notes, import tables). */
int at_loader_section(const gs_section *s);
/* The bucket (and *cat) that takes a whole section no pass attributes byte by
 * byte: headers, build info, DWARF, symbol tables, type tables, loader
 * sections, other metadata, and code outside Go functions when go_code (a Go
 * binary with a pclntab); NULL for a section the passes attribute. */
const char *at_section_bucket(const gs_section *s, int go_code, gs_cat *cat);
/* The section that holds VM address addr, or NULL. */
const gs_section *at_sec_at(const gs_binary *b, uint64_t addr);
/* Adds a row to the snapshot's symbol list; -1 when out of memory. */
int at_add_sym(gs_attrib *c, const char *name, const char *pkgname, gs_cat cat, uint64_t addr, uint64_t size, uint64_t pcln,
               int bss);

/* Functions: code, padding, pclntab bytes and funcdata per function (funcs.c). */
int at_functions(gs_attrib *c);
/* Starts scanning every function's code once for the data addresses it takes
 * (on a thread of its own when allowed); at_scan_join waits for it: 0, or -1
 * with the error set. Between the two, no pass may read c->refs, c->nrefs,
 * c->func_refs or c->refs_supported (scan.c). */
void at_scan_start(gs_attrib *c);
int at_scan_join(gs_attrib *c);
/* Gives the whole pages of file bytes [off, off+len) back to the kernel when
 * c->release (the analysis is done with them; read again, they come back
 * from the file). */
void at_release(const gs_attrib *c, uint64_t off, uint64_t len);

/* DWARF by compile unit, list and frame description (dwarfattr.c). */
int at_dwarf(gs_attrib *c);

/* Data referenced from code and the data it points to (datarefs.c). */
int at_datarefs(gs_attrib *c);

#endif
