/* funcs.c - the function table's share: each function's code and the
 * padding after it, its pclntab bytes (records, names, pc tables) and its
 * funcdata blobs, charged to its package. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "attrib/attrib.h"
#include "goformat/funcdata.h"
#include "util/mem.h"
#include "util/sort.h"

/* The package of an assembly function with no package in its name (cmpbody,
 * gogo): the directory of its source file below GOROOT/src. A function with
 * no source file at all is C linked in internally (the race runtime, .syso). */
static const char *asm_pkg(const gs_pclntab *t, const gs_binary *b, size_t i, char *buf, size_t bufsz)
{
	const char *file = gs_pclntab_file(t, b, i), *src, *slash;
	if (!file)
		return GS_B_CGO;
	while ((src = strstr(file, "/src/")) != NULL)
		file = src + 5;
	slash = strrchr(file, '/');
	if (!slash || (size_t)(slash - file) >= bufsz || file[0] == '<' || file[0] == '?')
		return GS_B_ASM;
	memcpy(buf, file, (size_t)(slash - file));
	buf[slash - file] = '\0';
	return buf;
}

/* GCC's names for local clones of C functions: foo.isra.0, foo.part.1, foo.cold
 * (a mark after a dot, in a name without a '/'). */
static int is_gcc_local(const char *name)
{
	static const char *marks[] = {"isra.", "part.", "constprop.", "lto_priv.", "cold"};
	if (strchr(name, '/'))
		return 0;
	for (const char *d = strchr(name, '.'); d; d = strchr(d + 1, '.'))
		for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
			if (d[1] == marks[i][0] && strncmp(d + 1, marks[i], strlen(marks[i])) == 0)
				return 1;
	return 0;
}

static void pcln_range(void *vc, uint64_t off, uint64_t len, size_t f, int part)
{
	gs_attrib *c = vc;
	gs_cat cat = part == 1 ? GS_CAT_FUNCNAME : part == 2 ? GS_CAT_PCTAB : GS_CAT_PCLNTAB;
	c->func_pcln[f] += at_give(c, c->func_pkg[f], cat, off, len);
}

typedef struct fdref {
	uint64_t addr, len;
	size_t func;
} fdref;

typedef struct fdlist {
	const gs_attrib *c;
	fdref *v;
	size_t n, cap;
	int err;
} fdlist;

/* A funcdata blob of function func: its extent proven from its format. */
static void fd_add(void *vl, uint64_t addr, size_t func, int kind, int64_t maxidx)
{
	fdlist *l = vl;
	uint64_t len = gs_funcdata_size(l->c->b, addr, kind, maxidx, l->c->minor);
	fdref *r = l->err || !len ? NULL : GS_PUSH(l->v, l->n, l->cap);
	if (!r) {
		l->err |= len != 0;
		return;
	}
	*r = (fdref){addr, len, func};
}

/* Go 1.26+ keeps funcdata inside the pclntab section, after the function
 * records; without a gofunc from the module data, take that tail as the base
 * when every funcdata offset fits in it. */
static void fd_max(void *vm, uint64_t off, size_t func)
{
	(void)func;
	if (off > *(uint64_t *)vm)
		*(uint64_t *)vm = off;
}

static uint64_t gofunc_in_pclntab(const gs_attrib *c)
{
	const gs_section *s = NULL;
	for (size_t i = 0; i < c->b->nsecs && !s; i++)
		if (c->b->secs[i].off == c->t->off && c->b->secs[i].size > c->t->size)
			s = &c->b->secs[i];
	if (!s || !c->t->addr)
		return 0;
	uint64_t base = (c->t->addr + c->t->size + 7) / 8 * 8, max = 0;
	gs_pclntab_funcdata(c->t, c->b, fd_max, &max);
	return max && base + max < s->addr + s->size ? base : 0;
}

/* Funcdata (stack maps, stack objects, inline trees, defer and argument info)
 * belongs to the function that points at it, each blob to the extent its
 * format proves (never into the next blob); a blob several functions share
 * goes to the first. Go 1.18+ gives offsets from the module's gofunc, older
 * tables pointers. */
static int do_funcdata(gs_attrib *c)
{
	uint64_t base = c->gofunc = c->md.gofunc ? c->md.gofunc : gofunc_in_pclntab(c);
	fdlist l = {c, NULL, 0, 0, 0};
	gs_pclntab_funcdata_all(c->t, c->b, base, fd_add, &l);
	if (l.err) {
		free(l.v);
		return -1;
	}
	/* by (address, function): the blobs come in function order, so one stable
	 * radix sort by address */
	if (gs_radix_sort(l.v, l.n, sizeof *l.v, offsetof(fdref, addr), sizeof l.v->addr) < 0) {
		free(l.v);
		return -1;
	}
	for (size_t i = 0; i < l.n; i++) {
		if (i && l.v[i].addr == l.v[i - 1].addr)
			continue;
		size_t j = i + 1;
		while (j < l.n && l.v[j].addr == l.v[i].addr)
			j++;
		uint64_t len = l.v[i].len;
		if (j < l.n && l.v[j].addr - l.v[i].addr < len)
			len = l.v[j].addr - l.v[i].addr;
		uint64_t off;
		if (at_file_off(&off, c->b, l.v[i].addr, len) == 0)
			c->func_pcln[l.v[i].func] += at_give(c, c->func_pkg[l.v[i].func], GS_CAT_FUNCDATA, off, len);
	}
	free(l.v);
	return 0;
}

int at_functions(gs_attrib *c)
{
	const gs_pclntab *t = c->t;
	char buf[4096];
	c->func_pkg = gs_calloc(t->nfuncs, sizeof *c->func_pkg);
	c->func_pcln = gs_calloc(t->nfuncs, sizeof *c->func_pcln);
	if (!c->func_pkg || !c->func_pcln)
		return -1;
	size_t pad = at_pkg(c, GS_B_TEXTPAD);
	for (size_t i = 0; i < t->nfuncs && !c->err; i++) {
		const gs_func *f = &t->funcs[i];
		gs_symclass cls;
		const char *pn = at_name_pkg(f->name, buf, sizeof buf, &cls);
		if (cls == GS_SYMC_C || is_gcc_local(f->name))
			pn = asm_pkg(t, c->b, i, buf, sizeof buf);
		size_t p = at_pkg(c, pn);
		if (p == (size_t)-1)
			break;
		c->func_pkg[i] = p;
		c->s->pkgs[p].functions++;
		uint64_t off;
		if (at_file_off(&off, c->b, f->entry, f->size) == 0)
			at_give(c, p, GS_CAT_CODE, off, f->size);
		if (at_file_off(&off, c->b, f->entry + f->size, f->span - f->size) == 0)
			at_give(c, pad, GS_CAT_PADDING, off, f->span - f->size);
	}
	if (c->err)
		return -1;
	gs_pclntab_ranges(t, c->b, pcln_range, c);
	if (do_funcdata(c) < 0)
		return -1;
	at_charge(c, GS_B_PCLNTAB, GS_CAT_PCLNTAB, t->off, t->size);
	for (size_t i = 0; i < t->nfuncs; i++) {
		const gs_func *f = &t->funcs[i];
		if (at_add_sym(c, f->name, c->s->pkgs[c->func_pkg[i]].name, GS_CAT_CODE, f->entry, f->size, c->func_pcln[i], 0) < 0)
			return -1;
	}
	return c->err ? -1 : 0;
}
