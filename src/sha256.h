/* sha256.h - SHA-256 of a byte buffer (FIPS 180-4), for the snapshot's file hash. */
#ifndef GS_SHA256_H
#define GS_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Writes the lowercase hex digest (64 chars + NUL) of data[0..n) to hex. */
void gs_sha256_hex(const uint8_t *data, size_t n, char hex[65]);

#endif
