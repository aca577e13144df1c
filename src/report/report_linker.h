/* report_linker.h - the diff's "linker" section (causes.h) as JSON: dead-code
 * elimination of methods on each side, the growth and the part explained,
 * and the top causes with their chains. */
#ifndef GS_REPORT_LINKER_H
#define GS_REPORT_LINKER_H

#include <jansson.h>

#include "model/causes.h"

/* {old: {dce, dce_reason, dce_chain}, new: {...}, note, growth_bytes,
 * explained_bytes, dce_turned_off, dce_cost_bytes, causes: [{kind, chain,
 * chain_length, bytes, symbols}] (the top ones), causes_total}; NULL when
 * memory runs out. */
json_t *gs_linker_json(const gs_causes *c, int top);

#endif
