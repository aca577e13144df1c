/* sha256.h - SHA-256 of a byte buffer (FIPS 180-4), for the snapshot's file hash. */
#ifndef GS_SHA256_H
#define GS_SHA256_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* Writes the lowercase hex digest (64 chars + NUL) of data[0..n) to hex. */
void gs_sha256_hex(const uint8_t *data, size_t n, char hex[65]);

/* -1: use the CPU's SHA instructions when present (default); 0: never; 1: always.
 * After the first hash it holds 0 or 1. */
extern int gs_sha256_accel;

/* 0: every job runs on the calling thread (GOSIZE_THREADS=1); 1 (default):
 * independent work may run on a thread of its own. Output is the same. */
extern int gs_threads;

/* A hash computed while the caller does other work: start hands data[0..n)
 * (which must stay valid and unchanged until join) to a thread of its own
 * (inputs of 1 MiB or more, when gs_threads allows and a thread starts; else
 * join hashes it); join waits and writes the same digest gs_sha256_hex would.
 * Every started job must be joined. */
typedef struct gs_sha256_job {
	pthread_t th;
	int started;
	const uint8_t *data;
	size_t n;
	char hex[65];
} gs_sha256_job;

void gs_sha256_start(gs_sha256_job *j, const uint8_t *data, size_t n);
void gs_sha256_join(gs_sha256_job *j, char hex[65]);

#endif
