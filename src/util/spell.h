/* spell.h - "did you mean": the candidate a mistyped word most likely meant. */
#ifndef GS_SPELL_H
#define GS_SPELL_H

#include <stddef.h>

/* The candidate nearest to word, or NULL when none is near enough to be a
 * likely typo: at most one edit for words of up to 4 characters, two up to
 * 8, three beyond (an edit: a character inserted, deleted or replaced, or
 * two neighbours swapped; case counts half), or word a prefix of exactly one
 * candidate (at least 2 characters). Ties go to the first candidate. word
 * itself among the candidates is no suggestion. */
const char *gs_spell_nearest(const char *word, const char *const *cands, size_t n);

/* ": did you mean BEFORE<candidate>AFTER?" in buf when a candidate is near
 * word (gs_spell_nearest), else "". Returns buf. */
const char *gs_spell_hint(char *buf, size_t n, const char *word, const char *const *cands, size_t nc, const char *before,
                          const char *after);

#endif
