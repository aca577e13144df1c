/* jw.h - a streaming JSON writer into a gs_sb: no tree is built. Strings from
 * untrusted bytes are made valid UTF-8 the way gs_utf8_fix does (invalid bytes
 * become U+FFFD) and escaped as jansson escapes them (", \, control characters),
 * so text written here loads back with any JSON parser. */
#ifndef GS_JW_H
#define GS_JW_H

#include <stdint.h>

#include "util/sb.h"

/* Appends s (NUL-terminated; NULL is "") as a JSON string. */
void gs_jw_str(gs_sb *b, const char *s);
/* Appends "k": (k escaped like a string). */
void gs_jw_key(gs_sb *b, const char *k);
/* Appends v in decimal. */
void gs_jw_u64(gs_sb *b, uint64_t v);

#endif
