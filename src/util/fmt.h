/* fmt.h - human-readable numbers shared by the reporters. */
#ifndef GS_FMT_H
#define GS_FMT_H

#include <stddef.h>
#include <stdint.h>

/* "1.9 MB", "512 B" (decimal units, as the headline uses). */
const char *gs_human(uint64_t v, char *buf, size_t n);

/* "+196 KB", "-1.2 MB", "0 B". */
const char *gs_human_delta(int64_t v, char *buf, size_t n);

/* "+1.9%", "-0.3%", "new" (old == 0 and new != 0), "0.0%". */
const char *gs_percent(uint64_t old, uint64_t new_, char *buf, size_t n);

/* "+1,234,567" (sign only when plus is set or the value is negative). */
const char *gs_commas(int64_t v, int plus, char *buf, size_t n);

#endif
