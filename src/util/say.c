/* say.c - lines for the user on stderr (say.h). */
#include "util/say.h"

#include <stdarg.h>
#include <stdio.h>

#include "util/esc.h"
#include "util/sb.h"

/* One escaped line on stderr: prefix, then the formatted text. */
static void say(const char *prefix, const char *fmt, va_list ap)
{
	char w[1024];
	vsnprintf(w, sizeof w, fmt, ap);
	gs_sb b = {0};
	gs_sb_puts(&b, prefix);
	gs_esc_term(&b, w);
	gs_sb_puts(&b, "\n");
	if (b.oom || !b.s) {
		fputs(prefix, stderr);
		fputs("out of memory\n", stderr);
	} else {
		fputs(b.s, stderr);
	}
	fflush(stderr);
	gs_sb_dispose(&b);
}

void gs_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say("gosize: warning: ", fmt, ap);
	va_end(ap);
}

void gs_say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	say("gosize: ", fmt, ap);
	va_end(ap);
}
