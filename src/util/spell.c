/* spell.c - did-you-mean by edit distance (optimal string alignment). */
#include "util/spell.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

enum { MAXLEN = 64 };

/* Edit distance in half steps (a change of case alone costs 1, any other edit 2); -1 when a word is too long. */
static int distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	if (n > MAXLEN || m > MAXLEN)
		return -1;
	int d[MAXLEN + 1][MAXLEN + 1];
	for (size_t i = 0; i <= n; i++)
		d[i][0] = (int)i * 2;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = (int)j * 2;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			int sub = a[i - 1] == b[j - 1] ? 0 : tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 1 : 2;
			int v = d[i - 1][j - 1] + sub;
			if (d[i - 1][j] + 2 < v)
				v = d[i - 1][j] + 2;
			if (d[i][j - 1] + 2 < v)
				v = d[i][j - 1] + 2;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 2 < v)
				v = d[i - 2][j - 2] + 2;
			d[i][j] = v;
		}
	return d[n][m];
}

const char *gs_spell_nearest(const char *word, const char *const *cands, size_t n)
{
	size_t len = strlen(word);
	int limit = len <= 4 ? 2 : len <= 8 ? 4 : 6; /* half steps */
	const char *best = NULL, *prefix = NULL;
	int bestd = limit + 1, prefixes = 0;
	for (size_t i = 0; i < n; i++) {
		if (!cands[i] || strcmp(cands[i], word) == 0)
			continue;
		if (len >= 2 && strncmp(cands[i], word, len) == 0) {
			prefix = cands[i];
			prefixes++;
		}
		int d = distance(word, cands[i]);
		if (d >= 0 && d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	if (best)
		return best;
	return prefixes == 1 ? prefix : NULL;
}

const char *gs_spell_hint(char *buf, size_t n, const char *word, const char *const *cands, size_t nc, const char *before,
                          const char *after)
{
	const char *c = gs_spell_nearest(word, cands, nc);
	if (n)
		snprintf(buf, n, "%s%s%s%s%s", c ? ": did you mean " : "", c ? before : "", c ? c : "", c ? after : "", c ? "?" : "");
	return buf;
}
