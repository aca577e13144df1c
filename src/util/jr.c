/* jr.c - the pull JSON reader (jr.h). */
#include "util/jr.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/esc.h"
#include "util/mem.h"

#define MAX_DEPTH 256

int gs_jr_syn(gs_jr *j, const char *why)
{
	int line = 1;
	for (const unsigned char *q = j->base; q < j->p && q < j->end; q++)
		line += *q == '\n';
	return gs_fail("not valid JSON: line %d: %s", line, why);
}

int gs_jr_eat(gs_jr *j, int c, const char *why)
{
	if (gs_jr_peek(j) != c)
		return gs_jr_syn(j, why);
	j->p++;
	return 0;
}

static int hex4(gs_jr *j, uint32_t *v)
{
	*v = 0;
	if (j->end - j->p < 4)
		return gs_jr_syn(j, "invalid \\u escape");
	for (int i = 0; i < 4; i++) {
		int c = j->p[i], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
		                     c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return gs_jr_syn(j, "invalid \\u escape");
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

int gs_jr_str(gs_jr *j, gs_sb *o)
{
	if (gs_jr_eat(j, '"', "expected a string") < 0)
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
			return gs_jr_syn(j, "premature end of input");
		unsigned c = *j->p;
		if (c == '"') {
			j->p++;
			return o->oom ? gs_fail("out of memory") : 0;
		}
		if (c < 0x20)
			return gs_jr_syn(j, "control character in a string");
		if (c >= 0x80) {
			size_t k = gs_utf8_seq(j->p, (size_t)(j->end - j->p), NULL);
			if (!k)
				return gs_jr_syn(j, "invalid UTF-8 in a string");
			gs_sb_putn(o, (const char *)j->p, k);
			j->p += k;
			continue;
		}
		/* an escape */
		if (j->end - j->p < 2)
			return gs_jr_syn(j, "premature end of input");
		c = j->p[1];
		j->p += 2;
		const char *simple = strchr("\"\\/bfnrt", (int)c);
		if (simple && c) {
			static const char out[] = "\"\\/\b\f\n\r\t";
			gs_sb_putn(o, &out[simple - "\"\\/bfnrt"], 1);
			continue;
		}
		if (c != 'u')
			return gs_jr_syn(j, "invalid escape");
		uint32_t cp, lo;
		if (hex4(j, &cp) < 0)
			return -1;
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return gs_jr_syn(j, "invalid Unicode escape (lone low surrogate)");
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (j->end - j->p < 2 || j->p[0] != '\\' || j->p[1] != 'u')
				return gs_jr_syn(j, "invalid Unicode escape (lone high surrogate)");
			j->p += 2;
			if (hex4(j, &lo) < 0)
				return -1;
			if (lo < 0xdc00 || lo > 0xdfff)
				return gs_jr_syn(j, "invalid Unicode escape (bad low surrogate)");
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		if (cp == 0)
			return gs_jr_syn(j, "\\u0000 is not allowed");
		put_cp(o, cp);
	}
}

int gs_jr_wrong(gs_jr *j, const char *where, const char *key)
{
	if (!gs_jr_peek(j))
		return gs_jr_syn(j, "premature end of input");
	return gs_fail("%s: %s%s\"%s\" has the wrong type", j->what, where, *where ? ": " : "", key);
}

int gs_jr_u64(gs_jr *j, uint64_t *v, const char *where, const char *key)
{
	int c = gs_jr_peek(j);
	if (c == '-')
		return gs_fail("%s: %s%s\"%s\" is negative", j->what, where, *where ? ": " : "", key);
	if (c < '0' || c > '9')
		return gs_jr_wrong(j, where, key);
	if (c == '0' && j->p + 1 < j->end && j->p[1] >= '0' && j->p[1] <= '9')
		return gs_jr_syn(j, "leading zero in a number");
	uint64_t x = 0;
	while (j->p < j->end && *j->p >= '0' && *j->p <= '9') {
		unsigned d = *j->p - '0';
		if (x >= UINT64_MAX / 10 && (x > UINT64_MAX / 10 || d > UINT64_MAX % 10)) /* x * 10 + d > UINT64_MAX */
			return gs_jr_syn(j, "too big integer");
		x = x * 10 + d;
		j->p++;
	}
	if (j->p < j->end && (*j->p == '.' || *j->p == 'e' || *j->p == 'E'))
		return gs_jr_wrong(j, where, key);
	*v = x;
	return 0;
}

static int lit(gs_jr *j, const char *w)
{
	size_t n = strlen(w);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
		return gs_jr_syn(j, "invalid token");
	j->p += n;
	return 0;
}

int gs_jr_bool(gs_jr *j, int *v, const char *where, const char *key)
{
	int c = gs_jr_peek(j);
	if (c != 't' && c != 'f')
		return gs_jr_wrong(j, where, key);
	*v = c == 't';
	return lit(j, c == 't' ? "true" : "false");
}

int gs_jr_null(gs_jr *j)
{
	if (gs_jr_peek(j) != 'n')
		return 0;
	return lit(j, "null") < 0 ? -1 : 1;
}

int gs_jr_dup(gs_jr *j, char **out, int nullable, const char *where, const char *key)
{
	if (nullable) {
		int n = gs_jr_null(j);
		if (n)
			return n < 0 ? -1 : 0;
	}
	if (gs_jr_peek(j) != '"')
		return gs_jr_wrong(j, where, key);
	if (gs_jr_str(j, &j->v) < 0)
		return -1;
	free(*out);
	return (*out = gs_strdup(j->v.s)) ? 0 : -1;
}

int gs_jr_obj_open(gs_jr *j, const char *where, const char *key)
{
	if (gs_jr_peek(j) != '{')
		return gs_jr_wrong(j, where, key);
	if (++j->depth > MAX_DEPTH)
		return gs_jr_syn(j, "too deeply nested");
	j->p++;
	return 0;
}

int gs_jr_obj_next(gs_jr *j, size_t *n)
{
	int c = gs_jr_peek(j);
	if (c == '}') {
		j->p++;
		j->depth--;
		return 0;
	}
	if (*n && gs_jr_eat(j, ',', "expected ',' or '}'") < 0)
		return -1;
	if (gs_jr_str(j, &j->k) < 0 || gs_jr_eat(j, ':', "expected ':'") < 0)
		return -1;
	(*n)++;
	return 1;
}

int gs_jr_arr_open(gs_jr *j, const char *where, const char *key)
{
	if (gs_jr_peek(j) != '[')
		return gs_jr_wrong(j, where, key);
	if (++j->depth > MAX_DEPTH)
		return gs_jr_syn(j, "too deeply nested");
	j->p++;
	return 0;
}

int gs_jr_arr_next(gs_jr *j, size_t *n)
{
	int c = gs_jr_peek(j);
	if (c == ']') {
		j->p++;
		j->depth--;
		return 0;
	}
	if (*n && gs_jr_eat(j, ',', "expected ',' or ']'") < 0)
		return -1;
	(*n)++;
	return 1;
}

int gs_jr_skip(gs_jr *j)
{
	size_t n = 0;
	int r;
	switch (gs_jr_peek(j)) {
	case '{':
		if (gs_jr_obj_open(j, "", "") < 0)
			return -1;
		while ((r = gs_jr_obj_next(j, &n)) > 0)
			if (gs_jr_skip(j) < 0)
				return -1;
		return r;
	case '[':
		if (gs_jr_arr_open(j, "", "") < 0)
			return -1;
		while ((r = gs_jr_arr_next(j, &n)) > 0)
			if (gs_jr_skip(j) < 0)
				return -1;
		return r;
	case '"':
		return gs_jr_str(j, &j->v);
	case 't':
		return lit(j, "true");
	case 'f':
		return lit(j, "false");
	case 'n':
		return lit(j, "null");
	case 0:
		return gs_jr_syn(j, "premature end of input");
	default: {
		if (*j->p == '-')
			j->p++;
		const unsigned char *d = j->p;
		while (j->p < j->end && ((*j->p >= '0' && *j->p <= '9') || *j->p == '.' || *j->p == 'e' || *j->p == 'E' ||
		                         *j->p == '+' || *j->p == '-'))
			j->p++;
		return j->p == d ? gs_jr_syn(j, "invalid token") : 0;
	}
	}
}

int gs_jr_seen(gs_jr *j, unsigned *mask, int bit)
{
	if (*mask & 1u << bit)
		return gs_jr_syn(j, "duplicate object key");
	*mask |= 1u << bit;
	return 0;
}

/* The index of j->k in keys (NULL-terminated), or -1. */
static int which(gs_jr *j, const char *const *keys)
{
	for (int i = 0; keys[i]; i++)
		if (strcmp(j->k.s, keys[i]) == 0)
			return i;
	return -1;
}

/* Every key in keys whose bit is in need must be in mask. */
static int missing(gs_jr *j, const char *const *keys, unsigned mask, unsigned need, const char *where)
{
	for (int i = 0; keys[i]; i++)
		if ((need & 1u << i) && !(mask & 1u << i))
			return gs_fail("%s: %s%s\"%s\" is missing", j->what, where, *where ? ": " : "", keys[i]);
	return 0;
}

int gs_jr_object(gs_jr *j, const char *const *keys, unsigned need, gs_jr_member_fn fn, void *ctx, const char *where,
                  const char *key)
{
	size_t n = 0;
	unsigned mask = 0;
	int r;
	if (gs_jr_obj_open(j, where, key) < 0)
		return -1;
	while ((r = gs_jr_obj_next(j, &n)) > 0) {
		int i = which(j, keys);
		if (i < 0) {
			if (gs_jr_skip(j) < 0)
				return -1;
			continue;
		}
		if (gs_jr_seen(j, &mask, i) < 0 || fn(j, i, ctx, where) < 0)
			return -1;
	}
	return r < 0 ? -1 : missing(j, keys, mask, need, where);
}

void gs_jr_init(gs_jr *j, const char *text, size_t len, const char *what)
{
	*j = (gs_jr){.p = (const unsigned char *)text, .end = (const unsigned char *)text + len, .base = (const unsigned char *)text, .what = what};
}

void gs_jr_dispose(gs_jr *j)
{
	gs_sb_dispose(&j->k);
	gs_sb_dispose(&j->v);
}
