/* toolexec.h - recording the linker's reachability during a user's build:
 * gosize runs the build with -toolexec set to itself (merged into GOFLAGS) and
 * GOSIZE_LINKDEP_DIR set; go then runs every tool as `gosize TOOL ARGS...`.
 * gosize execs each tool unchanged, except that a link that builds (not a
 * -V=full version query, which the go command hashes into its cache keys, so
 * they must pass through) gets -dumpdep, its standard output goes to a file
 * in GOSIZE_LINKDEP_DIR, and the lines that are not dependencies are copied
 * back to gosize's standard output. The binary is the same byte for byte. */
#ifndef GS_TOOLEXEC_H
#define GS_TOOLEXEC_H

#include <stddef.h>

#define GS_LINKDEP_ENV "GOSIZE_LINKDEP_DIR"

/* 1 when gosize was started by go as a -toolexec wrapper: GOSIZE_LINKDEP_DIR
 * is set and argv[1] is a tool's absolute path. */
int gs_toolexec_is_wrapper(int argc, char **argv);

/* Runs as the wrapper (argv[1] the tool, the rest its arguments); returns the
 * exit status to end with (the tool's; 127 when it cannot run). */
int gs_toolexec_main(int argc, char **argv);

/* The GOFLAGS value for a recorded build: gflags (the caller's GOFLAGS, may
 * be NULL) and -toolexec=<this program>, into buf. 0, or GS_ENOTFOUND with
 * *why set (a static string) when the build cannot be recorded: the caller's
 * GOFLAGS has its own -toolexec, or this program's path has a space. */
int gs_toolexec_goflags(char *buf, size_t bufsz, const char *gflags, const char **why);

/* 1 when this program can be run by any user (it and every directory above it
 * are executable by others): the wrapper of a build that runs as a user of its own. */
int gs_toolexec_runnable_by_others(void);

/* The dump of the link that built the main package path (the newest of
 * those, or the only dump when none names it) in dir: *text malloc'd
 * (NUL-terminated), *dynlink 1 when that link linked dynamically (shared
 * libraries or plugins). 0, GS_ENOTFOUND (no link ran: the binary came from
 * go's cache or the build passes its own -toolexec), or -1 (error set). */
int gs_toolexec_dump(char **text, size_t *len, int *dynlink, const char *dir, const char *path);

#endif
