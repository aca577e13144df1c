/* readers.h - what the reader tests (readers*.c) share: feeding a reader every
 * cut and every one-byte corruption of an input it accepts, each in a buffer of
 * exactly its length (ASan sees any read past it), and hand-made views. */
#ifndef GS_UNIT_READERS_H
#define GS_UNIT_READERS_H

#include "unit.h"

#include "container/binary.h"

/* A reader under test: 0 (accepted), GS_ENOTFOUND (nothing there) or -1 (a
 * message set) for data[0..n); ctx is the test's. */
typedef int (*unit_reader)(const uint8_t *data, size_t n, void *ctx);

/* What a run of unit_mutate saw: inputs accepted, answered "not found",
 * failed with a message; failed with none (silent) or another result (odd). */
typedef struct unit_mut {
	size_t ok, notfound, failed, silent, odd;
} unit_mut;

/* Reads every cut of data (each of the first 256 lengths, then every step-th,
 * and 32 across the middle of a large input) and, when vals is given, data with
 * each byte (every step-th past the first 256) set to each of vals; a failure
 * with no fresh message (or a result not 0/GS_ENOTFOUND/-1) is printed once
 * under what. */
void unit_mutate(const char *what, const uint8_t *data, size_t n, size_t step, const uint8_t *vals, size_t nvals,
                 unit_reader read, void *ctx, unit_mut *m);

/* A view of data[0..len) as one loaded, writable section named name at VM
 * address addr (ELF, 64-bit, little-endian). */
gs_binary unit_view(const uint8_t *data, size_t len, gs_section *sec, const char *name, uint64_t addr);

static inline void unit_put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8); }
static inline void unit_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}
static inline void unit_put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

#endif
