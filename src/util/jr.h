/* jr.h - a pull JSON reader over a text in memory (strict JSON: UTF-8
 * checked, no NUL, duplicate keys of known objects rejected, bounded
 * nesting): the caller walks the document and fills its own structures as it
 * reads, with no tree in between (jw.h is the writer). Every function returns
 * 0 (or a count, where said), or -1 with the error set: "not valid JSON: line
 * N: why" for the syntax, "WHAT: WHERE: "KEY" has the wrong type" (WHAT the
 * document, WHERE the path of the object, KEY the member) for the shape. */
#ifndef GS_JR_H
#define GS_JR_H

#include <stddef.h>
#include <stdint.h>

#include "util/sb.h"

typedef struct gs_jr {
	const unsigned char *p, *end, *base;
	gs_sb k, v;        /* the last key, the last string value (NUL-terminated) */
	int depth;
	const char *what;  /* the document, in messages ("snapshot") */
} gs_jr;

/* A reader at the start of text[0..len). Free with gs_jr_dispose. */
void gs_jr_init(gs_jr *j, const char *text, size_t len, const char *what);
void gs_jr_dispose(gs_jr *j);

/* The next significant byte (not consumed), or 0 at the end. */
static inline int gs_jr_peek(gs_jr *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\r' || *j->p == '\t'))
		j->p++;
	return j->p < j->end ? *j->p : 0;
}

/* -1 with "not valid JSON: line N: why" (N where the reader is). */
int gs_jr_syn(gs_jr *j, const char *why);
/* Consumes c, else a syntax error saying why. */
int gs_jr_eat(gs_jr *j, int c, const char *why);
/* A string into o (replacing its content, NUL-terminated). */
int gs_jr_str(gs_jr *j, gs_sb *o);
/* A value of the wrong type at WHERE's KEY (or the end of the text where a value belongs). */
int gs_jr_wrong(gs_jr *j, const char *where, const char *key);
/* A non-negative integer. */
int gs_jr_u64(gs_jr *j, uint64_t *v, const char *where, const char *key);
int gs_jr_bool(gs_jr *j, int *v, const char *where, const char *key);
/* 1 and consumed if the next value is null, else 0 (-1 on a bad token). */
int gs_jr_null(gs_jr *j);
/* A malloc'd string into *out (freeing the old one); NULL for null when nullable. */
int gs_jr_dup(gs_jr *j, char **out, int nullable, const char *where, const char *key);

/* Object and array iteration: open, then next until it returns 0 (the end,
 * consumed) or -1; *n counts the members seen so far (start at 0). obj_next
 * leaves the member's key in j->k. */
int gs_jr_obj_open(gs_jr *j, const char *where, const char *key);
int gs_jr_obj_next(gs_jr *j, size_t *n);
int gs_jr_arr_open(gs_jr *j, const char *where, const char *key);
int gs_jr_arr_next(gs_jr *j, size_t *n);
/* Skips one value of any type. */
int gs_jr_skip(gs_jr *j);
/* Marks key number bit as seen; a second time is a duplicate key. */
int gs_jr_seen(gs_jr *j, unsigned *mask, int bit);

/* One pass over an object with known keys (NULL-terminated, at most 32):
 * fn reads key i's value; other keys are skipped, a key twice is an error,
 * and every key whose bit is in need must be there ("... is missing"). */
typedef int (*gs_jr_member_fn)(gs_jr *j, int i, void *ctx, const char *where);
int gs_jr_object(gs_jr *j, const char *const *keys, unsigned need, gs_jr_member_fn fn, void *ctx, const char *where,
                 const char *key);

#endif
