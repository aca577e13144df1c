/* source.c - operands: files (snapshot JSON or binary), revisions (note, cache, build) and the worktree. */
#include "app/source.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell/build.h"
#include "shell/cache.h"
#include "attrib/analyze.h"
#include "util/err.h"
#include "util/say.h"
#include "shell/io.h"
#include "shell/isolate.h"
#include "model/imports.h"
#include "util/mem.h"
#include "shell/proc.h"
#include "util/sha256.h"
#include "model/snapshot_json.h"
#include "shell/tmpdir.h"
#include "model/reach.h"
#include "util/strmap.h"
#include "shell/toolexec.h"
#include "util/spell.h"

static const gs_target default_target = {"default", "go build -trimpath -o \"$GOSIZE_OUT\" ."};

/* o, and that the data is f's mapping (the analysis may read f.fd and give
 * pages back). */
static const gs_analyze_opts *mapped_opts(const gs_analyze_opts *o, const gs_file *f, gs_analyze_opts *mo)
{
	static const gs_analyze_opts defaults;
	*mo = o ? *o : defaults;
	mo->mapped = f->mapped;
	mo->fd = f->fd;
	return mo;
}

/* Analyzes the binary at path. Errors are prefixed with path. Returns 0 or -1. */
static int load_binary(gs_snapshot *s, const char *path, const gs_analyze_opts *o)
{
	gs_file f;
	gs_analyze_opts mo;
	if (gs_file_map(&f, path) < 0)
		return gs_fail_prefix("%s", path);
	int rc = gs_analyze(s, f.data, f.size, path, mapped_opts(o, &f, &mo));
	gs_file_unmap(&f);
	return rc < 0 ? gs_fail_prefix("%s", path) : 0;
}

int gs_source_file(gs_snapshot *s, const char *path, const gs_analyze_opts *o)
{
	gs_file f;
	gs_analyze_opts mo;
	if (gs_file_map(&f, path) < 0)
		return gs_fail_prefix("%s", path);
	size_t i = 0;
	while (i < f.size && (f.data[i] == ' ' || f.data[i] == '\n' || f.data[i] == '\t' || f.data[i] == '\r'))
		i++;
	int rc;
	if (i < f.size && f.data[i] == '{')
		rc = gs_snapshot_from_text(s, (const char *)f.data, (size_t)f.size);
	else
		rc = gs_analyze(s, f.data, f.size, path, mapped_opts(o, &f, &mo));
	gs_file_unmap(&f);
	return rc < 0 ? gs_fail_prefix("%s", path) : 0;
}

/* A size from the environment (16KiB, 1.5GB, …), or def. */
static int env_size(uint64_t *out, const char *name, uint64_t def)
{
	const char *v = getenv(name);
	*out = def;
	if (!v || !*v)
		return 0;
	gs_limit l;
	if (gs_limit_parse(&l, v, 0, name) < 0)
		return -1;
	*out = l.bytes;
	return 0;
}

int gs_source_init(gs_source *src, const gs_config *cfg, const char *name, int prog, const char *dir)
{
	memset(src, 0, sizeof *src);
	src->progress = prog || isatty(STDERR_FILENO);
	if (env_size(&src->limits.max_file, "GOSIZE_MAX_FILE_SIZE", GS_MAX_FILE_DEFAULT) < 0 ||
	    env_size(&src->limits.max_total, "GOSIZE_MAX_TREE_SIZE", GS_MAX_TREE_DEFAULT) < 0)
		return -1;
	src->limits.max_entries = GS_MAX_ENTRIES;
	snprintf(src->dir, sizeof src->dir, "%s", dir);
	snprintf(src->cwd, sizeof src->cwd, "%s", dir);
	src->wcfg = cfg;
	if (name) {
		for (size_t i = 0; i < cfg->ntargets; i++)
			if (strcmp(cfg->targets[i].name, name) == 0)
				src->target = &cfg->targets[i];
		if (!src->target) {
			const char *names[64];
			size_t nn = 0;
			for (size_t i = 0; i < cfg->ntargets && nn < 64; i++)
				names[nn++] = cfg->targets[i].name;
			char hint[300];
			gs_spell_hint(hint, sizeof hint, name, names, nn, "", "");
			gs_source_dispose(src);
			return gs_fail("no target named \"%s\" in %s%s", name, cfg->path ? cfg->path : "the config (there is none)",
			               hint);
		}
	} else if (cfg->ntargets) {
		src->target = &cfg->targets[0];
	} else {
		src->target = &default_target;
		src->default_target = 1;
		src->cfg_path = cfg->path;
	}
	return 0;
}

int gs_source_git(gs_git **g, gs_source *src)
{
	if (!src->git_tried) {
		src->git_tried = 1;
		if (gs_git_open(&src->git, src->dir) == -1) /* GS_ENOTFOUND: outside a repository (src->git NULL) */
			return -1;
	}
	*g = src->git;
	return 0;
}

void gs_source_dispose(gs_source *src)
{
	for (size_t i = 0; i < src->ncfg_paths; i++)
		free(src->cfg_paths[i]);
	free(src->cfg_paths);
	src->cfg_paths = NULL, src->ncfg_paths = 0;
	gs_git_free(src->git);
	src->git = NULL;
}

static void progress(gs_source *src, const char *fmt, ...) GS_PRINTF(2, 3);
static void progress(gs_source *src, const char *fmt, ...)
{
	if (!src->progress)
		return;
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	gs_say("%s", line);
}

/* The target's snapshot stored in note text (a JSON object keyed by target):
 * 0, GS_ENOTFOUND when the note has no entry for target, or -1 (broken). */
static int from_note(gs_snapshot *s, const char *note, const char *target)
{
	json_error_t e;
	memset(s, 0, sizeof *s);
	json_t *j = json_loads(note, 0, &e);
	if (!j || !json_is_object(j)) {
		json_decref(j);
		return gs_fail("note in " GS_NOTES_REF " is not a JSON object");
	}
	json_t *t = json_object_get(j, target);
	int rc = GS_ENOTFOUND;
	if (t)
		rc = gs_snapshot_from_json(s, t) < 0 ? gs_fail_prefix("note in " GS_NOTES_REF ", target %s", target) : 0;
	json_decref(j);
	return rc;
}

int gs_source_note(gs_snapshot *s, gs_source *src, const char *sha)
{
	char *note;
	int rc = gs_git_note_read(&note, src->git, sha);
	if (rc == 0) {
		rc = from_note(s, note, src->target->name);
		free(note);
	}
	if (rc == -1) { /* an unreadable or broken note is skipped: the caller goes on without it */
		gs_warn("commit %s: ignoring its note: %s", sha, gs_errmsg());
		rc = GS_ENOTFOUND;
	}
	return rc;
}

char *gs_source_note_text(const char *existing, const char *target, const gs_snapshot *s)
{
	json_t *j = existing ? json_loads(existing, 0, NULL) : NULL;
	if (!j || !json_is_object(j)) {
		json_decref(j);
		j = json_object();
	}
	json_t *snap = gs_snapshot_to_json(s);
	char *text = NULL;
	if (j && snap && json_object_set_new(j, target, snap) == 0) {
		text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		if (!text)
			gs_fail("out of memory");
	}
	json_decref(j);
	return text;
}

/* The cache entry's name (an entry in .git/gosize/cache, cache.h): sha256 of
 * the tree and the whole provenance (the build command, the toolchain and
 * settings, the variables the command names); the entry says so inside too. */
static void cache_name(const gs_commit *c, const gs_prov *want, char *out, size_t n)
{
	gs_sb key = {0};
	char hex[65];
	/* a new schema invalidates old entries, and so does the linker's reachability (entries before it lack it) */
	gs_sb_printf(&key, "gosize cache 2 schema%d+reach", GS_SCHEMA);
	gs_sb_putn(&key, "", 1);
	gs_sb_puts(&key, c->tree);
	for (size_t i = 0; i < want->n; i++) {
		gs_sb_putn(&key, "", 1);
		gs_sb_puts(&key, want->kv[i].key);
		gs_sb_putn(&key, "=", 1);
		gs_sb_puts(&key, want->kv[i].val);
	}
	gs_sha256_hex((const uint8_t *)(key.s ? key.s : ""), key.len, hex);
	gs_sb_dispose(&key);
	snprintf(out, n, "%.40s", hex);
}

/* The snapshot cached as name, if an authentic entry (cache.h) holds one that loads: 0, or
 * GS_ENOTFOUND (a broken entry is removed and rebuilt). */
static int cache_load(gs_source *src, gs_snapshot *s, const char *name)
{
	char *text;
	size_t len;
	const char *gitdir = gs_git_gitdir(src->git);
	if (gs_cache_get(&text, &len, gitdir, name) != 0)
		return GS_ENOTFOUND;
	int rc = gs_snapshot_from_text(s, text, len);
	free(text);
	if (rc == 0)
		return 0;
	char path[4400];
	snprintf(path, sizeof path, "%sgosize/cache/%s.json", gitdir, name);
	unlink(path);
	return GS_ENOTFOUND;
}

/* Stores s in the cache as name, best effort: a cache that cannot be written
 * is no error (the snapshot is built again next time). */
static void cache_store(gs_source *src, const char *name, const gs_snapshot *s)
{
	char *text = gs_snapshot_to_text(s);
	if (text)
		gs_cache_put(gs_git_gitdir(src->git), name, text, strlen(text));
	free(text);
}

/* Records the import graph of the binary's main package, as `go list` sees it
 * in dir. A failing `go list` (offline module cache, missing cgo headers) only
 * leaves a note: the graph is an extra. */
static int import_graph(gs_snapshot *s, const char *dir)
{
	const char *root = s->bi.path;
	if (!root || !*root || strcmp(root, "command-line-arguments") == 0) {
		s->imports_note = gs_strdup("no import graph: the binary names no main package path");
		return s->imports_note ? 0 : -1;
	}
	if (root[0] == '-') { /* no import path starts with '-': never let one become a go flag */
		s->imports_note = gs_strdup("no import graph: the main package path starts with '-'");
		return s->imports_note ? 0 : -1;
	}
	/* a package with cgo files imports runtime/cgo through generated code, which go list does not show */
	char *argv[] = {"go", "list", "-deps", "-f",
	                "{{.ImportPath}}{{range .Imports}} {{.}}{{end}}{{if .CgoFiles}} runtime/cgo{{end}}", (char *)root, NULL};
	char *text;
	/* isolated builds: the tree is the build user's to change, so go list runs as it too */
	if ((gs_isolate_on() ? gs_isolate_capture(&text, dir, argv) : gs_proc_capture(&text, dir, argv)) < 0) {
		char note[1200];
		snprintf(note, sizeof note, "no import graph: %s", gs_errmsg());
		s->imports_note = gs_strdup(note);
		return s->imports_note ? 0 : -1;
	}
	int rc = gs_imports_parse(s, root, text);
	free(text);
	return rc;
}

/* A symbol of s is kept in the reachability tree (reach.c prunes to these and
 * to the symbols that reach others). keep_ctx: the names, and whether any is a
 * generic function's pclntab name ("pkg.F[...]"). */
typedef struct keep_ctx {
	gs_strmap names;
	int generic;
} keep_ctx;

static int keep_sym(const char *name, void *ctx)
{
	keep_ctx *k = ctx;
	if (gs_strmap_get(&k->names, name) != (size_t)-1)
		return 1;
	const char *a = k->generic ? strchr(name, '[') : NULL, *b = a ? strrchr(name, ']') : NULL;
	if (!a || !b || b <= a)
		return 0;
	char buf[4096];
	int n = snprintf(buf, sizeof buf, "%.*s[...]%s", (int)(a - name), name, b + 1);
	return n > 0 && (size_t)n < sizeof buf && gs_strmap_get(&k->names, buf) != (size_t)-1;
}

static int reach_note(gs_snapshot *s, const char *why)
{
	char note[1200];
	snprintf(note, sizeof note, "no linker reachability: %s", why);
	return (s->reach_note = gs_strdup(note)) ? 0 : -1;
}

/* The linker's reachability of the build that made s (its dump in depdir, written by
 * gosize as go's -toolexec): parsed, pruned to what a snapshot keeps. What is missing
 * or broken only leaves a note: the reachability is an extra, like the import graph. */
static int linker_reach(gs_snapshot *s, const char *depdir, const char *norecord)
{
	if (norecord)
		return reach_note(s, norecord);
	char *text;
	size_t len;
	int dyn;
	int rc = gs_toolexec_dump(&text, &len, &dyn, depdir, s->bi.path);
	if (rc == GS_ENOTFOUND)
		return reach_note(s, "no link ran through gosize during the build (a binary go had cached, "
		                      "copied, or a build that passes its own -toolexec)");
	if (rc < 0)
		return reach_note(s, gs_errmsg());
	gs_reach *r = NULL;
	keep_ctx k = {{0}, 0};
	rc = gs_reach_parse(&r, text, len, s->bi.goversion, dyn);
	free(text);
	if (rc < 0)
		return reach_note(s, gs_errmsg());
	for (size_t i = 0; i < s->nsyms && rc == 0; i++) {
		rc = gs_strmap_put(&k.names, s->syms[i].name, i);
		k.generic |= strstr(s->syms[i].name, "[...]") != NULL;
	}
	if (rc == 0)
		rc = gs_reach_prune(r, keep_sym, &k);
	gs_strmap_dispose(&k.names);
	if (rc < 0) {
		gs_reach_free(r);
		return -1;
	}
	s->reach = r;
	return 0;
}

/* Builds t in dir and snapshots the binary; label names the source in messages. */
static int build_and_snapshot(gs_source *src, gs_snapshot *s, const gs_target *t, const char *dir, const char *label)
{
	if (src->default_target && src->builds == 0 && src->cfg_path)
		gs_say("no targets in %s: building the main package in the repository root (%s)", src->cfg_path, t->build);
	else if (src->default_target && src->builds == 0)
		gs_say("no .gosize.json found: building the main package in the repository root (%s)", t->build);
	char *tmp = gs_tmpdir_new("out");
	if (!tmp)
		return -1;
	/* the binary is named for the target, made a safe file name ("cmd/server" -> "cmd_server") */
	char out[4200], file[128];
	size_t n = 0;
	for (const char *p = t->name; *p && n + 1 < sizeof file; p++, n++)
		file[n] = isalnum((unsigned char)*p) || *p == '-' || *p == '_' || (*p == '.' && n) ? *p : '_';
	file[n] = '\0';
	snprintf(out, sizeof out, "%s/%s", tmp, n ? file : "binary");
	progress(src, "building %s%s%s …", label, src->pin ? " with GOTOOLCHAIN=" : "", src->pin ? src->pin : "");
	src->builds++;
	const char *norecord = NULL;
	int rc = gs_build_run(label, t->build, dir, out, src->pin, tmp, &norecord);
	if (rc == 0 && (rc = load_binary(s, out, NULL)) < 0)
		gs_fail_prefix("%s", label);
	if (rc == 0)
		rc = import_graph(s, dir);
	if (rc == 0)
		rc = linker_reach(s, tmp, norecord);
	gs_tmpdir_remove(tmp);
	free(tmp);
	return rc;
}

/* ---- like for like: each revision's own config, and what a build is made of ---- */

#define CONFIG_MAX (16u << 20) /* --config reads at most as much */

/* Where a revision's config is looked for: the working tree's config's path
 * in the repository; without one, .gosize.json in the working directory's
 * path and each parent up to the root (as the working tree's is found); a
 * config outside the repository (--config /elsewhere) is every revision's. */
static int config_paths(gs_source *src)
{
	if (src->cfg_paths_done)
		return 0;
	src->cfg_paths_done = 1;
	const char *wd = src->git ? gs_git_workdir(src->git) : NULL;
	char rwd[PATH_MAX], rcfg[PATH_MAX], rcwd[PATH_MAX];
	if (!wd || !realpath(wd, rwd)) {
		src->cfg_shared = 1;
		return 0;
	}
	size_t wl = strlen(rwd);
	const char *rel = NULL;
	if (src->wcfg && src->wcfg->path) {
		if (!realpath(src->wcfg->path, rcfg) || strncmp(rcfg, rwd, wl) != 0 || rcfg[wl] != '/') {
			src->cfg_shared = 1;
			return 0;
		}
		rel = rcfg + wl + 1;
		if (!(src->cfg_paths = gs_calloc(1, sizeof *src->cfg_paths)) || !(src->cfg_paths[0] = gs_strdup(rel)))
			return -1;
		src->ncfg_paths = 1;
		return 0;
	}
	char dir[PATH_MAX] = "";
	if (realpath(src->cwd, rcwd) && strncmp(rcwd, rwd, wl) == 0 && (rcwd[wl] == '/' || !rcwd[wl]))
		snprintf(dir, sizeof dir, "%s", rcwd[wl] ? rcwd + wl + 1 : "");
	size_t depth = 1;
	for (const char *q = dir; *q; q++)
		depth += *q == '/';
	if (!(src->cfg_paths = gs_calloc(depth + 1, sizeof *src->cfg_paths)))
		return -1;
	for (;;) {
		char path[PATH_MAX + 16];
		snprintf(path, sizeof path, "%s%s.gosize.json", dir, dir[0] ? "/" : "");
		if (!(src->cfg_paths[src->ncfg_paths] = gs_strdup(path)))
			return -1;
		src->ncfg_paths++;
		if (!dir[0])
			break;
		char *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		else
			dir[0] = '\0';
	}
	return 0;
}

int gs_source_config_at(gs_config *cfg, gs_source *src, const gs_commit *c)
{
	gs_git *g;
	memset(cfg, 0, sizeof *cfg);
	if (gs_source_git(&g, src) < 0)
		return -1;
	if (!g || config_paths(src) < 0)
		return g ? -1 : GS_ENOTFOUND;
	for (size_t i = 0; i < src->ncfg_paths; i++) {
		char *text;
		size_t len;
		int rc = gs_git_file_at(&text, &len, g, c->sha, src->cfg_paths[i], CONFIG_MAX);
		if (rc == GS_ENOTFOUND)
			continue;
		if (rc < 0)
			return gs_fail_prefix("revision %s", c->short_sha);
		rc = gs_config_parse(cfg, text, len);
		free(text);
		if (rc < 0)
			return gs_fail_prefix("revision %s: %s", c->short_sha, src->cfg_paths[i]);
		char path[PATH_MAX + 32];
		snprintf(path, sizeof path, "%s:%s", c->short_sha, src->cfg_paths[i]);
		if (!(cfg->path = gs_strdup(path))) {
			gs_config_dispose(cfg);
			return -1;
		}
		return 0;
	}
	return GS_ENOTFOUND;
}

/* The target c is built with (copied into *t): its own config's definition of
 * the target this run measures, else the working tree's (src->info says why). */
static int revision_target(gs_target *t, gs_source *src, const gs_commit *c)
{
	gs_config own;
	const gs_target *use = src->target;
	int rc = gs_source_config_at(&own, src, c);
	if (rc == -1)
		return -1;
	src->info.own_target = 1;
	if (rc == 0) {
		const gs_target *found = NULL;
		for (size_t i = 0; i < own.ntargets && !src->default_target; i++)
			if (strcmp(own.targets[i].name, src->target->name) == 0)
				found = &own.targets[i];
		if (found)
			use = found;
		else if (!src->default_target)
			src->info.own_target = 0, snprintf(src->info.target_why, sizeof src->info.target_why,
			                                    "%s has no target %s: built with the working tree's", own.path,
			                                    src->target->name);
	} else if (!src->cfg_shared) {
		src->info.own_target = 0;
		snprintf(src->info.target_why, sizeof src->info.target_why, "%s has no %s: built with the working tree's %s%s",
		         c->short_sha, src->ncfg_paths == 1 && src->wcfg->path ? src->cfg_paths[0] : ".gosize.json",
		         src->default_target ? "default target" : "target ", src->default_target ? "" : src->target->name);
	}
	t->name = gs_strdup(use->name);
	t->build = gs_strdup(use->build);
	if (rc == 0)
		gs_config_dispose(&own);
	return t->name && t->build ? 0 : -1;
}

static void target_dispose(gs_target *t)
{
	free(t->name);
	free(t->build);
	memset(t, 0, sizeof *t);
}

/* What `go env` reports that changes a binary (GOVERSION first). Not CC or
 * the cgo flags: asking go for those makes it probe the C compiler (three
 * gcc runs, ~100 ms); they are taken from the environment (C_VARS). */
static char *const GO_VARS[] = {"GOVERSION", "GOOS", "GOARCH", "CGO_ENABLED", "GOFLAGS", "GOEXPERIMENT",
                                "GOAMD64", "GOARM", "GOARM64", "GO386", "GOMIPS", "GOMIPS64", "GOPPC64",
                                "GORISCV64", "GOWASM", NULL};
static const char *const C_VARS[] = {"CC", "CXX", "CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_LDFLAGS", NULL};

/* The variables build names ($NAME, ${NAME}) into p as "$NAME" -> a hash of
 * the value (a note is pushed: a token in the command must not be in it). */
static int named_vars(gs_prov *p, const char *build)
{
	for (const char *q = strchr(build, '$'); q; q = strchr(q + 1, '$')) {
		const char *n = q + 1 + (q[1] == '{');
		size_t len = 0;
		while ((n[len] >= 'A' && n[len] <= 'Z') || (n[len] >= 'a' && n[len] <= 'z') || n[len] == '_' ||
		       (len && n[len] >= '0' && n[len] <= '9'))
			len++;
		if (!len || len > 200)
			continue;
		char name[208], key[210], val[32];
		snprintf(name, sizeof name, "%.*s", (int)len, n);
		if (strcmp(name, "GOSIZE_OUT") == 0 || strcmp(name, "PWD") == 0)
			continue;
		const char *v = getenv(name);
		char hex[65];
		if (v)
			gs_sha256_hex((const uint8_t *)v, strlen(v), hex);
		snprintf(val, sizeof val, v ? "sha256:%.16s" : "unset", v ? hex : "");
		snprintf(key, sizeof key, "$%s", name);
		if (gs_prov_set(p, key, val) < 0)
			return -1;
	}
	return 0;
}

/* The provenance of building build in dir (GOTOOLCHAIN=pin when set): the
 * command, `go env` there, CC and the cgo flags from the environment, the
 * variables the command names. Without go (a
 * command that needs none), only the command and the variables. */
static int prov_compute(gs_prov *p, const char *dir, const char *build, const char *pin)
{
	memset(p, 0, sizeof *p);
	char *argv[sizeof GO_VARS / sizeof *GO_VARS + 2] = {"go", "env"};
	for (size_t i = 0; GO_VARS[i]; i++)
		argv[2 + i] = GO_VARS[i];
	const char *env[] = {pin ? "GOTOOLCHAIN" : NULL, pin, NULL};
	char *text = NULL;
	if (gs_proc_capture_env(&text, dir, argv, env, 0) == 0) {
		char *line = text;
		for (size_t i = 0; GO_VARS[i] && line && *line; i++) {
			char *nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			line[strcspn(line, "\r")] = '\0';
			if (gs_prov_set(p, GO_VARS[i], line) < 0)
				goto fail;
			line = nl ? nl + 1 : NULL;
		}
	}
	free(text);
	text = NULL;
	for (size_t i = 0; C_VARS[i]; i++)
		if (gs_prov_set(p, C_VARS[i], getenv(C_VARS[i])) < 0) /* unset or empty: left out */
			goto fail;
	if (gs_prov_set(p, "build", build) < 0 || named_vars(p, build) < 0)
		goto fail;
	return 0;
fail:
	free(text);
	gs_prov_dispose(p);
	return -1;
}

/* The provenance c would be built with: `go env` in a directory holding c's
 * go.mod and go.work (what selects a toolchain), as in c's exported tree. */
static int revision_prov(gs_prov *p, gs_source *src, const gs_commit *c, const char *build)
{
	char *dir = gs_tmpdir_new("goenv");
	if (!dir)
		return -1;
	int rc = 0;
	static const char *const files[] = {"go.mod", "go.work"};
	for (size_t i = 0; i < 2 && rc == 0; i++) {
		char *text, path[4200];
		size_t len;
		int r = gs_git_file_at(&text, &len, src->git, c->sha, files[i], 1u << 20);
		if (r == GS_ENOTFOUND)
			continue;
		if (r < 0) {
			rc = gs_fail_prefix("revision %s", c->short_sha);
			break;
		}
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		rc = gs_file_write_atomic(path, text, len);
		free(text);
	}
	if (rc == 0)
		rc = prov_compute(p, dir, build, src->pin);
	gs_tmpdir_remove(dir);
	free(dir);
	return rc;
}

/* c's note, if it stands for what this run would build (want); else the
 * reason it does not into src->info.note_why. 0 (note in *s), or GS_ENOTFOUND. */
static int usable_note(gs_snapshot *s, gs_source *src, const gs_commit *c, const gs_prov *want, const char *what)
{
	if (src->skip_note || gs_source_note(s, src, c->sha) != 0)
		return GS_ENOTFOUND;
	gs_rev_info *in = &src->info;
	if (s->prov.n && gs_prov_equal(&s->prov, want)) {
		in->from_note = 1;
		return 0;
	}
	gs_sb why = {0};
	if (!s->prov.n) {
		gs_sb_puts(&why, "its note does not say how it was built (recorded by an older gosize)");
	} else {
		gs_sb_puts(&why, "its note was built otherwise (");
		gs_prov_diff_text(&why, &s->prov, want);
		gs_sb_puts(&why, ")");
	}
	snprintf(in->note_why, sizeof in->note_why, "%s", why.s && !why.oom ? why.s : "its note was built otherwise");
	gs_sb_dispose(&why);
	if (s->prov.n && src->keep_toolchain_note && gs_prov_only_toolchain(&s->prov, want)) {
		in->from_note = in->toolchain_note = 1;
		progress(src, "%s: snapshot from %s, built by %s", what, GS_NOTES_REF, gs_prov_get(&s->prov, "GOVERSION"));
		return 0;
	}
	progress(src, "%s: not using its note: %s", what, in->note_why);
	gs_snapshot_dispose(s);
	return GS_ENOTFOUND;
}

/* A large program's note keeps only the summary of the linker's reachability
 * (cmd_record): when the caller wants the tree (a diff's causes), it comes
 * from the revision's cache entry of the same build (the same binary). Best
 * effort: without it the diff says the causes are unavailable. */
static void note_tree(gs_snapshot *s, gs_source *src, const char *cname)
{
	if (!src->want_tree || !s->reach || s->reach->has_tree)
		return;
	gs_snapshot full;
	memset(&full, 0, sizeof full);
	if (cache_load(src, &full, cname) == 0 && full.reach && full.reach->has_tree && strcmp(full.sha256, s->sha256) == 0) {
		gs_reach_free(s->reach);
		s->reach = full.reach;
		full.reach = NULL;
	}
	gs_snapshot_dispose(&full);
}

int gs_source_revision(gs_snapshot *s, gs_source *src, const gs_commit *c, const char *label)
{
	char what[256], cname[64];
	gs_target t = {0};
	gs_prov want;
	memset(&src->info, 0, sizeof src->info);
	memset(&want, 0, sizeof want);
	snprintf(what, sizeof what, "%s (%s)", label, c->short_sha);
	if (revision_target(&t, src, c) < 0 || revision_prov(&want, src, c, t.build) < 0)
		goto fail;
	if (!src->info.own_target)
		progress(src, "%s: %s", what, src->info.target_why);
	cache_name(c, &want, cname, sizeof cname);
	if (usable_note(s, src, c, &want, what) == 0) {
		if (!src->info.toolchain_note)
			progress(src, "%s: snapshot from %s", what, GS_NOTES_REF);
		note_tree(s, src, cname);
		goto done;
	}
	if (cache_load(src, s, cname) == 0) {
		if (gs_prov_equal(&s->prov, &want)) {
			progress(src, "%s: snapshot from the local cache", what);
			goto done;
		}
		gs_snapshot_dispose(s); /* an entry that says it was built otherwise is rebuilt (and replaced) */
	}
	char *dir = gs_tmpdir_new("tree");
	if (!dir)
		goto fail;
	int subs = 0;
	int rc = gs_git_export_tree(&subs, src->git, c->sha, dir, &src->limits);
	if (rc < 0)
		gs_fail_prefix("revision %s", what);
	else
		rc = build_and_snapshot(src, s, &t, dir, what);
	if (rc < 0 && subs)
		gs_fail_prefix("(the tree has %d submodule%s, which gosize leaves empty)", subs, subs > 1 ? "s" : "");
	gs_tmpdir_remove(dir);
	free(dir);
	if (rc < 0)
		goto fail;
	char path[300];
	snprintf(path, sizeof path, "git:%s", c->short_sha);
	free(s->path);
	gs_prov_dispose(&s->prov);
	if (!(s->path = gs_strdup(path)) || gs_prov_copy(&s->prov, &want) < 0) {
		gs_snapshot_dispose(s);
		goto fail;
	}
	cache_store(src, cname, s);
done:
	target_dispose(&t);
	gs_prov_dispose(&want);
	return 0;
fail:
	target_dispose(&t);
	gs_prov_dispose(&want);
	return -1;
}

int gs_source_worktree(gs_snapshot *s, gs_source *src)
{
	gs_git *g;
	memset(&src->info, 0, sizeof src->info);
	src->info.own_target = 1;
	if (gs_source_git(&g, src) < 0)
		return -1;
	if (!g)
		return gs_fail("the working tree: not in a git repository (name OLD and NEW files instead)");
	const char *wd = gs_git_workdir(src->git);
	if (!wd)
		return gs_fail("the working tree: the repository is bare");
	gs_prov want;
	if (prov_compute(&want, wd, src->target->build, src->pin) < 0)
		return -1;
	if (build_and_snapshot(src, s, src->target, wd, "the working tree") < 0) {
		gs_prov_dispose(&want);
		return -1;
	}
	free(s->path);
	s->prov = want;
	return (s->path = gs_strdup("worktree")) ? 0 : -1;
}

/* 0 when arg cannot name a revision: a path that starts with "/", "./" or
 * "../" and has none of revision syntax's ^ ~ : @ is no valid reference name
 * (an empty or "." component) and no hexadecimal object name, so libgit2's
 * revparse finds nothing for it. 1 for anything else. */
static int maybe_revision(const char *arg)
{
	int path = arg[0] == '/' || strncmp(arg, "./", 2) == 0 || strncmp(arg, "../", 3) == 0;
	return !path || strpbrk(arg, "^~:@") != NULL;
}

int gs_source_load(gs_snapshot *s, gs_commit *commit_out, gs_source *src, const char *arg)
{
	struct stat st;
	if (commit_out)
		memset(commit_out, 0, sizeof *commit_out);
	gs_commit c;
	gs_git *g = NULL;
	int file = stat(arg, &st) == 0;
	if ((!file || maybe_revision(arg)) && gs_source_git(&g, src) < 0)
		return -1;
	if (file || !g) {
		/* a file named like a revision (go build -o main) must not silently replace it */
		if (g && gs_git_resolve(&c, g, arg) == 0) {
			gs_commit_dispose(&c);
			return gs_fail("%s is both a file and a revision: write ./%s for the file or %s^{commit} for the revision",
			               arg, arg, arg);
		}
		return gs_source_file(s, arg, NULL); /* not a revision: the file */
	}
	if (gs_git_resolve(&c, g, arg) < 0) {
		char m[600];
		snprintf(m, sizeof m, "%s", gs_errmsg());
		char *hint = strstr(m, ": did you mean "); /* stays last */
		size_t n = hint ? (size_t)(hint - m) : strlen(m);
		return gs_fail("%.*s (and no file of that name)%s", (int)n, m, hint ? hint : "");
	}
	int rc = gs_source_revision(s, src, &c, arg);
	if (rc == 0 && commit_out)
		*commit_out = c;
	else
		gs_commit_dispose(&c);
	return rc;
}
