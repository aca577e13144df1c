/* diff.c - subtract two snapshots label by label (bloaty's diff mode). */
#include "model/diff.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/fmt.h"
#include "util/mem.h"
#include "util/sort.h"
#include "util/strmap.h"

static void rows_dispose(gs_rows *r)
{
	free(r->v);
	memset(r, 0, sizeof *r);
}

void gs_delta_dispose(gs_delta *d)
{
	rows_dispose(&d->sections);
	rows_dispose(&d->packages);
	rows_dispose(&d->modules);
	rows_dispose(&d->symbols);
	rows_dispose(&d->cats);
	gs_arena_dispose(&d->keys);
	for (size_t i = 0; i < d->nnotes; i++)
		free(d->notes[i].text);
	free(d->notes);
	memset(d, 0, sizeof *d);
}

/* Adds value to row i on one side; module (if any) is what the new side says. */
static gs_row *row_sum(gs_rows *rows, size_t i, const char *module, uint64_t value, int side)
{
	gs_row *r = &rows->v[i];
	if (side == 0) {
		r->old += value;
		r->in_old = 1;
	} else {
		r->new_ += value;
		r->in_new = 1;
		if (module && *module)
			r->module = module;
	}
	return r;
}

/* A new row named name (a string that outlives the delta), found in m after. */
static size_t row_new(gs_rows *rows, gs_strmap *m, const char *name, const char *module)
{
	gs_row *r = GS_PUSH(rows->v, rows->n, rows->cap);
	if (!r)
		return (size_t)-1;
	r->name = name;
	r->module = module ? module : "";
	return gs_strmap_put(m, name, rows->n - 1) < 0 ? (size_t)-1 : rows->n - 1;
}

/* Adds value to the row keyed name (created on first sight) on one side. The
 * row keeps the pointers name and module: strings of a snapshot. */
static gs_row *row_add(gs_rows *rows, gs_strmap *m, const char *name, const char *module, uint64_t value, int side)
{
	size_t i = gs_strmap_get(m, name);
	if (i == (size_t)-1 && (i = row_new(rows, m, name, module)) == (size_t)-1)
		return NULL;
	return row_sum(rows, i, module, value, side);
}

/* A symbol's row, keyed "pkg\x1fname" (cut at 4095 bytes): a new row's key is
 * copied into the delta's arena and the row is named by the part after the
 * \x1f (all of it when the package alone filled the key). */
static gs_row *sym_add(gs_delta *d, gs_strmap *m, const gs_snap_sym *y, int side)
{
	char key[4096];
	size_t pl = strlen(y->pkg), nl = strlen(y->name), n = pl < sizeof key - 1 ? pl : sizeof key - 1;
	memcpy(key, y->pkg, n);
	if (n < sizeof key - 1)
		key[n++] = '\x1f';
	memcpy(key + n, y->name, nl < sizeof key - 1 - n ? nl : sizeof key - 1 - n);
	n += nl < sizeof key - 1 - n ? nl : sizeof key - 1 - n;
	key[n] = '\0';
	size_t i = gs_strmap_get(m, key);
	if (i == (size_t)-1) {
		const char *k = gs_arena_strndup(&d->keys, key, n), *sep = k ? strchr(k, '\x1f') : NULL;
		if (!k || (i = row_new(&d->symbols, m, k, y->pkg)) == (size_t)-1)
			return NULL;
		d->symbols.v[i].name = sep ? sep + 1 : k;
	}
	return row_sum(&d->symbols, i, y->pkg, y->size, side);
}

static uint64_t absdelta(const gs_row *r) { return r->new_ > r->old ? r->new_ - r->old : r->old - r->new_; }

static int cmp_row(const void *x, const void *y)
{
	const gs_row *a = x, *b = y;
	uint64_t da = absdelta(a), db = absdelta(b);
	if (da != db)
		return da > db ? -1 : 1;
	if (a->new_ != b->new_)
		return a->new_ > b->new_ ? -1 : 1;
	int c = strcmp(a->name, b->name);
	return c ? c : strcmp(a->module, b->module);
}

static int in_order(const gs_row *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (cmp_row(&v[i - 1], &v[i]) > 0)
			return 0;
	return 1;
}

/* Rows in cmp_row's order, stably like qsort (glibc's merge sort): a radix
 * sort of (|delta|, new, index) triples, the rows moved in place into that
 * order, then each run of equal sizes sorted by name and module (most of
 * qsort's comparisons were of names). Returns 0 or -1 (error set). */
static int rows_sort(gs_rows *r)
{
	typedef struct {
		uint64_t d, n; /* complements of |delta| and new: the radix sort is ascending */
		size_t i;
	} key;
	gs_row *v = r->v;
	size_t n = r->n, *perm = NULL;
	if (n < 2)
		return 0;
	key *k = gs_calloc(n, sizeof *k);
	for (size_t i = 0; k && i < n; i++)
		k[i] = (key){~absdelta(&v[i]), ~v[i].new_, i};
	if (k && gs_radix_sort(k, n, sizeof *k, offsetof(key, n), sizeof k->n) == 0 &&
	    gs_radix_sort(k, n, sizeof *k, offsetof(key, d), sizeof k->d) == 0 && (perm = gs_calloc(n, sizeof *perm)))
		for (size_t i = 0; i < n; i++)
			perm[i] = k[i].i;
	free(k);
	int rc = perm ? gs_permute(v, n, sizeof *v, perm) : -1;
	free(perm);
	for (size_t i = 0, run; !rc && i < n; i += run) {
		for (run = 1; i + run < n && absdelta(&v[i + run]) == absdelta(&v[i]) && v[i + run].new_ == v[i].new_;)
			run++;
		if (run > 1 && !in_order(v + i, run)) /* rows are made in the snapshots' order: often sorted */
			qsort(v + i, run, sizeof *v, cmp_row);
	}
	return rc;
}

static int note(gs_delta *d, const char *fmt, ...) GS_PRINTF(2, 3);
static int note(gs_delta *d, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	gs_note *n = GS_PUSH(d->notes, d->nnotes, d->notes_cap);
	return n && (n->text = gs_strdup(buf)) ? 0 : -1;
}

static const char *nz(const char *s) { return s ? s : ""; }

/* NEW's file bytes in sections of kind minus OLD's. */
static int64_t kind_delta(const gs_delta *d, const char *kind)
{
	int64_t sum = 0;
	for (int side = 0; side < 2; side++) {
		const gs_snapshot *s = side ? d->new_ : d->old;
		for (size_t i = 0; i < s->nsecs; i++)
			if (s->secs[i].kind && strcmp(s->secs[i].kind, kind) == 0)
				sum += side ? (int64_t)s->secs[i].size : -(int64_t)s->secs[i].size;
	}
	return sum;
}

/* Notes on what changed in how the binary was built. */
static int build_notes(gs_delta *d)
{
	const gs_buildinfo *a = &d->old->bi, *b = &d->new_->bi;
	if (strcmp(nz(a->goversion), nz(b->goversion)) != 0 &&
	    note(d, "Go version %s → %s", a->goversion ? a->goversion : "unknown",
	         b->goversion ? b->goversion : "unknown") < 0)
		return -1;
	for (size_t i = 0; i < a->nsettings; i++) {
		const char *nv = gs_buildinfo_setting(b, a->settings[i].key);
		if (!nv && note(d, "build setting %s=%s removed", a->settings[i].key, a->settings[i].value) < 0)
			return -1;
		if (nv && strcmp(nv, a->settings[i].value) != 0 && strncmp(a->settings[i].key, "vcs.", 4) != 0 &&
		    note(d, "build setting %s: %s → %s", a->settings[i].key, a->settings[i].value, nv) < 0)
			return -1;
	}
	for (size_t i = 0; i < b->nsettings; i++)
		if (!gs_buildinfo_setting(a, b->settings[i].key) &&
		    note(d, "build setting %s=%s added", b->settings[i].key, b->settings[i].value) < 0)
			return -1;
	/* what the strip flags did, measured: the file bytes of every section of
	 * that kind (most DWARF is charged to packages, so the buckets alone say
	 * little) */
	char h[32];
	int64_t sym = kind_delta(d, "symtab"), dw = kind_delta(d, "debug");
	if (d->old->has_symtab != d->new_->has_symtab && sym &&
	    note(d, "symbol table %s: %s", d->new_->has_symtab ? "added" : "removed (-s)",
	         gs_fmt_human_delta(sym, h, sizeof h)) < 0)
		return -1;
	if (d->old->has_dwarf != d->new_->has_dwarf && dw &&
	    note(d, "DWARF %s: %s", d->new_->has_dwarf ? "added" : "removed (-w)", gs_fmt_human_delta(dw, h, sizeof h)) < 0)
		return -1;
	return 0;
}

int gs_diff(gs_delta *d, const gs_snapshot *old, const gs_snapshot *new_)
{
	gs_strmap m[5];
	memset(d, 0, sizeof *d);
	memset(m, 0, sizeof m);
	d->old = old;
	d->new_ = new_;
	d->old_total = old->file_size;
	d->new_total = new_->file_size;
	d->old_unattr = old->unattributed;
	d->new_unattr = new_->unattributed;
	int rc = -1;
	for (int side = 0; side < 2; side++) {
		const gs_snapshot *s = side ? new_ : old;
		for (size_t i = 0; i < s->nsecs; i++)
			if (!row_add(&d->sections, &m[0], s->secs[i].name, s->secs[i].kind, s->secs[i].size, side))
				goto out;
		for (size_t i = 0; i < s->npkgs; i++) {
			if (!row_add(&d->packages, &m[1], s->pkgs[i].name, s->pkgs[i].module, s->pkgs[i].size, side))
				goto out;
			for (int k = 0; k < GS_CAT_N; k++)
				if (s->pkgs[i].cat[k] && !row_add(&d->cats, &m[4], gs_cat_name((gs_cat)k), "", s->pkgs[i].cat[k], side))
					goto out;
		}
		for (size_t i = 0; i < s->nmods; i++) {
			gs_row *r = row_add(&d->modules, &m[2], s->mods[i].path, "", s->mods[i].size, side);
			if (!r)
				goto out;
			*(side ? &r->new_ver : &r->old_ver) = s->mods[i].version;
		}
		if (gs_strmap_reserve(&m[3], old->nsyms + new_->nsyms) < 0)
			goto out;
		for (size_t i = 0; i < s->nsyms; i++)
			if (!sym_add(d, &m[3], &s->syms[i], side))
				goto out;
	}
	/* a capped side (a compact note) lists only symbols of at least its floor:
	 * below it, neither side is known, so those rows say nothing */
	uint64_t fo = gs_snapshot_symbol_floor(old), fn = gs_snapshot_symbol_floor(new_), floor = fo > fn ? fo : fn;
	if (floor) {
		size_t k = 0;
		for (size_t i = 0; i < d->symbols.n; i++) {
			gs_row *r = &d->symbols.v[i];
			if (r->old >= floor || r->new_ >= floor)
				d->symbols.v[k++] = *r;
		}
		d->symbols.n = k;
	}
	for (int i = 0; i < 5; i++) /* the maps are done: their memory is free for the sorts */
		gs_strmap_dispose(&m[i]);
	if (rows_sort(&d->sections) < 0 || rows_sort(&d->packages) < 0 || rows_sort(&d->modules) < 0 ||
	    rows_sort(&d->symbols) < 0 || rows_sort(&d->cats) < 0)
		goto out;
	rc = build_notes(d);
out:
	for (int i = 0; i < 5; i++)
		gs_strmap_dispose(&m[i]);
	if (rc < 0)
		gs_delta_dispose(d);
	return rc;
}
