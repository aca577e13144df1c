/* json.h - the jansson helpers shared by every JSON document gosize reads or
 * builds as a tree (config, schema 1-2 snapshots, reports, log, why). The
 * streaming writer is jw.h. */
#ifndef GS_JSON_H
#define GS_JSON_H

#include <jansson.h>
#include <stddef.h>

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

#endif
