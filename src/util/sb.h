/* sb.h - a growable string buffer for building reports. Allocation failure
 * is sticky: check gs_sb.oom once at the end. */
#ifndef GS_SB_H
#define GS_SB_H

#include <stddef.h>

#include "util/err.h"

typedef struct gs_sb {
	char *s;
	size_t len, cap;
	int oom;
} gs_sb;

void gs_sb_printf(gs_sb *b, const char *fmt, ...) GS_PRINTF(2, 3);
void gs_sb_puts(gs_sb *b, const char *s);
/* Appends the n bytes at s. */
void gs_sb_putn(gs_sb *b, const char *s, size_t n);
/* Appends s padded with spaces to width display columns (UTF-8 aware). */
void gs_sb_pad(gs_sb *b, const char *s, int width, int right_align);
/* Hands over the built string (the caller frees it), or NULL with the error
 * set when an allocation failed; b is left empty. */
char *gs_sb_take(gs_sb *b);
void gs_sb_dispose(gs_sb *b);

/* Display columns of a UTF-8 string. */
int gs_utf8_width(const char *s);

#endif
