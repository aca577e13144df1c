/* sha256.h - SHA-256 of a byte buffer (FIPS 180-4), for the snapshot's file hash. */
#ifndef GS_SHA256_H
#define GS_SHA256_H

#include <stddef.h>
#include <stdint.h>

#include "util/job.h"

/* Writes the lowercase hex digest (64 chars + NUL) of data[0..n) to hex. */
void gs_sha256_hex(const uint8_t *data, size_t n, char hex[65]);

/* -1: use the CPU's SHA instructions when present (default); 0: never; 1: always.
 * After the first hash it holds 0 or 1. */
extern int gs_sha256_accel;

/* A hash computed while the caller does other work: start hands data[0..n)
 * (which must stay valid and unchanged until join) to a job (job.h: a thread
 * of its own for inputs of 1 MiB or more when gs_threads allows, else join
 * hashes it); with fd >= 0, data is a mapping of the open file fd and the
 * bytes are read from fd with pread through a small buffer (the page cache,
 * not this process's memory; data only when a read fails). join waits and
 * writes the digest gs_sha256_hex(data, n) gives. Every started job must be
 * joined. */
typedef struct gs_sha256_job {
	gs_job job;
	const uint8_t *data;
	size_t n;
	int fd;
	char hex[65];
} gs_sha256_job;

void gs_sha256_start(gs_sha256_job *j, const uint8_t *data, size_t n, int fd);
void gs_sha256_join(gs_sha256_job *j, char hex[65]);

#endif
