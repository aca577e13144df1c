/* snapshot_json.c - snapshot <-> JSON, schema 1. */
#include "snapshot_json.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "esc.h"
#include "mem.h"
#include "strmap.h"

/* ---- writing ---- */

int gs_json_set(json_t *o, const char *k, json_t *v)
{
	if (!v)
		return -1;
	if (!k)
		k = "";
	size_t n = strlen(k);
	if (gs_utf8_valid(k, n))
		return json_object_set_new(o, k, v);
	char *t = gs_utf8_fix(k, n);
	if (!t) {
		json_decref(v);
		return -1;
	}
	int r = json_object_set_new(o, t, v);
	free(t);
	return r;
}

static int set(json_t *o, const char *k, json_t *v) { return gs_json_set(o, k, v); }

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

static json_t *jstr(const char *s) { return gs_json_str(s); }
static json_t *jint(uint64_t v) { return json_integer((json_int_t)v); }

static json_t *module_json(const gs_module *m)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	int bad = set(o, "path", jstr(m->path)) | set(o, "version", jstr(m->version)) | set(o, "sum", jstr(m->sum));
	if (m->rep_path) {
		json_t *r = json_object();
		bad |= !r || set(r, "path", jstr(m->rep_path)) | set(r, "version", jstr(m->rep_version)) |
		       set(r, "sum", jstr(m->rep_sum));
		bad |= set(o, "replace", r);
	} else {
		bad |= set(o, "replace", json_null());
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *go_json(const gs_snapshot *s)
{
	const gs_buildinfo *bi = &s->bi;
	json_t *o = json_object(), *deps = json_array(), *st = json_object(), *p = json_object();
	int bad = !o || !deps || !st || !p;
	if (!bad) {
		bad |= set(o, "version", bi->goversion ? jstr(bi->goversion) : json_null());
		bad |= set(o, "path", bi->path ? jstr(bi->path) : json_null());
		bad |= set(o, "main", bi->main.path ? module_json(&bi->main) : json_null());
		for (size_t i = 0; i < bi->ndeps; i++)
			bad |= json_array_append_new(deps, module_json(&bi->deps[i]));
		for (size_t i = 0; i < bi->nsettings; i++)
			bad |= set(st, bi->settings[i].key, jstr(bi->settings[i].value));
		bad |= set(p, "magic", s->pclntab_magic ? jstr(s->pclntab_magic) : json_null());
		bad |= set(p, "layout", s->pclntab_go ? jstr(s->pclntab_go) : json_null());
		bad |= set(p, "functions", jint(s->nfuncs));
	}
	json_t *adv = json_object();
	bad |= !adv || set(adv, "ldflags_w", jint(s->save_w)) | set(adv, "ldflags_s", jint(s->save_s)) |
	       set(adv, "trimpath_estimate", jint(s->save_trimpath));
	bad |= set(o, "savings", adv);
	bad |= set(o, "deps", deps) | set(o, "settings", st) | set(o, "pclntab", p);
	if (bad) {
		json_decref(o);
		gs_fail("out of memory");
		return NULL;
	}
	return o;
}

json_t *gs_snapshot_to_json(const gs_snapshot *s)
{
	json_t *o = json_object(), *bin = json_object(), *secs = json_array(), *pkgs = json_array(),
	       *mods = json_array(), *syms = json_array(), *un = json_array(), *tot = json_object();
	int bad = !o || !bin || !secs || !pkgs || !mods || !syms || !un || !tot;
	if (bad)
		goto fail;
	bad |= set(o, "schema", jint(GS_SCHEMA)) | set(o, "tool", jstr(s->tool));
	bad |= set(bin, "path", jstr(s->path)) | set(bin, "size", jint(s->file_size)) |
	       set(bin, "format", jstr(s->format)) | set(bin, "arch", jstr(s->arch)) |
	       set(bin, "ptr_size", jint((uint64_t)s->ptrsize)) |
	       set(bin, "endian", jstr(s->big_endian ? "big" : "little")) | set(bin, "pie", json_boolean(s->pie)) |
	       set(bin, "stripped", json_boolean(!s->has_symtab)) | set(bin, "dwarf", json_boolean(s->has_dwarf)) |
	       set(bin, "sha256", jstr(s->sha256));
	bad |= set(o, "binary", bin);
	bin = NULL;
	bad |= set(o, "go", go_json(s));
	for (size_t i = 0; i < s->nsecs && !bad; i++) {
		const gs_snap_section *x = &s->secs[i];
		json_t *e = json_object();
		bad |= !e || set(e, "name", jstr(x->name)) | set(e, "kind", jstr(x->kind)) |
		       set(e, "file_offset", jint(x->off)) | set(e, "file_size", jint(x->size)) |
		       set(e, "vm_addr", jint(x->addr)) | set(e, "vm_size", jint(x->vmsize)) |
		       set(e, "compressed", json_boolean(x->compressed)) | set(e, "unattributed", jint(x->unattributed));
		if (x->usize)
			bad |= set(e, "uncompressed_size", jint(x->usize));
		bad |= json_array_append_new(secs, e);
		if (x->unattributed) {
			json_t *u = json_object();
			bad |= !u || set(u, "section", jstr(x->name)) | set(u, "size", jint(x->unattributed));
			bad |= json_array_append_new(un, u);
		}
	}
	for (size_t i = 0; i < s->npkgs && !bad; i++) {
		const gs_snap_pkg *p = &s->pkgs[i];
		json_t *e = json_object(), *sz = json_object();
		bad |= !e || !sz;
		for (int k = 0; k < GS_CAT_N && !bad; k++)
			if (p->cat[k])
				bad |= set(sz, gs_cat_name((gs_cat)k), jint(p->cat[k]));
		bad |= set(e, "name", jstr(p->name)) | set(e, "module", jstr(p->module)) | set(e, "size", jint(p->size)) |
		       set(e, "bss", jint(p->bss)) | set(e, "functions", jint(p->functions)) | set(e, "sizes", sz);
		bad |= json_array_append_new(pkgs, e);
	}
	for (size_t i = 0; i < s->nmods && !bad; i++) {
		const gs_snap_module *m = &s->mods[i];
		json_t *e = json_object();
		bad |= !e || set(e, "path", jstr(m->path)) | set(e, "version", jstr(m->version)) |
		       set(e, "size", jint(m->size)) | set(e, "packages", jint(m->packages));
		bad |= json_array_append_new(mods, e);
	}
	for (size_t i = 0; i < s->nsyms && !bad; i++) {
		const gs_snap_sym *y = &s->syms[i];
		json_t *e = json_object();
		bad |= !e || set(e, "name", jstr(y->name)) | set(e, "package", jstr(y->pkg)) |
		       set(e, "kind", jstr(y->bss ? "bss" : gs_cat_name(y->cat))) | set(e, "addr", jint(y->addr)) |
		       set(e, "size", jint(y->size));
		if (y->pcln)
			bad |= set(e, "pcln", jint(y->pcln));
		bad |= json_array_append_new(syms, e);
	}
	bad |= set(o, "sections", secs) | set(o, "packages", pkgs) | set(o, "modules", mods);
	bad |= set(o, "symbols", syms) | set(o, "symbols_total", jint(s->nsyms_total)) | set(o, "unattributed", un);
	json_t *imp = json_object();
	bad |= !imp;
	if (!bad && s->imports_root) {
		json_t *pk = json_object();
		bad |= !pk || set(imp, "root", jstr(s->imports_root));
		for (size_t i = 0; i < s->nimps && !bad; i++) {
			json_t *deps = json_array();
			for (size_t k = 0; deps && k < s->imps[i].ndeps; k++)
				bad |= json_array_append_new(deps, jstr(s->imps[i].deps[k]));
			bad |= set(pk, s->imps[i].pkg, deps);
		}
		bad |= set(imp, "packages", pk);
	} else if (!bad) {
		bad |= set(imp, "root", json_null()) | set(imp, "note", jstr(s->imports_note ? s->imports_note :
		                                                               "no import graph: snapshot of a binary"));
	}
	bad |= set(o, "imports", imp);
	if (s->nranges) { /* --ranges: [file offset, length, package, category]: the claimed runs, sorted, no overlap */
		json_t *rg = json_array();
		bad |= !rg;
		for (size_t i = 0; !bad && i < s->nranges; i++)
			bad |= json_array_append_new(rg, json_pack("[I,I,o,s]", (json_int_t)s->ranges[i].off,
			                                           (json_int_t)s->ranges[i].len, jstr(s->ranges[i].pkg),
			                                           gs_cat_name(s->ranges[i].cat)));
		bad |= set(o, "ranges", rg);
	}
	bad |= set(tot, "file", jint(s->file_size)) | set(tot, "attributed", jint(s->attributed)) |
	       set(tot, "unattributed", jint(s->unattributed));
	bad |= set(o, "totals", tot);
	if (!bad)
		return o;
	json_decref(o);
	gs_fail("out of memory");
	return NULL;
fail:
	json_decref(o), json_decref(bin), json_decref(secs), json_decref(pkgs);
	json_decref(mods), json_decref(syms), json_decref(un), json_decref(tot);
	gs_fail("out of memory");
	return NULL;
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

/* What the writer guarantees, checked on what is loaded (a snapshot may be
 * hostile): sections inside the file, each module's size and package count
 * equal to the sums over its packages, no duplicate names, sane counts. */
static int check_sizes(const gs_snapshot *s)
{
	uint64_t F = s->file_size, un = 0, fn = 0;
	for (size_t i = 0; i < s->nsecs; i++) {
		const gs_snap_section *x = &s->secs[i];
		if (x->size > F || (x->size && x->off > F - x->size) || x->unattributed > x->size)
			return gs_fail("snapshot: sections[%zu] (%s): file range or unattributed bytes outside the file", i,
			               x->name);
		if (x->unattributed > F - un)
			return gs_fail("snapshot: sections[%zu]: unattributed bytes add up to more than the file size", i);
		un += x->unattributed;
	}
	gs_strmap pk = {0}, md = {0};
	uint64_t *sum = NULL, *cnt = NULL;
	int rc = -1;
	for (size_t i = 0; i < s->npkgs; i++) {
		if (gs_strmap_get(&pk, s->pkgs[i].name) != (size_t)-1) {
			gs_fail("snapshot: packages[%zu]: duplicate package \"%s\"", i, s->pkgs[i].name);
			goto out;
		}
		if (gs_strmap_put(&pk, s->pkgs[i].name, i) < 0)
			goto out;
		if (s->pkgs[i].functions > s->nfuncs - fn) {
			gs_fail("snapshot: packages[%zu]: more functions than the pclntab's %llu", i, (unsigned long long)s->nfuncs);
			goto out;
		}
		fn += s->pkgs[i].functions;
	}
	if (!(sum = gs_calloc(s->nmods + 1, sizeof *sum)) || !(cnt = gs_calloc(s->nmods + 1, sizeof *cnt)))
		goto out;
	for (size_t i = 0; i < s->nmods; i++) {
		if (gs_strmap_get(&md, s->mods[i].path) != (size_t)-1) {
			gs_fail("snapshot: modules[%zu]: duplicate module \"%s\"", i, s->mods[i].path);
			goto out;
		}
		if (gs_strmap_put(&md, s->mods[i].path, i) < 0)
			goto out;
	}
	for (size_t i = 0; i < s->npkgs; i++) {
		size_t m = gs_strmap_get(&md, s->pkgs[i].module);
		if (m != (size_t)-1)
			sum[m] += s->pkgs[i].size, cnt[m]++; /* package sizes add up to at most the file size */
	}
	for (size_t i = 0; i < s->nmods; i++)
		if (sum[i] != s->mods[i].size || cnt[i] != s->mods[i].packages) {
			gs_fail("snapshot: modules[%zu] (%s): size %llu in %llu packages, but its packages hold %llu in %llu", i,
			        s->mods[i].path, (unsigned long long)s->mods[i].size, (unsigned long long)s->mods[i].packages,
			        (unsigned long long)sum[i], (unsigned long long)cnt[i]);
			goto out;
		}
	if (s->nsyms > s->nsyms_total) {
		gs_fail("snapshot: %zu symbols listed but symbols_total is %llu", s->nsyms, (unsigned long long)s->nsyms_total);
		goto out;
	}
	rc = 0;
out:
	free(sum);
	free(cnt);
	gs_strmap_dispose(&pk);
	gs_strmap_dispose(&md);
	return rc;
}

static json_t *need_array(const json_t *o, const char *key) { return need(o, key, JSON_ARRAY, ""); }

int gs_snapshot_from_json(gs_snapshot *s, const json_t *j)
{
	char where[64];
	size_t i;
	json_t *v;
	memset(s, 0, sizeof *s);
	gs_err_clear();
	if (!json_is_object(j))
		return gs_fail("snapshot: not a JSON object");
	uint64_t schema;
	if (get_u64(j, "schema", &schema, "") < 0)
		goto fail;
	if (schema != GS_SCHEMA && schema != 1) {
		gs_fail("snapshot: schema %llu is not supported (this gosize reads schemas 1 and %d)",
		        (unsigned long long)schema, GS_SCHEMA);
		goto fail;
	}
	json_t *bin = need(j, "binary", JSON_OBJECT, ""), *go = need(j, "go", JSON_OBJECT, ""),
	       *tot = need(j, "totals", JSON_OBJECT, "");
	json_t *secs = need_array(j, "sections"), *pkgs = need_array(j, "packages"), *mods = need_array(j, "modules"),
	       *syms = need_array(j, "symbols");
	if (!bin || !go || !tot || !secs || !pkgs || !mods || !syms)
		goto fail;
	char *endian = NULL, *sha = NULL;
	uint64_t ptr;
	int stripped;
	if (get_str(j, "tool", &s->tool, "") < 0 || get_str(bin, "path", &s->path, "binary") < 0 ||
	    get_u64(bin, "size", &s->file_size, "binary") < 0 || get_str(bin, "format", &s->format, "binary") < 0 ||
	    get_str(bin, "arch", &s->arch, "binary") < 0 || get_u64(bin, "ptr_size", &ptr, "binary") < 0 ||
	    get_bool(bin, "pie", &s->pie, "binary") < 0 || get_bool(bin, "stripped", &stripped, "binary") < 0 ||
	    get_bool(bin, "dwarf", &s->has_dwarf, "binary") < 0 || get_str(bin, "endian", &endian, "binary") < 0 ||
	    get_str(bin, "sha256", &sha, "binary") < 0) {
		free(endian);
		free(sha);
		goto fail;
	}
	s->ptrsize = (int)(ptr & 0xff);
	s->has_symtab = !stripped;
	s->big_endian = strcmp(endian, "big") == 0;
	snprintf(s->sha256, sizeof s->sha256, "%s", sha);
	free(endian);
	free(sha);
	if (load_go(s, go) < 0)
		goto fail;
	json_array_foreach(secs, i, v) {
		snprintf(where, sizeof where, "sections[%zu]", i);
		gs_snap_section *x = GS_PUSH(s->secs, s->nsecs, s->secs_cap);
		if (!x || !json_is_object(v) || get_str(v, "name", &x->name, where) < 0 ||
		    get_str(v, "kind", &x->kind, where) < 0 || get_u64(v, "file_offset", &x->off, where) < 0 ||
		    get_u64(v, "file_size", &x->size, where) < 0 || get_u64(v, "vm_addr", &x->addr, where) < 0 ||
		    get_u64(v, "vm_size", &x->vmsize, where) < 0 || get_bool(v, "compressed", &x->compressed, where) < 0 ||
		    get_u64(v, "unattributed", &x->unattributed, where) < 0)
			goto fail_obj;
		json_t *us = json_object_get(v, "uncompressed_size");
		if (us && json_is_integer(us) && json_integer_value(us) >= 0)
			x->usize = (uint64_t)json_integer_value(us);
	}
	json_array_foreach(pkgs, i, v) {
		snprintf(where, sizeof where, "packages[%zu]", i);
		gs_snap_pkg *p = GS_PUSH(s->pkgs, s->npkgs, s->pkgs_cap);
		json_t *sz;
		if (!p || !json_is_object(v) || get_str(v, "name", &p->name, where) < 0 ||
		    get_str(v, "module", &p->module, where) < 0 || get_u64(v, "size", &p->size, where) < 0 ||
		    get_u64(v, "bss", &p->bss, where) < 0 || get_u64(v, "functions", &p->functions, where) < 0 ||
		    !(sz = need(v, "sizes", JSON_OBJECT, where)))
			goto fail_obj;
		const char *k;
		json_t *n;
		uint64_t sum = 0;
		json_object_foreach(sz, k, n) {
			int c = gs_cat_parse(k);
			if (c < 0 || !json_is_integer(n) || json_integer_value(n) < 0) {
				gs_fail("snapshot: %s: bad size category \"%s\"", where, k);
				goto fail;
			}
			p->cat[c] = (uint64_t)json_integer_value(n);
			if (p->cat[c] > UINT64_MAX - sum) {
				gs_fail("snapshot: %s: sizes overflow", where);
				goto fail;
			}
			sum += p->cat[c];
		}
		if (sum != p->size) {
			gs_fail("snapshot: %s: sizes sum to %llu, not size %llu", where, (unsigned long long)sum,
			        (unsigned long long)p->size);
			goto fail;
		}
		if (p->size > s->file_size - s->attributed) { /* attributed <= file_size so far */
			gs_fail("snapshot: %s: package sizes add up to more than the file size %llu", where,
			        (unsigned long long)s->file_size);
			goto fail;
		}
		s->attributed += p->size;
	}
	json_array_foreach(mods, i, v) {
		snprintf(where, sizeof where, "modules[%zu]", i);
		gs_snap_module *m = GS_PUSH(s->mods, s->nmods, s->mods_cap);
		if (!m || !json_is_object(v) || get_str(v, "path", &m->path, where) < 0 ||
		    get_str(v, "version", &m->version, where) < 0 || get_u64(v, "size", &m->size, where) < 0 ||
		    get_u64(v, "packages", &m->packages, where) < 0)
			goto fail_obj;
	}
	json_array_foreach(syms, i, v) {
		snprintf(where, sizeof where, "symbols[%zu]", i);
		gs_snap_sym *y = GS_PUSH(s->syms, s->nsyms, s->syms_cap);
		char *kind = NULL;
		if (!y || !json_is_object(v) || get_str(v, "name", &y->name, where) < 0 ||
		    get_str(v, "package", &y->pkg, where) < 0 || get_u64(v, "addr", &y->addr, where) < 0 ||
		    get_u64(v, "size", &y->size, where) < 0 || get_str(v, "kind", &kind, where) < 0)
			goto fail_obj;
		json_t *pc = json_object_get(v, "pcln");
		if (pc && (!json_is_integer(pc) || json_integer_value(pc) < 0)) {
			free(kind);
			gs_fail("snapshot: %s: \"pcln\" has the wrong type", where);
			goto fail;
		}
		y->pcln = pc ? (uint64_t)json_integer_value(pc) : 0;
		y->bss = strcmp(kind, "bss") == 0;
		int c = y->bss ? GS_CAT_DATA : gs_cat_parse(kind);
		free(kind);
		if (c < 0) {
			gs_fail("snapshot: %s: unknown kind", where);
			goto fail;
		}
		y->cat = (gs_cat)c;
	}
	if (get_u64(j, "symbols_total", &s->nsyms_total, "") < 0)
		goto fail;
	if (check_sizes(s) < 0)
		goto fail;
	if (load_imports(s, json_object_get(j, "imports"), schema) < 0)
		goto fail;
	uint64_t file, attr;
	if (get_u64(tot, "file", &file, "totals") < 0 || get_u64(tot, "attributed", &attr, "totals") < 0 ||
	    get_u64(tot, "unattributed", &s->unattributed, "totals") < 0)
		goto fail;
	if (file != s->file_size || attr != s->attributed) {
		gs_fail("snapshot: totals do not match the binary size and the package sizes");
		goto fail;
	}
	if (gs_snapshot_check(s) < 0) {
		gs_fail_prefix("snapshot: inconsistent");
		goto fail;
	}
	return 0;
fail_obj:
	if (!strstr(gs_errmsg(), "snapshot:"))
		gs_fail("snapshot: %s is not a valid object", where);
fail:
	gs_snapshot_dispose(s);
	return -1;
}

json_t *gs_json_parse(const char *text, size_t len)
{
	json_error_t e;
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (!j)
		gs_fail("not valid JSON: line %d: %s", e.line, e.text);
	return j;
}

int gs_snapshot_from_text(gs_snapshot *s, const char *text, size_t len)
{
	memset(s, 0, sizeof *s);
	json_t *j = gs_json_parse(text, len);
	if (!j)
		return -1;
	int rc = gs_snapshot_from_json(s, j);
	json_decref(j);
	return rc;
}
