/* types.h - type descriptors by package: walks the module data's typelinks
 * and the types they reach (elements, keys, map bucket types, fields,
 * parameters, methods, pointer-to types); a descriptor, to the extent its
 * kind proves (header, kind fields, uncommon type, its parameter, field or
 * method arrays), and the names it uses belong to the package of its named
 * type (for unnamed types: of the named type they are built from). Bytes
 * between proven descriptors are not reported. Seeds (addresses the code
 * takes inside the type region) add to typelinks, which Go 1.27 no longer
 * has. Pure. */
#ifndef GS_TYPES_H
#define GS_TYPES_H

#include <stdint.h>

#include "container/binary.h"
#include "goformat/moduledata.h"

/* What a range of gs_types_walk is. */
enum { GS_TW_TYPE = 0, GS_TW_ITAB = 1, GS_TW_GCDATA = 2 };

/* Calls fn(ctx, addr, len, pkg, GS_TW_TYPE) for each name (GS_TW_GCDATA for each
 * descriptor's GC bitmap or program), then each descriptor, in address order,
 * then fn(..., GS_TW_ITAB) for each itab (from itablinks) with its concrete type's
 * package; pkg is NULL when no package is known. user (may be NULL) names
 * the one package whose code uses a descriptor, or NULL. go_minor is the Go 1.x minor version.
 * Returns 0, or -1 on allocation failure (error set). */
int gs_types_walk(const gs_binary *b, const gs_moduledata *md, int go_minor, const uint64_t *seeds, size_t nseeds,
                  const char *(*user)(void *ctx, uint64_t addr),
                  void (*fn)(void *ctx, uint64_t addr, uint64_t len, const char *pkg, int kind), void *ctx);

#endif
