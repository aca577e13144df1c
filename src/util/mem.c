/* mem.c - checked allocation helpers (see mem.h). */
#include "util/mem.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/err.h"

int gs_grow(void *arr, size_t *cap, size_t need, size_t elem)
{
	void **p = arr;
	if (need <= *cap)
		return 0;
	size_t ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return gs_fail("out of memory");
		ncap *= 2;
	}
	if (elem && ncap > SIZE_MAX / elem)
		return gs_fail("out of memory");
	void *q = realloc(*p, ncap * elem);
	if (!q)
		return gs_fail("out of memory");
	*p = q;
	*cap = ncap;
	return 0;
}

void *gs_calloc(size_t n, size_t elem)
{
	if (elem && n > SIZE_MAX / elem) {
		gs_fail("out of memory");
		return NULL;
	}
	void *p = calloc(n ? n : 1, elem ? elem : 1);
	if (!p)
		gs_fail("out of memory");
	return p;
}

char *gs_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (!d) {
		gs_fail("out of memory");
		return NULL;
	}
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *gs_strdup(const char *s) { return gs_strndup(s, strlen(s)); }

void *gs_push(void *arr, size_t *n, size_t *cap, size_t elem)
{
	if (gs_grow(arr, cap, *n + 1, elem) < 0)
		return NULL;
	char *slot = *(char **)arr + *n * elem;
	memset(slot, 0, elem);
	(*n)++;
	return slot;
}

size_t gs_lower_bound(const void *arr, size_t n, size_t elem, size_t off, uint64_t key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t k;
		memcpy(&k, (const char *)arr + mid * elem + off, sizeof k);
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void gs_mem_release(const void *p, size_t len)
{
	long pg = sysconf(_SC_PAGESIZE);
	if (pg <= 0)
		return;
	uintptr_t a = ((uintptr_t)p + (uintptr_t)pg - 1) & ~((uintptr_t)pg - 1), e = ((uintptr_t)p + len) & ~((uintptr_t)pg - 1);
	if (a < e)
		madvise((void *)a, e - a, MADV_DONTNEED);
}
