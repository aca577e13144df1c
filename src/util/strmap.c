/* strmap.c - string -> index hash map (FNV-1a, linear probing). */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static size_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ull;
	return (size_t)h;
}

size_t gs_strmap_get(const gs_strmap *m, const char *key)
{
	if (!m->cap)
		return (size_t)-1;
	for (size_t i = hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		if (!m->keys[i])
			return (size_t)-1;
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
	}
}

static void insert(const char **keys, size_t *vals, size_t cap, const char *key, size_t val, size_t *n)
{
	size_t i = hash(key) & (cap - 1);
	while (keys[i] && strcmp(keys[i], key) != 0)
		i = (i + 1) & (cap - 1);
	if (!keys[i])
		(*n)++;
	keys[i] = key;
	vals[i] = val;
}

int gs_strmap_put(gs_strmap *m, const char *key, size_t val)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 64, nn = 0;
		const char **k = gs_calloc(ncap, sizeof *k);
		size_t *v = gs_calloc(ncap, sizeof *v);
		if (!k || !v) {
			free(k);
			free(v);
			return -1;
		}
		for (size_t i = 0; i < m->cap; i++)
			if (m->keys[i])
				insert(k, v, ncap, m->keys[i], m->vals[i], &nn);
		free(m->keys);
		free(m->vals);
		m->keys = k, m->vals = v, m->cap = ncap, m->n = nn;
	}
	insert(m->keys, m->vals, m->cap, key, val, &m->n);
	return 0;
}

void gs_strmap_dispose(gs_strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}
