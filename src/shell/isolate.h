/* isolate.h - builds as another, unprivileged user (GOSIZE_BUILD_USER): the build cannot read
 * gosize's or its parents' environment (/proc/PID/environ of another user), signal or trace
 * them, or write what gosize's user owns (the repository, the runner's files, the cache, the
 * notes, gosize itself). It gets a clean environment (no token), its own HOME, GOCACHE and
 * GOTMPDIR inside gosize's temporary directory (fresh for each build: one build cannot poison
 * the next; the Go cache seeded with hard links to the entries of gosize's own, which it can
 * read but not change), and the module cache read-only (filled by gosize's own `go mod download`, GOPROXY
 * off for the build). As root the child switches user itself; otherwise through `sudo -n -u
 * USER` (password-less). After each build every process of the user is killed, so the user
 * must be dedicated to gosize's builds. Off (nothing changes) when GOSIZE_BUILD_USER is unset. */
#ifndef GS_ISOLATE_H
#define GS_ISOLATE_H

#include <sys/types.h>

/* Reads GOSIZE_BUILD_USER: the user must exist and be neither root nor gosize's own user.
 * 0 (also when unset), or -1 with the error set. */
int gs_isolate_init(void);

/* 1 when builds run as the build user. */
int gs_isolate_on(void);

/* The build user's name (NULL when off). */
const char *gs_isolate_user(void);

/* Lets the build user into dir: dir and every directory below it 0777, files a+rw (links
 * untouched); dir's parent must already let it in. 0 or -1 (error set). */
int gs_isolate_share(const char *dir);

/* Fills env (NAME, VALUE pairs, NULL-terminated; at most n entries with the NULL) with the
 * build's environment: the caller's PATH, locale, TZ and Go/cgo variables, then HOME,
 * GOCACHE, GOTMPDIR/TMPDIR (under base, made here), GOMODCACHE and GOPROXY=off, plus extra
 * (pairs, NULL-terminated). Strings point into static or caller storage or are malloc'd
 * into *owned (free with gs_isolate_env_free). 0 or -1. */
int gs_isolate_env(const char **env, size_t n, char ***owned, const char *base, const char *const *extra);
void gs_isolate_env_free(char **owned);

/* Fills the module cache (GOMODCACHE) with what dir's go.mod needs, as gosize's user
 * (`go mod download`, GOTOOLCHAIN=local): best effort, a failure shows in the build. */
void gs_isolate_download(const char *dir);

/* In a forked child about to run the build: switches to the build user (as root), or returns
 * the argv prefix to run it through sudo (NULL-terminated; the caller appends
 * /usr/bin/env -i NAME=VALUE... and the command). Async-signal-safe. -1 when the switch
 * failed. */
int gs_isolate_enter(const char *const **prefix);

/* gs_proc_capture as the build user, in dir (opened to it: a tree gosize exported), with the
 * build's environment under a fresh temporary directory: for a command on a tree the build
 * user may have changed (`go list` after the build), so gosize's user never reads through what
 * the tree or the build planted (a go.mod linked to a file of gosize's user). 0 or -1. */
int gs_isolate_capture(char **out, const char *dir, char *const argv[]);

/* Removes dirs (NULL-terminated) as far as the build user can: what the build made there
 * (gosize's user then removes the rest). Async-signal-safe. */
void gs_isolate_sweep(char *const *dirs);

/* Kills every process of the build user (the build's leftovers, whatever group they moved to). */
void gs_isolate_kill_all(void);

#endif
