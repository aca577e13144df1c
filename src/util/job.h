/* job.h - a function run on a thread of its own while the caller does other
 * work, then joined: the caller's half of the work and the job's must share
 * nothing they write until the join. */
#ifndef GS_JOB_H
#define GS_JOB_H

#include <pthread.h>

/* 0: every job runs on the calling thread, at its join (GOSIZE_THREADS=1);
 * 1 (default): a job may run on a thread of its own. Output is the same. */
extern int gs_threads;

typedef struct gs_job {
	pthread_t th;
	int started;        /* 1: running (or ran) on its own thread, not yet joined: a
	                     * clean-up path joins a job only then (else join would run it) */
	int ran;            /* 1: fn has returned, its result in rc */
	int (*fn)(void *arg);
	void *arg;
	int rc;
	char msg[1024];     /* fn's error message when it failed */
} gs_job;

/* Runs fn(arg) on a thread of its own when gs_threads allows and one starts;
 * else join runs it. Every started job must be joined. */
void gs_job_start(gs_job *j, int (*fn)(void *arg), void *arg);
/* Waits for the job (or runs it now) and returns fn's result; when that is
 * -1, fn's error message is set on the calling thread. Joining twice returns
 * the same result without running fn again. */
int gs_job_join(gs_job *j);

#endif
