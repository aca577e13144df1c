/* datarefs.c - data the code references (string literals, globals, tables)
 * and the data those point to, charged to the referencing package. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/attrib.h"
#include "util/err.h"
#include "util/mem.h"
#include "attrib/refs.h"
#include "util/sort.h"

/* Data the code references (string literals, globals, tables), and data
 * those point to: each run of unclaimed bytes from a referenced address to
 * the next reference goes to the referencing function's package, or to
 * [shared data] when several packages reference it. */

/* How a package's code came to reference an address. */
typedef enum {
	REF_INLINED, /* code inlined from the package into another's function */
	REF_CODE,    /* the package's own code */
	REF_FIXED,   /* a symbol table entry */
	REF_INLRO,   /* no vote: the package of a function inlined where the
	              * record before it (its caller's vote) takes the address
	              * of read-only data */
} refkind;

/* A reference (how: its kind), or an address and its owner or a pointer's
 * vote for it (how unused). 16 bytes: hundreds of thousands on a big binary. */
typedef struct dref {
	uint64_t addr;
	uint32_t pkg; /* an index in s->pkgs (far fewer than 2^32 packages) */
	refkind how;
} dref;

/* A PC range of the function being scanned that was inlined from a function
 * of package pkg. */
typedef struct inlrange {
	uint64_t lo, hi;
	size_t pkg;
} inlrange;

/* An inlined function's package ((size_t)-1: none to charge), by name. */
typedef struct namepkg {
	const char *name;
	size_t pkg;
} namepkg;

typedef struct dreflist {
	gs_attrib *c;
	dref *v;
	size_t n, cap;
	size_t pkg;          /* package of the function being scanned */
	refkind how;         /* what the references pushed now are */
	inlrange *inl;       /* its inlined ranges, by PC */
	size_t ninl, inlcap;
	namepkg *names;      /* inlined functions' packages, hashed by the name's address */
	size_t nnames, namecap;
	struct hdr {         /* header_of's answers for recent targets, by address */
		uint64_t addr, h;
		int known;
	} *hdrs;
	int err;
} dreflist;

#define NHDRS 4096 /* header_of's cache: code refers to a global many times */

/* Sections data references may land in: loaded, not code, not the loader's,
 * and none of the runtime's own tables (they have buckets of their own);
 * sorted by address. */
static int data_secs_init(gs_attrib *c)
{
	static const char *own[] = {"typelink", "itablink", "buildinfo", "pclntab", "gosymtab", "go.module", "go.type"};
	const gs_binary *b = c->b;
	if (!(c->dsecs = gs_calloc(b->nsecs + 1, sizeof *c->dsecs)))
		return -1;
	for (size_t i = 0; i < b->nsecs; i++) {
		const gs_section *s = &b->secs[i];
		int ok = s->alloc && s->vmsize && !s->exec && s->kind != GS_SEC_HEADER && !at_loader_section(s);
		for (size_t k = 0; ok && k < sizeof own / sizeof *own; k++)
			ok = !strstr(s->name, own[k]);
		if (ok)
			c->dsecs[c->ndsecs++] = s;
	}
	for (size_t i = 1; i < c->ndsecs; i++) /* insertion sort: a few dozen sections */
		for (size_t j = i; j > 0 && c->dsecs[j - 1]->addr > c->dsecs[j]->addr; j--) {
			const gs_section *t = c->dsecs[j];
			c->dsecs[j] = c->dsecs[j - 1];
			c->dsecs[j - 1] = t;
		}
	c->dlo = UINT64_MAX, c->dhi = 0;
	for (size_t i = 0; i < c->ndsecs; i++) {
		const gs_section *s = c->dsecs[i];
		uint64_t end = s->addr + s->vmsize < s->addr ? UINT64_MAX : s->addr + s->vmsize;
		if (s->addr < c->dlo)
			c->dlo = s->addr;
		if (end > c->dhi)
			c->dhi = end;
	}
	if (!c->ndsecs)
		return 0;
	/* a page table over [dlo, dhi): at most 65536 pages of 4 KiB or more */
	uint64_t span = c->dhi - c->dlo;
	c->dshift = 12;
	while ((span - 1) >> c->dshift >= 65536)
		c->dshift++;
	size_t npages = (size_t)((span - 1) >> c->dshift) + 1, k = 0;
	if (!(c->dpage = gs_calloc(npages + 1, sizeof *c->dpage)))
		return -1;
	for (size_t p = 0; p < npages; p++) {
		uint64_t start = c->dlo + ((uint64_t)p << c->dshift);
		while (k < c->ndsecs && c->dsecs[k]->addr <= start)
			k++;
		c->dpage[p] = (uint32_t)k;
	}
	c->dpage[npages] = (uint32_t)c->ndsecs;
	return 0;
}

static inline const gs_section *data_sec(const gs_attrib *c, uint64_t addr)
{
	if (addr < c->dlo || addr >= c->dhi) /* most words read from data are no address of it */
		return NULL;
	size_t pg = (size_t)((addr - c->dlo) >> c->dshift), lo = c->dpage[pg], hi = c->dpage[pg + 1];
	while (lo < hi) { /* the last section starting at or below addr: those of its page */
		size_t mid = lo + (hi - lo) / 2;
		if (c->dsecs[mid]->addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	const gs_section *s = c->dsecs[lo - 1];
	return addr - s->addr < s->vmsize ? s : NULL;
}

/* Appends a reference to target (in a data section) for l->pkg. */
static inline void dref_put(dreflist *l, uint64_t target)
{
	if (l->n == l->cap && gs_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v) < 0) {
		l->err = 1;
		return;
	}
	l->v[l->n++] = (dref){target, (uint32_t)l->pkg, l->how};
}

static void dref_push(dreflist *l, uint64_t target)
{
	if (!l->err && data_sec(l->c, target))
		dref_put(l, target);
}

/* If addr is the length or capacity word of a string or slice header in
 * writable data (a pointer, then a length that fits in the pointer's section,
 * then for a slice a capacity no smaller), the address of its pointer word;
 * else 0. Code that only takes len(x) references the header there. */
static uint64_t header_of(const gs_attrib *c, uint64_t addr)
{
	const gs_binary *b = c->b;
	uint64_t P = (uint64_t)b->ptrsize, w[3];
	const gs_section *s = data_sec(c, addr);
	if (!s || s->kind != GS_SEC_DATA || addr % P || addr - s->addr < 2 * P)
		return 0;
	gs_rd r; /* the three words in one view; word by word only if they straddle two segments */
	if (gs_binary_at(b, addr - 2 * P, 3 * P, &r) == 0) {
		for (int k = 0; k < 3; k++)
			w[k] = gs_binary_word(b, &r, addr - 2 * P, addr - (uint64_t)(2 - k) * P);
	} else {
		for (int k = 0; k < 3; k++)
			if (gs_binary_ptr(b, addr - (uint64_t)(2 - k) * P, &w[k]) < 0)
				return 0;
	}
	for (int k = 1; k >= 0; k--) { /* addr the length (pointer before it), else the capacity */
		const gs_section *t = data_sec(c, w[k]);
		uint64_t len = w[k + 1];
		uint64_t room = t ? t->addr + t->vmsize - w[k] : 0;
		/* a capacity is a count, not an address (a string header followed by a
		 * pointer variable reads as a slice header: the pointer as its capacity) */
		if (t && len && len <= room && (k == 1 || (w[2] >= len && w[2] <= room && !data_sec(c, w[2]))))
			return addr - (uint64_t)(2 - k) * P;
	}
	return 0;
}

/* A reference from code inlined from another package to writable data is
 * that package's (its variables); to read-only data (string literals,
 * constant tables) it is a constant the caller passed in, or the callee's
 * constant copied into the caller: the function it was inlined into votes
 * for it, and a REF_INLRO record names the callee (fold_code gives the
 * callee what its own code takes too: its own constant). */
static void dref_add(void *vl, uint64_t pc, uint64_t target)
{
	dreflist *l = vl;
	size_t own = l->pkg;
	size_t k = gs_lower_bound(l->inl, l->ninl, sizeof *l->inl, offsetof(inlrange, hi), pc + 1);
	l->how = REF_CODE;
	const gs_section *s = k < l->ninl && l->inl[k].lo <= pc ? data_sec(l->c, target) : NULL;
	/* (.data.rel.ro is read-only data that needs relocating in a PIE: funcvals, string headers) */
	int ro = s && !(s->kind != GS_SEC_RODATA && strncmp(s->name, ".data.rel.ro", 12) != 0);
	if (s && !ro)
		l->pkg = l->inl[k].pkg, l->how = REF_INLINED;
	dref_push(l, target);
	if (ro && l->n && l->v[l->n - 1].addr == target) { /* right after its caller's vote */
		l->pkg = l->inl[k].pkg, l->how = REF_INLRO;
		dref_push(l, target);
		l->how = REF_CODE;
	}
	struct hdr *e = &l->hdrs[(target ^ target >> 12) % NHDRS];
	if (!e->known || e->addr != target)
		*e = (struct hdr){target, header_of(l->c, target), 1};
	uint64_t h = e->h;
	if (h)
		dref_push(l, h);
	l->pkg = own;
}

/* The package to charge for code inlined from function name, (size_t)-1 for
 * none: the names are the pclntab's own bytes (gs_pclntab_inlined), so a
 * name's address stands for it in a cache. */
static size_t inl_pkg(dreflist *l, const char *name)
{
	if (l->nnames * 2 >= l->namecap) { /* rehash into twice the room */
		size_t cap = l->namecap ? 2 * l->namecap : 1024;
		namepkg *t = gs_calloc(cap, sizeof *t);
		if (!t) {
			l->err = 1;
			return (size_t)-1;
		}
		for (size_t i = 0; i < l->namecap; i++)
			if (l->names[i].name) {
				size_t h = ((uint64_t)(uintptr_t)l->names[i].name * 0x9E3779B97F4A7C15ull >> 32) & (cap - 1);
				while (t[h].name)
					h = (h + 1) & (cap - 1);
				t[h] = l->names[i];
			}
		free(l->names);
		l->names = t, l->namecap = cap;
	}
	size_t h = ((uint64_t)(uintptr_t)name * 0x9E3779B97F4A7C15ull >> 32) & (l->namecap - 1);
	while (l->names[h].name && l->names[h].name != name)
		h = (h + 1) & (l->namecap - 1);
	if (l->names[h].name)
		return l->names[h].pkg;
	size_t p = (size_t)-1;
	if (!strstr(name, ".(*")) { /* an inlined pointer method takes the address of its caller's data */
		char buf[4096];
		gs_symclass cls;
		const char *pn = at_name_pkg(name, buf, sizeof buf, &cls);
		p = cls == GS_SYMC_GO ? at_pkg(l->c, pn) : (size_t)-1;
	}
	l->names[h] = (namepkg){name, p};
	l->nnames++;
	return p;
}

static void inl_add(void *vl, uint64_t lo, uint64_t hi, const char *name)
{
	dreflist *l = vl;
	size_t p = l->err ? (size_t)-1 : inl_pkg(l, name);
	if (p == (size_t)-1 || p == l->pkg || lo >= hi || (l->ninl && lo < l->inl[l->ninl - 1].hi))
		return;
	inlrange *r = GS_PUSH(l->inl, l->ninl, l->inlcap);
	if (!r) {
		l->err = 1;
		return;
	}
	*r = (inlrange){lo, hi, p};
}

/* The runtime's floor, lowest first: a package imports only packages below
 * it, and the compiler makes every package's code take addresses of the
 * runtime's own data (staticuint64s, zerobase, writeBarrier). So data that
 * these packages' own code references is theirs, whoever else does. */
static int floor_rank(const char *pkg)
{
	static const char *floor[] = {"internal/goarch", "internal/goos", "internal/abi", "internal/cpu",
	                              "runtime/internal/atomic", "runtime/internal/sys", "runtime/internal/math",
	                              "runtime/internal/syscall", "internal/bytealg", "runtime"};
	for (int i = 0; i < (int)(sizeof floor / sizeof *floor); i++)
		if (strcmp(pkg, floor[i]) == 0)
			return i;
	return -1;
}

/* The package whose function, inlined elsewhere, takes read-only address
 * v[i..j) (one address's records) when the data is that package's own
 * constant: its own code takes it too (a panic value, a table its own
 * functions read); else none (a literal passed to an inlined errors.New is
 * the caller's, even when two packages pass the same one). */
static size_t inlined_owner(const dref *v, size_t i, size_t j)
{
	size_t none = (size_t)-1, callee = none;
	for (size_t k = i; k < j; k++) {
		if (v[k].how != REF_INLRO)
			continue;
		if (callee != none && v[k].pkg != callee)
			return none; /* inlined from several packages: a constant passed in */
		callee = v[k].pkg;
	}
	for (size_t k = i; k < j && callee != none; k++)
		if (v[k].how == REF_CODE && v[k].pkg == callee)
			return callee;
	return none;
}

/* Folds the code's and the symbols' references, sorted by address, into one
 * owner per address, in place (l->n becomes the number of addresses): a
 * symbol's package (the lowest index of those); else the lowest
 * runtime-floor package whose own code references it; else the package of an
 * inlined function whose own constant it is (inlined_owner); else the package
 * with more than half of the code references, else the shared bucket. These
 * owners hold in every round. */
static int fold_code(gs_attrib *c, dreflist *l, size_t shared)
{
	size_t npkgs = c->s->npkgs, o = 0, none = (size_t)-1;
	int *rank = gs_calloc(npkgs + 1, sizeof *rank); /* each package's floor_rank + 2, 0: not yet known */
	if (!rank)
		return -1;
	for (size_t i = 0, j; i < l->n; i = j) {
		size_t fixed = none, low = none, cand = none, count = 0, tot = 0, got = 0, callee = none;
		int lowrank = 1 << 30, inlro = 0;
		for (j = i; j < l->n && l->v[j].addr == l->v[i].addr; j++) {
			size_t pj = l->v[j].pkg;
			if (l->v[j].how == REF_FIXED) {
				fixed = pj < fixed ? pj : fixed;
				continue;
			}
			if (l->v[j].how == REF_INLRO) {
				inlro = 1;
				continue;
			}
			if (pj < npkgs && !rank[pj])
				rank[pj] = floor_rank(c->s->pkgs[pj].name) + 2;
			int r = pj < npkgs ? rank[pj] - 2 : floor_rank(c->s->pkgs[pj].name);
			if (r >= 0 && (r < lowrank || (r == lowrank && pj < low)))
				lowrank = r, low = pj;
			if (!count) /* Boyer-Moore: the only possible majority */
				cand = pj;
			count += pj == cand ? 1 : (size_t)-1;
			tot++;
		}
		if (inlro && fixed == none && low == none)
			callee = inlined_owner(l->v, i, j);
		for (size_t k = i; k < j && fixed == none && low == none && callee == none; k++)
			got += (l->v[k].how == REF_CODE || l->v[k].how == REF_INLINED) && l->v[k].pkg == cand;
		/* every address has a symbol's package or a code reference */
		size_t owner = fixed != none ? fixed : low != none ? low : callee != none ? callee : got * 2 > tot ? cand : shared;
		l->v[o++] = (dref){l->v[i].addr, (uint32_t)owner, REF_CODE};
	}
	l->n = o;
	free(rank);
	return 0;
}

/* The package with more than half of the votes v[0..n) (n > 0), else shared. */
static uint32_t majority(const dref *v, size_t n, uint32_t shared)
{
	uint32_t cand = v[0].pkg;
	size_t count = 0, got = 0;
	for (size_t i = 0; i < n; i++) { /* Boyer-Moore: the only possible majority */
		if (!count)
			cand = v[i].pkg;
		count += v[i].pkg == cand ? 1 : (size_t)-1;
	}
	for (size_t i = 0; i < n; i++)
		got += v[i].pkg == cand;
	return got * 2 > n ? cand : shared;
}

/* The number of distinct addresses in cur and votes (both sorted): the size
 * of the round's owners. */
static size_t union_size(const dref *cur, size_t ncur, const dref *votes, size_t nvotes)
{
	size_t i = 0, j = 0, n = 0;
	for (; i < ncur || j < nvotes; n++) {
		uint64_t a = i < ncur && (j == nvotes || cur[i].addr <= votes[j].addr) ? cur[i].addr : votes[j].addr;
		while (j < nvotes && votes[j].addr == a)
			j++;
		i += i < ncur && cur[i].addr == a;
	}
	return n;
}

/* Room for n records in *arr (of *cap): exactly n when it grows, the owners
 * barely grow after the first round. -1 when out of memory. */
static int owners_room(dref **arr, size_t *cap, size_t n)
{
	if (n <= *cap)
		return 0;
	dref *p = n < SIZE_MAX / sizeof *p ? realloc(*arr, n * sizeof *p) : NULL;
	if (!p)
		return gs_fail("out of memory");
	*arr = p, *cap = n;
	return 0;
}

/* A round's owners into out (room for union_size): every address of last
 * round's owners cur and of this round's pointer votes (sorted by address),
 * owned by the code's owner (code: a subset of cur's addresses), else by the
 * package with more than half of the votes (else shared), else as last
 * round. Returns the number of owners. */
static size_t fold_round(const dref *code, size_t ncode, const dref *cur, size_t ncur, const dref *votes, size_t nvotes,
                         uint32_t shared, dref *out)
{
	size_t i = 0, j = 0, k = 0, o = 0;
	while (i < ncur || j < nvotes) {
		uint64_t a = i < ncur && (j == nvotes || cur[i].addr <= votes[j].addr) ? cur[i].addr : votes[j].addr;
		size_t e = j;
		while (e < nvotes && votes[e].addr == a)
			e++;
		while (k < ncode && code[k].addr < a)
			k++;
		uint32_t pkg = k < ncode && code[k].addr == a ? code[k].pkg : e > j ? majority(votes + j, e - j, shared) : cur[i].pkg;
		out[o++] = (dref){a, pkg, REF_CODE};
		i += i < ncur && cur[i].addr == a;
		j = e;
	}
	return o;
}

/* 1 if addr lies in the module's pointer-free data: no heap pointers, but
 * static tables of integers that may look like addresses (an aligned
 * address is more likely a real one: init tasks, the module data). */
static int in_noptrdata(const gs_attrib *c, uint64_t addr)
{
	if (c->md.enoptrdata > c->md.noptrdata)
		return addr >= c->md.noptrdata && addr < c->md.enoptrdata;
	const gs_section *s = data_sec(c, addr);
	return s && strstr(s->name, "noptrdata") != NULL;
}

/* Where a word was read: pointer-free data, read-only data, other data. */
enum { FROM_DATA, FROM_NOPTR, FROM_RODATA };

/* Whether a word v read from data is worth following as a pointer. The
 * linker aligns every data object of 4 bytes or more to at least 4.
 * Pointer-free data holds integer tables whose values may look like
 * addresses: its real addresses (init tasks, the module data) are
 * word-aligned and point at writable data. Strings in read-only data start
 * anywhere; read-only data also holds integer tables, so a pointer read there
 * into read-only data counts only as the data of a string or slice header:
 * then 2, and *room is what the word after it (a length, nonzero) must fit
 * in: the rest of the section. */
static int plausible_ptr(const gs_attrib *c, uint64_t v, int from, uint64_t *room)
{
	const gs_section *s = data_sec(c, v);
	if (!s)
		return 0;
	if (from == FROM_NOPTR && (v % (uint64_t)c->b->ptrsize || s->kind == GS_SEC_RODATA))
		return 0;
	if (s->kind == GS_SEC_RODATA && from == FROM_RODATA) {
		*room = s->addr + s->vmsize - v;
		return 2;
	}
	return s->kind == GS_SEC_RODATA || v % 4 == 0;
}

/* gs_binary_word for words read at rising addresses: the word at a of view
 * (which starts at base), or when it is 0, a relocation's value for a (PIE);
 * *ri is a cursor into the sorted relocations that only moves forward. */
static inline uint64_t word_at(const gs_binary *b, gs_rd *view, uint64_t base, uint64_t a, size_t *ri)
{
	uint64_t v = gs_rd_uptr(view, a - base);
	if (v == 0 && b->nrelocs) {
		while (*ri < b->nrelocs && b->relocs[*ri].addr < a)
			(*ri)++;
		if (*ri < b->nrelocs && b->relocs[*ri].addr == a)
			v = b->relocs[*ri].value;
	}
	return v;
}

/* The first relocation at or above a, searched from the cursor ri forward
 * (doubling steps, then a binary search), or from the start when a lies
 * below the cursor. */
static size_t reloc_seek(const gs_binary *b, size_t ri, uint64_t a)
{
	size_t n = b->nrelocs, step = 1;
	if (!n)
		return 0;
	if (ri > n || (ri && b->relocs[ri - 1].addr >= a))
		ri = 0;
	while (ri + step <= n && b->relocs[ri + step - 1].addr < a)
		ri += step, step *= 2;
	size_t hi = ri + step - 1 < n ? ri + step - 1 : n; /* relocs[ri - 1] < a <= relocs[hi] */
	return ri + gs_lower_bound(b->relocs + ri, hi - ri, sizeof *b->relocs, offsetof(gs_reloc, addr), a);
}

/* Unclaimed bytes from file offset off, at most max: a claim word at a time. */
static uint64_t unclaimed_run(const gs_attrib *c, uint64_t off, uint64_t max)
{
	if (off >= c->b->size)
		return 0;
	uint64_t lim = c->b->size - off < max ? c->b->size - off : max, n = 0;
	while (n < lim) {
		uint64_t at = off + n, w = c->bits[at / 64] >> (at % 64);
		if (w)
			return n + (uint64_t)__builtin_ctzll(w) < lim ? n + (uint64_t)__builtin_ctzll(w) : lim;
		n += 64 - at % 64;
	}
	return lim;
}

/* The extent of address i of the sorted v[0..n): up to the next address, its
 * section's end, 1 MiB. */
static uint64_t dref_extent(const gs_attrib *c, const dref *v, size_t n, size_t i)
{
	const gs_section *s = data_sec(c, v[i].addr);
	uint64_t end = s ? s->addr + s->vmsize : v[i].addr;
	if (i + 1 < n && v[i + 1].addr < end)
		end = v[i + 1].addr;
	uint64_t len = end - v[i].addr;
	return len > (1u << 20) ? (1u << 20) : len;
}

/* What a round read in each object of its owners (by index), so the next
 * round copies the pointers of an object with the same address and extent
 * instead of reading them again: after the first rounds most objects stay. */
typedef struct objread {
	uint32_t len; /* the extent read (before the file's cut, at most 64 KiB); UINT32_MAX: not read */
	uint16_t n;   /* the pointers it holds (at most 64 KiB / 4) */
} objread;

typedef struct readmemo {
	objread *obj, *pobj; /* this round's, by object; last round's */
	size_t objcap, pobjcap;
	uint64_t *tgt, *ptgt; /* the pointers read, object after object: this round's; last round's */
	size_t ntgt, tgtcap, ptgtcap;
} readmemo;

/* The package of an init function (pkg.init, pkg.init.N) at PC v, (size_t)-1
 * when v is no such function's entry. */
static size_t init_func_pkg(const gs_attrib *c, uint64_t v)
{
	const gs_pclntab *t = c->t;
	if (!t || !t->nfuncs || v < t->funcs[0].entry || v > t->funcs[t->nfuncs - 1].entry)
		return (size_t)-1; /* (the function table is sorted: no entry outside its first and last) */
	size_t i = gs_pclntab_func_at(t, v);
	if (i == (size_t)-1 || t->funcs[i].entry != v)
		return (size_t)-1;
	const char *n = t->funcs[i].name, *dot = strrchr(n, '.');
	if (dot && (strcmp(dot, ".init") == 0 || (dot > n + 5 && strncmp(dot - 5, ".init.", 6) == 0)))
		return c->func_pkg[i];
	return (size_t)-1;
}

#define TASK_NOPKG ((size_t)-2) /* an init task with no init function: it names no package */

/* The init task at addr (word-aligned, in pointer-free data), at most avail
 * bytes: Go 1.13-1.20 write state, ndeps, nfns (words), ndeps pointers to the
 * tasks of the imported packages, then nfns init functions; Go 1.21+ state
 * and nfns (uint32), then the functions. Returns its length (0: not a task)
 * and in *pkg the package of its functions (all of one package), or
 * TASK_NOPKG for a task that only lists other tasks (a package without init
 * functions whose imports have some): nothing in it says whose it is; in
 * *ndeps the number of tasks it lists (after its header, a word each). Each
 * listed task must itself start like one (state 0, counts that fit). */
static uint64_t init_task(const gs_attrib *c, uint64_t addr, uint64_t avail, size_t *pkg, uint64_t *ndeps_out)
{
	const gs_binary *b = c->b;
	uint64_t P = (uint64_t)b->ptrsize, w[3];
	int old = c->minor < 21;
	uint64_t hdr = old ? 3 * P : 8;
	if (addr % P || avail < hdr + P || !in_noptrdata(c, addr))
		return 0;
	if (old) {
		for (int k = 0; k < 3; k++)
			if (gs_binary_ptr(b, addr + (uint64_t)k * P, &w[k]) < 0)
				return 0;
	} else {
		gs_rd r;
		if (gs_binary_at(b, addr, 8, &r) < 0)
			return 0;
		w[0] = gs_rd_u32(&r, 0), w[1] = 0, w[2] = gs_rd_u32(&r, 4);
	}
	uint64_t ndeps = w[1], nfns = w[2];
	if (w[0] != 0 || ndeps > 4096 || nfns > 4096 || ndeps + nfns == 0 || (!old && !nfns) ||
	    hdr + (ndeps + nfns) * P > avail)
		return 0;
	for (uint64_t k = 0; k < ndeps; k++) {
		uint64_t d, dh[3];
		if (gs_binary_ptr(b, addr + hdr + k * P, &d) < 0 || d % P || !in_noptrdata(c, d))
			return 0;
		for (int j = 0; j < 3; j++)
			if (gs_binary_ptr(b, d + (uint64_t)j * P, &dh[j]) < 0)
				return 0;
		if (dh[0] != 0 || dh[1] > 4096 || dh[2] > 4096 || dh[1] + dh[2] == 0)
			return 0;
	}
	size_t owner = TASK_NOPKG;
	for (uint64_t k = 0; k < nfns; k++) {
		uint64_t v;
		size_t p;
		if (gs_binary_ptr(b, addr + hdr + (ndeps + k) * P, &v) < 0 || (p = init_func_pkg(c, v)) == (size_t)-1 ||
		    (owner != TASK_NOPKG && p != owner))
			return 0;
		owner = p;
	}
	*pkg = owner;
	*ndeps_out = ndeps;
	return hdr + (ndeps + nfns) * P;
}

/* A vote of l->pkg for v, remembered in m. */
static void vote(dreflist *l, readmemo *m, uint64_t v)
{
	if (m->ntgt == m->tgtcap && gs_grow(&m->tgt, &m->tgtcap, m->ntgt + 1, sizeof *m->tgt) < 0) {
		l->err = 1;
		return;
	}
	m->tgt[m->ntgt++] = v;
	dref_put(l, v);
}

/* Reads the pointers in [addr, addr+len) as votes (from: where addr lies). */
static void read_object(gs_attrib *c, dreflist *l, readmemo *m, uint64_t addr, uint64_t len, int from, size_t *ri)
{
	const gs_binary *b = c->b;
	uint64_t P = (uint64_t)b->ptrsize;
	gs_rd view;
	len = gs_binary_at_most(b, addr, len, &view); /* its tail may be bss */
	uint64_t a0 = (addr + P - 1) / P * P;
	*ri = reloc_seek(b, *ri, a0);
	for (uint64_t a = a0, end = addr + len; a + P <= end && !l->err; a += P) {
		uint64_t v = word_at(b, &view, addr, a, ri), room, next = 0;
		int ok = v != addr ? plausible_ptr(c, v, from, &room) : 0;
		if (ok == 2) { /* the word after, past the object's end too: the code may take a header apart */
			int more = a + 2 * P <= end ? (next = word_at(b, &view, addr, a + P, ri), 1)
			                            : gs_binary_ptr(b, a + P, &next) == 0;
			ok = more && next && next <= room;
		}
		if (ok)
			vote(l, m, v);
	}
}

/* This round's votes (into l->v): the pointers in each object of last
 * round's owners cur (sorted by address), for its owner; an object runs to
 * the next address, its symbol's end, 64 KiB. Shared data's pointers say
 * nothing of an owner. An object the round before read too (prev: its
 * objects, m->pobj and m->ptgt what it read) with the same extent has the
 * same pointers. */
static void vote_pointers(gs_attrib *c, dreflist *l, readmemo *m, const dref *cur, size_t ncur, const dref *prev,
                          size_t nprev, size_t shared)
{
	const gs_binary *b = c->b;
	uint64_t P = (uint64_t)b->ptrsize;
	size_t ri = 0, pj = 0, poff = 0; /* cursors into the relocations, prev and m->ptgt: the objects rise */
	m->ntgt = 0;
	if (m->objcap < ncur) {
		objread *o = realloc(m->obj, ncur * sizeof *o); /* ncur: bounded by the owners' own allocation */
		if (!o) {
			l->err = 1;
			gs_fail("out of memory");
			return;
		}
		m->obj = o, m->objcap = ncur;
	}
	for (size_t i = 0; i < ncur && !l->err; i++) {
		const gs_section *s = data_sec(c, cur[i].addr);
		m->obj[i] = (objread){UINT32_MAX, 0};
		if (!s || !s->size || (s->kind != GS_SEC_DATA && s->kind != GS_SEC_RODATA) || cur[i].pkg == shared)
			continue;
		uint64_t len = dref_extent(c, cur, ncur, i);
		size_t si = gs_lower_bound(b->syms, b->nsyms, sizeof *b->syms, offsetof(gs_symbol, addr), cur[i].addr);
		if (si < b->nsyms && b->syms[si].addr == cur[i].addr && b->syms[si].size && b->syms[si].size < len)
			len = b->syms[si].size; /* a symbol says where the object ends */
		if (len > 65536)
			len = 65536;
		l->pkg = cur[i].pkg;
		size_t first = m->ntgt;
		for (; pj < nprev && prev[pj].addr < cur[i].addr; pj++)
			poff += m->pobj[pj].n;
		if (pj < nprev && prev[pj].addr == cur[i].addr && m->pobj[pj].len == len) {
			for (size_t k = 0; k < m->pobj[pj].n && !l->err; k++)
				vote(l, m, m->ptgt[poff + k]);
		} else if (in_noptrdata(c, cur[i].addr)) {
			/* pointer-free data holds no pointers but the init tasks' (and the
			 * module data's, whose tables have owners of their own): the words
			 * of its integer tables that look like addresses are none */
			size_t tp;
			uint64_t nd, hdr = c->minor < 21 ? 3 * P : 8;
			if (init_task(c, cur[i].addr, len, &tp, &nd) && nd)
				read_object(c, l, m, cur[i].addr + hdr, nd * P, FROM_NOPTR, &ri);
		} else {
			read_object(c, l, m, cur[i].addr, len, s->kind == GS_SEC_RODATA ? FROM_RODATA : FROM_DATA, &ri);
		}
		m->obj[i] = (objread){(uint32_t)len, (uint16_t)(m->ntgt - first)};
	}
}

/* Last round's reads become what this round read. */
static void memo_next(readmemo *m)
{
	objread *o = m->pobj;
	uint64_t *t = m->ptgt;
	size_t oc = m->pobjcap, tc = m->ptgtcap;
	m->pobj = m->obj, m->pobjcap = m->objcap, m->ptgt = m->tgt, m->ptgtcap = m->tgtcap;
	m->obj = o, m->objcap = oc, m->tgt = t, m->tgtcap = tc;
}

/* Every init task reachable from a task among the owners (the runtime's
 * code takes the address of its own and of main's; each task lists the tasks
 * of its imports, as deep as the import graph: more than the rounds follow),
 * charged exactly: to the package of its init functions, or to [init tasks]
 * when it has none. Claimed before the owners' runs, which then stop at them. */
static int claim_init_tasks(gs_attrib *c, const dref *cur, size_t ncur, size_t tasks)
{
	const gs_binary *b = c->b;
	uint64_t P = (uint64_t)b->ptrsize, *stack = NULL, *seen = NULL;
	size_t nstack = 0, stackcap = 0, seencap = 1024, nseen = 0;
	if (c->minor >= 21 || !(seen = gs_calloc(seencap, sizeof *seen))) /* 1.21+ tasks list no others */
		return c->minor >= 21 ? 0 : -1;
	int rc = 0;
	for (size_t i = 0; i <= ncur && !rc; i++) {
		if (i < ncur) { /* each owner that is a task starts a walk */
			uint64_t *e = GS_PUSH(stack, nstack, stackcap);
			if (!e) {
				rc = -1;
				break;
			}
			*e = cur[i].addr;
		}
		while (nstack && !rc) {
			uint64_t a = stack[--nstack], nd;
			size_t h = (size_t)((a / P * 0x9E3779B97F4A7C15ull) >> 20) & (seencap - 1), tp;
			while (seen[h] && seen[h] != a)
				h = (h + 1) & (seencap - 1);
			if (seen[h])
				continue;
			const gs_section *s = data_sec(c, a);
			uint64_t len = s ? init_task(c, a, s->addr + s->vmsize - a, &tp, &nd) : 0;
			if (!len)
				continue;
			seen[h] = a;
			if (++nseen * 2 >= seencap) { /* rehash into twice the room */
				uint64_t *t = gs_calloc(seencap * 2, sizeof *t);
				if (!t) {
					rc = -1;
					break;
				}
				for (size_t k = 0; k < seencap; k++)
					if (seen[k]) {
						size_t g = (size_t)((seen[k] / P * 0x9E3779B97F4A7C15ull) >> 20) & (seencap * 2 - 1);
						while (t[g])
							g = (g + 1) & (seencap * 2 - 1);
						t[g] = seen[k];
					}
				free(seen);
				seen = t, seencap *= 2;
			}
			/* and the zeros after it up to the linker's largest alignment (32): padding */
			uint64_t pad = (32 - (a + len) % 32) % 32, z = 0;
			gs_rd r;
			if (pad && gs_binary_at(b, a + len, pad, &r) == 0)
				while (z < pad && !gs_rd_u8(&r, z))
					z++;
			uint64_t off;
			if (at_file_off(&off, b, a, len + (z == pad ? pad : 0)) == 0)
				at_give(c, tp == TASK_NOPKG ? tasks : tp, GS_CAT_DATA, off, len + (z == pad ? pad : 0));
			uint64_t hdr = 3 * P;
			for (uint64_t k = 0; k < nd && !rc; k++) {
				uint64_t d, *e;
				if (gs_binary_ptr(b, a + hdr + k * P, &d) < 0)
					continue;
				if (!(e = GS_PUSH(stack, nstack, stackcap)))
					rc = -1;
				else
					*e = d;
			}
		}
	}
	free(stack);
	free(seen);
	return rc;
}

/* Runtime objects no code takes the address of, or every package's code
 * does: the linker's tables that grow with the whole program (the PC lookup
 * buckets, the module data's findfunctab: a 4-byte word per 4 KiB of text and
 * a byte per 256 bytes; the pointer maps of data and bss as GC programs) to
 * [go linker], and staticuint64s (the 256 uint64s 0..255 the compiler points
 * small integers converted to interfaces at, often at an interior element)
 * to the runtime. */
static void runtime_objects(gs_attrib *c)
{
	const gs_binary *b = c->b;
	size_t rt = at_pkg(c, "runtime"), lk = at_pkg(c, GS_B_LINKER);
	if (rt == (size_t)-1 || lk == (size_t)-1)
		return;
	uint64_t off;
	if (c->md.findfunctab && c->md.maxpc > c->md.minpc && c->md.maxpc - c->md.minpc < (1ull << 40)) {
		uint64_t span = c->md.maxpc - c->md.minpc, len = 4 * ((span + 4095) / 4096) + (span + 255) / 256;
		if (at_file_off(&off, b, c->md.findfunctab, len) == 0)
			at_give(c, lk, GS_CAT_RODATA, off, len);
	}
	/* the pointer maps of data and bss, as GC programs */
	const gs_moduledata *md = &c->md;
	uint64_t P = (uint64_t)b->ptrsize, progs[2][2] = {{md->gcdata, (md->edata - md->data) / P},
	                                                     {md->gcbss, (md->ebss - md->bss) / P}};
	for (int k = 0; k < 2; k++) {
		uint64_t len = progs[k][0] && md->edata >= md->data && md->ebss >= md->bss ?
		                   gs_gcprog_len(b, progs[k][0], progs[k][1]) : 0;
		if (len && at_file_off(&off, b, progs[k][0], len) == 0)
			at_give(c, lk, GS_CAT_RODATA, off, len);
	}
	for (size_t i = 0; i < c->ndsecs; i++) {
		const gs_section *s = c->dsecs[i];
		if (s->kind != GS_SEC_DATA || s->size < 2048)
			continue;
		gs_rd r = gs_rd_make(b->data + s->off, s->size, b->be, b->ptrsize);
		for (uint64_t p = (8 - s->addr % 8) % 8; p + 2048 <= s->size;) {
			/* the last word first: a word w < 255 there is element w of a
			 * table starting 8 * (255 - w) further on, a larger one of none
			 * that covers it (the starts in between cannot match) */
			uint64_t w = gs_rd_u64(&r, p + 8 * 255), k = 0;
			if (w != 255) {
				p += w > 255 ? 2048 : 8 * (255 - w);
				continue;
			}
			while (k < 256 && gs_rd_u64(&r, p + 8 * k) == k)
				k++;
			if (k == 256) {
				at_give(c, rt, GS_CAT_DATA, s->off + p, 2048);
				return;
			}
			p += 8;
		}
	}
}

int at_datarefs(gs_attrib *c)
{
	const gs_pclntab *t = c->t;
	const gs_binary *b = c->b;
	dreflist l = {.c = c, .how = REF_CODE};
	dref *code = NULL, *cur = NULL, *next = NULL; /* the code's owners; last round's; this round's */
	size_t ncur = 0, curcap = 0, nextcap = 0, nprev = 0; /* nprev: the objects last round read (in next) */
	readmemo memo = {0};
	int supported = c->fast || c->refs_supported;
	if (data_secs_init(c) < 0 || !(l.hdrs = gs_calloc(NHDRS, sizeof *l.hdrs)))
		return -1;
	runtime_objects(c);
	for (size_t i = 0; t && c->func_refs && i < t->nfuncs && !l.err; i++) {
		if (c->func_refs[i] == c->func_refs[i + 1])
			continue;
		l.pkg = c->func_pkg[i];
		l.ninl = 0;
		gs_pclntab_inlined(t, b, c->gofunc, i, inl_add, &l);
		for (size_t k = c->func_refs[i]; k < c->func_refs[i + 1]; k++)
			dref_add(&l, c->refs[k].pc, c->refs[k].target);
	}
	free(c->refs); /* no pass reads the code's references after this one */
	free(c->func_refs);
	c->refs = NULL, c->func_refs = NULL, c->nrefs = c->refs_cap = 0;
	/* with a symbol table, its data symbols seed the pointer chase with their own package */
	char buf[4096];
	for (size_t i = 0; i < b->nsyms && supported && !l.err; i++) {
		const gs_symbol *y = &b->syms[i];
		const gs_section *sec = y->size ? data_sec(c, y->addr) : NULL;
		gs_symclass cls;
		if (!sec || (sec->kind != GS_SEC_DATA && sec->kind != GS_SEC_RODATA))
			continue;
		const char *pn = at_name_pkg(y->name, buf, sizeof buf, &cls);
		if (cls != GS_SYMC_GO || (l.pkg = at_pkg(c, pn)) == (size_t)-1)
			continue;
		l.how = REF_FIXED;
		dref_push(&l, y->addr);
	}
	if (!supported || l.err || c->err)
		goto out;
	size_t shared = at_pkg(c, GS_B_SHARED), tasks = at_pkg(c, GS_B_INITTASKS), ncode;
	if (shared == (size_t)-1 || tasks == (size_t)-1 || gs_radix_sort(l.v, l.n, sizeof *l.v, offsetof(dref, addr), sizeof l.v->addr) < 0 || fold_code(c, &l, shared) < 0) {
		l.err = 1;
		goto out;
	}
	/* Rounds towards a fixed point: each round votes again with the pointers
	 * inside every object known so far (a slice's array, the strings in it,
	 * an embedded file's bytes), read with the owners and the object extents
	 * of the round before, so an object first swallowed by its neighbour's
	 * extent gets its own owner once its address is known. Four rounds reach
	 * four pointers deep (code -> embed.FS -> its file list -> the files ->
	 * their bytes); real binaries do not settle exactly (a few owners flip
	 * between rounds) and more rounds changed no measured agreement while
	 * doubling the cost. The code's owners (l.v) stay; cur and next are last
	 * round's owners and this round's, the votes reuse one buffer. */
	code = l.v, ncode = l.n;
	l.v = NULL, l.n = l.cap = 0;
	dref *fit = realloc(code, (ncode + 1) * sizeof *code); /* a fifth of the references */
	if (fit)
		code = fit;
	if (owners_room(&cur, &curcap, ncode + 1) < 0) {
		l.err = 1;
		goto out;
	}
	if (ncode)
		memcpy(cur, code, ncode * sizeof *cur);
	ncur = ncode;
	for (int round = 0; round < 4 && !l.err; round++) {
		l.n = 0;
		vote_pointers(c, &l, &memo, cur, ncur, next, nprev, shared);
		memo_next(&memo);
		nprev = ncur;
		if (l.err || gs_radix_sort(l.v, l.n, sizeof *l.v, offsetof(dref, addr), sizeof l.v->addr) < 0 ||
		    owners_room(&next, &nextcap, union_size(cur, ncur, l.v, l.n)) < 0) {
			l.err = 1; /* an allocation failed: not a success */
			goto out;
		}
		size_t nnext = fold_round(code, ncode, cur, ncur, l.v, l.n, (uint32_t)shared, next);
		size_t same = 0;
		while (nnext == ncur && same < ncur && next[same].addr == cur[same].addr && next[same].pkg == cur[same].pkg)
			same++;
		int settled = nnext == ncur && same == ncur;
		dref *t = cur;
		size_t tcap = curcap;
		cur = next, ncur = nnext, curcap = nextcap;
		next = t, nextcap = tcap;
		if (settled)
			break;
	}
	if (claim_init_tasks(c, cur, ncur, tasks) < 0) {
		l.err = 1;
		goto out;
	}
	for (size_t i = 0; i < ncur; i++) {
		const gs_section *s = data_sec(c, cur[i].addr);
		uint64_t len = dref_extent(c, cur, ncur, i);
		if (!s || !len)
			continue;
		if (s->kind == GS_SEC_BSS || cur[i].addr - s->addr >= s->size) {
			c->s->pkgs[cur[i].pkg].bss += len;
			continue;
		}
		uint64_t off;
		if (at_file_off(&off, b, cur[i].addr, 1) < 0)
			continue;
		uint64_t run = unclaimed_run(c, off, len);
		size_t owner = cur[i].pkg, tp;
		uint64_t nd, task = in_noptrdata(c, cur[i].addr) ? init_task(c, cur[i].addr, len, &tp, &nd) : 0;
		if (task) { /* an init task (claim_init_tasks claimed it): its owner takes the alignment after it */
			owner = tp == TASK_NOPKG ? tasks : tp;
			for (uint64_t k = task; !run && k < len && k < task + 32; k++) /* past its padding */
				run = unclaimed_run(c, off + k, len - k), off += run ? k : 0;
		}
		if (!run) /* nothing left to give */
			continue;
		at_give(c, owner, s->kind == GS_SEC_RODATA ? GS_CAT_RODATA : GS_CAT_DATA, off, run);
	}
out:
	free(l.v);
	free(l.inl);
	free(l.names);
	free(l.hdrs);
	free(memo.obj);
	free(memo.pobj);
	free(memo.tgt);
	free(memo.ptgt);
	free(code);
	free(cur);
	free(next);
	return l.err || c->err ? -1 : 0; /* the message was set where the flag was raised */
}

