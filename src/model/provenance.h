/* provenance.h - what made a snapshot's binary: the target's build command,
 * the Go toolchain and settings `go env` reported where it was built, and a
 * hash of each environment variable the command names. A note or cache entry
 * stands for a revision only where its provenance equals what this run would
 * build. Pure: strings in, comparisons and text out. */
#ifndef GS_PROVENANCE_H
#define GS_PROVENANCE_H

#include <stddef.h>

#include "util/sb.h"

#define GS_PROV_MAX_KEYS 64          /* entries a loaded provenance may have */
#define GS_PROV_MAX_VALUE (64u << 10) /* bytes of one value */

typedef struct gs_prov_kv {
	char *key, *val;
} gs_prov_kv;

/* Keys: "build" (the command), the `go env` variables with a value
 * (GOVERSION, GOOS, GOARCH, CGO_ENABLED, GOFLAGS, GOEXPERIMENT, GOAMD64, ...),
 * and "$NAME" for each variable the command names ("sha256:" and 16 hex
 * digits of its value, or "unset"). Sorted by key, keys distinct. */
typedef struct gs_prov {
	gs_prov_kv *kv;
	size_t n, cap;
} gs_prov;

/* Sets key to val (a copy), replacing; an empty val removes the key. 0 or -1. */
int gs_prov_set(gs_prov *p, const char *key, const char *val);
/* The value of key, or NULL. */
const char *gs_prov_get(const gs_prov *p, const char *key);
/* 1 when a and b hold the same keys and values. */
int gs_prov_equal(const gs_prov *a, const gs_prov *b);
/* 1 when a and b differ in GOVERSION and in nothing else. */
int gs_prov_only_toolchain(const gs_prov *a, const gs_prov *b);
/* Appends what differs, "go1.18 → go1.19, the build command, GOFLAGS", at
 * most four items ("and N more"); values of "$NAME" keys are never shown. */
void gs_prov_diff_text(gs_sb *o, const gs_prov *have, const gs_prov *want);
/* A deep copy of src into *dst (zeroed first). 0 or -1. */
int gs_prov_copy(gs_prov *dst, const gs_prov *src);
void gs_prov_dispose(gs_prov *p);

#endif
