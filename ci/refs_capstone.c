/* refs_capstone.c - measures gosize's direct decoding of data references
 * (src/refs.c) against a full disassembly with capstone on the same code:
 * time, and the addresses found by one and not the other. amd64 only.
 * Built and run by ci/refs_capstone.sh (needs libcapstone-dev). */
#include <capstone/capstone.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "container/binary.h"
#include "shell/io.h"
#include "goformat/pclntab.h"
#include "attrib/refs.h"

typedef struct set {
	uint64_t *v;
	size_t n, cap;
} set;

static void add(void *vs, uint64_t pc, uint64_t a)
{
	(void)pc;
	set *s = vs;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->v = realloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = a;
}

static int cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

static size_t uniq(set *s)
{
	qsort(s->v, s->n, sizeof *s->v, cmp);
	size_t o = 0;
	for (size_t i = 0; i < s->n; i++)
		if (!o || s->v[o - 1] != s->v[i])
			s->v[o++] = s->v[i];
	return s->n = o;
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	gs_file f;
	gs_binary b;
	gs_pclntab t;
	if (argc != 2 || gs_file_map(&f, argv[1]) < 0 || gs_binary_parse(&b, f.data, f.size, NULL) < 0 || gs_pclntab_read(&t, &b) != 1 ||
	    strcmp(b.arch, "amd64") != 0) {
		fprintf(stderr, "usage: refs_capstone AMD64-GO-BINARY\n");
		return 2;
	}
	set mine = {0}, cap = {0};
	double t0 = now();
	for (size_t i = 0; i < t.nfuncs; i++)
		gs_refs_scan(&b, t.funcs[i].entry, t.funcs[i].size, add, &mine);
	double t1 = now();
	csh h;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &h) != CS_ERR_OK)
		return 2;
	cs_option(h, CS_OPT_DETAIL, CS_OPT_ON);
	cs_insn *insn = cs_malloc(h);
	uint64_t ninsn = 0;
	for (size_t i = 0; i < t.nfuncs; i++) {
		gs_rd r;
		if (!t.funcs[i].size || gs_binary_at(&b, t.funcs[i].entry, t.funcs[i].size, &r) < 0)
			continue;
		const uint8_t *code = r.p;
		size_t size = t.funcs[i].size;
		uint64_t addr = t.funcs[i].entry;
		while (cs_disasm_iter(h, &code, &size, &addr, insn)) {
			ninsn++;
			cs_x86 *x = &insn->detail->x86;
			for (int k = 0; k < x->op_count; k++)
				if (x->operands[k].type == X86_OP_MEM && x->operands[k].mem.base == X86_REG_RIP)
					add(&cap, insn->address + insn->size + (uint64_t)x->operands[k].mem.disp);
		}
	}
	double t2 = now();
	cs_free(insn, 1);
	cs_close(&h);
	size_t nm = uniq(&mine), nc = uniq(&cap), both = 0;
	for (size_t i = 0, j = 0; i < nm && j < nc;) {
		if (mine.v[i] == cap.v[j])
			both++, i++, j++;
		else if (mine.v[i] < cap.v[j])
			i++;
		else
			j++;
	}
	printf("%s: %zu functions\n", argv[1], t.nfuncs);
	printf("  direct decoding: %8.1f ms, %zu distinct addresses\n", (t1 - t0) * 1e3, nm);
	printf("  capstone:        %8.1f ms, %zu distinct RIP-relative addresses (%llu instructions)\n", (t2 - t1) * 1e3, nc,
	       (unsigned long long)ninsn);
	printf("  found by both: %zu; only direct: %zu; only capstone: %zu; capstone/direct time: %.0fx\n", both, nm - both,
	       nc - both, (t2 - t1) / (t1 - t0));
	return 0;
}
