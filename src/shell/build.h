/* build.h - running a target's build command and owning temporary
 * directories, which are removed on success, failure and Ctrl-C. */
#ifndef GS_BUILD_H
#define GS_BUILD_H

/* Creates a fresh temporary directory (registered for removal). Returns a
 * malloc'd path or NULL (error set). */
char *gs_tmpdir_new(const char *tag);

/* Removes dir recursively and unregisters it. */
void gs_tmpdir_remove(const char *dir);

/* Runs `sh -c cmd` in dir with GOSIZE_OUT=out in the environment. On failure
 * (exit status, signal) sets an error with label, the command and the last
 * lines of its output. Output is not shown otherwise. Returns 0 or -1. */
int gs_build_run(const char *label, const char *cmd, const char *dir, const char *out);

/* Runs argv (no shell) in dir and returns its standard output in *out
 * (malloc'd). On failure the error names the command and its last stderr line.
 * Returns 0 or -1. */
int gs_build_capture(const char *dir, char *const argv[], char **out);

/* Installs the SIGINT/SIGTERM/SIGHUP handlers that remove registered
 * directories and kill a running build before exiting. */
void gs_build_install_signals(void);

#endif
