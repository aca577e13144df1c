/* term.c - the terminal's width and paths fitted to it. */
#include "util/term.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util/fmt.h"
#include "util/sb.h"

enum { MIN_WIDTH = 40, MAX_WIDTH = 1000 };

int gs_term_width(int fd)
{
	struct winsize ws;
	long v = 0;
	if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		v = ws.ws_col;
	} else {
		const char *c = getenv("COLUMNS");
		char *end = NULL;
		if (c && *c)
			v = strtol(c, &end, 10);
		if (!c || !*c || *end || v <= 0)
			v = 80;
	}
	return v < MIN_WIDTH ? MIN_WIDTH : v > MAX_WIDTH ? MAX_WIDTH : (int)v;
}

/* 1 when path is p or below it ("p/…"), or, for a symbol, "p.…" */
static int under(const char *path, const char *p)
{
	size_t n = strlen(p);
	return n && strncmp(path, p, n) == 0 && (path[n] == '\0' || path[n] == '/' || path[n] == '.');
}

const char *gs_term_fit_path(const char *name, const char *pkg, const char *module, int width, int ascii, char *buf,
                             size_t n)
{
	if (!n)
		return buf;
	const char *mark = ascii ? ".../" : "…/";
	int markw = ascii ? 4 : 2;
	if (gs_utf8_width(name) <= width) {
		snprintf(buf, n, "%s", name);
		return buf;
	}
	/* the path part: the package path of a symbol, else all of name */
	size_t plen = pkg && under(name, pkg) ? strlen(pkg) : strlen(name);
	/* the first '/' that may be cut at: the one before the module's last element */
	size_t from = 0;
	if (module && strcmp(module, "std") != 0 && under(name, module)) {
		const char *sl = memrchr(module, '/', strlen(module));
		from = sl ? (size_t)(sl - module) : 0;
	}
	const char *last = NULL;
	for (size_t i = from; i < plen; i++) {
		if (name[i] != '/')
			continue;
		last = name + i + 1;
		if (markw + gs_utf8_width(last) <= width) {
			snprintf(buf, n, "%s%s", mark, last);
			return buf;
		}
	}
	if (!last) /* nothing to elide at: the middle goes */
		return gs_fmt_fit(name, width, ascii, buf, n);
	/* even the last element is too long: "…/" and its middle cut */
	char tmp[4 * MAX_WIDTH + 8];
	gs_fmt_fit(last, width - markw, ascii, tmp, sizeof tmp);
	snprintf(buf, n, "%s%s", mark, tmp);
	return buf;
}

const char *gs_term_fit_end(const char *s, int width, int ascii, char *buf, size_t n)
{
	if (!n)
		return buf;
	if (gs_utf8_width(s) <= width || width < (ascii ? 4 : 2)) {
		snprintf(buf, n, "%s", s);
		return buf;
	}
	const char *mark = ascii ? "..." : "…";
	int keep = width - (ascii ? 3 : 1);
	size_t b = 0;
	for (int c = 0; c < keep && s[b]; c++)
		do
			b++;
		while (((unsigned char)s[b] & 0xc0) == 0x80);
	snprintf(buf, n, "%.*s%s", (int)b, s, mark);
	return buf;
}

int gs_term_width_of(const char *s)
{
	int w = 0;
	for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
		if (*u == 0x1b && u[1] == '[') { /* CSI: parameters up to a final byte 0x40-0x7e */
			u += 2;
			while (*u && (*u < 0x40 || *u > 0x7e))
				u++;
			if (!*u)
				break;
			continue;
		}
		if ((*u & 0xc0) != 0x80)
			w++;
	}
	return w;
}

/* The bytes of w (n bytes, no colour sequences) that fit in room columns, cut
 * after a ',', '/' or '=' when one is there, else between UTF-8 characters; at
 * least one character. */
static size_t fit_piece(const char *w, size_t n, int room)
{
	size_t b = 0, brk = 0;
	int c = 0;
	while (b < n && c < room) {
		size_t k = 1;
		while (b + k < n && ((unsigned char)w[b + k] & 0xc0) == 0x80)
			k++;
		if (w[b] == ',' || w[b] == '/' || w[b] == '=')
			brk = b + 1;
		b += k;
		c++;
	}
	if (b >= n)
		return n;
	if (brk > 0)
		return brk;
	return b ? b : 1;
}

/* 1 when s starts with a unit of gs_fmt_human ("KiB", "B", ...) as a word of its own */
static int is_unit(const char *s)
{
	static const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		size_t n = strlen(units[i]);
		if (strncmp(s, units[i], n) == 0 && (s[n] == '\0' || s[n] == ' ' || s[n] == ',' || s[n] == ')' || s[n] == ';' ||
		                                      s[n] == '.'))
			return 1;
	}
	return 0;
}

void gs_term_wrap(gs_sb *o, const char *text, int width, int first, int indent)
{
	int col = first;
	const char *s = text;
	int line_empty = 1;
	while (*s) {
		size_t sp = strspn(s, " ");
		const char *w = s + sp;
		if (!*w)
			break;
		size_t wl = strcspn(w, " ");
		if (w[wl] == ' ' && is_unit(w + wl + 1)) /* "516.8 KiB" is not broken between number and unit */
			wl += 1 + strcspn(w + wl + 1, " ");
		char word[4096];
		snprintf(word, sizeof word, "%.*s", (int)(wl < sizeof word ? wl : sizeof word - 1), w);
		int ww = gs_term_width_of(word);
		if (!line_empty && col + 1 + ww > width && (ww <= width - indent || width - col < 9)) {
			gs_sb_puts(o, "\n");
			for (int i = 0; i < indent; i++)
				gs_sb_puts(o, " ");
			col = indent;
			line_empty = 1;
		}
		if (!line_empty) {
			gs_sb_puts(o, " ");
			col++;
		}
		/* a word wider than a whole line is broken over lines (not one with colours: those are short) */
		while (col + ww > width && width - col >= 8 && !strchr(word, 0x1b)) {
			size_t k = fit_piece(w, wl, width - col);
			gs_sb_putn(o, w, k);
			gs_sb_puts(o, "\n");
			for (int i = 0; i < indent; i++)
				gs_sb_puts(o, " ");
			col = indent;
			w += k;
			wl -= k;
			snprintf(word, sizeof word, "%.*s", (int)(wl < sizeof word ? wl : sizeof word - 1), w);
			ww = gs_term_width_of(word);
		}
		gs_sb_putn(o, w, wl);
		col += ww;
		line_empty = 0;
		s = w + wl;
	}
	gs_sb_puts(o, "\n");
}
