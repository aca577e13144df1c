/* snapshot_json.c - snapshots loaded from JSON: schemas 1 and 2 from a
 * jansson tree, schema 3 through snapshot_read.c (no tree); the checks on
 * what is loaded in snapshot_check.c; the writer in snapshot_write.c. */
#include "model/snapshot_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"
#include "util/json.h"
#include "util/mem.h"
#include "model/snapshot_check.h"
#include "model/snapshot_read.h"

/* ---- loading ---- */

static json_t *need(const json_t *o, const char *key, int type, const char *where)
{
	json_t *v = json_object_get(o, key);
	if (!v || (type >= 0 && (int)json_typeof(v) != type && !(type == JSON_TRUE && json_is_boolean(v)))) {
		gs_fail("snapshot: %s%s\"%s\" %s", where, *where ? ": " : "", key, v ? "has the wrong type" : "is missing");
		return NULL;
	}
	return v;
}

static int get_str(const json_t *o, const char *key, char **out, const char *where)
{
	json_t *v = need(o, key, JSON_STRING, where);
	if (!v)
		return -1;
	return (*out = gs_strdup(json_string_value(v))) ? 0 : -1;
}

static int get_u64(const json_t *o, const char *key, uint64_t *out, const char *where)
{
	json_t *v = need(o, key, JSON_INTEGER, where);
	if (!v)
		return -1;
	if (json_integer_value(v) < 0)
		return gs_fail("snapshot: %s: \"%s\" is negative", where, key);
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

static int get_bool(const json_t *o, const char *key, int *out, const char *where)
{
	json_t *v = need(o, key, JSON_TRUE, where);
	if (!v)
		return -1;
	*out = json_is_true(v);
	return 0;
}

/* A string or null (-> NULL). */
static int get_opt_str(const json_t *o, const char *key, char **out, const char *where)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return 0;
	return get_str(o, key, out, where);
}

static int load_module(gs_module *m, const json_t *o, const char *where)
{
	if (!json_is_object(o))
		return gs_fail("snapshot: %s is not an object", where);
	if (get_str(o, "path", &m->path, where) < 0 || get_str(o, "version", &m->version, where) < 0 ||
	    get_str(o, "sum", &m->sum, where) < 0)
		return -1;
	json_t *r = json_object_get(o, "replace");
	if (r && !json_is_null(r)) {
		if (!json_is_object(r))
			return gs_fail("snapshot: %s: \"replace\" has the wrong type", where);
		if (get_str(r, "path", &m->rep_path, where) < 0 || get_str(r, "version", &m->rep_version, where) < 0 ||
		    get_str(r, "sum", &m->rep_sum, where) < 0)
			return -1;
	}
	return 0;
}

static int load_go(gs_snapshot *s, const json_t *g)
{
	gs_buildinfo *bi = &s->bi;
	char where[64];
	if (get_opt_str(g, "version", &bi->goversion, "go") < 0 || get_opt_str(g, "path", &bi->path, "go") < 0)
		return -1;
	json_t *m = json_object_get(g, "main");
	if (m && !json_is_null(m) && load_module(&bi->main, m, "go.main") < 0)
		return -1;
	bi->found = bi->goversion != NULL;
	json_t *deps = need(g, "deps", JSON_ARRAY, "go"), *st = need(g, "settings", JSON_OBJECT, "go"),
	       *p = need(g, "pclntab", JSON_OBJECT, "go");
	if (!deps || !st || !p)
		return -1;
	size_t i;
	json_t *v;
	json_array_foreach(deps, i, v) {
		snprintf(where, sizeof where, "go.deps[%zu]", i);
		gs_module *d = GS_PUSH(bi->deps, bi->ndeps, bi->deps_cap);
		if (!d || load_module(d, v, where) < 0)
			return -1;
	}
	const char *k;
	json_object_foreach(st, k, v) {
		if (!json_is_string(v))
			return gs_fail("snapshot: go.settings: \"%s\" has the wrong type", k);
		gs_setting *x = GS_PUSH(bi->settings, bi->nsettings, bi->settings_cap);
		if (!x || !(x->key = gs_strdup(k)) || !(x->value = gs_strdup(json_string_value(v))))
			return -1;
	}
	json_t *adv = json_object_get(g, "savings");
	if (adv && json_is_object(adv)) { /* optional: snapshots before it lack it */
		json_t *v2;
		if ((v2 = json_object_get(adv, "ldflags_w")) && json_is_integer(v2) && json_integer_value(v2) >= 0)
			s->save_w = (uint64_t)json_integer_value(v2);
		if ((v2 = json_object_get(adv, "ldflags_s")) && json_is_integer(v2) && json_integer_value(v2) >= 0)
			s->save_s = (uint64_t)json_integer_value(v2);
		if ((v2 = json_object_get(adv, "trimpath_estimate")) && json_is_integer(v2) && json_integer_value(v2) >= 0)
			s->save_trimpath = (uint64_t)json_integer_value(v2);
	}
	if (get_opt_str(p, "magic", &s->pclntab_magic, "go.pclntab") < 0 ||
	    get_opt_str(p, "layout", &s->pclntab_go, "go.pclntab") < 0 ||
	    get_u64(p, "functions", &s->nfuncs, "go.pclntab") < 0)
		return -1;
	return 0;
}

/* Schema 2's import graph; a schema 1 snapshot (migrated) has none. */
static int load_imports(gs_snapshot *s, const json_t *imp, uint64_t schema)
{
	if (schema == 1 || !imp)
		return (s->imports_note = gs_strdup("no import graph: snapshot from before schema 2")) ? 0 : -1;
	if (!json_is_object(imp))
		return gs_fail("snapshot: \"imports\" has the wrong type");
	json_t *root = json_object_get(imp, "root"), *pk = json_object_get(imp, "packages");
	if (!root || json_is_null(root)) {
		json_t *note = json_object_get(imp, "note");
		return (s->imports_note = gs_strdup(json_is_string(note) ? json_string_value(note) : "no import graph")) ? 0 : -1;
	}
	if (!json_is_string(root) || !json_is_object(pk))
		return gs_fail("snapshot: imports: \"root\" and \"packages\" have the wrong type");
	if (!(s->imports_root = gs_strdup(json_string_value(root))))
		return -1;
	const char *k;
	json_t *v;
	json_object_foreach(pk, k, v) {
		if (!json_is_array(v))
			return gs_fail("snapshot: imports: \"%s\" is not a list", k);
		gs_imp *m = GS_PUSH(s->imps, s->nimps, s->imps_cap);
		size_t cap = 0, i;
		json_t *d;
		if (!m || !(m->pkg = gs_strdup(k)))
			return -1;
		json_array_foreach(v, i, d) {
			char **slot = json_is_string(d) ? GS_PUSH(m->deps, m->ndeps, cap) : NULL;
			if (!slot || !(*slot = gs_strdup(json_string_value(d))))
				return json_is_string(d) ? -1 : gs_fail("snapshot: imports: \"%s\" lists a non-string", k);
		}
	}
	gs_snapshot_sort(s);
	return 0;
}

static json_t *need_array(const json_t *o, const char *key) { return need(o, key, JSON_ARRAY, ""); }

/* -1 with the message when v is not an object (a list entry of a schema 1/2 snapshot). */
static int not_object(const json_t *v, const char *where)
{
	return json_is_object(v) ? 0 : gs_fail("snapshot: %s is not a valid object", where);
}

static int load_binary(gs_snapshot *s, const json_t *j, const json_t *bin)
{
	char *endian = NULL, *sha = NULL;
	uint64_t ptr = 0;
	int stripped, rc = -1;
	if (get_str(j, "tool", &s->tool, "") < 0 || get_str(bin, "path", &s->path, "binary") < 0 ||
	    get_u64(bin, "size", &s->file_size, "binary") < 0 || get_str(bin, "format", &s->format, "binary") < 0 ||
	    get_str(bin, "arch", &s->arch, "binary") < 0 || get_u64(bin, "ptr_size", &ptr, "binary") < 0 ||
	    get_bool(bin, "pie", &s->pie, "binary") < 0 || get_bool(bin, "stripped", &stripped, "binary") < 0 ||
	    get_bool(bin, "dwarf", &s->has_dwarf, "binary") < 0 || get_str(bin, "endian", &endian, "binary") < 0 ||
	    get_str(bin, "sha256", &sha, "binary") < 0)
		goto out;
	s->ptrsize = (int)(ptr & 0xff);
	s->has_symtab = !stripped;
	s->big_endian = strcmp(endian, "big") == 0;
	snprintf(s->sha256, sizeof s->sha256, "%s", sha);
	rc = 0;
out:
	free(endian);
	free(sha);
	return rc;
}

static int load_sections(gs_snapshot *s, const json_t *secs)
{
	char where[64];
	size_t i;
	json_t *v;
	json_array_foreach(secs, i, v) {
		snprintf(where, sizeof where, "sections[%zu]", i);
		gs_snap_section *x = GS_PUSH(s->secs, s->nsecs, s->secs_cap);
		if (!x || not_object(v, where) < 0 || get_str(v, "name", &x->name, where) < 0 ||
		    get_str(v, "kind", &x->kind, where) < 0 || get_u64(v, "file_offset", &x->off, where) < 0 ||
		    get_u64(v, "file_size", &x->size, where) < 0 || get_u64(v, "vm_addr", &x->addr, where) < 0 ||
		    get_u64(v, "vm_size", &x->vmsize, where) < 0 || get_bool(v, "compressed", &x->compressed, where) < 0 ||
		    get_u64(v, "unattributed", &x->unattributed, where) < 0)
			return -1;
		json_t *us = json_object_get(v, "uncompressed_size");
		if (us && json_is_integer(us) && json_integer_value(us) >= 0)
			x->usize = (uint64_t)json_integer_value(us);
	}
	return 0;
}

static int load_packages(gs_snapshot *s, const json_t *pkgs)
{
	char where[64];
	size_t i;
	json_t *v;
	json_array_foreach(pkgs, i, v) {
		snprintf(where, sizeof where, "packages[%zu]", i);
		gs_snap_pkg *p = GS_PUSH(s->pkgs, s->npkgs, s->pkgs_cap);
		json_t *sz;
		if (!p || not_object(v, where) < 0 || get_str(v, "name", &p->name, where) < 0 ||
		    get_str(v, "module", &p->module, where) < 0 || get_u64(v, "size", &p->size, where) < 0 ||
		    get_u64(v, "bss", &p->bss, where) < 0 || get_u64(v, "functions", &p->functions, where) < 0 ||
		    !(sz = need(v, "sizes", JSON_OBJECT, where)))
			return -1;
		const char *k;
		json_t *n;
		json_object_foreach(sz, k, n) {
			int c = gs_cat_parse(k);
			if (c < 0 || !json_is_integer(n) || json_integer_value(n) < 0)
				return gs_fail("snapshot: %s: bad size category \"%s\"", where, k);
			p->cat[c] = (uint64_t)json_integer_value(n);
		}
	}
	return 0;
}

static int load_modules(gs_snapshot *s, const json_t *mods)
{
	char where[64];
	size_t i;
	json_t *v;
	json_array_foreach(mods, i, v) {
		snprintf(where, sizeof where, "modules[%zu]", i);
		gs_snap_module *m = GS_PUSH(s->mods, s->nmods, s->mods_cap);
		if (!m || not_object(v, where) < 0 || get_str(v, "path", &m->path, where) < 0 ||
		    get_str(v, "version", &m->version, where) < 0 || get_u64(v, "size", &m->size, where) < 0 ||
		    get_u64(v, "packages", &m->packages, where) < 0)
			return -1;
	}
	return 0;
}

static int load_symbols(gs_snapshot *s, const json_t *syms)
{
	char where[64];
	size_t i;
	json_t *v;
	json_array_foreach(syms, i, v) {
		snprintf(where, sizeof where, "symbols[%zu]", i);
		gs_snap_sym *y = GS_PUSH(s->syms, s->nsyms, s->syms_cap);
		char *kind = NULL;
		if (!y || not_object(v, where) < 0 || get_str(v, "name", &y->name, where) < 0 ||
		    get_str(v, "package", &y->pkg, where) < 0 || get_u64(v, "addr", &y->addr, where) < 0 ||
		    get_u64(v, "size", &y->size, where) < 0 || get_str(v, "kind", &kind, where) < 0)
			return -1;
		json_t *pc = json_object_get(v, "pcln");
		if (pc && (!json_is_integer(pc) || json_integer_value(pc) < 0)) {
			free(kind);
			return gs_fail("snapshot: %s: \"pcln\" has the wrong type", where);
		}
		y->pcln = pc ? (uint64_t)json_integer_value(pc) : 0;
		y->bss = strcmp(kind, "bss") == 0;
		int c = y->bss ? GS_CAT_DATA : gs_cat_parse(kind);
		free(kind);
		if (c < 0)
			return gs_fail("snapshot: %s: unknown kind", where);
		y->cat = (gs_cat)c;
	}
	return 0;
}

int gs_snapshot_from_json(gs_snapshot *s, const json_t *j)
{
	memset(s, 0, sizeof *s);
	if (!json_is_object(j))
		return gs_fail("snapshot: not a JSON object");
	uint64_t schema = 0;
	if (get_u64(j, "schema", &schema, "") < 0)
		goto fail;
	if (schema == GS_SCHEMA) { /* through the text reader, the one schema 3 loader */
		char *text = json_dumps(j, JSON_COMPACT);
		if (!text)
			return gs_fail("out of memory");
		int rc = gs_snapshot_read3(s, text, strlen(text));
		free(text);
		return rc;
	}
	if (schema != 2 && schema != 1) {
		gs_fail("snapshot: schema %llu is not supported (this gosize reads schemas 1 to %d)",
		        (unsigned long long)schema, GS_SCHEMA);
		goto fail;
	}
	json_t *bin = need(j, "binary", JSON_OBJECT, ""), *go = need(j, "go", JSON_OBJECT, ""),
	       *tot = need(j, "totals", JSON_OBJECT, "");
	json_t *secs = need_array(j, "sections"), *pkgs = need_array(j, "packages"), *mods = need_array(j, "modules"),
	       *syms = need_array(j, "symbols");
	if (!bin || !go || !tot || !secs || !pkgs || !mods || !syms)
		goto fail;
	if (load_binary(s, j, bin) < 0 || load_go(s, go) < 0 || load_sections(s, secs) < 0 || load_packages(s, pkgs) < 0 ||
	    load_modules(s, mods) < 0 || load_symbols(s, syms) < 0)
		goto fail;
	if (get_u64(j, "symbols_total", &s->nsyms_total, "") < 0)
		goto fail;
	if (load_imports(s, json_object_get(j, "imports"), schema) < 0)
		goto fail;
	uint64_t file, attr;
	if (get_u64(tot, "file", &file, "totals") < 0 || get_u64(tot, "attributed", &attr, "totals") < 0 ||
	    get_u64(tot, "unattributed", &s->unattributed, "totals") < 0)
		goto fail;
	if (gs_snapshot_load_check(s, file, attr) < 0) /* the loaders' checks, now that everything is in */
		goto fail;
	return 0;
fail:
	gs_snapshot_dispose(s);
	return -1;
}

int gs_snapshot_from_text(gs_snapshot *s, const char *text, size_t len)
{
	memset(s, 0, sizeof *s);
	int schema = gs_snapshot_text_schema(text, len);
	if (schema == GS_SCHEMA)
		return gs_snapshot_read3(s, text, len);
	json_t *j = gs_json_parse(text, len);
	if (!j)
		return -1;
	int rc = gs_snapshot_from_json(s, j);
	json_decref(j);
	return rc;
}
