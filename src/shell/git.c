/* git.c - libgit2 behind the few questions gosize asks of a repository. */
#include "shell/git.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell/proc.h"
#include "util/err.h"
#include "util/say.h"
#include "util/esc.h"
#include "shell/io.h"
#include "util/mem.h"
#include "util/spell.h"

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
	if (!g) {
		if (!--lib_refs)
			git_libgit2_shutdown();
		return -1;
	}
	if (git_repository_open_ext(&g->repo, dir, 0, NULL) < 0) {
		free(g);
		if (!--lib_refs)
			git_libgit2_shutdown();
		return GS_ENOTFOUND;
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

/* A commit message in its declared encoding as UTF-8: Latin-1 converted exactly, anything
 * else checked (invalid bytes as U+FFFD). */
static char *message_utf8(git_commit *c, const char *s)
{
	const char *enc = git_commit_message_encoding(c);
	if (!enc || !(strcasecmp(enc, "ISO-8859-1") == 0 || strcasecmp(enc, "ISO8859-1") == 0 ||
	              strcasecmp(enc, "latin1") == 0 || strcasecmp(enc, "latin-1") == 0))
		return gs_utf8_fix(s, strlen(s));
	size_t n = strlen(s);
	char *d = n < SIZE_MAX / 2 ? malloc(2 * n + 1) : NULL, *o = d;
	if (!d) {
		gs_fail("out of memory");
		return NULL;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x80) {
			*o++ = (char)*p;
		} else {
			*o++ = (char)(0xc0 | *p >> 6);
			*o++ = (char)(0x80 | (*p & 0x3f));
		}
	*o = '\0';
	return d;
}

static int fill_commit(git_commit *c, gs_commit *out)
{
	memset(out, 0, sizeof *out);
	git_oid_tostr(out->sha, sizeof out->sha, git_commit_id(c));
	snprintf(out->short_sha, sizeof out->short_sha, "%.7s", out->sha);
	git_oid_tostr(out->tree, sizeof out->tree, git_commit_tree_id(c));
	const char *s = git_commit_summary(c);
	out->summary = message_utf8(c, s ? s : "");
	out->time = (long long)git_commit_time(c);
	return out->summary ? 0 : -1;
}

/* ": did you mean NAME?" when a branch, remote branch or tag is near rev (a typo such as "mian"), else "" */
static const char *ref_hint(char *buf, size_t n, gs_git *g, const char *rev)
{
	enum { MAX_REFS = 4096 };
	const char **names = calloc(MAX_REFS, sizeof *names);
	git_reference_iterator *it = NULL;
	git_reference *ref;
	size_t k = 0;
	buf[0] = '\0';
	if (!names || git_reference_iterator_new(&it, g->repo) < 0) {
		free(names);
		return buf;
	}
	while (k < MAX_REFS && git_reference_next(&ref, it) == 0) {
		const char *s = git_reference_shorthand(ref);
		if ((git_reference_is_branch(ref) || git_reference_is_remote(ref) || git_reference_is_tag(ref)) && s &&
		    (names[k] = strdup(s)))
			k++;
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	gs_spell_hint(buf, n, rev, names, k, "", "");
	for (size_t i = 0; i < k; i++)
		free((char *)names[i]);
	free(names);
	return buf;
}

int gs_git_is_shallow(gs_git *g) { return git_repository_is_shallow(g->repo) == 1; }

int gs_git_at_edge(gs_git *g, const char *sha)
{
	git_oid o;
	git_commit *c = NULL, *p = NULL;
	if (git_repository_is_shallow(g->repo) != 1 || git_oid_fromstr(&o, sha) < 0 || git_commit_lookup(&c, g->repo, &o) < 0)
		return 0;
	int edge = git_commit_parentcount(c) > 0 && git_commit_parent(&p, c, 0) < 0;
	git_commit_free(p);
	git_commit_free(c);
	return edge;
}

int gs_git_resolve(gs_commit *out, gs_git *g, const char *rev)
{
	git_object *obj = NULL, *peeled = NULL;
	memset(out, 0, sizeof *out);
	if (git_repository_head_unborn(g->repo) == 1)
		return gs_fail("revision %s: the repository has no commits yet", rev);
	if (git_revparse_single(&obj, g->repo, rev) < 0) {
		char hint[300];
		ref_hint(hint, sizeof hint, g, rev);
		if (!hint[0] && git_repository_is_shallow(g->repo)) /* a typo is likelier than history the clone lacks */
			return gs_fail("revision %s not found in this shallow clone (git fetch --deepen=100 fetches more history, "
			               "git fetch --unshallow all of it)", rev);
		return gs_fail("revision %s not found%s", rev, hint);
	}
	int rc = git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) < 0 ? gs_fail("revision %s is not a commit", rev)
	                                                                   : fill_commit((git_commit *)peeled, out);
	git_object_free(peeled);
	git_object_free(obj);
	return rc;
}

int gs_git_merge_base(gs_commit *out, gs_git *g, const char *rev)
{
	gs_commit a, h;
	if (gs_git_resolve(&a, g, rev) < 0) {
		/* a CI checkout often has only the remote's branch: take origin/BRANCH, and say so */
		char alt[600];
		snprintf(alt, sizeof alt, "origin/%s", rev);
		if (strncmp(rev, "origin/", 7) == 0 || strlen(rev) > 500 || gs_git_resolve(&a, g, alt) < 0)
			return gs_git_resolve(&a, g, rev);
		gs_say("--base %s: no such local branch, using %s", rev, alt);
	}
	if (gs_git_resolve(&h, g, "HEAD") < 0) {
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
	return gs_git_resolve(out, g, sha);
}

/* The size of the note blob on commit sha, read from its object header without loading it:
 * the notes tree holds it as "sha" or with fan-out ("ab/cdef…", "ab/cd/ef…"). 0 when none is
 * found that way (git_note_read then decides). */
static uint64_t note_size(gs_git *g, const char *sha)
{
	git_object *o = NULL;
	git_tree *t = NULL;
	uint64_t size = 0;
	if (git_revparse_single(&o, g->repo, GS_NOTES_REF "^{tree}") < 0) {
		git_error_clear();
		return 0;
	}
	t = (git_tree *)o;
	for (int lv = 0; lv < 20 && !size; lv++) {
		char path[80];
		size_t k = 0;
		for (int i = 0; i < lv; i++) {
			path[k++] = sha[2 * i];
			path[k++] = sha[2 * i + 1];
			path[k++] = '/';
		}
		snprintf(path + k, sizeof path - k, "%s", sha + 2 * lv);
		git_tree_entry *e;
		if (git_tree_entry_bypath(&e, t, path) < 0)
			continue;
		size_t len;
		git_object_t type;
		git_odb *odb;
		if (git_tree_entry_type(e) == GIT_OBJECT_BLOB && git_repository_odb(&odb, g->repo) == 0) {
			if (git_odb_read_header(&len, &type, odb, git_tree_entry_id(e)) == 0)
				size = len ? (uint64_t)len : 1;
			git_odb_free(odb);
		}
		git_tree_entry_free(e);
	}
	git_error_clear();
	git_object_free(o);
	return size;
}

int gs_git_note_read(char **text, gs_git *g, const char *sha)
{
	git_oid oid;
	git_note *n = NULL;
	*text = NULL;
	git_oid_fromstr(&oid, sha);
	uint64_t size = note_size(g, sha);
	if (size > GS_NOTE_MAX)
		return gs_fail("the note in " GS_NOTES_REF " is %llu bytes, over the %u MiB a note may have",
		               (unsigned long long)size, GS_NOTE_MAX >> 20);
	int rc = git_note_read(&n, g->repo, GS_NOTES_REF, &oid);
	if (rc == GIT_ENOTFOUND)
		return GS_ENOTFOUND;
	if (rc < 0)
		return gitfail("reading " GS_NOTES_REF);
	*text = gs_strdup(git_note_message(n));
	git_note_free(n);
	return *text ? 0 : -1;
}

int gs_git_file_at(char **text, size_t *len, gs_git *g, const char *sha, const char *path, uint64_t max)
{
	git_oid oid;
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	git_odb *odb = NULL;
	git_odb_object *obj = NULL;
	*text = NULL, *len = 0;
	int rc = -1;
	if (git_oid_fromstr(&oid, sha) < 0 || git_commit_lookup(&c, g->repo, &oid) < 0 || git_commit_tree(&t, c) < 0) {
		gitfail(sha);
		goto out;
	}
	if (git_tree_entry_bypath(&e, t, path) < 0) {
		git_error_clear();
		rc = GS_ENOTFOUND;
		goto out;
	}
	if (git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB && git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB_EXECUTABLE) {
		gs_fail("%s is not a regular file in the tree", path);
		goto out;
	}
	size_t size;
	git_object_t type;
	if (git_repository_odb(&odb, g->repo) < 0 || git_odb_read_header(&size, &type, odb, git_tree_entry_id(e)) < 0) {
		gitfail(path);
		goto out;
	}
	if (size > max) {
		gs_fail("%s is %zu bytes, over the limit of %llu", path, size, (unsigned long long)max);
		goto out;
	}
	if (git_odb_read(&obj, odb, git_tree_entry_id(e)) < 0) {
		gitfail(path);
		goto out;
	}
	size = git_odb_object_size(obj);
	if (size > max || !(*text = malloc(size + 1))) {
		gs_fail("%s: out of memory", path);
		goto out;
	}
	memcpy(*text, git_odb_object_data(obj), size);
	(*text)[size] = '\0';
	*len = size;
	rc = 0;
out:
	git_odb_object_free(obj);
	git_odb_free(odb);
	git_tree_entry_free(e);
	git_tree_free(t);
	git_commit_free(c);
	return rc;
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

/* Tree export. Everything in a tree is untrusted: names are checked before anything of a tree
 * is written, files are created relative to directory descriptors with O_EXCL|O_NOFOLLOW (a
 * symlink is written as a symlink and never followed), and sizes are read from the object
 * header and capped before any content is loaded. */
#define EXPORT_MAX_DEPTH 128
#define EXPORT_CHUNK 65536

typedef struct export_ctx {
	git_repository *repo;
	git_odb *odb;
	const gs_export_limits *lim;
	char path[4096]; /* the entry's path in the tree, for messages */
	char *buf;       /* EXPORT_CHUNK bytes */
	uint64_t total;
	uint64_t entries;
	int submodules;
} export_ctx;

static int entry_fail(export_ctx *x, const char *what)
{
	return gs_fail("tree entry \"%s\": %s", x->path, what);
}

static int entry_gitfail(export_ctx *x)
{
	const git_error *e = git_error_last();
	return gs_fail("tree entry \"%s\": %s", x->path, e && e->message ? e->message : "unknown libgit2 error");
}

static int entry_errno(export_ctx *x, const char *what)
{
	return gs_fail("tree entry \"%s\": cannot %s: %s", x->path, what, strerror(errno));
}

/* Appends name to x->path at plen; returns the new length or -1 (path too long). */
static long path_set(export_ctx *x, size_t plen, const char *name)
{
	size_t n = strlen(name);
	if (plen + n + 2 > sizeof x->path) {
		snprintf(x->path + plen, sizeof x->path - plen, "%s", name);
		return entry_fail(x, "the path is longer than 4095 bytes");
	}
	memcpy(x->path + plen, name, n + 1);
	return (long)(plen + n);
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* ".git" in any case, and the spellings other file systems read as .git (as git's own
 * verify_path): trailing dots and spaces (NTFS), the 8.3 name GIT~1, and code points HFS+
 * ignores (U+200C-U+200F, U+202A-U+202E, U+206A-U+206F, U+FEFF). */
static int is_dotgit(const char *name)
{
	if (strcasecmp(name, "git~1") == 0)
		return 1;
	char plain[64];
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p;) {
		if ((p[0] == 0xe2 && p[1] == 0x80 && ((p[2] >= 0x8c && p[2] <= 0x8f) || (p[2] >= 0xaa && p[2] <= 0xae))) ||
		    (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xaa && p[2] <= 0xaf) || (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)) {
			p += 3;
			continue;
		}
		if (n == sizeof plain - 1)
			return 0;
		plain[n++] = (char)*p++;
	}
	while (n > 4 && (plain[n - 1] == '.' || plain[n - 1] == ' '))
		n--;
	plain[n] = '\0';
	return strcasecmp(plain, ".git") == 0;
}

/* Rejects names that would leave the directory, be read as a repository, or collide. */
static int check_names(export_ctx *x, const git_tree *t, size_t plen)
{
	size_t n = git_tree_entrycount(t);
	const char **names = n ? malloc(n * sizeof *names) : NULL;
	if (n && !names)
		return gs_fail("out of memory");
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *name = git_tree_entry_name(git_tree_entry_byindex(t, i));
		names[i] = name;
		if (path_set(x, plen, name) < 0)
			rc = -1;
		else if (!*name)
			rc = entry_fail(x, "an empty name is not allowed");
		else if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			rc = entry_fail(x, "the names . and .. are not allowed (they would write outside the tree)");
		else if (is_dotgit(name))
			rc = entry_fail(x, "a .git entry is not allowed (git would read it as a repository)");
		else if (strchr(name, '/'))
			rc = entry_fail(x, "a name containing '/' is not allowed");
	}
	if (rc == 0 && n > 1) {
		qsort(names, n, sizeof *names, cmp_name);
		for (size_t i = 1; i < n && rc == 0; i++)
			if (strcmp(names[i - 1], names[i]) == 0) {
				path_set(x, plen, names[i]);
				rc = entry_fail(x, "the name appears twice in one tree");
			}
	}
	free(names);
	return rc;
}

/* The size of blob id, checked against the limits (the content is not loaded). */
static int blob_size(export_ctx *x, const git_oid *id, size_t *len)
{
	git_object_t type;
	if (git_odb_read_header(len, &type, x->odb, id) < 0)
		return entry_gitfail(x);
	if (type != GIT_OBJECT_BLOB)
		return entry_fail(x, "the object is not a blob");
	char m[300];
	if ((uint64_t)*len > x->lim->max_file) {
		snprintf(m, sizeof m, "%zu bytes, over the limit of %llu bytes for one file (GOSIZE_MAX_FILE_SIZE)", *len,
		         (unsigned long long)x->lim->max_file);
		return entry_fail(x, m);
	}
	if ((uint64_t)*len > x->lim->max_total - x->total) {
		snprintf(m, sizeof m, "the tree's files exceed %llu bytes in all (GOSIZE_MAX_TREE_SIZE)",
		         (unsigned long long)x->lim->max_total);
		return entry_fail(x, m);
	}
	x->total += *len;
	return 0;
}

/* Writes blob id (len bytes) to fd: streamed where the object database can stream (loose
 * objects), else loaded once (packed objects, within the size cap) and written from libgit2's buffer. */
static int blob_copy(export_ctx *x, const git_oid *id, size_t len, int fd)
{
	git_odb_stream *st = NULL;
	size_t slen;
	git_object_t type;
	if (git_odb_open_rstream(&st, &slen, &type, x->odb, id) == 0) {
		int rc = 0;
		if (slen != len || type != GIT_OBJECT_BLOB)
			rc = entry_fail(x, "the object changed size while it was read");
		while (rc == 0 && len) {
			int r = git_odb_stream_read(st, x->buf, len < EXPORT_CHUNK ? len : EXPORT_CHUNK);
			if (r <= 0)
				rc = r < 0 ? entry_gitfail(x) : entry_fail(x, "the object ends before its size");
			else if (gs_fd_write_all(fd, x->buf, (size_t)r) < 0)
				rc = entry_errno(x, "write");
			else
				len -= (size_t)r;
		}
		git_odb_stream_free(st);
		return rc;
	}
	git_error_clear();
	git_blob *b;
	if (git_blob_lookup(&b, x->repo, id) < 0)
		return entry_gitfail(x);
	int rc = 0;
	if ((uint64_t)git_blob_rawsize(b) != (uint64_t)len)
		rc = entry_fail(x, "the object changed size while it was read");
	else if (gs_fd_write_all(fd, git_blob_rawcontent(b), len) < 0)
		rc = entry_errno(x, "write");
	git_blob_free(b);
	return rc;
}

static int export_file(export_ctx *x, const git_tree_entry *e, int dfd, int exec)
{
	size_t len;
	if (blob_size(x, git_tree_entry_id(e), &len) < 0)
		return -1;
	int fd = openat(dfd, git_tree_entry_name(e), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, exec ? 0755 : 0644);
	if (fd < 0)
		return entry_errno(x, "create the file");
	int rc = blob_copy(x, git_tree_entry_id(e), len, fd);
	if (close(fd) < 0 && rc == 0)
		rc = entry_errno(x, "write");
	return rc;
}

static int export_link(export_ctx *x, const git_tree_entry *e, int dfd)
{
	size_t len;
	if (blob_size(x, git_tree_entry_id(e), &len) < 0)
		return -1;
	if (len == 0 || len >= 4096)
		return entry_fail(x, "a symlink target must be 1 to 4095 bytes");
	git_blob *b;
	if (git_blob_lookup(&b, x->repo, git_tree_entry_id(e)) < 0)
		return entry_gitfail(x);
	int rc = 0;
	if ((size_t)git_blob_rawsize(b) != len || memchr(git_blob_rawcontent(b), 0, len))
		rc = entry_fail(x, "a symlink target must not contain NUL");
	else {
		memcpy(x->buf, git_blob_rawcontent(b), len);
		x->buf[len] = '\0';
		if (symlinkat(x->buf, dfd, git_tree_entry_name(e)) < 0)
			rc = entry_errno(x, "create the symlink");
	}
	git_blob_free(b);
	return rc;
}

static int export_dir(export_ctx *x, const git_tree *t, int dfd, size_t plen, int depth)
{
	if (check_names(x, t, plen) < 0)
		return -1;
	size_t n = git_tree_entrycount(t);
	for (size_t i = 0; i < n; i++) {
		gs_proc_check_interrupt();
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		const char *name = git_tree_entry_name(e);
		long nl = path_set(x, plen, name);
		if (nl < 0)
			return -1;
		if (++x->entries > x->lim->max_entries) {
			char m[200];
			snprintf(m, sizeof m, "the tree has more than %llu entries", (unsigned long long)x->lim->max_entries);
			return entry_fail(x, m);
		}
		int rc;
		switch (git_tree_entry_filemode(e)) {
		case GIT_FILEMODE_TREE: {
			if (depth >= EXPORT_MAX_DEPTH)
				return entry_fail(x, "directories nested deeper than 128 levels");
			if (mkdirat(dfd, name, 0755) < 0)
				return entry_errno(x, "create the directory");
			int sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub < 0)
				return entry_errno(x, "open the directory");
			git_tree *st;
			if (git_tree_lookup(&st, x->repo, git_tree_entry_id(e)) < 0) {
				close(sub);
				return entry_gitfail(x);
			}
			x->path[nl] = '/';
			rc = export_dir(x, st, sub, (size_t)nl + 1, depth + 1);
			git_tree_free(st);
			close(sub);
			break;
		}
		case GIT_FILEMODE_COMMIT:
			x->submodules++;
			rc = mkdirat(dfd, name, 0755) < 0 ? entry_errno(x, "create the directory") : 0;
			break;
		case GIT_FILEMODE_LINK:
			rc = export_link(x, e, dfd);
			break;
		case GIT_FILEMODE_BLOB:
		case GIT_FILEMODE_BLOB_EXECUTABLE:
			rc = export_file(x, e, dfd, git_tree_entry_filemode(e) == GIT_FILEMODE_BLOB_EXECUTABLE);
			break;
		default:
			rc = entry_fail(x, "unknown file mode");
			break;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}

int gs_git_export_tree(int *submodules, gs_git *g, const char *sha, const char *dir, const gs_export_limits *lim)
{
	git_oid oid;
	git_commit *c = NULL;
	git_tree *t = NULL;
	if (submodules)
		*submodules = 0;
	git_oid_fromstr(&oid, sha);
	if (git_commit_lookup(&c, g->repo, &oid) < 0 || git_commit_tree(&t, c) < 0) {
		git_commit_free(c);
		return gitfail(sha);
	}
	export_ctx x;
	memset(&x, 0, sizeof x);
	x.repo = g->repo;
	x.lim = lim;
	int rc = -1, dfd = -1;
	if (git_repository_odb(&x.odb, g->repo) < 0)
		gitfail("object database");
	else if (!(x.buf = malloc(EXPORT_CHUNK)))
		gs_fail("out of memory");
	else if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		gs_fail("cannot open %s: %s", dir, strerror(errno));
	else
		rc = export_dir(&x, t, dfd, 0, 0);
	if (dfd >= 0)
		close(dfd);
	free(x.buf);
	git_odb_free(x.odb);
	git_tree_free(t);
	git_commit_free(c);
	if (submodules)
		*submodules = x.submodules;
	return rc;
}

/* A shallow clone's history from rev: each commit's first parent, to the clone's edge (a parent
 * that is not there), at most max (0: all). Returns 0, fn's nonzero value, or -1. */
static int walk_first_parents(gs_git *g, const char *rev, size_t max, int (*fn)(void *ctx, const gs_commit *c), void *ctx)
{
	gs_commit first;
	if (gs_git_resolve(&first, g, rev) < 0)
		return -1;
	git_oid oid;
	git_commit *c = NULL;
	int rc = git_oid_fromstr(&oid, first.sha) < 0 || git_commit_lookup(&c, g->repo, &oid) < 0 ? gitfail("commit") : 0;
	gs_commit_dispose(&first);
	for (size_t n = 0; rc == 0 && c && (!max || n < max); n++) {
		gs_commit gc;
		rc = fill_commit(c, &gc);
		if (rc == 0)
			rc = fn(ctx, &gc);
		gs_commit_dispose(&gc);
		git_commit *p = NULL;
		if (git_commit_parentcount(c) == 0 || git_commit_parent(&p, c, 0) < 0)
			p = NULL; /* the first commit, or the clone's edge */
		git_commit_free(c);
		c = p;
	}
	git_commit_free(c);
	return rc;
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
		if (gs_git_resolve(&c, g, range) < 0)
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
	int next = 0;
	rc = 0;
	while (rc == 0 && (!max || n < max) && (next = git_revwalk_next(&oid, w)) == 0) {
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
	/* a shallow clone's history ends at commits whose parents are not there: libgit2's walk
	 * fails before its first commit; a single revision's first parents are walked instead */
	if (rc == 0 && n == 0 && next < 0 && next != GIT_ITEROVER && !strstr(range, "..") &&
	    git_repository_is_shallow(g->repo) == 1) {
		git_revwalk_free(w);
		return walk_first_parents(g, range, max, fn, ctx);
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

/* 1 when a trailer's value says something: "Binary-Size:" with nothing (or
 * only blanks) after it accepts nothing. */
static int has_reason(const char *v)
{
	for (; *v; v++)
		if (!isspace((unsigned char)*v))
			return 1;
	return 0;
}

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
			if (strcasecmp(arr.trailers[i].key, t->key) == 0 && has_reason(arr.trailers[i].value)) {
				const char *v = arr.trailers[i].value;
				size_t n = strlen(v);
				while (n && isspace((unsigned char)v[n - 1]))
					n--;
				while (isspace((unsigned char)*v))
					v++, n--;
				t->value = gs_utf8_fix(v, n);
				found = t->value ? 1 : -1;
			}
		git_message_trailer_array_free(&arr);
	}
	git_commit_free(gc);
	return found;
}

int gs_git_find_trailer(char **value, gs_git *g, const char *base_sha, const char *head_sha, const char *key)
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

/* Progress callbacks only to stop a transfer when Ctrl-C was pressed (gs_proc_check_interrupt
 * then ends gosize). */
static int stop_fetch(const git_indexer_progress *st, void *p)
{
	(void)st, (void)p;
	return gs_proc_interrupted() ? -1 : 0;
}

static int stop_sideband(const char *str, int len, void *p)
{
	(void)str, (void)len, (void)p;
	return gs_proc_interrupted() ? -1 : 0;
}

static int stop_push(unsigned int cur, unsigned int total, size_t bytes, void *p)
{
	(void)cur, (void)total, (void)bytes, (void)p;
	return gs_proc_interrupted() ? -1 : 0;
}

int gs_git_push_notes(gs_git *g, const char *remote)
{
	git_remote *r;
	char *spec = GS_NOTES_REF ":" GS_NOTES_REF;
	git_strarray specs = {&spec, 1};
	if (remote_for(g, remote, &r) < 0)
		return -1;
	git_push_options po;
	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	po.callbacks.push_transfer_progress = stop_push;
	po.callbacks.sideband_progress = stop_sideband;
	int rc = git_remote_push(r, &specs, &po);
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
	git_fetch_options fo;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.callbacks.transfer_progress = stop_fetch;
	fo.callbacks.sideband_progress = stop_sideband;
	int rc = git_remote_fetch(r, &specs, &fo, NULL);
	git_remote_free(r);
	return rc < 0 ? gitfail("fetching " GS_NOTES_REF) : 0;
}
