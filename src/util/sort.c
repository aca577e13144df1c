/* sort.c - a stable radix sort by an unsigned integer key (see sort.h). */
#include "sort.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"

static uint64_t key_at(const unsigned char *e, size_t kw)
{
	switch (kw) {
	case 8: {
		uint64_t k;
		memcpy(&k, e, 8);
		return k;
	}
	case 4: {
		uint32_t k;
		memcpy(&k, e, 4);
		return k;
	}
	case 2: {
		uint16_t k;
		memcpy(&k, e, 2);
		return k;
	}
	default: return e[0];
	}
}

/* One stable counting pass on byte d of the key: src to dst, elements of E bytes. */
#define SCATTER(E)                                                                                                    \
	for (size_t i = 0; i < n; i++) {                                                                                  \
		const unsigned char *e = src + i * (E);                                                                       \
		memcpy(dst + pos[(key_at(e + koff, kw) >> shift) & 0xFF]++ * (E), e, (E));                                    \
	}

int gs_radix_sort(void *arr, size_t n, size_t elem, size_t koff, size_t kw)
{
	if (n < 2)
		return 0;
	if (kw != 1 && kw != 2 && kw != 4 && kw != 8)
		kw = 8;
	unsigned char *base = arr;
	if (n <= 16) { /* insertion sort: stable, no buffer */
		unsigned char t[256];
		if (elem <= sizeof t) {
			for (size_t i = 1; i < n; i++) {
				uint64_t k = key_at(base + i * elem + koff, kw);
				size_t j = i;
				while (j > 0 && key_at(base + (j - 1) * elem + koff, kw) > k)
					j--;
				if (j < i) {
					memcpy(t, base + i * elem, elem);
					memmove(base + (j + 1) * elem, base + j * elem, (i - j) * elem);
					memcpy(base + j * elem, t, elem);
				}
			}
			return 0;
		}
	}
	if (n > SIZE_MAX / elem)
		return gs_fail("out of memory");
	unsigned char *tmp = malloc(n * elem);
	if (!tmp)
		return gs_fail("out of memory");
	size_t cnt[8][256];
	memset(cnt, 0, sizeof cnt);
	for (size_t i = 0; i < n; i++) {
		uint64_t k = key_at(base + i * elem + koff, kw);
		for (size_t d = 0; d < kw; d++)
			cnt[d][(k >> (8 * d)) & 0xFF]++;
	}
	unsigned char *src = base, *dst = tmp;
	for (size_t d = 0; d < kw; d++) {
		size_t pos[256], sum = 0;
		int trivial = 0;
		for (int v = 0; v < 256; v++) {
			trivial |= cnt[d][v] == n; /* every key has this byte: nothing to move */
			pos[v] = sum;
			sum += cnt[d][v];
		}
		if (trivial)
			continue;
		unsigned shift = (unsigned)(8 * d);
		switch (elem) {
		case 8: SCATTER(8) break;
		case 16: SCATTER(16) break;
		case 24: SCATTER(24) break;
		case 32: SCATTER(32) break;
		default: SCATTER(elem) break;
		}
		unsigned char *t = src;
		src = dst, dst = t;
	}
	if (src != base)
		memcpy(base, src, n * elem);
	free(tmp);
	return 0;
}
