/* tmpdir.h - gosize's temporary directories: created under $TMPDIR, registered
 * so that an interrupted run removes them too (gs_proc_check_interrupt). */
#ifndef GS_TMPDIR_H
#define GS_TMPDIR_H

/* The directory temporary directories go in: $TMPDIR (default /tmp), resolved. */
const char *gs_tmpdir_base(void);

/* Creates a fresh temporary directory gosize-TAG-XXXXXX (registered for
 * removal). Returns a malloc'd path or NULL (error set). */
char *gs_tmpdir_new(const char *tag);

/* Removes dir recursively and unregisters it. */
void gs_tmpdir_remove(const char *dir);

/* Removes every registered directory (on a signal, from normal context). */
void gs_tmpdir_remove_all(void);

/* The same from inside a signal handler (async-signal-safe: `rm -rf` in a forked
 * child, waited for), for a signal that ends gosize at once. */
void gs_tmpdir_remove_all_in_handler(void);

#endif
