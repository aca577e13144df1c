/* report_tree.h - the picture's data: a snapshot (or a delta) as a tree
 * root -> module -> package -> symbol / rest of a category, plus buckets and
 * unattributed bytes at the top, so the leaves add up to the file size. Tiny
 * symbols are left in their package's "[category]" rest, so the tree stays
 * small whatever the binary. Shared by the HTML and SVG renderers. Pure. */
#ifndef GS_REPORT_TREE_H
#define GS_REPORT_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "model/diff.h"
#include "model/snapshot.h"

enum {
	GS_TN_ROOT = 'r',
	GS_TN_MODULE = 'm',
	GS_TN_PACKAGE = 'p',
	GS_TN_BUCKET = 'b',   /* a [bucket] pseudo-package, or [unattributed] */
	GS_TN_SYMBOL = 's',   /* name relative to its package ("pkg." left off) */
	GS_TN_SYMFULL = 'S',  /* a symbol whose name does not start with its package */
	GS_TN_REST = 'o',     /* a package's bytes of one category outside the listed symbols */
	GS_TN_SECTION = 'x',
};

typedef struct gs_tnode {
	char *name;
	char type;            /* GS_TN_* */
	int cat;              /* category of the bytes (leaves), or the largest one (groups); -1 none */
	uint64_t size;        /* file bytes (the NEW side of a delta) */
	uint64_t old;         /* delta: the OLD side */
	int in_old, in_new;   /* delta: present on each side */
	uint64_t catsz[GS_CAT_N];
	struct gs_tnode *kids;
	size_t nkids, cap;
} gs_tnode;

/* Default cap on symbol leaves, and on the bytes of their names (Go's generic
 * instantiations can have names of hundreds of bytes): the page stays under
 * 3 MB whatever the binary. Symbols below file size / GS_TREE_MIN_FRAC never get one. */
#define GS_TREE_LEAVES 12000
#define GS_TREE_NAME_BYTES (1u << 20)
#define GS_TREE_MIN_FRAC 200000

/* The tree of s (by package) into *root. Returns 0 or -1 (error set). */
int gs_tree_snapshot(gs_tnode *root, const gs_snapshot *s, size_t max_leaves);
/* The sections of s (and the headers and gaps between them) under one root. */
int gs_tree_sections(gs_tnode *root, const gs_snapshot *s);
/* Both sides of d merged: size = NEW bytes, old = OLD bytes; nodes present on
 * one side only have in_old/in_new 0. by_section: the sections view. */
int gs_tree_delta(gs_tnode *root, const gs_delta *d, size_t max_leaves, int by_section);

void gs_tree_dispose(gs_tnode *root);

#endif
