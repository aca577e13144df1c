/* dwarf.c: gs_dwarf_cost_map, the share of a compressed debug section each
 * piece gets by its own compressed cost */
#include "unit.h"

#include "container/dwarf.h"

static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
	return *s;
}

/* n bytes: random (incompressible) or a short phrase repeated (compressible) */
static void fill(uint8_t *p, size_t n, int random, uint64_t *seed)
{
	static const char phrase[] = "DW_TAG_formal_parameter x int ";
	for (size_t i = 0; i < n; i++)
		p[i] = random ? (uint8_t)rnd(seed) : (uint8_t)phrase[i % (sizeof phrase - 1)];
}

static void test_cost_map(void)
{
	enum { A = 6000, B = 6000, C = 3000, C2 = 9000 };
	uint8_t *u = calloc(A + B + C2, 1);
	uint64_t seed = 77, pos[6];
	gs_section s = {.name = ".debug_info", .off = 1000, .size = 4000, .compressed = 1};
	fill(u, A, 1, &seed), fill(u + A, B, 0, &seed), fill(u + A + B, C, 1, &seed);
	gs_rd r = gs_rd_make(u, A + B + C, 0, 8);
	uint64_t bounds[6] = {0, A, A, A + B, A + B, A + B + C};
	CHECK(gs_dwarf_cost_map(&s, &r, bounds, 6, pos) == 0, "maps: %s", gs_errmsg());
	CHECK(pos[0] == 1000 && pos[5] == 1000 + 4000, "the first bound at the section's start, the last at its end: %llu %llu",
	      (unsigned long long)pos[0], (unsigned long long)pos[5]);
	int mono = 1;
	for (int i = 1; i < 6; i++)
		mono &= pos[i] >= pos[i - 1];
	CHECK(mono && pos[1] == pos[2] && pos[3] == pos[4], "monotonic; touching pieces share their bound");
	uint64_t a = pos[1] - pos[0], b = pos[3] - pos[2], c = pos[5] - pos[4];
	CHECK(a > 10 * b && c > 5 * b, "random bytes cost more than a repeated phrase of the same length: %llu %llu %llu",
	      (unsigned long long)a, (unsigned long long)b, (unsigned long long)c);
	/* another third piece, another file size: the first two keep their costs, so their shares keep their ratio */
	fill(u + A + B, C2, 1, &seed);
	s.size = 9000;
	gs_rd r2 = gs_rd_make(u, A + B + C2, 0, 8);
	uint64_t bounds2[6] = {0, A, A, A + B, A + B, A + B + C2}, pos2[6];
	CHECK(gs_dwarf_cost_map(&s, &r2, bounds2, 6, pos2) == 0 && pos2[5] == 1000 + 9000, "maps the second layout");
	double before = (double)a / (double)b, after = (double)(pos2[1] - pos2[0]) / (double)(pos2[3] - pos2[2]);
	CHECK(after > before * 0.98 && after < before * 1.02, "A:B %.2f then %.2f: a piece's cost is its own", before, after);
	/* not compressed: the offsets themselves */
	s.compressed = 0, s.size = A + B + C;
	CHECK(gs_dwarf_cost_map(&s, &r, bounds, 6, pos) == 0 && pos[1] == 1000 + A && pos[5] == 1000 + A + B + C,
	      "an uncompressed section maps offsets to themselves");
	/* bounds out of order or past the bytes: an error, with its message */
	s.compressed = 1;
	uint64_t bad[2] = {A, 10}, past[1] = {A + B + C + 1};
	unit_err_mark();
	CHECK(gs_dwarf_cost_map(&s, &r, bad, 2, pos) < 0 && unit_err_fresh(), "decreasing bounds refused");
	unit_err_mark();
	CHECK(gs_dwarf_cost_map(&s, &r, past, 1, pos) < 0 && unit_err_fresh(), "a bound past the bytes refused");
	free(u);
}

void unit_dwarf(void) { test_cost_map(); }
