/* causes.c - the growth of a delta grouped by the linker edge that made it reachable. */
#include "model/causes.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/mem.h"

void gs_causes_dispose(gs_causes *c)
{
	free(c->dce_chain);
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].chain);
	free(c->v);
	memset(c, 0, sizeof *c);
}

#define UNSET ((uint32_t)-2)
#define DCE_KEY ((uint32_t)-3)

typedef struct walk {
	gs_reach *r;
	const gs_reach *old;
	uint32_t *top;       /* per node: the first new node on its way up (its cause), UNSET, or NONE (kept by OLD) */
	char *dce;           /* per node: its way up to top passes an edge type -> exported method */
	uint32_t *stack;
	int dce_switch;      /* DCE turned off: those edges are its doing */
} walk;

/* 1 when the edge parent -> child exists only because DCE of methods is off. */
static int dce_edge(const gs_reach *r, uint32_t child)
{
	uint32_t p = r->parent[child];
	return p != GS_REACH_NONE && gs_reach_is_type(r->names[p]) && gs_reach_is_exported_method(r->names[child]);
}

/* Resolves top[] and dce[] for node x and the nodes on its way up (each once). */
static void resolve(walk *w, uint32_t x)
{
	size_t n = 0;
	uint32_t v = x;
	while (v != GS_REACH_NONE && w->top[v] == UNSET) {
		if (gs_reach_has(w->old, w->r->names[v])) {
			w->top[v] = GS_REACH_NONE; /* OLD kept it */
			w->dce[v] = 0;
			break;
		}
		w->stack[n++] = v;
		v = w->r->parent[v];
	}
	/* v: resolved (kept by OLD: the last pushed node is the top; new: inherit its top) or NONE (a new root) */
	uint32_t top;
	char dce;
	if (v == GS_REACH_NONE || w->top[v] == GS_REACH_NONE) {
		top = n ? w->stack[n - 1] : GS_REACH_NONE;
		dce = 0;
	} else {
		top = w->top[v];
		dce = w->dce[v];
	}
	while (n) {
		uint32_t u = w->stack[--n];
		dce = (char)(dce || (w->dce_switch && dce_edge(w->r, u)));
		w->top[u] = top;
		w->dce[u] = dce;
	}
}

static int cmp_cause(const void *x, const void *y)
{
	const gs_cause *a = x, *b = y;
	if (a->bytes != b->bytes)
		return a->bytes > b->bytes ? -1 : 1;
	if (a->symbols != b->symbols)
		return a->symbols > b->symbols ? -1 : 1;
	return a->node < b->node ? -1 : a->node > b->node;
}

/* The cause keyed key (a node, or DCE_KEY), created on first sight through map. */
static gs_cause *cause_for(gs_causes *c, size_t *cap, uint32_t *map, size_t nmap, uint32_t key, gs_cause_kind kind)
{
	size_t slot = key == DCE_KEY ? nmap : key;
	if (map[slot] != UNSET)
		return &c->v[map[slot]];
	gs_cause *e = GS_PUSH(c->v, c->n, *cap);
	if (!e)
		return NULL;
	e->kind = kind;
	e->node = key == DCE_KEY ? GS_REACH_NONE : key;
	map[slot] = (uint32_t)(c->n - 1);
	return e;
}

/* r's dce chain with at most GS_CAUSE_CHAIN_MAX entries (the first ones, "…", the last ones). */
static int dce_chain(const char ***out, size_t *n, size_t *full, const gs_reach *r)
{
	size_t len = r->ndce_chain, max = GS_CAUSE_CHAIN_MAX, shown = len > max ? max : len;
	const char **v = gs_calloc(shown ? shown : 1, sizeof *v);
	if (!v)
		return -1;
	size_t head = len > max ? max / 2 - 1 : len, tail = len > max ? max - head - 1 : 0;
	for (size_t k = 0; k < head; k++)
		v[k] = r->dce_chain[k];
	if (len > max) {
		v[head] = "…";
		for (size_t k = 0; k < tail; k++)
			v[head + 1 + k] = r->dce_chain[len - tail + k];
	}
	*out = v;
	*n = shown;
	*full = len;
	return 0;
}

static int chains(gs_causes *c)
{
	gs_reach *r = (gs_reach *)c->new_;
	for (size_t i = 0; i < c->n; i++) {
		gs_cause *e = &c->v[i];
		if (e->kind != GS_CAUSE_DCE ? gs_reach_chain_names(&e->chain, &e->nchain, &e->chain_len, r, e->node, GS_CAUSE_CHAIN_MAX) < 0
		                            : dce_chain(&e->chain, &e->nchain, &e->chain_len, r) < 0)
			return -1;
	}
	return 0;
}

int gs_causes_compute(gs_causes *c, const gs_delta *d)
{
	memset(c, 0, sizeof *c);
	c->old = d->old->reach;
	c->new_ = d->new_->reach;
	c->old_dce = c->old ? c->old->dce : GS_DCE_UNKNOWN;
	c->new_dce = c->new_ ? c->new_->dce : GS_DCE_UNKNOWN;
	c->dce_turned_off = c->old_dce == GS_DCE_ON && c->new_dce == GS_DCE_OFF;
	for (size_t i = 0; i < d->symbols.n; i++) {
		const gs_row *row = &d->symbols.v[i];
		if (row->in_new && row->new_ > row->old)
			c->growth += row->new_ - row->old;
	}
	size_t full;
	if (c->new_ && c->new_->dce == GS_DCE_OFF && dce_chain(&c->dce_chain, &c->ndce_chain, &full, c->new_) < 0)
		return -1;
	if (!c->new_ || !c->old) {
		const gs_snapshot *s = !c->new_ ? d->new_ : d->old;
		c->note = s->reach_note ? s->reach_note : "no linker reachability: the snapshot was not built by gosize";
		return 0;
	}
	if (!c->new_->has_tree || !c->old->has_tree) {
		c->note = "no linker reachability tree: a compact note keeps only the summary (its build's cache entry or a rebuild has it)";
		return 0;
	}
	c->available = 1;
	gs_reach *r = (gs_reach *)c->new_;
	walk w = {r, c->old, gs_calloc(r->n + 1, sizeof *w.top), gs_calloc(r->n + 1, 1),
	          gs_calloc(r->n + 1, sizeof *w.stack), c->dce_turned_off};
	uint32_t *map = gs_calloc(r->n + 2, sizeof *map);
	size_t cap = 0;
	int rc = -1;
	if (!w.top || !w.dce || !w.stack || !map)
		goto out;
	for (size_t i = 0; i < r->n; i++)
		w.top[i] = UNSET;
	for (size_t i = 0; i <= r->n; i++)
		map[i] = UNSET;
	for (size_t i = 0; i < d->symbols.n; i++) {
		const gs_row *row = &d->symbols.v[i];
		if (!row->in_new || row->new_ <= row->old)
			continue;
		uint64_t g = row->new_ - row->old;
		uint32_t x = gs_reach_find(r, row->name);
		if (x == GS_REACH_NONE) {
			c->unexplained_symbols++;
			continue;
		}
		resolve(&w, x);
		gs_cause *e;
		if (w.top[x] == GS_REACH_NONE) /* OLD kept it: it grew in place */
			e = cause_for(c, &cap, map, r->n, x, GS_CAUSE_GREW);
		else if (w.dce[x])
			e = cause_for(c, &cap, map, r->n, DCE_KEY, GS_CAUSE_DCE);
		else
			e = cause_for(c, &cap, map, r->n, w.top[x], GS_CAUSE_EDGE);
		if (!e)
			goto out;
		e->bytes += g;
		e->symbols++;
		c->explained += g;
		if (e->kind == GS_CAUSE_DCE) {
			c->dce_bytes += g;
			c->dce_symbols++;
		}
	}
	if (c->n)
		qsort(c->v, c->n, sizeof *c->v, cmp_cause);
	if (c->dce_bytes && c->growth && d->new_total > d->old_total) {
		double file = (double)(d->new_total - d->old_total), est = file * ((double)c->dce_bytes / (double)c->growth);
		c->dce_cost = est >= file ? d->new_total - d->old_total : (uint64_t)est;
	}
	rc = chains(c);
out:
	free(w.top);
	free(w.dce);
	free(w.stack);
	free(map);
	if (rc < 0)
		gs_causes_dispose(c);
	return rc;
}
