/* err.c - the error message buffer behind gs_fail. */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char msg[1024]; /* each thread's own: a job's error reaches its joiner through gs_job_join */

int gs_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return -1;
}

int gs_fail_prefix(const char *fmt, ...)
{
	char prefix[512], old[sizeof msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, msg, sizeof old);
	size_t n = strlen(prefix);
	if (n > sizeof msg - 3)
		n = sizeof msg - 3;
	memcpy(msg, prefix, n);
	memcpy(msg + n, ": ", 2);
	size_t m = strlen(old);
	if (m > sizeof msg - n - 3)
		m = sizeof msg - n - 3;
	memcpy(msg + n + 2, old, m);
	msg[n + 2 + m] = '\0';
	return -1;
}

const char *gs_errmsg(void) { return msg; }
