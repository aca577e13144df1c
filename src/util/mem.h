/* mem.h - checked allocation: sizes are multiplied with overflow checks and a
 * failed allocation is an error ("out of memory"), never a crash. */
#ifndef GS_MEM_H
#define GS_MEM_H

#include <stddef.h>
#include <stdint.h>

/* Ensures *arr (of *cap elements of elem bytes) holds at least need elements,
 * growing geometrically. Returns 0 or -1 (error set). */
int gs_grow(void *arr, size_t *cap, size_t need, size_t elem);

/* calloc(n, elem) with overflow check; NULL + error set on failure. */
void *gs_calloc(size_t n, size_t elem);

/* strdup / strndup that set the error on failure. */
char *gs_strdup(const char *s);
char *gs_strndup(const char *s, size_t n);

/* Appends an element to a growable array: GS_PUSH(arr, n, cap) yields a
 * pointer to the new zeroed slot or NULL (error set). */
void *gs_push(void *arr, size_t *n, size_t *cap, size_t elem);
#define GS_PUSH(arr, n, cap) ((__typeof__(arr))gs_push(&(arr), &(n), &(cap), sizeof *(arr)))

/* Index of the first element of arr[0..n) (elements of elem bytes, sorted by
 * the uint64_t at byte offset off) whose key is >= key; n if none. */
size_t gs_lower_bound(const void *arr, size_t n, size_t elem, size_t off, uint64_t key);

/* Gives the whole pages inside [p, p+len) of a private, unwritten file
 * mapping back to the kernel (madvise MADV_DONTNEED): they leave this
 * process's resident memory and read back from the file when touched again.
 * Best effort: nothing happens where that is not supported. */
void gs_mem_release(const void *p, size_t len);

#endif
