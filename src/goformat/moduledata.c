/* moduledata.c - locate and read runtime.firstmoduledata (Go 1.16+ layout). */
#include "goformat/moduledata.h"

#include <string.h>

#include "util/err.h"

/* Reads the fields at md->addr: 0 if they describe this pclntab, else GS_ENOTFOUND. */
static int read_at(gs_moduledata *md, const gs_binary *b, uint64_t addr, uint64_t pclntab_addr, uint64_t nfunc)
{
	uint64_t P = (uint64_t)b->ptrsize, v[40];
	for (int i = 0; i < 40; i++)
		if (gs_binary_ptr(b, addr + (uint64_t)i * P, &v[i]) < 0)
			return GS_ENOTFOUND;
	/* pcHeader, then six slices {ptr, len, cap}: ftab is the sixth, len at 17P. */
	if (v[0] != pclntab_addr || v[17] != nfunc + 1 || v[18] < v[17])
		return GS_ENOTFOUND;
	md->addr = addr;
	md->findfunctab = v[19], md->minpc = v[20], md->maxpc = v[21];
	md->text = v[22], md->etext = v[23];
	md->noptrdata = v[24], md->enoptrdata = v[25];
	md->data = v[26], md->edata = v[27];
	md->bss = v[28], md->ebss = v[29];
	md->noptrbss = v[30], md->enoptrbss = v[31];
	if (md->etext < md->text)
		return GS_ENOTFOUND;
	return 0;
}

int gs_moduledata_find(gs_moduledata *md, const gs_binary *b, uint64_t pclntab_addr, uint64_t nfunc)
{
	memset(md, 0, sizeof *md);
	if (!pclntab_addr)
		return GS_ENOTFOUND;
	const gs_section *s = gs_binary_section(b, ".go.module");
	if (s && read_at(md, b, s->addr, pclntab_addr, nfunc) == 0)
		return 0;
	const gs_symbol *sym = gs_binary_symbol(b, "runtime.firstmoduledata");
	if (sym && read_at(md, b, sym->addr, pclntab_addr, nfunc) == 0)
		return 0;
	uint64_t P = (uint64_t)b->ptrsize;
	for (size_t i = 0; i < b->nsecs; i++) {
		const gs_section *d = &b->secs[i];
		if (!d->alloc || !d->write || !d->size || d->exec)
			continue;
		gs_rd r = gs_rd_make(b->data + d->off, d->size, b->be, b->ptrsize);
		for (uint64_t p = 0; p + P <= d->size; p += P)
			if (gs_rd_uptr(&r, p) == pclntab_addr && read_at(md, b, d->addr + p, pclntab_addr, nfunc) == 0)
				return 0;
	}
	/* Segments no section describes (wasm's linear memory). */
	for (size_t i = 0; !gs_binary_has_alloc(b) && i < b->nsegs; i++) {
		const gs_segment *d = &b->segs[i];
		if (d->exec || !d->filesz)
			continue;
		gs_rd r = gs_rd_make(b->data + d->off, d->filesz, b->be, b->ptrsize);
		for (uint64_t p = (P - d->addr % P) % P; p + P <= d->filesz; p += P)
			if (gs_rd_uptr(&r, p) == pclntab_addr && read_at(md, b, d->addr + p, pclntab_addr, nfunc) == 0)
				return 0;
	}
	/* PIE whose file holds 0 where the loader writes the pointer. */
	for (size_t i = 0; i < b->nrelocs; i++)
		if (b->relocs[i].value == pclntab_addr && read_at(md, b, b->relocs[i].addr, pclntab_addr, nfunc) == 0)
			return 0;
	return GS_ENOTFOUND;
}

/* The loaded section (executable ones only if exec) whose file bytes hold
 * addr, or NULL. */
static const gs_section *file_sec(const gs_binary *b, uint64_t addr, int exec)
{
	for (size_t i = 0; i < b->nsecs; i++) {
		const gs_section *s = &b->secs[i];
		if (s->alloc && (exec || !s->exec) && s->size && addr >= s->addr && addr - s->addr < s->size)
			return s;
	}
	return NULL;
}

/* The loaded segment (executable ones only if exec) whose bytes hold addr when
 * no section describes the loaded bytes (wasm's linear memory), or NULL. */
static const gs_segment *file_seg(const gs_binary *b, uint64_t addr, int exec)
{
	if (gs_binary_has_alloc(b))
		return NULL;
	for (size_t i = 0; i < b->nsegs; i++) {
		const gs_segment *s = &b->segs[i];
		if ((exec || !s->exec) && s->filesz && addr >= s->addr && addr - s->addr < s->filesz)
			return s;
	}
	return NULL;
}

/* 1 if addr lies inside a loaded, non-executable section (or such a segment) with file bytes. */
static int in_data(const gs_binary *b, uint64_t addr) { return file_sec(b, addr, 0) || file_seg(b, addr, 0); }

void gs_moduledata_types(gs_moduledata *md, const gs_binary *b, uint32_t magic)
{
	/* word index of types; rodata and gofunc follow etypes from 1.18 */
	int at = magic == 0xfffffffa ? 35 : magic == 0xfffffff0 ? 35 : magic == 0xfffffff1 ? 37 : 0;
	uint64_t P = (uint64_t)b->ptrsize, v[6] = {0, 0, 0, 0, 0, 0};
	md->types = md->etypes = md->rodata = md->gofunc = md->gcdata = md->gcbss = 0;
	if (!at || !md->addr)
		return;
	for (int i = 0; i < 6; i++) /* gcdata, gcbss, types, etypes, rodata, gofunc */
		if (gs_binary_ptr(b, md->addr + (uint64_t)(at - 2 + i) * P, &v[i]) < 0)
			return;
	if (in_data(b, v[0]) && in_data(b, v[1]))
		md->gcdata = v[0], md->gcbss = v[1];
	memmove(v, v + 2, 4 * sizeof *v);
	if (v[0] < v[1] && in_data(b, v[0]) && in_data(b, v[1] - 1))
		md->types = v[0], md->etypes = v[1];
	if (magic != 0xfffffffa && in_data(b, v[3]))
		md->rodata = v[2], md->gofunc = v[3];
	/* typelinks: after the textsectmap slice, which follows gofunc (or etypes in 1.16) */
	int tl = magic == 0xfffffffa ? 40 : at + 7;
	uint64_t ptr, len;
	md->typelinks = md->ntypelinks = 0;
	if (md->types && gs_binary_ptr(b, md->addr + (uint64_t)tl * P, &ptr) == 0 &&
	    gs_binary_ptr(b, md->addr + (uint64_t)(tl + 1) * P, &len) == 0 && len < (1u << 24) && in_data(b, ptr))
		md->typelinks = ptr, md->ntypelinks = len;
	md->itablinks = md->nitablinks = 0;
	if (md->typelinks && gs_binary_ptr(b, md->addr + (uint64_t)(tl + 3) * P, &ptr) == 0 &&
	    gs_binary_ptr(b, md->addr + (uint64_t)(tl + 4) * P, &len) == 0 && len < (1u << 24) && in_data(b, ptr))
		md->itablinks = ptr, md->nitablinks = len;
}

uint64_t gs_gcprog_len(const gs_binary *b, uint64_t addr, uint64_t nbits)
{
	const gs_section *s = file_sec(b, addr, 1);
	const gs_segment *g = s ? NULL : file_seg(b, addr, 1);
	if (!s && !g)
		return 0;
	gs_rd r = s ? gs_rd_make(b->data + s->off, s->size, b->be, b->ptrsize)
	            : gs_rd_make(b->data + g->off, g->filesz, b->be, b->ptrsize);
	uint64_t p = addr - (s ? s->addr : g->addr), start = p, bits = 0;
	for (;;) {
		unsigned op = gs_rd_u8(&r, p++);
		if (r.bad || bits > nbits)
			return 0;
		if (op == 0)
			break;
		if (!(op & 0x80)) { /* op literal bits follow */
			bits += op;
			p += (op + 7) / 8;
			continue;
		}
		uint64_t n = op & 0x7F, cnt;
		if (!n)
			n = gs_rd_uvarint(&r, &p);
		cnt = gs_rd_uvarint(&r, &p); /* repeat the last n bits cnt times */
		if (r.bad || n > bits || (n && cnt > nbits / n))
			return 0;
		bits += n * cnt;
	}
	return bits == nbits ? p - start : 0;
}
