/* sb.c - growable string buffer. */
#include "util/sb.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static int reserve(gs_sb *b, size_t extra)
{
	if (b->oom)
		return -1;
	if (b->cap - b->len > extra) /* room for extra bytes and the NUL: most appends */
		return 0;
	if (gs_grow(&b->s, &b->cap, b->len + extra + 1, 1) < 0) {
		b->oom = 1;
		return -1;
	}
	return 0;
}

void gs_sb_printf(gs_sb *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || reserve(b, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void gs_sb_putn(gs_sb *b, const char *s, size_t n)
{
	if (reserve(b, n) < 0)
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void gs_sb_puts(gs_sb *b, const char *s) { gs_sb_putn(b, s, strlen(s)); }

int gs_utf8_width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

void gs_sb_pad(gs_sb *b, const char *s, int width, int right_align)
{
	int pad = width - gs_utf8_width(s);
	if (right_align)
		for (int i = 0; i < pad; i++)
			gs_sb_puts(b, " ");
	gs_sb_puts(b, s);
	if (!right_align)
		for (int i = 0; i < pad; i++)
			gs_sb_puts(b, " ");
}

char *gs_sb_take(gs_sb *b)
{
	char *s = b->oom ? NULL : b->s;
	if (b->oom)
		gs_fail("out of memory");
	else if (!s && !(s = calloc(1, 1)))
		gs_fail("out of memory");
	if (s == b->s)
		b->s = NULL;
	gs_sb_dispose(b);
	return s;
}

void gs_sb_dispose(gs_sb *b)
{
	free(b->s);
	memset(b, 0, sizeof *b);
}
