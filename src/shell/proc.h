/* proc.h - child processes (start, wait, capture) and the signals that stop
 * them and gosize. Every child runs in its own process group with stdin from
 * /dev/null, -buildvcs=false merged into GOFLAGS, without the caller's GIT_DIR,
 * GIT_WORK_TREE, GIT_INDEX_FILE (…), with GIT_CEILING_DIRECTORIES at
 * gs_tmpdir_base() and safe.bareRepository=explicit: neither go nor git reaches
 * a repository through them. */
#ifndef GS_PROC_H
#define GS_PROC_H

#include <sys/types.h>

typedef struct gs_proc {
	const char *dir;          /* working directory */
	const char *exe;          /* the program, or NULL: argv[0] searched in PATH */
	char *const *argv;
	const char *const *env;   /* NAME, VALUE, ... NULL: also set in the child (or NULL) */
	int out_fd, err_fd;       /* the child's stdout and stderr */
	int close_fd;             /* closed in the child (the read end of a pipe), or -1 */
	int isolated;             /* 1: as the build user (isolate.h), with env as its whole environment */
} gs_proc;

/* Starts p (label names it in the error). Returns its pid, or -1 with the error set. */
pid_t gs_proc_start(const gs_proc *p, const char *label);

/* Waits for pid; on Ctrl-C or the timeout it has had SIGTERM, then SIGKILL after the
 * grace period, from the signal handlers; after a signal gosize ends here
 * (gs_proc_check_interrupt). Returns its wait status; *timed_out: 1 when
 * GOSIZE_BUILD_TIMEOUT stopped it. */
int gs_proc_wait(pid_t pid, int *timed_out);

/* GOSIZE_BUILD_TIMEOUT in seconds (0: none). */
unsigned gs_proc_timeout(void);

/* Runs argv (no shell) in dir and returns its standard output in *out
 * (malloc'd). On failure the error names the command and its last stderr line.
 * Returns 0 or -1. */
int gs_proc_capture(char **out, const char *dir, char *const argv[]);

/* The same with env (NAME, VALUE pairs, NULL-terminated, or NULL) set in the child; isolated:
 * as the build user with env as its whole environment (isolate.h). */
int gs_proc_capture_env(char **out, const char *dir, char *const argv[], const char *const *env, int isolated);

/* The last n lines of what was written to fd (a command's output), joined with " | ". */
void gs_proc_fd_tail(int fd, int n, char *tail, size_t tailsz);

/* Installs the SIGINT/SIGTERM/SIGHUP handlers. A handler only records the signal and
 * sends the running child SIGTERM, then SIGKILL after GOSIZE_KILL_GRACE seconds (default 5);
 * gs_proc_check_interrupt then removes the temporary directories and re-raises the signal.
 * A second signal SIGKILLs the child at once (no child running: ends gosize at once).
 * GOSIZE_BUILD_TIMEOUT (seconds) stops a child the same way when its time is up. */
void gs_proc_install_signals(void);

/* 1 when a signal asked gosize to stop. */
int gs_proc_interrupted(void);

/* When a signal asked gosize to stop: removes the temporary directories and ends the
 * process by that signal (does not return). Otherwise returns. Normal context only. */
void gs_proc_check_interrupt(void);

#endif
