/* reach.h - the linker's reachability of one build: which symbol first reached
 * each symbol the linker kept (go's link -dumpdep prints "from -> to" as it
 * marks them), whether dead-code elimination of methods stayed on, and the
 * chain that switched it off. Parsed from the dump by gs_reach_parse, kept in
 * a snapshot ("reach"), compared by causes.c. Pure. Owns its strings:
 * gs_reach_free releases everything. */
#ifndef GS_REACH_H
#define GS_REACH_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/sb.h"
#include "util/strmap.h"

/* Dead-code elimination of methods in one build. */
typedef enum gs_dce { GS_DCE_UNKNOWN, GS_DCE_ON, GS_DCE_OFF } gs_dce;

const char *gs_dce_name(int dce); /* "unknown", "on", "off" */

#define GS_REACH_NONE ((uint32_t)-1) /* a root's parent */
#define GS_REACH_CHAIN_MAX 64        /* dce_chain entries kept (the middle of a longer one is cut) */

typedef struct gs_reach {
	uint64_t nsyms;        /* symbols the linker kept (distinct names in the dump) */
	int dce;               /* gs_dce */
	char *dce_reason;      /* why off: "reflect.Value.MethodByName is reachable", ... (NULL when on) */
	char **dce_chain;      /* the entry point ... the symbol that switched it off (at most
	                        * GS_REACH_CHAIN_MAX; a longer one has "…" in the middle) */
	size_t ndce_chain;
	int marks;             /* 1: the linker prints <ReflectMethod> (Go 1.21 on) */
	/* the tree (absent in a compact note: has_tree 0): nodes in the order the
	 * linker marked them, each with the node that reached it first (parent < index) */
	int has_tree;
	size_t n, cap;
	const char **names;    /* in strs */
	uint32_t *parent;      /* GS_REACH_NONE for a root */
	gs_arena strs;
	gs_strmap idx;         /* name -> node (built with the tree) */
	gs_strmap gidx;        /* "pkg.F[...]" (the pclntab's name of a generic function) -> node; lazy */
	int gidx_built;
} gs_reach;

/* Parses a -dumpdep dump (text[0..len): lines "from -> to", a flag
 * " <UsedInIface>" / " <ReflectMethod>" after either name, "_" for a root;
 * other lines are ignored) into a new *out. goversion ("go1.19.8") says which
 * rule decides dead-code elimination (the Go linker's own): up to Go 1.21,
 * off when reflect.Value.Method or MethodByName is reachable; from Go 1.21, off
 * when a reachable function carries <ReflectMethod>; always off when dynlink
 * (the build links shared libraries or plugins). Returns 0, or -1 with the
 * error set (out of memory, or a dump that names no symbol). */
int gs_reach_parse(gs_reach **out, const char *text, size_t len, const char *goversion, int dynlink);

void gs_reach_free(gs_reach *r);

/* The node named name (exact, else a generic function by its pclntab name
 * "pkg.F[...]"), or GS_REACH_NONE. */
uint32_t gs_reach_find(gs_reach *r, const char *name);

/* Of the nodes for which pick(name, ctx) says 1, the one with the shortest
 * chain that does not pass through package initialisation (..inittask), else
 * the shortest through it; GS_REACH_NONE when none. One pass. */
uint32_t gs_reach_nearest(const gs_reach *r, int (*pick)(const char *name, void *ctx), void *ctx);

/* 1 when node i is an exported method reached from its type's descriptor
 * while dead-code elimination is off: kept for reflection. */
int gs_reach_kept_by_reflection(const gs_reach *r, uint32_t i);

/* 1 when name is a node of r (exact name). */
int gs_reach_has(const gs_reach *r, const char *name);

/* Keeps only the nodes that reached another (every ancestor of a kept node is
 * one) and those keep(name, ctx) wants (the snapshot's symbols): the tree
 * stored in a snapshot. Returns 0 or -1 (error set). */
int gs_reach_prune(gs_reach *r, int (*keep)(const char *name, void *ctx), void *ctx);

/* Drops the tree (a compact note keeps the summary only). */
void gs_reach_drop_tree(gs_reach *r);

/* The chain from the entry point to node i: *out[0..*n) are node indexes,
 * starting at main.main or main..inittask when the path passes one (else at
 * its root). *out is malloc'd. Returns 0 or -1. */
int gs_reach_chain(uint32_t **out, size_t *n, const gs_reach *r, uint32_t i);

/* The same chain as names, abbreviated when longer than max (the first
 * max/2-1, "…", the rest): *names malloc'd, pointing into r (and a literal). */
int gs_reach_chain_names(const char ***names, size_t *n, size_t *full, const gs_reach *r, uint32_t i, size_t max);

/* 1 when name is a type descriptor ("type.T", "type:T"). */
int gs_reach_is_type(const char *name);
/* 1 when name is a method whose name is exported ("pkg.(*T).Name", "pkg.T.Name"). */
int gs_reach_is_exported_method(const char *name);

/* Appends r as the snapshot's "reach" object (JSON text):
 * {"symbols", "dce", "dce_reason", "dce_chain", "marks", "tree": {"n", "names", "parents"}}. */
void gs_reach_write(gs_sb *b, const gs_reach *r);

/* Loads a "reach" object from JSON text (the value only): into a new *out,
 * or, for {"note": "why there is none"}, the note into *note (malloc'd). 0, or
 * -1 with the error set (checked like any snapshot part: bounded counts,
 * parents before children, no name twice). */
int gs_reach_read(gs_reach **out, char **note, const char *text, size_t len);

#endif
