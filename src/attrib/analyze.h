/* analyze.h - the analyzer: bytes of a Go executable in, snapshot out.
 * Attributes every byte of the file to a section and, where possible, to a
 * function, package and module; the rest is listed as unattributed. Pure. */
#ifndef GS_ANALYZE_H
#define GS_ANALYZE_H

#include <stdint.h>

#include "model/snapshot.h"

/* What the analysis does beyond the default (all zero: the default). */
typedef struct gs_analyze_opts {
	const char *arch; /* the slice of a universal Mach-O file (NULL: the first) */
	int ranges;       /* also record every claimed file range in s->ranges */
	int fast;         /* skip the machine-code scan (data then goes by symbols and sections only) */
	int mapped;       /* 1: data is a private, unwritten mapping of the open file fd: the hash reads
	                   * fd (pread: the page cache, not this process's memory) and the analysis gives
	                   * the pages it is done with back (madvise) */
	int fd;
} gs_analyze_opts;

/* Analyzes data[0..size) into *s (zeroed first); path is recorded as given;
 * o may be NULL. Returns 0, or -1 with the error set (not an executable, not
 * Go, corrupt). */
int gs_analyze(gs_snapshot *s, const uint8_t *data, uint64_t size, const char *path, const gs_analyze_opts *o);

#endif
