/* provenance.c - a snapshot's provenance: a sorted key/value list, compared whole. */
#include "model/provenance.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/mem.h"

/* The index of key, or where it would go (*found 0). */
static size_t find(const gs_prov *p, const char *key, int *found)
{
	size_t lo = 0, hi = p->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(p->kv[mid].key, key);
		if (c == 0) {
			*found = 1;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = 0;
	return lo;
}

int gs_prov_set(gs_prov *p, const char *key, const char *val)
{
	int found;
	size_t i = find(p, key, &found);
	if (!val || !*val) {
		if (found) {
			free(p->kv[i].key);
			free(p->kv[i].val);
			memmove(&p->kv[i], &p->kv[i + 1], (p->n - i - 1) * sizeof *p->kv);
			p->n--;
		}
		return 0;
	}
	char *v = gs_strdup(val);
	if (!v)
		return -1;
	if (found) {
		free(p->kv[i].val);
		p->kv[i].val = v;
		return 0;
	}
	char *k = gs_strdup(key);
	if (!k || !GS_PUSH(p->kv, p->n, p->cap)) {
		free(k);
		free(v);
		return -1;
	}
	memmove(&p->kv[i + 1], &p->kv[i], (p->n - 1 - i) * sizeof *p->kv);
	p->kv[i].key = k;
	p->kv[i].val = v;
	return 0;
}

const char *gs_prov_get(const gs_prov *p, const char *key)
{
	int found;
	size_t i = find(p, key, &found);
	return found ? p->kv[i].val : NULL;
}

/* 1 when a and b are equal but for the keys in skip (NULL-terminated). */
static int equal_but(const gs_prov *a, const gs_prov *b, const char *const *skip)
{
	size_t i = 0, j = 0;
	for (;;) {
		while (i < a->n && skip && (strcmp(a->kv[i].key, skip[0]) == 0))
			i++;
		while (j < b->n && skip && (strcmp(b->kv[j].key, skip[0]) == 0))
			j++;
		if (i == a->n || j == b->n)
			return i == a->n && j == b->n;
		if (strcmp(a->kv[i].key, b->kv[j].key) != 0 || strcmp(a->kv[i].val, b->kv[j].val) != 0)
			return 0;
		i++, j++;
	}
}

int gs_prov_equal(const gs_prov *a, const gs_prov *b) { return equal_but(a, b, NULL); }

int gs_prov_only_toolchain(const gs_prov *a, const gs_prov *b)
{
	static const char *const skip[] = {"GOVERSION", NULL};
	const char *va = gs_prov_get(a, "GOVERSION"), *vb = gs_prov_get(b, "GOVERSION");
	return va && vb && strcmp(va, vb) != 0 && equal_but(a, b, skip);
}

void gs_prov_diff_text(gs_sb *o, const gs_prov *have, const gs_prov *want)
{
	size_t i = 0, j = 0, shown = 0, more = 0;
	while (i < have->n || j < want->n) {
		int c = i == have->n ? 1 : j == want->n ? -1 : strcmp(have->kv[i].key, want->kv[j].key);
		const char *key = c <= 0 ? have->kv[i].key : want->kv[j].key;
		const char *a = c <= 0 ? have->kv[i].val : NULL, *b = c >= 0 ? want->kv[j].val : NULL;
		i += c <= 0, j += c >= 0;
		if (a && b && strcmp(a, b) == 0)
			continue;
		if (shown == 4) {
			more++;
			continue;
		}
		gs_sb_puts(o, shown++ ? ", " : "");
		if (strcmp(key, "GOVERSION") == 0 && a && b)
			gs_sb_printf(o, "%s → %s", a, b);
		else if (strcmp(key, "build") == 0)
			gs_sb_puts(o, "the build command");
		else if (key[0] == '$')
			gs_sb_printf(o, "the value of %s", key);
		else
			gs_sb_printf(o, "%s %s → %s", key, a ? a : "unset", b ? b : "unset");
	}
	if (more)
		gs_sb_printf(o, " and %zu more", more);
}

int gs_prov_copy(gs_prov *dst, const gs_prov *src)
{
	memset(dst, 0, sizeof *dst);
	for (size_t i = 0; i < src->n; i++)
		if (gs_prov_set(dst, src->kv[i].key, src->kv[i].val) < 0) {
			gs_prov_dispose(dst);
			return -1;
		}
	return 0;
}

void gs_prov_dispose(gs_prov *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->kv[i].key);
		free(p->kv[i].val);
	}
	free(p->kv);
	memset(p, 0, sizeof *p);
}
