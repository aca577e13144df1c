/* esc.h - the one escaping layer for every output format. Everything that came
 * from a binary, a repository, a note or a config is untrusted text: it goes
 * out through one of these functions, never raw.
 *
 *   gs_utf8_*   strict UTF-8 (no overlongs, no surrogates, nothing past
 *               U+10FFFF); JSON strings are built from gs_utf8_fix'd text.
 *   gs_esc_md   GitHub-flavoured markdown (table cells, list items, headline):
 *               no line breaks, no raw HTML, no @mentions, no autolinks.
 *   gs_esc_html HTML text and attribute values.
 *   gs_esc_term terminals and CI logs: control characters, invalid bytes and
 *               bidi controls shown as \n, \x1b, \u202e (one line, no
 *               terminal sequence but gosize's own colours).
 */
#ifndef GS_ESC_H
#define GS_ESC_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/sb.h"

/* Length (1-4) of the valid UTF-8 sequence at s with n bytes available, its
 * code point in *cp (may be NULL); 0 if the byte at s does not start one. */
size_t gs_utf8_seq(const unsigned char *s, size_t n, uint32_t *cp);

/* 1 when none of the 8 bytes at p needs a second look in a JSON string: no
 * '"', no '\\', no control character, no byte of a UTF-8 sequence (a word at
 * a time: (v - 0x01..) & ~v & 0x80.. is nonzero iff a byte of v is zero). */
static inline int gs_json_plain8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t w, q, b;
	memcpy(&w, p, 8);
	q = w ^ (ones * '"');
	b = w ^ (ones * '\\');
	return !((w | ((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((b - ones) & ~b)) & high);
}

/* 1 if the n bytes at s are valid UTF-8 with no NUL. */
int gs_utf8_valid(const char *s, size_t n);

/* A malloc'd NUL-terminated copy of the n bytes at s with every byte that is
 * not part of a valid UTF-8 sequence (and every NUL) replaced by U+FFFD.
 * NULL only when memory runs out (error set). */
char *gs_utf8_fix(const char *s, size_t n);

/* Appends s (NUL-terminated; NULL is "") escaped for its output. */
void gs_esc_md(gs_sb *o, const char *s);
void gs_esc_html(gs_sb *o, const char *s);
void gs_esc_term(gs_sb *o, const char *s);

/* Appends s escaped for a terminal, then spaces up to width display columns
 * (left-aligned). */
void gs_esc_term_pad(gs_sb *o, const char *s, int width);

#endif
