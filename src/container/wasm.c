/* wasm.c - the WebAssembly reader: the module header and every section (with
 * its framing), function bodies by Go's PCs, the name section's entries as
 * symbols, and the data segments laid out as linear memory after the file
 * bytes (so readers find Go's pclntab, module data and types by address);
 * into the container model of binary.h.
 *
 * Go's linker (cmd/link/internal/wasm/asm.go) gives the function with wasm
 * index i (imports not counted) the PC (0x1000 + i) << 16, writes one body per
 * function in the code section in that order, and writes Go's data (rodata,
 * typelinks, itablinks, symtab, pclntab, noptrdata, data) as active data
 * segments at their memory offsets, leaving out runs of zeros. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "container/binary.h"
#include "util/err.h"
#include "util/mem.h"

#define FUNC_VALUE_OFFSET 0x1000u
#define MAX_IMAGE (256ull << 20) /* bytes of linear memory the data segments may span */

enum { SEC_CUSTOM = 0, SEC_IMPORT = 2, SEC_FUNCTION = 3, SEC_CODE = 10, SEC_DATA = 11, SEC_MAX = 13 };

static const char *sec_names[SEC_MAX + 1] = {"custom", "type", "import", "function", "table", "memory", "global",
                                               "export", "start", "element", "code", "data", "datacount", "tag"};

typedef struct wreader {
	gs_binary *b;
	gs_rd f;
	uint64_t nimports;  /* imported functions (they come before the bodies in the index space) */
	uint64_t nbodies;
	uint64_t name_off, name_end;   /* the name section's payload, 0 if none */
	uint64_t prod_off, prod_end;   /* the producers section's payload */
	gs_alias *segs;     /* data segments: voff = memory offset until the image is laid out */
	size_t nsegs, segs_cap;
} wreader;

/* An unsigned LEB128 of at most maxbits bits at *p, below end. */
static int leb(wreader *w, uint64_t *p, uint64_t end, unsigned maxbits, uint64_t *out, const char *what)
{
	uint64_t v = 0;
	for (unsigned shift = 0;; shift += 7) {
		if (*p >= end || shift >= maxbits)
			return gs_fail("wasm: %s at offset %llu: bad or truncated LEB128", what, (unsigned long long)*p);
		uint8_t c = gs_rd_u8(&w->f, (*p)++);
		if (w->f.bad)
			return gs_fail("wasm: %s at offset %llu is truncated", what, (unsigned long long)*p);
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			break;
	}
	if (maxbits < 64 && v >> maxbits)
		return gs_fail("wasm: %s at offset %llu does not fit in %u bits", what, (unsigned long long)*p, maxbits);
	*out = v;
	return 0;
}

/* A signed LEB128 (i32/i64 constant) at *p, below end. */
static int sleb(wreader *w, uint64_t *p, uint64_t end, unsigned maxbits, int64_t *out, const char *what)
{
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t c;
	do {
		if (*p >= end || shift >= (maxbits + 6) / 7 * 7)
			return gs_fail("wasm: %s at offset %llu: bad or truncated LEB128", what, (unsigned long long)*p);
		c = gs_rd_u8(&w->f, (*p)++);
		v |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	if (shift < 64 && (c & 0x40))
		v |= ~0ull << shift;
	*out = (int64_t)v;
	return 0;
}

/* A count read at *p whose items take at least min bytes each in [*p, end). */
static int count(wreader *w, uint64_t *p, uint64_t end, uint64_t min, uint64_t *out, const char *what)
{
	if (leb(w, p, end, 32, out, what) < 0)
		return -1;
	if (*out > (end - *p) / min)
		return gs_fail("wasm: %s %llu at offset %llu does not fit in the %llu bytes left", what,
		               (unsigned long long)*out, (unsigned long long)*p, (unsigned long long)(end - *p));
	return 0;
}

static int frame(gs_binary *b, uint64_t off, uint64_t len)
{
	if (!len)
		return 0;
	gs_frame *x = GS_PUSH(b->frames, b->nframes, b->frames_cap);
	if (!x)
		return -1;
	x->off = off, x->len = len;
	return 0;
}

/* A printable copy of a name from the file: ASCII graphic characters kept,
 * anything else '?', at most n-1 bytes. */
static void clean(const uint8_t *s, uint64_t len, char *out, size_t n)
{
	size_t k = 0;
	for (uint64_t i = 0; i < len && k + 1 < n; i++)
		out[k++] = s[i] > 0x20 && s[i] < 0x7f ? (char)s[i] : '?';
	out[k] = '\0';
}

/* The code section: the body of function i maps from PC (0x1000+i)<<16. */
static int code_section(wreader *w, uint64_t p, uint64_t end)
{
	gs_binary *b = w->b;
	uint64_t n, start = p;
	if (count(w, &p, end, 1, &n, "function body count") < 0 || frame(b, start, p - start) < 0)
		return -1;
	if (n > 0xffffu - FUNC_VALUE_OFFSET)
		return gs_fail("wasm: %llu function bodies are more than Go's PCs can number", (unsigned long long)n);
	w->nbodies = n;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t at = p, len;
		if (leb(w, &p, end, 32, &len, "function body size") < 0)
			return -1;
		if (len > end - p)
			return gs_fail("wasm: function body %llu at offset %llu (%llu bytes) runs past its section",
			               (unsigned long long)i, (unsigned long long)p, (unsigned long long)len);
		gs_segment *s = GS_PUSH(b->code, b->ncode, b->code_cap);
		if (!s || frame(b, at, p - at) < 0)
			return -1;
		s->addr = (uint64_t)(FUNC_VALUE_OFFSET + i) << 16;
		s->off = p;
		s->filesz = s->memsz = len;
		s->exec = 1;
		p += len;
	}
	if (p != end)
		return gs_fail("wasm: code section has %llu bytes after its last body", (unsigned long long)(end - p));
	return 0;
}

/* The data section: each active segment of memory 0 with a constant offset
 * is placed; its header (flags, offset expression, size) is framing. */
static int data_section(wreader *w, uint64_t p, uint64_t end)
{
	gs_binary *b = w->b;
	uint64_t n, start = p;
	if (count(w, &p, end, 2, &n, "data segment count") < 0 || frame(b, start, p - start) < 0)
		return -1;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t at = p, flags, mem = 0, len;
		int64_t addr = -1;
		if (leb(w, &p, end, 32, &flags, "data segment flags") < 0)
			return -1;
		if (flags > 2)
			return gs_fail("wasm: data segment %llu has unknown flags %llu", (unsigned long long)i,
			               (unsigned long long)flags);
		if (flags == 2 && leb(w, &p, end, 32, &mem, "data segment memory") < 0)
			return -1;
		if (flags != 1) { /* active: a constant expression gives the offset */
			uint8_t op = gs_rd_u8(&w->f, p);
			if (p >= end)
				return gs_fail("wasm: data segment %llu is truncated", (unsigned long long)i);
			p++;
			if (op == 0x41 || op == 0x42) { /* i32.const, i64.const (memory64) */
				if (sleb(w, &p, end, op == 0x41 ? 32 : 64, &addr, "data segment offset") < 0)
					return -1;
				if (op == 0x41)
					addr = (int64_t)(uint32_t)addr;
			} else if (op == 0x23) { /* global.get: not known before instantiation */
				uint64_t g;
				if (leb(w, &p, end, 32, &g, "data segment global") < 0)
					return -1;
			} else {
				return gs_fail("wasm: data segment %llu has an unsupported offset expression (opcode 0x%02x)",
				               (unsigned long long)i, op);
			}
			if (p >= end || gs_rd_u8(&w->f, p) != 0x0b)
				return gs_fail("wasm: data segment %llu offset expression is not ended", (unsigned long long)i);
			p++;
		}
		if (leb(w, &p, end, 32, &len, "data segment size") < 0)
			return -1;
		if (len > end - p)
			return gs_fail("wasm: data segment %llu at offset %llu (%llu bytes) runs past its section",
			               (unsigned long long)i, (unsigned long long)p, (unsigned long long)len);
		if (frame(b, at, p - at) < 0)
			return -1;
		if (addr >= 0 && mem == 0 && len) {
			gs_alias *a = GS_PUSH(w->segs, w->nsegs, w->segs_cap);
			if (!a)
				return -1;
			a->voff = (uint64_t)addr, a->off = p, a->len = len;
		}
		p += len;
	}
	if (p != end)
		return gs_fail("wasm: data section has %llu bytes after its last segment", (unsigned long long)(end - p));
	return 0;
}

/* Imported functions come first in the function index space. */
static int import_section(wreader *w, uint64_t p, uint64_t end)
{
	uint64_t n;
	if (count(w, &p, end, 4, &n, "import count") < 0)
		return -1;
	for (uint64_t i = 0; i < n; i++) {
		for (int k = 0; k < 2; k++) { /* module and field names */
			uint64_t len;
			if (leb(w, &p, end, 32, &len, "import name length") < 0)
				return -1;
			if (len > end - p)
				return gs_fail("wasm: import %llu name runs past its section", (unsigned long long)i);
			p += len;
		}
		uint8_t kind = gs_rd_u8(&w->f, p);
		uint64_t x;
		if (p++ >= end)
			return gs_fail("wasm: import %llu is truncated", (unsigned long long)i);
		switch (kind) {
		case 0: /* function: type index */
			if (leb(w, &p, end, 32, &x, "import type") < 0)
				return -1;
			w->nimports++;
			break;
		case 1: /* table: reftype, limits */
			p++;
			/* fallthrough */
		case 2: { /* memory: limits */
			uint8_t fl = gs_rd_u8(&w->f, p);
			if (p++ >= end || leb(w, &p, end, 64, &x, "import limit") < 0 ||
			    ((fl & 1) && leb(w, &p, end, 64, &x, "import limit") < 0))
				return -1;
			break;
		}
		case 3: /* global: valtype, mutability */
			p += 2;
			break;
		case 4: /* tag: attribute, type */
			p++;
			if (leb(w, &p, end, 32, &x, "import tag type") < 0)
				return -1;
			break;
		default:
			return gs_fail("wasm: import %llu has unknown kind %u", (unsigned long long)i, kind);
		}
		if (p > end)
			return gs_fail("wasm: import %llu runs past its section", (unsigned long long)i);
	}
	return 0;
}

/* The name section's function names (subsection 1): each entry becomes a
 * symbol at its function's PC, its bytes the symbol's entry. A malformed name
 * section (a custom section: the module is valid without it) is ignored. */
static void name_section(wreader *w)
{
	gs_binary *b = w->b;
	size_t start = b->nsyms;
	uint64_t p = w->name_off, end = w->name_end;
	int ok = 1;
	while (ok && p < end) {
		uint8_t id = gs_rd_u8(&w->f, p++);
		uint64_t len, n;
		if (leb(w, &p, end, 32, &len, "name subsection size") < 0 || len > end - p) {
			ok = 0;
			break;
		}
		uint64_t q = p, sub_end = p + len;
		p = sub_end;
		if (id != 1)
			continue;
		if (count(w, &q, sub_end, 2, &n, "function name count") < 0) {
			ok = 0;
			break;
		}
		for (uint64_t i = 0; i < n && ok; i++) {
			uint64_t at = q, idx, nl;
			if (leb(w, &q, sub_end, 32, &idx, "function index") < 0 ||
			    leb(w, &q, sub_end, 32, &nl, "function name length") < 0 || nl > sub_end - q) {
				ok = 0;
				break;
			}
			q += nl;
			if (idx < w->nimports || idx - w->nimports >= w->nbodies)
				continue; /* an import's name: no body */
			char name[1024];
			clean(b->data + q - nl, nl, name, sizeof name);
			gs_symbol *y = GS_PUSH(b->syms, b->nsyms, b->syms_cap);
			if (!y || !(y->name = gs_strdup(name))) {
				if (y)
					b->nsyms--;
				ok = 0;
				break;
			}
			const gs_segment *body = &b->code[idx - w->nimports];
			y->addr = body->addr;
			y->size = body->filesz;
			y->kind = GS_SYM_FUNC;
			y->ent_off = at, y->ent_len = q - at;
		}
	}
	w->f.bad = 0; /* a broken name section is no error: the names found before it are kept */
	if (ok) {
		b->has_symtab = b->nsyms > start;
		return;
	}
	while (b->nsyms > start)
		free(b->syms[--b->nsyms].name);
}

/* The producers section: the Go version of the "language" field's "Go" value. */
static void producers_section(wreader *w)
{
	uint64_t p = w->prod_off, end = w->prod_end, nf, nv, len;
	char field[32], name[32], ver[64];
	if (count(w, &p, end, 2, &nf, "producers fields") < 0)
		goto out;
	for (uint64_t i = 0; i < nf; i++) {
		if (leb(w, &p, end, 32, &len, "producers field") < 0 || len > end - p)
			goto out;
		clean(w->b->data + p, len, field, sizeof field);
		p += len;
		if (count(w, &p, end, 2, &nv, "producers values") < 0)
			goto out;
		for (uint64_t k = 0; k < nv; k++) {
			if (leb(w, &p, end, 32, &len, "producers name") < 0 || len > end - p)
				goto out;
			clean(w->b->data + p, len, name, sizeof name);
			p += len;
			if (leb(w, &p, end, 32, &len, "producers version") < 0 || len > end - p)
				goto out;
			clean(w->b->data + p, len, ver, sizeof ver);
			p += len;
			if (!w->b->toolchain && strcmp(field, "language") == 0 && strcmp(name, "Go") == 0 &&
			    strncmp(ver, "go", 2) == 0 && !(w->b->toolchain = gs_strdup(ver)))
				goto out;
		}
	}
out:
	w->f.bad = 0; /* a broken producers section is no error: the toolchain stays unknown */
}

static int cmp_alias(const void *x, const void *y)
{
	const gs_alias *a = x, *b = y;
	if (a->voff != b->voff)
		return a->voff < b->voff ? -1 : 1;
	return a->off < b->off ? -1 : a->off > b->off;
}

/* Lays the data segments out as linear memory after the file bytes: one
 * writable segment in the model, and an alias from each segment's copy to its
 * file bytes. Memory between segments (runs of zeros) reads as zeros and has
 * no file bytes. */
static int memory_image(wreader *w)
{
	gs_binary *b = w->b;
	if (!w->nsegs)
		return 0;
	uint64_t lo = UINT64_MAX, hi = 0;
	for (size_t i = 0; i < w->nsegs; i++) {
		const gs_alias *a = &w->segs[i];
		if (a->voff > UINT64_MAX - a->len)
			return gs_fail("wasm: data segment at memory offset %llu overflows", (unsigned long long)a->voff);
		if (a->voff < lo)
			lo = a->voff;
		if (a->voff + a->len > hi)
			hi = a->voff + a->len;
	}
	lo &= ~(uint64_t)0xfff; /* from the page start: a region may begin with zeros the linker left out */
	if (hi - lo > MAX_IMAGE)
		return gs_fail("wasm: data segments span %llu bytes of memory (more than %llu MiB)",
		               (unsigned long long)(hi - lo), MAX_IMAGE >> 20);
	uint8_t *buf = gs_calloc((size_t)(b->size + (hi - lo)), 1);
	if (!buf)
		return -1;
	memcpy(buf, b->data, (size_t)b->size);
	for (size_t i = 0; i < w->nsegs; i++) { /* in file order: a later segment overwrites */
		gs_alias *a = &w->segs[i];
		memcpy(buf + b->size + (a->voff - lo), b->data + a->off, (size_t)a->len);
		a->voff = b->size + (a->voff - lo);
	}
	gs_segment *s = GS_PUSH(b->segs, b->nsegs, b->segs_cap);
	if (!s) {
		free(buf);
		return -1;
	}
	s->off = b->size, s->filesz = s->memsz = hi - lo, s->addr = lo, s->write = 1;
	b->owned = buf;
	b->data = buf;
	b->vsize = b->size + (hi - lo);
	/* aliases sorted and made disjoint (an overlap stays with the lower one) */
	qsort(w->segs, w->nsegs, sizeof *w->segs, cmp_alias);
	uint64_t covered = 0;
	for (size_t i = 0; i < w->nsegs; i++) {
		gs_alias a = w->segs[i];
		if (a.voff < covered) {
			uint64_t cut = covered - a.voff;
			if (cut >= a.len)
				continue;
			a.voff += cut, a.off += cut, a.len -= cut;
		}
		gs_alias *x = GS_PUSH(b->alias, b->nalias, b->alias_cap);
		if (!x)
			return -1;
		*x = a;
		covered = a.voff + a.len;
	}
	return 0;
}

static int walk(wreader *w)
{
	gs_binary *b = w->b;
	uint64_t p = 8, code_off = 0, code_end = 0, data_off = 0, data_end = 0;
	int last_id = 0;
	if (gs_binary_add_piece(b, "[wasm header]", GS_SEC_HEADER, 0, 8) < 0)
		return -1;
	while (p < b->size) {
		uint64_t start = p, len;
		uint8_t id = gs_rd_u8(&w->f, p++);
		if (id > SEC_MAX)
			return gs_fail("wasm: unknown section id %u at offset %llu", id, (unsigned long long)start);
		if (leb(w, &p, b->size, 32, &len, "section size") < 0)
			return -1;
		if (len > b->size - p)
			return gs_fail("wasm: %s section at offset %llu (%llu bytes) extends past the end of the file (truncated?)",
			               sec_names[id], (unsigned long long)start, (unsigned long long)len);
		uint64_t end = p + len, body = p;
		char name[160];
		if (id == SEC_CUSTOM) {
			uint64_t nl;
			if (leb(w, &body, end, 32, &nl, "custom section name") < 0)
				return -1;
			if (nl > end - body)
				return gs_fail("wasm: custom section name at offset %llu runs past its section",
				               (unsigned long long)body);
			char cn[128];
			clean(b->data + body, nl, cn, sizeof cn);
			snprintf(name, sizeof name, "custom:%s", cn);
			if (nl == 4 && memcmp(b->data + body, "name", 4) == 0)
				w->name_off = body + nl, w->name_end = end;
			if (nl == 9 && memcmp(b->data + body, "producers", 9) == 0)
				w->prod_off = body + nl, w->prod_end = end;
			body += nl;
		} else {
			/* known sections come once each (datacount before code) */
			int order = id == 12 ? 95 : id == 13 ? 55 : id * 10;
			if (order <= last_id)
				return gs_fail("wasm: %s section at offset %llu is out of order or repeated", sec_names[id],
				               (unsigned long long)start);
			last_id = order;
			snprintf(name, sizeof name, "%s", sec_names[id]);
		}
		gs_section *s = gs_binary_add_section(b, name);
		if (!s || frame(b, start, body - start) < 0)
			return -1;
		s->type = id;
		s->off = start;
		s->size = end - start;
		s->kind = id == SEC_CODE ? GS_SEC_TEXT : id == SEC_DATA ? GS_SEC_DATA :
		          strcmp(name, "custom:name") == 0 ? GS_SEC_SYMTAB :
		          strncmp(name, "custom:.debug_", 14) == 0 ? GS_SEC_DEBUG : GS_SEC_OTHER;
		s->exec = id == SEC_CODE;
		s->write = id == SEC_DATA;
		if (s->kind == GS_SEC_DEBUG)
			b->has_dwarf = 1;
		if (id == SEC_IMPORT && import_section(w, body, end) < 0)
			return -1;
		if (id == SEC_CODE)
			code_off = body, code_end = end;
		if (id == SEC_DATA)
			data_off = body, data_end = end;
		p = end;
	}
	if (code_end && code_section(w, code_off, code_end) < 0)
		return -1;
	if (data_end && data_section(w, data_off, data_end) < 0)
		return -1;
	if (w->name_end)
		name_section(w);
	if (w->prod_end)
		producers_section(w);
	return memory_image(w);
}

int gs_wasm_parse(gs_binary *b)
{
	wreader w;
	memset(&w, 0, sizeof w);
	w.b = b;
	w.f = gs_rd_make(b->data, b->size, 0, 8);
	if (b->size < 8)
		return gs_fail("wasm: module header truncated (%llu bytes)", (unsigned long long)b->size);
	uint32_t version = gs_rd_u32(&w.f, 4);
	if (version != 1)
		return gs_fail("wasm: unsupported module version %u", version);
	b->format = "wasm";
	b->arch = "wasm";
	b->ptrsize = 8;
	b->be = 0;
	int rc = walk(&w);
	free(w.segs);
	return rc;
}
