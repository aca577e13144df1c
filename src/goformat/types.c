/* types.c - walk Go type descriptors (runtime._type / internal/abi.Type). */
#include "goformat/types.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/mem.h"
#include "util/sort.h"

enum { K_ARRAY = 17, K_CHAN = 18, K_FUNC = 19, K_INTERFACE = 20, K_MAP = 21, K_PTR = 22, K_SLICE = 23, K_STRUCT = 25 };

typedef struct tinfo {
	uint64_t addr;
	uint64_t len;      /* bytes proven by its kind: header, kind fields, uncommon type, params/fields/methods */
	uint64_t elem;     /* element (or key) type for unnamed types, 0 if none */
	unsigned kind;
	int done;          /* rpkg/rlen hold the resolved package */
	const char *rpkg;
	size_t rlen;
	const char *pkg;   /* package path inside the binary's bytes (not NUL-terminated) */
	size_t pkglen;
	int resolving;
} tinfo;

/* A name a descriptor uses (its string, field, method and package names). */
typedef struct nref {
	uint64_t addr;
	uint64_t owner;    /* address of the descriptor */
	uint64_t len;      /* 0: a name (its length from its header); else a GC bitmap's bytes */
} nref;

/* A descriptor to visit, or an edge: addr is used by the descriptor from. */
typedef struct qent {
	uint64_t addr, from;
} qent;

typedef struct walk {
	const gs_binary *b;
	const gs_moduledata *md;
	int go_minor;
	uint64_t P;
	tinfo *v;
	size_t n, cap;
	nref *names;
	size_t nnames, names_cap;
	uint8_t *seen;     /* one bit per 4 bytes of the types region */
	uint64_t cur;      /* the descriptor being visited */
	qent *edges;       /* every use of a descriptor by another, sorted by addr */
	size_t nedges, edges_cap;
	const char *(*user)(void *ctx, uint64_t addr);
	void *ctx;
} walk;

/* Bytes of the name at address a: flags, length, data, then an optional tag
 * (flags & 2) and an embedded package path offset (flags & 4). 0 if invalid. */
static uint64_t name_extent(walk *w, uint64_t a)
{
	gs_rd r;
	if (a < w->md->types || a >= w->md->etypes || gs_binary_at(w->b, a, w->md->etypes - a, &r) < 0)
		return 0;
	uint8_t flags = gs_rd_u8(&r, 0);
	uint64_t p = 1, n;
	if (w->go_minor >= 17) {
		n = gs_rd_uvarint(&r, &p);
		p += n;
		if (flags & 2) {
			n = gs_rd_uvarint(&r, &p);
			p += n;
		}
	} else {
		r.be = 1;
		p = 3 + gs_rd_u16(&r, 1);
		if (flags & 2)
			p += 2 + (uint64_t)gs_rd_u16(&r, p);
	}
	if (flags & 4)
		p += 4;
	return r.bad || p > r.len || p > 65536 ? 0 : p;
}

/* The bytes of a name at types+off: flags, length (varint from 1.17, big-endian u16 before), data. */
static const char *name_at(walk *w, uint64_t off, size_t *len)
{
	gs_rd r;
	uint64_t a = w->md->types + off;
	if (off == 0 || a >= w->md->etypes || gs_binary_at(w->b, a, 3, &r) < 0)
		return NULL;
	uint64_t avail = w->md->etypes - a, n, p;
	if (gs_binary_at(w->b, a, avail, &r) < 0)
		return NULL;
	if (w->go_minor >= 17) {
		p = 1;
		n = gs_rd_uvarint(&r, &p);
	} else {
		r.be = 1;
		n = gs_rd_u16(&r, 1);
		p = 3;
	}
	if (r.bad || !gs_rd_has(&r, p, n) || n > 4096)
		return NULL;
	*len = (size_t)n;
	return (const char *)r.p + p;
}

static int seen_bit(walk *w, uint64_t addr)
{
	uint64_t i = (addr - w->md->types) / 4;
	int was = (w->seen[i / 8] >> (i % 8)) & 1;
	w->seen[i / 8] |= (uint8_t)(1u << (i % 8));
	return was;
}

static int valid(walk *w, uint64_t addr)
{
	return addr >= w->md->types && addr + 4 * w->P + 16 <= w->md->etypes && addr % 4 == 0;
}

/* Bytes between the end of the common header and the uncommon type, by kind. */
static uint64_t kind_extra(const walk *w, unsigned kind)
{
	uint64_t P = w->P;
	switch (kind) {
	case K_ARRAY: return 3 * P;
	case K_CHAN: return 2 * P;
	case K_FUNC: return P; /* two u16 counts, padded */
	case K_INTERFACE: case K_STRUCT: return 4 * P;
	case K_MAP: return w->go_minor >= 24 ? (P == 8 ? 7 * P + 8 : 7 * P + 4) : 4 * P + 8;
	case K_PTR: case K_SLICE: return P;
	default: return 0;
	}
}

static int push(walk *w, uint64_t addr, qent **queue, size_t *qn, size_t *qcap)
{
	if (!addr || !valid(w, addr))
		return 0;
	if (w->cur) {
		qent *e = GS_PUSH(w->edges, w->nedges, w->edges_cap);
		if (!e)
			return -1;
		e->addr = addr, e->from = w->cur;
	}
	if (seen_bit(w, addr))
		return 0;
	qent *slot = GS_PUSH(*queue, *qn, *qcap);
	if (!slot)
		return -1;
	slot->addr = addr, slot->from = w->cur;
	return 0;
}

static int add_name(walk *w, uint64_t addr)
{
	if (!addr || addr < w->md->types || addr >= w->md->etypes)
		return 0;
	nref *r = GS_PUSH(w->names, w->nnames, w->names_cap);
	if (!r)
		return -1;
	r->addr = addr, r->owner = w->v[w->n - 1].addr, r->len = 0;
	return 0;
}

/* The descriptor's GC data: a pointer bitmap of ptrdata/P bits, or (kind
 * flag 0x40) a GC program with its 4-byte length. */
static int add_gcdata(walk *w, uint64_t t, unsigned kindbyte)
{
	uint64_t P = w->P, ptrdata, gc, len;
	if (gs_binary_ptr(w->b, t + P, &ptrdata) < 0 || gs_binary_ptr(w->b, t + 2 * P + 8 + P, &gc) < 0 || !gc ||
	    !ptrdata || ptrdata > (1u << 30))
		return 0;
	if (kindbyte & 0x40) {
		gs_rd r;
		if (gs_binary_at(w->b, gc, 4, &r) < 0)
			return 0;
		len = 4 + (uint64_t)gs_rd_u32(&r, 0);
	} else {
		len = (ptrdata / P + 7) / 8;
	}
	gs_rd r;
	if (len > (1u << 20) || gs_binary_at(w->b, gc, len, &r) < 0)
		return 0;
	nref *n = GS_PUSH(w->names, w->nnames, w->names_cap);
	if (!n)
		return -1;
	n->addr = gc, n->owner = t, n->len = len;
	return 0;
}

/* A typeOff/nameOff: 0 and -1 mean none. */
static uint64_t off_at(walk *w, uint32_t off)
{
	return off == 0 || off == 0xffffffffu ? 0 : w->md->types + off;
}

/* The types descriptor t of kind refers to (elements, keys, map buckets,
 * fields, parameters, interface methods), queued; *ndata: the bytes of its
 * trailing data at data (parameters, methods, fields) that belong to it. */
static int visit_kind(walk *w, tinfo *ti, unsigned kind, uint64_t t, uint64_t data, uint64_t *ndata, qent **queue, size_t *qn,
                      size_t *qcap)
{
	const gs_binary *b = w->b;
	uint64_t P = w->P, hdr = 4 * P + 16, x;
	switch (kind) {
	case K_PTR: case K_SLICE: case K_ARRAY: case K_CHAN:
		if (gs_binary_ptr(b, t + hdr, &x) == 0) {
			ti->elem = x;
			if (push(w, x, queue, qn, qcap) < 0)
				return -1;
		}
		break;
	case K_MAP: /* key, elem, and the bucket (group) type */
		for (int k = 0; k < 3; k++)
			if (gs_binary_ptr(b, t + hdr + (uint64_t)k * P, &x) == 0) {
				if (k == 1 || (k == 0 && !ti->elem))
					ti->elem = x; /* a map belongs with its value type */
				if (push(w, x, queue, qn, qcap) < 0)
					return -1;
			}
		break;
	case K_FUNC: { /* inCount, outCount (top bit: variadic), then the parameter types after the uncommon type */
		gs_rd f;
		if (gs_binary_at(b, t + hdr, 4, &f) < 0)
			break;
		uint64_t n = gs_rd_u16(&f, 0) + (uint64_t)(gs_rd_u16(&f, 2) & 0x7fff);
		*ndata = n * P;
		for (uint64_t i = 0; i < n; i++)
			if (gs_binary_ptr(b, data + i * P, &x) == 0 && push(w, x, queue, qn, qcap) < 0)
				return -1;
		break;
	}
	case K_INTERFACE: { /* pkgPath name, then the methods slice: {name, typ} offsets */
		uint64_t pp, m, nm;
		if (gs_binary_ptr(b, t + hdr, &pp) == 0 && add_name(w, pp) < 0)
			return -1;
		if (gs_binary_ptr(b, t + hdr + P, &m) < 0 || gs_binary_ptr(b, t + hdr + 2 * P, &nm) < 0 || nm > 4096)
			break;
		gs_rd f;
		if (nm && gs_binary_at(b, m, nm * 8, &f) < 0)
			break;
		*ndata = m == data ? nm * 8 : 0;
		for (uint64_t i = 0; i < nm; i++) {
			if (add_name(w, off_at(w, gs_rd_u32(&f, 8 * i))) < 0 ||
			    push(w, off_at(w, gs_rd_u32(&f, 8 * i + 4)), queue, qn, qcap) < 0)
				return -1;
		}
		break;
	}
	case K_STRUCT: { /* pkgPath name, then the fields slice: {name, typ, offset} words */
		uint64_t pp, fields, nf;
		if (gs_binary_ptr(b, t + hdr, &pp) == 0 && add_name(w, pp) < 0)
			return -1;
		if (gs_binary_ptr(b, t + hdr + P, &fields) < 0 || gs_binary_ptr(b, t + hdr + 2 * P, &nf) < 0 || nf >= 4096)
			break;
		*ndata = fields == data ? nf * 3 * P : 0;
		for (uint64_t i = 0; i < nf; i++) {
			if (gs_binary_ptr(b, fields + i * 3 * P + P, &x) == 0 && push(w, x, queue, qn, qcap) < 0)
				return -1;
			if (gs_binary_ptr(b, fields + i * 3 * P, &x) == 0 && add_name(w, x) < 0)
				return -1;
		}
		break;
	}
	default:
		break;
	}
	return 0;
}

/* The uncommon part at u: the package path, then mcount methods of 16 bytes at moff. */
static int visit_uncommon(walk *w, tinfo *ti, uint64_t t, uint64_t u, qent **queue, size_t *qn, size_t *qcap)
{
	const gs_binary *b = w->b;
	gs_rd un, m;
	if (gs_binary_at(b, u, 16, &un) < 0)
		return 0;
	uint32_t pkgoff = gs_rd_u32(&un, 0);
	uint64_t mcount = gs_rd_u16(&un, 4), moff = gs_rd_u32(&un, 8);
	ti->pkg = name_at(w, pkgoff, &ti->pkglen);
	if (add_name(w, off_at(w, pkgoff)) < 0)
		return -1;
	if (moff < 16 || moff >= 65536 || mcount >= 4096 || gs_binary_at(b, u + moff, mcount * 16, &m) < 0)
		return 0;
	if (u + moff + mcount * 16 - t > ti->len)
		ti->len = u + moff + mcount * 16 - t;
	for (uint64_t i = 0; i < mcount; i++)
		if (add_name(w, off_at(w, gs_rd_u32(&m, 16 * i))) < 0 || push(w, off_at(w, gs_rd_u32(&m, 16 * i + 4)), queue, qn, qcap) < 0)
			return -1;
	return 0;
}

/* Visits descriptor t: records its proven extent and package, its names,
 * and queues the types it refers to (elements, keys, map buckets, fields,
 * parameters, interface and uncommon methods, pointer-to). */
static int visit(walk *w, qent q, qent **queue, size_t *qn, size_t *qcap)
{
	uint64_t t = q.addr;
	w->cur = 0; /* no edges from a rejected candidate */
	const gs_binary *b = w->b;
	uint64_t P = w->P, hdr = 4 * P + 16;
	gs_rd r;
	if (gs_binary_at(b, t, hdr + kind_extra(w, 25) + 16, &r) < 0 && gs_binary_at(b, t, hdr, &r) < 0)
		return 0;
	uint8_t tflag = gs_rd_u8(&r, 2 * P + 4), align = gs_rd_u8(&r, 2 * P + 5);
	unsigned kind = gs_rd_u8(&r, 2 * P + 7) & 0x1f;
	uint32_t ptrto = gs_rd_u32(&r, 4 * P + 12), str = gs_rd_u32(&r, 4 * P + 8);
	size_t nlen;
	/* a descriptor: a known kind, a power-of-two alignment, a readable name */
	if (kind == 0 || kind > 26 || !align || align > 64 || (align & (align - 1)) || !name_at(w, str, &nlen))
		return 0;
	tinfo *ti = GS_PUSH(w->v, w->n, w->cap);
	if (!ti)
		return -1;
	memset(ti, 0, sizeof *ti);
	ti->addr = t, ti->kind = kind;
	w->cur = t;
	if (add_name(w, off_at(w, str)) < 0 || add_gcdata(w, t, gs_rd_u8(&r, 2 * P + 7)) < 0)
		return -1;
	if (ptrto && push(w, w->md->types + ptrto, queue, qn, qcap) < 0)
		return -1;
	uint64_t u = t + hdr + kind_extra(w, kind), data = u + (tflag & 1 ? 16 : 0), ndata = 0;
	if (visit_kind(w, ti, kind, t, data, &ndata, queue, qn, qcap) < 0)
		return -1;
	ti->len = data + ndata - t;
	return tflag & 1 ? visit_uncommon(w, ti, t, u, queue, qn, qcap) : 0;
}

static tinfo *lookup(walk *w, uint64_t addr)
{
	size_t i = gs_lower_bound(w->v, w->n, sizeof *w->v, 0, addr);
	return i < w->n && w->v[i].addr == addr ? &w->v[i] : NULL;
}

/* The package of t: a named type's own; a pointer's, its element's; another
 * unnamed type's, the one package whose code uses it, else the one package
 * of the descriptors using it, else its element's. */
static const char *resolve(walk *w, tinfo *t, size_t *len, int depth)
{
	if (t->pkg)
		return *len = t->pkglen, t->pkg;
	if (t->done)
		return *len = t->rlen, t->rpkg;
	if (depth > 16 || t->resolving)
		return NULL;
	const char *p = NULL;
	size_t n = 0;
	t->resolving = 1;
	if (t->kind != K_PTR && w->user && (p = w->user(w->ctx, t->addr)) != NULL)
		n = strlen(p);
	if (!p && t->kind != K_PTR) {
		size_t i = gs_lower_bound(w->edges, w->nedges, sizeof *w->edges, 0, t->addr);
		int many = 0;
		for (; i < w->nedges && w->edges[i].addr == t->addr && !many; i++) {
			tinfo *f = lookup(w, w->edges[i].from);
			size_t fl = 0;
			const char *fp = f ? resolve(w, f, &fl, depth + 1) : NULL;
			if (!fp)
				continue;
			if (!p)
				p = fp, n = fl;
			else if (fl != n || memcmp(fp, p, n) != 0)
				many = 1;
		}
		if (many)
			p = NULL, n = 0;
	}
	tinfo *e = !p && t->elem ? lookup(w, t->elem) : NULL;
	if (e)
		p = resolve(w, e, &n, depth + 1);
	t->resolving = 0;
	if (depth == 0)
		t->done = 1, t->rpkg = p, t->rlen = n;
	*len = n;
	return p;
}

/* The package of descriptor v (NUL-terminated into buf), or NULL. */
static const char *pkg_of(walk *w, tinfo *v, char *buf, size_t bufsz)
{
	size_t len = 0;
	const char *p = v ? resolve(w, v, &len, 0) : NULL;
	if (!p || !len || len >= bufsz)
		return NULL;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return buf;
}

int gs_types_walk(const gs_binary *b, const gs_moduledata *md, int go_minor, const uint64_t *seeds, size_t nseeds,
                  const char *(*user)(void *ctx, uint64_t addr),
                  void (*fn)(void *ctx, uint64_t addr, uint64_t len, const char *pkg, int kind), void *ctx)
{
	if (!md->types || (!md->typelinks && !nseeds) || md->etypes <= md->types || go_minor < 16)
		return 0;
	walk w;
	memset(&w, 0, sizeof w);
	w.b = b, w.md = md, w.go_minor = go_minor, w.P = (uint64_t)b->ptrsize, w.user = user, w.ctx = ctx;
	qent *queue = NULL;
	size_t qn = 0, qcap = 0, qi = 0;
	int rc = -1;
	gs_rd tl;
	char pkg[512];
	if (!(w.seen = gs_calloc((size_t)((md->etypes - md->types) / 32 + 1), 1)))
		return -1;
	if (md->typelinks && gs_binary_at(b, md->typelinks, md->ntypelinks * 4, &tl) == 0)
		for (uint64_t i = 0; i < md->ntypelinks; i++)
			if (push(&w, md->types + gs_rd_u32(&tl, 4 * i), &queue, &qn, &qcap) < 0)
				goto out;
	for (size_t i = 0; i < nseeds; i++)
		if (push(&w, seeds[i], &queue, &qn, &qcap) < 0)
			goto out;
	for (qi = 0; qi < qn; qi++)
		if (visit(&w, queue[qi], &queue, &qn, &qcap) < 0)
			goto out;
	/* stable radix sorts: descriptors by address, edges by (address, from),
	 * names by (address, owner) */
	if (gs_radix_sort(w.v, w.n, sizeof *w.v, offsetof(tinfo, addr), sizeof w.v->addr) < 0 ||
	    gs_radix_sort(w.edges, w.nedges, sizeof *w.edges, offsetof(qent, from), sizeof w.edges->from) < 0 ||
	    gs_radix_sort(w.edges, w.nedges, sizeof *w.edges, offsetof(qent, addr), sizeof w.edges->addr) < 0)
		goto out;
	/* names: to the package of the descriptor that uses them (the lowest
	 * descriptor when several do) */
	if (gs_radix_sort(w.names, w.nnames, sizeof *w.names, offsetof(nref, owner), sizeof w.names->owner) < 0 ||
	    gs_radix_sort(w.names, w.nnames, sizeof *w.names, offsetof(nref, addr), sizeof w.names->addr) < 0)
		goto out;
	for (size_t i = 0; i < w.nnames; i++) {
		if (i && w.names[i].addr == w.names[i - 1].addr)
			continue;
		uint64_t n = w.names[i].len ? w.names[i].len : name_extent(&w, w.names[i].addr);
		if (n)
			fn(ctx, w.names[i].addr, n, pkg_of(&w, lookup(&w, w.names[i].owner), pkg, sizeof pkg),
			   w.names[i].len ? GS_TW_GCDATA : GS_TW_TYPE);
	}
	/* descriptors: each to the extent its kind proves, never into the next */
	for (size_t i = 0; i < w.n; i++) {
		uint64_t len = w.v[i].len, end = i + 1 < w.n ? w.v[i + 1].addr : md->etypes;
		if (len > end - w.v[i].addr)
			len = end - w.v[i].addr;
		fn(ctx, w.v[i].addr, len, pkg_of(&w, &w.v[i], pkg, sizeof pkg), 0);
	}
	/* itabs {inter, _type, hash, pad, fun[n]}: to the concrete type's package */
	gs_rd il;
	uint64_t P = w.P;
	if (md->itablinks && gs_binary_at(b, md->itablinks, md->nitablinks * P, &il) == 0)
		for (uint64_t i = 0; i < md->nitablinks; i++) {
			uint64_t itab, inter, typ, nm = 0;
			if (gs_binary_ptr(b, md->itablinks + i * P, &itab) < 0 || gs_binary_ptr(b, itab, &inter) < 0 ||
			    gs_binary_ptr(b, itab + P, &typ) < 0)
				continue;
			/* interfacetype: the type header, pkgpath name, then the methods slice {ptr, len, cap} */
			if (gs_binary_ptr(b, inter + 4 * P + 16 + 2 * P, &nm) < 0 || nm > 4096)
				nm = 1;
			tinfo *ti = lookup(&w, typ);
			size_t len = 0;
			const char *p = ti ? resolve(&w, ti, &len, 0) : NULL;
			char pkg[512];
			int known = p && len && len < sizeof pkg;
			if (known) {
				memcpy(pkg, p, len);
				pkg[len] = '\0';
			}
			fn(ctx, itab, 2 * P + 8 + P * (nm ? nm : 1), known ? pkg : NULL, GS_TW_ITAB);
		}
	rc = 0;
out:
	free(queue);
	free(w.v);
	free(w.seen);
	free(w.names);
	free(w.edges);
	return rc;
}
