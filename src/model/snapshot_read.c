/* snapshot_read.c - schema 3 snapshots loaded straight from the text: a pull
 * parser (strict JSON: UTF-8 checked, no NUL, duplicate keys rejected,
 * bounded nesting) fills the snapshot as it reads, with no tree in between.
 * The checks on what is loaded are the tree loader's (snapshot_json.c). */
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/esc.h"
#include "util/mem.h"
#include "model/snapshot_json.h"
#include "util/strmap.h"

#define MAX_DEPTH 256

typedef struct jp {
	const unsigned char *p, *end, *base;
	gs_sb k, v; /* the last key, the last string value (NUL-terminated) */
	int depth;
} jp;

static int syn(jp *j, const char *why)
{
	int line = 1;
	for (const unsigned char *q = j->base; q < j->p && q < j->end; q++)
		line += *q == '\n';
	return gs_fail("not valid JSON: line %d: %s", line, why);
}

static void ws(jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
		j->p++;
}

/* The next significant byte (not consumed), or 0 at the end. */
static int peek(jp *j)
{
	ws(j);
	return j->p < j->end ? *j->p : 0;
}

static int eat(jp *j, int c, const char *why)
{
	if (peek(j) != c)
		return syn(j, why);
	j->p++;
	return 0;
}

static int hex4(jp *j, uint32_t *v)
{
	*v = 0;
	if (j->end - j->p < 4)
		return syn(j, "invalid \\u escape");
	for (int i = 0; i < 4; i++) {
		int c = j->p[i], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		                     c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return syn(j, "invalid \\u escape");
		*v = *v << 4 | (uint32_t)d;
	}
	j->p += 4;
	return 0;
}

static void put_cp(gs_sb *o, uint32_t c)
{
	char u[4];
	size_t n;
	if (c < 0x80)
		u[0] = (char)c, n = 1;
	else if (c < 0x800)
		u[0] = (char)(0xc0 | c >> 6), u[1] = (char)(0x80 | (c & 0x3f)), n = 2;
	else if (c < 0x10000)
		u[0] = (char)(0xe0 | c >> 12), u[1] = (char)(0x80 | (c >> 6 & 0x3f)), u[2] = (char)(0x80 | (c & 0x3f)), n = 3;
	else
		u[0] = (char)(0xf0 | c >> 18), u[1] = (char)(0x80 | (c >> 12 & 0x3f)), u[2] = (char)(0x80 | (c >> 6 & 0x3f)),
		u[3] = (char)(0x80 | (c & 0x3f)), n = 4;
	gs_sb_putn(o, u, n);
}

/* A string into o (replacing its content). */
static int str(jp *j, gs_sb *o)
{
	if (eat(j, '"', "expected a string") < 0)
		return -1;
	o->len = 0;
	gs_sb_putn(o, "", 0);
	for (;;) {
		const unsigned char *run = j->p;
		while (j->end - j->p >= 8 && gs_json_plain8(j->p))
			j->p += 8;
		while (j->p < j->end && *j->p >= 0x20 && *j->p < 0x80 && *j->p != '"' && *j->p != '\\')
			j->p++;
		gs_sb_putn(o, (const char *)run, (size_t)(j->p - run));
		if (j->p >= j->end)
			return syn(j, "premature end of input");
		unsigned c = *j->p;
		if (c == '"') {
			j->p++;
			return o->oom ? gs_fail("out of memory") : 0;
		}
		if (c < 0x20)
			return syn(j, "control character in a string");
		if (c >= 0x80) {
			size_t k = gs_utf8_seq(j->p, (size_t)(j->end - j->p), NULL);
			if (!k)
				return syn(j, "invalid UTF-8 in a string");
			gs_sb_putn(o, (const char *)j->p, k);
			j->p += k;
			continue;
		}
		/* an escape */
		if (j->end - j->p < 2)
			return syn(j, "premature end of input");
		c = j->p[1];
		j->p += 2;
		const char *simple = strchr("\"\\/bfnrt", (int)c);
		if (simple && c) {
			static const char out[] = "\"\\/\b\f\n\r\t";
			gs_sb_putn(o, &out[simple - "\"\\/bfnrt"], 1);
			continue;
		}
		if (c != 'u')
			return syn(j, "invalid escape");
		uint32_t cp, lo;
		if (hex4(j, &cp) < 0)
			return -1;
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return syn(j, "invalid Unicode escape (lone low surrogate)");
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
				return syn(j, "invalid Unicode escape (lone high surrogate)");
			j->p += 2;
			if (hex4(j, &lo) < 0)
				return -1;
			if (lo < 0xdc00 || lo > 0xdfff)
				return syn(j, "invalid Unicode escape (bad low surrogate)");
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		if (cp == 0)
			return syn(j, "\\u0000 is not allowed");
		put_cp(o, cp);
	}
}

static int wrong_at(const char *where, const char *key)
{
	return gs_fail("snapshot: %s%s\"%s\" has the wrong type", where, *where ? ": " : "", key);
}

/* A value of the wrong type, or the end of the text where a value belongs. */
static int wrong_j(jp *j, const char *where, const char *key)
{
	return peek(j) ? wrong_at(where, key) : syn(j, "premature end of input");
}
#define wrong(where, key) wrong_j(j, where, key)

/* A non-negative integer. */
static int u64(jp *j, uint64_t *v, const char *where, const char *key)
{
	int c = peek(j);
	if (c == '-')
		return gs_fail("snapshot: %s%s\"%s\" is negative", where, *where ? ": " : "", key);
	if (c < '0' || c > '9')
		return wrong(where, key);
	if (c == '0' && j->p + 1 < j->end && j->p[1] >= '0' && j->p[1] <= '9')
		return syn(j, "leading zero in a number");
	uint64_t x = 0;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
		unsigned d = *j->p - '0';
		if (x >= UINT64_MAX / 10 && (x > UINT64_MAX / 10 || d > UINT64_MAX % 10)) /* x * 10 + d > UINT64_MAX */
			return syn(j, "too big integer");
		x = x * 10 + d;
		j->p++;
	}
	if (j->p < j->end && (*j->p == '.' || *j->p == 'e' || *j->p == 'E'))
		return wrong(where, key);
	*v = x;
	return 0;
}

static int lit(jp *j, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
		return syn(j, "invalid token");
	j->p += n;
	return 0;
}

static int boolean(jp *j, int *v, const char *where, const char *key)
{
	int c = peek(j);
	if (c != 't' && c != 'f')
		return wrong(where, key);
	*v = c == 't';
	return lit(j, c == 't' ? "true" : "false");
}

/* 1 and consumed if the next value is null. */
static int is_null(jp *j)
{
	if (peek(j) != 'n')
		return 0;
	return lit(j, "null") < 0 ? -1 : 1;
}

/* A malloc'd string; NULL for null when nullable. */
static int dup_str(jp *j, char **out, int nullable, const char *where, const char *key)
{
	if (nullable) {
		int n = is_null(j);
		if (n)
			return n < 0 ? -1 : 0;
	}
	if (peek(j) != '"')
		return wrong(where, key);
	if (str(j, &j->v) < 0)
		return -1;
	free(*out);
	return (*out = gs_strdup(j->v.s)) ? 0 : -1;
}

/* Object and array iteration: *n counts the members seen so far. */
static int obj_open(jp *j, const char *where, const char *key)
{
	if (peek(j) != '{')
		return wrong(where, key);
	if (++j->depth > MAX_DEPTH)
		return syn(j, "too deeply nested");
	j->p++;
	return 0;
}

/* 1 with the key in j->k, 0 at the end of the object. */
static int obj_next(jp *j, size_t *n)
{
	int c = peek(j);
	if (c == '}') {
		j->p++;
		j->depth--;
		return 0;
	}
	if (*n && eat(j, ',', "expected ',' or '}'") < 0)
		return -1;
	if (str(j, &j->k) < 0 || eat(j, ':', "expected ':'") < 0)
		return -1;
	(*n)++;
	return 1;
}

static int arr_open(jp *j, const char *where, const char *key)
{
	if (peek(j) != '[')
		return wrong(where, key);
	if (++j->depth > MAX_DEPTH)
		return syn(j, "too deeply nested");
	j->p++;
	return 0;
}

static int arr_next(jp *j, size_t *n)
{
	int c = peek(j);
	if (c == ']') {
		j->p++;
		j->depth--;
		return 0;
	}
	if (*n && eat(j, ',', "expected ',' or ']'") < 0)
		return -1;
	(*n)++;
	return 1;
}

static int skip(jp *j)
{
	size_t n = 0;
	int r;
	switch (peek(j)) {
	case '{':
		if (obj_open(j, "", "") < 0)
			return -1;
		while ((r = obj_next(j, &n)) > 0)
			if (skip(j) < 0)
				return -1;
		return r;
	case '[':
		if (arr_open(j, "", "") < 0)
			return -1;
		while ((r = arr_next(j, &n)) > 0)
			if (skip(j) < 0)
				return -1;
		return r;
	case '"':
		return str(j, &j->v);
	case 't':
		return lit(j, "true");
	case 'f':
		return lit(j, "false");
	case 'n':
		return lit(j, "null");
	case 0:
		return syn(j, "premature end of input");
	default: {
		if (*j->p == '-')
			j->p++;
		const unsigned char *d = j->p;
		while (j->p < j->end && ((*j->p >= '0' && *j->p <= '9') || *j->p == '.' || *j->p == 'e' || *j->p == 'E' ||
		                         *j->p == '+' || *j->p == '-'))
			j->p++;
		return j->p == d ? syn(j, "invalid token") : 0;
	}
	}
}

/* Marks key number bit as seen; a second time is a duplicate key. */
static int seen(jp *j, unsigned *mask, int bit)
{
	if (*mask & 1u << bit)
		return syn(j, "duplicate object key");
	*mask |= 1u << bit;
	return 0;
}

/* The index of j->k in keys (NULL-terminated), or -1. */
static int which(jp *j, const char *const *keys)
{
	for (int i = 0; keys[i]; i++)
		if (strcmp(j->k.s, keys[i]) == 0)
			return i;
	return -1;
}

/* Every key in keys whose bit is in need must be in mask. */
static int missing(const char *const *keys, unsigned mask, unsigned need, const char *where)
{
	for (int i = 0; keys[i]; i++)
		if ((need & 1u << i) && !(mask & 1u << i))
			return gs_fail("snapshot: %s%s\"%s\" is missing", where, *where ? ": " : "", keys[i]);
	return 0;
}

/* One pass over an object with known keys: fn handles key i's value. */
typedef int (*member_fn)(jp *j, int i, void *ctx, const char *where);

static int object(jp *j, const char *const *keys, unsigned need, member_fn fn, void *ctx, const char *where,
                  const char *key)
{
	size_t n = 0;
	unsigned mask = 0;
	int r;
	if (obj_open(j, where, key) < 0)
		return -1;
	while ((r = obj_next(j, &n)) > 0) {
		int i = which(j, keys);
		if (i < 0) {
			if (skip(j) < 0)
				return -1;
			continue;
		}
		if (seen(j, &mask, i) < 0 || fn(j, i, ctx, where) < 0)
			return -1;
	}
	return r < 0 ? -1 : missing(keys, mask, need, where);
}

/* ---- the snapshot's parts ---- */

static const char *const MODULE_KEYS[] = {"path", "version", "sum", "replace", NULL};

static int module_member(jp *j, int i, void *ctx, const char *where);

static int replace_member(jp *j, int i, void *ctx, const char *where)
{
	gs_module *m = ctx;
	char **f[] = {&m->rep_path, &m->rep_version, &m->rep_sum};
	return i < 3 ? dup_str(j, f[i], 0, where, MODULE_KEYS[i]) : skip(j);
}

static int module_member(jp *j, int i, void *ctx, const char *where)
{
	gs_module *m = ctx;
	char **f[] = {&m->path, &m->version, &m->sum};
	if (i < 3)
		return dup_str(j, f[i], 0, where, MODULE_KEYS[i]);
	int n = is_null(j);
	if (n)
		return n < 0 ? -1 : 0;
	if (object(j, MODULE_KEYS, 7, replace_member, m, where, "replace") < 0)
		return -1;
	return 0;
}

static int module(jp *j, gs_module *m, const char *where, const char *key)
{
	return object(j, MODULE_KEYS, 7, module_member, m, where, key);
}

static const char *const SAVINGS_KEYS[] = {"ldflags_w", "ldflags_s", "trimpath_estimate", NULL};

static int savings_member(jp *j, int i, void *ctx, const char *where)
{
	gs_snapshot *s = ctx;
	uint64_t *f[] = {&s->save_w, &s->save_s, &s->save_trimpath};
	return u64(j, f[i], where, SAVINGS_KEYS[i]);
}

static const char *const PCLN_KEYS[] = {"magic", "layout", "functions", NULL};

static int pcln_member(jp *j, int i, void *ctx, const char *where)
{
	gs_snapshot *s = ctx;
	if (i == 2)
		return u64(j, &s->nfuncs, where, "functions");
	return dup_str(j, i == 0 ? &s->pclntab_magic : &s->pclntab_go, 1, where, PCLN_KEYS[i]);
}

static const char *const GO_KEYS[] = {"version", "path", "main", "savings", "deps", "settings", "pclntab", NULL};

static int go_member(jp *j, int i, void *ctx, const char *where)
{
	gs_snapshot *s = ctx;
	gs_buildinfo *bi = &s->bi;
	size_t n = 0;
	int r;
	char w[64];
	switch (i) {
	case 0:
		return dup_str(j, &bi->goversion, 1, where, "version");
	case 1:
		return dup_str(j, &bi->path, 1, where, "path");
	case 2:
		if ((r = is_null(j)))
			return r < 0 ? -1 : 0;
		return module(j, &bi->main, "go.main", "main");
	case 3:
		return object(j, SAVINGS_KEYS, 0, savings_member, s, "go.savings", "savings");
	case 4:
		if (arr_open(j, where, "deps") < 0)
			return -1;
		while ((r = arr_next(j, &n)) > 0) {
			snprintf(w, sizeof w, "go.deps[%zu]", n - 1);
			gs_module *d = GS_PUSH(bi->deps, bi->ndeps, bi->deps_cap);
			if (!d || module(j, d, w, "") < 0)
				return -1;
		}
		return r;
	case 5: {
		gs_strmap seenk = {0};
		if (obj_open(j, where, "settings") < 0)
			return -1;
		while ((r = obj_next(j, &n)) > 0) {
			gs_setting *x = GS_PUSH(bi->settings, bi->nsettings, bi->settings_cap);
			if (!x || !(x->key = gs_strdup(j->k.s)))
				break;
			if (peek(j) != '"') {
				r = peek(j) ? gs_fail("snapshot: go.settings: \"%s\" has the wrong type", x->key) :
				              syn(j, "premature end of input");
				break;
			}
			if (gs_strmap_get(&seenk, x->key) != (size_t)-1) {
				r = syn(j, "duplicate object key");
				break;
			}
			if (gs_strmap_put(&seenk, x->key, 0) < 0 || dup_str(j, &x->value, 0, where, x->key) < 0) {
				r = -1;
				break;
			}
		}
		gs_strmap_dispose(&seenk);
		return r > 0 ? -1 : r;
	}
	default:
		return object(j, PCLN_KEYS, 4, pcln_member, s, "go.pclntab", "pclntab");
	}
}

static int go(jp *j, gs_snapshot *s)
{
	if (object(j, GO_KEYS, 1u << 4 | 1u << 5 | 1u << 6, go_member, s, "go", "go") < 0)
		return -1;
	s->bi.found = s->bi.goversion != NULL;
	return 0;
}

typedef struct bin_ctx {
	gs_snapshot *s;
	char *endian, *sha;
	uint64_t ptr;
	int stripped;
} bin_ctx;

static const char *const BIN_KEYS[] = {"path", "size", "format", "arch", "ptr_size", "endian",
                                       "pie", "stripped", "dwarf", "sha256", NULL};

static int bin_member(jp *j, int i, void *ctx, const char *where)
{
	bin_ctx *b = ctx;
	gs_snapshot *s = b->s;
	switch (i) {
	case 0: return dup_str(j, &s->path, 0, where, "path");
	case 1: return u64(j, &s->file_size, where, "size");
	case 2: return dup_str(j, &s->format, 0, where, "format");
	case 3: return dup_str(j, &s->arch, 0, where, "arch");
	case 4: return u64(j, &b->ptr, where, "ptr_size");
	case 5: return dup_str(j, &b->endian, 0, where, "endian");
	case 6: return boolean(j, &s->pie, where, "pie");
	case 7: return boolean(j, &b->stripped, where, "stripped");
	case 8: return boolean(j, &s->has_dwarf, where, "dwarf");
	default: return dup_str(j, &b->sha, 0, where, "sha256");
	}
}

static int binary(jp *j, gs_snapshot *s)
{
	bin_ctx b = {s, NULL, NULL, 0, 0};
	int rc = object(j, BIN_KEYS, 0x3ff, bin_member, &b, "binary", "binary");
	if (rc == 0) {
		s->ptrsize = (int)(b.ptr & 0xff);
		s->has_symtab = !b.stripped;
		s->big_endian = strcmp(b.endian, "big") == 0;
		snprintf(s->sha256, sizeof s->sha256, "%s", b.sha);
	}
	free(b.endian);
	free(b.sha);
	return rc;
}

static const char *const SEC_KEYS[] = {"name",    "kind",       "file_offset",  "file_size",         "vm_addr",
                                       "vm_size", "compressed", "unattributed", "uncompressed_size", NULL};

static int sec_member(jp *j, int i, void *ctx, const char *where)
{
	gs_snap_section *x = ctx;
	uint64_t *f[] = {NULL, NULL, &x->off, &x->size, &x->addr, &x->vmsize, NULL, &x->unattributed, &x->usize};
	if (i < 2)
		return dup_str(j, i ? &x->kind : &x->name, 0, where, SEC_KEYS[i]);
	if (i == 6)
		return boolean(j, &x->compressed, where, "compressed");
	return u64(j, f[i], where, SEC_KEYS[i]);
}

static const char *const PKG_KEYS[] = {"name", "module", "size", "bss", "functions", "sizes", NULL};

static int pkg_member(jp *j, int i, void *ctx, const char *where)
{
	gs_snap_pkg *p = ctx;
	size_t n = 0;
	unsigned mask = 0;
	int r;
	switch (i) {
	case 0: return dup_str(j, &p->name, 0, where, "name");
	case 1: return dup_str(j, &p->module, 0, where, "module");
	case 2: return u64(j, &p->size, where, "size");
	case 3: return u64(j, &p->bss, where, "bss");
	case 4: return u64(j, &p->functions, where, "functions");
	default:
		if (obj_open(j, where, "sizes") < 0)
			return -1;
		while ((r = obj_next(j, &n)) > 0) {
			int c = gs_cat_parse(j->k.s);
			if (!peek(j))
				return syn(j, "premature end of input");
			if (c < 0 || (peek(j) < '0' || peek(j) > '9'))
				return gs_fail("snapshot: %s: bad size category \"%s\"", where, j->k.s);
			if (seen(j, &mask, c) < 0 || u64(j, &p->cat[c], where, j->k.s) < 0)
				return -1;
		}
		return r;
	}
}

static const char *const MOD_KEYS[] = {"path", "version", "size", "packages", NULL};

static int mod_member(jp *j, int i, void *ctx, const char *where)
{
	gs_snap_module *m = ctx;
	if (i < 2)
		return dup_str(j, i ? &m->version : &m->path, 0, where, MOD_KEYS[i]);
	return u64(j, i == 2 ? &m->size : &m->packages, where, MOD_KEYS[i]);
}

static void where_index(char *w, const char *prefix, size_t i)
{
	char d[24], *e = d + sizeof d, *q = e;
	do
		*--q = (char)('0' + i % 10);
	while (i /= 10);
	size_t pl = strlen(prefix);
	memcpy(w, prefix, pl);
	memcpy(w + pl, q, (size_t)(e - q));
	w[pl + (size_t)(e - q)] = ']';
	w[pl + (size_t)(e - q) + 1] = '\0';
}

/* "symbols": {"pkg": [[name, addr delta, size(, pcln(, kind))], ...], ...} */
static int symbols(jp *j, gs_snapshot *s)
{
	size_t n = 0;
	int r;
	char w[64];
	gs_strmap pk = {0};
	if (obj_open(j, "", "symbols") < 0)
		return -1;
	while ((r = obj_next(j, &n)) > 0) {
		/* the package's name, shared by its symbols (and the map's key) */
		char *pkg = gs_arena_strndup(&s->sym_strs, j->k.s, j->k.len);
		if (!pkg) {
			r = -1;
			break;
		}
		size_t pl = j->k.len, m = 0;
		if (gs_strmap_get(&pk, pkg) != (size_t)-1) {
			r = syn(j, "duplicate object key");
			break;
		}
		if (gs_strmap_put(&pk, pkg, 0) < 0 || arr_open(j, "symbols", pkg) < 0) {
			r = -1;
			break;
		}
		uint64_t addr = 0;
		while ((r = arr_next(j, &m)) > 0) {
			where_index(w, "symbols[", s->nsyms); /* per symbol: no printf */
			gs_snap_sym *y = GS_PUSH(s->syms, s->nsyms, s->syms_cap);
			size_t f = 0;
			int rf;
			uint64_t delta = 0;
			if (!y || peek(j) != '[') {
				r = !y ? -1 : peek(j) ? gs_fail("snapshot: %s is not a list", w) : syn(j, "premature end of input");
				break;
			}
			arr_open(j, w, "");
			while ((rf = arr_next(j, &f)) > 0) {
				if (f == 1) {
					if (peek(j) != '"') {
						rf = wrong(w, "name");
						break;
					}
					if (str(j, &j->v) < 0) {
						rf = -1;
						break;
					}
					const char *t = j->v.s;
					if (t[0] == '.') {
						if (!(y->name = gs_arena_alloc(&s->sym_strs, pl + j->v.len + 1))) {
							rf = -1;
							break;
						}
						memcpy(y->name, pkg, pl);
						memcpy(y->name + pl, t, j->v.len + 1);
					} else if (!(y->name = gs_arena_strndup(&s->sym_strs, t + (t[0] == '!'), j->v.len - (t[0] == '!')))) {
						rf = -1;
						break;
					}
				} else if (f == 2 || f == 3 || f == 4) {
					uint64_t *d = f == 2 ? &delta : f == 3 ? &y->size : &y->pcln;
					if (u64(j, d, w, f == 2 ? "addr" : f == 3 ? "size" : "pcln") < 0) {
						rf = -1;
						break;
					}
				} else if (f == 5) {
					if (peek(j) != '"') {
						rf = wrong(w, "kind");
						break;
					}
					if (str(j, &j->v) < 0) {
						rf = -1;
						break;
					}
					y->bss = strcmp(j->v.s, "bss") == 0;
					int c = y->bss ? GS_CAT_DATA : gs_cat_parse(j->v.s);
					if (c < 0) {
						rf = gs_fail("snapshot: %s: unknown kind", w);
						break;
					}
					y->cat = (gs_cat)c;
				} else {
					rf = gs_fail("snapshot: %s: more than 5 fields", w);
					break;
				}
			}
			if (rf < 0) {
				r = -1;
				break;
			}
			if (f < 3) {
				r = gs_fail("snapshot: %s: expected [name, addr, size(, pcln(, kind))]", w);
				break;
			}
			if (f < 5)
				y->cat = GS_CAT_CODE;
			if (delta > UINT64_MAX - addr) {
				r = gs_fail("snapshot: %s: addresses overflow", w);
				break;
			}
			addr += delta;
			y->addr = addr;
			y->pkg = pkg;
		}
		if (r < 0)
			break;
	}
	gs_strmap_dispose(&pk);
	return r;
}

static const char *const IMP_KEYS[] = {"root", "note", "packages", NULL};

static int imp_member(jp *j, int i, void *ctx, const char *where)
{
	gs_snapshot *s = ctx;
	size_t n = 0;
	int r;
	if (i == 0)
		return dup_str(j, &s->imports_root, 1, where, "root");
	if (i == 1)
		return dup_str(j, &s->imports_note, 1, where, "note");
	gs_strmap seenk = {0};
	if (obj_open(j, where, "packages") < 0)
		return -1;
	while ((r = obj_next(j, &n)) > 0) {
		gs_imp *m = GS_PUSH(s->imps, s->nimps, s->imps_cap);
		size_t cap = 0, k = 0;
		if (!m || !(m->pkg = gs_strdup(j->k.s))) {
			r = -1;
			break;
		}
		if (gs_strmap_get(&seenk, m->pkg) != (size_t)-1) {
			r = syn(j, "duplicate object key");
			break;
		}
		if (gs_strmap_put(&seenk, m->pkg, 0) < 0) {
			r = -1;
			break;
		}
		if (peek(j) != '[') {
			r = peek(j) ? gs_fail("snapshot: imports: \"%s\" is not a list", m->pkg) : syn(j, "premature end of input");
			break;
		}
		if (arr_open(j, where, m->pkg) < 0) {
			r = -1;
			break;
		}
		while ((r = arr_next(j, &k)) > 0) {
			char **slot = GS_PUSH(m->deps, m->ndeps, cap);
			if (!slot) {
				r = -1;
				break;
			}
			if (peek(j) != '"') {
				r = peek(j) ? gs_fail("snapshot: imports: \"%s\" lists a non-string", m->pkg) :
				              syn(j, "premature end of input");
				break;
			}
			if (dup_str(j, slot, 0, where, m->pkg) < 0) {
				r = -1;
				break;
			}
		}
		if (r != 0) {
			r = -1;
			break;
		}
	}
	gs_strmap_dispose(&seenk);
	return r;
}

static const char *const TOT_KEYS[] = {"file", "attributed", "unattributed", NULL};

typedef struct tot_ctx {
	gs_snapshot *s;
	uint64_t file, attr;
} tot_ctx;

static int tot_member(jp *j, int i, void *ctx, const char *where)
{
	tot_ctx *t = ctx;
	uint64_t *f[] = {&t->file, &t->attr, &t->s->unattributed};
	return u64(j, f[i], where, TOT_KEYS[i]);
}

static const char *const TOP_KEYS[] = {"schema",  "tool",          "binary",  "go",      "sections", "packages",
                                       "modules", "symbols_total", "symbols", "imports", "totals",   NULL};

typedef struct top_ctx {
	gs_snapshot *s;
	uint64_t schema;
	tot_ctx tot;
} top_ctx;

static int top_member(jp *j, int i, void *ctx, const char *where)
{
	top_ctx *t = ctx;
	gs_snapshot *s = t->s;
	size_t n = 0;
	int r;
	char w[64];
	(void)where;
	switch (i) {
	case 0:
		if (u64(j, &t->schema, "", "schema") < 0)
			return -1;
		if (t->schema != GS_SCHEMA)
			return gs_fail("snapshot: schema %llu in a schema %d document", (unsigned long long)t->schema, GS_SCHEMA);
		return 0;
	case 1:
		return dup_str(j, &s->tool, 0, "", "tool");
	case 2:
		return binary(j, s);
	case 3:
		return go(j, s);
	case 4:
		if (arr_open(j, "", "sections") < 0)
			return -1;
		while ((r = arr_next(j, &n)) > 0) {
			snprintf(w, sizeof w, "sections[%zu]", n - 1);
			gs_snap_section *x = GS_PUSH(s->secs, s->nsecs, s->secs_cap);
			if (!x || object(j, SEC_KEYS, 0xff, sec_member, x, w, "") < 0)
				return -1;
		}
		return r;
	case 5:
		if (arr_open(j, "", "packages") < 0)
			return -1;
		while ((r = arr_next(j, &n)) > 0) {
			snprintf(w, sizeof w, "packages[%zu]", n - 1);
			gs_snap_pkg *p = GS_PUSH(s->pkgs, s->npkgs, s->pkgs_cap);
			if (!p || object(j, PKG_KEYS, 0x3f, pkg_member, p, w, "") < 0)
				return -1;
		}
		return r;
	case 6:
		if (arr_open(j, "", "modules") < 0)
			return -1;
		while ((r = arr_next(j, &n)) > 0) {
			snprintf(w, sizeof w, "modules[%zu]", n - 1);
			gs_snap_module *m = GS_PUSH(s->mods, s->nmods, s->mods_cap);
			if (!m || object(j, MOD_KEYS, 0xf, mod_member, m, w, "") < 0)
				return -1;
		}
		return r;
	case 7:
		return u64(j, &s->nsyms_total, "", "symbols_total");
	case 8:
		return symbols(j, s);
	case 9:
		if ((r = is_null(j)))
			return r < 0 ? -1 : 0;
		return object(j, IMP_KEYS, 0, imp_member, s, "imports", "imports");
	default:
		return object(j, TOT_KEYS, 7, tot_member, &t->tot, "totals", "totals");
	}
}

int gs_snapshot_read3(gs_snapshot *s, const char *text, size_t len)
{
	jp j = {(const unsigned char *)text, (const unsigned char *)text + len, (const unsigned char *)text, {0}, {0}, 0};
	top_ctx t = {s, 0, {s, 0, 0}};
	memset(s, 0, sizeof *s);
	int rc = -1;
	if (peek(&j) != '{') {
		if (peek(&j))
			gs_fail("snapshot: not a JSON object");
		else
			syn(&j, "premature end of input");
		goto out;
	}
	if (object(&j, TOP_KEYS, 0x5ff, top_member, &t, "", "") < 0)
		goto out;
	if (peek(&j) != 0) {
		syn(&j, "end of file expected");
		goto out;
	}
	/* the loaders' checks, now that everything is in */
	for (size_t i = 0; i < s->npkgs; i++) {
		char w[64];
		snprintf(w, sizeof w, "packages[%zu]", i);
		if (gs_snapshot_pkg_check(s, &s->pkgs[i], w) < 0)
			goto out;
	}
	if (gs_snapshot_sizes_check(s) < 0)
		goto out;
	if (!s->imports_root && !s->imports_note && !(s->imports_note = gs_strdup("no import graph")))
		goto out;
	if (s->imports_root && s->imports_note) {
		free(s->imports_note);
		s->imports_note = NULL;
	}
	if (gs_snapshot_totals_check(s, t.tot.file, t.tot.attr) < 0)
		goto out;
	gs_snapshot_sort(s);
	rc = 0;
out:
	gs_sb_dispose(&j.k);
	gs_sb_dispose(&j.v);
	if (rc < 0)
		gs_snapshot_dispose(s);
	return rc;
}

int gs_snapshot_text_schema(const char *text, size_t len)
{
	jp j = {(const unsigned char *)text, (const unsigned char *)text + len, (const unsigned char *)text, {0}, {0}, 0};
	size_t n = 0;
	int r, schema = GS_ENOTFOUND;
	if (peek(&j) == '{' && obj_open(&j, "", "") == 0)
		while ((r = obj_next(&j, &n)) > 0) {
			if (strcmp(j.k.s, "schema") == 0) {
				uint64_t v;
				if (u64(&j, &v, "", "schema") == 0 && v < 1000)
					schema = (int)v;
				break;
			}
			if (skip(&j) < 0)
				break;
		}
	gs_sb_dispose(&j.k);
	gs_sb_dispose(&j.v);
	return schema;
}
