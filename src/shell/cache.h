/* cache.h - the local snapshot cache's entries, authenticated: each one carries an HMAC-SHA256
 * of its name and contents under a key only gosize's user can read (GITDIR/gosize/key, mode
 * 0600 in a 0700 directory), so an entry a build planted, copied under another name, or
 * edited is refused (and removed) instead of trusted. What an entry holds and how its name
 * is derived is the caller's (app/source.c). */
#ifndef GS_CACHE_H
#define GS_CACHE_H

#include <stddef.h>

/* The entry name (letters, digits, '-', '_', '.', at most 100) under gitdir (ending in '/')
 * into *text (malloc'd, NUL-terminated, *len bytes). 0; GS_ENOTFOUND (no message) when there
 * is no entry, no key, or the entry is not authentic (then it is removed); -1 on an I/O
 * error (message set). */
int gs_cache_get(char **text, size_t *len, const char *gitdir, const char *name);

/* Stores text[0..len) as entry name, authenticated (the key is made on first use).
 * Best effort: 0 when stored, -1 (message set) when not; a cache that cannot be written is
 * no error for the caller (the snapshot is built again next time). */
int gs_cache_put(const char *gitdir, const char *name, const char *text, size_t len);

/* HMAC-SHA256 (RFC 2104) of msg[0..n) under key[0..klen) (klen <= 64), as lowercase hex. */
void gs_cache_hmac(const unsigned char *key, size_t klen, const unsigned char *msg, size_t n, char hex[65]);

#endif
