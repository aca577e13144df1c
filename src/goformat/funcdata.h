/* funcdata.h - the extent of a function's funcdata blob, proven from its
 * format (stack maps, stack objects, inline trees, open-coded defer info,
 * argument info and liveness, wrapper info). Pure: reads a gs_binary. */
#ifndef GS_FUNCDATA_H
#define GS_FUNCDATA_H

#include <stdint.h>

#include "container/binary.h"

/* FUNCDATA indices (stable since Go 1.12; 5-7 from 1.17/1.18). */
enum {
	GS_FD_ARGS = 0, GS_FD_LOCALS = 1, GS_FD_STKOBJ = 2, GS_FD_INLTREE = 3, GS_FD_OPENDEFER = 4,
	GS_FD_ARGINFO = 5, GS_FD_ARGLIVE = 6, GS_FD_WRAPINFO = 7
};

/* The bytes of the funcdata blob of FUNCDATA index kind at addr, for Go 1.minor:
 * what its format proves (maxidx: the largest value of the PCDATA table indexing
 * it, -1 none, for the inline tree and the liveness info); 0 when it does not
 * parse, is not in the file or its kind is unknown. */
uint64_t gs_funcdata_size(const gs_binary *b, uint64_t addr, int kind, int64_t maxidx, int minor);

#endif
