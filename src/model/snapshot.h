/* snapshot.h - the snapshot model: what one binary is made of. Built by
 * analyze.c from bytes, written and read as JSON by snapshot_json.c, compared
 * by diff.c. Owns all its strings; gs_snapshot_dispose frees them. */
#ifndef GS_SNAPSHOT_H
#define GS_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "model/buildinfo.h"
#include "model/provenance.h"

#define GS_SCHEMA 3 /* 3: compact symbols (per package, relative names and addresses); 2: adds "imports"; 1 and 2 still load */

/* What kind of bytes: every attributed byte has one category. */
typedef enum gs_cat {
	GS_CAT_CODE,     /* machine code of functions */
	GS_CAT_PADDING,  /* alignment padding between functions */
	GS_CAT_PCLNTAB,  /* pclntab: function table entries, _func records, shared header and file tables */
	GS_CAT_FUNCNAME, /* pclntab: function names */
	GS_CAT_PCTAB,    /* pclntab: pc-value tables (stack, file, line, pcdata) */
	GS_CAT_FUNCDATA, /* funcdata: stack maps, inline trees, argument info */
	GS_CAT_RODATA,   /* read-only data */
	GS_CAT_DATA,     /* initialised writable data */
	GS_CAT_TYPE,     /* type descriptors and helpers */
	GS_CAT_ITAB,     /* interface tables */
	GS_CAT_STRING,   /* string data */
	GS_CAT_DEBUG,    /* DWARF */
	GS_CAT_SYMTAB,   /* symbol and string tables */
	GS_CAT_HEADER,   /* container headers and padding between sections */
	GS_CAT_OTHER,    /* loader tables, notes, build info and other metadata */
	GS_CAT_N
} gs_cat;

const char *gs_cat_name(gs_cat c);
/* The category named s, or -1. */
int gs_cat_parse(const char *s);
/* 1 for the parts of function metadata (pclntab, names, pc tables, funcdata). */
int gs_cat_is_pcln(gs_cat c);

typedef struct gs_snap_section {
	char *name;
	char *kind;           /* text rodata data bss debug symtab other header padding */
	uint64_t off, size;   /* file bytes */
	uint64_t addr, vmsize;
	int compressed;
	uint64_t usize;       /* compressed sections: the uncompressed size (0 if unknown) */
	uint64_t unattributed;/* bytes of this section no package claimed */
} gs_snap_section;

typedef struct gs_snap_pkg {
	char *name;           /* Go import path, or a [bucket] */
	char *module;         /* module path, "std", or "" for buckets */
	uint64_t size;        /* file bytes, all categories */
	uint64_t cat[GS_CAT_N];
	uint64_t bss;         /* zero-initialised memory (no file bytes) */
	uint64_t functions;
} gs_snap_pkg;

typedef struct gs_snap_module {
	char *path, *version;
	uint64_t size;        /* file bytes of its packages */
	uint64_t packages;
} gs_snap_module;

typedef struct gs_snap_sym {
	char *name;
	char *pkg;
	gs_cat cat;           /* code for functions */
	uint64_t addr, size;  /* size: code size for functions, symbol size otherwise */
	uint64_t pcln;        /* pclntab bytes the function owns */
	int bss;              /* 1: no file bytes */
} gs_snap_sym;

/* A file range and who got it (snapshot --ranges). */
typedef struct gs_snap_range {
	uint64_t off, len;
	const char *pkg;      /* a package's name (owned by pkgs) */
	gs_cat cat;
} gs_snap_range;

/* One package of the import graph and its direct imports. */
typedef struct gs_imp {
	char *pkg;
	char **deps;
	size_t ndeps;
} gs_imp;

typedef struct gs_snapshot {
	char *tool;
	/* the binary */
	char *path, *format, *arch;
	uint64_t file_size;
	int ptrsize, big_endian, pie, has_symtab, has_dwarf;
	char sha256[65];
	/* Go */
	gs_buildinfo bi;
	char *pclntab_magic;  /* "0xfffffff1", or NULL if none */
	char *pclntab_go;     /* layout's Go versions */
	uint64_t nfuncs;
	/* measured savings (0 = not applicable): what -ldflags=-w, -ldflags=-s and
	 * -trimpath would remove (the last an estimate from the pclntab's file names) */
	uint64_t save_w, save_s, save_trimpath;
	/* attribution */
	gs_snap_section *secs;
	size_t nsecs, secs_cap;
	gs_snap_pkg *pkgs;    /* sorted by size desc, name */
	size_t npkgs, pkgs_cap;
	gs_snap_module *mods; /* sorted by size desc, path */
	size_t nmods, mods_cap;
	gs_snap_sym *syms;    /* sorted by size desc, name */
	size_t nsyms, syms_cap;
	gs_arena sym_strs;    /* when not empty (a snapshot loaded from schema 3 text), every symbol's
	                       * name and package are in here (one package string shared by its
	                       * symbols), else each is malloc'd */
	uint64_t nsyms_total; /* before a --symbols cap */
	uint64_t attributed, unattributed;
	/* the import graph (go list -deps) when gosize built the binary */
	char *imports_root;   /* the main package's import path, or NULL */
	char *imports_note;   /* why there is no graph, or NULL */
	gs_imp *imps;         /* sorted by pkg */
	size_t nimps, imps_cap;
	gs_prov prov;         /* what built the binary, when gosize built it (empty: unknown) */
	/* the linker's reachability (reach.h) when gosize built the binary and saw
	 * its link, or NULL; reach_note says why not (NULL: never built by gosize) */
	struct gs_reach *reach;
	char *reach_note;
	int want_ranges;
	gs_snap_range *ranges; /* claimed runs: sorted by offset (after gs_snapshot_sort), disjoint, summing to the file size */
	size_t nranges, ranges_cap;
} gs_snapshot;

/* A package's function metadata bytes, all parts. */
uint64_t gs_pkg_pcln(const gs_snap_pkg *p);

void gs_snapshot_dispose(gs_snapshot *s);

/* Sorts packages, modules, symbols and sections into their canonical order. */
void gs_snapshot_sort(gs_snapshot *s);

/* Keeps only the first max symbols (0 = all). */
void gs_snapshot_cap_symbols(gs_snapshot *s, size_t max);

/* Keeps only the symbols of at least min_size bytes, at most max of them
 * (0 = no count cap): the compact form stored in git notes. Symbols of one
 * package and name are summed into one entry first (as a diff sums them).
 * Totals are kept. Returns 0 or -1 (out of memory; symbols unchanged in sum). */
int gs_snapshot_keep_symbols(gs_snapshot *s, uint64_t min_size, size_t max);

/* The size below which a capped symbol list may be missing symbols: the
 * smallest listed symbol's size when the list was capped, else 0. */
uint64_t gs_snapshot_symbol_floor(const gs_snapshot *s);

/* The module a package belongs to, given the build info: longest module path
 * prefix; "std" for standard-library paths; main module for "main". Returns a
 * pointer into bi or a literal. */
const char *gs_snapshot_module_of(const gs_buildinfo *bi, const char *pkg);

/* Checks the invariants: package sizes sum to attributed; attributed +
 * unattributed == file size; the sections' unattributed bytes sum to the
 * unattributed total. Returns 0 or -1 (message "internal: ..."). */
int gs_snapshot_check(const gs_snapshot *s);

#endif
