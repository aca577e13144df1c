/* git.c - libgit2 behind the few questions gosize asks of a repository. */
#include "git.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "mem.h"

struct gs_git {
	git_repository *repo;
};

static int lib_refs;

static int gitfail(const char *what)
{
	const git_error *e = git_error_last();
	return gs_fail("%s: %s", what, e && e->message ? e->message : "unknown libgit2 error");
}

int gs_git_open(gs_git **out, const char *dir)
{
	*out = NULL;
	if (!lib_refs++)
		git_libgit2_init();
	gs_git *g = gs_calloc(1, sizeof *g);
	if (!g)
		return -1;
	if (git_repository_open_ext(&g->repo, dir, 0, NULL) < 0) {
		free(g);
		return gs_fail("%s: not a git repository (or any parent)", dir);
	}
	*out = g;
	return 0;
}

void gs_git_free(gs_git *g)
{
	if (!g)
		return;
	git_repository_free(g->repo);
	free(g);
	if (lib_refs && !--lib_refs)
		git_libgit2_shutdown();
}

const char *gs_git_workdir(const gs_git *g) { return git_repository_workdir(g->repo); }
const char *gs_git_gitdir(const gs_git *g) { return git_repository_path(g->repo); }

void gs_commit_dispose(gs_commit *c)
{
	free(c->summary);
	memset(c, 0, sizeof *c);
}

static int fill_commit(git_commit *c, gs_commit *out)
{
	memset(out, 0, sizeof *out);
	git_oid_tostr(out->sha, sizeof out->sha, git_commit_id(c));
	snprintf(out->short_sha, sizeof out->short_sha, "%.7s", out->sha);
	git_oid_tostr(out->tree, sizeof out->tree, git_commit_tree_id(c));
	const char *s = git_commit_summary(c);
	out->summary = gs_strdup(s ? s : "");
	out->time = (long long)git_commit_time(c);
	return out->summary ? 0 : -1;
}

int gs_git_resolve(gs_git *g, const char *rev, gs_commit *out)
{
	git_object *obj = NULL, *peeled = NULL;
	memset(out, 0, sizeof *out);
	if (git_repository_head_unborn(g->repo) == 1)
		return gs_fail("revision %s: the repository has no commits yet", rev);
	if (git_revparse_single(&obj, g->repo, rev) < 0) {
		if (git_repository_is_shallow(g->repo))
			return gs_fail("revision %s not found in this shallow clone (fetch more history: git fetch --unshallow)", rev);
		return gs_fail("revision %s not found", rev);
	}
	int rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0 ? gs_fail("revision %s is not a commit", rev)
	                                                                   : fill_commit((git_commit *)peeled, out);
	git_object_free(peeled);
	git_object_free(obj);
	return rc;
}

int gs_git_merge_base(gs_git *g, const char *rev, gs_commit *out)
{
	gs_commit a, h;
	if (gs_git_resolve(g, rev, &a) < 0)
		return -1;
	if (gs_git_resolve(g, "HEAD", &h) < 0) {
		gs_commit_dispose(&a);
		return -1;
	}
	git_oid oa, oh, base;
	git_oid_fromstr(&oa, a.sha);
	git_oid_fromstr(&oh, h.sha);
	int rc = git_merge_base(&base, g->repo, &oa, &oh);
	gs_commit_dispose(&a);
	gs_commit_dispose(&h);
	if (rc < 0)
		return gs_fail("no merge base of %s and HEAD%s", rev,
		               git_repository_is_shallow(g->repo) ? " in this shallow clone (git fetch --unshallow)" : "");
	char sha[41];
	git_oid_tostr(sha, sizeof sha, &base);
	return gs_git_resolve(g, sha, out);
}

int gs_git_note_read(gs_git *g, const char *sha, char **text)
{
	git_oid oid;
	git_note *n = NULL;
	*text = NULL;
	git_oid_fromstr(&oid, sha);
	int rc = git_note_read(&n, g->repo, GS_NOTES_REF, &oid);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return gitfail("reading " GS_NOTES_REF);
	*text = gs_strdup(git_note_message(n));
	git_note_free(n);
	return *text ? 0 : -1;
}

static int signature(gs_git *g, git_signature **sig)
{
	if (git_signature_default(sig, g->repo) == 0)
		return 0;
	return git_signature_now(sig, "gosize", "gosize@localhost") < 0 ? gitfail("signature") : 0;
}

int gs_git_note_write(gs_git *g, const char *sha, const char *text)
{
	git_oid oid, out;
	git_signature *sig;
	git_oid_fromstr(&oid, sha);
	if (signature(g, &sig) < 0)
		return -1;
	int rc = git_note_create(&out, g->repo, GS_NOTES_REF, sig, sig, &oid, text, 1);
	git_signature_free(sig);
	return rc < 0 ? gitfail("writing " GS_NOTES_REF) : 0;
}

typedef struct export_ctx {
	git_repository *repo;
	const char *dir;
	int submodules;
	int err;
} export_ctx;

static int write_file(const char *path, const void *data, size_t len, int exec)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, exec ? 0755 : 0644);
	if (fd < 0)
		return gs_fail("cannot create %s: %s", path, strerror(errno));
	const char *p = data;
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			return gs_fail("cannot write %s: %s", path, strerror(e));
		}
		p += w;
		len -= (size_t)w;
	}
	return close(fd) < 0 ? gs_fail("cannot write %s: %s", path, strerror(errno)) : 0;
}

static int export_cb(const char *root, const git_tree_entry *e, void *payload)
{
	export_ctx *x = payload;
	char path[8192];
	snprintf(path, sizeof path, "%s/%s%s", x->dir, root, git_tree_entry_name(e));
	git_filemode_t mode = git_tree_entry_filemode(e);
	if (mode == GIT_FILEMODE_TREE) {
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			gs_fail("cannot create %s: %s", path, strerror(errno));
			x->err = 1;
			return -1;
		}
		return 0;
	}
	if (mode == GIT_FILEMODE_COMMIT) {
		x->submodules++;
		mkdir(path, 0755);
		return 0;
	}
	git_blob *b;
	if (git_blob_lookup(&b, x->repo, git_tree_entry_id(e)) < 0) {
		gitfail(path);
		x->err = 1;
		return -1;
	}
	int rc;
	if (mode == GIT_FILEMODE_LINK) {
		char *target = gs_strndup(git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
		rc = target && symlink(target, path) == 0 ? 0 : gs_fail("cannot link %s: %s", path, strerror(errno));
		free(target);
	} else {
		rc = write_file(path, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b), mode == GIT_FILEMODE_BLOB_EXECUTABLE);
	}
	git_blob_free(b);
	if (rc < 0) {
		x->err = 1;
		return -1;
	}
	return 0;
}

int gs_git_export_tree(gs_git *g, const char *sha, const char *dir, int *submodules)
{
	git_oid oid;
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_oid_fromstr(&oid, sha);
	if (git_commit_lookup(&c, g->repo, &oid) < 0 || git_commit_tree(&t, c) < 0) {
		git_commit_free(c);
		return gitfail(sha);
	}
	export_ctx x = {g->repo, dir, 0, 0};
	int rc = git_tree_walk(t, GIT_TREEWALK_PRE, export_cb, &x);
	git_tree_free(t);
	git_commit_free(c);
	if (submodules)
		*submodules = x.submodules;
	if (x.err)
		return -1;
	return rc < 0 ? gitfail("exporting the tree") : 0;
}

int gs_git_walk(gs_git *g, const char *range, size_t max, int (*fn)(void *ctx, const gs_commit *c), void *ctx)
{
	git_revwalk *w = NULL;
	int rc = -1;
	if (git_revwalk_new(&w, g->repo) < 0)
		return gitfail("revwalk");
	git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	if (strstr(range, "..")) {
		if (git_revwalk_push_range(w, range) < 0) {
			gs_fail("range %s not found", range);
			goto out;
		}
	} else {
		gs_commit c;
		git_oid o;
		if (gs_git_resolve(g, range, &c) < 0)
			goto out;
		git_oid_fromstr(&o, c.sha);
		gs_commit_dispose(&c);
		if (git_revwalk_push(w, &o) < 0) {
			gitfail(range);
			goto out;
		}
	}
	git_oid oid;
	size_t n = 0;
	rc = 0;
	while (rc == 0 && (!max || n < max) && git_revwalk_next(&oid, w) == 0) {
		git_commit *c;
		gs_commit gc;
		if (git_commit_lookup(&c, g->repo, &oid) < 0) {
			rc = gitfail("commit");
			break;
		}
		rc = fill_commit(c, &gc);
		git_commit_free(c);
		if (rc == 0)
			rc = fn(ctx, &gc);
		gs_commit_dispose(&gc);
		n++;
	}
out:
	git_revwalk_free(w);
	return rc;
}

typedef struct trailer_ctx {
	gs_git *g;
	const char *key;
	char *value;
} trailer_ctx;

static int trailer_cb(void *vctx, const gs_commit *c)
{
	trailer_ctx *t = vctx;
	git_oid oid;
	git_commit *gc;
	git_oid_fromstr(&oid, c->sha);
	if (git_commit_lookup(&gc, t->g->repo, &oid) < 0)
		return gitfail(c->sha);
	git_message_trailer_array arr;
	int found = 0;
	if (git_message_trailers(&arr, git_commit_message(gc)) == 0) {
		for (size_t i = 0; i < arr.count && !found; i++)
			if (strcasecmp(arr.trailers[i].key, t->key) == 0 && arr.trailers[i].value[0]) {
				t->value = gs_strdup(arr.trailers[i].value);
				found = t->value ? 1 : -1;
			}
		git_message_trailer_array_free(&arr);
	}
	git_commit_free(gc);
	return found;
}

int gs_git_find_trailer(gs_git *g, const char *base_sha, const char *head_sha, const char *key, char **value)
{
	char range[100];
	trailer_ctx t = {g, key, NULL};
	*value = NULL;
	snprintf(range, sizeof range, "%s..%s", base_sha, head_sha);
	int rc = gs_git_walk(g, range, 0, trailer_cb, &t);
	if (rc < 0) {
		free(t.value);
		return -1;
	}
	*value = t.value;
	return 0;
}

static int remote_for(gs_git *g, const char *name, git_remote **r)
{
	if (git_remote_lookup(r, g->repo, name) == 0)
		return 0;
	if (git_remote_create_anonymous(r, g->repo, name) == 0)
		return 0;
	return gitfail(name);
}

int gs_git_push_notes(gs_git *g, const char *remote)
{
	git_remote *r;
	char *spec = GS_NOTES_REF ":" GS_NOTES_REF;
	git_strarray specs = {&spec, 1};
	if (remote_for(g, remote, &r) < 0)
		return -1;
	int rc = git_remote_push(r, &specs, NULL);
	git_remote_free(r);
	return rc < 0 ? gitfail("pushing " GS_NOTES_REF) : 0;
}

int gs_git_fetch_notes(gs_git *g, const char *remote)
{
	git_remote *r;
	char *spec = "+" GS_NOTES_REF ":" GS_NOTES_REF;
	git_strarray specs = {&spec, 1};
	if (remote_for(g, remote, &r) < 0)
		return -1;
	int rc = git_remote_fetch(r, &specs, NULL, NULL);
	git_remote_free(r);
	return rc < 0 ? gitfail("fetching " GS_NOTES_REF) : 0;
}
