/* json.c - the jansson helpers every JSON document of gosize's uses: strings
 * and keys made valid UTF-8, one way to serialise, one way to parse. */
#include "util/json.h"

#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/esc.h"

json_t *gs_json_str(const char *s)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	if (gs_utf8_valid(s, n))
		return json_stringn_nocheck(s, n);
	char *t = gs_utf8_fix(s, n);
	if (!t)
		return NULL;
	json_t *j = json_string_nocheck(t);
	free(t);
	return j;
}

int gs_json_set(json_t *o, const char *k, json_t *v)
{
	if (!v)
		return gs_fail("out of memory");
	if (!k)
		k = "";
	size_t n = strlen(k);
	if (gs_utf8_valid(k, n))
		return json_object_set_new(o, k, v) < 0 ? gs_fail("out of memory") : 0;
	char *t = gs_utf8_fix(k, n);
	if (!t) {
		json_decref(v);
		return -1;
	}
	int r = json_object_set_new(o, t, v);
	free(t);
	return r < 0 ? gs_fail("out of memory") : 0;
}

char *gs_json_dump(const json_t *j)
{
	char *t = json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	if (!t) {
		gs_fail("out of memory");
		return NULL;
	}
	size_t n = strlen(t);
	char *r = realloc(t, n + 2);
	if (!r) {
		free(t);
		gs_fail("out of memory");
		return NULL;
	}
	r[n] = '\n';
	r[n + 1] = '\0';
	return r;
}

json_t *gs_json_parse(const char *text, size_t len)
{
	json_error_t e;
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (!j)
		gs_fail("not valid JSON: line %d: %s", e.line, e.text);
	return j;
}
