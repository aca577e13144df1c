/* snapshot_json.h - the snapshot as versioned JSON: written by a streaming
 * writer (schema 3), loaded from any schema (1 and 2 through jansson). */
#ifndef GS_SNAPSHOT_JSON_H
#define GS_SNAPSHOT_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "util/sb.h"
#include "model/snapshot.h"

/* Appends s as JSON text (schema 3, streamed, final newline); 0, or -1 with
 * the error set when memory runs out. Deterministic. */
int gs_snapshot_write(gs_sb *b, const gs_snapshot *s);

/* The same as a malloc'd string, or NULL (error set). */
char *gs_snapshot_to_text(const gs_snapshot *s);

/* A new JSON object for s (the text above, parsed; for callers that embed a
 * snapshot in a larger document). NULL + error set on failure. */
json_t *gs_snapshot_to_json(const gs_snapshot *s);

/* Loads a snapshot from JSON text into *s (zeroed first). Returns 0, or -1 with
 * an error naming the problem (not JSON, wrong schema, missing key). */
int gs_snapshot_from_text(gs_snapshot *s, const char *text, size_t len);

/* Same, from a parsed object. */
int gs_snapshot_from_json(gs_snapshot *s, const json_t *j);

#endif
