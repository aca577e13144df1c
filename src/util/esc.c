/* esc.c - strict UTF-8 and the escaping of untrusted text per output format. */
#include "util/esc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

size_t gs_utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (!n)
		return 0;
	unsigned c = s[0];
	uint32_t v;
	size_t len;
	unsigned lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
	if (c < 0x80) {
		if (cp)
			*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		len = 2, v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* past U+10FFFF */
	} else {
		return 0; /* continuation byte, 0xc0/0xc1 (overlong), 0xf5-0xff */
	}
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (cp)
		*cp = v;
	return len;
}

int gs_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t k = gs_utf8_seq(p + i, n - i, NULL);
		if (!k || !p[i])
			return 0;
		i += k;
	}
	return 1;
}

char *gs_utf8_fix(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	if (n > (SIZE_MAX - 1) / 3) {
		gs_fail("out of memory");
		return NULL;
	}
	char *t = malloc(n * 3 + 1), *o = t;
	if (!t) {
		gs_fail("out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n;) {
		size_t k = gs_utf8_seq(p + i, n - i, NULL);
		if (k && p[i]) {
			memcpy(o, p + i, k);
			o += k, i += k;
		} else {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3, i++;
		}
	}
	*o = '\0';
	return t;
}

enum { MODE_MD, MODE_HTML, MODE_TERM };

/* Code points that reorder or break what follows them (bidi controls, line
 * and paragraph separators) or are C1 controls: shown as \uXXXX. */
static int invisible(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x61c || cp == 0x200e || cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static int starts_ci(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if ((*s | 0x20) != *prefix)
			return 0;
	return 1;
}

/* An ASCII byte c of markdown text (s[i] is the byte after it): GitHub's
 * syntax escaped, and what it would link (issues, mentions, URLs) broken with
 * an entity. Returns the index after what it wrote. */
static size_t md_ascii(gs_sb *o, const unsigned char *s, size_t i, unsigned char c)
{
	char buf[2];
	switch (c) {
	case '|': case '*': case '_': case '`': case '[': case ']': case '\\': case '~': case '$':
		buf[0] = '\\', buf[1] = (char)c;
		gs_sb_putn(o, buf, 2);
		break;
	case '#':
		/* "#123" would link (and cross-reference) an issue */
		gs_sb_puts(o, s[i] >= '0' && s[i] <= '9' ? "\\#&#8203;" : "\\#");
		break;
	case '@':
		/* a zero-width space after "@" keeps "@team" and "a@b.c" from
		 * becoming a mention or a mail link */
		gs_sb_puts(o, "@&#8203;");
		break;
	case ':':
		/* "https://" and "x://" autolink on GitHub; "&#58;" renders ":" */
		gs_sb_puts(o, s[i] == '/' && s[i + 1] == '/' ? "&#58;" : ":");
		break;
	case 'g': case 'G':
		/* "GH-12" links an issue on GitHub */
		if (starts_ci((const char *)s + i - 1, "gh-") && s[i + 2] >= '0' && s[i + 2] <= '9') {
			gs_sb_putn(o, (const char *)s + i - 1, 3);
			gs_sb_puts(o, "&#8203;");
			i += 2;
		} else {
			gs_sb_putn(o, (const char *)&c, 1);
		}
		break;
	case 'w': case 'W':
		if (starts_ci((const char *)s + i - 1, "www.")) {
			/* "www.x" autolinks */
			gs_sb_putn(o, (const char *)s + i - 1, 3);
			gs_sb_puts(o, "&#46;");
			i += 3;
		} else {
			gs_sb_putn(o, (const char *)&c, 1);
		}
		break;
	default: gs_sb_putn(o, (const char *)&c, 1);
	}
	return i;
}

static void esc(gs_sb *o, const char *str, int mode)
{
	/* markdown shows a backslash as "\\"; elsewhere it is written as is */
	const char *bs = mode == MODE_MD ? "\\\\" : "\\";
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t n = strlen((const char *)s);
	char buf[16];
	for (size_t i = 0; i < n;) {
		uint32_t cp = 0;
		size_t k = gs_utf8_seq(s + i, n - i, &cp);
		unsigned char c = s[i];
		if (!k) {
			gs_sb_puts(o, bs);
			snprintf(buf, sizeof buf, "x%02x", c);
			gs_sb_puts(o, buf);
			i++;
			continue;
		}
		if (k > 1) {
			if (invisible(cp)) {
				gs_sb_puts(o, bs);
				snprintf(buf, sizeof buf, "u%04x", (unsigned)cp);
				gs_sb_puts(o, buf);
			} else {
				gs_sb_putn(o, (const char *)s + i, k);
			}
			i += k;
			continue;
		}
		i++;
		if (c < 0x20 || c == 0x7f) {
			gs_sb_puts(o, bs);
			if (c == '\n')
				gs_sb_puts(o, "n");
			else if (c == '\r')
				gs_sb_puts(o, "r");
			else if (c == '\t')
				gs_sb_puts(o, "t");
			else {
				snprintf(buf, sizeof buf, "x%02x", c);
				gs_sb_puts(o, buf);
			}
			continue;
		}
		if (mode == MODE_TERM) {
			gs_sb_putn(o, (const char *)&c, 1);
			continue;
		}
		switch (c) {
		case '<': gs_sb_puts(o, "&lt;"); continue;
		case '>': gs_sb_puts(o, "&gt;"); continue;
		case '&': gs_sb_puts(o, "&amp;"); continue;
		case '"': gs_sb_puts(o, mode == MODE_HTML ? "&quot;" : "\""); continue;
		case '\'': gs_sb_puts(o, mode == MODE_HTML ? "&#39;" : "'"); continue;
		default: break;
		}
		if (mode == MODE_HTML) {
			gs_sb_putn(o, (const char *)&c, 1);
			continue;
		}
		i = md_ascii(o, s, i, c);
	}
}

void gs_esc_md(gs_sb *o, const char *s) { esc(o, s, MODE_MD); }
void gs_esc_html(gs_sb *o, const char *s) { esc(o, s, MODE_HTML); }
void gs_esc_term(gs_sb *o, const char *s) { esc(o, s, MODE_TERM); }

void gs_esc_term_pad(gs_sb *o, const char *s, int width)
{
	gs_sb t = {0};
	esc(&t, s, MODE_TERM);
	if (t.oom) {
		o->oom = 1;
		gs_sb_dispose(&t);
		return;
	}
	gs_sb_pad(o, t.s ? t.s : "", width, 0);
	gs_sb_dispose(&t);
}
