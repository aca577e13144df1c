/* sort.c - a stable radix sort by an unsigned integer key (see sort.h). */
#include "util/sort.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"

#if defined(__GNUC__)
#define SORT_INLINE static inline __attribute__((always_inline))
#else
#define SORT_INLINE static inline
#endif

SORT_INLINE uint64_t key_at(const unsigned char *e, size_t kw)
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

/* The key bits that differ between elements (OR of every key XOR the first). */
SORT_INLINE uint64_t diff_bits(const unsigned char *base, size_t n, size_t elem, size_t koff, size_t kw)
{
	uint64_t k0 = key_at(base + koff, kw), d = 0;
	for (size_t i = 1; i < n; i++)
		d |= key_at(base + i * elem + koff, kw) ^ k0;
	return d;
}

/* Counts of each value of the key bytes listed in bytes[0..nb) (shifts). */
SORT_INLINE void histogram(const unsigned char *base, size_t n, size_t elem, size_t koff, size_t kw,
                           const unsigned *shift, size_t nb, size_t (*cnt)[256])
{
	for (size_t i = 0; i < n; i++) {
		uint64_t k = key_at(base + i * elem + koff, kw);
		for (size_t d = 0; d < nb; d++)
			cnt[d][(k >> shift[d]) & 0xFF]++;
	}
}

/* One stable counting pass on the key byte at shift: src to dst. */
SORT_INLINE void scatter(const unsigned char *src, unsigned char *dst, size_t n, size_t elem, size_t koff, size_t kw,
                         unsigned shift, size_t *pos)
{
	for (size_t i = 0; i < n; i++) {
		const unsigned char *e = src + i * elem;
		memcpy(dst + pos[(key_at(e + koff, kw) >> shift) & 0xFF]++ * elem, e, elem);
	}
}

/* The passes with the key width (and common element sizes) known at compile time. */
#define BY_KW(CALL)                                                                                                   \
	switch (kw) {                                                                                                     \
	case 8: CALL(8); break;                                                                                           \
	case 4: CALL(4); break;                                                                                           \
	case 2: CALL(2); break;                                                                                           \
	default: CALL(1); break;                                                                                          \
	}
#define DIFF(KW) diff = diff_bits(base, n, elem, koff, KW)
#define HIST(KW) histogram(base, n, elem, koff, KW, shift, nb, cnt)
#define SCAT_E(KW, E) scatter(src, dst, n, E, koff, KW, shift[d], pos)
#define SCAT(KW)                                                                                                      \
	do {                                                                                                              \
		if (elem == 16)                                                                                               \
			SCAT_E(KW, 16);                                                                                           \
		else if (elem == 24)                                                                                          \
			SCAT_E(KW, 24);                                                                                           \
		else                                                                                                          \
			SCAT_E(KW, elem);                                                                                         \
	} while (0)

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
	/* only the key bytes that differ somewhere need a pass */
	uint64_t diff = 0;
	BY_KW(DIFF);
	unsigned shift[8];
	size_t nb = 0;
	for (unsigned d = 0; d < kw; d++)
		if ((diff >> (8 * d)) & 0xFF)
			shift[nb++] = 8 * d;
	if (!nb)
		return 0; /* every key is equal */
	if (n > SIZE_MAX / elem)
		return gs_fail("out of memory");
	unsigned char *tmp = malloc(n * elem);
	if (!tmp)
		return gs_fail("out of memory");
	size_t cnt[8][256];
	memset(cnt, 0, nb * sizeof *cnt);
	BY_KW(HIST);
	unsigned char *src = base, *dst = tmp;
	for (size_t d = 0; d < nb; d++) {
		size_t pos[256], sum = 0;
		for (int v = 0; v < 256; v++) {
			pos[v] = sum;
			sum += cnt[d][v];
		}
		BY_KW(SCAT);
		unsigned char *t = src;
		src = dst, dst = t;
	}
	if (src != base)
		memcpy(base, src, n * elem);
	free(tmp);
	return 0;
}

int gs_permute(void *arr, size_t n, size_t elem, size_t *perm)
{
	unsigned char *base = arr, *t = malloc(elem ? elem : 1);
	if (!t)
		return gs_fail("out of memory");
	for (size_t i = 0; i < n; i++) {
		if (perm[i] == i)
			continue;
		memcpy(t, base + i * elem, elem); /* the cycle through i: each element moves once */
		for (size_t j = i;;) {
			size_t from = perm[j];
			perm[j] = j;
			if (from == i) {
				memcpy(base + j * elem, t, elem);
				break;
			}
			memcpy(base + j * elem, base + from * elem, elem);
			j = from;
		}
	}
	free(t);
	return 0;
}
