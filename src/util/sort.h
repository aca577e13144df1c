/* sort.h - a stable radix sort of an array of records by an unsigned integer
 * key inside each record: a few linear passes (one per key byte that
 * differs), where qsort makes n log n comparator calls. Sort by a secondary
 * key first, then by the primary one: the order of (primary, secondary). */
#ifndef GS_SORT_H
#define GS_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sorts arr[0..n) (elements of elem bytes) stably by the unsigned integer of
 * kw bytes (1, 2, 4 or 8, host byte order) at byte offset koff of each
 * element. Returns 0, or -1 when out of memory (error set; arr unchanged). */
int gs_radix_sort(void *arr, size_t n, size_t elem, size_t koff, size_t kw);

/* Reorders arr[0..n) (elements of elem bytes) in place so that element i is
 * the one that was at perm[i] (perm: a permutation of 0..n-1, the identity
 * after), cycle by cycle. Returns 0, or -1 when out of memory (error set; arr
 * unchanged). */
int gs_permute(void *arr, size_t n, size_t elem, size_t *perm);

#endif
