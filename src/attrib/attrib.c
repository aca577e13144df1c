/* attrib.c - the attribution primitives the passes share: the claim bitmap,
 * package buckets, symbol rows, and address look-ups. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/attrib.h"
#include "util/err.h"
#include "util/mem.h"

void at_dispose(gs_attrib *c)
{
	if (c->scan.started) /* a pass failed before its join */
		gs_job_join(&c->scan);
	free(c->bits);
	free(c->dsecs);
	free(c->dpage);
	free(c->func_pkg);
	free(c->func_pcln);
	free(c->refs);
	free(c->func_refs);
	gs_strmap_dispose(&c->pkgmap);
	memset(c, 0, sizeof *c);
}

void at_release(const gs_attrib *c, uint64_t off, uint64_t len)
{
	if (c->release && off < c->b->size)
		gs_mem_release(c->b->data + off, (size_t)(len < c->b->size - off ? len : c->b->size - off));
}

/* Claims [off, off+len) and returns how many of those bytes were unclaimed. */
uint64_t at_claim(gs_attrib *c, uint64_t off, uint64_t len)
{
	uint64_t size = c->b->size, n = 0;
	if (off >= size)
		return 0;
	if (len > size - off)
		len = size - off;
	uint64_t end = off + len;
	while (off < end) {
		uint64_t w = off / 64, bit = off % 64, take = 64 - bit;
		if (take > end - off)
			take = end - off;
		uint64_t mask = take == 64 ? ~0ull : ((1ull << take) - 1) << bit;
		uint64_t had = c->bits[w], hit = had & mask; /* most words are all free or all taken */
		n += !hit ? take : hit == mask ? 0 : (uint64_t)__builtin_popcountll(mask & ~had);
		c->bits[w] = had | mask;
		off += take;
	}
	return n;
}

/* Index of package name in s->pkgs, created on first use; (size_t)-1 on error. */
size_t at_pkg(gs_attrib *c, const char *name)
{
	size_t i = gs_strmap_get(&c->pkgmap, name);
	if (i != (size_t)-1)
		return i;
	gs_snapshot *s = c->s;
	gs_snap_pkg *p = GS_PUSH(s->pkgs, s->npkgs, s->pkgs_cap);
	if (!p || !(p->name = gs_strdup(name)) || gs_strmap_put(&c->pkgmap, p->name, s->npkgs - 1) < 0) {
		c->err = 1;
		return (size_t)-1;
	}
	return s->npkgs - 1;
}

/* Records the run [off, off+len) as claimed by package p (snapshot --ranges). */
static void add_range(gs_attrib *c, const char *pkg, gs_cat cat, uint64_t off, uint64_t len)
{
	gs_snapshot *s = c->s;
	gs_snap_range *r = GS_PUSH(s->ranges, s->nranges, s->ranges_cap);
	if (!r) {
		c->err = 1;
		return;
	}
	r->off = off, r->len = len, r->pkg = pkg, r->cat = cat;
}

/* Claims [off, off+len) for package p in category cat; returns the bytes it got.
 * With --ranges, each run of bytes it got is recorded: the ranges never overlap. */
static uint64_t claim_as(gs_attrib *c, const char *pkg, gs_cat cat, uint64_t off, uint64_t len)
{
	uint64_t size = c->b->size, n = 0;
	if (off >= size)
		return 0;
	if (len > size - off)
		len = size - off;
	if (!c->s->want_ranges) {
		n = at_claim(c, off, len);
	} else {
		for (uint64_t a = off, end = off + len; a < end;) {
			if (a % 64 == 0 && end - a >= 64 && c->bits[a / 64] == ~0ull) {
				a += 64;
				continue;
			}
			if (c->bits[a / 64] >> (a % 64) & 1) {
				a++;
				continue;
			}
			uint64_t b = a + 1;
			while (b < end && !(c->bits[b / 64] >> (b % 64) & 1))
				b += b % 64 == 0 && end - b >= 64 && !c->bits[b / 64] ? 64 : 1;
			n += at_claim(c, a, b - a);
			add_range(c, pkg, cat, a, b - a);
			a = b;
		}
	}
	return n;
}

uint64_t at_give(gs_attrib *c, size_t p, gs_cat cat, uint64_t off, uint64_t len)
{
	const gs_binary *b = c->b;
	if (off >= b->size && b->nalias) { /* a copy past the file (wasm memory): the file bytes it holds */
		if (off >= b->vsize)
			return 0;
		uint64_t got = 0, end = off + (len < b->vsize - off ? len : b->vsize - off);
		for (size_t i = gs_binary_alias_at(b, off); i < b->nalias && b->alias[i].voff < end; i++) {
			const gs_alias *a = &b->alias[i];
			uint64_t lo = off > a->voff ? off : a->voff, hi = end < a->voff + a->len ? end : a->voff + a->len;
			if (lo < hi)
				got += at_give(c, p, cat, a->off + (lo - a->voff), hi - lo);
		}
		return got;
	}
	uint64_t n = claim_as(c, c->s->pkgs[p].name, cat, off, len);
	c->s->pkgs[p].cat[cat] += n;
	return n;
}

uint64_t at_unattributed(gs_attrib *c, uint64_t off, uint64_t len)
{
	return claim_as(c, "(unattributed)", GS_CAT_OTHER, off, len);
}

void at_charge(gs_attrib *c, const char *bucket, gs_cat cat, uint64_t off, uint64_t len)
{
	size_t i = at_pkg(c, bucket);
	if (i != (size_t)-1)
		at_give(c, i, cat, off, len);
}

int at_file_off(uint64_t *off, const gs_binary *b, uint64_t addr, uint64_t len)
{
	gs_rd r;
	if (gs_binary_at(b, addr, len, &r) < 0)
		return GS_ENOTFOUND;
	*off = (uint64_t)(r.p - b->data);
	return 0;
}

/* The package of a function or symbol name, or a bucket. */
/* The linker's tables that carry the runtime's name but grow with the whole
 * program (PC lookup buckets, GC programs of data and bss, the function
 * table): charged to the runtime they would move with every change anywhere. */
int at_linker_table(const char *name)
{
	static const char *names[] = {"runtime.findfunctab", "runtime.gcdata", "runtime.gcbss", "runtime.pclntab",
	                              "runtime.epclntab", "runtime.pcheader", "runtime.funcnametab", "runtime.cutab",
	                              "runtime.filetab", "runtime.pctab", "runtime.functab", "runtime.typelink",
	                              "runtime.itablink", "runtime.symtab", "runtime.esymtab"};
	if (strncmp(name, "runtime.", 8) != 0) /* every name below starts so: one compare for most */
		return 0;
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	return 0;
}

const char *at_name_pkg(const char *name, char *buf, size_t bufsz, gs_symclass *cls)
{
	if (at_linker_table(name)) {
		if (cls)
			*cls = GS_SYMC_LINKER;
		buf[0] = '\0';
		return GS_B_LINKER;
	}
	gs_symclass k = gs_symname_package(name, buf, bufsz);
	if (cls)
		*cls = k;
	if (buf[0])
		return buf;
	switch (k) {
	case GS_SYMC_C: return GS_B_CGO;
	case GS_SYMC_TYPE: return GS_B_TYPES;
	case GS_SYMC_ITAB: return GS_B_ITABS;
	case GS_SYMC_STRING: return GS_B_STRINGS;
	default: return GS_B_LINKER;
	}
}

const char *at_section_bucket(const gs_section *s, int go_code, gs_cat *cat)
{
	const char *n = s->name;
	if (s->kind == GS_SEC_HEADER)
		return *cat = GS_CAT_HEADER, GS_B_HEADERS;
	if (strcmp(n, ".go.buildinfo") == 0 || strcmp(n, "__go_buildinfo") == 0)
		return *cat = GS_CAT_OTHER, GS_B_BUILDINFO;
	if (s->kind == GS_SEC_DEBUG)
		return *cat = GS_CAT_DEBUG, GS_B_DEBUG;
	if (s->kind == GS_SEC_SYMTAB)
		return *cat = GS_CAT_SYMTAB, GS_B_SYMTAB;
	if (strstr(n, "typelink") || strstr(n, "itablink"))
		return *cat = GS_CAT_TYPE, GS_B_TYPELINK;
	if (strcmp(n, ".go.type") == 0 || strcmp(n, ".data.rel.ro.go.type") == 0 || strcmp(n, "__go_type") == 0)
		return *cat = GS_CAT_TYPE, GS_B_TYPES;
	if (strcmp(n, ".go.func") == 0 || strcmp(n, ".data.rel.ro.go.func") == 0)
		return *cat = GS_CAT_FUNCDATA, GS_B_GOFUNC;
	if (at_loader_section(s))
		return *cat = GS_CAT_OTHER, GS_B_LOADER;
	if (s->kind == GS_SEC_OTHER)
		return *cat = GS_CAT_OTHER, GS_B_META;
	if (s->exec && go_code) /* code outside every Go function of a Go binary: C (cgo, external linking) */
		return *cat = GS_CAT_CODE, GS_B_CGO;
	return NULL;
}

/* The section that holds VM address addr, or NULL. */
const gs_section *at_sec_at(const gs_binary *b, uint64_t addr)
{
	for (size_t i = 0; i < b->nsecs; i++) {
		const gs_section *s = &b->secs[i];
		if (s->alloc && s->vmsize && addr >= s->addr && addr - s->addr < s->vmsize)
			return s;
	}
	return NULL;
}

int at_add_sym(gs_attrib *c, const char *name, const char *pkgname, gs_cat cat, uint64_t addr, uint64_t size, uint64_t pcln,
               int bss)
{
	gs_snapshot *s = c->s;
	gs_snap_sym *y = GS_PUSH(s->syms, s->nsyms, s->syms_cap);
	if (!y || !(y->name = gs_strdup(name)) || !(y->pkg = gs_strdup(pkgname)))
		return -1;
	y->cat = cat;
	y->addr = addr;
	y->size = size;
	y->pcln = pcln;
	y->bss = bss;
	return 0;
}

int at_loader_section(const gs_section *s)
{
	static const char *names[] = {".interp", ".dynamic", ".dynsym", ".dynstr", ".hash", ".gnu.hash", ".got",
	                              ".got.plt", ".plt", ".plt.got", ".init", ".fini", ".init_array", ".fini_array",
	                              ".eh_frame", ".eh_frame_hdr", ".gnu.version", ".gnu.version_r", ".rela", ".rel",
	                              ".note.go.buildid", ".note.gnu.build-id", ".note.ABI-tag", ".tm_clone_table",
	                              ".idata", ".reloc", "__nl_symbol_ptr", "__la_symbol_ptr", "__got", "__symbol_stub1",
	                              "__stubs",
	                              /* wasm's module structure */
	                              "type", "import", "function", "table", "memory", "global", "export", "start",
	                              "element", "datacount", "tag"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (strcmp(s->name, names[i]) == 0)
			return 1;
	return strncmp(s->name, ".rela.", 6) == 0 || strncmp(s->name, ".rel.", 5) == 0 ||
	       strncmp(s->name, ".note", 5) == 0 || strncmp(s->name, ".gnu.", 5) == 0;
}
