/* causes.h - why NEW grew, from the linker's reachability (reach.h): every
 * symbol row of a delta that is new or grew, grouped by the edge through which
 * it became reachable (its first-reacher chain in NEW followed up to the first
 * symbol OLD also kept: that OLD -> NEW edge is its cause), ranked by bytes;
 * and dead-code elimination of methods on each side. Pure; linear in the
 * rows and NEW's tree (each node is walked once). */
#ifndef GS_CAUSES_H
#define GS_CAUSES_H

#include <stddef.h>
#include <stdint.h>

#include "model/diff.h"
#include "model/reach.h"

typedef enum gs_cause_kind {
	GS_CAUSE_EDGE, /* node became reachable through its parent (kept by OLD) */
	GS_CAUSE_GREW, /* node was kept by OLD too and grew in place (its code or data changed) */
	GS_CAUSE_DCE   /* kept because dead-code elimination of methods turned off: an exported
	                * method reached from its type's descriptor, and what only it reaches */
} gs_cause_kind;

#define GS_CAUSE_CHAIN_MAX 8 /* chain entries shown: a longer chain loses its middle ("…") */

typedef struct gs_cause {
	gs_cause_kind kind;
	uint32_t node;        /* NEW's node: the first new symbol (edge), the symbol (grew); DCE: none */
	uint64_t bytes;       /* growth of the symbols it explains */
	size_t symbols;
	const char **chain;   /* entry point ... node (at most GS_CAUSE_CHAIN_MAX, "…" in the middle
	                       * of a longer one; DCE: the chain that switched it off); malloc'd array
	                       * of pointers into NEW's reach */
	size_t nchain, chain_len; /* entries shown, entries in the whole chain */
} gs_cause;

typedef struct gs_causes {
	int old_dce, new_dce;     /* gs_dce: GS_DCE_UNKNOWN where no link was seen */
	const gs_reach *old, *new_; /* the sides' reachability, or NULL */
	int available;            /* 1: both sides have the tree, causes computed */
	const char *note;         /* why not (a literal or a snapshot's note), or NULL */
	uint64_t growth;          /* growth of every symbol row that is new or grew */
	uint64_t explained;       /* the part with a cause */
	size_t unexplained_symbols;
	gs_cause *v;              /* every cause, most bytes first */
	size_t n;
	int dce_turned_off;       /* on in OLD, off in NEW */
	const char **dce_chain;   /* NEW's chain that switched it off, abbreviated like a cause's (malloc'd
	                           * array of pointers into NEW's reach; NULL when it stayed on) */
	size_t ndce_chain;
	uint64_t dce_bytes;       /* the DCE cause's symbol bytes (0 when it did not turn off) */
	size_t dce_symbols;
	uint64_t dce_cost;        /* its estimated cost in file bytes: the DCE cause's share of the
	                           * symbols' growth applied to the file's growth (each function brings
	                           * its pclntab, type, symbol-table and DWARF bytes in about the same
	                           * proportion as the rest) */
} gs_causes;

/* Computes the causes of d's growth into *c (zeroed first). The delta and its
 * snapshots must outlive c. Returns 0 or -1 (error set). */
int gs_causes_compute(gs_causes *c, const gs_delta *d);

void gs_causes_dispose(gs_causes *c);

#endif
