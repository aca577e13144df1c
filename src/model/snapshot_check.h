/* snapshot_check.h - the checks on a loaded snapshot (it may be hostile),
 * shared by the loaders of every schema. Pure. */
#ifndef GS_SNAPSHOT_CHECK_H
#define GS_SNAPSHOT_CHECK_H

#include <stdint.h>

#include "model/snapshot.h"

/* Everything a loader checks once the snapshot is in (s->attributed 0 yet;
 * file and attr are the document's "totals"): each package's categories sum
 * to its size and the package sizes fit in the file (their sum becomes
 * s->attributed); sections inside the file, modules equal to their packages,
 * no duplicate names, sane counts; totals equal to what was loaded; then the
 * model's own invariants (gs_snapshot_check). Returns 0, or -1 with
 * "snapshot: ..." set. */
int gs_snapshot_load_check(gs_snapshot *s, uint64_t file, uint64_t attr);

#endif
