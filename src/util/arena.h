/* arena.h - strings that live and die together: copies packed into large
 * blocks, freed all at once. For the many small strings of a loaded snapshot
 * and of a diff's rows (one malloc per string cost more than the parsing). */
#ifndef GS_ARENA_H
#define GS_ARENA_H

#include <stddef.h>

typedef struct gs_arena_block gs_arena_block;

typedef struct gs_arena {
	gs_arena_block *head; /* the newest block; NULL while empty */
	size_t left;          /* free bytes at the end of head */
} gs_arena;

/* n bytes in the arena (no alignment: for characters), valid until
 * gs_arena_dispose; NULL when out of memory (error set). */
char *gs_arena_alloc(gs_arena *a, size_t n);

/* A NUL-terminated copy of s[0..n) in the arena, or NULL (error set). */
char *gs_arena_strndup(gs_arena *a, const char *s, size_t n);

/* Frees every copy; the arena is empty (and reusable) after. */
void gs_arena_dispose(gs_arena *a);

#endif
