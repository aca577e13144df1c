/* binary.c - the container model the readers fill: sections, pieces, symbols,
 * address translation (parse.c picks the reader). */
#include "container/binary.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/mem.h"

const char *gs_seckind_name(gs_seckind k)
{
	static const char *names[] = {"text", "rodata", "data", "bss", "debug", "symtab", "other", "header"};
	return (unsigned)k < sizeof names / sizeof *names ? names[k] : "other";
}

void gs_binary_dispose(gs_binary *b)
{
	for (size_t i = 0; i < b->nsecs; i++)
		free(b->secs[i].name);
	for (size_t i = 0; i < b->nsyms; i++)
		free(b->syms[i].name);
	free(b->secs);
	free(b->segs);
	free(b->syms);
	free(b->relocs);
	free(b->code);
	free(b->alias);
	free(b->frames);
	free(b->toolchain);
	free(b->owned);
	memset(b, 0, sizeof *b);
}

/* Bytes readable at b->data: vsize, or size for a view built by hand without it. */
static uint64_t view_size(const gs_binary *b) { return b->vsize > b->size ? b->vsize : b->size; }

gs_rd gs_binary_rd(const gs_binary *b) { return gs_rd_make(b->data, view_size(b), b->be, b->ptrsize); }

/* The last function body whose entry is at or below addr, or NULL. */
static const gs_segment *code_at(const gs_binary *b, uint64_t addr)
{
	size_t lo = 0, hi = b->ncode;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->code[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &b->code[lo - 1] : NULL;
}

uint64_t gs_binary_code_len(const gs_binary *b, uint64_t addr)
{
	const gs_segment *s = code_at(b, addr);
	return s && s->addr == addr ? s->filesz : 0;
}

size_t gs_binary_alias_at(const gs_binary *b, uint64_t voff)
{
	size_t lo = 0, hi = b->nalias;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->alias[mid].voff + b->alias[mid].len <= voff)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int gs_binary_has_alloc(const gs_binary *b)
{
	for (size_t i = 0; i < b->nsecs; i++)
		if (b->secs[i].alloc)
			return 1;
	return 0;
}

const gs_section *gs_binary_section(const gs_binary *b, const char *name)
{
	for (size_t i = 0; i < b->nsecs; i++)
		if (strcmp(b->secs[i].name, name) == 0)
			return &b->secs[i];
	return NULL;
}

const gs_symbol *gs_binary_symbol(const gs_binary *b, const char *name)
{
	for (size_t i = 0; i < b->nsyms; i++)
		if (strcmp(b->syms[i].name, name) == 0)
			return &b->syms[i];
	return NULL;
}

static int file_range(const gs_binary *b, uint64_t addr, uint64_t len, uint64_t start, uint64_t fsize,
                      uint64_t off, uint64_t *out)
{
	if (addr < start || addr - start >= fsize || len > fsize - (addr - start))
		return GS_ENOTFOUND;
	uint64_t o = off + (addr - start);
	if (o > view_size(b) || len > view_size(b) - o)
		return GS_ENOTFOUND;
	*out = o;
	return 0;
}

int gs_binary_at(const gs_binary *b, uint64_t addr, uint64_t len, gs_rd *out)
{
	uint64_t off;
	int found = 0;
	const gs_segment *fn = b->ncode ? code_at(b, addr) : NULL;
	if (fn)
		found = file_range(b, addr, len, fn->addr, fn->filesz, fn->off, &off) == 0;
	for (size_t i = 0; i < b->nsegs && !found; i++)
		found = file_range(b, addr, len, b->segs[i].addr, b->segs[i].filesz, b->segs[i].off, &off) == 0;
	for (size_t i = 0; i < b->nsecs && !found; i++)
		found = b->secs[i].alloc && file_range(b, addr, len, b->secs[i].addr, b->secs[i].size,
		                                        b->secs[i].off, &off) == 0;
	if (!found)
		return GS_ENOTFOUND;
	*out = gs_rd_make(b->data + off, len, b->be, b->ptrsize);
	return 0;
}

uint64_t gs_binary_word(const gs_binary *b, gs_rd *view, uint64_t view_addr, uint64_t addr)
{
	uint64_t v = gs_rd_uptr(view, addr - view_addr);
	if (v == 0 && b->nrelocs) {
		size_t i = gs_lower_bound(b->relocs, b->nrelocs, sizeof *b->relocs, offsetof(gs_reloc, addr), addr);
		if (i < b->nrelocs && b->relocs[i].addr == addr)
			v = b->relocs[i].value;
	}
	return v;
}

uint64_t gs_binary_at_most(const gs_binary *b, uint64_t addr, uint64_t len, gs_rd *out)
{
	while (len && gs_binary_at(b, addr, len, out) < 0)
		len /= 2;
	return len;
}

int gs_binary_ptr(const gs_binary *b, uint64_t addr, uint64_t *out)
{
	gs_rd r;
	if (gs_binary_at(b, addr, (uint64_t)b->ptrsize, &r) < 0)
		return GS_ENOTFOUND;
	*out = gs_binary_word(b, &r, addr, addr);
	return 0;
}

gs_section *gs_binary_add_section(gs_binary *b, const char *name)
{
	gs_section *s = GS_PUSH(b->secs, b->nsecs, b->secs_cap);
	if (!s)
		return NULL;
	if (!(s->name = gs_strdup(name))) {
		b->nsecs--;
		return NULL;
	}
	return s;
}

static int cmp_addr(const void *x, const void *y)
{
	const gs_symbol *a = x, *b = y;
	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

int gs_binary_size_by_next(gs_binary *b, size_t start)
{
	if (!b->syms || start >= b->nsyms)
		return 0; /* no symbols (syms may be NULL: no pointer arithmetic on it) */
	size_t n = b->nsyms - start;
	gs_symbol *v = b->syms + start;
	qsort(v, n, sizeof *v, cmp_addr);
	for (size_t i = 0; i < n; i++) {
		const gs_section *sec = NULL;
		for (size_t k = 0; k < b->nsecs && !sec; k++)
			if (b->secs[k].alloc && b->secs[k].vmsize && v[i].addr >= b->secs[k].addr &&
			    v[i].addr - b->secs[k].addr < b->secs[k].vmsize)
				sec = &b->secs[k];
		if (!sec)
			continue;
		uint64_t end = sec->addr + sec->vmsize;
		for (size_t j = i + 1; j < n; j++)
			if (v[j].addr > v[i].addr) {
				if (v[j].addr < end)
					end = v[j].addr;
				break;
			}
		v[i].size = end - v[i].addr;
	}
	return 0;
}

int gs_binary_check_range(const gs_binary *b, const char *what, uint64_t off, uint64_t size)
{
	if (off <= b->size && size <= b->size - off)
		return 0;
	return gs_fail("%s (offset %llu, %llu bytes) extends past the end of the file (truncated?)", what,
	               (unsigned long long)off, (unsigned long long)size);
}

int gs_binary_add_piece(gs_binary *b, const char *name, gs_seckind kind, uint64_t off, uint64_t size)
{
	if (!size)
		return 0;
	if (gs_binary_check_range(b, name, off, size) < 0)
		return -1;
	gs_section *s = gs_binary_add_section(b, name);
	if (!s)
		return -1;
	s->kind = kind;
	s->off = off;
	s->size = size;
	return 0;
}

static int cmp_sym(const void *x, const void *y)
{
	const gs_symbol *a = x, *b = y;
	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	return strcmp(a->name, b->name);
}

static int cmp_reloc(const void *x, const void *y)
{
	const gs_reloc *a = x, *b = y;
	return a->addr < b->addr ? -1 : a->addr > b->addr;
}

int gs_binary_finish(gs_binary *b)
{
	if (b->nsyms)
		qsort(b->syms, b->nsyms, sizeof *b->syms, cmp_sym);
	if (b->nrelocs)
		qsort(b->relocs, b->nrelocs, sizeof *b->relocs, cmp_reloc);
	return 0;
}
