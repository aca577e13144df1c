/* near.h - the names nearest to a mistyped one (a budget scope that matches
 * nothing): edit distance on a bounded prefix, linear in the number of names. */
#ifndef GS_NEAR_H
#define GS_NEAR_H

#include <stddef.h>

#define GS_NEAR_MAX 3   /* names suggested at most */

/* Up to GS_NEAR_MAX indexes into names[0..n) (NULL entries are skipped) of the
 * names nearest to the glob pattern pat, best first, into out; returns their
 * count (0: nothing is close). The glob's literal part before its first
 * wildcard is compared with the same length of each name (all of it without a
 * wildcard), by Levenshtein distance within a band of max(2, len/4) edits (at
 * most 64 bytes are compared); ties go to the longer common prefix, then the
 * earlier name. Without a name within the band, the names sharing the longest
 * common prefix (at least 4 bytes and up to a '/' or '.') are given. Pure. */
size_t gs_near(size_t out[GS_NEAR_MAX], const char *pat, const char *const *names, size_t n);

#endif
