/* imports.c - import chains and weights over the snapshot's import graph. */
#include "model/imports.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/mem.h"
#include "util/strmap.h"

static size_t find_in(const gs_imp *v, size_t n, const char *pkg);

int gs_imports_parse(gs_snapshot *s, const char *root, const char *text)
{
	if (!(s->imports_root = gs_strdup(root)))
		return -1;
	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *copy = gs_strndup(line, len), *save = NULL;
		if (!copy)
			return -1;
		char *tok = strtok_r(copy, " \t\r", &save);
		if (tok) {
			gs_imp *m = GS_PUSH(s->imps, s->nimps, s->imps_cap);
			size_t cap = 0;
			if (!m || !(m->pkg = gs_strdup(tok))) {
				free(copy);
				return -1;
			}
			while ((tok = strtok_r(NULL, " \t\r", &save)) != NULL) {
				char **d = GS_PUSH(m->deps, m->ndeps, cap);
				if (!d || !(*d = gs_strdup(tok))) {
					free(copy);
					return -1;
				}
			}
		}
		free(copy);
		line += len + (nl ? 1 : 0);
	}
	gs_snapshot_sort(s);
	/* imports that are no node of their own (runtime/cgo above) become leaves */
	size_t n = s->nimps;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < s->imps[i].ndeps; k++) {
			const char *dep = s->imps[i].deps[k];
			int found = find_in(s->imps, n, dep) != (size_t)-1; /* the first n are sorted */
			for (size_t j = n; j < s->nimps && !found; j++)
				found = strcmp(s->imps[j].pkg, dep) == 0;
			if (found)
				continue;
			gs_imp *m = GS_PUSH(s->imps, s->nimps, s->imps_cap);
			if (!m || !(m->pkg = gs_strdup(dep)))
				return -1;
		}
	if (s->nimps != n)
		gs_snapshot_sort(s);
	return 0;
}

static size_t find_in(const gs_imp *v, size_t n, const char *pkg)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(v[mid].pkg, pkg);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

static size_t find(const gs_snapshot *s, const char *pkg) { return find_in(s->imps, s->nimps, pkg); }

const char *gs_imports_pkgname(const gs_snapshot *s, const char *path)
{
	return s->imports_root && strcmp(path, s->imports_root) == 0 ? "main" : path;
}

/* BFS from the root, never entering node skip nor a node marked in skipset
 * (may be NULL); fills prev (index of the node that reached each one, or -1)
 * and seen. Returns 0 or -1. */
static int bfs_set(const gs_snapshot *s, size_t skip, const char *skipset, size_t *prev, char *seen)
{
	size_t root = find(s, s->imports_root ? s->imports_root : "");
	size_t *queue = gs_calloc(s->nimps + 1, sizeof *queue), head = 0, tail = 0;
	if (!queue)
		return -1;
	for (size_t i = 0; i < s->nimps; i++)
		prev[i] = (size_t)-1, seen[i] = 0;
	if (root != (size_t)-1 && root != skip && !(skipset && skipset[root])) {
		seen[root] = 1;
		queue[tail++] = root;
	}
	while (head < tail) {
		size_t u = queue[head++];
		for (size_t k = 0; k < s->imps[u].ndeps; k++) {
			size_t v = find(s, s->imps[u].deps[k]);
			if (v == (size_t)-1 || v == skip || seen[v] || (skipset && skipset[v]))
				continue;
			seen[v] = 1;
			prev[v] = u;
			queue[tail++] = v;
		}
	}
	free(queue);
	return 0;
}

static int bfs(const gs_snapshot *s, size_t skip, size_t *prev, char *seen) { return bfs_set(s, skip, NULL, prev, seen); }

int gs_imports_chain(const char ***chain, size_t *n, const gs_snapshot *s, const char *pkg)
{
	*chain = NULL;
	*n = 0;
	size_t target = find(s, strcmp(pkg, "main") == 0 && s->imports_root ? s->imports_root : pkg);
	if (target == (size_t)-1 || !s->nimps)
		return 0;
	size_t *prev = gs_calloc(s->nimps, sizeof *prev);
	char *seen = gs_calloc(s->nimps, 1);
	int rc = -1;
	if (!prev || !seen || bfs(s, (size_t)-1, prev, seen) < 0)
		goto out;
	rc = 0;
	if (!seen[target])
		goto out;
	size_t len = 1;
	for (size_t v = target; prev[v] != (size_t)-1; v = prev[v])
		len++;
	const char **c = gs_calloc(len, sizeof *c);
	if (!c) {
		rc = -1;
		goto out;
	}
	size_t i = len;
	for (size_t v = target;; v = prev[v]) {
		c[--i] = s->imps[v].pkg;
		if (prev[v] == (size_t)-1)
			break;
	}
	*chain = c;
	*n = len;
out:
	free(prev);
	free(seen);
	return rc;
}

/* Size of the snapshot package behind an import path. */
static uint64_t pkg_size(const gs_snapshot *s, const char *path)
{
	const char *name = gs_imports_pkgname(s, path);
	for (size_t i = 0; i < s->npkgs; i++)
		if (strcmp(s->pkgs[i].name, name) == 0)
			return s->pkgs[i].size;
	return 0;
}

int gs_imports_weight(uint64_t *bytes, size_t *npkgs, const gs_snapshot *s, const char *pkg)
{
	*bytes = 0;
	*npkgs = 0;
	size_t p = find(s, pkg);
	if (p == (size_t)-1)
		return 0;
	size_t *prev = gs_calloc(s->nimps, sizeof *prev);
	char *all = gs_calloc(s->nimps, 1), *without = gs_calloc(s->nimps, 1);
	int rc = -1;
	if (prev && all && without && bfs(s, (size_t)-1, prev, all) == 0 && bfs(s, p, prev, without) == 0) {
		for (size_t i = 0; i < s->nimps; i++)
			if (all[i] && !without[i]) {
				*bytes += pkg_size(s, s->imps[i].pkg);
				(*npkgs)++;
			}
		rc = 0;
	}
	free(prev);
	free(all);
	free(without);
	return rc;
}

int gs_imports_has_new_packages(const gs_delta *d)
{
	for (size_t i = 0; i < d->packages.n; i++)
		if (!d->packages.v[i].in_old && d->packages.v[i].name[0] != '[')
			return 1;
	return 0;
}

void gs_why_free(gs_why *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(w[i].chain);
	free(w);
}

static int cmp_why(const void *x, const void *y)
{
	const gs_why *a = x, *b = y;
	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return strcmp(a->pkg, b->pkg);
}

/* The import graph as indexes, built once per question: deps and importers in
 * compressed rows, each node's package size. Building it is O(E log N). */
typedef struct graph {
	size_t n, root;       /* root: (size_t)-1 when the root is no node */
	size_t *off, *adj;    /* node i imports adj[off[i] .. off[i+1]) */
	size_t *roff, *radj;  /* node i is imported by radj[roff[i] .. roff[i+1]) */
	uint64_t *size;
} graph;

static void graph_dispose(graph *g)
{
	free(g->off);
	free(g->adj);
	free(g->roff);
	free(g->radj);
	free(g->size);
	memset(g, 0, sizeof *g);
}

static int graph_build(graph *g, const gs_snapshot *s)
{
	memset(g, 0, sizeof *g);
	size_t n = s->nimps, ne = 0;
	for (size_t i = 0; i < n; i++)
		ne += s->imps[i].ndeps;
	g->n = n;
	g->root = find(s, s->imports_root ? s->imports_root : "");
	gs_strmap sizes = {0};
	if (!(g->off = gs_calloc(n + 1, sizeof *g->off)) || !(g->adj = gs_calloc(ne + 1, sizeof *g->adj)) ||
	    !(g->roff = gs_calloc(n + 2, sizeof *g->roff)) || !(g->radj = gs_calloc(ne + 1, sizeof *g->radj)) ||
	    !(g->size = gs_calloc(n + 1, sizeof *g->size)))
		goto fail;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		g->off[i] = k;
		for (size_t d = 0; d < s->imps[i].ndeps; d++) {
			size_t v = find(s, s->imps[i].deps[d]);
			if (v != (size_t)-1) {
				g->adj[k++] = v;
				g->roff[v + 2]++;
			}
		}
	}
	g->off[n] = k;
	for (size_t i = 0; i < n; i++) /* counting sort of the edges by target */
		g->roff[i + 2] += g->roff[i + 1];
	for (size_t i = 0; i < n; i++)
		for (size_t e = g->off[i]; e < g->off[i + 1]; e++)
			g->radj[g->roff[g->adj[e] + 1]++] = i;
	for (size_t i = 0; i < s->npkgs; i++)
		if (gs_strmap_put(&sizes, s->pkgs[i].name, i) < 0)
			goto fail;
	for (size_t i = 0; i < n; i++) {
		size_t p = gs_strmap_get(&sizes, gs_imports_pkgname(s, s->imps[i].pkg));
		g->size[i] = p == (size_t)-1 ? 0 : s->pkgs[p].size;
	}
	gs_strmap_dispose(&sizes);
	return 0;
fail:
	gs_strmap_dispose(&sizes);
	graph_dispose(g);
	return -1;
}

/* One BFS from the root: prev[v] the node that reached v first (a shortest
 * chain), (size_t)-1 for the root and the unreachable (seen[v] 0). */
static int graph_bfs(const graph *g, size_t *prev, char *seen)
{
	size_t *queue = gs_calloc(g->n + 1, sizeof *queue), head = 0, tail = 0;
	if (!queue)
		return -1;
	for (size_t i = 0; i < g->n; i++)
		prev[i] = (size_t)-1, seen[i] = 0;
	if (g->root != (size_t)-1) {
		seen[g->root] = 1;
		queue[tail++] = g->root;
	}
	while (head < tail) {
		size_t u = queue[head++];
		for (size_t e = g->off[u]; e < g->off[u + 1]; e++) {
			size_t v = g->adj[e];
			if (seen[v])
				continue;
			seen[v] = 1;
			prev[v] = u;
			queue[tail++] = v;
		}
	}
	free(queue);
	return 0;
}

/* Weights from the dominator tree (Cooper, Harvey and Kennedy's iteration over
 * the reverse postorder): a package dominates what the root cannot reach
 * without it, so its weight is the size of its dominator subtree. wt[i] and
 * wn[i] (bytes, packages) for every reachable node. Linear on an import graph
 * (acyclic: one pass settles it); a hostile cyclic one gets at most 64 passes. */
static int graph_weights(const graph *g, uint64_t *wt, size_t *wn)
{
	size_t n = g->n, *rpo = gs_calloc(n + 1, sizeof *rpo), *order = gs_calloc(n + 1, sizeof *order),
	       *idom = gs_calloc(n + 1, sizeof *idom), *stack = gs_calloc(n + 1, sizeof *stack),
	       *next = gs_calloc(n + 1, sizeof *next);
	int rc = -1;
	if (!rpo || !order || !idom || !stack || !next)
		goto out;
	for (size_t i = 0; i < n; i++)
		rpo[i] = idom[i] = (size_t)-1, wt[i] = 0, wn[i] = 0;
	if (g->root == (size_t)-1) {
		rc = 0;
		goto out;
	}
	/* iterative DFS: postorder numbers, then reversed */
	size_t sp = 0, npost = 0;
	stack[sp++] = g->root;
	next[g->root] = g->off[g->root];
	rpo[g->root] = 0; /* visited mark until numbered */
	while (sp) {
		size_t u = stack[sp - 1];
		if (next[u] < g->off[u + 1]) {
			size_t v = g->adj[next[u]++];
			if (rpo[v] == (size_t)-1) {
				rpo[v] = 0;
				next[v] = g->off[v];
				stack[sp++] = v;
			}
			continue;
		}
		order[npost++] = u;
		sp--;
	}
	for (size_t i = 0; i < npost; i++) { /* order: reverse postorder; rpo: each node's place in it */
		stack[i] = order[npost - 1 - i];
		rpo[stack[i]] = i;
	}
	idom[g->root] = g->root;
	for (int pass = 0, changed = 1; changed && pass < 64; pass++) {
		changed = 0;
		for (size_t i = 1; i < npost; i++) {
			size_t b = stack[i], nd = (size_t)-1;
			for (size_t e = g->roff[b]; e < g->roff[b + 1]; e++) {
				size_t p = g->radj[e];
				if (idom[p] == (size_t)-1)
					continue; /* unreachable or not yet processed */
				if (nd == (size_t)-1) {
					nd = p;
					continue;
				}
				size_t x = p, y = nd;
				while (x != y) {
					while (rpo[x] > rpo[y])
						x = idom[x];
					while (rpo[y] > rpo[x])
						y = idom[y];
				}
				nd = x;
			}
			if (nd != (size_t)-1 && idom[b] != nd) {
				idom[b] = nd;
				changed = 1;
			}
		}
	}
	for (size_t i = npost; i-- > 0;) { /* children before their dominators */
		size_t v = stack[i];
		wt[v] += g->size[v];
		wn[v]++;
		if (v != g->root && idom[v] != (size_t)-1) {
			wt[idom[v]] += wt[v];
			wn[idom[v]] += wn[v];
		}
	}
	rc = 0;
out:
	free(rpo);
	free(order);
	free(idom);
	free(stack);
	free(next);
	return rc;
}

/* The chain root ... v along prev, abbreviated to GS_WHY_CHAIN_MAX entries
 * (the middle of a longer one is one "…" entry): *out malloc'd. */
static int chain_of(const char ***out, size_t *n, size_t *full, const gs_snapshot *s, const size_t *prev, size_t v)
{
	size_t len = 1;
	for (size_t u = v; prev[u] != (size_t)-1 && len <= s->nimps; u = prev[u])
		len++;
	size_t shown = len > GS_WHY_CHAIN_MAX ? GS_WHY_CHAIN_MAX : len;
	size_t head = shown == len ? len : GS_WHY_CHAIN_MAX / 2 - 1, tail = shown == len ? 0 : shown - head - 1;
	const char **c = gs_calloc(shown, sizeof *c);
	if (!c)
		return -1;
	size_t i = len;
	for (size_t u = v; i > 0; u = prev[u]) {
		i--;
		if (shown == len)
			c[i] = s->imps[u].pkg;
		else if (i >= len - tail)
			c[head + 1 + (i - (len - tail))] = s->imps[u].pkg;
		else if (i < head)
			c[i] = s->imps[u].pkg;
		if (prev[u] == (size_t)-1)
			break;
	}
	if (shown != len)
		c[head] = "…";
	*out = c;
	*n = shown;
	*full = len;
	return 0;
}

static size_t why_new_runs;

size_t gs_why_new_runs(void) { return why_new_runs; }

int gs_why_new(gs_why **out, size_t *n, const char **note, const gs_delta *d)
{
	const gs_snapshot *s = d->new_;
	why_new_runs++;
	*out = NULL;
	*n = 0;
	*note = NULL;
	if (!s->nimps) {
		*note = s->imports_note ? s->imports_note : "no import graph in the new snapshot (it was not built by gosize)";
		return 0;
	}
	/* old: in the old import graph when it has one (a package can show up in
	 * the binary without being new: data reached through inlined code), else
	 * in the old binary */
	gs_strmap oldpk = {0};
	graph g;
	const gs_snapshot *o = d->old;
	size_t *prev = NULL, *wn = NULL;
	uint64_t *wt = NULL;
	char *seen = NULL, *isold = NULL, *entry = NULL;
	int rc = -1;
	if (graph_build(&g, s) < 0)
		return -1;
	for (size_t i = 0; i < o->nimps; i++)
		if (gs_strmap_put(&oldpk, gs_imports_pkgname(o, o->imps[i].pkg), i) < 0)
			goto fail;
	for (size_t i = 0; !o->nimps && i < d->packages.n; i++)
		if (d->packages.v[i].in_old && gs_strmap_put(&oldpk, d->packages.v[i].name, i) < 0)
			goto fail;
	if (!(prev = gs_calloc(g.n + 1, sizeof *prev)) || !(seen = gs_calloc(g.n + 1, 1)) ||
	    !(isold = gs_calloc(g.n + 1, 1)) || !(entry = gs_calloc(g.n + 1, 1)) || !(wt = gs_calloc(g.n + 1, sizeof *wt)) ||
	    !(wn = gs_calloc(g.n + 1, sizeof *wn)) || graph_bfs(&g, prev, seen) < 0 || graph_weights(&g, wt, wn) < 0)
		goto fail;
	for (size_t i = 0; i < g.n; i++)
		isold[i] = gs_strmap_get(&oldpk, gs_imports_pkgname(s, s->imps[i].pkg)) != (size_t)-1;
	/* an entry point: a new package (with bytes in the binary) that an old package (or the root) imports */
	for (size_t j = 0; j < g.n; j++)
		for (size_t e = g.off[j]; isold[j] && e < g.off[j + 1]; e++)
			entry[g.adj[e]] = !isold[g.adj[e]] && g.size[g.adj[e]];
	size_t cap = 0;
	for (size_t i = 0; i < g.n; i++) {
		if (!entry[i])
			continue;
		gs_why *w = GS_PUSH(*out, *n, cap);
		if (!w)
			goto fail;
		w->pkg = s->imps[i].pkg;
		if (seen[i] && chain_of(&w->chain, &w->nchain, &w->chain_len, s, prev, i) < 0)
			goto fail;
		w->weight = wt[i];
		w->npkgs = wn[i];
	}
	if (*n)
		qsort(*out, *n, sizeof **out, cmp_why);
	rc = 0;
fail:
	if (rc < 0) {
		gs_why_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	free(prev);
	gs_strmap_dispose(&oldpk);
	graph_dispose(&g);
	free(seen);
	free(isold);
	free(entry);
	free(wt);
	free(wn);
	return rc;
}

int gs_imports_importers(const char ***out, const gs_snapshot *s)
{
	*out = NULL;
	graph g;
	if (graph_build(&g, s) < 0)
		return -1;
	size_t *prev = gs_calloc(g.n + 1, sizeof *prev);
	char *seen = gs_calloc(g.n + 1, 1);
	const char **v = gs_calloc(g.n + 1, sizeof *v);
	int rc = -1;
	if (prev && seen && v && graph_bfs(&g, prev, seen) == 0) {
		for (size_t i = 0; i < g.n; i++)
			v[i] = prev[i] == (size_t)-1 ? NULL : s->imps[prev[i]].pkg;
		*out = v;
		v = NULL;
		rc = 0;
	}
	free(v);
	free(prev);
	free(seen);
	graph_dispose(&g);
	return rc;
}

int gs_imports_never_built(const gs_snapshot *s)
{
	const char *n = s->imports_note;
	return !s->nimps && (!n || strcmp(n, "no import graph: snapshot of a binary") == 0 ||
	                     strcmp(n, "no import graph: snapshot from before schema 2") == 0);
}

void gs_why_set_free(gs_why_set *w)
{
	free(w->pkgs);
	free(w->chain);
	free(w->importers);
	memset(w, 0, sizeof *w);
}

/* 1 if name is in the set q describes, for a match kind. */
static int in_query(const char *match, const char *q, const char *name, const char *module)
{
	if (strcmp(match, "package") == 0)
		return strcmp(name, q) == 0;
	if (strcmp(match, "module") == 0)
		return module && strcmp(module, q) == 0;
	size_t n = strlen(q);
	if (n >= 4 && strcmp(q + n - 4, "/...") == 0) /* Go's PATH/... */
		return strncmp(name, q, n - 4) == 0 && (name[n - 4] == '\0' || name[n - 4] == '/');
	return fnmatch(q, name, 0) == 0;
}

/* What kind of query q is in s: "module", "package" (in the binary or the
 * graph), "glob", or NULL (nothing matches). A module wins: its path is often
 * its root package's too (github.com/yuin/goldmark). */
static const char *query_match(const gs_snapshot *s, const char *q, const char *rootname)
{
	for (size_t i = 0; i < s->npkgs; i++)
		if (s->pkgs[i].module && strcmp(s->pkgs[i].module, q) == 0)
			return "module";
	for (size_t i = 0; i < s->npkgs; i++)
		if (strcmp(s->pkgs[i].name, rootname) == 0)
			return "package";
	if (find(s, q) != (size_t)-1)
		return "package";
	if (strpbrk(q, "*?[") || (strlen(q) >= 4 && strcmp(q + strlen(q) - 4, "/...") == 0))
		return "glob";
	return NULL;
}

/* The shortest chain from the root to a graph node in set (prev: the BFS tree
 * from the root, all: what it reached) into out->chain. Returns 0 or -1. */
static int nearest_chain(gs_why_set *out, const gs_snapshot *s, const char *set, const size_t *prev, const char *all)
{
	size_t best = (size_t)-1, bestlen = 0;
	for (size_t i = 0; i < s->nimps; i++) {
		if (!set[i] || !all[i])
			continue;
		size_t len = 1;
		for (size_t v = i; prev[v] != (size_t)-1; v = prev[v])
			len++;
		if (best == (size_t)-1 || len < bestlen)
			best = i, bestlen = len;
	}
	if (best == (size_t)-1)
		return 0;
	if (!(out->chain = gs_calloc(bestlen, sizeof *out->chain)))
		return -1;
	out->nchain = bestlen;
	size_t k = bestlen;
	for (size_t v = best;; v = prev[v]) {
		out->chain[--k] = s->imps[v].pkg;
		if (prev[v] == (size_t)-1)
			break;
	}
	return 0;
}

/* The graph nodes outside set that import one inside it (imps is sorted by path). */
static int set_importers(gs_why_set *out, const gs_snapshot *s, const char *set)
{
	if (!(out->importers = gs_calloc(s->nimps + 1, sizeof *out->importers)))
		return -1;
	for (size_t i = 0; i < s->nimps; i++) {
		if (set[i])
			continue;
		for (size_t k = 0; k < s->imps[i].ndeps; k++) {
			size_t v = find(s, s->imps[i].deps[k]);
			if (v != (size_t)-1 && set[v]) {
				out->importers[out->nimporters++] = s->imps[i].pkg;
				break;
			}
		}
	}
	return 0;
}

int gs_why_query(gs_why_set *out, const gs_snapshot *s, const char *q)
{
	memset(out, 0, sizeof *out);
	const char *rootname = s->imports_root && strcmp(q, s->imports_root) == 0 ? "main" : q;
	if (!(out->match = query_match(s, q, rootname)))
		return 0;
	if (strcmp(out->match, "package") == 0)
		q = rootname;
	/* the snapshot packages in the set (pkgs is sorted largest first) */
	if (!(out->pkgs = gs_calloc(s->npkgs + 1, sizeof *out->pkgs))) {
		gs_why_set_free(out);
		return -1;
	}
	for (size_t i = 0; i < s->npkgs; i++)
		if (s->pkgs[i].name[0] != '[' && in_query(out->match, q, s->pkgs[i].name, s->pkgs[i].module)) {
			out->pkgs[out->npkgs++] = s->pkgs[i].name;
			out->size += s->pkgs[i].size;
		}
	if (!s->nimps)
		return out->npkgs || strcmp(out->match, "package") == 0 ? 1 : (gs_why_set_free(out), 0);
	out->graph = 1;
	/* graph nodes in the set: by import path (the root by its snapshot name "main") */
	char *set = gs_calloc(s->nimps, 1), *all = gs_calloc(s->nimps, 1), *without = gs_calloc(s->nimps, 1);
	size_t *prev = gs_calloc(s->nimps, sizeof *prev);
	int rc = -1;
	size_t nset = 0;
	if (!set || !all || !without || !prev)
		goto out;
	for (size_t i = 0; i < s->nimps; i++) {
		const char *name = gs_imports_pkgname(s, s->imps[i].pkg), *module = NULL;
		for (size_t k = 0; k < s->npkgs && strcmp(out->match, "module") == 0; k++)
			if (strcmp(s->pkgs[k].name, name) == 0)
				module = s->pkgs[k].module;
		set[i] = (char)in_query(out->match, q, name, module);
		nset += set[i];
	}
	if (bfs(s, (size_t)-1, prev, all) < 0 || nearest_chain(out, s, set, prev, all) < 0)
		goto out;
	/* weight: what is reachable only through the set */
	if (nset && bfs_set(s, (size_t)-1, set, prev, without) < 0)
		goto out;
	for (size_t i = 0; nset && i < s->nimps; i++)
		if (all[i] && !without[i]) {
			out->weight += pkg_size(s, s->imps[i].pkg);
			out->nweight++;
		}
	if (set_importers(out, s, set) < 0)
		goto out;
	rc = out->npkgs || nset ? 1 : 0;
out:
	free(set);
	free(all);
	free(without);
	free(prev);
	if (rc <= 0)
		gs_why_set_free(out);
	return rc;
}
