/* report_tree.c - a snapshot or a delta as the treemap's tree (see report_tree.h). */
#include "report/report_tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/mem.h"
#include "util/strmap.h"

void gs_tree_dispose(gs_tnode *n)
{
	for (size_t i = 0; i < n->nkids; i++)
		gs_tree_dispose(&n->kids[i]);
	free(n->kids);
	free(n->name);
	memset(n, 0, sizeof *n);
}

static gs_tnode *kid_add(gs_tnode *p, const char *name, char type, int cat)
{
	gs_tnode *k = GS_PUSH(p->kids, p->nkids, p->cap);
	if (!k)
		return NULL;
	if (!(k->name = gs_strdup(name ? name : ""))) {
		p->nkids--;
		return NULL;
	}
	k->type = type;
	k->cat = cat;
	return k;
}

static int node_cmp(const void *a, const void *b)
{
	const gs_tnode *x = a, *y = b;
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	if (x->old != y->old)
		return x->old > y->old ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Sums sizes and categories up from the leaves, picks each group's largest
 * category and sorts every level (largest first, then by name). */
static void finish(gs_tnode *n)
{
	if (!n->nkids) {
		memset(n->catsz, 0, sizeof n->catsz);
		if (n->cat >= 0 && n->cat < GS_CAT_N)
			n->catsz[n->cat] = n->size;
		return;
	}
	n->size = 0;
	memset(n->catsz, 0, sizeof n->catsz);
	for (size_t i = 0; i < n->nkids; i++) {
		finish(&n->kids[i]);
		n->size += n->kids[i].size;
		for (int c = 0; c < GS_CAT_N; c++)
			n->catsz[c] += n->kids[i].catsz[c];
	}
	n->cat = -1;
	for (int c = 0; c < GS_CAT_N; c++)
		if (n->catsz[c] && (n->cat < 0 || n->catsz[c] > n->catsz[n->cat]))
			n->cat = c;
	qsort(n->kids, n->nkids, sizeof *n->kids, node_cmp);
}

static int is_bucket(const gs_snap_pkg *p) { return p->name[0] == '[' || !p->module || !p->module[0]; }

static int cat_of_kind(const char *kind)
{
	static const struct { const char *kind; gs_cat cat; } m[] = {
		{"text", GS_CAT_CODE}, {"rodata", GS_CAT_RODATA}, {"data", GS_CAT_DATA}, {"bss", GS_CAT_DATA},
		{"debug", GS_CAT_DEBUG}, {"symtab", GS_CAT_SYMTAB}, {"header", GS_CAT_HEADER}, {"padding", GS_CAT_HEADER},
	};
	for (size_t i = 0; kind && i < sizeof m / sizeof m[0]; i++)
		if (strcmp(kind, m[i].kind) == 0)
			return (int)m[i].cat;
	return GS_CAT_OTHER;
}

/* A tree being built from a snapshot: where each package's node is and what
 * its symbol leaves have taken of each category. */
typedef struct tree_build {
	gs_tnode *root;
	const gs_snapshot *s;
	gs_strmap mods, pkgs; /* module -> index in root's kids; package -> index in s->pkgs */
	size_t *where;        /* per package: module index ((size_t)-1: a bucket at the top) and kid index */
	uint64_t *used;       /* per package and category: bytes its symbol leaves took */
} tree_build;

static gs_tnode *pkg_node(const tree_build *t, size_t i)
{
	gs_tnode *root = t->root;
	return t->where[2 * i] == (size_t)-1 ? &root->kids[t->where[2 * i + 1]]
	                                     : &root->kids[t->where[2 * i]].kids[t->where[2 * i + 1]];
}

/* Modules, buckets and packages first: their nodes stay put once leaves are added. */
static int tree_groups(tree_build *t)
{
	const gs_snapshot *s = t->s;
	gs_tnode *root = t->root;
	for (size_t i = 0; i < s->npkgs; i++) {
		const gs_snap_pkg *p = &s->pkgs[i];
		if (gs_strmap_put(&t->pkgs, p->name, i) < 0)
			return -1;
		if (is_bucket(p)) {
			t->where[2 * i] = (size_t)-1;
			t->where[2 * i + 1] = root->nkids;
			if (!kid_add(root, p->name, GS_TN_BUCKET, -1))
				return -1;
			continue;
		}
		size_t m = gs_strmap_get(&t->mods, p->module);
		if (m == (size_t)-1) {
			m = root->nkids;
			gs_tnode *mn = kid_add(root, p->module, GS_TN_MODULE, -1);
			if (!mn || gs_strmap_put(&t->mods, mn->name, m) < 0)
				return -1;
		}
		t->where[2 * i] = m;
		t->where[2 * i + 1] = root->kids[m].nkids;
		if (!kid_add(&root->kids[m], p->name, GS_TN_PACKAGE, -1))
			return -1;
	}
	return 0;
}

/* Symbol leaves go to their package while the package has bytes of that
 * category left for them: keep == NULL takes the largest max_leaves symbols of
 * at least size/GS_TREE_MIN_FRAC bytes; otherwise exactly the "pkg\x1fname" keys in keep. */
static int tree_leaves(tree_build *t, size_t max_leaves, const gs_strmap *keep)
{
	const gs_snapshot *s = t->s;
	size_t nleaves = 0, name_bytes = 0;
	uint64_t floor = s->file_size / GS_TREE_MIN_FRAC;
	char key[4096];
	for (size_t i = 0; i < s->nsyms; i++) {
		const gs_snap_sym *y = &s->syms[i];
		if (y->bss || !y->size || (unsigned)y->cat >= GS_CAT_N)
			continue;
		if (keep) {
			snprintf(key, sizeof key, "%s\x1f%s", y->pkg, y->name);
			if (gs_strmap_get(keep, key) == (size_t)-1)
				continue;
		} else if (nleaves >= max_leaves || y->size < floor || name_bytes >= GS_TREE_NAME_BYTES) {
			continue;
		}
		size_t pi = gs_strmap_get(&t->pkgs, y->pkg);
		if (pi == (size_t)-1 || t->used[pi * GS_CAT_N + y->cat] + y->size > s->pkgs[pi].cat[y->cat])
			continue;
		size_t pl = strlen(y->pkg);
		int rel = strncmp(y->name, y->pkg, pl) == 0 && y->name[pl] == '.' && y->name[pl + 1];
		gs_tnode *leaf = kid_add(pkg_node(t, pi), rel ? y->name + pl + 1 : y->name, rel ? GS_TN_SYMBOL : GS_TN_SYMFULL, y->cat);
		if (!leaf)
			return -1;
		leaf->size = y->size;
		t->used[pi * GS_CAT_N + y->cat] += y->size;
		nleaves++;
		name_bytes += strlen(leaf->name);
	}
	return 0;
}

/* What the listed symbols leave of each category, as one "[category]" leaf. */
static int tree_rests(tree_build *t)
{
	const gs_snapshot *s = t->s;
	for (size_t i = 0; i < s->npkgs; i++) {
		gs_tnode *pn = pkg_node(t, i);
		for (int c = 0; c < GS_CAT_N; c++) {
			uint64_t rest = s->pkgs[i].cat[c] - t->used[i * GS_CAT_N + c];
			if (!rest)
				continue;
			char name[64];
			snprintf(name, sizeof name, "[%s]", gs_cat_name((gs_cat)c));
			gs_tnode *leaf = kid_add(pn, name, GS_TN_REST, c);
			if (!leaf)
				return -1;
			leaf->size = rest;
		}
	}
	return 0;
}

/* "[unattributed]" at the top, by section (the rest "[elsewhere]"). */
static int tree_unattributed(gs_tnode *root, const gs_snapshot *s)
{
	if (!s->unattributed)
		return 0;
	size_t u = root->nkids;
	if (!kid_add(root, "[unattributed]", GS_TN_BUCKET, -1))
		return -1;
	uint64_t left = s->unattributed;
	for (size_t i = 0; i < s->nsecs; i++) {
		uint64_t v = s->secs[i].unattributed < left ? s->secs[i].unattributed : left;
		if (!v)
			continue;
		gs_tnode *k = kid_add(&root->kids[u], s->secs[i].name, GS_TN_SECTION, -1);
		if (!k)
			return -1;
		k->size = v;
		left -= v;
	}
	gs_tnode *k = left ? kid_add(&root->kids[u], "[elsewhere]", GS_TN_REST, -1) : NULL;
	if (left && !k)
		return -1;
	if (k)
		k->size = left;
	return 0;
}

static int build(gs_tnode *root, const gs_snapshot *s, size_t max_leaves, const gs_strmap *keep)
{
	memset(root, 0, sizeof *root);
	root->type = GS_TN_ROOT;
	root->cat = -1;
	tree_build t = {
		.root = root,
		.s = s,
		.where = gs_calloc(s->npkgs ? s->npkgs : 1, 2 * sizeof(size_t)),
		.used = gs_calloc(s->npkgs ? s->npkgs : 1, GS_CAT_N * sizeof(uint64_t)),
	};
	int rc = -1;
	if (t.where && t.used && (root->name = gs_strdup(s->path ? s->path : "")) && tree_groups(&t) == 0 &&
	    tree_leaves(&t, max_leaves, keep) == 0 && tree_rests(&t) == 0 && tree_unattributed(root, s) == 0) {
		finish(root);
		rc = 0;
	}
	gs_strmap_dispose(&t.mods);
	gs_strmap_dispose(&t.pkgs);
	free(t.where);
	free(t.used);
	if (rc < 0)
		gs_tree_dispose(root);
	return rc;
}

int gs_tree_snapshot(gs_tnode *root, const gs_snapshot *s, size_t max_leaves)
{
	return build(root, s, max_leaves, NULL);
}

int gs_tree_sections(gs_tnode *root, const gs_snapshot *s)
{
	memset(root, 0, sizeof *root);
	root->type = GS_TN_ROOT;
	root->cat = -1;
	if (!(root->name = gs_strdup(s->path ? s->path : "")))
		return -1;
	for (size_t i = 0; i < s->nsecs; i++) {
		if (!s->secs[i].size)
			continue;
		gs_tnode *k = kid_add(root, s->secs[i].name, GS_TN_SECTION, cat_of_kind(s->secs[i].kind));
		if (!k) {
			gs_tree_dispose(root);
			return -1;
		}
		k->size = s->secs[i].size;
	}
	finish(root);
	return 0;
}

/* Marks a subtree as present on one side only. */
static void one_side(gs_tnode *n, int is_new)
{
	if (is_new) {
		n->in_new = 1, n->in_old = 0, n->old = 0;
	} else {
		n->in_new = 0, n->in_old = 1, n->old = n->size, n->size = 0;
	}
	for (size_t i = 0; i < n->nkids; i++)
		one_side(&n->kids[i], is_new);
}

/* Merges o (the OLD side, emptied: its kids are moved) into n (the NEW side). */
static int merge(gs_tnode *n, gs_tnode *o)
{
	n->in_old = 1;
	n->old += o->size; /* += : two OLD nodes of one name (a symbol name used twice) land on one node */
	gs_strmap m = {0};
	for (size_t i = 0; i < n->nkids; i++)
		if (gs_strmap_put(&m, n->kids[i].name, i) < 0)
			goto fail;
	for (size_t i = 0; i < o->nkids; i++) {
		size_t j = gs_strmap_get(&m, o->kids[i].name);
		if (j != (size_t)-1) {
			if (merge(&n->kids[j], &o->kids[i]) < 0)
				goto fail;
			continue;
		}
		gs_tnode *k = GS_PUSH(n->kids, n->nkids, n->cap);
		if (!k)
			goto fail;
		*k = o->kids[i];
		memset(&o->kids[i], 0, sizeof o->kids[i]);
		one_side(k, 0);
		if (gs_strmap_put(&m, k->name, n->nkids - 1) < 0)
			goto fail;
	}
	gs_strmap_dispose(&m);
	return 0;
fail:
	gs_strmap_dispose(&m);
	return -1;
}

/* Sorts so that removed nodes (size 0) come last, largest OLD first. */
static void resort(gs_tnode *n)
{
	for (size_t i = 0; i < n->nkids; i++)
		resort(&n->kids[i]);
	if (n->nkids)
		qsort(n->kids, n->nkids, sizeof *n->kids, node_cmp);
}

typedef struct { size_t i; uint64_t score; } ranked;

static int ranked_cmp(const void *a, const void *b)
{
	const ranked *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The symbols of d that get a leaf: the largest on either side and the largest changes. */
static int keep_set(const gs_delta *d, size_t max_leaves, gs_strmap *keep, char ***keys, size_t *nkeys)
{
	size_t n = d->symbols.n;
	ranked *r = gs_calloc(n ? n : 1, sizeof *r);
	char **k = gs_calloc(n ? n : 1, sizeof *k);
	size_t nk = 0;
	if (!r || !k)
		goto fail;
	uint64_t floor = (d->new_total > d->old_total ? d->new_total : d->old_total) / GS_TREE_MIN_FRAC;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const gs_row *row = &d->symbols.v[i];
			int64_t dl = gs_row_delta(row);
			r[i].i = i;
			r[i].score = pass ? (uint64_t)(dl < 0 ? -dl : dl) : row->old > row->new_ ? row->old : row->new_;
		}
		qsort(r, n, sizeof *r, ranked_cmp);
		size_t lim = pass ? max_leaves / 4 : max_leaves, taken = 0, name_bytes = 0;
		for (size_t i = 0; i < n && taken < lim && r[i].score && r[i].score >= floor &&
		                   name_bytes < (pass ? GS_TREE_NAME_BYTES / 4 : GS_TREE_NAME_BYTES); i++) {
			const gs_row *row = &d->symbols.v[r[i].i];
			char key[4096];
			snprintf(key, sizeof key, "%s\x1f%s", row->module, row->name);
			taken++;
			name_bytes += strlen(row->name);
			if (gs_strmap_get(keep, key) != (size_t)-1)
				continue;
			if (!(k[nk] = gs_strdup(key)) || gs_strmap_put(keep, k[nk], nk) < 0)
				goto fail;
			nk++;
		}
	}
	free(r);
	*keys = k, *nkeys = nk;
	return 0;
fail:
	free(r);
	for (size_t i = 0; i < nk + 1 && k; i++)
		free(k[i]);
	free(k);
	return -1;
}

int gs_tree_delta(gs_tnode *root, const gs_delta *d, size_t max_leaves, int by_section)
{
	memset(root, 0, sizeof *root);
	if (by_section) {
		root->type = GS_TN_ROOT;
		root->cat = -1;
		if (!(root->name = gs_strdup(d->new_->path ? d->new_->path : "")))
			return -1;
		for (size_t i = 0; i < d->sections.n; i++) {
			const gs_row *row = &d->sections.v[i];
			if (!row->old && !row->new_)
				continue;
			gs_tnode *k = kid_add(root, row->name, GS_TN_SECTION, cat_of_kind(row->module));
			if (!k) {
				gs_tree_dispose(root);
				return -1;
			}
			k->size = row->new_, k->old = row->old, k->in_old = row->in_old, k->in_new = row->in_new;
		}
		finish(root);
		root->in_old = root->in_new = 1;
		for (size_t i = 0; i < root->nkids; i++)
			root->old += root->kids[i].old;
		resort(root);
		return 0;
	}
	gs_strmap keep = {0};
	char **keys = NULL;
	size_t nkeys = 0;
	gs_tnode old;
	memset(&old, 0, sizeof old);
	int rc = -1;
	if (keep_set(d, max_leaves, &keep, &keys, &nkeys) < 0 || build(root, d->new_, 0, &keep) < 0)
		goto out;
	if (build(&old, d->old, 0, &keep) < 0)
		goto out;
	one_side(root, 1);
	if (merge(root, &old) < 0)
		goto out;
	resort(root);
	rc = 0;
out:
	gs_tree_dispose(&old);
	gs_strmap_dispose(&keep);
	for (size_t i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
	if (rc < 0)
		gs_tree_dispose(root);
	return rc;
}
