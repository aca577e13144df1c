/* imports.h - the import graph of a snapshot (from `go list -deps`): parse it,
 * find the shortest import chain to a package, and weigh what a package pulled
 * in (the package plus everything reachable only through it). Pure. */
#ifndef GS_IMPORTS_H
#define GS_IMPORTS_H

#include <stddef.h>
#include <stdint.h>

#include "model/diff.h"
#include "model/snapshot.h"

/* Parses `go list -deps -f '{{.ImportPath}}{{range .Imports}} {{.}}{{end}}'`
 * output into s (root = the main package's import path). Returns 0 or -1. */
int gs_imports_parse(gs_snapshot *s, const char *root, const char *text);

/* The shortest import chain root -> ... -> pkg: *chain is a malloc'd array of
 * pointers into s (free only the array), *n its length; 0 when pkg is not
 * reachable. Returns 0 or -1. */
int gs_imports_chain(const char ***chain, size_t *n, const gs_snapshot *s, const char *pkg);

/* The bytes and number of packages that pkg brings: itself plus all that is
 * unreachable from the root without it. Returns 0 or -1. */
int gs_imports_weight(uint64_t *bytes, size_t *npkgs, const gs_snapshot *s, const char *pkg);

/* 1 if d has a Go package (not a [bucket]) that is new in the new snapshot. */
int gs_imports_has_new_packages(const gs_delta *d);

#define GS_WHY_CHAIN_MAX 8 /* chain entries kept: a longer chain's middle is one "…" entry */

/* A new package the change introduced directly: imported by a package that
 * was already there. */
typedef struct gs_why {
	const char *pkg;
	const char **chain;   /* root ... pkg (malloc'd array; at most GS_WHY_CHAIN_MAX entries,
	                       * a longer chain's middle is one "…" entry) */
	size_t nchain;        /* entries in chain */
	size_t chain_len;     /* packages in the whole chain */
	uint64_t weight;
	size_t npkgs;
} gs_why;

/* The entry points of the new packages of d, heaviest first. *out is malloc'd
 * (free with gs_why_free); *n = 0 and *note set when the new snapshot has no
 * import graph. Linear in the graph (one BFS for the chains, the dominator
 * tree for the weights) plus the chains shown. Returns 0 or -1. */
int gs_why_new(gs_why **out, size_t *n, const char **note, const gs_delta *d);
void gs_why_free(gs_why *w, size_t n);

/* How many times gs_why_new ran in this process: a run computes it once,
 * in the report model (report.c), however many formats it writes (tested). */
size_t gs_why_new_runs(void);

/* For every package of s's import graph (s->imps order), the package that
 * imports it on a shortest chain from the root (NULL for the root and the
 * unreachable): one BFS. *out malloc'd, pointing into s. Returns 0 or -1. */
int gs_imports_importers(const char ***out, const gs_snapshot *s);

/* 1 when s has no import graph because gosize never built it (a binary, a
 * snapshot of one, a schema 1 snapshot): reports then leave "why" out, while
 * a graph that failed to be listed during a build is worth a note. */
int gs_imports_never_built(const gs_snapshot *s);

/* `gosize why Q`: what a package, a module or a glob of packages is in s.
 * Q matches, in this order: a module path (all its packages), a package
 * (import path, or "main"), a glob (fnmatch, '*' crosses '/') or a Go pattern
 * "PATH/..." (PATH and everything under it). */
typedef struct gs_why_set {
	const char *match;        /* "package", "module" or "glob" */
	const char **pkgs;        /* the matching snapshot packages (names as in s->pkgs), largest first */
	size_t npkgs;
	uint64_t size;            /* their bytes */
	int graph;                /* 1 when s has an import graph (then the fields below are set) */
	const char **chain;       /* root ... the nearest package of the set (import paths) */
	size_t nchain;            /* 0: none of them is imported */
	uint64_t weight;          /* the set plus what only it brings */
	size_t nweight;
	const char **importers;   /* packages outside the set that import one in it (sorted) */
	size_t nimporters;
} gs_why_set;

/* Fills *out (free with gs_why_set_free). Returns 1 when Q matched, 0 when
 * nothing matched (*out empty), -1 on error. */
int gs_why_query(gs_why_set *out, const gs_snapshot *s, const char *q);
void gs_why_set_free(gs_why_set *w);

/* The snapshot package name for an import path (the root is "main"). */
const char *gs_imports_pkgname(const gs_snapshot *s, const char *path);

#endif
