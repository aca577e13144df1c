/* job.c: a function on a thread of its own, its result and error at the join */
#include "unit.h"

#include "util/job.h"

static int add_up(void *arg)
{
	uint64_t *v = arg, sum = 0;
	for (uint64_t i = 1; i <= v[0]; i++)
		sum += i;
	v[1] = sum;
	return 0;
}

static int fails(void *arg)
{
	return gs_fail("job %d failed", *(int *)arg);
}

void unit_job(void)
{
	int threads = gs_threads;
	for (gs_threads = 0; gs_threads <= 1; gs_threads++) {
		uint64_t v[2] = {100000, 0};
		gs_job j;
		gs_job_start(&j, add_up, v);
		CHECK(j.started == gs_threads, "threads %d: a job runs on a thread of its own only when allowed", gs_threads);
		CHECK(gs_job_join(&j) == 0 && v[1] == 5000050000ull, "threads %d: the job ran once it is joined (sum %llu)",
		      gs_threads, (unsigned long long)v[1]);
		v[1] = 0;
		CHECK(gs_job_join(&j) == 0 && v[1] == 0, "threads %d: a second join does not run it again", gs_threads);
		int id = 7;
		gs_fail("stale");
		gs_job_start(&j, fails, &id);
		CHECK(gs_job_join(&j) == -1, "threads %d: a failed job's join returns -1", gs_threads);
		CHECK_STR(gs_errmsg(), "job 7 failed");
		gs_fail("stale");
		CHECK(gs_job_join(&j) == -1, "threads %d: and again on a second join", gs_threads);
		CHECK_STR(gs_errmsg(), "job 7 failed");
	}
	gs_threads = threads;
}
