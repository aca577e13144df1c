/* source.c - operands: files (snapshot JSON or binary), revisions (note, cache, build) and the worktree. */
#include "app/source.h"

#include <ctype.h>
#include <errno.h>
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
#include "shell/io.h"
#include "shell/isolate.h"
#include "model/imports.h"
#include "util/mem.h"
#include "shell/proc.h"
#include "util/sha256.h"
#include "model/snapshot_json.h"
#include "shell/tmpdir.h"

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
	if (name) {
		for (size_t i = 0; i < cfg->ntargets; i++)
			if (strcmp(cfg->targets[i].name, name) == 0)
				src->target = &cfg->targets[i];
		if (!src->target) {
			gs_source_dispose(src);
			return gs_fail("no target named \"%s\" in %s", name, cfg->path ? cfg->path : "the config (there is none)");
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
	free(src->goversion);
	src->goversion = NULL;
	gs_git_free(src->git);
	src->git = NULL;
}

static const char *goversion(gs_source *src)
{
	if (src->goversion)
		return src->goversion;
	char buf[128] = "", *text = NULL;
	char *argv[] = {"go", "env", "GOVERSION", NULL};
	if (gs_proc_capture(&text, ".", argv) == 0) /* else no go to ask: "unknown-go" */
		snprintf(buf, sizeof buf, "%s", text);
	free(text);
	buf[strcspn(buf, "\r\n")] = '\0';
	src->goversion = gs_strdup(buf[0] ? buf : "unknown-go");
	return src->goversion ? src->goversion : "unknown-go";
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

/* The cache entry's name: sha256(tree, target, build, go) (an entry in .git/gosize/cache, cache.h) */
static void cache_name(gs_source *src, const gs_commit *c, char *out, size_t n)
{
	char key[8192], hex[65];
	char schema[16];
	snprintf(schema, sizeof schema, "schema%d", GS_SCHEMA); /* a new schema invalidates old entries */
	snprintf(key, sizeof key, "%s%c%s%c%s%c%s%c%s", c->tree, 0, src->target->name, 0, src->target->build, 0,
	         goversion(src), 0, schema);
	size_t klen = strlen(c->tree) + 1 + strlen(src->target->name) + 1 + strlen(src->target->build) + 1 +
	              strlen(goversion(src)) + 1 + strlen(schema);
	gs_sha256_hex((const uint8_t *)key, klen < sizeof key ? klen : sizeof key, hex);
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

/* Builds in dir and snapshots the binary; label names the source in messages. */
static int build_and_snapshot(gs_source *src, gs_snapshot *s, const char *dir, const char *label, const char *what)
{
	if (src->default_target && src->builds == 0)
		gs_say("no targets in %s: building the main package in the repository root (%s)",
		        src->cfg_path ? src->cfg_path : "a .gosize.json (none found)", src->target->build);
	char *tmp = gs_tmpdir_new("out");
	if (!tmp)
		return -1;
	/* the binary is named for the target, made a safe file name ("cmd/server" -> "cmd_server") */
	char out[4200], file[128];
	size_t n = 0;
	for (const char *p = src->target->name; *p && n + 1 < sizeof file; p++, n++)
		file[n] = isalnum((unsigned char)*p) || *p == '-' || *p == '_' || (*p == '.' && n) ? *p : '_';
	file[n] = '\0';
	snprintf(out, sizeof out, "%s/%s", tmp, n ? file : "binary");
	progress(src, "building %s …", what);
	src->builds++;
	int rc = gs_build_run(label, src->target->build, dir, out);
	if (rc == 0 && (rc = load_binary(s, out, NULL)) < 0)
		gs_fail_prefix("%s", label);
	if (rc == 0)
		rc = import_graph(s, dir);
	gs_tmpdir_remove(tmp);
	free(tmp);
	return rc;
}

int gs_source_revision(gs_snapshot *s, gs_source *src, const gs_commit *c, const char *label)
{
	char what[256], cname[64];
	snprintf(what, sizeof what, "%s (%s)", label, c->short_sha);
	cache_name(src, c, cname, sizeof cname);
	/* no note (or a broken one): the cache or a build answers */
	if (!src->skip_note && gs_source_note(s, src, c->sha) == 0) {
		progress(src, "%s: snapshot from %s", what, GS_NOTES_REF);
		return 0;
	}
	if (cache_load(src, s, cname) == 0) {
		progress(src, "%s: snapshot from the local cache", what);
		return 0;
	}
	char *dir = gs_tmpdir_new("tree");
	if (!dir)
		return -1;
	int subs = 0;
	int rc = gs_git_export_tree(&subs, src->git, c->sha, dir, &src->limits);
	if (rc < 0)
		gs_fail_prefix("revision %s", what);
	else
		rc = build_and_snapshot(src, s, dir, what, what);
	if (rc < 0 && subs)
		gs_fail_prefix("(the tree has %d submodule%s, which gosize leaves empty)", subs, subs > 1 ? "s" : "");
	gs_tmpdir_remove(dir);
	free(dir);
	if (rc < 0)
		return -1;
	char path[300];
	snprintf(path, sizeof path, "git:%s", c->short_sha);
	free(s->path);
	if (!(s->path = gs_strdup(path)))
		return -1;
	cache_store(src, cname, s);
	return 0;
}

int gs_source_worktree(gs_snapshot *s, gs_source *src)
{
	gs_git *g;
	if (gs_source_git(&g, src) < 0)
		return -1;
	if (!g)
		return gs_fail("the working tree: not in a git repository (name OLD and NEW files instead)");
	const char *wd = gs_git_workdir(src->git);
	if (!wd)
		return gs_fail("the working tree: the repository is bare");
	if (build_and_snapshot(src, s, wd, "the working tree", "the working tree") < 0)
		return -1;
	free(s->path);
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
		return gs_fail("%s (and no file of that name)", m);
	}
	int rc = gs_source_revision(s, src, &c, arg);
	if (rc == 0 && commit_out)
		*commit_out = c;
	else
		gs_commit_dispose(&c);
	return rc;
}
