/* git.h - everything gosize asks of git, through libgit2: revisions, merge
 * bases, notes (refs/notes/gosize), exporting a commit's tree, commit footers,
 * history walks and moving the notes ref. Revisions never pass through a shell. */
#ifndef GS_GIT_H
#define GS_GIT_H

#include <stddef.h>
#include <stdint.h>

#define GS_NOTES_REF "refs/notes/gosize"

typedef struct gs_git gs_git;

/* A resolved commit. */
typedef struct gs_commit {
	char sha[41];
	char short_sha[10];
	char tree[41];
	char *summary;     /* first line of the message, as valid UTF-8 */
	long long time;    /* committer time, seconds */
} gs_commit;

/* Opens the repository containing dir. Returns 0, GS_ENOTFOUND when there is
 * none that can be opened (no message: the caller says what that means), or -1. */
int gs_git_open(gs_git **g, const char *dir);
void gs_git_free(gs_git *g);

/* The working directory (with a trailing '/'), or NULL for a bare repository. */
const char *gs_git_workdir(const gs_git *g);
/* The .git directory (with a trailing '/'). */
const char *gs_git_gitdir(const gs_git *g);

/* Resolves a revspec (HEAD~1, a branch, tag, SHA, origin/main) to a commit. */
int gs_git_resolve(gs_commit *out, gs_git *g, const char *rev);
void gs_commit_dispose(gs_commit *c);

/* The merge base of rev and HEAD. */
int gs_git_merge_base(gs_commit *out, gs_git *g, const char *rev);

#define GS_NOTE_MAX (64u << 20)

/* The note on commit sha in refs/notes/gosize: *text is malloc'd. A note over
 * GS_NOTE_MAX bytes is an error (its size is read from the object header, the
 * note is not loaded). Returns 0, GS_ENOTFOUND when there is none (*text NULL,
 * no message), or -1. */
int gs_git_note_read(char **text, gs_git *g, const char *sha);
/* Writes (replaces) the note on commit sha. Returns 0 or -1. */
int gs_git_note_write(gs_git *g, const char *sha, const char *text);

/* The file at path (a '/'-separated path from the root) in commit sha's tree:
 * *text (malloc'd, NUL-terminated) and *len. A blob over max bytes is an
 * error (its size is read from the object header; it is not loaded); so is a
 * path that names no regular file (a directory, a symlink, a submodule).
 * Returns 0, GS_ENOTFOUND when the tree has no such entry (no message), or -1. */
int gs_git_file_at(char **text, size_t *len, gs_git *g, const char *sha, const char *path, uint64_t max);

/* Bounds on what a tree export may write. */
typedef struct gs_export_limits {
	uint64_t max_file;     /* bytes of one file (GOSIZE_MAX_FILE_SIZE) */
	uint64_t max_total;    /* bytes of all files (GOSIZE_MAX_TREE_SIZE) */
	uint64_t max_entries;  /* tree entries in all */
} gs_export_limits;

/* Writes the files of commit sha's tree into dir (which exists, empty). Nothing is
 * written outside dir: an entry named ".", "..", ".git" (any case), empty or containing
 * '/', or a name twice in one tree is an error naming its path; files are created with
 * O_EXCL|O_NOFOLLOW relative to directory descriptors, symlinks are written as symlinks
 * and never followed; blob sizes are checked against lim before their content is read.
 * Submodules are left empty (their count goes to *submodules). Returns 0 or -1. */
int gs_git_export_tree(int *submodules, gs_git *g, const char *sha, const char *dir, const gs_export_limits *lim);

/* The value of the first `key: value` trailer in the commits of base..head
 * (newest first), or NULL. Returns 0 or -1. */
int gs_git_find_trailer(char **value, gs_git *g, const char *base_sha, const char *head_sha, const char *key);

/* Calls fn for each commit of range (a revspec like "main..HEAD" or "HEAD"),
 * newest first, at most max (0: all); in a shallow clone whose history ends
 * before them, a single revision's first parents down to the clone's edge.
 * Returns 0, fn's nonzero value, or -1. */
int gs_git_walk(gs_git *g, const char *range, size_t max, int (*fn)(void *ctx, const gs_commit *c), void *ctx);

/* 1 when the repository is a shallow clone (its history may end before its first commit). */
int gs_git_is_shallow(gs_git *g);

/* 1 when commit sha is at a shallow clone's edge: its parent is not in the repository. */
int gs_git_at_edge(gs_git *g, const char *sha);

/* Pushes refs/notes/gosize to remote (a name, URL or path). */
int gs_git_push_notes(gs_git *g, const char *remote);
/* Fetches refs/notes/gosize from remote into the local notes ref. */
int gs_git_fetch_notes(gs_git *g, const char *remote);

#endif
