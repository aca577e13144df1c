/* snapshot_json.h - the snapshot as versioned JSON (jansson): write and load. */
#ifndef GS_SNAPSHOT_JSON_H
#define GS_SNAPSHOT_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "snapshot.h"

/* A new JSON object for s (NULL + error set on failure). Deterministic. */
json_t *gs_snapshot_to_json(const gs_snapshot *s);

/* A JSON string for s, with invalid UTF-8 bytes (corrupt or hostile
 * binaries) replaced by U+FFFD; NULL s gives "". */
json_t *gs_json_str(const char *s);

/* json_object_set_new with the key made valid UTF-8 the same way (keys from
 * build settings and import graphs are untrusted). Steals v; -1 if v is NULL
 * or memory runs out. */
int gs_json_set(json_t *o, const char *k, json_t *v);

/* Serialises a JSON value the one way gosize does (indented, ordered, final
 * newline). Returns a malloc'd string or NULL (error set). */
char *gs_json_dump(const json_t *j);

/* Parses JSON text (duplicate keys rejected); NULL with the error set
 * ("not valid JSON: line N: why") on failure. */
json_t *gs_json_parse(const char *text, size_t len);

/* Loads a snapshot from JSON text into *s (zeroed first). Returns 0, or -1 with
 * an error naming the problem (not JSON, wrong schema, missing key). */
int gs_snapshot_from_text(gs_snapshot *s, const char *text, size_t len);

/* Same, from a parsed object. */
int gs_snapshot_from_json(gs_snapshot *s, const json_t *j);

#endif
