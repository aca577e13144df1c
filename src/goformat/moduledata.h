/* moduledata.h - the runtime's module data (runtime.firstmoduledata): where it
 * is and the address ranges it describes. Pure: reads a gs_binary. */
#ifndef GS_MODULEDATA_H
#define GS_MODULEDATA_H

#include <stdint.h>

#include "container/binary.h"

typedef struct gs_moduledata {
	uint64_t addr;            /* VM address of the structure */
	uint64_t text, etext;
	uint64_t findfunctab, minpc, maxpc; /* the runtime's PC lookup buckets */
	uint64_t noptrdata, enoptrdata, data, edata, bss, ebss, noptrbss, enoptrbss;
	uint64_t gcdata, gcbss;   /* GC programs for data and bss */
	uint64_t types, etypes, rodata, gofunc;
	uint64_t typelinks, ntypelinks;  /* []int32 offsets from types */
	uint64_t itablinks, nitablinks;  /* []*itab */
} gs_moduledata;

/* Finds the module data whose pcHeader is pclntab_addr and whose function
 * table has nfunc+1 entries (the .go.module section, runtime.firstmoduledata,
 * or a scan of data for the pointer). Returns 0, or GS_ENOTFOUND (no message). */
int gs_moduledata_find(gs_moduledata *md, const gs_binary *b, uint64_t pclntab_addr, uint64_t nfunc);

/* Reads types/etypes/rodata/gofunc for the pclntab layout magic (these moved
 * between Go versions); each is 0 when it does not validate. */
void gs_moduledata_types(gs_moduledata *md, const gs_binary *b, uint32_t magic);

/* The byte length of the GC program at addr (the runtime's gcdata/gcbss:
 * literal bits and repeats, ended by a zero byte) if it describes exactly
 * nbits words; 0 if it does not parse so. */
uint64_t gs_gcprog_len(const gs_binary *b, uint64_t addr, uint64_t nbits);

#endif
