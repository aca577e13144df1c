/* sha256.h - SHA-256 of a byte buffer (FIPS 180-4), for the snapshot's file hash. */
#ifndef GS_SHA256_H
#define GS_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Writes the lowercase hex digest (64 chars + NUL) of data[0..n) to hex. */
void gs_sha256_hex(const uint8_t *data, size_t n, char hex[65]);

/* -1: use the CPU's SHA instructions when present (default); 0: never; 1: always.
 * After the first hash it holds 0 or 1. */
extern int gs_sha256_accel;

#endif
