/* err.h - the one error convention: functions return 0 (ok) or -1 (error), and
 * GS_ENOTFOUND where "not there" is an answer; the message is set once, where
 * the failure happens, and printed once by main. */
#ifndef GS_ERR_H
#define GS_ERR_H

#if defined(__GNUC__)
#define GS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define GS_PRINTF(a, b)
#endif

/* "Not found": a look-up whose thing is absent, or a best-effort step that was
 * skipped, returns this instead of -1 and sets no message; the caller decides
 * whether that is an error (then it sets the message) or not. Like libgit2's
 * GIT_ENOTFOUND. A -1 that a caller handles (it warns, or goes on without what
 * failed) needs nothing cleared: the message is read only where a -1 arrives,
 * and every -1 sets its own. */
#define GS_ENOTFOUND (-3)

/* Sets the current error message (printf-style) and returns -1. */
int gs_fail(const char *fmt, ...) GS_PRINTF(1, 2);

/* Prefixes the current error message with "prefix: " and returns -1. */
int gs_fail_prefix(const char *fmt, ...) GS_PRINTF(1, 2);

/* The current error message ("" if none); each thread has its own. */
const char *gs_errmsg(void);

#endif
