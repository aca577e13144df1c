/* job.c - a function on a thread of its own (see job.h). */
#include "util/job.h"

#include <stdio.h>
#include <string.h>

#include "util/err.h"

int gs_threads = 1;

static void call(gs_job *j)
{
	j->rc = j->fn(j->arg);
	if (j->rc < 0) /* the message is the running thread's: kept for the joiner */
		snprintf(j->msg, sizeof j->msg, "%s", gs_errmsg());
}

static void *run(void *arg)
{
	call(arg);
	return NULL;
}

void gs_job_start(gs_job *j, int (*fn)(void *arg), void *arg)
{
	memset(j, 0, sizeof *j);
	j->fn = fn;
	j->arg = arg;
	if (gs_threads && pthread_create(&j->th, NULL, run, j) == 0)
		j->started = 1;
}

int gs_job_join(gs_job *j)
{
	if (j->started)
		pthread_join(j->th, NULL);
	else if (!j->ran && j->fn)
		call(j);
	j->started = 0;
	j->ran = 1;
	return j->rc < 0 ? gs_fail("%s", j->msg) : j->rc;
}
