/* diff.h - the delta between two snapshots: totals, sections, packages,
 * modules, functions and build changes. A single snapshot is a diff against
 * an empty one. Pure: snapshots in, delta out. */
#ifndef GS_DIFF_H
#define GS_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "model/snapshot.h"

/* A row's strings belong to the snapshots it was computed from, or to the
 * delta's arena (symbol names). */
typedef struct gs_row {
	const char *name;
	const char *module;  /* packages: module; symbols: package */
	const char *old_ver, *new_ver; /* modules: versions (NULL on a side without the module) */
	uint64_t old, new_;
	int in_old, in_new;
} gs_row;

typedef struct gs_rows {
	gs_row *v;
	size_t n, cap;
} gs_rows;

typedef struct gs_note {
	char *text;          /* markdown-safe plain text, e.g. "Go version go1.22.1 → go1.23.0" */
} gs_note;

typedef struct gs_delta {
	const gs_snapshot *old, *new_;
	uint64_t old_total, new_total;
	uint64_t old_unattr, new_unattr;
	gs_rows sections, packages, modules, symbols, cats;
	gs_arena keys;       /* the symbol rows' "pkg\x1fname" keys (their names are the part after \x1f) */
	gs_note *notes;
	size_t nnotes, notes_cap;
} gs_delta;

/* new_ - old as a signed value, saturated to ±INT64_MAX (never overflows). */
static inline int64_t gs_delta_of(uint64_t old, uint64_t new_)
{
	if (new_ >= old)
		return new_ - old > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)(new_ - old);
	return old - new_ > (uint64_t)INT64_MAX ? -INT64_MAX : -(int64_t)(old - new_);
}
static inline int64_t gs_row_delta(const gs_row *r) { return gs_delta_of(r->old, r->new_); }

/* Computes the delta new_ - old into *d (zeroed first). The snapshots must
 * outlive d. Returns 0 or -1 (error set). */
int gs_diff(gs_delta *d, const gs_snapshot *old, const gs_snapshot *new_);

void gs_delta_dispose(gs_delta *d);

#endif
