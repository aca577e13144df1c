/* fmt.c - human-readable sizes and percentages. */
#include "util/fmt.h"

#include <stdio.h>
#include <string.h>

const char *gs_fmt_human(uint64_t v, char *buf, size_t n)
{
	static const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
	double d = (double)v;
	int u = 0;
	/* 1023.96 KiB would print as "1024.0 KiB": such values move up a unit */
	while (d >= 1023.95 && u < 6) {
		d /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, n, "%llu B", (unsigned long long)v);
	else
		snprintf(buf, n, "%.1f %s", d, units[u]);
	return buf;
}

const char *gs_fmt_human_delta(int64_t v, char *buf, size_t n)
{
	char h[32];
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	snprintf(buf, n, "%s%s", v > 0 ? "+" : v < 0 ? "-" : "", gs_fmt_human(mag, h, sizeof h));
	return buf;
}

const char *gs_fmt_percent(uint64_t old, uint64_t new_, char *buf, size_t n)
{
	if (old == 0) {
		snprintf(buf, n, "%s", new_ ? "new" : "0.0%");
		return buf;
	}
	double p = ((double)new_ - (double)old) * 100.0 / (double)old;
	if (p > -0.05 && p < 0.05 && new_ != old)
		snprintf(buf, n, "%s<0.1%%", new_ > old ? "+" : "-");
	else
		snprintf(buf, n, p == 0 ? "0.0%%" : "%+.1f%%", p);
	return buf;
}

const char *gs_fmt_commas(int64_t v, int plus, char *buf, size_t n)
{
	char digits[32], out[48];
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	snprintf(digits, sizeof digits, "%llu", (unsigned long long)mag);
	size_t len = strlen(digits), o = 0;
	if (v < 0)
		out[o++] = '-';
	else if (plus && v > 0)
		out[o++] = '+';
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	snprintf(buf, n, "%s", out);
	return buf;
}

/* Bytes of the UTF-8 character starting at p (1 for a stray byte). */
static size_t u8len(const unsigned char *p)
{
	size_t k = 1;
	while (p[k] && (p[k] & 0xc0) == 0x80 && k < 4)
		k++;
	return k;
}

const char *gs_fmt_fit(const char *s, int width, int ascii, char *buf, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t chars = 0, len = strlen(s);
	for (size_t i = 0; i < len; i += u8len(u + i))
		chars++;
	if (!n)
		return buf;
	if (width < 5 || chars <= (size_t)width) {
		snprintf(buf, n, "%s", s);
		return buf;
	}
	const char *mark = ascii ? "..." : "…";
	size_t keep = (size_t)width - (ascii ? 3 : 1), head = keep / 3, tail = keep - head;
	/* byte offsets of the head's end and the tail's start */
	size_t hb = 0, c = 0;
	for (; c < head; c++)
		hb += u8len(u + hb);
	size_t tb = hb, skip = chars - tail;
	for (; c < skip; c++)
		tb += u8len(u + tb);
	snprintf(buf, n, "%.*s%s%s", (int)hb, s, mark, s + tb);
	return buf;
}
