/* build.h - running a target's build command and owning temporary
 * directories, which are removed on success, failure and Ctrl-C. */
#ifndef GS_BUILD_H
#define GS_BUILD_H

/* Creates a fresh temporary directory (registered for removal). Returns a
 * malloc'd path or NULL (error set). */
char *gs_tmpdir_new(const char *tag);

/* Removes dir recursively and unregisters it. */
void gs_tmpdir_remove(const char *dir);

/* Commands run with -buildvcs=false merged into GOFLAGS, without the caller's GIT_DIR,
 * GIT_WORK_TREE, GIT_INDEX_FILE (…), with GIT_CEILING_DIRECTORIES at gs_tmp_base() and
 * safe.bareRepository=explicit: neither go nor git reaches a repository through them. */

/* Runs `sh -c cmd` in dir with GOSIZE_OUT=out in the environment. On failure
 * (exit status, signal) sets an error with label, the command and the last
 * lines of its output. Output is not shown otherwise. Returns 0 or -1. */
int gs_build_run(const char *label, const char *cmd, const char *dir, const char *out);

/* Runs argv (no shell) in dir and returns its standard output in *out
 * (malloc'd). On failure the error names the command and its last stderr line.
 * Returns 0 or -1. */
int gs_build_capture(const char *dir, char *const argv[], char **out);

/* The directory temporary directories go in: $TMPDIR (default /tmp), resolved. */
const char *gs_tmp_base(void);

/* Installs the SIGINT/SIGTERM/SIGHUP handlers. A handler only records the signal and
 * sends the running build SIGTERM, then SIGKILL after GOSIZE_KILL_GRACE seconds (default 5);
 * gs_check_interrupt then removes the registered directories and re-raises the signal.
 * A second signal SIGKILLs the build at once (no build running: ends gosize at once). GOSIZE_BUILD_TIMEOUT (seconds) stops a build the
 * same way when its time is up. */
void gs_build_install_signals(void);

/* 1 when a signal asked gosize to stop. */
int gs_interrupted(void);

/* When a signal asked gosize to stop: removes the temporary directories and ends the
 * process by that signal (does not return). Otherwise returns. Normal context only. */
void gs_check_interrupt(void);

#endif
