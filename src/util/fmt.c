/* fmt.c - human-readable sizes and percentages. */
#include "fmt.h"

#include <stdio.h>
#include <string.h>

const char *gs_human(uint64_t v, char *buf, size_t n)
{
	static const char *units[] = {"B", "KB", "MB", "GB", "TB"};
	double d = (double)v;
	int u = 0;
	while (d >= 999.95 && u < 4) {
		d /= 1000;
		u++;
	}
	if (u == 0)
		snprintf(buf, n, "%llu B", (unsigned long long)v);
	else
		snprintf(buf, n, "%.*f %s", d < 99.95 ? 1 : 0, d, units[u]);
	return buf;
}

const char *gs_human_delta(int64_t v, char *buf, size_t n)
{
	char h[32];
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	snprintf(buf, n, "%s%s", v > 0 ? "+" : v < 0 ? "-" : "", gs_human(mag, h, sizeof h));
	return buf;
}

const char *gs_percent(uint64_t old, uint64_t new_, char *buf, size_t n)
{
	if (old == 0) {
		snprintf(buf, n, "%s", new_ ? "new" : "0.0%");
		return buf;
	}
	double p = ((double)new_ - (double)old) * 100.0 / (double)old;
	if (p > -0.05 && p < 0.05 && new_ != old)
		snprintf(buf, n, "%s<0.1%%", new_ > old ? "+" : "-");
	else
		snprintf(buf, n, "%+.1f%%", p == 0 ? 0.0 : p);
	return buf;
}

const char *gs_commas(int64_t v, int plus, char *buf, size_t n)
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
