/* snapshot.c - the snapshot model: ordering, invariants, module look-up. */
#include "model/snapshot.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/mem.h"
#include "util/sort.h"
#include "util/strmap.h"
#include "model/reach.h"

static const char *cat_names[GS_CAT_N] = {"code", "padding", "pclntab", "funcname", "pctab", "funcdata", "rodata",
                                          "data", "type", "itab", "string", "debug", "symtab", "header", "other"};

const char *gs_cat_name(gs_cat c) { return (unsigned)c < GS_CAT_N ? cat_names[c] : "other"; }

int gs_cat_is_pcln(gs_cat c)
{
	return c == GS_CAT_PCLNTAB || c == GS_CAT_FUNCNAME || c == GS_CAT_PCTAB || c == GS_CAT_FUNCDATA;
}

uint64_t gs_pkg_pcln(const gs_snap_pkg *p)
{
	return p->cat[GS_CAT_PCLNTAB] + p->cat[GS_CAT_FUNCNAME] + p->cat[GS_CAT_PCTAB] + p->cat[GS_CAT_FUNCDATA];
}

int gs_cat_parse(const char *s)
{
	for (int i = 0; i < GS_CAT_N; i++)
		if (strcmp(s, cat_names[i]) == 0)
			return i;
	return -1;
}

/* Frees the strings of symbols [from, to) unless they are in the arena. */
static void sym_free(gs_snapshot *s, size_t from, size_t to)
{
	if (s->sym_strs.head)
		return;
	for (size_t i = from; i < to; i++) {
		free(s->syms[i].name);
		free(s->syms[i].pkg);
	}
}

void gs_snapshot_dispose(gs_snapshot *s)
{
	free(s->tool);
	free(s->path);
	free(s->format);
	free(s->arch);
	free(s->pclntab_magic);
	free(s->pclntab_go);
	gs_prov_dispose(&s->prov);
	gs_buildinfo_dispose(&s->bi);
	for (size_t i = 0; i < s->nsecs; i++) {
		free(s->secs[i].name);
		free(s->secs[i].kind);
	}
	for (size_t i = 0; i < s->npkgs; i++) {
		free(s->pkgs[i].name);
		free(s->pkgs[i].module);
	}
	for (size_t i = 0; i < s->nmods; i++) {
		free(s->mods[i].path);
		free(s->mods[i].version);
	}
	sym_free(s, 0, s->nsyms);
	gs_arena_dispose(&s->sym_strs);
	for (size_t i = 0; i < s->nimps; i++) {
		for (size_t j = 0; j < s->imps[i].ndeps; j++)
			free(s->imps[i].deps[j]);
		free(s->imps[i].deps);
		free(s->imps[i].pkg);
	}
	free(s->imps);
	free(s->ranges);
	free(s->imports_root);
	free(s->imports_note);
	gs_reach_free(s->reach);
	free(s->reach_note);
	free(s->secs);
	free(s->pkgs);
	free(s->mods);
	free(s->syms);
	memset(s, 0, sizeof *s);
}

#define BY_SIZE_THEN(a, b, field)                                                                                   \
	((a)->size != (b)->size ? ((a)->size > (b)->size ? -1 : 1) : strcmp((a)->field, (b)->field))

static int cmp_pkg(const void *x, const void *y)
{
	const gs_snap_pkg *a = x, *b = y;
	return BY_SIZE_THEN(a, b, name);
}

static int cmp_mod(const void *x, const void *y)
{
	const gs_snap_module *a = x, *b = y;
	return BY_SIZE_THEN(a, b, path);
}

static int cmp_sym(const void *x, const void *y)
{
	const gs_snap_sym *a = x, *b = y;
	int c = BY_SIZE_THEN(a, b, name);
	if (c)
		return c;
	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

static int cmp_sec(const void *x, const void *y)
{
	const gs_snap_section *a = x, *b = y;
	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int cmp_imp(const void *x, const void *y)
{
	return strcmp(((const gs_imp *)x)->pkg, ((const gs_imp *)y)->pkg);
}

static int cmp_range(const void *x, const void *y)
{
	const gs_snap_range *a = x, *b = y;
	return a->off < b->off ? -1 : a->off > b->off;
}

/* 1 when arr[0..n) is in cmp's order already (a loaded snapshot's packages,
 * modules and sections are written in it). */
static int in_order(const void *arr, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	const char *p = arr;
	for (size_t i = 1; i < n; i++)
		if (cmp(p + (i - 1) * size, p + i * size) > 0)
			return 0;
	return 1;
}

static void sort(void *arr, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1 && !in_order(arr, n, size, cmp))
		qsort(arr, n, size, cmp);
}

/* Symbols by size (descending), name and address, stably like qsort (glibc's
 * merge sort): a radix sort of (size, index) pairs, the symbols moved in place
 * into that order, then each run of one size sorted by name and address
 * (qsort alone compared names about twice as often; schema 3 writes symbols
 * per package, not in this order). */
static void sort_syms(gs_snapshot *s)
{
	typedef struct {
		uint64_t size; /* the complement: the radix sort is ascending */
		size_t i;
	} key;
	gs_snap_sym *y = s->syms;
	size_t n = s->nsyms, *perm = NULL;
	if (n < 2 || in_order(y, n, sizeof *y, cmp_sym))
		return;
	key *k = gs_calloc(n, sizeof *k);
	for (size_t i = 0; k && i < n; i++)
		k[i] = (key){~y[i].size, i};
	if (k && gs_radix_sort(k, n, sizeof *k, offsetof(key, size), sizeof k->size) == 0 &&
	    (perm = gs_calloc(n, sizeof *perm)))
		for (size_t i = 0; i < n; i++)
			perm[i] = k[i].i;
	free(k);
	if (!perm || gs_permute(y, n, sizeof *y, perm) < 0) {
		free(perm);
		qsort(y, n, sizeof *y, cmp_sym); /* no memory for the radix sort */
		return;
	}
	free(perm);
	for (size_t i = 0, run; i < n; i += run) {
		for (run = 1; i + run < n && y[i + run].size == y[i].size;)
			run++;
		sort(y + i, run, sizeof *y, cmp_sym);
	}
}

void gs_snapshot_sort(gs_snapshot *s)
{
	sort(s->ranges, s->nranges, sizeof *s->ranges, cmp_range); /* claimed runs never overlap: by offset */
	sort(s->imps, s->nimps, sizeof *s->imps, cmp_imp);
	sort(s->pkgs, s->npkgs, sizeof *s->pkgs, cmp_pkg);
	sort(s->mods, s->nmods, sizeof *s->mods, cmp_mod);
	sort_syms(s);
	sort(s->secs, s->nsecs, sizeof *s->secs, cmp_sec);
}

void gs_snapshot_cap_symbols(gs_snapshot *s, size_t max)
{
	if (!max || s->nsyms <= max)
		return;
	sym_free(s, max, s->nsyms);
	s->nsyms = max;
}

int gs_snapshot_keep_symbols(gs_snapshot *s, uint64_t min_size, size_t max)
{
	/* a diff sums the symbols of one name (a function and its data, say): sum
	 * them here first, so the kept entry equals what a full snapshot's row holds */
	gs_strmap m = {0};
	size_t k = 0;
	int rc = 0;
	for (size_t i = 0; i < s->nsyms; i++) {
		gs_snap_sym *y = &s->syms[i];
		size_t j = gs_strmap_get(&m, y->name);
		if (j != (size_t)-1 && strcmp(s->syms[j].pkg, y->pkg) == 0) {
			s->syms[j].size += y->size;
			s->syms[j].pcln += y->pcln;
			sym_free(s, i, i + 1);
			continue;
		}
		s->syms[k] = *y;
		if (j == (size_t)-1 && gs_strmap_put(&m, s->syms[k].name, k) < 0)
			rc = -1; /* this one stays unsummed; the caller reports the error */
		k++;
	}
	s->nsyms = k;
	gs_strmap_dispose(&m);
	if (rc < 0)
		return -1;
	gs_snapshot_sort(s);
	size_t n = 0; /* sorted by size desc: the kept ones are a prefix */
	while (n < s->nsyms && s->syms[n].size >= min_size)
		n++;
	if (max && n > max)
		n = max;
	if (!n && s->nsyms) /* an empty list would read as "no symbols": keep the largest */
		n = 1;
	gs_snapshot_cap_symbols(s, n);
	return 0;
}

uint64_t gs_snapshot_symbol_floor(const gs_snapshot *s)
{
	if (!s->nsyms || s->nsyms >= s->nsyms_total)
		return 0;
	return s->syms[s->nsyms - 1].size;
}

static int path_prefix(const char *mod, const char *pkg)
{
	size_t n = strlen(mod);
	return n && strncmp(mod, pkg, n) == 0 && (pkg[n] == '\0' || pkg[n] == '/');
}

const char *gs_snapshot_module_of(const gs_buildinfo *bi, const char *pkg)
{
	const char *best = NULL;
	size_t bestlen = 0;
	if (strcmp(pkg, "main") == 0)
		return bi->main.path && *bi->main.path ? bi->main.path : "main";
	if (bi->main.path && path_prefix(bi->main.path, pkg)) {
		best = bi->main.path;
		bestlen = strlen(best);
	}
	for (size_t i = 0; i < bi->ndeps; i++) {
		const char *m = bi->deps[i].path;
		if (m && path_prefix(m, pkg) && strlen(m) > bestlen) {
			best = m;
			bestlen = strlen(m);
		}
	}
	if (best)
		return best;
	const char *slash = strchr(pkg, '/');
	size_t first = slash ? (size_t)(slash - pkg) : strlen(pkg);
	if (!memchr(pkg, '.', first))
		return "std";
	return "(unknown)";
}

int gs_snapshot_check(const gs_snapshot *s)
{
	uint64_t sum = 0;
	for (size_t i = 0; i < s->npkgs; i++)
		sum += s->pkgs[i].size;
	if (sum != s->attributed)
		return gs_fail("internal: package sizes sum to %llu, attributed is %llu", (unsigned long long)sum,
		               (unsigned long long)s->attributed);
	if (s->attributed + s->unattributed != s->file_size)
		return gs_fail("internal: attributed %llu + unattributed %llu != file size %llu",
		               (unsigned long long)s->attributed, (unsigned long long)s->unattributed,
		               (unsigned long long)s->file_size);
	uint64_t un = 0;
	for (size_t i = 0; i < s->nsecs; i++)
		un += s->secs[i].unattributed;
	if (un != s->unattributed)
		return gs_fail("internal: unattributed by section %llu != total %llu", (unsigned long long)un,
		               (unsigned long long)s->unattributed);
	return 0;
}
