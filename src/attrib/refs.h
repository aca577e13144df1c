/* refs.h - the data addresses machine code takes: amd64 RIP-relative
 * LEA/MOV, 386 absolute LEA/MOV, arm64 ADRP+ADD/LDR, riscv64 AUIPC+ADDI/LD,
 * s390x LARL, arm literal-pool LDR, ppc64 ADDIS+ADDI/load.
 * A heuristic decoder of the few patterns Go's compiler emits for taking the
 * address of a string literal or a global; no full disassembly. Pure. */
#ifndef GS_REFS_H
#define GS_REFS_H

#include <stddef.h>
#include <stdint.h>

#include "container/binary.h"

/* Called with the address of the (first) instruction and the data address it takes. */
typedef void (*gs_ref_fn)(void *ctx, uint64_t pc, uint64_t target);

/* Calls fn for each data address referenced by the code in [addr, addr+len)
 * (which must lie in the file). Returns 1 if the architecture is supported,
 * else 0. */
int gs_refs_scan(const gs_binary *b, uint64_t addr, uint64_t len, gs_ref_fn fn, void *ctx);

#endif
