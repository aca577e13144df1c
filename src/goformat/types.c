/* types.c - walk Go type descriptors (runtime._type / internal/abi.Type). */
#include "types.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "mem.h"

enum { K_ARRAY = 17, K_CHAN = 18, K_FUNC = 19, K_INTERFACE = 20, K_MAP = 21, K_PTR = 22, K_SLICE = 23, K_STRUCT = 25 };

typedef struct tinfo {
	uint64_t addr;
	uint64_t names[8];  /* addresses of names this descriptor uses (type string, field names) */
	int nnames;
	uint64_t elem;     /* element (or key) type for unnamed types, 0 if none */
	const char *pkg;   /* package path inside the binary's bytes (not NUL-terminated) */
	size_t pkglen;
	int resolving;
} tinfo;

typedef struct walk {
	const gs_binary *b;
	const gs_moduledata *md;
	int go_minor;
	uint64_t P;
	tinfo *v;
	size_t n, cap;
	uint8_t *seen;     /* one bit per 4 bytes of the types region */
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

static int push(walk *w, uint64_t addr, uint64_t **queue, size_t *qn, size_t *qcap)
{
	if (!addr || !valid(w, addr) || seen_bit(w, addr))
		return 0;
	uint64_t *slot = GS_PUSH(*queue, *qn, *qcap);
	if (!slot)
		return -1;
	*slot = addr;
	return 0;
}

static int visit(walk *w, uint64_t t, uint64_t **queue, size_t *qn, size_t *qcap)
{
	const gs_binary *b = w->b;
	uint64_t P = w->P, hdr = 4 * P + 16, x;
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
	ti->addr = t;
	if (str)
		ti->names[ti->nnames++] = w->md->types + str;
	if (ptrto && push(w, w->md->types + ptrto, queue, qn, qcap) < 0)
		return -1;
	if (tflag & 1) { /* uncommon: the named type's package path */
		gs_rd u;
		if (gs_binary_at(b, t + hdr + kind_extra(w, kind), 4, &u) == 0) {
			uint32_t pkgoff = gs_rd_u32(&u, 0);
			ti->pkg = name_at(w, pkgoff, &ti->pkglen);
		}
	}
	switch (kind) {
	case K_PTR: case K_SLICE: case K_ARRAY: case K_CHAN:
		if (gs_binary_ptr(b, t + hdr, &x) == 0) {
			ti->elem = x;
			if (push(w, x, queue, qn, qcap) < 0)
				return -1;
		}
		break;
	case K_MAP:
		for (int k = 0; k < 2; k++)
			if (gs_binary_ptr(b, t + hdr + (uint64_t)k * P, &x) == 0) {
				if (k == 1 || !ti->elem)
					ti->elem = x; /* a map belongs with its value type */
				if (push(w, x, queue, qn, qcap) < 0)
					return -1;
			}
		break;
	case K_STRUCT: {
		uint64_t fields, nf;
		if (gs_binary_ptr(b, t + hdr + P, &fields) == 0 && gs_binary_ptr(b, t + hdr + 2 * P, &nf) == 0 && nf < 4096)
			for (uint64_t i = 0; i < nf; i++) {
				if (gs_binary_ptr(b, fields + i * 3 * P + P, &x) == 0 && push(w, x, queue, qn, qcap) < 0)
					return -1;
				/* the field's name: a pointer to name bytes */
				if (w->v[w->n - 1].nnames < 8 && gs_binary_ptr(b, fields + i * 3 * P, &x) == 0 && x)
					w->v[w->n - 1].names[w->v[w->n - 1].nnames++] = x;
			}
		break;
	}
	default:
		break;
	}
	return 0;
}

static int cmp_ti(const void *x, const void *y)
{
	const tinfo *a = x, *b = y;
	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

static tinfo *lookup(walk *w, uint64_t addr)
{
	size_t i = gs_lower_bound(w->v, w->n, sizeof *w->v, 0, addr);
	return i < w->n && w->v[i].addr == addr ? &w->v[i] : NULL;
}

/* The package of t: its own, or its element's (following unnamed types). */
static const char *resolve(walk *w, tinfo *t, size_t *len, int depth)
{
	if (t->pkg || depth > 16 || t->resolving)
		return *len = t->pkglen, t->pkg;
	tinfo *e = t->elem ? lookup(w, t->elem) : NULL;
	if (!e)
		return NULL;
	t->resolving = 1;
	const char *p = resolve(w, e, len, depth + 1);
	t->resolving = 0;
	return p;
}

int gs_types_walk(const gs_binary *b, const gs_moduledata *md, int go_minor, const uint64_t *seeds, size_t nseeds,
                  const uint64_t *stops, size_t nstops,
                  void (*fn)(void *ctx, uint64_t addr, uint64_t len, const char *pkg, int itab), void *ctx)
{
	if (!md->types || (!md->typelinks && !nseeds) || md->etypes <= md->types || go_minor < 16)
		return 0;
	walk w = {b, md, go_minor, (uint64_t)b->ptrsize, NULL, 0, 0, NULL};
	uint64_t *queue = NULL;
	size_t qn = 0, qcap = 0, qi = 0;
	int rc = -1;
	gs_rd tl;
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
	if (w.n)
		qsort(w.v, w.n, sizeof *w.v, cmp_ti);
	/* names first (they are not descriptors: gap sizing must not swallow them) */
	for (size_t i = 0; i < w.n; i++) {
		size_t len = 0;
		const char *p = resolve(&w, &w.v[i], &len, 0);
		char pkg[512];
		int known = p && len && len < sizeof pkg;
		if (known) {
			memcpy(pkg, p, len);
			pkg[len] = '\0';
		}
		for (int k = 0; k < w.v[i].nnames; k++) {
			uint64_t n = name_extent(&w, w.v[i].names[k]);
			if (n)
				fn(ctx, w.v[i].names[k], n, known ? pkg : NULL, 0);
		}
	}
	for (size_t i = 0; i < w.n; i++) {
		uint64_t end = i + 1 < w.n ? w.v[i + 1].addr : md->etypes;
		size_t si = gs_lower_bound(stops, nstops, sizeof *stops, 0, w.v[i].addr + 1);
		if (si < nstops && stops[si] < end)
			end = stops[si]; /* other data the code points at (jump tables in PIE's relro) */
		if (end - w.v[i].addr > 65536)
			end = w.v[i].addr + 4 * w.P + 16 + 64; /* the last one, or a hole: header and a little */
		size_t len = 0;
		const char *p = resolve(&w, &w.v[i], &len, 0);
		char pkg[512];
		if (p && len && len < sizeof pkg) {
			memcpy(pkg, p, len);
			pkg[len] = '\0';
		}
		fn(ctx, w.v[i].addr, end - w.v[i].addr, p && len && len < sizeof pkg ? pkg : NULL, 0);
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
			fn(ctx, itab, 2 * P + 8 + P * (nm ? nm : 1), known ? pkg : NULL, 1);
		}
	rc = 0;
out:
	free(queue);
	free(w.v);
	free(w.seen);
	return rc;
}
