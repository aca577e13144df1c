/* strmap.h - an open-addressing hash map from strings to indexes. The map
 * does not own the keys: they must outlive it. */
#ifndef GS_STRMAP_H
#define GS_STRMAP_H

#include <stddef.h>

typedef struct gs_strmap {
	const char **keys;
	size_t *vals;
	size_t *hs;           /* each slot's hash */
	size_t cap, n;
} gs_strmap;

/* The value stored for key, or (size_t)-1. */
size_t gs_strmap_get(const gs_strmap *m, const char *key);

/* Stores key -> val (replacing). Returns 0 or -1 (error set). */
int gs_strmap_put(gs_strmap *m, const char *key, size_t val);

/* Makes room for n keys without growing again. Returns 0 or -1 (error set). */
int gs_strmap_reserve(gs_strmap *m, size_t n);

void gs_strmap_dispose(gs_strmap *m);

#endif
