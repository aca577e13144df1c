/* snapshot_read.h - the schema 3 reader (snapshot_read.c), for the loader in
 * snapshot_json.c: callers load any schema with gs_snapshot_from_text. */
#ifndef GS_SNAPSHOT_READ_H
#define GS_SNAPSHOT_READ_H

#include <stddef.h>

#include "model/snapshot.h"

/* The value of the top-level "schema" key found by a shallow scan (no tree),
 * or GS_ENOTFOUND when there is none or the text is not JSON (the tree loader
 * then says why). */
int gs_snapshot_text_schema(const char *text, size_t len);

/* Loads schema 3 text into *s (zeroed first) without building a tree;
 * 0, or -1 with the error set. */
int gs_snapshot_read3(gs_snapshot *s, const char *text, size_t len);

#endif
