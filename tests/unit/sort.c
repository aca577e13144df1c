/* sort.c: the stable radix sort, against qsort with the same order */
#include "unit.h"

#include <stddef.h>

#include "util/sort.h"

typedef struct rec {
	uint64_t addr;
	size_t pkg;
	uint32_t seq; /* the input position: stability */
	uint16_t small;
} rec;

static int cmp_rec(const void *x, const void *y)
{
	const rec *a = x, *b = y;
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	if (a->pkg != b->pkg)
		return a->pkg < b->pkg ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
	return *s;
}

static void test_sort(void)
{
	static const size_t sizes[] = {0, 1, 2, 15, 16, 17, 300, 70000};
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
		size_t n = sizes[z];
		rec *a = calloc(n + 1, sizeof *a), *b = calloc(n + 1, sizeof *b);
		for (size_t i = 0; i < n; i++) { /* few distinct packages and nearby addresses: many ties */
			a[i].addr = 0x4000000ull + rnd(&seed) % (n + 7) * 8 + (z == 7 && i % 5 == 0 ? 1ull << 40 : 0);
			a[i].pkg = (size_t)(rnd(&seed) % 300);
			a[i].seq = (uint32_t)i;
			a[i].small = (uint16_t)(rnd(&seed) % 1000);
		}
		memcpy(b, a, n * sizeof *a);
		int rc = gs_radix_sort(a, n, sizeof *a, offsetof(rec, pkg), sizeof a->pkg);
		rc |= gs_radix_sort(a, n, sizeof *a, offsetof(rec, addr), sizeof a->addr);
		if (n)
			qsort(b, n, sizeof *b, cmp_rec);
		CHECK(rc == 0 && (n == 0 || memcmp(a, b, n * sizeof *a) == 0), "n=%zu: (addr, pkg) order, stable", n);
		/* a 2-byte key alone: stable among equal keys */
		rc = gs_radix_sort(a, n, sizeof *a, offsetof(rec, small), sizeof a->small);
		int ok = rc == 0;
		for (size_t i = 1; i < n; i++)
			ok &= a[i - 1].small < a[i].small ||
			      (a[i - 1].small == a[i].small && cmp_rec(&a[i - 1], &a[i]) < 0);
		CHECK(ok, "n=%zu: 2-byte key, ties keep their order", n);
		free(a);
		free(b);
	}
}

static void test_permute(void)
{
	static const size_t sizes[] = {0, 1, 2, 17, 1000};
	uint64_t seed = 12345;
	for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
		size_t n = sizes[z];
		rec *a = calloc(n + 1, sizeof *a);
		size_t *perm = calloc(n + 1, sizeof *perm), *want = calloc(n + 1, sizeof *want);
		for (size_t i = 0; i < n; i++)
			a[i].seq = (uint32_t)i, perm[i] = i;
		for (size_t i = n; i > 1; i--) { /* a random permutation: cycles of every length */
			size_t j = (size_t)(rnd(&seed) % i), t = perm[i - 1];
			perm[i - 1] = perm[j], perm[j] = t;
		}
		memcpy(want, perm, n * sizeof *perm);
		int ok = gs_permute(a, n, sizeof *a, perm) == 0;
		for (size_t i = 0; i < n; i++)
			ok &= a[i].seq == want[i] && perm[i] == i;
		CHECK(ok, "n=%zu: element i is the one that was at perm[i]; perm left the identity", n);
		free(a);
		free(perm);
		free(want);
	}
}

void unit_sort(void)
{
	test_sort();
	test_permute();
}
