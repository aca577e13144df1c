/* arena.c - strings packed into blocks (see arena.h). */
#include "util/arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

#define BLOCK (64u << 10) /* bytes of a block of short strings */

struct gs_arena_block {
	gs_arena_block *prev;
	char data[];
};

static gs_arena_block *block(size_t size)
{
	gs_arena_block *b = size < SIZE_MAX - sizeof *b ? malloc(sizeof *b + size) : NULL;
	if (!b)
		gs_fail("out of memory");
	return b;
}

char *gs_arena_alloc(gs_arena *a, size_t n)
{
	if (n > BLOCK / 4) { /* a long string gets a block of its own, behind the current one */
		gs_arena_block *b = block(n);
		if (!b)
			return NULL;
		if (a->head) {
			b->prev = a->head->prev;
			a->head->prev = b;
		} else {
			b->prev = NULL;
			a->head = b;
			a->left = 0;
		}
		return b->data;
	}
	if (a->left < n || !a->left) { /* the head is full (or a long string's): a new block of short strings */
		gs_arena_block *b = block(BLOCK);
		if (!b)
			return NULL;
		b->prev = a->head;
		a->head = b;
		a->left = BLOCK;
	}
	char *d = a->head->data + (BLOCK - a->left);
	a->left -= n;
	return d;
}

char *gs_arena_strndup(gs_arena *a, const char *s, size_t n)
{
	char *d = gs_arena_alloc(a, n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void gs_arena_dispose(gs_arena *a)
{
	for (gs_arena_block *b = a->head, *p; b; b = p) {
		p = b->prev;
		free(b);
	}
	a->head = NULL;
	a->left = 0;
}
