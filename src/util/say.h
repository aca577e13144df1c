/* say.h - lines for the user on stderr (warnings, progress), escaped for a
 * terminal; errors go through err.h and are printed once by main. */
#ifndef GS_SAY_H
#define GS_SAY_H

#include "util/err.h"

/* Prints "gosize: warning: MESSAGE" on stderr, escaped for a terminal (esc.h); the
 * error message is left alone. */
void gs_warn(const char *fmt, ...) GS_PRINTF(1, 2);
/* An informational line on stderr ("gosize: ..."), escaped like gs_warn. */
void gs_say(const char *fmt, ...) GS_PRINTF(1, 2);

#endif
