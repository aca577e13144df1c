/* source.h - resolve a diff operand to a snapshot: a snapshot JSON file, a Go
 * binary, a git revision (note -> local cache -> build in a temporary
 * directory) or the working tree (built as it is now). */
#ifndef GS_SOURCE_H
#define GS_SOURCE_H

#include "attrib/analyze.h"
#include "model/config.h"
#include "shell/git.h"
#include "model/snapshot.h"

/* How the last revision or working tree was measured (gs_source_revision,
 * gs_source_worktree set it): the target definition's origin and what became
 * of a note. Texts are plain (no markup), empty when there is nothing to say. */
typedef struct gs_rev_info {
	int own_target;          /* 1: the side's own config defined the target */
	char target_why[400];    /* else: "has no .gosize.json: built with the working tree's target svc" */
	int from_note;           /* the snapshot is the revision's note */
	int toolchain_note;      /* ... recorded with another GOVERSION and otherwise like this run's build */
	char note_why[400];      /* a note not used as it is, and why */
} gs_rev_info;

typedef struct gs_source {
	gs_git *git;               /* the repository once gs_source_git opened it; NULL before, or outside one */
	int git_tried;             /* gs_source_git ran */
	char dir[4096];            /* where the repository is looked for */
	const gs_target *target;   /* what to build */
	int default_target;        /* 1: no config target; say so when building */
	const char *cfg_path;      /* the config file used (for messages), or NULL */
	int progress;              /* progress lines on stderr */
	int builds;                /* builds run so far */
	int skip_note;             /* do not read notes (record computes afresh) */
	int want_tree;             /* a revision whose note keeps only the reachability summary gets the
	                            * tree from its cache entry (a diff's causes) */
	gs_export_limits limits;   /* what a revision's tree may write */
	const gs_config *wcfg;     /* the working tree's config: its targets stand in for a revision without one */
	char cwd[4096];            /* where gosize runs: the config is looked for from here up, in every tree */
	char **cfg_paths;          /* where a revision's config is looked for, in its tree, first found wins */
	size_t ncfg_paths;
	int cfg_paths_done;        /* cfg_paths computed (NULL with cfg_shared: one config for all) */
	int cfg_shared;            /* --config names a file outside the repository: it is every revision's */
	int keep_toolchain_note;   /* a note that differs only in GOVERSION is returned (toolchain_note) */
	const char *pin;           /* GOTOOLCHAIN for builds (the head's toolchain), or NULL */
	gs_rev_info info;          /* about the last gs_source_revision / gs_source_worktree */
} gs_source;

#define GS_MAX_FILE_DEFAULT (100ull << 20)  /* GOSIZE_MAX_FILE_SIZE: GitHub's own limit for a file */
#define GS_MAX_TREE_DEFAULT (4ull << 30)    /* GOSIZE_MAX_TREE_SIZE */
#define GS_MAX_ENTRIES 1000000

/* Loads the file at path: a snapshot JSON file, else a Go binary analyzed with
 * o (may be NULL). Errors are prefixed with path. No repository is involved
 * (gosize snapshot). Returns 0 or -1. */
int gs_source_file(gs_snapshot *s, const char *path, const gs_analyze_opts *o);

/* Loads arg: an existing file (binary or snapshot JSON), else a revision; a name that
 * is both is an error saying how to tell them apart (./NAME, NAME^{commit}).
 * *commit_out (optional) receives the commit when arg was a revision. */
int gs_source_load(gs_snapshot *s, gs_commit *commit_out, gs_source *src, const char *arg);

/* The snapshot of commit c (label is what the user wrote, for messages), as it
 * ships: built with the target definition of its own tree's config (else the
 * working tree's; src->info says which). A note or cache entry answers only
 * when its provenance equals what this run would build for c; else c is
 * built (the note's mismatch in src->info.note_why), except that with
 * src->keep_toolchain_note a note differing only in GOVERSION is returned
 * (src->info.toolchain_note). src->pin sets GOTOOLCHAIN for the build. */
int gs_source_revision(gs_snapshot *s, gs_source *src, const gs_commit *c, const char *label);

/* The config in commit c's tree (looked for as the working tree's is: the same
 * path, or from the working directory up): 0 with *cfg (its path reads
 * "SHORT:PATH"), GS_ENOTFOUND (none, or --config names a file outside the
 * repository), or -1 (unreadable or invalid: the message names the revision). */
int gs_source_config_at(gs_config *cfg, gs_source *src, const gs_commit *c);

/* The snapshot of the working tree as it is now (uncommitted changes included). */
int gs_source_worktree(gs_snapshot *s, gs_source *src);

/* The target's snapshot from the note on commit sha (src->git): 0, or
 * GS_ENOTFOUND (no message) when there is no note, no entry for the target in
 * it, or one that cannot be read or parsed (that is warned: "commit SHA:
 * ignoring its note: ..."). */
int gs_source_note(gs_snapshot *s, gs_source *src, const char *sha);

/* Note text with target's entry set to s (merged into existing, may be NULL). */
char *gs_source_note_text(const char *existing, const char *target, const gs_snapshot *s);

/* Picks the target: name, the config's first, or the default `go build -o
 * $GOSIZE_OUT .`; the repository around dir is opened when first needed
 * (gs_source_git). Returns 0 or -1. */
int gs_source_init(gs_source *src, const gs_config *cfg, const char *name, int progress, const char *dir);

/* The repository around the source's dir, opened on first use: libgit2's
 * start-up (its TLS backend parses the system's CA bundle, ~15 ms) is paid
 * only when an operand may be a revision. 0 with *g (NULL outside a
 * repository), or -1. */
int gs_source_git(gs_git **g, gs_source *src);

void gs_source_dispose(gs_source *src);

#endif
