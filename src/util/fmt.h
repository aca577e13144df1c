/* fmt.h - human-readable numbers shared by the reporters: one unit style
 * everywhere (IEC binary units with one decimal, exact bytes with thousands
 * separators, signs on deltas). */
#ifndef GS_FMT_H
#define GS_FMT_H

#include <stddef.h>
#include <stdint.h>

/* "512 B", "1.0 KiB", "256.0 KiB", "6.2 MiB" (IEC units, one decimal). */
const char *gs_fmt_human(uint64_t v, char *buf, size_t n);

/* "+196.3 KiB", "-1.2 MiB", "0 B". */
const char *gs_fmt_human_delta(int64_t v, char *buf, size_t n);

/* "+1.9%", "-0.3%", "+<0.1%" and "-<0.1%" (a change that rounds to 0.0%),
 * "new" (old == 0 and new != 0), "0.0%" (no change: no sign). */
const char *gs_fmt_percent(uint64_t old, uint64_t new_, char *buf, size_t n);

/* "+1,234,567" (sign only when plus is set or the value is negative). */
const char *gs_fmt_commas(int64_t v, int plus, char *buf, size_t n);

/* s fitted to at most width display columns: longer strings lose their
 * middle, replaced by "…" (or "..." when ascii), so both the start and the
 * end (a symbol's own name) stay readable. Cuts only between UTF-8
 * characters. Returns buf. */
const char *gs_fmt_fit(const char *s, int width, int ascii, char *buf, size_t n);

#endif
