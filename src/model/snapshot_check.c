/* snapshot_check.c - the checks on a loaded snapshot (snapshot_check.h): both
 * loaders (snapshot_json.c for schemas 1 and 2, snapshot_read.c for schema 3)
 * run them, so a hostile snapshot is refused the same way from any schema. */
#include "model/snapshot_check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/err.h"
#include "util/mem.h"
#include "util/strmap.h"

/* Every symbol's size fits in its package (its file bytes and zero-initialised memory: a
 * package holds all of its symbols; a symbol of no listed package, in the file and the sections'
 * memory) and, unless it is zero-initialised, in the file. pk maps package names to their
 * index in s->pkgs. */
static int check_symbol_sizes(const gs_snapshot *s, const gs_strmap *pk)
{
	uint64_t vm = 0;
	for (size_t i = 0; i < s->nsecs; i++)
		vm = s->secs[i].vmsize > UINT64_MAX - vm ? UINT64_MAX : vm + s->secs[i].vmsize;
	uint64_t anywhere = vm > UINT64_MAX - s->file_size ? UINT64_MAX : vm + s->file_size;
	for (size_t i = 0; i < s->nsyms; i++) {
		const gs_snap_sym *y = &s->syms[i];
		size_t p = y->pkg ? gs_strmap_get(pk, y->pkg) : (size_t)-1;
		uint64_t room = anywhere;
		if (p != (size_t)-1)
			room = s->pkgs[p].bss > UINT64_MAX - s->pkgs[p].size ? UINT64_MAX : s->pkgs[p].size + s->pkgs[p].bss;
		const char *why = NULL;
		if (y->size > room)
			why = p == (size_t)-1 ? "larger than the file and its sections" : "larger than its package";
		else if (!y->bss && y->size > s->file_size)
			why = "larger than the file";
		if (why)
			return gs_fail("snapshot: symbol \"%s\" (package \"%s\", %llu bytes): %s", y->name ? y->name : "",
			               y->pkg ? y->pkg : "", (unsigned long long)y->size, why);
	}
	return 0;
}

/* What the writer guarantees, checked on what is loaded (a snapshot may be
 * hostile): sections inside the file, each module's size and package count
 * equal to the sums over its packages, symbols no larger than their package
 * or the file, no duplicate names, sane counts. */
static int check_sizes(const gs_snapshot *s)
{
	uint64_t F = s->file_size, un = 0, fn = 0;
	for (size_t i = 0; i < s->nsecs; i++) {
		const gs_snap_section *x = &s->secs[i];
		if (x->size > F || (x->size && x->off > F - x->size) || x->unattributed > x->size)
			return gs_fail("snapshot: sections[%zu] (%s): file range or unattributed bytes outside the file", i,
			               x->name);
		if (x->unattributed > F - un)
			return gs_fail("snapshot: sections[%zu]: unattributed bytes add up to more than the file size", i);
		un += x->unattributed;
	}
	gs_strmap pk = {0}, md = {0};
	uint64_t *sum = NULL, *cnt = NULL;
	int rc = -1;
	for (size_t i = 0; i < s->npkgs; i++) {
		if (gs_strmap_get(&pk, s->pkgs[i].name) != (size_t)-1) {
			gs_fail("snapshot: packages[%zu]: duplicate package \"%s\"", i, s->pkgs[i].name);
			goto out;
		}
		if (gs_strmap_put(&pk, s->pkgs[i].name, i) < 0)
			goto out;
		/* Go functions come from the pclntab, C functions (cgo) from the symbol table */
		uint64_t most = s->nfuncs + s->nsyms_total < s->nfuncs ? UINT64_MAX : s->nfuncs + s->nsyms_total;
		if (s->pkgs[i].functions > most - fn) {
			gs_fail("snapshot: packages[%zu]: more functions than the pclntab's %llu and the symbol table's %llu", i,
			        (unsigned long long)s->nfuncs, (unsigned long long)s->nsyms_total);
			goto out;
		}
		fn += s->pkgs[i].functions;
	}
	if (!(sum = gs_calloc(s->nmods + 1, sizeof *sum)) || !(cnt = gs_calloc(s->nmods + 1, sizeof *cnt)))
		goto out;
	for (size_t i = 0; i < s->nmods; i++) {
		if (gs_strmap_get(&md, s->mods[i].path) != (size_t)-1) {
			gs_fail("snapshot: modules[%zu]: duplicate module \"%s\"", i, s->mods[i].path);
			goto out;
		}
		if (gs_strmap_put(&md, s->mods[i].path, i) < 0)
			goto out;
	}
	for (size_t i = 0; i < s->npkgs; i++) {
		size_t m = gs_strmap_get(&md, s->pkgs[i].module);
		if (m != (size_t)-1)
			sum[m] += s->pkgs[i].size, cnt[m]++; /* package sizes add up to at most the file size */
	}
	for (size_t i = 0; i < s->nmods; i++)
		if (sum[i] != s->mods[i].size || cnt[i] != s->mods[i].packages) {
			gs_fail("snapshot: modules[%zu] (%s): size %llu in %llu packages, but its packages hold %llu in %llu", i,
			        s->mods[i].path, (unsigned long long)s->mods[i].size, (unsigned long long)s->mods[i].packages,
			        (unsigned long long)sum[i], (unsigned long long)cnt[i]);
			goto out;
		}
	if (s->nsyms > s->nsyms_total) {
		gs_fail("snapshot: %zu symbols listed but symbols_total is %llu", s->nsyms, (unsigned long long)s->nsyms_total);
		goto out;
	}
	if (check_symbol_sizes(s, &pk) < 0)
		goto out;
	rc = 0;
out:
	free(sum);
	free(cnt);
	gs_strmap_dispose(&pk);
	gs_strmap_dispose(&md);
	return rc;
}

static int pkg_check(gs_snapshot *s, const gs_snap_pkg *p, const char *where)
{
	uint64_t sum = 0;
	for (int c = 0; c < GS_CAT_N; c++) {
		if (p->cat[c] > UINT64_MAX - sum)
			return gs_fail("snapshot: %s: sizes overflow", where);
		sum += p->cat[c];
	}
	if (sum != p->size)
		return gs_fail("snapshot: %s: sizes sum to %llu, not size %llu", where, (unsigned long long)sum,
		               (unsigned long long)p->size);
	if (p->size > s->file_size - s->attributed) /* attributed <= file_size so far */
		return gs_fail("snapshot: %s: package sizes add up to more than the file size %llu", where,
		               (unsigned long long)s->file_size);
	s->attributed += p->size;
	return 0;
}

int gs_snapshot_load_check(gs_snapshot *s, uint64_t file, uint64_t attr)
{
	for (size_t i = 0; i < s->npkgs; i++) {
		char w[64];
		snprintf(w, sizeof w, "packages[%zu]", i);
		if (pkg_check(s, &s->pkgs[i], w) < 0)
			return -1;
	}
	if (check_sizes(s) < 0)
		return -1;
	if (file != s->file_size || attr != s->attributed)
		return gs_fail("snapshot: totals do not match the binary size and the package sizes");
	if (gs_snapshot_check(s) < 0)
		return gs_fail_prefix("snapshot: inconsistent");
	return 0;
}
