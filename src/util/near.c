/* near.c - nearest names by banded edit distance over a bounded prefix. */
#include "util/near.h"

#include <string.h>

#define NEAR_LEN 64

/* Levenshtein distance of a[0..na) and b[0..nb) (both <= NEAR_LEN), or band+1
 * when it exceeds band. */
static size_t distance(const char *a, size_t na, const char *b, size_t nb, size_t band)
{
	size_t prev[NEAR_LEN + 1], cur[NEAR_LEN + 1];
	if ((na > nb ? na - nb : nb - na) > band)
		return band + 1;
	for (size_t j = 0; j <= nb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t lo = i > band ? i - band : 1, hi = i + band < nb ? i + band : nb, best = band + 1;
		cur[0] = i;
		for (size_t j = 1; j < lo; j++)
			cur[j] = band + 1;
		for (size_t j = lo; j <= hi; j++) {
			size_t d = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			d = d < del ? d : del;
			d = d < ins ? d : ins;
			cur[j] = d > band + 1 ? band + 1 : d;
			best = cur[j] < best ? cur[j] : best;
		}
		for (size_t j = hi + 1; j <= nb; j++)
			cur[j] = band + 1;
		if (best > band)
			return band + 1;
		memcpy(prev, cur, (nb + 1) * sizeof *cur);
	}
	return prev[nb];
}

static size_t common_prefix(const char *a, const char *b)
{
	size_t i = 0;
	while (a[i] && a[i] == b[i])
		i++;
	return i;
}

/* Inserts candidate i with (key1 ascending, key2 descending) into the best list. */
static void consider(size_t out[], size_t k1[], size_t k2[], size_t *m, size_t i, size_t a, size_t b)
{
	size_t at = *m;
	while (at > 0 && (a < k1[at - 1] || (a == k1[at - 1] && b > k2[at - 1])))
		at--;
	if (at >= GS_NEAR_MAX)
		return;
	size_t end = *m < GS_NEAR_MAX ? *m : GS_NEAR_MAX - 1;
	for (size_t j = end; j > at; j--)
		out[j] = out[j - 1], k1[j] = k1[j - 1], k2[j] = k2[j - 1];
	out[at] = i, k1[at] = a, k2[at] = b;
	if (*m < GS_NEAR_MAX)
		(*m)++;
}

size_t gs_near(size_t out[GS_NEAR_MAX], const char *pat, const char *const *names, size_t n)
{
	size_t lit = strcspn(pat, "*?[\\");
	int wild = pat[lit] != '\0';
	size_t q = lit < NEAR_LEN ? lit : NEAR_LEN;
	size_t band = q / 4 > 2 ? q / 4 : 2;
	size_t k1[GS_NEAR_MAX], k2[GS_NEAR_MAX], m = 0;
	if (q == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!names[i])
			continue;
		size_t len = strlen(names[i]);
		size_t nb = wild ? (len < q ? len : q) : (len < NEAR_LEN ? len : NEAR_LEN);
		size_t d = distance(pat, q, names[i], nb, band);
		if (d <= band)
			consider(out, k1, k2, &m, i, d, common_prefix(pat, names[i]));
	}
	if (m)
		return m;
	/* nothing within the band: the longest shared prefix, cut back to a '/' or '.' */
	size_t best = 0;
	for (size_t i = 0; i < n; i++) {
		if (!names[i])
			continue;
		size_t c = common_prefix(pat, names[i]);
		c = c < lit ? c : lit;
		while (c > 0 && pat[c - 1] != '/' && pat[c - 1] != '.')
			c--;
		if (c >= 4 && c >= best) {
			if (c > best)
				m = 0, best = c;
			if (m < GS_NEAR_MAX)
				out[m++] = i;
		}
	}
	return m;
}
