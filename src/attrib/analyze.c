/* analyze.c - attribution: each byte of the file is claimed once, most
 * detailed source first (functions, pclntab, symbols, whole sections), and
 * what nobody claims is unattributed (bloaty's "first label wins"). */
#include "attrib/analyze.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/advice.h"
#include "attrib/attrib.h"
#include "goformat/buildinfo.h"
#include "container/dwarf.h"
#include "util/err.h"
#include "util/mem.h"
#include "util/sha256.h"
#include "util/sort.h"
#include "goformat/types.h"

static int do_symbols(gs_attrib *c)
{
	char buf[4096];
	const gs_binary *b = c->b;
	const gs_section *last = NULL;
	for (size_t i = 0; i < b->nsyms && !c->err; i++) {
		const gs_symbol *y = &b->syms[i];
		if (!last || y->addr < last->addr || y->addr - last->addr >= last->vmsize)
			last = at_sec_at(b, y->addr);
		size_t f = gs_pclntab_func_at(c->t, y->addr);
		/* its entry and name in the symbol table: a Go function's to its
		 * package, other code's to C, data's by name */
		size_t p = !y->ent_len ? (size_t)-1
		           : f != (size_t)-1 ? c->func_pkg[f]
		           : !last || last->kind != GS_SEC_TEXT ? at_pkg(c, at_name_pkg(y->name, buf, sizeof buf, NULL))
		           : at_pkg(c, GS_B_CGO);
		if (p != (size_t)-1) {
			at_give(c, p, GS_CAT_SYMTAB, y->ent_off, y->ent_len);
			at_give(c, p, GS_CAT_SYMTAB, y->name_off, y->name_len);
		}
		if (!y->size || !last)
			continue;
		gs_symclass cls;
		const char *pn = at_name_pkg(y->name, buf, sizeof buf, &cls);
		if (pn[0] == '[' && strcmp(b->format, "elf") != 0 && cls != GS_SYMC_C)
			continue; /* Mach-O/PE sizes reach the next symbol: a container like type:* would swallow
			           * what the type walk and reference tracing can attribute precisely */
		if (last->kind == GS_SEC_TEXT && c->t) {
			if (f != (size_t)-1)
				continue; /* Go functions come from the pclntab already */
			pn = GS_B_CGO;  /* code that is not Go is C, whatever its name (foo.isra.0) */
		}
		if ((p = at_pkg(c, pn)) == (size_t)-1)
			return -1;
		gs_cat cat = cls == GS_SYMC_TYPE ? GS_CAT_TYPE : cls == GS_SYMC_ITAB ? GS_CAT_ITAB :
		             cls == GS_SYMC_STRING ? GS_CAT_STRING : last->kind == GS_SEC_TEXT ? GS_CAT_CODE :
		             last->kind == GS_SEC_RODATA ? GS_CAT_RODATA : GS_CAT_DATA;
		int bss = last->kind == GS_SEC_BSS;
		if (bss) {
			c->s->pkgs[p].bss += y->size;
		} else {
			uint64_t off;
			if (at_file_off(&off, b, y->addr, y->size) < 0)
				continue;
			at_give(c, p, cat, off, y->size);
		}
		if (cat == GS_CAT_CODE)
			c->s->pkgs[p].functions++;
		if (at_add_sym(c, y->name, pn, cat, y->addr, y->size, 0, bss) < 0)
			return -1;
	}
	return c->err ? -1 : 0;
}

/* The loader's and the Go runtime's own metadata sections (relocations,
 * dynamic symbols and strings, hash tables, notes, build info, module data)
 * get their buckets before any pass that follows references into data: no
 * package ever owns them. Executable ones (.init, .plt) wait for symbols. */
static void do_metadata(gs_attrib *c)
{
	const gs_binary *b = c->b;
	for (size_t i = 0; i < b->nsecs; i++) {
		const gs_section *s = &b->secs[i];
		if (s->kind == GS_SEC_HEADER || s->exec)
			continue;
		if (strcmp(s->name, ".go.buildinfo") == 0 || strcmp(s->name, "__go_buildinfo") == 0)
			at_charge(c, GS_B_BUILDINFO, GS_CAT_OTHER, s->off, s->size);
		else if (strstr(s->name, ".go.module") || strcmp(s->name, "__go_module") == 0)
			at_charge(c, GS_B_MODDATA, GS_CAT_OTHER, s->off, s->size);
		else if (at_loader_section(s))
			at_charge(c, GS_B_LOADER, GS_CAT_OTHER, s->off, s->size);
	}
}

static void do_sections(gs_attrib *c)
{
	const gs_binary *b = c->b;
	for (size_t i = 0; i < b->nsecs; i++) {
		gs_cat cat;
		const char *bucket = at_section_bucket(&b->secs[i], c->t != NULL, &cat);
		if (bucket)
			at_charge(c, bucket, cat, b->secs[i].off, b->secs[i].size);
	}
}

static int add_section(gs_snapshot *s, const char *name, const char *kind, uint64_t off, uint64_t size,
                       uint64_t addr, uint64_t vmsize, int compressed, uint64_t unattr)
{
	gs_snap_section *x = GS_PUSH(s->secs, s->nsecs, s->secs_cap);
	if (!x || !(x->name = gs_strdup(name)) || !(x->kind = gs_strdup(kind)))
		return -1;
	x->off = off, x->size = size, x->addr = addr, x->vmsize = vmsize;
	x->compressed = compressed;
	x->unattributed = unattr;
	return 0;
}


/* Remaining bytes: in a section → unattributed; outside every section → gaps. */
static int finish_sections(gs_attrib *c)
{
	const gs_binary *b = c->b;
	gs_snapshot *s = c->s;
	for (size_t i = 0; i < b->nsecs; i++) {
		const gs_section *x = &b->secs[i];
		uint64_t un = at_unattributed(c, x->off, x->size);
		s->unattributed += un;
		if (add_section(s, x->name, gs_seckind_name(x->kind), x->off, x->size, x->addr, x->vmsize,
		                x->compressed, un) < 0)
			return -1;
		uint64_t hdr;
		s->secs[s->nsecs - 1].usize = x->compressed ? gs_dwarf_usize(b, x, &hdr) : 0;
	}
	/* Gaps: runs of unclaimed bytes, each a [padding] pseudo-section. */
	size_t gp = at_pkg(c, GS_B_GAPS);
	if (gp == (size_t)-1)
		return -1;
	for (uint64_t off = 0; off < b->size;) {
		if (c->bits[off / 64] == ~0ull && off % 64 == 0) {
			off += 64;
			continue;
		}
		if (c->bits[off / 64] >> (off % 64) & 1) {
			off++;
			continue;
		}
		uint64_t start = off;
		while (off < b->size && !(c->bits[off / 64] >> (off % 64) & 1))
			off++;
		at_give(c, gp, GS_CAT_HEADER, start, off - start);
		if (add_section(s, "[padding]", "padding", start, off - start, 0, 0, 0, 0) < 0)
			return -1;
	}
	return 0;
}

static int finish_packages(gs_attrib *c)
{
	gs_snapshot *s = c->s;
	size_t kept = 0;
	for (size_t i = 0; i < s->npkgs; i++) {
		gs_snap_pkg *p = &s->pkgs[i];
		for (int k = 0; k < GS_CAT_N; k++)
			p->size += p->cat[k];
		if (!p->size && !p->bss && !p->functions) {
			free(p->name);
			continue;
		}
		s->pkgs[kept++] = *p;
	}
	s->npkgs = kept;
	for (size_t i = 0; i < s->npkgs; i++) {
		gs_snap_pkg *p = &s->pkgs[i];
		s->attributed += p->size;
		const char *m = p->name[0] == '[' ? "" : gs_snapshot_module_of(&s->bi, p->name);
		char inferred[512];
		if (strcmp(m, "(unknown)") == 0 && !s->bi.ndeps && gs_module_infer(p->name, inferred, sizeof inferred) == 0)
			m = inferred; /* no module list in the binary: by the path's hosting conventions */
		if (!(p->module = gs_strdup(m)))
			return -1;
	}
	/* Modules: every module in the build info, plus std and unknown when used. */
	for (size_t i = 0; i <= s->bi.ndeps + 1; i++) {
		const gs_module *m = i == 0 ? &s->bi.main : i <= s->bi.ndeps ? &s->bi.deps[i - 1] : NULL;
		const char *path = m ? m->path : "std";
		if (!path || !*path)
			continue;
		gs_snap_module *x = GS_PUSH(s->mods, s->nmods, s->mods_cap);
		const char *ver = m ? (m->rep_version && *m->rep_version ? m->rep_version : m->version) : s->bi.goversion;
		if (!x || !(x->path = gs_strdup(path)) || !(x->version = gs_strdup(ver ? ver : "")))
			return -1;
	}
	for (size_t i = 0; i < s->npkgs; i++) {
		gs_snap_pkg *p = &s->pkgs[i];
		if (!p->module[0])
			continue;
		size_t j = 0;
		while (j < s->nmods && strcmp(s->mods[j].path, p->module) != 0)
			j++;
		if (j == s->nmods) {
			gs_snap_module *x = GS_PUSH(s->mods, s->nmods, s->mods_cap);
			if (!x || !(x->path = gs_strdup(p->module)) || !(x->version = gs_strdup("")))
				return -1;
		}
		s->mods[j].size += p->size;
		s->mods[j].packages++;
	}
	return 0;
}

/* An address in the type region the code takes, and the package of the
 * function taking it. */
typedef struct tuse {
	uint64_t target;
	size_t pkg;
} tuse;

typedef struct tuses {
	gs_attrib *c;
	tuse *v;
	size_t n;
} tuses;

/* The one package whose code takes the address of descriptor addr, or NULL. */
static const char *type_user(void *vu, uint64_t addr)
{
	tuses *u = vu;
	size_t i = gs_lower_bound(u->v, u->n, sizeof *u->v, offsetof(tuse, target), addr);
	if (i >= u->n || u->v[i].target != addr)
		return NULL;
	size_t p = u->v[i].pkg;
	for (; i < u->n && u->v[i].target == addr; i++)
		if (u->v[i].pkg != p)
			return NULL;
	return u->c->s->pkgs[p].name;
}

/* A type descriptor range: to its package when known (after symbols, so a
 * symbol table's own sizes win). */
static void type_range(void *vu, uint64_t addr, uint64_t len, const char *pkgname, int itab)
{
	gs_attrib *c = ((tuses *)vu)->c;
	uint64_t off;
	int ok = at_file_off(&off, c->b, addr, len) == 0;
	/* trust a package path only if functions already named that package: a
	 * descriptor misread (an unknown layout) must not invent packages */
	if (pkgname && gs_strmap_get(&c->pkgmap, pkgname) == (size_t)-1)
		pkgname = NULL;
	if (ok)
		at_charge(c, pkgname ? pkgname : itab == GS_TW_ITAB ? GS_B_ITABS : GS_B_TYPES,
		          itab == GS_TW_ITAB ? GS_CAT_ITAB : itab == GS_TW_GCDATA ? GS_CAT_RODATA : GS_CAT_TYPE, off, len);
}

/* Type descriptors: from typelinks and from the addresses the code takes in
 * the type region (Go 1.26+ has a .go.type section and, from 1.27, no
 * typelinks); an unnamed type's package may be the one package whose code
 * takes its address. */
static int type_walk(gs_attrib *c, int minor)
{
	gs_moduledata md = c->md;
	const gs_section *gt = gs_binary_section(c->b, ".go.type");
	if (!gt)
		gt = gs_binary_section(c->b, ".data.rel.ro.go.type");
	if (!md.types && gt && gt->vmsize)
		md.types = gt->addr, md.etypes = gt->addr + gt->vmsize;
	if (!md.types)
		return 0;
	tuses u = {c, NULL, 0};
	size_t cap = 0;
	uint64_t *seeds = NULL;
	int oom = 0;
	for (size_t f = 0; c->t && c->func_refs && f < c->t->nfuncs && !oom; f++)
		for (size_t i = c->func_refs[f]; i < c->func_refs[f + 1] && !oom; i++) {
			uint64_t t = c->refs[i].target;
			tuse *p;
			if (t < md.types || t >= md.etypes)
				continue;
			if (!(p = GS_PUSH(u.v, u.n, cap)))
				oom = 1;
			else
				*p = (tuse){t, c->func_pkg[f]};
		}
	/* by (target, package): stable radix passes by package, then target */
	if (!oom && (gs_radix_sort(u.v, u.n, sizeof *u.v, offsetof(tuse, pkg), sizeof u.v->pkg) < 0 ||
	             gs_radix_sort(u.v, u.n, sizeof *u.v, offsetof(tuse, target), sizeof u.v->target) < 0))
		oom = 1;
	/* the addresses the code takes seed the walk too: typelinks leave out
	 * the types only code uses (closure contexts, new(T) of unnamed T), and
	 * Go 1.27 has none; the walk checks each is a descriptor */
	size_t ns = 0;
	if (!oom && u.n && !(seeds = gs_calloc(u.n, sizeof *seeds)))
		oom = 1;
	for (size_t i = 0; seeds && i < u.n; i++)
		if (!ns || seeds[ns - 1] != u.v[i].target)
			seeds[ns++] = u.v[i].target;
	int rc = oom ? gs_fail("out of memory") : gs_types_walk(c->b, &md, minor, seeds, ns, type_user, type_range, &u);
	free(seeds);
	free(u.v);
	return rc;
}

/* The Go 1.x minor version: from the build info, else the pclntab layout. */
static int go_minor(const gs_snapshot *s, const gs_pclntab *t)
{
	const char *v = s->bi.goversion;
	if (v && strncmp(v, "go1.", 4) == 0)
		return atoi(v + 4);
	if (!t)
		return 0;
	return t->magic == 0xfffffffa ? 16 : t->magic == 0xfffffff0 ? 18 : t->magic == 0xfffffff1 ? 20 : 2;
}

static int fill_facts(gs_snapshot *s, const gs_binary *b, const gs_pclntab *t, const char *path)
{
	char magic[16];
	if (!(s->tool = gs_strdup("gosize " GOSIZE_VERSION)) || !(s->path = gs_strdup(path)) ||
	    !(s->format = gs_strdup(b->format)) || !(s->arch = gs_strdup(b->arch)))
		return -1;
	s->file_size = b->size;
	s->ptrsize = b->ptrsize;
	s->big_endian = b->be;
	s->pie = b->pie;
	s->has_symtab = b->has_symtab;
	s->has_dwarf = b->has_dwarf;
	if (t) {
		snprintf(magic, sizeof magic, "0x%08x", t->magic);
		if (!(s->pclntab_magic = gs_strdup(magic)) || !(s->pclntab_go = gs_strdup(t->go)))
			return -1;
		s->nfuncs = t->nfuncs;
	}
	return 0;
}

static int pass_headers(gs_attrib *c)
{
	for (size_t i = 0; i < c->b->nsecs; i++)
		if (c->b->secs[i].kind == GS_SEC_HEADER)
			at_charge(c, GS_B_HEADERS, GS_CAT_HEADER, c->b->secs[i].off, c->b->secs[i].size);
	for (size_t i = 0; i < c->b->nframes; i++) /* framing inside sections (wasm) */
		at_charge(c, GS_B_HEADERS, GS_CAT_HEADER, c->b->frames[i].off, c->b->frames[i].len);
	return 0;
}

static int pass_metadata(gs_attrib *c)
{
	do_metadata(c);
	return 0;
}

static int pass_types(gs_attrib *c) { return type_walk(c, c->minor); }

/* What the type walk and the data references left of the type region. */
static int pass_type_region(gs_attrib *c)
{
	uint64_t off;
	if (c->md.types && at_file_off(&off, c->b, c->md.types, c->md.etypes - c->md.types) == 0)
		at_charge(c, GS_B_TYPES, GS_CAT_TYPE, off, c->md.etypes - c->md.types);
	return 0;
}

static int pass_sections(gs_attrib *c)
{
	do_sections(c);
	return 0;
}

/* The container reader has read the symbol and string tables, relocations,
 * dynamic symbols and hash tables into b (elf.c, macho.c, pe.c): no pass reads
 * their bytes again, only claims them, so their pages are given back. */
static void release_parsed(const gs_attrib *c)
{
	for (size_t i = 0; i < c->b->nsecs; i++) {
		const gs_section *s = &c->b->secs[i];
		if (s->kind == GS_SEC_SYMTAB || (!s->exec && at_loader_section(s)))
			at_release(c, s->off, s->size);
	}
}

/* The attribution pipeline: each pass claims file ranges for (package,
 * category) through at_give/at_charge, in this order; a byte goes to the
 * first pass that claims it (the most detailed source first). */
static const struct pass {
	const char *what;
	int needs_pclntab;
	int (*run)(gs_attrib *c);
} PIPELINE[] = {
	{"container headers and framing", 0, pass_headers},
	{"loader and metadata sections (never a package's)", 0, pass_metadata},
	{"functions: code, padding, pclntab bytes, funcdata by format", 1, at_functions},
	{"symbol-table symbols and their entries", 0, do_symbols},
	{"the addresses each function's code takes (no claims; scanned since the pclntab was read)", 1, at_scan_join},
	{"type descriptors sized by kind, their names and GC data", 1, pass_types},
	{"data referenced from code, and pointers in it", 1, at_datarefs},
	{"the rest of the type region: [types]", 0, pass_type_region},
	{"DWARF by compile unit", 0, at_dwarf},
	{"whole sections: debug, symtab, loader, cgo code", 0, pass_sections},
};

int gs_analyze(gs_snapshot *s, const uint8_t *data, uint64_t size, const char *path, const gs_analyze_opts *o)
{
	static const gs_analyze_opts defaults;
	if (!o)
		o = &defaults;
	gs_binary b;
	gs_pclntab t;
	gs_attrib c;
	int rc = -1, have_t = 0;
	memset(s, 0, sizeof *s);
	s->want_ranges = o->ranges;
	memset(&t, 0, sizeof t);
	memset(&c, 0, sizeof c);
	if (gs_binary_parse(&b, data, size, o->arch) < 0)
		return -1;
	gs_sha256_job hash; /* the file's SHA-256 on a thread of its own while the analysis runs */
	gs_sha256_start(&hash, b.data, (size_t)b.size, o->mapped ? o->fd : -1);
	c.b = &b, c.release = o->mapped && !b.owned;
	if (o->mapped && b.owned) /* the reader made its own copy (wasm): the mapping is done with */
		gs_mem_release(data, (size_t)size);
	if (gs_buildinfo_read(&s->bi, &b) < 0)
		goto out;
	if ((have_t = gs_pclntab_read(&t, &b)) < 0)
		goto out;
	if (!have_t && !s->bi.found) {
		gs_fail("not a Go binary (no pclntab and no build info found)");
		goto out;
	}
	if (fill_facts(s, &b, have_t ? &t : NULL, path) < 0)
		goto out;
	gs_advice_measure(s, &b, have_t ? &t : NULL, &s->bi);
	c.s = s, c.t = have_t ? &t : NULL, c.fast = o->fast;
	c.minor = go_minor(s, c.t);
	if (have_t && gs_moduledata_find(&c.md, &b, t.addr, t.nfuncs) == 0)
		gs_moduledata_types(&c.md, &b, t.magic);
	release_parsed(&c); /* after the look-ups above, which may scan every loaded section */
	if (have_t)
		at_scan_start(&c); /* joined by its pass in the pipeline (or by at_dispose) */
	if (!(c.bits = gs_calloc((size_t)(size / 64 + 1), sizeof *c.bits)))
		goto out;
	for (size_t i = 0; i < sizeof PIPELINE / sizeof *PIPELINE; i++)
		if ((!PIPELINE[i].needs_pclntab || c.t) && (PIPELINE[i].run(&c) < 0 || c.err))
			goto out;
	if (c.err || finish_sections(&c) < 0 || finish_packages(&c) < 0)
		goto out;
	s->nsyms_total = s->nsyms;
	gs_snapshot_sort(s);
	rc = gs_snapshot_check(s);
out:
	gs_sha256_join(&hash, s->sha256);
	if (rc < 0)
		gs_snapshot_dispose(s);
	at_dispose(&c);
	gs_pclntab_dispose(&t);
	gs_binary_dispose(&b);
	return rc;
}
