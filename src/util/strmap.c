/* strmap.c - string -> index hash map (word-at-a-time hash, linear probing). Each slot keeps its key's hash: a probe compares hashes before
 * strings and growing the table never hashes a key again. */
#include "util/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* Eight bytes at a time, multiply-xorshift mixing, splitmix64's finalizer. */
static size_t hash(const char *s)
{
	size_t n = strlen(s);
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n, w;
	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xff51afd7ed558ccdull;
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	return (size_t)h;
}

size_t gs_strmap_get(const gs_strmap *m, const char *key)
{
	if (!m->cap)
		return (size_t)-1;
	size_t h = hash(key);
	for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->keys[i])
			return (size_t)-1;
		if (m->hs[i] == h && strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	}
}

static void insert(gs_strmap *m, const char *key, size_t h, size_t val)
{
	size_t i = h & (m->cap - 1);
	while (m->keys[i] && !(m->hs[i] == h && strcmp(m->keys[i], key) == 0))
		i = (i + 1) & (m->cap - 1);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = key;
	m->hs[i] = h;
	m->vals[i] = val;
}

int gs_strmap_reserve(gs_strmap *m, size_t n)
{
	if (n * 2 <= m->cap)
		return 0;
	size_t ncap = m->cap ? m->cap : 64;
	while (ncap < n * 2)
		ncap *= 2;
	gs_strmap g = {gs_calloc(ncap, sizeof *g.keys), gs_calloc(ncap, sizeof *g.vals), gs_calloc(ncap, sizeof *g.hs),
	               ncap, 0};
	if (!g.keys || !g.vals || !g.hs) {
		gs_strmap_dispose(&g);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i])
			insert(&g, m->keys[i], m->hs[i], m->vals[i]);
	gs_strmap_dispose(m);
	*m = g;
	return 0;
}

int gs_strmap_put(gs_strmap *m, const char *key, size_t val)
{
	if ((m->n + 1) * 2 > m->cap && gs_strmap_reserve(m, m->cap ? m->cap : 32) < 0)
		return -1;
	insert(m, key, hash(key), val);
	return 0;
}

void gs_strmap_dispose(gs_strmap *m)
{
	free(m->keys);
	free(m->vals);
	free(m->hs);
	memset(m, 0, sizeof *m);
}
