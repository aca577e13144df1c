/* scan.c - the addresses each function's code takes (refs.h's decoders over
 * every function), scanned on a thread of its own (job.h) while the first
 * passes claim bytes: the scan reads only the binary, the pclntab's function
 * list and c->fast, and writes only what at_scan_join hands over (c->refs,
 * c->func_refs, c->refs_supported), which no pass reads before the join. */
#include <stdint.h>
#include <stdlib.h>

#include "attrib/attrib.h"
#include "util/mem.h"
#include "attrib/refs.h"

/* Code already scanned is given back in steps of this many bytes (a mapped
 * file: see at_release). */
#define RELEASE_STEP (4u << 20)

typedef struct scan {
	gs_attrib *c;
	int oom;
} scan;

static void ref_add(void *vs, uint64_t pc, uint64_t target)
{
	scan *s = vs;
	gs_attrib *c = s->c;
	at_ref *r = s->oom ? NULL : GS_PUSH(c->refs, c->nrefs, c->refs_cap);
	if (!r)
		s->oom = 1;
	else
		*r = (at_ref){pc, target};
}

static int scan_run(void *vc)
{
	gs_attrib *c = vc;
	const gs_pclntab *t = c->t;
	scan s = {c, 0};
	uint64_t from = UINT64_MAX, end = 0; /* scanned code not given back yet */
	if (!(c->func_refs = gs_calloc(t->nfuncs + 1, sizeof *c->func_refs)))
		return -1;
	for (size_t i = 0; i < t->nfuncs && !s.oom && !c->fast; i++) {
		const gs_func *f = &t->funcs[i];
		c->func_refs[i] = c->nrefs;
		c->refs_supported |= gs_refs_scan(c->b, f->entry, f->size, ref_add, &s);
		/* the functions come by address: the code before this one's end is scanned */
		uint64_t off;
		if (at_file_off(&off, c->b, f->entry, f->size) < 0 || off + f->size <= end)
			continue;
		if (from == UINT64_MAX)
			from = off;
		end = off + f->size;
		if (end - from >= RELEASE_STEP) {
			at_release(c, from, end - from);
			from = end;
		}
	}
	if (from < end)
		at_release(c, from, end - from);
	if (s.oom)
		return -1;
	for (size_t i = c->fast ? 0 : t->nfuncs; i <= t->nfuncs; i++)
		c->func_refs[i] = c->nrefs;
	return 0;
}

void at_scan_start(gs_attrib *c)
{
	gs_job_start(&c->scan, scan_run, c);
}

int at_scan_join(gs_attrib *c)
{
	return gs_job_join(&c->scan);
}
