/* snapshot_check.h - the checks on a loaded snapshot (it may be hostile),
 * shared by the loaders of every schema. Pure. */
#ifndef GS_SNAPSHOT_CHECK_H
#define GS_SNAPSHOT_CHECK_H

#include <stdint.h>

#include "model/snapshot.h"

/* A package's categories sum to its size and the package sizes fit in the
 * file (adds p->size to s->attributed); sections inside the file, modules
 * equal to their packages, no duplicates, sane counts; totals equal to what
 * was loaded. Each returns 0, or -1 with "snapshot: ..." set. */
int gs_snapshot_pkg_check(gs_snapshot *s, const gs_snap_pkg *p, const char *where);
int gs_snapshot_sizes_check(const gs_snapshot *s);
int gs_snapshot_totals_check(const gs_snapshot *s, uint64_t file, uint64_t attr);

#endif
